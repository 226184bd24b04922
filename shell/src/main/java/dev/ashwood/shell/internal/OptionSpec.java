package dev.ashwood.shell.internal;

import java.util.List;

/**
 * One {@code --name VALUE} option of a shell command, or a {@code --name} flag (an empty
 * {@code label}). {@code choices} lists the accepted values (completed on Tab); empty means any
 * value, checked by {@link Args}.
 */
record OptionSpec(String name, String label, List<String> choices, String help) {
    static OptionSpec top(int defaultTop) {
        return new OptionSpec("--top", "N", List.of(),
                "show at most N entries (default " + defaultTop + ", 0 for all)");
    }

    static OptionSpec by() {
        return new OptionSpec("--by", "size|count", List.of("size", "count"),
                "order by total size (default) or by object count");
    }

    static OptionSpec flag(String name, String help) {
        return new OptionSpec(name, "", List.of(), help);
    }

    /** A flag takes no value. */
    boolean isFlag() {
        return label.isEmpty();
    }

    /** "--top N", or "--retained" for a flag. */
    String synopsis() {
        return isFlag() ? name : name + " " + label;
    }

    String usage() {
        return "[" + synopsis() + "]";
    }
}
