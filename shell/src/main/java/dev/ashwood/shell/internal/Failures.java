package dev.ashwood.shell.internal;

/**
 * The last resort for exceptions nobody expected: one line naming the exception, and the stack
 * trace only when ASHWOOD_DEBUG=1, so a user never meets a trace by accident.
 */
final class Failures {
    private Failures() {}

    static boolean debug() {
        return "1".equals(System.getenv("ASHWOOD_DEBUG"));
    }

    /** One line for the user; prints the trace to stderr first when debugging. */
    static String describe(Throwable t) {
        if (debug()) {
            t.printStackTrace();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more, e.g. JAVA_OPTS=-Xmx8g";
        }
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        return "internal error: " + t.getClass().getName() + message
                + (debug() ? "" : " (ASHWOOD_DEBUG=1 shows the stack trace)");
    }
}
