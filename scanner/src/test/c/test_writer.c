#include "check.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static void appends_and_flushes(void) {
    char path[] = "/tmp/ashwood-writer-XXXXXX";
    int fd = mkstemp(path);
    char small[8];
    struct writer w;
    writer_init(&w, small, sizeof small, fd);
    for (int i = 0; i < 5; i++) {
        char *p = writer_reserve(&w, 3);
        memcpy(p, "abc", 3);
        writer_commit(&w, p + 3);
    }
    writer_flush(&w);
    char back[32] = {0};
    ssize_t n = pread(fd, back, sizeof back - 1, 0);
    CHECK(n == 15 && strcmp(back, "abcabcabcabcabc") == 0, "text larger than the buffer arrives whole and in order");
    CHECK(w.err == 0 && w.written == 15, "a healthy writer counts what it wrote");
    close(fd);
    unlink(path);
}

static void sticky_error(void) {
    int fd = open("/dev/full", O_WRONLY);
    char small[8];
    struct writer w;
    writer_init(&w, small, sizeof small, fd);
    for (int i = 0; i < 10; i++) {
        char *p = writer_reserve(&w, 4);
        memcpy(p, "full", 4);
        writer_commit(&w, p + 4);
    }
    writer_flush(&w);
    CHECK(w.err == ENOSPC, "a full disk is remembered as ENOSPC");
    CHECK(w.written == 0, "nothing counts as written on a full disk");
    int before = w.err;
    char *p = writer_reserve(&w, 4);
    writer_commit(&w, p + 4);
    writer_flush(&w);
    CHECK(w.err == before, "the first error sticks");
    close(fd);
}

static void spill_and_drain(void) {
    char path[] = "/tmp/ashwood-drain-XXXXXX";
    int fd = mkstemp(path);
    char out_buf[64], f_buf[4];
    struct writer out, fields;
    writer_init(&out, out_buf, sizeof out_buf, fd);
    writer_init(&fields, f_buf, sizeof f_buf, -1);
    fields.spill_dir = "/tmp";
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 10; i++) {
            char *p = writer_reserve(&fields, 2);
            p[0] = (char)('0' + i);
            p[1] = ',';
            writer_commit(&fields, p + 2);
        }
        writer_drain_into(&fields, &out);
    }
    writer_flush(&out);
    char back[64] = {0};
    pread(fd, back, sizeof back - 1, 0);
    CHECK_STR(back, "0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,",
              "a record that spills comes back whole, and the spill file is reused empty");
    CHECK(out.err == 0 && fields.err == 0, "spilling is not an error");
    close(fd);
    close(fields.fd);
    unlink(path);
}

static void spill_without_directory(void) {
    char f_buf[4];
    struct writer fields;
    writer_init(&fields, f_buf, sizeof f_buf, -1);
    fields.spill_dir = "/nonexistent-ashwood-dir";
    for (int i = 0; i < 3; i++) {
        char *p = writer_reserve(&fields, 3);
        writer_commit(&fields, p + 3);
    }
    CHECK(fields.err != 0, "a spill file that cannot be made is a sticky error, not a crash");
    char out_buf[64];
    struct writer out;
    writer_init(&out, out_buf, sizeof out_buf, open("/dev/null", O_WRONLY));
    writer_drain_into(&fields, &out);
    CHECK(out.err == 0, "a failed spill does not stop the dump file from getting what it already has");
    close(out.fd);
}

/* gzip output through the writer thread: 3 MB of dump-like text through a 64 KB buffer, read back
 * with zlib's own gzip reader, byte for byte, and a stream finished only when complete. */
static void gzip_through_the_writer_thread(void) {
    char path[] = "/tmp/ashwood-writer-gz-XXXXXX";
    int fd = mkstemp(path);
    size_t cap = 64 * 1024;
    char *buf = malloc(cap), *spare = malloc(cap);
    struct writer w;
    struct writer_async a;
    struct writer_gzip gz;
    writer_init(&w, buf, cap, fd);
    CHECK(writer_start_async(&w, &a, spare) == 0, "the writer thread starts");
    CHECK(writer_gzip_start(&w, &gz) == 0, "gzip starts");
    size_t total = 0;
    char line[128];
    for (int i = 0; total < 3u << 20; i++) {
        int n = snprintf(line, sizeof line, "{\"address\":%d,\"type\":\"java.lang.String\",\"size\":24,\"refs\":[%d]}\n", i, i * 7);
        char *p = writer_reserve(&w, (size_t)n);
        memcpy(p, line, (size_t)n);
        writer_commit(&w, p + n);
        total += (size_t)n;
    }
    writer_settle(&w);
    writer_gzip_finish(&w, 1);
    writer_stop_async(&w);
    CHECK(w.err == 0 && gz.raw == total, "every byte went into the compressor");
    CHECK(w.written < total / 4, "dump text compresses at least 4x at the fast level");
    close(fd);
    gzFile in = gzopen(path, "rb");
    char *back = malloc(total + 1);
    int got = gzread(in, back, (unsigned)total + 1);
    int eof = gzeof(in);
    gzclose(in);
    int same = got == (int)total;
    for (int i = 0, at = 0; same && at < got; i++) {
        int n = snprintf(line, sizeof line, "{\"address\":%d,\"type\":\"java.lang.String\",\"size\":24,\"refs\":[%d]}\n", i, i * 7);
        same = memcmp(back + at, line, (size_t)n) == 0;
        at += n;
    }
    CHECK(same && eof, "zlib reads back exactly the text written, to the end of a finished stream");
    free(back);
    free(buf);
    free(spare);
    unlink(path);
}

int main(void) {
    appends_and_flushes();
    sticky_error();
    spill_and_drain();
    spill_without_directory();
    gzip_through_the_writer_thread();
    return check_report("writer");
}
