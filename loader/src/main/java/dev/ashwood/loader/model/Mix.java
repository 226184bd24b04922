package dev.ashwood.loader.model;

/**
 * Spreads a polynomial hash over all bits (murmur3's finalizer). The open-addressing tables here
 * probe linearly, and polynomial hashes of similar keys ("account-00000001", "...02") differ only
 * in their low bits, which would pile them into long probe runs.
 */
public final class Mix {
    private Mix() {
    }

    public static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
