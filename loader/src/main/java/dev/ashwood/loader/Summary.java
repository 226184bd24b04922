package dev.ashwood.loader;

import java.util.List;

/**
 * Per-type counts and sizes of a set of objects: data only. The shell renders it as Meliae's table
 * (percentages, cumulative column, MiB), so a program using the loader gets the numbers, not text.
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
}
