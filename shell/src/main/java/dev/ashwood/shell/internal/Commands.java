package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapDiff;
import dev.ashwood.loader.Holder;
import dev.ashwood.loader.PathStep;
import dev.ashwood.loader.Retained;
import dev.ashwood.loader.RetainedRow;
import dev.ashwood.loader.Suspect;
import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.loader.SummaryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The command table: every shell command with its arguments, help and executor. */
final class Commands {
    static final int DEFAULT_TOP = 20;
    static final int DEFAULT_THRESHOLD = 10;

    private Commands() {}

    static CommandTable table() {
        List<CommandSpec> commands = new ArrayList<>();
        commands.add(new CommandSpec("summarize", List.of(), ArgKind.ID, false,
                List.of(OptionSpec.by(), OptionSpec.top(DEFAULT_TOP), OptionSpec.flag("--retained",
                        "per type, the bytes its objects retain together (each object counted once), largest first")),
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
                "count and bytes of everything ID reaches, itself included, each object once (not what freeing it "
                        + "frees: see retained)", Commands::total));
        commands.add(new CommandSpec("retained", List.of(), ArgKind.ID, true, List.of(),
                "what would be freed if ID went away (its dominator subtree), and its immediate dominator",
                Commands::retained));
        commands.add(new CommandSpec("dominators", List.of(), ArgKind.ID, false, List.of(OptionSpec.top(DEFAULT_TOP)),
                "the objects ID immediately dominates, largest retained first; without ID the biggest retainers",
                Commands::dominators));
        commands.add(new CommandSpec("suspects", List.of(), ArgKind.NONE, false,
                List.of(new OptionSpec("--threshold", "PERCENT", List.of(),
                        "the share of the heap a suspect retains, more than (default " + DEFAULT_THRESHOLD + ")")),
                "likely leaks: objects and same-type groups retaining over 10% of the heap, with paths from GC roots",
                Commands::suspects));
        commands.add(new CommandSpec("all", List.of(), ArgKind.TYPE, true, List.of(OptionSpec.top(DEFAULT_TOP),
                new OptionSpec("--by", "size|retained", List.of("size", "retained"),
                        "order by shallow size (default) or by retained bytes")),
                "the objects of one type, largest first", Commands::all));
        commands.add(new CommandSpec("diff", List.of(), ArgKind.FILE, true, List.of(OptionSpec.top(DEFAULT_TOP)),
                "what grew since an older dump FILE: per type, and with identity which objects are new and what holds them",
                Commands::diff));
        commands.add(new CommandSpec("new", List.of(), ArgKind.TYPE, true, List.of(OptionSpec.top(DEFAULT_TOP)),
                "the objects of one type that the last diff found new, largest first", (session, args) -> changed(session, args, true)));
        commands.add(new CommandSpec("gone", List.of(), ArgKind.TYPE, true, List.of(OptionSpec.top(DEFAULT_TOP)),
                "the objects of one type in the last diff's older dump that are gone, largest first",
                (session, args) -> changed(session, args, false)));
        commands.add(new CommandSpec("collapse", List.of(), ArgKind.NONE, false, List.of(),
                "fold helper objects into their owners (Meliae: instance dicts) so owners show their real cost",
                (session, args) -> {
                    session.forgetDiff();
                    return CountResult.collapsed(session.heap().collapse());
                }));
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
        if (args.has("--retained")) {
            return summarizeRetained(session, args);
        }
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

    private static Result summarizeRetained(Session session, Args args) {
        if (args.positional() != null || args.has("--by")) {
            throw new CommandException("summarize: --retained covers the whole heap, ordered by retained bytes; "
                    + "it takes neither ID nor --by");
        }
        Heap heap = session.retainedHeap();
        List<RetainedRow> all = heap.summarizeRetained();
        Summary plain = heap.summarize(SummaryOptions.all().top(Integer.MAX_VALUE));
        Map<String, SummaryRow> byType = new HashMap<>();
        plain.rows().forEach(row -> byType.put(row.type(), row));
        List<RetainedRow> rows = all.subList(0, Math.min(args.limit("--top", DEFAULT_TOP), all.size()));
        rows.forEach(row -> session.remember(byType.get(row.type()).maxAddress()));
        return new RetainedSummaryResult(plain.objects(), plain.types(), plain.bytes(), rows, byType);
    }

    private static Result retained(Session session, Args args) {
        int index = session.index(args);
        Heap heap = session.retainedHeap();
        Retained r = heap.retained(index);
        ObjectRow dominator = r.dominator() == Retained.VIRTUAL_ROOT ? null : session.row(r.dominator(), null);
        return new RetainedResult(ObjectRow.of(heap, index, null), r, dominator, whyNoDominator(heap, index, r, false),
                heap.totalBytes());
    }

    /**
     * Why only the virtual root dominates the object, the one reason that applies (null when an
     * object does): "none" alone would leave the user three guesses. {@code rootsListed}: the
     * output lists the object's GC roots already (show's "GC root:" line), so naming them again
     * would only repeat up to three of them.
     */
    static String whyNoDominator(Heap heap, int index, Retained r, boolean rootsListed) {
        if (r.dominator() != Retained.VIRTUAL_ROOT) {
            return null;
        }
        boolean withRoots = heap.unreached().fromRoots() || !heap.roots(index).isEmpty();
        if (!heap.roots(index).isEmpty()) {
            return rootsListed ? "none: it is a GC root"
                    : "none: it is a GC root (" + RootText.line(heap.gcRoots(index), 3, "show lists them") + ")";
        }
        if (heap.awaitingFinalization(index)) {
            return "none: it awaits finalization (only a java.lang.ref.Finalizer's referent leads to it)";
        }
        if (!heap.reached(index)) {
            return withRoots ? "none: no GC root reaches it (garbage the dump kept)"
                    : "none: no object that nothing refers to reaches it (a reference cycle)";
        }
        if (!withRoots && heap.referrers(index).length == 0) {
            return "none: nothing refers to it (this dump records no GC roots: such objects stand in for them)";
        }
        return withRoots ? "none: it is held from more than one GC root" : "none: it is held from more than one root-less object";
    }

    private static Result dominators(Session session, Args args) {
        int index = args.positional() == null ? Retained.VIRTUAL_ROOT : session.index(args);
        Heap heap = session.retainedHeap();
        int[] children = heap.dominated(index);
        int top = args.limit("--top", DEFAULT_TOP);
        List<DominatorsResult.Row> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(top, children.length); k++) {
            int c = children[k];
            Retained r = heap.retained(c);
            ObjectRow row = session.row(c, null);
            String label = row.label() != null ? row.label() : heap.length(c) >= 0 ? "len " + heap.length(c) : null;
            rows.add(new DominatorsResult.Row(row, label, r.objects(), r.bytes(), !heap.reached(c),
                    heap.awaitingFinalization(c)));
        }
        ObjectRow parent = index == Retained.VIRTUAL_ROOT ? null : ObjectRow.of(heap, index, null);
        return new DominatorsResult(parent, rows, children.length, heap.totalBytes(), heap.unreached().fromRoots());
    }

