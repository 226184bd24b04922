package dev.ashwood.scanner.internal;

/**
 * The agent's Agent_OnAttach return codes as user-facing text. The numbers are defined in the
 * agent's {@code agent.h}; {@code AttachCodesTest} reads that file and checks that every
 * {@code ATTACH_*} there has the same value here and nothing is missing on either side.
 */
public final class AttachCodes {
    public static final int OK = 0;
    public static final int BAD_OPTIONS = 81;
    public static final int FILE_EXISTS = 82;
    public static final int CANNOT_CREATE = 83;
    public static final int BUSY = 84;
    public static final int INIT_FAILED = 85;
    /** Accepted by the agent another copy of the library runs in that JVM: a success. */
    public static final int SHARED = 86;
    public static final int OTHER_AGENT = 87;

    private AttachCodes() {}

    /** True when the code means the agent accepted the dump request. */
    public static boolean accepted(int code) {
        return code == OK || code == SHARED;
    }

    /** One line saying why the agent refused to start a dump in pid, for the given return code. */
    public static String describe(int code, long pid, String file) {
        return switch (code) {
            case BAD_OPTIONS -> "the agent in pid " + pid + " rejected its options (see that JVM's stderr)";
            case FILE_EXISTS -> file + " already exists; ashwood never overwrites a file";
            case CANNOT_CREATE -> "pid " + pid + " cannot create " + file
                    + " (does the directory exist and may that process's user write to it?)";
            case BUSY -> "pid " + pid + " is already writing a dump; try again when it is done";
            case INIT_FAILED -> "the agent could not start in pid " + pid + " (see that JVM's stderr)";
            case OTHER_AGENT -> "pid " + pid + " runs another version of the ashwood agent; dump it with that"
                    + " version (see that JVM's stderr) or restart it";
            default -> "the agent failed to start in pid " + pid + " (return code " + code + ")";
        };
    }
}
