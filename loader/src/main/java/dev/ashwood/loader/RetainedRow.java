package dev.ashwood.loader;

/**
 * One type in a retained-size summary.
 *
 * @param type            type name
 * @param count           objects of the type
 * @param bytes           their total shallow size
 * @param retainedObjects objects retained by all of them together, each counted once
 * @param retainedBytes   the sum of those objects' shallow sizes
 */
public record RetainedRow(String type, long count, long bytes, long retainedObjects, long retainedBytes) {
}