    private static Result suspects(Session session, Args args) {
        String text = args.option("--threshold", Integer.toString(DEFAULT_THRESHOLD));
        double percent;
        try {
            percent = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
        } catch (NumberFormatException e) {
            percent = -1;
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new CommandException("suspects: --threshold needs a percentage above 0 and at most 100, not '" + text + "'");
        }
        Heap heap = session.retainedHeap();
        List<SuspectsResult.Entry> entries = new ArrayList<>();
        for (Suspect s : heap.suspects(percent / 100)) {
            ObjectRow object = s.index() == Retained.VIRTUAL_ROOT ? null : session.row(s.index(), null);
            ObjectRow accumulation = s.accumulation() < 0 ? null : session.row(s.accumulation(), null);
            PathResult path = s.index() == Retained.VIRTUAL_ROOT ? null : pathResult(session, s.index(), s.path());
            entries.add(new SuspectsResult.Entry(s.group(), s.type(), s.members(), s.retainedObjects(),
                    s.retainedBytes(), object, accumulation, s.belowType(), s.belowCount(), s.belowBytes(), path));
        }
        return new SuspectsResult(percent, heap.totalBytes(), entries, heap.unreached(), heap.awaitingFinalization());
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
        Retained retained = session.retainedHeap().retained(index);
        ObjectRow dominator = retained.dominator() == Retained.VIRTUAL_ROOT ? null : session.row(retained.dominator(), null);
        return new ShowResult(session.row(index, null), heap.length(index), heap.value(index), heap.name(index),
                heap.roots(index), heap.gcRoots(index), refIds, fields, firstRefs, referrerIds, firstReferrers, retained, dominator,
                whyNoDominator(session.retainedHeap(), index, retained, true), heap.totalBytes());
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
        return pathResult(session, index, session.heap().path(index));
    }

