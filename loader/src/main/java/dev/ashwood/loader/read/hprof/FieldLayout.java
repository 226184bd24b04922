package dev.ashwood.loader.read.hprof;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;

/**
 * Where HotSpot (JDK 15 and later, {@code FieldLayoutBuilder}) puts a class's instance fields, to
 * know its instance size: the superclass's fields keep their offsets, and the gaps between them
 * (and after the header) are free for the subclass's fields. The subclass's primitive fields go
 * first, largest first, then its references; each goes into the smallest free gap that holds it
 * at its alignment (the gap nearest the end on a tie), or else at the end. Padding inserted for
 * alignment becomes a gap of its own. The instance size is the end rounded up to a word, then to
 * the object alignment. Static fields go after {@code java.lang.Class}'s own fields in the
 * class's mirror, references first, one after the other with no gap filling.
 * <p>
 * Facts from HotSpot's {@code fieldLayoutBuilder.cpp}; {@code @Contended} padding is not
 * modelled (HPROF does not say which fields carry it).
 */
final class FieldLayout {
    /** HotSpot's {@code ContendedPaddingWidth} default, in bytes. */
    static final int CONTENDED_PADDING = 128;

    /** Each field: offset and size, sorted by offset (inherited fields included). */
    final int[] offsets;
    final int[] sizes;
    /** Where the next appended field would go (before its alignment). */
    final int end;
    /** This class or a superclass has {@code @Contended} fields: subclasses append after a padding. */
    final boolean contended;

    private FieldLayout(int[] offsets, int[] sizes, int end, boolean contended) {
        this.offsets = offsets;
        this.sizes = sizes;
        this.end = end;
        this.contended = contended;
    }

    /**
     * The layout of a class without superclass ({@code java.lang.Object}): fields appended after
     * the header. Sizes as in {@link #extend}.
     */
    static FieldLayout root(int header, int[] fieldSizes, int oopSize) {
        Gaps g = new Gaps(header, true);
        g.addAll(Arrays.stream(fieldSizes).map(s -> s == 0 ? oopSize : s).toArray());
        return g.finish();
    }

    /**
     * The layout of a class whose superclass is laid out as {@code sup}, with its own fields'
     * sizes ({@code 0} for a reference).
     */
    static FieldLayout extend(FieldLayout sup, int header, int[] fieldSizes, int oopSize) {
        return extend(sup, header, fieldSizes, new int[0], false, oopSize);
    }

    /**
     * As {@link #extend(FieldLayout, int, int[], int)}, with one {@code @Contended} group of fields
     * ({@code contendedSizes}, placed after the others between two paddings) or a whole class
     * annotated {@code @Contended} ({@code contendedClass}).
     */
    static FieldLayout extend(FieldLayout sup, int header, int[] fieldSizes, int[] contendedSizes, boolean contendedClass,
            int oopSize) {
        boolean hasFields = sup.offsets.length > 0;
        // A contended superclass's gaps are padding, and its last field is followed by a padding.
        Gaps g = new Gaps(header, (sup.contended && hasFields) || contendedClass);
        int prev = header;
        for (int i = 0; i < sup.offsets.length; i++) {
            if (sup.offsets[i] > prev && !sup.contended) {
                g.gaps.add(prev);
                g.gaps.add(sup.offsets[i] - prev);
            }
            g.fields.add(sup.offsets[i]);
            g.fields.add(sup.sizes[i]);
            prev = Math.max(prev, sup.offsets[i] + sup.sizes[i]);
        }
        g.end = prev + (sup.contended && hasFields ? CONTENDED_PADDING : 0);
        if (contendedClass) {
            g.end += CONTENDED_PADDING;
        }
        g.addAll(sortedPrimitives(fieldSizes));
        g.addAll(references(fieldSizes, oopSize));
        boolean contended = sup.contended || contendedClass || contendedSizes.length > 0;
        if (contendedSizes.length > 0) {
            Gaps group = g.appending();
            group.end += CONTENDED_PADDING;
            group.addAll(sortedPrimitives(contendedSizes));
            group.addAll(references(contendedSizes, oopSize));
            g = group;
        }
        if (contendedClass || contendedSizes.length > 0) {
            g.end += CONTENDED_PADDING;
        }
        FieldLayout done = g.finish();
        return new FieldLayout(done.offsets, done.sizes, done.end, contended);
    }

