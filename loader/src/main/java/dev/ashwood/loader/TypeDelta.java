package dev.ashwood.loader;

/**
 * One type in a {@link HeapDiff}: its count, shallow bytes and retained bytes in each dump.
 *
 * @param newObjects  objects of the type in the newer dump that the older one did not have; -1 when
 *                    the dumps share no identity (the diff is per type only)
 * @param goneObjects objects of the type in the older dump that the newer one no longer has; -1
 *                    without identity
 * @param oldRetained what all the type's objects in the older dump retain together, each retained
 *                    object counted once (as {@link Heap#summarizeRetained()}: the retained bytes of
 *                    the type's objects that no other object of the type dominates), 0 when absent
 * @param newRetained the same in the newer dump
 */
public record TypeDelta(String type, long oldCount, long oldBytes, long newCount, long newBytes,
                        long newObjects, long goneObjects, long oldRetained, long newRetained) {

    public long countDelta() {
        return newCount - oldCount;
    }

    public long bytesDelta() {
        return newBytes - oldBytes;
    }

    public long retainedDelta() {
        return newRetained - oldRetained;
    }
}
