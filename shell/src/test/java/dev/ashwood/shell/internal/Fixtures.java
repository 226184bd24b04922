package dev.ashwood.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** The dumps the shell tests run on, found from the module directory (surefire runs there). */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-fixtures"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no test-fixtures directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A hand-written ashwood dump: a static cache map holding two Slotted objects with strings and byte arrays. */
    static Path leak() {
        return root().resolve("test-fixtures/shell/leak.jsonl");
    }

    /** The loader's hand-made dump: a users map in a static field, a thread and a list on its stack. */
    static Path small() {
        return root().resolve("test-fixtures/small.jsonl");
    }

    /** A hand-written Meliae dump of a Python module holding two Cart instances with their dicts. */
    static Path meliae() {
        return root().resolve("test-fixtures/shell/meliae-small.jsonl");
    }
}
