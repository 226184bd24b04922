package dev.ashwood.loader;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Per-type counts and sizes of a set of objects.
 *
 * @param objects objects counted
 * @param types   distinct types among them (all of them, not only the rows shown)
 * @param bytes   their total shallow size
 * @param rows    the largest types, in the order asked for, at most the {@code top} asked for
 */
public record Summary(long objects, int types, long bytes, List<SummaryRow> rows) {

    public Summary {
        rows = List.copyOf(rows);
    }

    /**
     * Meliae's table, byte for byte for Meliae dumps (no trailing newline, as Meliae's
     * {@code repr}); the same columns for JVM dumps, with Java type names.
     */
    public String toText() {
        StringBuilder out = new StringBuilder(80 * (rows.size() + 2));
        out.append("Total ").append(objects).append(" objects, ").append(types)
                .append(" types, Total size = ").append(mebibytes(bytes)).append("MiB (")
                .append(bytes).append(" bytes)\n");
        out.append(" Index   Count   %      Size   % Cum     Max Kind");
        long cumulative = 0;
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            cumulative += row.bytes();
            out.append('\n').append(String.format("%6d%8d%4d%10d%4d%4d%8d %s", i, row.count(),
                    percent(row.count(), objects), row.bytes(), percent(row.bytes(), bytes),
                    percent(cumulative, bytes), row.max(), row.type()));
        }
        return out.toString();
    }

    /** Python's {@code '%d' % (x * 100.0 / total)}: computed in doubles, truncated toward zero. */
    private static long percent(long part, long total) {
        return total == 0 ? 0 : (long) (part * 100.0 / total);
    }

    /**
     * Python's {@code '%.1f' % (bytes / 1024. / 1024)}: Python rounds the exact binary value half
     * to even, where {@code String.format} rounds the shortest decimal form half up.
     */
    static String mebibytes(long bytes) {
        double mib = bytes / 1024.0 / 1024;
        return new BigDecimal(mib).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
