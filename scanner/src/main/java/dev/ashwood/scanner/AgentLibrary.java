package dev.ashwood.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Locates the agent shared library packaged in the scanner jar.
 *
 * <p>Why one path per library content: a JVM that loads the same path twice gets the same copy
 * (one agent thread, one "one dump at a time" claim), while each new path is a new copy with
 * state of its own. So the library is installed once into
 * {@code ${XDG_CACHE_HOME:-~/.cache}/ashwood/libashwood-HASH.so}, named by its content hash:
 * every {@code ashwood dump} of a version attaches the same file, versions never overwrite each
 * other, and a file a JVM has loaded is never rewritten.
 */
public final class AgentLibrary {
    static final String RESOURCE = "/native/linux-x86_64/libashwood.so";

    private static Path cached;

    private AgentLibrary() {}

    /**
     * Absolute path of libashwood.so. When the scanner runs from a directory (target/classes) that
     * file is used as is; from a jar it is {@link #installed()}, or, when the cache directory
     * cannot be written, extracted into a private (0700) temporary directory removed when this
     * JVM exits. Costs reading the library (about 150 KB) once per process.
     *
     * @throws IOException naming what failed: an unsupported platform, a jar without the library,
     *     or the extraction
     */
    public static synchronized Path path() throws IOException {
        if (cached != null) {
            return cached;
        }
        URL url = resource();
        if (url.getProtocol().equals("file")) {
            try {
                cached = Path.of(url.toURI()).toAbsolutePath();
                return cached;
            } catch (URISyntaxException e) {
                throw new IOException("cannot locate " + url + ": " + e.getMessage(), e);
            }
        }
        byte[] library = read(url);
        try {
            cached = install(library);
        } catch (IOException cacheNotWritable) {
            cached = extract(library);
        }
        return cached;
    }

    /**
     * The library installed at its content-named path in the cache directory (created 0700 if
     * needed), copied there the first time; a path that outlives this process, for
     * {@code -agentpath}. Cost: reads the library to hash it.
     */
    public static Path installed() throws IOException {
        return install(read(resource()));
    }

    private static URL resource() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IOException("the ashwood agent is built for linux-x86_64 only, not " + os + "-" + arch);
        }
        URL url = AgentLibrary.class.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("the scanner classes have no " + RESOURCE + " (was the scanner built with gcc?)");
        }
        return url;
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("cannot read the agent library " + url + ": " + e.getMessage(), e);
        }
    }

    private static Path install(byte[] library) throws IOException {
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

    private static Path extract(byte[] library) throws IOException {
        Path dir = Files.createTempDirectory("ashwood-agent-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path lib = dir.resolve("libashwood.so");
        try {
            Files.write(lib, library);
        } catch (IOException e) {
            throw new IOException("cannot extract the agent library into " + dir + ": " + e.getMessage(), e);
        }
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("r-x------"));
        // deleteOnExit runs in reverse registration order: the file first, then its directory.
        dir.toFile().deleteOnExit();
        lib.toFile().deleteOnExit();
        return lib;
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
