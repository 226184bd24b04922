package dev.ashwood.loader.read.hprof;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What HPROF does not say about a class's layout. HotSpot adds fields to some JDK classes when it
 * loads them ({@code javaClasses.hpp}, {@code *_INJECTED_FIELDS}): they take room in every
 * instance but no class dump lists them. Which ones depends on the JDK: a field that later became
 * a Java field (JDK 25's {@code Class.signers}) is not injected twice, and {@code Thread}'s only
 * exist with virtual threads (JDK 19+, told by its {@code holder} field). And {@code @Contended}
 * fields and classes of the JDK get 128 bytes of padding around them.
 */
final class Injected {
    /** One injected field: its name, the Java field that replaces it in later JDKs (or null), its size (0: a reference). */
    private record Field(String name, String javaName, int size) {
    }

    private static final Map<String, List<Field>> FIELDS = Map.of(
            "java/lang/Class", List.of(new Field("klass", null, 8), new Field("array_klass", null, 8),
                    new Field("oop_size", null, 4), new Field("static_oop_field_count", null, 4),
                    new Field("protection_domain", "protectionDomain", 0), new Field("signers", "signers", 0),
                    new Field("source_file", null, 0)),
            "java/lang/ClassLoader", List.of(new Field("loader_data", null, 8)),
            "java/lang/invoke/ResolvedMethodName", List.of(new Field("vmholder", "vmholder", 0), new Field("vmtarget", null, 8)),
            "java/lang/invoke/MemberName", List.of(new Field("vmindex", null, 8)),
            "java/lang/invoke/MethodHandleNatives$CallSiteContext", List.of(new Field("vmdependencies", null, 8),
                    new Field("last_cleanup", null, 8)),
            "java/lang/StackFrameInfo", List.of(new Field("version", null, 2)),
            "java/lang/Module", List.of(new Field("module_entry", null, 8)),
            "java/lang/InternalError", List.of(new Field("during_unsafe_access", null, 1)),
            "java/lang/String", List.of(new Field("flags", null, 1)));

    /** JDK 19+ (virtual threads): jvmti_thread_state, jvmti_VTMS_transition_disable_count, jvmti_is_in_VTMS_transition, jfr_epoch. */
    private static final int[] THREAD_LOOM = {8, 4, 1, 2};

    /** Classes annotated {@code @Contended} as a whole: their fields sit between two paddings. */
    private static final Set<String> CONTENDED_CLASSES = Set.of("java/util/concurrent/atomic/Striped64$Cell",
            "java/util/concurrent/ConcurrentHashMap$CounterCell", "java/util/concurrent/Exchanger$Node",
            "java/util/concurrent/Exchanger$Slot");

    /** Fields annotated {@code @Contended} (one group per class here). */
    private static final Map<String, Set<String>> CONTENDED_FIELDS = Map.of("java/lang/Thread",
            Set.of("threadLocalRandomSeed", "threadLocalRandomProbe", "threadLocalRandomSecondarySeed"));

    private Injected() {
    }

    /** Sizes of the fields HotSpot injects into class {@code c} itself (not its superclasses). */
    static int[] of(HprofClass c) {
        if (c.jvmName.equals("java/lang/Thread")) {
            return Arrays.asList(c.fieldNames).contains("holder") ? THREAD_LOOM : new int[0];
        }
        List<Field> fields = FIELDS.get(c.jvmName);
        if (fields == null) {
            return new int[0];
        }
        List<String> declared = Arrays.asList(c.fieldNames);
        return fields.stream().filter(f -> f.javaName == null || !declared.contains(f.javaName)).mapToInt(Field::size).toArray();
    }

    static boolean contendedClass(HprofClass c) {
        return CONTENDED_CLASSES.contains(c.jvmName);
    }

    /**
     * Whether field {@code f} of class {@code c} is in a {@code @Contended} group. ({@code Thread}'s
     * random-number fields lost their padding with virtual threads, JDK 19.)
     */
    static boolean contendedField(HprofClass c, int f) {
        Set<String> names = CONTENDED_FIELDS.get(c.jvmName);
        return names != null && names.contains(c.fieldNames[f]) && !Arrays.asList(c.fieldNames).contains("holder");
    }
}
