package dev.ashwood.scanner;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.ashwood.scanner.internal.AttachCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Dumps another JVM by pid through the attach API (module jdk.attach).
 *
 * <p>How completion is known, without running any Java code in the target (which would change
 * the heap being dumped): the agent creates the dump file and a small outcome file beside it
 * synchronously inside {@code Agent_OnAttach} (so "exists" and "cannot create" come back as its
 * return code), runs the walk on its own thread, and when the dump file is closed writes
 * {@code ok COUNTS} or {@code error MESSAGE} into the outcome file. This class reads that file
 * from the file system, removes it, and notices the target's death through its pid meanwhile (a
 * target that exited after writing the footer still counts as complete). The attach connection
 * is closed as soon as the agent has accepted the request.
 */
public final class RemoteDump {
    private static final long POLL_MILLIS = 20;

    private RemoteDump() {}

    /** {@link #dump(long, Path, Duration, String)} with the default agent options. */
    public static DumpResult dump(long pid, Path out, Duration timeout) throws DumpException {
        return dump(pid, out, timeout, "");
    }

    /**
     * Attaches to {@code pid}, loads the agent, asks it for a dump to {@code out} (made absolute;
     * must not exist; created 0600 by the target process, so it must be writable by the target's
     * user) and waits up to {@code timeout} for the complete file. The target's threads stop
     * for the walk (about a second per 2-5 million objects). A name ending in {@code .gz} gets a
     * gzip-compressed dump. While waiting, a hidden outcome file {@code .NAME.TOKEN.outcome}
     * exists beside the dump; it is removed before this method returns, or when this JVM is stopped
     * (Ctrl-C, SIGTERM) while it waits. Only a SIGKILL leaves it.
     *
     * @param agentOptions extra agent options such as {@code "values=none"}; may be empty
     * @throws DumpException with a one-line user-facing message when the pid does not exist, is not
     *     a JVM, refuses attach, the file exists or cannot be created, a dump is already running
     *     there, or the dump fails, the target exits before the dump is complete, or it times out
     */
    public static DumpResult dump(long pid, Path out, Duration timeout, String agentOptions) throws DumpException {
        Path lib;
        try {
            lib = AgentLibrary.path();
        } catch (IOException e) {
            throw new DumpException(e.getMessage(), e);
        }
        return dump(pid, out, timeout, agentOptions, lib);
    }

