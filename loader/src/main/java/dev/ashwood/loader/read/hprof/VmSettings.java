package dev.ashwood.loader.read.hprof;

/**
 * The settings of the dumped VM that decide object sizes, which an HPROF file does not record:
 * compressed object pointers ({@code -XX:+UseCompressedOops}, 4-byte references), compressed
 * class pointers (a 12-byte object header instead of 16), compact object headers (JDK 24+,
 * {@code -XX:+UseCompactObjectHeaders}, an 8-byte header), the object alignment
 * ({@code -XX:ObjectAlignmentInBytes}), and whether array elements start at a word boundary
 * (HotSpot before JDK 22) or at their own alignment (JDK 22+, JDK-8139457).
 */
public record VmSettings(boolean compressedOops, boolean compressedClassPointers, boolean compactHeaders,
        int alignment, boolean wordAlignedArrayBase) {

    /** A 64-bit HotSpot below 32 GB of heap with default flags, JDK 17. */
    public static final VmSettings DEFAULT = new VmSettings(true, true, false, 8, true);

    public VmSettings {
        if (alignment < 8 || alignment > 256 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("object alignment must be a power of two from 8 to 256, was " + alignment);
        }
    }

    /**
     * Parses {@code "coops=on,ccp=on,align=8"} style text: keys {@code coops}, {@code ccp},
     * {@code compact} ({@code on}/{@code off}), {@code align} (bytes) and {@code jdk} (a major
     * version: before 22 array bases are word aligned). Keys left out keep {@link #DEFAULT}'s value.
     */
    public static VmSettings parse(String text) {
        boolean coops = DEFAULT.compressedOops;
        boolean ccp = DEFAULT.compressedClassPointers;
        boolean compact = DEFAULT.compactHeaders;
        int align = DEFAULT.alignment;
        boolean wordBase = DEFAULT.wordAlignedArrayBase;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, got \"" + part.trim() + "\"");
            }
            String v = kv[1].trim();
            switch (kv[0].trim()) {
                case "coops": coops = onOff(kv[0], v); break;
                case "ccp": ccp = onOff(kv[0], v); break;
                case "compact": compact = onOff(kv[0], v); break;
                case "align": align = number(kv[0], v); break;
                case "jdk": wordBase = number(kv[0], v) < 22; break;
                default:
                    throw new IllegalArgumentException("unknown key \"" + kv[0].trim() + "\" (expected coops, ccp, compact, align or jdk)");
            }
        }
        return new VmSettings(coops, ccp, compact, align, wordBase);
    }

    private static boolean onOff(String key, String v) {
        if (v.equals("on") || v.equals("true")) {
            return true;
        }
        if (v.equals("off") || v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(key.trim() + " must be on or off, was \"" + v + "\"");
    }

    private static int number(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.trim() + " must be a number, was \"" + v + "\"");
        }
    }

    /** Bytes of a reference field or array element. */
    public int oopSize() {
        return compressedOops ? 4 : 8;
    }

    /** Bytes of an object's header, where the first field may go. */
    public int instanceHeader() {
        return compactHeaders ? 8 : compressedClassPointers ? 12 : 16;
    }

    /** Offset of element 0 of an array whose elements take {@code elementSize} bytes. */
    public int arrayBase(int elementSize) {
        int lengthEnd = compactHeaders ? 12 : compressedClassPointers ? 16 : 20;
        if (wordAlignedArrayBase && !compactHeaders) {
            return align(lengthEnd, 8);
        }
        return align(lengthEnd, Math.min(elementSize, 8));
    }

    /** Shallow size of an array. */
    public long arraySize(int elementSize, long length) {
        return align(arrayBase(elementSize) + length * elementSize, alignment);
    }

    /** Rounds up to the object alignment. */
    public long alignObject(long bytes) {
        return align(bytes, alignment);
    }

    static int align(int v, int to) {
        return (v + to - 1) & -to;
    }

    static long align(long v, int to) {
        return (v + to - 1) & -(long) to;
    }

    @Override
    public String toString() {
        return "coops=" + (compressedOops ? "on" : "off") + ",ccp=" + (compressedClassPointers ? "on" : "off")
                + (compactHeaders ? ",compact=on" : "") + ",align=" + alignment
                + (wordAlignedArrayBase ? "" : ",jdk=22");
    }
}
