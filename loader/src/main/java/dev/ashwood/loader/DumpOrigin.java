package dev.ashwood.loader;

/**
 * Where a dump came from, as its header says (docs/format.md). Meliae dumps have no header: every
 * field is then absent ({@link #NONE}).
 *
 * @param vm        {@code java.vm.name}, or null
 * @param vmVersion {@code java.vm.version}, or null
 * @param pid       the dumped process, -1 when unknown
 * @param time      start of the dump (ISO-8601 UTC text), or null
 * @param series    with the agent's {@code identity=keep}: the id the agent chose when it started
 *                  (every dump it writes carries the same), or null when ids are per dump
 * @param sequence  with a series: the dump's number in it (1 for the first), else -1
 */
public record DumpOrigin(String vm, String vmVersion, long pid, String time, String series, long sequence) {
    public static final DumpOrigin NONE = new DumpOrigin(null, null, -1, null, null, -1);

    /** True when the same object has the same id in every dump of this series. */
    public boolean stableIds() {
        return series != null;
    }
}
