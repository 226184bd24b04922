package dev.ashwood.shell.internal;

import java.util.Locale;

/** Byte counts for people: exact bytes, with a binary-prefixed size beside them when that helps. */
final class Units {
    private Units() {}

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], bytes);
    }
}
