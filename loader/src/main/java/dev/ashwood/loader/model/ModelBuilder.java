package dev.ashwood.loader.model;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.read.DumpReader;
import dev.ashwood.loader.read.jsonl.ChunkCheck;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Turns parsed chunks into a {@link Model}: {@link ChunkCheck} first (errors, footer,
 * completeness), then objects numbered in address order ({@link AddressIndex}), then
 * {@link Placement}, column by column. Each chunk's list for a column is released as soon as it is
 * copied, which keeps the loading peak under twice the final model.
 */
public final class ModelBuilder {
    private final String file;
    private final int threads;
    private final List<String> warnings;
    private boolean complete;

    public ModelBuilder(String file, int threads, List<String> warnings) {
        this.file = file;
        this.threads = threads;
        this.warnings = warnings;
    }

    /** After {@link #build}: the dump ended with its footer and was not cut. */
    public boolean complete() {
        return complete;
    }

    public Model build(DumpReader.Result read, Tables tables) throws DumpFormatException {
        List<ParsedChunk> chunks = read.chunks();
        Trace trace = Trace.start();
        ChunkCheck check = ChunkCheck.run(file, read, warnings);
        complete = check.complete;
        long records = chunks.stream().mapToLong(ParsedChunk::records).sum();
        if (records > Integer.MAX_VALUE - 8) {
            throw new DumpFormatException(file, 1, "more than 2^31 objects: too many for this loader");
        }
        AddressIndex index = addressIndex(chunks, (int) records);
        boolean duplicates = index.count() < records;
        trace.phase("  index");
        Placement placed = new Placement(chunks, index, read.format(), tables.shapes, duplicates);
        if (!placed.run(this::runAll)) {
            throw new DumpFormatException(file, 1, "more than 2^31 references: too many for this loader");
        }
        trace.phase("  placement");

        RootFrames[] frames = new RootFrames[1];
        long[] roots = resolveRoots(check, index, frames);
        Model model = new Model(read.format(), read.runtime(), tables, index, placed.type, placed.size, placed.length, placed.value,
                placed.names, placed.refStart, placed.refs, placed.shape, roots, frames[0]);
        if (duplicates) {
            warnings.add(file + ": " + (records - index.count())
                    + " records repeat an address seen before (the first record of each address was kept)");
        }
        long missing = placed.missing.get();
        if (missing > 0) {
            warnings.add(file + ": " + missing + (read.format() == DumpKind.HPROF
                    // HotSpot does not write its shared archive's heap objects (CDS): on JDK 17 the
                    // elements of archived Object[]s, on JDK 24+ also archived mirrors. Not corruption.
                    ? " references name objects that are not in the dump (left out of the model): most likely objects of"
                            + " the JVM's shared class-data archive (CDS), which HotSpot does not write into heap dumps"
                    : " references name addresses that have no record (left out of the model)"));
        }
        if (check.footer != null && complete) {
            check.footer.compare(file, model, missing, check.rootRefs.size(), warnings);
        }
        return model;
    }

    /** Dense when the addresses are exactly min..max once each (an ashwood dump's ids), else ranked or sorted, whichever is smaller. */
    private static AddressIndex addressIndex(List<ParsedChunk> chunks, int records) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (ParsedChunk c : chunks) {
            if (c.bounded) {
                min = Math.min(min, c.minAddress);
                max = Math.max(max, c.maxAddress);
                continue;
            }
            for (int r = 0, n = c.records(); r < n; r++) {
                long a = c.address.get(r);
                min = Math.min(min, a);
                max = Math.max(max, a);
            }
        }
        if (records > 0 && max - min == records - 1) {
            BitSet seen = new BitSet(records);
            boolean distinct = true;
            for (ParsedChunk c : chunks) {
                for (int r = 0, n = c.records(); r < n && distinct; r++) {
                    int bit = (int) (c.address.get(r) - min);
                    distinct = !seen.get(bit);
                    seen.set(bit);
                }
            }
            if (distinct) {
                return AddressIndex.dense(min, records);
            }
        }
        AddressIndex ranked = AddressIndex.rankedOrNull(min, max, records, sink -> {
            for (ParsedChunk c : chunks) {
                for (int r = 0, n = c.records(); r < n; r++) {
                    sink.accept(c.address.get(r));
                }
            }
        });
        if (ranked != null) {
            return ranked; // no sort, no array of every address (HPROF's addresses / 8)
        }
        long[] all = new long[records];
        int o = 0;
        for (ParsedChunk c : chunks) {
            for (int r = 0, n = c.records(); r < n; r++) {
                all[o++] = c.address.get(r);
            }
        }
        Arrays.parallelSort(all);
        return AddressIndex.of(distinctPrefix(all));
    }

    /**
     * The root records as sorted, distinct {@code index << 32 | kind}; unknown addresses warned.
     * Those naming a thread or a frame also go, with them, into {@code frames[0]}.
     */
    private long[] resolveRoots(ChunkCheck check, AddressIndex index, RootFrames[] frames) {
        LongArrayList refs = check.rootRefs;
        IntArrayList kinds = check.rootKinds;
        long[] out = new long[refs.size()];
        int[] frameObject = new int[0];
        int[] frameKind = new int[0];
        long[] frameThread = new long[0];
        int[] frameDepth = new int[0];
        int f = 0;
        int o = 0;
        for (int j = 0; j < out.length; j++) {
            int i = index.indexOf(refs.getLong(j));
            if (i < 0) {
                continue;
            }
            out[o++] = (long) i << 32 | kinds.getInt(j);
            long thread = check.rootThreads.getLong(j);
            int depth = check.rootDepths.getInt(j);
            if (thread != RootFrames.NO_THREAD || depth != RootFrames.NO_DEPTH) {
                if (f == frameObject.length) {
                    int grown = Math.max(16, f * 2);
                    frameObject = Arrays.copyOf(frameObject, grown);
                    frameKind = Arrays.copyOf(frameKind, grown);
                    frameThread = Arrays.copyOf(frameThread, grown);
                    frameDepth = Arrays.copyOf(frameDepth, grown);
                }
                frameObject[f] = i;
                frameKind[f] = kinds.getInt(j);
                frameThread[f] = thread;
                frameDepth[f] = depth;
                f++;
            }
        }
        if (o < out.length) {
            warnings.add(file + ": " + (out.length - o) + " root records name addresses that have no record (left out)");
        }
        frames[0] = RootFrames.of(frameObject, frameKind, frameThread, frameDepth, f);
        Arrays.sort(out, 0, o);
        return distinctPrefix(Arrays.copyOf(out, o));
    }

    /** A sorted array without repeats (in place when there are none). */
    private static long[] distinctPrefix(long[] sorted) {
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct);
    }

    private void runAll(IntStream work, IntConsumer task) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> work.forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.interrupted();
            throw new CancellationException("loading " + file + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdown();
        }
    }
}
