package dev.ashwood.shell.internal;

import dev.ashwood.scanner.AgentLibrary;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A path to the agent library that outlives this process, for {@code ashwood agent-path}.
 * {@link AgentLibrary#path()} extracts the library from the jar into a temporary directory that is
 * deleted when the JVM exits, which is right for the demo and for dumps by pid but useless to print:
 * {@code -agentpath:$(ashwood agent-path)} would name a file that is already gone. So the library is
 * copied once into {@code ${XDG_CACHE_HOME:-~/.cache}/ashwood/}, named by its content hash, so that
 * versions never overwrite each other and a library a JVM has loaded is never rewritten.
 */
final class AgentInstall {
    private AgentInstall() {}

    /** Cost: reads the library (about 100 KB) to hash it; copies it only the first time. */
    static Path stablePath() throws IOException {
        Path source = AgentLibrary.path();
        byte[] library = Files.readAllBytes(source);
        Path dir = cacheDirectory();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path target = dir.resolve("libashwood-" + sha256(library).substring(0, 16) + ".so");
        if (Files.isRegularFile(target) && Files.size(target) == library.length) {
            return target;
        }
        // Written beside the target and renamed into place, so a concurrent run never sees half a file.
        Path partial = Files.createTempFile(dir, "libashwood-", ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.write(partial, library);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // Another run installed the same content first; theirs is as good as ours.
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ashwood").toAbsolutePath();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
