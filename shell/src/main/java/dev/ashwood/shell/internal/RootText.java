package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.GcRoot;
import java.io.IOException;
import java.util.List;

/**
 * One way to show a GC root, for show, path, suspects and retained: the kind, and for a stack or
 * JNI local the thread (id, then its name quoted) and the frame, as in
 * {@code stack_local (thread 7 "main", frame 3)}. JSON gives the same facts as
 * {@code "root":S,"thread":N?,"thread_name":S?,"depth":N?}.
 */
final class RootText {
    private RootText() {}

    static String text(GcRoot root) {
        return text(root.kind(), root.thread(), root.threadName(), root.depth());
    }

    static String text(String kind, long thread, String threadName, int depth) {
        if (thread < 0 && depth < 0) {
            return kind;
        }
        StringBuilder s = new StringBuilder(kind).append(" (");
        if (thread >= 0) {
            s.append("thread ").append(thread);
            if (threadName != null) {
                s.append(' ').append(Quote.text(threadName));
            }
        }
        if (depth >= 0) {
            s.append(thread >= 0 ? ", " : "").append("frame ").append(depth);
        }
        return s.append(')').toString();
    }

    /** The roots joined for one line: at most {@code shown}, then how many more. */
    static String line(List<GcRoot> roots, int shown, String more) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(shown, roots.size()); k++) {
            s.append(k == 0 ? "" : ", ").append(text(roots.get(k)));
        }
        if (roots.size() > shown) {
            s.append(", ... ").append(roots.size() - shown).append(" more (").append(more).append(')');
        }
        return s.toString();
    }

    /** The thread and frame keys of a root inside the current JSON object, each left out when absent. */
    static void writeFields(JsonGenerator json, long thread, String threadName, int depth) throws IOException {
        if (thread >= 0) {
            json.writeNumberField("thread", thread);
        }
        if (threadName != null) {
            json.writeStringField("thread_name", threadName);
        }
        if (depth >= 0) {
            json.writeNumberField("depth", depth);
        }
    }
}
