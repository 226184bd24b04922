package dev.ashwood.shell.internal;

import dev.ashwood.scanner.AgentLibrary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A path to the agent library that outlives this process, for {@code ashwood agent-path}: the
 * content-named install in the cache directory that {@code ashwood dump} attaches too, so an
 * {@code -agentpath} JVM and later dumps of it use one copy of the library.
 */
final class AgentInstall {
    private AgentInstall() {}

    /** Cost: reads the library (about 150 KB) to hash it; copies it only the first time. */
    static Path stablePath() throws IOException {
        return AgentLibrary.installed();
    }
}
