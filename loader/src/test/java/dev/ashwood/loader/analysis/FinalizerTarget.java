package dev.ashwood.loader.analysis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A target with objects awaiting finalization: the finalizer thread is stuck in a
 * {@link Blocker}'s {@code finalize()}, so {@link Pending} objects dropped afterwards stay queued
 * behind it, reachable only through their {@code java.lang.ref.Finalizer}'s referent, each with a
 * 64 KiB payload. {@link #LIVE} holds finalizable objects that are still in use (their
 * Finalizers refer to them too). Prints "ready PID" (or "error ..."), then waits for a line on
 * stdin and exits.
 */
public final class FinalizerTarget {
    static final int PENDING = 200;
    static final int LIVE_COUNT = 30;
    static final int PAYLOAD = 64 * 1024;
    static final CountDownLatch FINALIZER_STUCK = new CountDownLatch(1);
    static final List<Pending> LIVE = new ArrayList<>();
    static final java.util.concurrent.atomic.AtomicInteger FINALIZED = new java.util.concurrent.atomic.AtomicInteger();

    static final class Blocker {
        @Override
        @SuppressWarnings({"deprecation", "removal"})
        protected void finalize() throws InterruptedException {
            FINALIZER_STUCK.countDown();
            new CountDownLatch(1).await(); // forever: the finalizer thread runs nothing else
        }
    }

    static final class Pending {
        final byte[] payload = new byte[PAYLOAD];

        @Override
        @SuppressWarnings({"deprecation", "removal"})
        protected void finalize() {
            FINALIZED.incrementAndGet(); // not empty: HotSpot registers no Finalizer for an empty finalize()
        }
    }

    public static void main(String[] args) throws Exception {
        new Blocker();
        if (!gcUntil(() -> FINALIZER_STUCK.getCount() == 0)) {
            System.out.println("error: the finalizer thread never ran Blocker.finalize()");
            return;
        }
        List<WeakReference<Pending>> dropped = new ArrayList<>();
        for (int i = 0; i < PENDING; i++) {
            dropped.add(new WeakReference<>(new Pending()));
        }
        for (int i = 0; i < LIVE_COUNT; i++) {
            LIVE.add(new Pending());
        }
        // A weak reference is cleared when its referent becomes finalizable: then its Finalizer is queued.
        if (!gcUntil(() -> dropped.stream().allMatch(w -> w.get() == null))) {
            System.out.println("error: the dropped objects were never found unreachable");
            return;
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        new BufferedReader(new InputStreamReader(System.in)).readLine();
    }

    private static boolean gcUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            System.gc();
            Thread.sleep(20);
        }
        return true;
    }
}
