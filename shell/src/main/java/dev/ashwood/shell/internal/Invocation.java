package dev.ashwood.shell.internal;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** How the user runs ashwood, so that the commands we suggest can be pasted as they are. */
final class Invocation {
    private Invocation() {}

    /**
     * The command as the user typed it: the launchers pass it in {@code -Dashwood.command} ({@code
     * ./ashwood} from a checkout, {@code ashwood} when PATH finds it); a jar run directly is {@code
     * java -jar PATH}; anything else (tests, an IDE) is plain {@code ashwood}.
     */
    static String command() {
        String given = System.getProperty("ashwood.command");
        if (given != null && !given.isBlank()) {
            return given.contains(" ") ? "'" + given + "'" : given;
        }
        try {
            Path code = Path.of(Invocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.toString().endsWith(".jar")) {
                return "java -jar " + code;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code source to name (a custom class loader): fall back to the plain name.
        }
        return "ashwood";
    }
}
