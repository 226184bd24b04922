package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted dumps through the real command line: whatever the damage, the outcome is either answers
 * (exit 0) or one line on stderr naming where (exit 1), never a stack trace, an internal error or a
 * raw control character. Random: the seed is printed; rerun one with -Dashwood.fuzz.seed=N.
 */
class CorruptInputFuzzTest {
    private static final int CASES = 250;
    /** Bytes that mean something to JSON, to a terminal (ESC, C1 CSI, U+202E in UTF-8) or to a number. */
    private static final byte[] INTERESTING = {0, 0x1b, (byte) 0x9b, '"', '\\', '{', '}', '[', ']', ',', ':', '9', '-', '\n',
            (byte) 0xe2, (byte) 0x80, (byte) 0xae, (byte) 0xff, 'e', '.'};
    private static final String[] NUMBERS = {"9223372036854775000", "99999999999999999999", "-1", "1099511627777", "1e300",
            "0", "4294967296"};

    @TempDir
    Path dir;

    @Test
    void everyCorruptedDumpGetsAnswersOrOneCleanLine() throws IOException {
        long seed = Long.getLong("ashwood.fuzz.seed", System.nanoTime());
        System.out.println("CorruptInputFuzzTest seed " + seed + " (rerun with -Dashwood.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<byte[]> originals = List.of(Files.readAllBytes(Fixtures.leak()), Files.readAllBytes(Fixtures.meliae()),
                Files.readAllBytes(Fixtures.small()));
        int loaded = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] original = originals.get(random.nextInt(originals.size()));
            StringBuilder how = new StringBuilder();
            byte[] bytes = corrupt(original, random, how);
            Path file = dir.resolve("case-" + i + ".jsonl");
            Files.write(file, bytes);
            Run run = Run.ashwood("query", file.toString(), "-e", "summarize", "-e", "collapse", "-e", "summarize --by count");
            String context = "seed " + seed + ", case " + i + " (" + how + ")\n" + run;
            try {
                loaded += check(run, file, context) ? 1 : 0;
            } catch (AssertionError e) {
                throw kept(e, file, "seed-" + seed + "-case-" + i + ".jsonl");
            }
        }
        System.out.println("CorruptInputFuzzTest: " + loaded + " of " + CASES + " corrupted dumps still loaded");
    }

    /** A minus sign starting a token and followed by a digit: "-3", "-1.5 KiB", "-12%". */
    private static final Pattern NEGATIVE_NUMBER = Pattern.compile("(?<!\\S)-\\d");

    /** Keeps the input that failed, so it can be loaded by hand, and says where. */
    static AssertionError kept(AssertionError e, Path file, String name) throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "fuzz-failures")).resolve(name);
        Files.copy(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new AssertionError(e.getMessage() + "\n(the input is kept in " + kept.toAbsolutePath() + ")", e);
    }

    /** Returns whether the dump loaded; asserts the rules for either outcome. */
    static boolean check(Run run, Path file, String context) {
        return check(run, file, Pattern.compile(Pattern.quote("ashwood: " + file + ":") + ".*"),
                "a failure is one line naming FILE:LINE (or FILE: for the file as a whole): ", context);
    }

    /**
     * As above, with the form the one failure line must take ({@code failure} matches the whole
     * line) and the rule it states.
     */
    static boolean check(Run run, Path file, Pattern failure, String rule, String context) {
        {
            assertTrue(run.exit() == 0 || run.exit() == 1, "exit 0 or 1: " + context);
            assertFalse(run.err().contains("internal error") || run.err().contains("\tat ") || run.err().contains("Exception"),
                    "no internal error or stack trace: " + context);
            HostileOutputTest.assertNothingRaw(run);
            if (run.exit() == 1) {
                List<String> errors = run.err().lines().filter(l -> !l.startsWith("ashwood: warning: ")
                        && !l.startsWith("ashwood: loaded ")).toList();
                assertTrue(errors.size() == 1 && failure.matcher(errors.get(0)).matches(), rule + context);
                return false;
            }
            // A number is a token of its own; a corrupted type name such as "-ava.lang.Class" is not one.
            assertFalse(NEGATIVE_NUMBER.matcher(run.out()).find(),
                    "no negative count, size or percentage in a loaded dump's tables: " + context);
            return true;
        }
    }

    private static byte[] corrupt(byte[] original, Random random, StringBuilder how) throws IOException {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    how.append("byte ").append(at).append("; ");
                }
                case 1 -> {
                    int end = Math.min(bytes.length, at + 1 + random.nextInt(40));
                    bytes = concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, end, bytes.length));
                    how.append("delete ").append(at).append("..").append(end).append("; ");
                }
                case 2 -> {
                    bytes = Arrays.copyOf(bytes, Math.max(1, at));
                    how.append("cut at ").append(at).append("; ");
                }
                case 3 -> {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    List<String> lines = new ArrayList<>(text.lines().toList());
                    int line = random.nextInt(lines.size());
                    lines.add(random.nextInt(lines.size() + 1), lines.get(line));
                    bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                    how.append("repeat line ").append(line + 1).append("; ");
                }
                case 4 -> {
                    // Replace the number that starts at or after `at` with an extreme one.
                    int start = at;
                    while (start < bytes.length && (bytes[start] < '0' || bytes[start] > '9')) {
                        start++;
                    }
                    int end = start;
                    while (end < bytes.length && bytes[end] >= '0' && bytes[end] <= '9') {
                        end++;
                    }
                    String number = NUMBERS[random.nextInt(NUMBERS.length)];
                    bytes = concat(Arrays.copyOf(bytes, start), number.getBytes(StandardCharsets.US_ASCII),
                            Arrays.copyOfRange(bytes, end, bytes.length));
                    how.append("number ").append(number).append(" at ").append(start).append("; ");
                }
                default -> {
                    String line = new String(bytes, StandardCharsets.UTF_8).lines().skip(random.nextInt(5)).findFirst().orElse("{}");
                    int nl = indexOf(bytes, (byte) '\n', at);
                    bytes = concat(Arrays.copyOf(bytes, nl), (" " + line).getBytes(StandardCharsets.UTF_8),
                            Arrays.copyOfRange(bytes, nl, bytes.length));
                    how.append("second record on line ending at ").append(nl).append("; ");
                }
            }
        }
        if (random.nextInt(3) == 0) {
            bytes = gzip(bytes, random, how);
        }
        return bytes;
    }

    /** Compresses the bytes, then maybe flips one byte, cuts the stream or adds garbage after it. */
    static byte[] gzip(byte[] bytes, Random random, StringBuilder how) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(bytes);
        }
        bytes = gz.toByteArray();
        int damage = random.nextInt(4);
        if (damage == 1) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            how.append("gzip, one byte flipped");
        } else if (damage == 2) {
            bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
            how.append("gzip, cut");
        } else if (damage == 3) {
            bytes = concat(bytes, "garbage\u001b".getBytes(StandardCharsets.UTF_8));
            how.append("gzip, trailing garbage");
        } else {
            how.append("gzip");
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
