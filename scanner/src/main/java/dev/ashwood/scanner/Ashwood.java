package dev.ashwood.scanner;

import dev.ashwood.scanner.internal.NativeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The in-process API: only the scanner jar on the class path, no attach, no command line flags.
 * The first call loads the agent library (extracting it from the jar if needed).
 */
public final class Ashwood {
    private Ashwood() {}

    /** {@link #dumpAllObjects(Path, String)} with the default options. */
    public static DumpResult dumpAllObjects(Path out) throws DumpException {
        return dumpAllObjects(out, "");
    }

    /**
     * Dumps every reachable object of this JVM to {@code out} (must not exist; created 0600) and
     * blocks until the dump is complete. Every Java thread is stopped while the heap is walked:
     * about a second per 2-5 million objects, plus native memory of about 60 bytes per object
     * for the duration of the dump, given back afterwards.
     *
     * @param agentOptions the agent's options, e.g. {@code "values=none"}; may be empty
     * @throws DumpException when the file exists or cannot be created, another dump is running,
     *     the options are bad, or the walk or the writing failed (the file is then incomplete)
     */
    public static DumpResult dumpAllObjects(Path out, String agentOptions) throws DumpException {
        Objects.requireNonNull(out, "out");
        Path file = out.toAbsolutePath();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DumpException(file + " already exists; ashwood never overwrites a file");
        }
        load();
        try {
            long[] r = NativeAgent.dump(file.toString(), agentOptions == null ? "" : agentOptions);
            return new DumpResult(file, r[0], r[1], r[2], r[3], r[4]);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new DumpException(e.getMessage(), e);
        }
    }

    /**
     * Count and bytes of everything reachable from {@code root}, each object once, following
     * instance fields and array elements (not class, loader or other JVM-internal edges, and not
     * the static fields of a Class). Stops every Java thread for a walk of that subgraph; costs
     * native memory of about 60 bytes per object reached, given back afterwards.
     *
     * @throws DumpException when the agent library cannot be loaded or JVMTI fails
     */
    public static RecursiveSize recursiveSize(Object root) throws DumpException {
        Objects.requireNonNull(root, "root");
        load();
        try {
            long[] r = NativeAgent.recursiveSize(root);
            return new RecursiveSize(r[0], r[1]);
        } catch (IllegalStateException e) {
            throw new DumpException(e.getMessage(), e);
        }
    }

    private static void load() throws DumpException {
        try {
            NativeAgent.ensureLoaded();
        } catch (IOException e) {
            throw new DumpException(e.getMessage(), e);
        }
    }
}
