package dev.ashwood.loader;

/**
 * One type in a {@link HeapDiff}: its count and shallow bytes in each dump.
 *
 * @param newObjects objects of the type in the newer dump that the older one did not have; -1 when
 *                   the dumps share no identity (the diff is per type only)
 * @param goneObjects objects of the type in the older dump that the newer one no longer has; -1
 *                   without identity
 */
public record TypeDelta(String type, long oldCount, long oldBytes, long newCount, long newBytes,
                        long newObjects, long goneObjects) {

    public long countDelta() {
        return newCount - oldCount;
    }

    public long bytesDelta() {
        return newBytes - oldBytes;
    }
}
