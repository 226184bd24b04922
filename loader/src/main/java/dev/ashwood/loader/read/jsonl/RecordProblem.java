package dev.ashwood.loader.read.jsonl;

/** A record that is valid JSON but not a valid dump record, at a line within its chunk. */
final class RecordProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final long line;

    RecordProblem(long line, String message) {
        super(message, null, false, false);
        this.line = line;
    }
}
