package dev.ashwood.loader.read.jsonl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Typed reads of record values with the one-line message a wrong value gets, and the unwrapping
 * of a dump written as one JSON array.
 */
final class Json {
    private Json() {
    }

    static long integer(JsonParser p, JsonToken v, String key) throws IOException, RecordProblem {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, v, key, "an integer");
        }
        long n = digits(p);
        if (n >= 0) {
            return n;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new RecordProblem(p.currentTokenLocation().getLineNr(), "\"" + key + "\" " + p.getText() + " is out of range");
        }
        n = p.getLongValue();
        if (n < 0) {
            throw new RecordProblem(p.currentTokenLocation().getLineNr(), "negative " + key + " " + n);
        }
        return n;
    }

    /**
     * The current integer token read from its text when it has 1 to 18 digits and no sign (so it
     * fits a long), else -1. Every address, size and ref goes through here: jackson's
     * {@code getLongValue} converts through a switch on the digit count, and each longer count met
     * for the first time (ids passing 100 000, then 1 000 000) deoptimizes the compiled parsing
     * loop, which a fresh JVM then compiles again on the cores the parser threads need.
     */
    static long digits(JsonParser p) throws IOException {
        int count = p.getTextLength();
        if (count < 1 || count > 18) {
            return -1;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        long n = 0;
        for (int i = offset, end = offset + count; i < end; i++) {
            int d = chars[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /**
     * Marks {@code key} (one bit of {@code seen}) as read in the current record and returns the new
     * mask; a key read twice is an error, since which of the two values counts would be a guess.
     * Costs a test and an OR per key, where jackson's duplicate detection keeps a set per object.
     */
    static int once(JsonParser p, int seen, int bit, String key) throws RecordProblem {
        if ((seen & bit) != 0) {
            throw new RecordProblem(p.currentTokenLocation().getLineNr(), "the key \"" + key + "\" appears twice in one record");
        }
        return seen | bit;
    }

    static String string(JsonParser p, JsonToken v, String key) throws IOException, RecordProblem {
        expectString(p, v, key);
        return p.getText();
    }

    static void expectString(JsonParser p, JsonToken v, String key) throws RecordProblem {
        if (v != JsonToken.VALUE_STRING) {
            throw wrongType(p, v, key, "a string");
        }
    }

    static void expectArray(JsonParser p, JsonToken v, String key) throws RecordProblem {
        if (v != JsonToken.START_ARRAY) {
            throw wrongType(p, v, key, "an array");
        }
    }

    static RecordProblem wrongType(JsonParser p, JsonToken v, String key, String expected) {
        return new RecordProblem(p.currentTokenLocation().getLineNr(),
                "\"" + key + "\" is " + describe(p, v) + ", expected " + expected);
    }

    static String describe(JsonParser p, JsonToken t) {
        switch (t) {
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: return "an integer";
            case VALUE_NUMBER_FLOAT: return "a number with a fraction";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            default: return t.asString() == null ? t.name() : t.asString();
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Blanks what makes a JSON-array-wrapped Meliae dump differ from JSON lines: a line holding
     * only "[" or "]", and the comma ending a record line. Line breaks stay, so line numbers stay.
     */
    static void unwrap(byte[] buf, int len) {
        int start = 0;
        while (start < len) {
            int end = start;
            while (end < len && buf[end] != '\n') {
                end++;
            }
            int last = end - 1;
            while (last >= start && (buf[last] == ' ' || buf[last] == '\r' || buf[last] == '\t')) {
                last--;
            }
            int first = start;
            while (first <= last && (buf[first] == ' ' || buf[first] == '\t')) {
                first++;
            }
            if (first == last && (buf[first] == '[' || buf[first] == ']')) {
                buf[first] = ' ';
            } else if (last >= start && buf[last] == ',') {
                buf[last] = ' ';
            }
            start = end + 1;
        }
    }
}