    /** As above with the agent library at lib (tests load a second copy of it). */
    static DumpResult dump(long pid, Path out, Duration timeout, String agentOptions, Path lib) throws DumpException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(timeout, "timeout");
        Path file = out.toAbsolutePath().normalize();
        if (file.toString().indexOf(',') >= 0) {
            throw new DumpException("the dump file name may not contain a comma: " + file);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DumpException(file + " already exists; ashwood never overwrites a file");
        }
        checkTarget(pid);
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        Path outcome = file.resolveSibling("." + file.getFileName() + "." + token + ".outcome");
        String options = "dump=" + file + ",outcome=" + outcome
                + (agentOptions == null || agentOptions.isEmpty() ? "" : "," + agentOptions);
        ProcessHandle target = ProcessHandle.of(pid).orElseThrow(() -> new DumpException("no process with pid " + pid));
        // Ctrl-C or a kill while we wait would skip the finally below and leave the hidden file: the
        // hook removes it then. The agent writes its outcome through the descriptor it opened, so an
        // unlinked file costs it nothing.
        Thread removeOutcome = new Thread(() -> deleteQuietly(outcome), "ashwood-outcome-cleanup");
        Runtime.getRuntime().addShutdownHook(removeOutcome);
        try {
            VirtualMachine vm = attach(pid);
            try {
                load(vm, pid, lib, options, file);
            } finally {
                try {
                    vm.detach();
                } catch (IOException ignored) {
                    // the target may have exited; nothing left to release on our side
                }
            }
            return DumpOutcome.await(target, file, outcome, timeout, POLL_MILLIS);
        } finally {
            deleteQuietly(outcome);
            try {
                Runtime.getRuntime().removeShutdownHook(removeOutcome);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran; it removes the same file
            }
        }
    }

    private static void deleteQuietly(Path outcome) {
        try {
            Files.deleteIfExists(outcome);
        } catch (IOException ignored) {
            // the agent made it in a directory we could not write: it stays, blank or with one line
        }
    }

    /**
     * Fails with a one-line message, before anything is sent to {@code pid}, when it names no
     * process, this JVM, or a process that does not catch SIGQUIT. The attach API (and so
     * {@code jcmd}) wakes a JVM's attach listener with SIGQUIT, whose default action ends any other
     * process: call this before attaching by any means.
     *
     * @throws DumpException "no process with pid N", "pid N is this JVM ...", or "pid N is not a JVM
     *     that accepts attach ..."
     */
    public static void checkTarget(long pid) throws DumpException {
        if (pid <= 0 || ProcessHandle.of(pid).isEmpty()) {
            throw new DumpException("no process with pid " + pid);
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new DumpException("pid " + pid + " is this JVM; use Ashwood.dumpAllObjects to dump it");
        }
        if (!mayBeAttachable(pid)) {
            throw new DumpException("pid " + pid + " is not a JVM that accepts attach (it does not handle SIGQUIT,"
                    + " which every JVM does unless started with -Xrs)");
        }
    }

    /**
     * The attach API starts a JVM's attach listener with SIGQUIT and waits 10 s for it: fail at
     * once for a process that does not catch SIGQUIT and has no attach socket yet. True when
     * /proc cannot say.
     */
    private static boolean mayBeAttachable(long pid) {
        if (Files.exists(Path.of(System.getProperty("java.io.tmpdir"), ".java_pid" + pid))) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigCgt:")) {
                    long caught = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caught & (1L << (3 - 1))) != 0;  // bit of signal 3, SIGQUIT
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just ended: let the attach API decide
        }
        return true;
    }

    private static VirtualMachine attach(long pid) throws DumpException {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new DumpException("pid " + pid + " is not a JVM that accepts attach: " + oneLine(e));
        } catch (IOException e) {
            throw new DumpException("cannot attach to pid " + pid + ": " + oneLine(e));
        } catch (SecurityException e) {
            throw new DumpException("not allowed to attach to pid " + pid + ": " + oneLine(e));
        }
    }

    private static void load(VirtualMachine vm, long pid, Path lib, String options, Path file) throws DumpException {
        try {
            vm.loadAgentPath(lib.toString(), options);
        } catch (AgentInitializationException e) {
            if (AttachCodes.accepted(e.returnValue())) {
                return;  // handed to the agent another copy of the library runs there; this copy is unloaded
            }
            if (e.returnValue() == AttachCodes.CANNOT_CREATE && fileSystemFull(file)) {
                throw new DumpException("pid " + pid + " cannot create " + file + ": no space left on its file system");
            }
            throw new DumpException(AttachCodes.describe(e.returnValue(), pid, file.toString()));
        } catch (AgentLoadException e) {
            // e.g. JDK 21+ under -XX:-EnableDynamicAgentLoading, whose message says what to do
            throw new DumpException("pid " + pid + " refused to load the agent: " + oneLine(e));
        } catch (IOException e) {
            throw new DumpException("lost the attach connection to pid " + pid + ": " + oneLine(e));
        }
    }

    /**
     * The agent's return code does not carry errno: tell a full file system (no room for even the
     * outcome file's one block) from a missing or unwritable directory by looking from this side.
     */
    private static boolean fileSystemFull(Path file) {
        try {
            Path dir = file.getParent();
            return dir != null && Files.isDirectory(dir) && Files.getFileStore(dir).getUsableSpace() < 8192;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').strip();
    }
}
