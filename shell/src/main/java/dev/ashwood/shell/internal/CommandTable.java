package dev.ashwood.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shell's commands by name and alias; the single source for help, completion and dispatch. */
final class CommandTable {
    private final List<CommandSpec> commands;
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();

    CommandTable(List<CommandSpec> commands) {
        this.commands = List.copyOf(commands);
        for (CommandSpec command : commands) {
            byName.put(command.name(), command);
            for (String alias : command.aliases()) {
                byName.put(alias, command);
            }
        }
    }

    List<CommandSpec> commands() {
        return commands;
    }

    /** Every name and alias, in table order. */
    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The command called {@code name}, or CommandException with the nearest name as a suggestion. */
    CommandSpec get(String name) {
        CommandSpec command = byName.get(name);
        if (command == null) {
            String nearest = Suggest.nearest(name, byName.keySet());
            throw new CommandException("unknown command '" + name + "'"
                    + (nearest != null ? "; did you mean '" + nearest + "'?" : "; help lists the commands"));
        }
        return command;
    }

    /** A parsed command line: the command and its checked arguments. */
    record Invocation(CommandSpec command, Args args) {}

    /**
     * Parses one line: null for a blank line or a {@code #} comment; CommandException for an
     * unknown command or bad options. Ids and type names are checked later, against the heap.
     */
    Invocation parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        List<String> words = Tokenizer.split(trimmed);
        CommandSpec command = get(words.get(0));
        return new Invocation(command, Args.parse(command, words.subList(1, words.size())));
    }

    /** The command called {@code name}, or null. */
    CommandSpec find(String name) {
        return byName.get(name);
    }
}
