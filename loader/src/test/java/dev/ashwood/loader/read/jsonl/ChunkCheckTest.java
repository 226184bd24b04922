package dev.ashwood.loader.read.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.model.Limits;
import dev.ashwood.loader.read.DumpReader;
import dev.ashwood.loader.runtime.RuntimeRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bound on a whole dump's bytes, across chunks. Reaching it for real takes four million
 * records of 1 TiB (a 200 MB file), so the chunks here carry the sums the parser would have made.
 */
class ChunkCheckTest {
    private static ParsedChunk chunk(int seq, long lines, long bytes) {
        ParsedChunk c = new ParsedChunk(seq);
        c.lines = lines;
        c.bytes = bytes;
        return c;
    }

    @Test
    void sizesAddingUpPastTheBoundAcrossChunksAreAnErrorAtThatChunk() {
        List<ParsedChunk> chunks = List.of(chunk(0, 100, Limits.MAX_TOTAL_BYTES / 2),
                chunk(1, 100, Limits.MAX_TOTAL_BYTES / 2), chunk(2, 50, 1));
        DumpReader.Result read = new DumpReader.Result(DumpKind.MELIAE, RuntimeRules.of(DumpKind.MELIAE), chunks, false);
        DumpFormatException e = assertThrows(DumpFormatException.class, () -> ChunkCheck.run("f", read, new ArrayList<>()));
        assertEquals("f:250: the sizes of the records up to this line add up to more than 2^62 bytes (4 EiB): not a real heap",
                e.getMessage(), "the first chunk past the bound is named by its last line");
    }

    @Test
    void exactlyTheBoundIsAccepted() throws DumpFormatException {
        List<ParsedChunk> chunks = List.of(chunk(0, 100, Limits.MAX_TOTAL_BYTES / 2), chunk(1, 100, Limits.MAX_TOTAL_BYTES / 2));
        DumpReader.Result read = new DumpReader.Result(DumpKind.MELIAE, RuntimeRules.of(DumpKind.MELIAE), chunks, false);
        ChunkCheck.run("f", read, new ArrayList<>());
    }
}
