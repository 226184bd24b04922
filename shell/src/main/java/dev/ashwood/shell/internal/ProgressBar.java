package dev.ashwood.shell.internal;

import dev.ashwood.loader.ProgressListener;
import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place with {@code \r}. The loader calls it often and from
 * several threads, so it redraws at most every 100 ms and only when the percentage moved.
 */
final class ProgressBar implements ProgressListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    /** False when progress is counted in steps, not bytes: the bar then shows only the percentage. */
    private final boolean bytes;
    private long lastDraw;
    private int lastPercent = -1;
    private boolean drawn;

    ProgressBar(PrintWriter out, String label) {
        this(out, label, true);
    }

    ProgressBar(PrintWriter out, String label, boolean bytes) {
        this.out = out;
        this.label = label;
        this.bytes = bytes;
    }

    @Override
    public synchronized void onProgress(long done, long total) {
        long now = System.nanoTime();
        if (total <= 0) {
            if (!bytes) {
                return;                           // no steps to count
            }
            // A pipe or standard input: no size to fill a bar against, so count what was read.
            int mib = (int) (done >> 20);
            if (mib == lastPercent || (drawn && now - lastDraw < REDRAW_NANOS)) {
                return;
            }
            out.print("\r" + label + "  " + mib + " MiB read");
            out.flush();
            lastDraw = now;
            lastPercent = mib;
            drawn = true;
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == lastPercent || (drawn && now - lastDraw < REDRAW_NANOS && percent < 100)) {
            return;
        }
        int filled = percent * WIDTH / 100;
        out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", percent) + (bytes ? "  " + (done >> 20) + "/" + (total >> 20) + " MiB" : ""));
        out.flush();
        lastDraw = now;
        lastPercent = percent;
        drawn = true;
    }

    /** Wipes the bar so the next line starts clean. */
    synchronized void clear() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
            drawn = false;
        }
    }
}
