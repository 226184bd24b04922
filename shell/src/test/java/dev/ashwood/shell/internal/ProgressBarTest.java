package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The load progress bar: drawn in place, not redrawn for nothing, wiped at the end. */
class ProgressBarTest {
    @Test
    void drawsInPlaceSkipsUnchangedPercentagesAndWipesItself() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "loading x.jsonl");
        bar.onProgress(50L << 20, 100L << 20);
        assertEquals("\rloading x.jsonl [###############               ]  50%  50/100 MiB", text.toString(),
                "the bar is drawn from the start of the line with its percentage and MiB");
        bar.onProgress((50L << 20) + 1, 100L << 20);
        assertEquals(1, text.toString().split("\r", -1).length - 1,
                "the loader reports often: an unchanged percentage is not redrawn");
        bar.onProgress(100L << 20, 100L << 20);
        assertTrue(text.toString().endsWith("100%  100/100 MiB"), "100% is always drawn, however soon it comes");
        bar.clear();
        assertTrue(text.toString().endsWith("\r\u001b[K"), "clear wipes the line for what follows");
    }

    @Test
    void anInputOfUnknownSizeShowsWhatWasRead() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "loading -");
        bar.onProgress(3L << 20, -1);
        assertEquals("\rloading -  3 MiB read", text.toString(), "a pipe has no size: the bar counts MiB instead of a percentage");
    }
}
