package dev.ashwood.shell.internal;

import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Summary} as Meliae's table. For a Meliae dump it is Meliae's {@code repr},
 * byte for byte: fixed column widths, even when a value fills its column and touches the one
 * before it. A JVM dump's values outgrow those widths (a 12 MB {@code byte[]}: Meliae's layout
 * printed {@code 85  8512000016} for Cum 85 and Max 12000016), so its columns widen to keep at
 * least one space between values; a table whose values fit is Meliae's layout exactly.
 */
final class SummaryTable {
    private static final String[] HEADS = {"Index", "Count", "%", "Size", "%", "Cum", "Max"};
    /** Meliae's widths for the columns above ({@code "%6d%8d%4d%10d%4d%4d%8d %s"}). */
    private static final int[] MELIAE_WIDTHS = {6, 8, 4, 10, 4, 4, 8};

    private SummaryTable() {}

    /**
     * The table's lines, without line ends: the totals line, the column heads, one line per row.
     *
     * @param widen false for Meliae's fixed widths, true to widen columns whose values need it
     */
    static List<String> lines(Summary summary, boolean widen) {
        List<SummaryRow> rows = summary.rows();
        long[][] cells = new long[rows.size()][];
        long cumulative = 0;
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            cumulative += row.bytes();
            cells[i] = new long[] {i, row.count(), percent(row.count(), summary.objects()), row.bytes(),
                    percent(row.bytes(), summary.bytes()), percent(cumulative, summary.bytes()), row.max()};
        }
        int[] widths = MELIAE_WIDTHS.clone();
        if (widen) {
            for (long[] row : cells) {
                for (int c = 0; c < widths.length; c++) {
                    widths[c] = Math.max(widths[c], Long.toString(row[c]).length() + 1);
                }
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 2);
        lines.add("Total " + summary.objects() + " objects, " + summary.types() + " types, Total size = "
                + mebibytes(summary.bytes()) + "MiB (" + summary.bytes() + " bytes)");
        StringBuilder head = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            pad(head, HEADS[c], widths[c]);
        }
        lines.add(head.append(" Kind").toString());
        for (int i = 0; i < cells.length; i++) {
            StringBuilder line = new StringBuilder(80);
            for (int c = 0; c < widths.length; c++) {
                pad(line, Long.toString(cells[i][c]), widths[c]);
            }
            lines.add(line.append(' ').append(rows.get(i).type()).toString());
        }
        return lines;
    }

    /** Right-aligns as {@code %Nd} does: never cuts a longer value. */
    private static void pad(StringBuilder out, String value, int width) {
        out.append(" ".repeat(Math.max(0, width - value.length()))).append(value);
    }

    /** Python's {@code '%d' % (x * 100.0 / total)}: computed in doubles, truncated toward zero. */
    static long percent(long part, long total) {
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
