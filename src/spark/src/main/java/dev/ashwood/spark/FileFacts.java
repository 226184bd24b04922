package dev.ashwood.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * What the job knows about one input file before classifying it: counts summed over the file's
 * line ranges, whether its header is the first line and its footer the last, and the header,
 * footer and first bad line themselves. Built on the driver from one small row per line range
 * (so no aggregate over all lines needs a sort) and the few lines those rows point at.
 */
final class FileFacts {
    final String file;
    long lines;
    long objects;
    long bytes;
    long headers;
    long footers;
    long badLines;
    long incomplete;
    boolean headerFirst;
    boolean footerLast;
    /** The header line (the first line's, when it is one), the footer line, the first bad line; null when absent. */
    Row header;
    Row footer;
    Row firstBad;

    private FileFacts(String file) {
        this.file = file;
    }

    /**
     * {@code ranges}: one row per (file, line range) from {@link Fleet#inspect}; {@code marked}:
     * the lines whose seq a range named as its header, footer or first bad line.
     */
    static Map<String, FileFacts> of(List<Row> ranges, List<Row> marked) {
        Map<Long, Row> bySeq = new HashMap<>();
        for (Row r : marked) {
            bySeq.put(r.getAs("seq"), r);
        }
        Map<String, TreeMap<Long, Row>> byFile = new TreeMap<>();
        for (Row r : ranges) {
            byFile.computeIfAbsent(r.getAs("file"), k -> new TreeMap<>()).put(r.getAs("block"), r);
        }
        Map<String, FileFacts> facts = new TreeMap<>();
        byFile.forEach((file, blocks) -> {
            FileFacts f = new FileFacts(file);
            for (Row r : blocks.values()) {
                f.lines += r.<Long>getAs("lines");
                f.objects += r.<Long>getAs("objects");
                Long b = r.getAs("bytes");
                f.bytes += b == null ? 0 : b;
                f.headers += r.<Long>getAs("headers");
                f.footers += r.<Long>getAs("footers");
                f.badLines += r.<Long>getAs("bad_lines");
                f.incomplete += r.<Long>getAs("incomplete_records");
                Long bad = r.getAs("bad_seq");
                if (f.firstBad == null && bad != null) {
                    f.firstBad = bySeq.get(bad);
                }
                Long header = r.getAs("header_seq");
                if (f.header == null && header != null) {
                    f.header = bySeq.get(header);
                }
            }
            // Within a range, seq follows the lines; the ranges themselves are ordered by offset.
            Row first = blocks.firstEntry().getValue();
            Row last = blocks.lastEntry().getValue();
            f.headerFirst = first.getAs("header_seq") != null && first.<Long>getAs("header_seq").equals(first.getAs("min_seq"));
            Long footerSeq = last.getAs("footer_seq");
            f.footerLast = footerSeq != null && footerSeq.equals(last.getAs("max_seq"));
            if (footerSeq != null) {
                f.footer = bySeq.get(footerSeq);
            }
            facts.put(file, f);
        });
        return facts;
    }

    <T> T header(String key) {
        return header == null ? null : header.getAs(key);
    }

    <T> T footer(String key) {
        return footer == null ? null : footer.getAs(key);
    }
}
