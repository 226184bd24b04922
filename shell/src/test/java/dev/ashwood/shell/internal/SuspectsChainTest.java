package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suspect at the end of a long linked list (as a JVM's {@code Finalizer} queue makes in a Maven
 * build): its path shows the run of {@code .next} steps as one counted line, and {@code path}
 * still lists every step. A real JVM holds a singly linked list of 40 small arrays and then 3 large ones.
 */
class SuspectsChainTest {
    private static final String PROGRAM = """
            public class Chain {
                static final class Node {
                    final byte[] value;
                    final Node next;

                    Node(byte[] value, Node next) {
                        this.value = value;
                        this.next = next;
                    }
                }

                static Node head;

                public static void main(String[] args) throws Exception {
                    // Built from the tail: the 3 large arrays end up last, behind 40 small ones.
                    for (int i = 0; i < 3; i++) {
                        head = new Node(new byte[1 << 20], head);
                    }
                    for (int i = 0; i < 40; i++) {
                        head = new Node(new byte[16], head);
                    }
                    System.out.println("ready");
                    System.out.flush();
                    Thread.sleep(120_000);
                }
            }
            """;

    private static final Pattern RUN = Pattern.compile(
            "(?m)^   \\.\\.\\. (\\d+) more \\.next -> Chain\\$Node \\(path (\\d+) shows every step\\)$");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLongChainInASuspectsPathIsOneCountedLine(@TempDir Path dir) throws Exception {
        Path dump = LeakyCacheApp.dumpOf(dir, "Chain", PROGRAM);
        Run suspects = Run.ashwood("query", dump.toString(), "-e", "suspects");
        assertEquals(0, suspects.exit(), suspects.toString());
        Matcher run = RUN.matcher(suspects.out());
        assertTrue(run.find(), "the chain of .next steps to a node deep in the list is one line\n" + suspects);
        int hidden = Integer.parseInt(run.group(1));
        assertTrue(hidden >= 30, "most of the 40 small nodes are in the counted run\n" + suspects);
        assertTrue(suspects.out().lines().filter(l -> l.contains(".next -> ")).count() < 20,
                "no suspect's path lists the run step by step\n" + suspects);

        Run path = Run.ashwood("query", dump.toString(), "-e", "path " + run.group(2));
        assertEquals(0, path.exit(), path.toString());
        long nextSteps = path.out().lines().filter(l -> l.contains(".next -> ") && l.endsWith(" Chain$Node")).count();
        assertEquals(hidden + 2, nextSteps,
                "path lists every step: the run's first and last, and the " + hidden + " the suspect's path counted\n" + path);
    }
}
