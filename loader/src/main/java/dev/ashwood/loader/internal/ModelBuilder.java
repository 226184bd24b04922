package dev.ashwood.loader.internal;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Turns parsed chunks into a {@link Model}: checks the chunks in file order (the first error in the
 * file wins), numbers objects in address order, resolves every reference address to an index, and
 * lays the refs out in CSR form. Each chunk's parsed lists are released as soon as they are copied,
 * which keeps the peak under twice the final model.
 */
public final class ModelBuilder {
    private final String file;
    private final int threads;
    private final List<String> warnings;

    /** Set by {@link #build}: the dump ended with its footer and was not cut. */
    private boolean complete;

    public ModelBuilder(String file, int threads, List<String> warnings) {
        this.file = file;
        this.threads = threads;
        this.warnings = warnings;
    }

    public boolean complete() {
        return complete;
    }

    public Model build(DumpReader.Result read, Tables tables) throws DumpFormatException {
        List<ParsedChunk> chunks = read.chunks();
        Footer footer = check(read, chunks);

        long records = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (ParsedChunk c : chunks) {
            records += c.records();
            for (int r = 0, n = c.records(); r < n; r++) {
                long a = c.address.get(r);
                min = Math.min(min, a);
                max = Math.max(max, a);
            }
        }
        if (records > Integer.MAX_VALUE - 8) {
            throw new DumpFormatException(file, 1, "more than 2^31 objects: too many for this loader");
        }
        AddressIndex index = addressIndex(chunks, (int) records, min, max);
        int n = index.count();
        boolean duplicates = n < records;
        boolean jvm = read.kind() == DumpKind.ASHWOOD;

        int[] type = new int[n];
        SmallLongs size = new SmallLongs(n);
        SmallLongs length = new SmallLongs(n);
        int[] value = new int[n];
        int[] shape = jvm ? new int[n] : null;
        int[] refStart = new int[n + 1];
        Int2IntOpenHashMap names = new Int2IntOpenHashMap();
        AtomicLong missing = new AtomicLong();
        int[][] recIndex = new int[chunks.size()][];
        int[][] resolved = new int[chunks.size()][];
        BitSet taken = duplicates ? new BitSet(n) : null;

        // Pass A: per-object attributes and refs resolved to indexes. Without duplicate addresses
        // every chunk writes distinct slots, so chunks go in parallel; with them, "first record
        // wins" needs file order.
        IntStream chunkIds = IntStream.range(0, chunks.size());
        runAll(duplicates ? chunkIds : chunkIds.parallel(), c -> {
            ParsedChunk chunk = chunks.get(c);
            int recs = chunk.records();
            int[] idx = new int[recs];
            int[] out = new int[chunk.refs.size()];
            int o = 0;
            int k = 0;
            long lost = 0;
            for (int r = 0; r < recs; r++) {
                int i = index.indexOf(chunk.address.get(r));
                int count = chunk.refCount.getInt(r);
                if (taken != null) {
                    if (taken.get(i)) {
                        idx[r] = -1;
                        k += count;
                        continue;
                    }
                    taken.set(i);
                }
                idx[r] = i;
                type[i] = chunk.type.getInt(r);
                size.set(i, chunk.size.get(r));
                length.set(i, chunk.length.getInt(r));
                value[i] = chunk.value.getInt(r);
                int first = o;
                int dropped = 0;
                for (int end = k + count; k < end; k++) {
                    int t = index.indexOf(chunk.refs.get(k));
                    if (t < 0) {
                        dropped++;
                    } else {
                        out[o++] = t;
                    }
                }
                refStart[i + 1] = o - first;
                if (jvm) {
                    int sh = chunk.shape.getInt(r);
                    shape[i] = dropped == 0 ? sh : withoutMissing(tables.shapes, sh, chunk, k - count, count, index);
                }
                lost += dropped;
            }
            for (int j = 0; j < chunk.nameRecord.size(); j++) {
                int i = idx[chunk.nameRecord.getInt(j)];
                if (i >= 0) {
                    synchronized (names) {
                        names.put(i, chunk.nameId.getInt(j));
                    }
                }
            }
            missing.addAndGet(lost);
            recIndex[c] = idx;
            resolved[c] = out;
            chunk.releaseRecords();
        });
        for (int i = 0; i < n; i++) {
            refStart[i + 1] += refStart[i];
            if (refStart[i + 1] < 0) {
                throw new DumpFormatException(file, 1, "more than 2^31 references: too many for this loader");
            }
        }
        int[] refs = new int[refStart[n]];
        // Pass B: each object's resolved refs to its CSR slot; chunks write disjoint ranges.
        runAll(IntStream.range(0, chunks.size()).parallel(), c -> {
            ParsedChunk chunk = chunks.get(c);
            int[] idx = recIndex[c];
            int[] out = resolved[c];
            int o = 0;
            for (int r = 0; r < idx.length; r++) {
                int i = idx[r];
                if (i < 0) {
                    continue;
                }
                int count = refStart[i + 1] - refStart[i];
                System.arraycopy(out, o, refs, refStart[i], count);
                o += count;
            }
            recIndex[c] = null;
            resolved[c] = null;
            chunks.set(c, null);
        });
        int rootRecords = rootsFound.size();
        long[] roots = resolveRoots(index);

        if (duplicates) {
            warnings.add(file + ": " + (records - n) + " records repeat an address seen before (the first record of each address was kept)");
        }
        if (missing.get() > 0) {
            warnings.add(file + ": " + missing.get() + " references name addresses that have no record (left out of the model)");
        }
        if (footer != null && complete) {
            footer.compare(file, n, refs.length + missing.get(), rootRecords, warnings);
        }
        return new Model(read.kind(), tables, index, type, size, length, value, names, refStart, refs, shape, roots);
    }

