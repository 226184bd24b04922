package dev.ashwood.loader.analysis;

import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.RootFrames;
import java.util.ArrayList;
import java.util.List;

/** The GC roots of one object with their threads and frames, the thread named by its {@code name} field. */
public final class Roots {
    /** The field of {@code java.lang.Thread} holding its name (JDK 8 to 25). */
    static final String THREAD_NAME = "name";

    private Roots() {
    }

    /**
     * Every root holding object {@code i}, by kind id: one per kind, or one per thread and frame
     * for a kind that has them. O(log roots + the thread objects' refs).
     */
    public static List<GcRoot> of(Model m, int i) {
        List<GcRoot> out = new ArrayList<>(1);
        RootFrames frames = m.rootFrames;
        int e = frames.first(i);
        for (int r = m.firstRoot(i); r < m.roots.length && (int) (m.roots[r] >>> 32) == i; r++) {
            int kind = (int) m.roots[r];
            while (e < frames.size() && frames.object(e) == i && frames.kind(e) < kind) {
                e++;
            }
            boolean any = false;
            for (; e < frames.size() && frames.object(e) == i && frames.kind(e) == kind; e++) {
                long thread = frames.thread(e);
                out.add(new GcRoot(m.tables.rootKinds.get(kind), thread, threadName(m, thread), frames.depth(e)));
                any = true;
            }
            if (!any) {
                out.add(new GcRoot(m.tables.rootKinds.get(kind)));
            }
        }
        return out;
    }

    /** The first of {@link #of}, or null when no root holds i. */
    public static GcRoot first(Model m, int i) {
        List<GcRoot> all = of(m, i);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * The string value of the thread's {@code name} field, or null: no thread, the thread object
     * or its name not in the dump, or strings dumped without values.
     */
    static String threadName(Model m, long thread) {
        if (thread < 0 || m.shape == null) {
            return null;
        }
        int t = m.addresses.indexOf(thread);
        if (t < 0) {
            return null;
        }
        for (int k = m.refStart[t], end = m.refStart[t + 1]; k < end; k++) {
            if (THREAD_NAME.equals(m.field(t, k - m.refStart[t]))) {
                int s = m.refs[k];
                Object value = m.tables.values.value(m.value[s]);
                return "java.lang.String".equals(m.typeName(s)) && value instanceof String name ? name : null;
            }
        }
        return null;
    }
}
