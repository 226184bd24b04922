package dev.ashwood.loader.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/**
 * The gzip reader against the JDK's writer and hand-made members with every optional header field,
 * fed through a channel that delivers a few bytes at a time, as a pipe may.
 */
class GzipStreamTest {
    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A member with FEXTRA, FNAME, FCOMMENT and FHCRC, as RFC 1952 allows and gzip -N writes in part. */
    private static byte[] member(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});             // FEXTRA: XLEN 3
        out.writeBytes("dump.jsonl\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0x12, 0x34});                     // FHCRC (not checked)
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[data.length + 64];
        out.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        long c = crc.getValue();
        out.writeBytes(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) data.length, (byte) (data.length >> 8), (byte) (data.length >> 16), (byte) (data.length >> 24)});
        return out.toByteArray();
    }

    /** A channel that delivers at most 3 bytes per read. */
    private static ReadableByteChannel trickle(byte[] bytes) {
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        return Channels.newChannel(in);
    }

    private static GzipStream open(byte[] bytes) throws IOException {
        ReadableByteChannel channel = trickle(bytes);
        byte[] head = new byte[2];
        channel.read(java.nio.ByteBuffer.wrap(head));
        return new GzipStream(channel, head, 2);
    }

    private static String inflate(GzipStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[7];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void readsWhatTheJdkWritesAndAgreesWithGzipInputStream() throws IOException {
        String text = "{\"address\": 1}\n".repeat(5000);
        byte[] bytes = gzip(text);
        assertEquals(text, inflate(open(bytes)), "the JDK's gzip output reads back exactly");
        assertArrayEquals(new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes(),
                inflate(open(bytes)).getBytes(StandardCharsets.UTF_8), "and agrees with GZIPInputStream");
    }

    @Test
    void everyOptionalHeaderFieldIsSkipped() throws IOException {
        assertEquals("hello\n", inflate(open(member("hello\n"))), "FEXTRA, FNAME, FCOMMENT and FHCRC are skipped");
    }

    @Test
    void membersFollowingEachOtherAreOneStream() throws IOException {
        GzipStream in = open(concat(gzip("one\n"), member("two\n"), gzip(""), gzip("three\n")));
        assertEquals("one\ntwo\nthree\n", inflate(in), "every member is read, an empty one included");
        assertEquals(-1, in.trailingAt(), "nothing follows the last member");
    }

    @Test
    void bytesAfterTheLastMemberAreCountedWithTheirOffset() throws IOException {
        byte[] first = gzip("one\n");
        GzipStream in = open(concat(first, new byte[4096]));
        assertEquals("one\n", inflate(in), "the data before the garbage reads whole");
        assertEquals(first.length, in.trailingAt(), "the garbage starts right after the trailer");
        assertEquals(4096, in.trailingBytes(), "and is counted to the end");
        GzipStream one = open(concat(first, new byte[] {0x1f}));
        assertEquals("one\n", inflate(one));
        assertEquals(1, one.trailingBytes(), "a single stray byte is garbage too, not a cut member");
    }

    @Test
    void aCutMemberEndsWithEofAndCorruptionWithZipException() throws IOException {
        byte[] bytes = gzip("{\"address\": 1}\n".repeat(100));
        for (int cut : new int[] {5, 12, bytes.length / 2, bytes.length - 3}) {
            GzipStream in = open(Arrays.copyOf(bytes, cut));
            assertThrows(EOFException.class, () -> inflate(in), "cut at byte " + cut + " of " + bytes.length + " is a cut stream");
        }
        byte[] badCrc = bytes.clone();
        badCrc[badCrc.length - 8] ^= 1;
        ZipException e = assertThrows(ZipException.class, () -> inflate(open(badCrc)));
        assertEquals("Corrupt GZIP trailer", e.getMessage(), "a wrong CRC is corruption");
        byte[] badMethod = bytes.clone();
        badMethod[2] = 7;
        assertThrows(ZipException.class, () -> inflate(open(badMethod)), "a method other than deflate is refused");
    }
}
