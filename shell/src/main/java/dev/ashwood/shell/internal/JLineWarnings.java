package dev.ashwood.shell.internal;

import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * JLine reports its own troubles (a history file it cannot read or write, say) through
 * java.util.logging, with a stack trace on standard error. This routes them to the shell as one
 * line each, and drops JLine's debug chatter.
 */
final class JLineWarnings {
    /** Held so the logger, and with it this configuration, is not garbage-collected. */
    private static final Logger JLINE = Logger.getLogger("org.jline");

    private JLineWarnings() {}

    static void routeTo(Consumer<String> warnings) {
        JLINE.setUseParentHandlers(false);
        for (Handler handler : JLINE.getHandlers()) {
            JLINE.removeHandler(handler);
        }
        JLINE.setLevel(Level.WARNING);
        JLINE.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String cause = record.getThrown() == null ? "" : ": " + record.getThrown().getMessage();
                warnings.accept(record.getMessage() + cause);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }
}
