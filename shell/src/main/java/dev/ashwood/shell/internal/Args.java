package dev.ashwood.shell.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The options and positional argument of one command line, checked against its {@link CommandSpec}. */
final class Args {
    private final CommandSpec spec;
    private final Map<String, String> options = new HashMap<>();
    private String positional;

    private Args(CommandSpec spec) {
        this.spec = spec;
    }

    /** Parses the words after the command name; throws CommandException naming what is wrong. */
    static Args parse(CommandSpec spec, List<String> words) {
        Args args = new Args(spec);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("--")) {
                int eq = word.indexOf('=');
                String name = eq < 0 ? word : word.substring(0, eq);
                OptionSpec option = spec.option(name);
                if (option == null) {
                    String nearest = Suggest.nearest(name, spec.options().stream().map(OptionSpec::name).toList());
                    throw new CommandException(spec.name() + ": unknown option " + name
                            + (nearest != null ? "; did you mean " + nearest + "?" : ";") + " usage: " + spec.usage());
                }
                String value;
                if (option.isFlag()) {
                    if (eq >= 0) {
                        throw new CommandException(spec.name() + ": " + name + " takes no value");
                    }
                    value = "true";
                } else if (eq >= 0) {
                    value = word.substring(eq + 1);
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw new CommandException(spec.name() + ": " + name + " needs a value (" + option.label() + ")");
                }
                if (!option.choices().isEmpty() && !option.choices().contains(value)) {
                    throw new CommandException(spec.name() + ": " + name + " must be one of "
                            + String.join(", ", option.choices()) + ", not '" + value + "'");
                }
                args.options.put(name, value);
            } else if (spec.arg() != ArgKind.NONE && args.positional == null) {
                args.positional = word;
            } else {
                throw new CommandException(spec.name() + ": unexpected argument '" + word + "'; usage: " + spec.usage());
            }
        }
        if (spec.argRequired() && args.positional == null) {
            throw new CommandException(spec.name() + ": missing " + spec.arg().label + "; usage: " + spec.usage());
        }
        return args;
    }

    /** The positional argument, or null when it was optional and not given. */
    String positional() {
        return positional;
    }

    /** Whether the flag or option was given. */
    boolean has(String name) {
        return options.containsKey(name);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** A non-negative integer option; 0 means "no limit" and is returned as Integer.MAX_VALUE. */
    int limit(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new CommandException(spec.name() + ": " + name + " needs a whole number >= 0, not '" + value + "'");
        }
        return n == 0 ? Integer.MAX_VALUE : n;
    }

    /**
     * The positional argument read as an object id: a decimal address as written in the dump (Meliae
     * addresses are unsigned 64-bit) or 0x-prefixed hex, as Python prints {@code id()}.
     */
    long id() {
        String text = positional;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new CommandException(spec.name() + ": '" + text + "' is not an object id (ids are the dump's addresses, e.g. 840)");
        }
    }
}
