package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for REPL tests: a detached tmux session (120x40) on a private server socket,
 * driven with send-keys and read with capture-pane, as a person at a keyboard would.
 */
final class Tmux implements AutoCloseable {
    private static final long WAIT_MILLIS = 30_000;

    private final String socket;

    /** Starts {@code command} (a shell command line) in a new session; its exit code is printed as EXIT=N. */
    Tmux(String name, String command) {
        this.socket = "ashwood-test-" + ProcessHandle.current().pid() + "-" + name;
        tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
                "sh -c 'trap : INT; " + command.replace("'", "'\\''") + "; echo EXIT=$?; sleep 600'");
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Types text literally (no key names). */
    void type(String text) {
        tmux("send-keys", "-t", "t", "-l", "--", text);
    }

    /** Sends tmux key names: Enter, Tab, Up, C-c, C-d. */
    void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The visible screen plus scrollback, trailing blanks trimmed. */
    String screen() {
        return tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", "t").strip();
    }

    /** The pane's title, which an OSC 0 or 2 escape sequence reaching the terminal would set. */
    String title() {
        return tmux("display-message", "-p", "-t", "t", "#{pane_title}").strip();
    }

    /** The screen with its colours as escape sequences (capture-pane -e). */
    String screenWithColours() {
        return tmux("capture-pane", "-p", "-e", "-J", "-S", "-2000", "-t", "t").strip();
    }

    /** The last non-empty line of the screen: where the prompt and the line being edited are. */
    String lastLine() {
        String[] lines = screen().split("\n");
        return lines[lines.length - 1];
    }

    /** Waits until the screen satisfies {@code condition}; fails with the screen and {@code rule}. */
    String await(String rule, Predicate<String> condition) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String screen = screen();
        while (!condition.test(screen)) {
            if (System.currentTimeMillis() > deadline) {
                fail(rule + "\n--- screen ---\n" + screen);
            }
            sleep(100);
            screen = screen();
        }
        return screen;
    }

    /** Waits for a screen with {@code n} prompts on it: the shell has answered n-1 lines. */
    String awaitPrompts(int n) {
        return await("the shell should show prompt number " + n,
                s -> s.split("ashwood>", -1).length - 1 >= n);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("tmux " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            return fail("cannot run tmux: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // the server is gone already
        }
    }

    /** The command line that runs ashwood from the test class path, with the history in {@code history}. */
    static String ashwood(Path history, String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringBuilder command = new StringBuilder("ASHWOOD_HISTORY=" + history + " TERM=xterm-256color "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + classPath + " dev.ashwood.shell.Main");
        for (String arg : args) {
            command.append(' ').append(arg);
        }
        return command.toString();
    }
}
