package dev.ashwood.loader.model;

/**
 * Bounds that every reader enforces on what it reads, so that no count or sum the model and its
 * operations compute can overflow a {@code long}: a shallow size is at most {@link #MAX_OBJECT_BYTES}
 * and all sizes together at most {@link #MAX_TOTAL_BYTES}. Every sum over a set of objects
 * (summaries, totals, cumulative columns, a collapsed owner's size, retained sizes) is then at most
 * the total, with a factor of two to spare. A record beyond either bound is not a real heap: the
 * reader stops with one line naming where.
 */
public final class Limits {
    /**
     * 2^40 bytes (1 TiB) for one object: the largest JVM array (2^31 - 1 longs) is 16 GiB, and a
     * Python object of a terabyte would need a machine no dump of this loader comes from.
     */
    public static final long MAX_OBJECT_BYTES = 1L << 40;
    /** 2^62 bytes (4 EiB) for a whole dump: far above any heap, half of {@code Long.MAX_VALUE}. */
    public static final long MAX_TOTAL_BYTES = 1L << 62;

    private Limits() {
    }
}
