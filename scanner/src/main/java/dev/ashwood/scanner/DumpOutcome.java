package dev.ashwood.scanner;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The outcome of an attach dump, learned from files alone: the outcome file the agent writes when
 * the dump file is closed (one line, first byte blank until the line is complete; see the agent's
 * outcome.h), and the dump file's footer when the target is gone before the outcome was written.
 */
final class DumpOutcome {
    private static final Pattern COUNT = Pattern.compile("\"(objects|refs|bytes|roots|elapsed_ms)\":(\\d+)");

    private DumpOutcome() {}

    /** Waits for the outcome; every wait ends by the outcome, the target's exit or the timeout. */
    static DumpResult await(ProcessHandle target, Path file, Path outcome, Duration timeout, long pollMillis)
            throws DumpException {
        long pid = target.pid();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = read(outcome);
            if (line != null) {
                return parse(line, pid, file);
            }
            if (!target.isAlive()) {
                line = read(outcome);  // written just before the exit
                if (line != null) {
                    return parse(line, pid, file);
                }
                DumpResult complete = footer(file);
                if (complete == null) {
                    throw new DumpException("pid " + pid + " exited during the dump; " + file + " is incomplete");
                }
                return complete;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DumpException("timed out after " + timeout.toSeconds() + " s waiting for the dump of pid "
                        + pid + "; " + file + " is still incomplete");
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DumpException("interrupted while waiting for the dump of pid " + pid);
            }
        }
    }

    /** The outcome line, or null while the file is blank (not written yet) or absent. */
    static String read(Path outcome) throws DumpException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(outcome);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new DumpException("cannot read the dump's outcome file " + outcome + ": " + e.getMessage());
        }
        if (bytes.length == 0 || bytes[0] == ' ') {
            return null;
        }
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    static DumpResult parse(String line, long pid, Path file) throws DumpException {
        if (line.startsWith("error ")) {
            throw new DumpException("the dump of pid " + pid + " failed: " + line.substring(6));
        }
        String[] f = line.split(" ");
        if (f.length != 6 || !f[0].equals("ok")) {
            throw new DumpException("the agent in pid " + pid + " wrote the outcome '" + line
                    + "', which this version does not understand");
        }
        try {
            return new DumpResult(file, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]));
        } catch (NumberFormatException e) {
            throw new DumpException("the agent in pid " + pid + " wrote the outcome '" + line
                    + "', which this version does not understand");
        }
    }

    /** The counts of the dump's footer when it is the file's last line, else null (incomplete). */
    static DumpResult footer(Path file) throws DumpException {
        String last;
        try {
            last = file.getFileName().toString().endsWith(".gz") ? lastLineOfGzip(file) : lastLine(file);
        } catch (EOFException e) {
            return null;  // a gzip stream cut short
        } catch (IOException e) {
            throw new DumpException("cannot read " + file + ": " + e.getMessage());
        }
        if (last == null || !last.startsWith("{\"footer\":")) {
            return null;
        }
        long[] v = new long[5];
        int found = 0;
        Matcher m = COUNT.matcher(last);
        while (m.find()) {
            int at = switch (m.group(1)) {
                case "objects" -> 0;
                case "refs" -> 1;
                case "bytes" -> 2;
                case "roots" -> 3;
                default -> 4;
            };
            v[at] = Long.parseLong(m.group(2));
            found |= 1 << at;
        }
        return found == 31 ? new DumpResult(file, v[0], v[1], v[2], v[3], v[4]) : null;
    }

    /** The last complete line (ending in '\n'), or null. A footer is short: the last 64 KiB hold it. */
    private static String lastLine(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 1 << 16);
            byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            return lastLine(tail, n);
        }
    }

    private static String lastLineOfGzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] window = new byte[1 << 17];
            int n = 0;
            for (int r; (r = in.read(window, n, window.length - n)) > 0; ) {
                n += r;
                if (n == window.length) {  // keep the last half: a footer is far shorter
                    System.arraycopy(window, n / 2, window, 0, n / 2);
                    n /= 2;
                }
            }
            return lastLine(window, n);
        }
    }

    private static String lastLine(byte[] b, int n) {
        if (n == 0 || b[n - 1] != '\n') {
            return null;
        }
        int start = n - 1;
        while (start > 0 && b[start - 1] != '\n') {
            start--;
        }
        return new String(b, start, n - 1 - start, StandardCharsets.UTF_8);
    }
}
