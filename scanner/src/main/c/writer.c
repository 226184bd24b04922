#include "writer.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void writer_init(struct writer *w, char *buf, size_t cap, int fd) {
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->fd = fd;
    w->spill_dir = NULL;
    w->err = 0;
    w->written = 0;
    w->write_ns = 0;
}

void writer_flush(struct writer *w) {
    size_t len = w->len;
    w->len = 0;
    if (w->err != 0 || len == 0) {
        return;
    }
    if (w->fd < 0) {
        w->fd = w->spill_dir != NULL ? spill_open(w->spill_dir) : -1;
        if (w->fd < 0) {
            w->err = w->spill_dir != NULL ? errno : EBADF;
            return;
        }
    }
    uint64_t start = now_ns();
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(w->fd, w->buf + off, len - off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            w->err = n < 0 ? errno : EIO;
            break;
        }
        off += (size_t)n;
    }
    w->written += off;
    w->write_ns += now_ns() - start;
}

void writer_drain_into(struct writer *src, struct writer *dst) {
    if (src->err != 0 && dst->err == 0) {
        dst->err = src->err;
    }
    if (src->written > 0 && src->err == 0) {
        /* The record outgrew src's buffer: copy the spilled part back, a buffer at a time. */
        uint64_t at = 0;
        while (at < src->written && dst->err == 0) {
            char *p = writer_reserve(dst, dst->cap / 2);
            ssize_t n = pread(src->fd, p, dst->cap / 2, (off_t)at);
            if (n <= 0) {
                dst->err = n < 0 ? errno : EIO;
                break;
            }
            writer_commit(dst, p + n);
            at += (uint64_t)n;
        }
        if (ftruncate(src->fd, 0) != 0 || lseek(src->fd, 0, SEEK_SET) != 0) {
            dst->err = errno;
        }
        src->written = 0;
    }
    size_t n = src->len;
    size_t at = 0;
    while (at < n) {
        size_t chunk = n - at < dst->cap ? n - at : dst->cap;
        char *p = writer_reserve(dst, chunk);
        memcpy(p, src->buf + at, chunk);
        writer_commit(dst, p + chunk);
        at += chunk;
    }
    src->len = 0;
}
