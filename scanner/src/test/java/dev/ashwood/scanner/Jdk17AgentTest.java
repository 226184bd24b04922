package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The agent on the JDK that runs the build, which is expected to be JDK 17. */
class Jdk17AgentTest extends AgentTestBase {
    @Override
    Path javaHome() {
        assumeTrue(Runtime.version().feature() == 17,
                "the build runs on JDK " + Runtime.version().feature() + ", not 17; the JDK 17 suite needs Maven on JDK 17");
        return Path.of(System.getProperty("java.home"));
    }
}
