package dev.ashwood.scanner.internal;

import dev.ashwood.scanner.AgentLibrary;
import java.io.IOException;

/**
 * The JNI side of the agent library. The natives are found in the library whether it was loaded
 * with {@code -agentpath} (HotSpot also searches agent libraries) or by {@link #ensureLoaded()}.
 */
public final class NativeAgent {
    /** Must match the C side's answer (AGENT_ABI in agent.h); guards against a stale library. */
    private static final int ABI_VERSION = 2;

    private static boolean loaded;

    private NativeAgent() {}

    /** Loads the agent library unless this JVM already has it. Throws IOException naming what failed. */
    public static synchronized void ensureLoaded() throws IOException {
        if (loaded) {
            return;
        }
        try {
            loaded = abiVersion() == ABI_VERSION;
        } catch (UnsatisfiedLinkError notYetLoaded) {
            try {
                System.load(AgentLibrary.path().toString());
                loaded = abiVersion() == ABI_VERSION;
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("cannot load the agent library: " + e.getMessage(), e);
            }
        }
        if (!loaded) {
            throw new IOException("the loaded agent library does not match this scanner jar");
        }
    }

    static native int abiVersion();

    /**
     * Dumps this JVM to path (created 0600, must not exist) on the calling thread.
     *
     * @return {objects, refs, bytes, roots, elapsed_ms}
     * @throws IOException the file cannot be created
     * @throws IllegalArgumentException bad options
     * @throws IllegalStateException a dump is running, or the dump failed (the message says why)
     */
    public static native long[] dump(String path, String options) throws IOException;

    /** @return {objects, bytes}; throws IllegalStateException when JVMTI fails. */
    public static native long[] recursiveSize(Object root);
}