    private static int[] sortedPrimitives(int[] sizes) {
        return Arrays.stream(sizes).filter(s -> s > 0).map(s -> -s).sorted().map(s -> -s).toArray();
    }

    private static int[] references(int[] sizes, int oopSize) {
        int[] refs = new int[(int) Arrays.stream(sizes).filter(s -> s == 0).count()];
        Arrays.fill(refs, oopSize);
        return refs;
    }

    /** Instance size in bytes. */
    long instanceSize(VmSettings vm) {
        return vm.alignObject(VmSettings.align(end, 8));
    }

    /**
     * Size of a class's mirror: {@code java.lang.Class}'s instance (whose size is
     * {@code classInstance}) with the class's static fields after it (sizes as in {@link #extend}).
     */
    static long mirrorSize(long classInstance, int[] staticSizes, int oopSize, VmSettings vm) {
        long end = classInstance;
        int oops = 0;
        for (int s : staticSizes) {
            if (s == 0) {
                oops++;
            }
        }
        if (oops > 0) {
            end = VmSettings.align(end, oopSize) + (long) oops * oopSize;
        }
        int[] prims = Arrays.stream(staticSizes).filter(s -> s > 0).map(s -> -s).sorted().map(s -> -s).toArray();
        for (int s : prims) {
            end = VmSettings.align(end, s) + s;
        }
        return vm.alignObject(VmSettings.align(end, 8));
    }

    /** Free gaps and the end of a layout being built. */
    private static final class Gaps {
        /** Pairs (offset, size), sorted by offset. */
        final IntArrayList gaps = new IntArrayList();
        /** Pairs (offset, size) of placed fields. */
        final IntArrayList fields = new IntArrayList();
        final boolean appendOnly;
        int end;

        Gaps(int header, boolean appendOnly) {
            this.end = header;
            this.appendOnly = appendOnly;
        }

        /** The same layout, from now on only appending (a contended group starts at the end). */
        Gaps appending() {
            Gaps g = new Gaps(end, true);
            g.fields.addAll(fields);
            return g;
        }

        /** Places fields in the order given (HotSpot's FieldLayout::add). */
        void addAll(int[] sizes) {
            boolean lastFound = false;
            int lastSize = 0;
            for (int s : sizes) {
                int best = -1;
                if (appendOnly || (s == lastSize && !lastFound)) {
                    best = -1;
                } else {
                    lastSize = s;
                    lastFound = true;
                    for (int i = gaps.size() - 2; i >= 0; i -= 2) {
                        int off = gaps.getInt(i);
                        int size = gaps.getInt(i + 1);
                        int adjust = off % s == 0 ? 0 : s - off % s;
                        if (size >= s + adjust && (best < 0 || size < gaps.getInt(best + 1))) {
                            best = i;
                        }
                    }
                    if (best < 0) {
                        lastFound = false;
                    }
                }
                if (best < 0) {
                    int adjust = end % s == 0 ? 0 : s - end % s;
                    if (adjust > 0) {
                        gaps.add(end);
                        gaps.add(adjust);
                        end += adjust;
                    }
                    fields.add(end);
                    fields.add(s);
                    end += s;
                } else {
                    int off = gaps.getInt(best);
                    int size = gaps.getInt(best + 1);
                    int adjust = off % s == 0 ? 0 : s - off % s;
                    fields.add(off + adjust);
                    fields.add(s);
                    int restOff = off + adjust + s;
                    int rest = size - adjust - s;
                    gaps.removeElements(best, best + 2);
                    int at = best;
                    if (adjust > 0) {
                        gaps.add(at++, off);
                        gaps.add(at++, adjust);
                    }
                    if (rest > 0) {
                        gaps.add(at++, restOff);
                        gaps.add(at, rest);
                    }
                }
            }
        }

        FieldLayout finish() {
            int n = fields.size() / 2;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(fields.getInt(2 * a), fields.getInt(2 * b)));
            int[] offsets = new int[n];
            int[] sizes = new int[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = fields.getInt(2 * order[i]);
                sizes[i] = fields.getInt(2 * order[i] + 1);
            }
            return new FieldLayout(offsets, sizes, end, false);
        }
    }
}