    /** The shape of an object's refs once the refs naming no record are dropped. */
    private static int withoutMissing(ShapeTable shapes, int shape, ParsedChunk chunk, int from, int count,
            AddressIndex index) {
        int[] codes = new int[count];
        int kept = 0;
        for (int k = 0; k < count; k++) {
            if (index.indexOf(chunk.refs.get(from + k)) >= 0) {
                codes[kept++] = shapes.code(shape, k);
            }
        }
        return shapes.intern(codes, 0, kept);
    }

    /** The dense or sorted address index over every record's address. */
    private static AddressIndex addressIndex(List<ParsedChunk> chunks, int records, long min, long max) {
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
        long[] all = new long[records];
        int o = 0;
        for (ParsedChunk c : chunks) {
            for (int r = 0, n = c.records(); r < n; r++) {
                all[o++] = c.address.get(r);
            }
        }
        Arrays.parallelSort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[distinct - 1]) {
                all[distinct++] = all[i];
            }
        }
        return AddressIndex.of(distinct == all.length ? all : Arrays.copyOf(all, distinct));
    }

    private LongArrayList rootsFound;
    private IntArrayList rootKindsFound;

    private long[] resolveRoots(AddressIndex index) {
        long[] out = new long[rootsFound.size()];
        int o = 0;
        long lost = 0;
        for (int j = 0; j < out.length; j++) {
            int i = index.indexOf(rootsFound.getLong(j));
            if (i < 0) {
                lost++;
            } else {
                out[o++] = (long) i << 32 | rootKindsFound.getInt(j);
            }
        }
        if (lost > 0) {
            warnings.add(file + ": " + lost + " root records name addresses that have no record (left out)");
        }
        Arrays.sort(out, 0, o);
        int distinct = 0;
        for (int j = 0; j < o; j++) {
            if (distinct == 0 || out[j] != out[distinct - 1]) {
                out[distinct++] = out[j];
            }
        }
        return Arrays.copyOf(out, distinct);
    }

    /**
     * Reports the first error in file order; checks the footer is last; decides completeness and
     * collects the roots.
     */
    private Footer check(DumpReader.Result read, List<ParsedChunk> chunks) throws DumpFormatException {
        long lines = 0;
        Footer footer = null;
        long footerAt = 0;
        rootsFound = new LongArrayList();
        rootKindsFound = new IntArrayList();
        boolean cut = false;
        for (ParsedChunk c : chunks) {
            if (c.error != null) {
                throw new DumpFormatException(file, lines + c.errorLine, c.error);
            }
            if (footer != null && (c.records() > 0 || !c.rootRef.isEmpty())) {
                throw new DumpFormatException(file, footerAt, "the footer is not the last record");
            }
            if (c.afterFooterLine != 0) {
                throw new DumpFormatException(file, lines + c.footerLine, "the footer is not the last record");
            }
            if (c.footerLine != 0) {
                footer = new Footer(c.footerObjects, c.footerRefs, c.footerBytes, c.footerRoots);
                footerAt = lines + c.footerLine;
            }
            rootsFound.addAll(c.rootRef);
            rootKindsFound.addAll(c.rootKind);
            c.rootRef.clear();
            c.rootRef.trim();
            cut |= c.cut;
            lines += c.lines;
        }
        boolean jvm = read.kind() == DumpKind.ASHWOOD;
        complete = !cut && !read.cutGzip() && (!jvm || footer != null);
        if (read.cutGzip()) {
            warnings.add(file + ": the dump is incomplete: the gzip stream is cut short; loaded what came before the cut");
        } else if (cut) {
            warnings.add(file + ": the dump is incomplete: its last line is cut short; loaded what came before it");
        } else if (jvm && footer == null) {
            warnings.add(file + ": the dump is incomplete: it has no footer (the writer stopped or the file was cut); loaded what is there");
        }
        return footer;
    }

    private void runAll(IntStream work, java.util.function.IntConsumer task) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> work.forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("loading " + file + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdown();
        }
    }

    /** What the footer claims, compared with what was read. */
    private record Footer(long objects, long refs, long bytes, long roots) {
        void compare(String file, long readObjects, long readRefs, long readRoots, List<String> warnings) {
            if (objects >= 0 && objects != readObjects) {
                warnings.add(file + ": the footer says " + objects + " objects but the dump holds " + readObjects);
            }
            if (refs >= 0 && refs != readRefs) {
                warnings.add(file + ": the footer says " + refs + " references but the dump holds " + readRefs);
            }
            if (roots >= 0 && roots != readRoots) {
                warnings.add(file + ": the footer says " + roots + " roots but the dump holds " + readRoots);
            }
        }
    }
}
