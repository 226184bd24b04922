package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ashwood demo} end to end: a real example JVM under the real agent, dumped by a real
 * SIGQUIT, loaded by the real loader.
 */
class DemoTest {
    @Test
    void demoFindsTheLeakAndStopsTheExample() {
        Run run;
        // As the checkout's launcher passes it when the user typed ./ashwood.
        System.setProperty("ashwood.command", "./ashwood");
        try {
            run = Run.ashwood("demo", "--sessions", "2000");
        } finally {
            System.clearProperty("ashwood.command");
        }
        assertEquals(0, run.exit(), "the demo succeeds\n" + run);
        String out = run.out();
        assertTrue(out.contains("sending SIGQUIT"), "the demo says it dumps by signal\n" + run);
        assertTrue(out.matches("(?s).*Total \\d+ objects, \\d+ types, Total size = .*"), "the summary table is printed\n" + run);
        assertTrue(out.contains("collapse folded"), "the demo collapses and says how much\n" + run);
        assertTrue(out.contains("java.lang.Class LeakyCache retains"),
                "suspects name the class whose static map holds the leak\n" + run);
        assertTrue(out.matches("(?s).*accumulates in \\d+ java\\.util\\.HashMap\n   below it: \\d+ objects of type LeakyCache\\$Session retain .*"),
                "and say the bytes pile up as sessions in its map\n" + run);
        assertTrue(out.contains("the top of the dominator tree"), "the biggest retainers are listed\n" + run);
        assertTrue(out.matches("(?s).*\njava\\.util\\.HashMap \\d+ \\(LeakyCache\\.SESSIONS\\) holds \\d+ new LeakyCache\\$Session objects?.*"),
                "the diff of the two dumps names the growing cache and the field holding it first\n" + run);
        assertFalse(out.contains("prune dropped"), "the demo no longer needs prune and total to rank anything\n" + run);
        Matcher leaked = Pattern.compile("one of (\\d+)\\)").matcher(out);
        assertTrue(leaked.find() && Integer.parseInt(leaked.group(1)) >= 2000,
                "the demo finds every leaked session (2000, and one a second after that)\n" + run);
        Matcher path = Pattern.compile("(?s)path from a GC root to \\d+ \\(\\d+ objects\\):\n(.*?)\n\n").matcher(out + "\n");
        assertTrue(path.find(), "a path from a GC root to a leaked session is printed\n" + run);
        String steps = path.group(1);
        assertTrue(steps.contains(".SESSIONS -> "), "the path goes through the static field SESSIONS\n" + steps);
        assertTrue(steps.strip().endsWith(Demo.LEAKED_TYPE), "the path ends at the leaked session\n" + steps);
        assertTrue(steps.contains("java.util.HashMap"), "the path goes through the cache map\n" + steps);

        assertTrue(out.contains("the dump is deleted now"), "without --keep the demo says the dump is gone\n" + run);
        assertTrue(out.contains("./ashwood demo --keep, then ./ashwood shell FILE"),
                "the suggested commands are the ones the user typed (./ashwood), ready to paste\n" + run);
        assertFalse(out.matches("(?s).*(?<![./])ashwood (shell|demo) .*"), "no suggestion names a bare 'ashwood'\n" + run);

        Matcher pid = Pattern.compile("pid (\\d+) has cached").matcher(out);
        assertTrue(pid.find(), "the demo names the example's pid\n" + run);
        assertFalse(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false),
                "the example is stopped when the demo ends");
    }
}
