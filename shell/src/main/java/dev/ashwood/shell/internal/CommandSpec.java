package dev.ashwood.shell.internal;

import java.util.List;

/**
 * One row of the command table: everything help, completion and dispatch need to know about a
 * shell command. The usage line is derived from the spec, so it cannot drift from what is parsed.
 *
 * @param aliases other names that run the same command ({@code exit} for {@code quit})
 * @param arg the kind of the single positional argument, {@link ArgKind#NONE} for none
 * @param argRequired whether the positional argument must be given
 */
record CommandSpec(String name, List<String> aliases, ArgKind arg, boolean argRequired,
                   List<OptionSpec> options, String help, Executor executor) {

    /** Runs a parsed command against a session. May throw CommandException or CancellationException. */
    @FunctionalInterface
    interface Executor {
        Result run(Session session, Args args);
    }

    /** "all TYPE [--top N]", "summarize [--by size|count] [--top N] [ID]": a required argument first, an optional one last. */
    String usage() {
        StringBuilder usage = new StringBuilder(name);
        if (arg != ArgKind.NONE && argRequired) {
            usage.append(' ').append(arg.label);
        }
        for (OptionSpec option : options) {
            usage.append(' ').append(option.usage());
        }
        if (arg != ArgKind.NONE && !argRequired) {
            usage.append(" [").append(arg.label).append(']');
        }
        return usage.toString();
    }

    OptionSpec option(String optionName) {
        for (OptionSpec option : options) {
            if (option.name().equals(optionName)) {
                return option;
            }
        }
        return null;
    }
}
