package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.PathStep;
import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The command table: every shell command with its arguments, help and executor. */
final class Commands {
    static final int DEFAULT_TOP = 20;

    private Commands() {}

    static CommandTable table() {
        List<CommandSpec> commands = new ArrayList<>();
        commands.add(new CommandSpec("summarize", List.of(), ArgKind.ID, false,
                List.of(OptionSpec.by(), OptionSpec.top(DEFAULT_TOP)),
                "objects per type: count, total and largest size (of what ID reaches, if given)",
                Commands::summarize));
        commands.add(new CommandSpec("show", List.of(), ArgKind.ID, true, List.of(),
                "one object: type, size, value, GC roots, references and referrers", Commands::show));
        commands.add(new CommandSpec("refs", List.of(), ArgKind.ID, true, List.of(OptionSpec.top(DEFAULT_TOP)),
                "the objects ID refers to, with the field of each reference",
                (session, args) -> neighbours(session, args, "refs")));
        commands.add(new CommandSpec("referrers", List.of(), ArgKind.ID, true, List.of(OptionSpec.top(DEFAULT_TOP)),
                "the objects that refer to ID",
                (session, args) -> neighbours(session, args, "referrers")));
        commands.add(new CommandSpec("path", List.of(), ArgKind.ID, true, List.of(),
                "a shortest chain of references from a GC root to ID: what keeps it alive", Commands::path));
        commands.add(new CommandSpec("total", List.of(), ArgKind.ID, true, List.of(),
                "count and bytes of everything ID reaches, itself included, each object once", Commands::total));
        commands.add(new CommandSpec("all", List.of(), ArgKind.TYPE, true, List.of(OptionSpec.top(DEFAULT_TOP)),
                "the objects of one type, largest first", Commands::all));
        commands.add(new CommandSpec("collapse", List.of(), ArgKind.NONE, false, List.of(),
                "fold helper objects into their owners (Meliae: instance dicts) so owners show their real cost",
                (session, args) -> CountResult.collapsed(session.heap().collapse())));
        commands.add(new CommandSpec("prune", List.of(), ArgKind.NONE, false, List.of(),
                "drop the references that make everything reach everything (to classes and loaders; Meliae: modules, "
                        + "frames, types), so total and summarize ID measure what an object holds",
                (session, args) -> CountResult.pruned(session.heap().removeExpensiveReferences())));
        commands.add(new CommandSpec("help", List.of(), ArgKind.COMMAND, false, List.of(),
                "list the commands, or describe one", Commands::help));
        commands.add(new CommandSpec("quit", List.of("exit"), ArgKind.NONE, false, List.of(),
                "leave the shell; exit and Ctrl-D do too", (session, args) -> QuitResult.INSTANCE));
        return new CommandTable(commands);
    }

    private static Result summarize(Session session, Args args) {
        SummaryOptions options = SummaryOptions.all()
                .by(args.option("--by", "size").equals("count") ? SummaryOptions.Order.COUNT : SummaryOptions.Order.SIZE)
                .top(args.limit("--top", DEFAULT_TOP));
        if (args.positional() != null) {
            options = options.from(session.index(args));
        }
        Summary summary = session.heap().summarize(options);
        summary.rows().forEach(row -> session.remember(row.maxAddress()));
        return SummaryResult.of(session.heap(), summary);
    }

    private static Result show(Session session, Args args) {
        Heap heap = session.heap();
        int index = session.index(args);
        int[] refs = heap.refs(index);
        long[] refIds = new long[refs.length];
        String[] fields = refs.length > 0 && heap.field(index, 0) != null ? new String[refs.length] : null;
        List<ObjectRow> firstRefs = new ArrayList<>();
        for (int k = 0; k < refs.length; k++) {
            refIds[k] = heap.address(refs[k]);
            if (fields != null) {
                fields[k] = heap.field(index, k);
            }
            if (k < ShowResult.SHOWN) {
                firstRefs.add(session.row(refs[k], heap.field(index, k)));
            }
        }
        int[] referrers = heap.referrers(index);
        long[] referrerIds = new long[referrers.length];
        List<ObjectRow> firstReferrers = new ArrayList<>();
        for (int k = 0; k < referrers.length; k++) {
            referrerIds[k] = heap.address(referrers[k]);
            if (k < ShowResult.SHOWN) {
                firstReferrers.add(session.row(referrers[k], null));
            }
        }
        return new ShowResult(session.row(index, null), heap.length(index), heap.value(index), heap.name(index),
                heap.roots(index), refIds, fields, firstRefs, referrerIds, firstReferrers);
    }

    private static Result neighbours(Session session, Args args, String key) {
        Heap heap = session.heap();
        int index = session.index(args);
        int top = args.limit("--top", DEFAULT_TOP);
        boolean outgoing = key.equals("refs");
        int[] targets = outgoing ? heap.refs(index) : heap.referrers(index);
        List<ObjectRow> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(top, targets.length); k++) {
            rows.add(session.row(targets[k], outgoing ? heap.field(index, k) : null));
        }
        return new NeighboursResult(key, heap.address(index), rows, targets.length);
    }

    private static Result path(Session session, Args args) {
        int index = session.index(args);
        return pathResult(session, index);
    }

    /** The path to one object with a label per step; the demo prints the same. */
    static PathResult pathResult(Session session, int index) {
        Heap heap = session.heap();
        List<PathStep> steps = heap.path(index);
        List<String> labels = new ArrayList<>();
        for (PathStep step : steps) {
            session.remember(step.address());
            int stepIndex = heap.indexOf(step.address());
            labels.add(stepIndex < 0 ? null : ObjectRow.label(heap, stepIndex));
        }
        return new PathResult(heap.address(index), steps, labels);
    }

    private static Result total(Session session, Args args) {
        int index = session.index(args);
        return new TotalResult(session.heap().total(index), session.heap().type(index));
    }

    private static Result all(Session session, Args args) {
        Heap heap = session.heap();
        String type = args.positional();
        List<String> types = heap.typeNames();
        if (Collections.binarySearch(types, type) < 0) {
            String nearest = Suggest.nearest(type, types);
            throw new CommandException("all: no objects of type '" + type + "'"
                    + (nearest != null ? "; did you mean '" + nearest + "'?" : "; summarize lists the types"));
        }
        int[] objects = heap.all(type);
        int top = args.limit("--top", DEFAULT_TOP);
        List<ObjectRow> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(top, objects.length); k++) {
            rows.add(session.row(objects[k], null));
        }
        return new AllResult(type, rows, objects.length);
    }

    private static Result help(Session session, Args args) {
        if (args.positional() == null) {
            return new HelpResult(session.table().commands(), false);
        }
        return new HelpResult(List.of(session.table().get(args.positional())), true);
    }
}
