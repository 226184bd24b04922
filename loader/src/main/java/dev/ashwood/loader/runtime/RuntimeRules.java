package dev.ashwood.loader.runtime;

import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.model.Model;

/**
 * The rules of the runtime a dump came from, kept apart from its file format ({@link DumpKind}):
 * which references are housekeeping, what collapse folds, and whether GC roots are recorded. The
 * reader chooses them from the format (an HPROF file, when it is read, is a JVM heap too).
 */
public enum RuntimeRules {
    /** A JVM heap: pseudo-fields ({@code <class>}, ...), GC root records, JVM collapse. */
    JVM {
        @Override
        public Rebuilt collapse(Model m) {
            return JvmCollapse.collapse(m);
        }
    },
    /** A CPython heap as Meliae sees it: no field names, no roots, Meliae's collapse. */
    PYTHON {
        @Override
        public Rebuilt collapse(Model m) {
            return MeliaeCollapse.collapse(m);
        }
    };

    /** The rules for a dump in this format. */
    public static RuntimeRules of(DumpKind format) {
        return format == DumpKind.MELIAE ? PYTHON : JVM;
    }

    /** Folds private parts into their owners (docs/architecture.md, "Collapse"). */
    public abstract Rebuilt collapse(Model m);

    /** Drops the references through which everything reaches everything. */
    public Rebuilt removeExpensiveReferences(Model m) {
        return ExpensiveReferences.remove(m);
    }

    /**
     * The references that hold their target only until the finalizer thread gets to it, as
     * positions in {@code m.refs}, ascending: every {@code java.lang.ref.Finalizer.referent} of a
     * JVM heap ({@link FinalizerReferents} says why), none for Python. The dominator tree does not
     * let them hold anything, so an object only they reach awaits finalization. O(objects).
     */
    public int[] finalizerReferents(Model m) {
        return this == JVM ? FinalizerReferents.positions(m) : new int[0];
    }

    /** Whether the dump records GC roots, so that paths can end at a root. */
    public boolean recordsRoots() {
        return this == JVM;
    }
}
