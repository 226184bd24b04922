package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted HotSpot HPROF dumps through the real command line, as {@link CorruptInputFuzzTest} does
 * for JSON lines: the outcome is answers (exit 0, a cut file with an "incomplete" warning) or one
 * line naming the file and the byte (exit 1), never a stack trace, an internal error, a raw control
 * character or a hang. The damage is aimed at the places the reader trusts: the header, record and
 * sub-record headers (tags, lengths, ids, element types), field data; plus cuts, removed and
 * repeated ranges, and gzip streams cut or flipped. Random: the seed is printed; rerun one with
 * -Dashwood.fuzz.seed=N (and more cases with -Dashwood.fuzz.cases=N).
 */
class HprofFuzzTest {
    private static final int CASES = Integer.getInteger("ashwood.fuzz.cases", 100);
    /**
     * A failure names the file and the byte: DumpFormatException.atByte's form; or, when the damage
     * leaves no HPROF magic to recognise, the JSON-lines reader's "FILE:LINE: not a dump: ..." line.
     */
    private static final String AT_BYTE = "(: at byte \\d+|:\\d+: not a dump): .+";

    /** The description of a case whose only damage is one cut of the plain file. */
    private static final Pattern CUT_ONLY = Pattern.compile("cut at \\d+; ");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyCorruptedHprofGetsAnswersOrOneLineNamingTheByte() throws Exception {
        long seed = Long.getLong("ashwood.fuzz.seed", System.nanoTime());
        System.out.println("HprofFuzzTest seed " + seed + " (rerun with -Dashwood.fuzz.seed=" + seed + ")");
        Path hprof = dir.resolve("small.hprof");
        try (LeakyCacheApp app = LeakyCacheApp.start(20)) {
            Run dump = Run.ashwood("dump", Long.toString(app.pid()), "--hprof", "--live", "-o", hprof.toString());
            assertEquals(0, dump.exit(), "HotSpot's own dump succeeds\n" + dump);
        }
        byte[] original = Files.readAllBytes(hprof);
        Layout layout = Layout.of(original);
        Random random = new Random(seed);
        int loaded = 0;
        for (int i = 0; i < CASES; i++) {
            StringBuilder how = new StringBuilder();
            byte[] bytes = corrupt(original, layout, random, how);
            if (random.nextInt(3) == 0) {
                bytes = CorruptInputFuzzTest.gzip(bytes, random, how);
            }
            int n = i;
            Path file = dir.resolve("case-" + i + ".hprof");
            Files.write(file, bytes);
            Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Run.ashwood("query", file.toString(), "-e", "summarize", "-e", "summarize --by count"),
                    () -> "no hang: seed " + seed + ", case " + n + " (" + how + ")");
            String context = "seed " + seed + ", case " + i + " (" + how + ")\n" + run;
            try {
                boolean answered = CorruptInputFuzzTest.check(run, file, Pattern.compile(Pattern.quote("ashwood: " + file) + AT_BYTE),
                        "a failure is one line naming FILE and the byte (FILE: at byte N: ...; FILE:LINE: not a dump: ...): ", context);
                assertTrue(!answered || !CUT_ONLY.matcher(how).matches() || run.err().contains("incomplete"),
                        "a cut file that loads says it is incomplete: " + context);
                loaded += answered ? 1 : 0;
            } catch (AssertionError e) {
                throw CorruptInputFuzzTest.kept(e, file, "seed-" + seed + "-case-" + i + ".hprof");
            }
        }
        System.out.println("HprofFuzzTest: " + loaded + " of " + CASES + " corrupted dumps still loaded");
    }

    private static byte[] corrupt(byte[] original, Layout layout, Random random, StringBuilder how) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int kind = random.nextInt(9);
            if (kind == 8) {
                // A whole length, count or id at once: the extremes a single flip rarely reaches.
                int[] range = layout.subRecordHeaders.get(random.nextInt(layout.subRecordHeaders.size()));
                int at = range[0] + 1 + random.nextInt(Math.max(1, range[1] - range[0] - 4));
                if (at + 4 > bytes.length) {
                    continue;
                }
                int value = new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1}[random.nextInt(5)];
                ByteBuffer.wrap(bytes).putInt(at, value);
                how.append("sub-record int ").append(at).append("->").append(value).append("; ");
            } else if (kind <= 3) {
                // A flip where the reader takes a length, tag, id or type from the file, or in plain data.
                List<int[]> ranges = switch (kind) {
                    case 0 -> List.of(new int[] {0, layout.headerEnd});
                    case 1 -> layout.recordHeaders;
                    case 2 -> layout.subRecordHeaders;
                    default -> layout.data;
                };
                int[] range = ranges.get(random.nextInt(ranges.size()));
                int at = range[0] + random.nextInt(range[1] - range[0]);
                if (at >= bytes.length) {
                    continue;
                }
                byte value = random.nextBoolean() ? (byte) (bytes[at] ^ (1 << random.nextInt(8)))
                        : new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80, 1}[random.nextInt(5)];
                how.append(new String[] {"header", "record header", "sub-record header", "data"}[kind])
                        .append(" byte ").append(at).append(' ').append(bytes[at] & 0xff).append("->").append(value & 0xff).append("; ");
                bytes[at] = value;
            } else if (kind == 4) {
                int at = random.nextInt(bytes.length);
                bytes = Arrays.copyOf(bytes, at);
                how.append("cut at ").append(at).append("; ");
            } else {
                // Ranges that start at a record or sub-record now and then, so whole records go or repeat.
                List<int[]> starts = random.nextBoolean() ? layout.recordHeaders : layout.subRecordHeaders;
                int from = random.nextBoolean() ? starts.get(random.nextInt(starts.size()))[0] : random.nextInt(bytes.length);
                from = Math.min(from, bytes.length - 1);
                int to = Math.min(bytes.length, from + 1 + random.nextInt(random.nextBoolean() ? 16 : 4096));
                byte[] range = Arrays.copyOfRange(bytes, from, to);
                if (kind == 5) {
                    bytes = CorruptInputFuzzTest.concat(Arrays.copyOf(bytes, from), Arrays.copyOfRange(bytes, to, bytes.length));
                    how.append("remove ").append(from).append("..").append(to).append("; ");
                } else {
                    int at = random.nextInt(bytes.length + 1);
                    bytes = CorruptInputFuzzTest.concat(Arrays.copyOf(bytes, at), range, Arrays.copyOfRange(bytes, at, bytes.length));
                    how.append("copy ").append(from).append("..").append(to).append(" to ").append(at).append("; ");
                }
            }
        }
        return bytes;
    }

    /** Where the parts of an intact HPROF file are: each as [start, end) byte offsets. */
    private static final class Layout {
        int headerEnd;
        final List<int[]> recordHeaders = new ArrayList<>();
        final List<int[]> subRecordHeaders = new ArrayList<>();
        final List<int[]> data = new ArrayList<>();

        static Layout of(byte[] file) {
            Layout layout = new Layout();
            ByteBuffer b = ByteBuffer.wrap(file);
            int nul = 0;
            while (file[nul] != 0) {
                nul++;
            }
            int id = b.getInt(nul + 1);
            layout.headerEnd = nul + 1 + 4 + 8;
            int pos = layout.headerEnd;
            while (pos + 9 <= file.length) {
                int tag = file[pos] & 0xff;
                int length = b.getInt(pos + 5);
                layout.recordHeaders.add(new int[] {pos, pos + 9});
                int body = pos + 9;
                int end = body + length;
                if (tag == 0x0c || tag == 0x1c) {
                    layout.subRecords(b, body, end, id);
                } else if (length > 0) {
                    layout.data.add(new int[] {body, end});
                }
                pos = end;
            }
            return layout;
        }

        private void subRecords(ByteBuffer b, int pos, int end, int id) {
            while (pos < end) {
                int tag = b.get(pos) & 0xff;
                int start = pos;
                pos++;
                switch (tag) {
                    case 0xff, 0x05, 0x07 -> pos += id;
                    case 0x01 -> pos += 2 * id;
                    case 0x02, 0x03, 0x08 -> pos += id + 8;
                    case 0x04, 0x06 -> pos += id + 4;
                    case 0x20 -> {
                        pos += 7 * id + 8;
                        int cp = b.getShort(pos) & 0xffff;
                        pos += 2;
                        for (int k = 0; k < cp; k++) {
                            pos += 2;
                            pos += 1 + size(b.get(pos), id);
                        }
                        int statics = b.getShort(pos) & 0xffff;
                        pos += 2;
                        for (int k = 0; k < statics; k++) {
                            pos += id;
                            pos += 1 + size(b.get(pos), id);
                        }
                        int fields = b.getShort(pos) & 0xffff;
                        pos += 2 + fields * (id + 1);
                    }
                    case 0x21 -> {
                        pos += 2 * id + 4;
                        int length = b.getInt(pos);
                        pos += 4;
                        data.add(new int[] {pos, pos + length});
                        pos += length;
                    }
                    case 0x22 -> {
                        pos += id + 4;
                        int n = b.getInt(pos);
                        pos += 4 + id;
                        data.add(new int[] {pos, pos + n * id});
                        pos += n * id;
                    }
                    case 0x23 -> {
                        pos += id + 4;
                        int n = b.getInt(pos);
                        int size = size(b.get(pos + 4), id);
                        pos += 5;
                        data.add(new int[] {pos, pos + n * size});
                        pos += n * size;
                    }
                    default -> throw new IllegalStateException("HotSpot wrote sub-record tag " + tag + " at byte " + start);
                }
                // For class dumps the whole record is header: ids, lengths and types all the way.
                subRecordHeaders.add(new int[] {start, tag == 0x20 || tag < 0x20 || tag == 0xff ? pos : Math.min(pos, start + 1 + 2 * id + 8)});
            }
            data.removeIf(r -> r[1] <= r[0]);
        }

        private static int size(byte type, int id) {
            return switch (type) {
                case 2 -> id;
                case 4, 8 -> 1;
                case 5, 9 -> 2;
                case 6, 10 -> 4;
                case 7, 11 -> 8;
                default -> throw new IllegalStateException("HotSpot wrote basic type " + type);
            };
        }
    }
}
