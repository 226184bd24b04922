package dev.ashwood.loader;

import java.util.List;

/**
 * The objects of a JVM heap that await finalization: only a {@code java.lang.ref.Finalizer}'s
 * {@code referent} leads the GC roots to them (their class overrides {@code finalize()}, nothing
 * else holds them, and the finalizer thread has not run it yet), and what only they reach. They
 * go once {@code finalize()} has run, so the dominator tree does not let the Finalizer list hold
 * them, and {@code suspects} reports them apart.
 *
 * @param objects how many objects, those the referents hold included
 * @param bytes   their shallow bytes
 * @param byType  the objects the Finalizers refer to, per type: {@code count} of them, their
 *                {@code bytes}, and what they alone keep ({@code retainedObjects},
 *                {@code retainedBytes}); largest retained first, then type name
 */
public record AwaitingFinalization(long objects, long bytes, List<RetainedRow> byType) {
    public static final AwaitingFinalization NONE = new AwaitingFinalization(0, 0, List.of());

    public AwaitingFinalization {
        byType = List.copyOf(byType);
    }
}
