package dev.ashwood.spark;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input file is, from its lines' aggregate ({@link Fleet#inspect}): the dump's kind,
 * header (pid, VM, time, series), counts, and whether the job uses it or why not.
 *
 * @param reason   why the file is skipped, null when it is used
 * @param warnings problems that do not stop the dump being used (footer counts that disagree, an unreadable time)
 */
record DumpInfo(int id, String file, String kind, Long pid, String vm, String vmVersion, String time, Long timeMs,
        String series, long lines, long objects, long bytes, String reason, List<String> warnings) {

    static final String ASHWOOD = "ashwood";
    static final String MELIAE = "meliae";

    boolean used() {
        return reason == null;
    }

    /**
     * Classifies one file from its {@link FileFacts}. The rules follow docs/format.md:
     * an ashwood dump starts with its header and ends with its footer (no footer: cut); a Meliae
     * dump has neither and starts with an object record; a line that is not a JSON record (other
     * than the '[' and ']' lines of a wrapped Meliae dump) makes the dump unusable.
     */
    static DumpInfo of(int id, FileFacts m) {
        String file = m.file;
        long lines = m.lines;
        long objects = m.objects;
        long bytes = m.bytes;
        long headers = m.headers;
        long footers = m.footers;
        long badLines = m.badLines;
        long incomplete = m.incomplete;
        boolean headerFirst = m.headerFirst;
        boolean footerLast = m.footerLast;
        String badText = m.firstBad == null ? "" : Report.clip(m.firstBad.getAs(DumpSchema.CORRUPT), 60);

        List<String> warnings = new ArrayList<>();
        String format = m.header("format");
        Long version = m.header("version");
        Long pid = m.header("pid");
        String vm = m.header("vm");
        String vmVersion = m.header("vm_version");
        String time = m.header("time");
        String kind = headers > 0 ? ASHWOOD : objects > 0 ? MELIAE : null;

        String reason = null;
        if (kind == null) {
            reason = badLines > 0 ? "not a dump: no line is a JSON record (first: " + badText + ")"
                    : "not a dump: no header and no object records";
        } else if (kind.equals(ASHWOOD)) {
            if (!"ashwood-heap".equals(format)) {
                reason = "the header's format is " + Report.quote(format) + ", not \"ashwood-heap\"";
            } else if (version == null || version != 1) {
                reason = "unknown format version " + version + " (this job reads version 1)";
            } else if (m.header("series") != null && (m.<String>header("series").isEmpty()
                    || m.header("sequence") == null || m.<Long>header("sequence") < 1)) {
                // As the loader: a series id means nothing without the dump's place in it.
                reason = "header: \"series\" needs a non-empty id and a \"sequence\" of 1 or more";
            } else if (headers > 1 || !headerFirst) {
                reason = "the header is not the first line, or there are " + headers + " of them";
            } else if (footers == 0 || !footerLast) {
                reason = "cut: no footer at the end (the dump was stopped or the file truncated); " + objects
                        + " object records read";
            } else if (badLines > 0) {
                reason = badLines + " lines are not JSON records (first: " + badText + ")";
            } else if (incomplete > 0) {
                reason = incomplete + " object records lack a type or a size";
            }
        } else {
            if (badLines > 0) {
                reason = badLines + " lines are not JSON records, a cut Meliae dump ends in one (first: " + badText + ")";
            } else if (incomplete > 0) {
                reason = incomplete + " object records lack a type or a size";
            }
        }
        if (reason == null && footers > 0) {
            Long fo = m.footer("footer_objects");
            Long fb = m.footer("footer_bytes");
            if (fo != null && fo != objects) {
                warnings.add("the footer says " + fo + " objects, the file has " + objects + " object records");
            }
            if (fb != null && fb != bytes) {
                warnings.add("the footer says " + fb + " bytes, the records sum to " + bytes);
            }
        }
        Long timeMs = null;
        if (time != null) {
            try {
                timeMs = Instant.parse(time).toEpochMilli();
            } catch (DateTimeParseException e) {
                warnings.add("the header's time " + Report.quote(time) + " is not ISO-8601: left out of growth");
            }
        }
        String series = null;
        if (kind != null && kind.equals(ASHWOOD)) {
            String named = m.header("series");
            String vmStart = m.header("vm_start");
            if (named != null) {
                series = "series " + named;
            } else if (pid != null && vmStart != null) {
                series = "pid " + pid + " started " + vmStart;
            } else if (pid != null) {
                // Format version 1 has no VM start: a reused pid of the same VM build joins the series.
                series = "pid " + pid + " " + vm + " " + vmVersion;
            }
        }
        return new DumpInfo(id, file, kind, pid, vm, vmVersion, time, timeMs, series, lines, objects, bytes, reason,
                warnings);
    }

    /** A file Spark listed but that gave no line at all (empty, or unreadable from its first byte). */
    static DumpInfo empty(int id, String file) {
        return new DumpInfo(id, file, null, null, null, null, null, null, null, 0, 0, 0,
                "no records: the file is empty or could not be read", List.of());
    }
}
