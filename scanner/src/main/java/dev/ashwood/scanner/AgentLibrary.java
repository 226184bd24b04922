package dev.ashwood.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/** Locates the agent shared library packaged in the scanner jar. */
public final class AgentLibrary {
    static final String RESOURCE = "/native/linux-x86_64/libashwood.so";

    private static Path cached;

    private AgentLibrary() {}

    /**
     * Absolute path of libashwood.so. When the scanner runs from a directory (target/classes) that
     * file is used as is; from a jar it is extracted once per process into a new private (0700)
     * temporary directory, removed when the JVM exits. Costs one copy of about 100 KB on the first
     * call.
     *
     * @throws IOException naming what failed: an unsupported platform, a jar without the library,
     *     or the extraction
     */
    public static synchronized Path path() throws IOException {
        if (cached != null) {
            return cached;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IOException("the ashwood agent is built for linux-x86_64 only, not " + os + "-" + arch);
        }
        URL url = AgentLibrary.class.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("the scanner classes have no " + RESOURCE + " (was the scanner built with gcc?)");
        }
        if (url.getProtocol().equals("file")) {
            try {
                cached = Path.of(url.toURI()).toAbsolutePath();
                return cached;
            } catch (URISyntaxException e) {
                throw new IOException("cannot locate " + url + ": " + e.getMessage(), e);
            }
        }
        cached = extract(url);
        return cached;
    }

    private static Path extract(URL url) throws IOException {
        Path dir = Files.createTempDirectory("ashwood-agent-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path lib = dir.resolve("libashwood.so");
        try (InputStream in = url.openStream()) {
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot extract the agent library into " + dir + ": " + e.getMessage(), e);
        }
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("r-x------"));
        // deleteOnExit runs in reverse registration order: the file first, then its directory.
        dir.toFile().deleteOnExit();
        lib.toFile().deleteOnExit();
        return lib;
    }
}
