package dev.ashwood.scanner.internal;

/** The agent's Agent_OnAttach return codes (agent.h) as user-facing text. */
public final class AttachCodes {
    private AttachCodes() {}

    /** One line saying why the agent refused to start a dump in pid, for the given return code. */
    public static String describe(int code, long pid, String file) {
        return switch (code) {
            case 81 -> "the agent in pid " + pid + " rejected its options (see that JVM's stderr)";
            case 82 -> file + " already exists; ashwood never overwrites a file";
            case 83 -> "pid " + pid + " cannot create " + file
                    + " (does the directory exist and may that process's user write to it?)";
            case 84 -> "pid " + pid + " is already writing a dump; try again when it is done";
            case 85 -> "the agent could not start in pid " + pid + " (see that JVM's stderr)";
            default -> "the agent failed to start in pid " + pid + " (return code " + code + ")";
        };
    }
}
