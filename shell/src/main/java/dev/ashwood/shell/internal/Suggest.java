package dev.ashwood.shell.internal;

import java.util.Collection;

/** "Did you mean" for typos: the nearest candidate by edit distance, if it is near enough. */
final class Suggest {
    private Suggest() {}

    /**
     * Returns the best guess at what {@code word} meant, or null: the shortest candidate that
     * starts with it or whose simple name (after the last '.') does ({@code Slot} for
     * {@code Slotted}, {@code HashMap} for {@code java.util.HashMap}), else the closest by edit
     * distance within a third of the word's length (at least 2 edits). O(candidates).
     */
    static String nearest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase();
        String shortestPrefixed = null;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase();
            String simple = c.substring(c.lastIndexOf('.') + 1);
            if ((c.startsWith(lower) || simple.startsWith(lower))
                    && (shortestPrefixed == null || candidate.length() < shortestPrefixed.length())) {
                shortestPrefixed = candidate;
            }
        }
        if (shortestPrefixed != null && !word.isEmpty()) {
            return shortestPrefixed;
        }
        String best = null;
        int bestDistance = Math.max(2, word.length() / 3) + 1;
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance; both words are short (command and type names). */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