    private static PathResult pathResult(Session session, int index, List<PathStep> steps) {
        Heap heap = session.heap();
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
        boolean byRetained = args.option("--by", "size").equals("retained");
        if (byRetained) {
            heap = session.retainedHeap();
        }
        int[] objects = byRetained ? heap.allByRetained(type) : heap.all(type);
        int top = args.limit("--top", DEFAULT_TOP);
        List<ObjectRow> rows = new ArrayList<>();
        long[] retained = byRetained ? new long[Math.min(top, objects.length)] : null;
        for (int k = 0; k < Math.min(top, objects.length); k++) {
            rows.add(session.row(objects[k], null));
            if (byRetained) {
                retained[k] = heap.retained(objects[k]).bytes();
            }
        }
        return new AllResult(type, rows, objects.length, retained);
    }

    private static Result diff(Session session, Args args) {
        Path file = Path.of(args.positional());
        List<String> warnings = new ArrayList<>();
        Heap loaded = session.heap();
        Heap other = HeapOpener.open(file, (done, total) -> { }, warnings::add);
        String name = file.toString();
        List<String> notes = new ArrayList<>();
        if (!loaded.rewrites().isEmpty()) {
            // Collapse folds arrays into their owners: a collapsed heap against one as loaded would
            // show every folded array as gone, so FILE gets the same changes first.
            other.rewriteLike(loaded);
            notes.add(name + " " + String.join(" and ", loaded.rewrites().stream().map(Commands::pastTense).toList())
                    + " as the loaded heap was, so that their types compare alike");
        }
        boolean fileIsLater = Heap.dumpedAfter(other, loaded);
        HeapDiff diff = fileIsLater ? other.diff(loaded) : loaded.diff(other);
        if (fileIsLater) {
            notes.add(name + " is the later dump (" + other.origin().sequence() + " of series " + other.origin().series()
                    + "; the loaded heap is " + loaded.origin().sequence() + "): compared the loaded heap -> " + name
                    + ", so new lists objects of " + name + " and gone objects of the loaded heap");
        }
        session.diff(diff, name);
        int top = args.limit("--top", DEFAULT_TOP);
        if (!fileIsLater) {
            for (Holder h : diff.holders().subList(0, Math.min(top, diff.holders().size()))) {
                if (h.isObject()) {
                    session.remember(h.address());
                }
            }
        }
        return fileIsLater ? new DiffResult("the loaded heap", name, diff, top, warnings, notes)
                : new DiffResult(name, "the loaded heap", diff, top, warnings, notes);
    }

    private static String pastTense(String change) {
        return change.equals(Heap.COLLAPSE) ? "collapsed" : "pruned";
    }

    private static Result changed(Session session, Args args, boolean made) {
        HeapDiff diff = session.lastDiff();
        String command = made ? "new" : "gone";
        if (diff == null) {
            throw new CommandException(command + ": no diff yet; run diff FILE first (collapse forgets it)");
        }
        if (!diff.hasIdentity()) {
            throw new CommandException(command + ": the last diff is per type only (" + diff.note() + ")");
        }
        Heap heap = made ? diff.newer() : diff.older();
        boolean loaded = heap == session.heap();
        String name = loaded ? "the loaded heap" : session.lastDiffName();
        String type = args.positional();
        List<String> types = heap.typeNames();
        if (Collections.binarySearch(types, type) < 0) {
            String nearest = Suggest.nearest(type, types);
            throw new CommandException(command + ": no objects of type '" + type + "' in " + name
                    + (nearest != null ? "; did you mean '" + nearest + "'?" : ""));
        }
        int[] objects = made ? diff.newObjects(type) : diff.goneObjects(type);
        int top = args.limit("--top", DEFAULT_TOP);
        List<ObjectRow> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(top, objects.length); k++) {
            rows.add(loaded ? session.row(objects[k], null) : ObjectRow.of(heap, objects[k], null));
        }
        return new ChangedResult(command, type, session.lastDiffName(), rows, objects.length, diff.newer() != session.heap());
    }

    private static Result help(Session session, Args args) {
        if (args.positional() == null) {
            return new HelpResult(session.table().commands(), false);
        }
        return new HelpResult(List.of(session.table().get(args.positional())), true);
    }
}
