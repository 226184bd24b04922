package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL with its input piped in (no terminal): JLine's dumb terminal, no colours, no bar. */
class ReplPipeTest {
    @Test
    void pipedCommandsRunInOrderUntilEndOfInput(@TempDir Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.ashwood.shell.Main", "shell", Fixtures.leak().toString());
        builder.environment().put("ASHWOOD_HISTORY", dir.resolve("history").toString());
        Process shell = builder.start();
        try (OutputStream in = shell.getOutputStream()) {
            in.write("total 100\nsumarize\nshow 9\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shell.waitFor(), "end of input ends the session with exit 0\n" + out + err);
        assertTrue(out.contains("100 java.util.HashMap reaches 22 objects"), "the first command ran\n" + out);
        assertTrue(out.contains("error: unknown command 'sumarize'; did you mean 'summarize'?"), "a typo is one line\n" + out);
        assertTrue(out.contains("  name:  Cache"), "the session went on after the error\n" + out);
        assertFalse(out.contains("\u001b[") || out.contains("\r"), "no colours or progress bar without a terminal\n" + out);
        assertEquals("", err, "nothing on stderr: no JLine warnings about the missing terminal");
    }
}
