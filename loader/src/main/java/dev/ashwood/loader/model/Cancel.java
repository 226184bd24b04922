package dev.ashwood.loader.model;

import java.util.concurrent.CancellationException;

/** Lets the shell's Ctrl-C stop a long walk: walks call {@link #check} every few thousand objects. */
public final class Cancel {
    private Cancel() {
    }

    /** Throws CancellationException when the current thread was interrupted (clearing the flag). */
    public static void check() {
        if (Thread.interrupted()) {
            throw new CancellationException("interrupted");
        }
    }
}
