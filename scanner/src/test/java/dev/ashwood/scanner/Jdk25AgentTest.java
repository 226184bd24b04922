package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The agent on JDK 25, when the JDK named by -Dashwood.jdk25.home is installed. */
class Jdk25AgentTest extends AgentTestBase {
    @Override
    Path javaHome() {
        String home = System.getProperty("ashwood.jdk25.home", "");
        assumeTrue(!home.isEmpty() && Files.isExecutable(Path.of(home, "bin/java")),
                "no JDK 25 at '" + home + "' (set -Dashwood.jdk25.home to run the agent tests on JDK 25)");
        return Path.of(home);
    }
}
