package dev.ashwood.loader;

/**
 * One type in a {@link Summary}.
 *
 * @param type       type name
 * @param count      objects of the type
 * @param bytes      their total shallow size
 * @param max        the largest single object's size
 * @param maxAddress the address of that largest object (the first seen, in address order, on ties)
 */
public record SummaryRow(String type, long count, long bytes, long max, long maxAddress) {
}
