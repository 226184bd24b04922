package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion driven by the command table: command names first, then the command's options,
 * an option's values, and its positional argument by kind (ids, type names, command names).
 */
final class ReplCompleter implements Completer {
    /** Enough ids to pick from without making Tab list a whole heap. */
    private static final int MAX_IDS = 100;

    private final Session session;

    ReplCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        CommandTable table = session.table();
        if (line.wordIndex() == 0) {
            for (CommandSpec command : table.commands()) {
                candidates.add(new Candidate(command.name(), command.name(), null, command.help(), null, null, true));
                command.aliases().forEach(alias -> candidates.add(new Candidate(alias)));
            }
            return;
        }
        CommandSpec command = table.find(line.words().get(0));
        if (command == null) {
            return;
        }
        OptionSpec valueOf = command.option(line.words().get(line.wordIndex() - 1));
        if (valueOf != null && !valueOf.isFlag()) {
            valueOf.choices().forEach(choice -> candidates.add(new Candidate(choice)));
            return;
        }
        String word = line.word().substring(0, line.wordCursor());
        if (word.isEmpty() || word.startsWith("-")) {
            for (OptionSpec option : command.options()) {
                if (!line.words().contains(option.name())) {
                    candidates.add(new Candidate(option.name(), option.name(), null, option.help(), null, null, true));
                }
            }
        }
        if (word.startsWith("-")) {
            return;
        }
        switch (command.arg()) {
            case ID -> ids(word, candidates);
            case TYPE -> session.heap().typeNames().forEach(type -> candidates.add(new Candidate(type)));
            case COMMAND -> table.commands().forEach(c -> candidates.add(new Candidate(c.name())));
            case NONE, FILE -> { }
        }
    }

    /** Recently shown ids first, then (once a digit is typed) any id of the heap with that prefix. */
    private void ids(String prefix, List<Candidate> candidates) {
        Heap heap = session.heap();
        Set<Long> ids = new LinkedHashSet<>();
        for (long id : session.recentIds()) {
            if (Long.toString(id).startsWith(prefix)) {
                ids.add(id);
            }
        }
        if (!prefix.isEmpty()) {
            for (int i = 0, n = heap.objectCount(); i < n && ids.size() < MAX_IDS; i++) {
                long id = heap.address(i);
                if (Long.toString(id).startsWith(prefix)) {
                    ids.add(id);
                }
            }
        }
        for (long id : ids) {
            String text = Long.toString(id);
            candidates.add(new Candidate(text, text, null, heap.type(heap.indexOf(id)), null, null, true));
        }
    }
}
