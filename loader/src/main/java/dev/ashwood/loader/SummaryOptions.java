package dev.ashwood.loader;

/**
 * What {@link Heap#summarize} counts and how it orders the rows.
 *
 * @param order     rows by total size (then count) or by count (then total size), largest first
 * @param top       at most this many rows (Meliae prints 20)
 * @param root      object index to start from, or -1 for the whole heap
 * @param excluding object indexes not counted and not walked through (only with a root)
 */
public record SummaryOptions(Order order, int top, int root, int[] excluding) {

    /** Row order. */
    public enum Order { SIZE, COUNT }

    public SummaryOptions {
        if (order == null) {
            throw new IllegalArgumentException("order must not be null");
        }
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, was " + top);
        }
        if (root < -1) {
            throw new IllegalArgumentException("root must be an object index or -1, was " + root);
        }
        excluding = excluding == null ? new int[0] : excluding.clone();
    }

    /** By size, top 20, the whole heap: Meliae's {@code summarize()}. */
    public static SummaryOptions all() {
        return new SummaryOptions(Order.SIZE, 20, -1, new int[0]);
    }

    public SummaryOptions by(Order o) {
        return new SummaryOptions(o, top, root, excluding);
    }

    public SummaryOptions top(int n) {
        return new SummaryOptions(order, n, root, excluding);
    }

    /** Only what is reachable from {@code rootIndex} without passing through {@code excludingIndexes}. */
    public SummaryOptions from(int rootIndex, int... excludingIndexes) {
        return new SummaryOptions(order, top, rootIndex, excludingIndexes);
    }

    @Override
    public int[] excluding() {
        return excluding.clone();
    }
}
