package dev.ashwood.loader.read.jsonl;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.model.Limits;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.read.DumpReader;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.List;

/**
 * The first look at the parsed chunks, in file order: reports the first error in the file (chunks
 * finish out of order, so only here are line numbers absolute), checks the footer is the last
 * record, decides whether the dump is complete, and gathers the root records.
 */
public final class ChunkCheck {
    public final Footer footer;
    public final boolean complete;
    public final LongArrayList rootRefs = new LongArrayList();
    public final IntArrayList rootKinds = new IntArrayList();
    /** Parallel to rootRefs: thread address and frame depth, -1 when none. */
    public final LongArrayList rootThreads = new LongArrayList();
    public final IntArrayList rootDepths = new IntArrayList();

    private ChunkCheck(String file, DumpReader.Result read, List<String> warnings) throws DumpFormatException {
        long lines = 0;
        Footer found = null;
        long footerAt = 0;
        boolean cut = false;
        long bytes = 0;
        for (ParsedChunk c : read.chunks()) {
            if (c.error != null) {
                throw new DumpFormatException(file, lines + c.errorLine, c.error);
            }
            // Each chunk's sum is at most 2^62 (the parser checks), so this cannot overflow either.
            if (bytes + c.bytes > Limits.MAX_TOTAL_BYTES) {
                throw new DumpFormatException(file, lines + c.lines, "the sizes of the records up to this line add up "
                        + "to more than 2^62 bytes (4 EiB): not a real heap");
            }
            bytes += c.bytes;
            if (found != null && (c.records() > 0 || !c.rootRef.isEmpty())) {
                throw new DumpFormatException(file, footerAt, "the footer is not the last record");
            }
            if (c.afterFooterLine != 0) {
                throw new DumpFormatException(file, lines + c.footerLine, "the footer is not the last record");
            }
            if (c.footerLine != 0) {
                found = new Footer(c.footerObjects, c.footerRefs, c.footerBytes, c.footerRoots);
                footerAt = lines + c.footerLine;
            }
            rootRefs.addAll(c.rootRef);
            rootKinds.addAll(c.rootKind);
            rootThreads.addAll(c.rootThread);
            rootDepths.addAll(c.rootDepth);
            c.rootRef.clear();
            c.rootRef.trim();
            cut |= c.cut;
            lines += c.lines;
        }
        footer = found;
        boolean jvm = read.format() == DumpKind.ASHWOOD;
        complete = !cut && !read.cutGzip() && (!jvm || footer != null);
        if (read.cutGzip()) {
            warnings.add(file + ": the dump is incomplete: the gzip stream is cut short; loaded what came before the cut");
        } else if (cut) {
            warnings.add(file + ": the dump is incomplete: its last line is cut short; loaded what came before it");
        } else if (jvm && footer == null) {
            warnings.add(file + ": the dump is incomplete: it has no footer (the writer stopped or the file was cut); loaded what is there");
        }
    }

    public static ChunkCheck run(String file, DumpReader.Result read, List<String> warnings) throws DumpFormatException {
        return new ChunkCheck(file, read, warnings);
    }

    /** What the footer claims (-1 for a count it leaves out), compared with what was read. */
    public record Footer(long objects, long refs, long bytes, long roots) {
        public void compare(String file, Model m, long missingRefs, long rootRecords, List<String> warnings) {
            differs(file, "objects", objects, m.count, warnings);
            differs(file, "references", refs, m.totalRefs() + missingRefs, warnings);
            differs(file, "bytes", bytes, m.totalBytes, warnings);
            differs(file, "roots", roots, rootRecords, warnings);
        }

        private static void differs(String file, String what, long claimed, long read, List<String> warnings) {
            if (claimed >= 0 && claimed != read) {
                warnings.add(file + ": the footer says " + claimed + " " + what + " but the dump holds " + read);
            }
        }
    }
}
