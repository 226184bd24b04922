package dev.ashwood.loader.model;

/**
 * The distinct referrers of every object in CSR form: object i's referrers are
 * {@code from[start[i] .. start[i+1])}, in index order. Built in two passes over the refs; since
 * sources are visited in index order, a repeated reference from the same source lands next to its
 * first copy and is dropped by comparing with the last entry written.
 */
public final class Referrers {
    public final int[] start;
    public final int[] from;

    private Referrers(int[] start, int[] from) {
        this.start = start;
        this.from = from;
    }

    static Referrers build(Model m) {
        int n = m.count;
        int[] last = new int[n];
        java.util.Arrays.fill(last, -1);
        int[] start = new int[n + 1];
        for (int s = 0; s < n; s++) {
            if ((s & 0xffff) == 0) {
                Cancel.check();
            }
            for (int k = m.refStart[s], end = m.refStart[s + 1]; k < end; k++) {
                int t = m.refs[k];
                if (last[t] != s) {
                    last[t] = s;
                    start[t + 1]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] from = new int[start[n]];
        // Reuse 'last' as the fill cursor of each target.
        System.arraycopy(start, 0, last, 0, n);
        for (int s = 0; s < n; s++) {
            if ((s & 0xffff) == 0) {
                Cancel.check();
            }
            for (int k = m.refStart[s], end = m.refStart[s + 1]; k < end; k++) {
                int t = m.refs[k];
                int at = last[t];
                if (at == start[t] || from[at - 1] != s) {
                    from[at] = s;
                    last[t] = at + 1;
                }
            }
        }
        return new Referrers(start, from);
    }

    public int count(int i) {
        return start[i + 1] - start[i];
    }

    public int[] of(int i) {
        return java.util.Arrays.copyOfRange(from, start[i], start[i + 1]);
    }

    public long bytes() {
        return 4L * (start.length + from.length);
    }
}
