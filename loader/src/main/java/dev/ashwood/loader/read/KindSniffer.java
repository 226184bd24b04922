package dev.ashwood.loader.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import java.io.IOException;

/** Tells an ashwood dump from a Meliae dump by its first record, as docs/format.md says. */
final class KindSniffer {
    private static final JsonFactory JSON = new JsonFactory();

    private KindSniffer() {
    }

    /** What the first block says: the kind, and whether records are wrapped in a JSON array. */
    record Sniffed(DumpKind kind, boolean wrapped) {
    }

    private static boolean startsWith(byte[] buf, int from, int len, String ascii) {
        if (len - from < ascii.length()) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (buf[from + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static Sniffed sniff(String file, byte[] buf, int len) throws DumpFormatException {
        int i = 0;
        long line = 1;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) {
            if (buf[i] == '\n') {
                line++;
            }
            i++;
        }
        if (i == len) {
            throw new DumpFormatException(file, line, "empty file, not a dump");
        }
        if (startsWith(buf, i, len, "JAVA PROFILE ")) {
            // HeapLoader sends content that starts with the magic to the HPROF reader, from a file or
            // a pipe alike; only blank space in front of it comes here.
            throw new DumpFormatException(file, line, "blank space before \"JAVA PROFILE\": an HPROF heap dump starts "
                    + "with it at its first byte, so this is neither HPROF nor JSON lines");
        }
        if (buf[i] == '[') {
            return new Sniffed(DumpKind.MELIAE, true);
        }
        int end = i;
        while (end < len && buf[end] != '\n') {
            end++;
        }
        try (JsonParser p = JSON.createParser(buf, i, end - i)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DumpFormatException(file, line, "not a dump: the first line is not a JSON object");
            }
            String first = p.nextToken() == JsonToken.FIELD_NAME ? p.currentName() : "";
            if (first.equals("format")) {
                return new Sniffed(DumpKind.ASHWOOD, false);
            }
            if (first.equals("address")) {
                return new Sniffed(DumpKind.MELIAE, false);
            }
            throw new DumpFormatException(file, line,
                    "not an ashwood or Meliae dump: the first record starts with neither \"format\" nor \"address\"");
        } catch (DumpFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DumpFormatException(file, line, "not a dump: the first line is not JSON");
        }
    }
}
