package dev.ashwood.loader.read;

// Inflate throughput of the loader's GzipStream against GZIPInputStream on the same file, five rounds each,
// alternating: javac -d bench-out/classes -cp loader/target/classes src/bench/GzipBench.java &&
// java -cp bench-out/classes:loader/target/classes dev.ashwood.loader.read.GzipBench FILE.gz

import java.io.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.zip.GZIPInputStream;

public class GzipBench {
    public static void main(String[] a) throws Exception {
        Path f = Path.of(a[0]);
        byte[] buf = new byte[16 << 20];
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime(), n = 0;
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16), 1 << 16)) {
                for (int r; (r = in.read(buf)) > 0; ) n += r;
            }
            long t1 = System.nanoTime(), m = 0;
            try (FileChannel ch = FileChannel.open(f)) {
                byte[] head = new byte[2];
                ch.read(java.nio.ByteBuffer.wrap(head));
                GzipStream g = new GzipStream(ch, head, 2);
                for (int r; (r = g.read(buf, 0, buf.length)) > 0; ) m += r;
                g.close();
            }
            long t2 = System.nanoTime();
            System.out.printf("GZIPInputStream %d ms (%d bytes), GzipStream %d ms (%d bytes)%n", (t1 - t0) / 1000000, n, (t2 - t1) / 1000000, m);
        }
    }
}
