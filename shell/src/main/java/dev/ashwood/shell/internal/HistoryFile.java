package dev.ashwood.shell.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the REPL keeps its history: ~/.ashwood_history unless ASHWOOD_HISTORY (env) or ashwood.history (property) says otherwise. */
final class HistoryFile {
    private HistoryFile() {}

    static Path location() {
        String configured = System.getProperty("ashwood.history", System.getenv("ASHWOOD_HISTORY"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".ashwood_history");
    }

    /**
     * Creates the file 0600 if it does not exist yet (commands name objects of a private heap), so
     * JLine appends to a file only its owner reads. Failure is not fatal: the session runs without
     * saved history and says why.
     */
    static String prepare(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "history will not be saved: cannot create " + file + ": " + e.getMessage();
        }
        return null;
    }
}
