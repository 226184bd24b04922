#include "writer.h"

#include "clock.h"

#include <zlib.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void writer_init(struct writer *w, char *buf, size_t cap, int fd) {
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->fd = fd;
    w->spill_dir = NULL;
    w->err = 0;
    w->written = 0;
    w->write_ns = 0;
    w->async = NULL;
    w->gz = NULL;
}

static void write_all(struct writer *w, const char *buf, size_t len);

/* Waits until the thread is idle; then the other buffer is free again. Caller holds the lock. */
static void await_idle(struct writer_async *a) {
    if (a->pending != NULL) {
        uint64_t start = now_ns();
        while (a->pending != NULL) {
            pthread_cond_wait(&a->cond, &a->lock);
        }
        a->wait_ns += now_ns() - start;
    }
}

static void *write_behind(void *arg) {
    struct writer *w = arg;
    struct writer_async *a = w->async;
    pthread_mutex_lock(&a->lock);
    for (;;) {
        while (a->pending == NULL && !a->stop) {
            pthread_cond_wait(&a->cond, &a->lock);
        }
        if (a->pending == NULL) {
            break;
        }
        const char *buf = a->pending;
        size_t len = a->pending_len;
        pthread_mutex_unlock(&a->lock);
        write_all(w, buf, len);
        pthread_mutex_lock(&a->lock);
        a->pending = NULL;
        pthread_cond_broadcast(&a->cond);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

int writer_start_async(struct writer *w, struct writer_async *a, char *spare) {
    a->spare = spare;
    a->pending = NULL;
    a->stop = 0;
    a->wait_ns = 0;
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        return EAGAIN;
    }
    if (pthread_cond_init(&a->cond, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        return EAGAIN;
    }
    w->async = a;
    int e = pthread_create(&a->thread, NULL, write_behind, w);
    if (e != 0) {
        w->async = NULL;
        pthread_cond_destroy(&a->cond);
        pthread_mutex_destroy(&a->lock);
    }
    return e;
}

void writer_settle(struct writer *w) {
    writer_flush(w);
    struct writer_async *a = w->async;
    if (a != NULL) {
        pthread_mutex_lock(&a->lock);
        await_idle(a);
        pthread_mutex_unlock(&a->lock);
    }
}

void writer_stop_async(struct writer *w) {
    struct writer_async *a = w->async;
    if (a == NULL) {
        return;
    }
    writer_flush(w);
    pthread_mutex_lock(&a->lock);
    await_idle(a);
    a->stop = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
    pthread_join(a->thread, NULL);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->lock);
    w->async = NULL;
}

void writer_flush(struct writer *w) {
    size_t len = w->len;
    w->len = 0;
    if (len == 0) {
        return;
    }
    struct writer_async *a = w->async;
    if (a != NULL) {
        pthread_mutex_lock(&a->lock);
        await_idle(a);
        if (w->err == 0) {
            a->pending = w->buf;
            a->pending_len = len;
            char *next = a->spare;
            a->spare = w->buf;
            w->buf = next;
            pthread_cond_broadcast(&a->cond);
        }
        pthread_mutex_unlock(&a->lock);
        return;
    }
    write_all(w, w->buf, len);
}

static void write_raw(struct writer *w, const char *buf, size_t len);

/* Compresses len bytes (flush: Z_NO_FLUSH or Z_FINISH) and writes each full output buffer. */
static void deflate_and_write(struct writer *w, const char *buf, size_t len, int flush) {
    struct writer_gzip *gz = w->gz;
    z_stream *z = gz->stream;
    uint64_t start = now_ns();
    z->next_in = (Bytef *)buf;
    z->avail_in = (uInt)len;
    gz->raw += len;
    for (;;) {
        z->next_out = gz->out;
        z->avail_out = (uInt)gz->cap;
        int rc = deflate(z, flush);
        if (rc == Z_STREAM_ERROR) {
            w->err = EIO;
            break;
        }
        size_t have = gz->cap - z->avail_out;
        if (have > 0) {
            write_raw(w, (const char *)gz->out, have);
        }
        if (w->err != 0 || (flush == Z_FINISH ? rc == Z_STREAM_END : z->avail_in == 0 && z->avail_out != 0)) {
            break;
        }
    }
    gz->ns += now_ns() - start;
}

int writer_gzip_start(struct writer *w, struct writer_gzip *gz) {
    memset(gz, 0, sizeof *gz);
    z_stream *z = calloc(1, sizeof *z);
    gz->out = malloc(WRITER_GZIP_OUT);
    gz->cap = WRITER_GZIP_OUT;
    /* windowBits 15 + 16: a gzip header and trailer around the deflate stream. */
    if (z == NULL || gz->out == NULL ||
        deflateInit2(z, WRITER_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        free(gz->out);
        memset(gz, 0, sizeof *gz);
        return ENOMEM;
    }
    gz->stream = z;
    w->gz = gz;
    return 0;
}

void writer_gzip_finish(struct writer *w, int complete) {
    struct writer_gzip *gz = w->gz;
    if (gz == NULL) {
        return;
    }
    if (complete && w->err == 0) {
        deflate_and_write(w, NULL, 0, Z_FINISH);
    }
    deflateEnd(gz->stream);
    free(gz->stream);
    free(gz->out);
    w->gz = NULL;
}

static void write_all(struct writer *w, const char *buf, size_t len) {
    if (w->err != 0) {
        return;
    }
    if (w->gz != NULL) {
        deflate_and_write(w, buf, len, Z_NO_FLUSH);
        return;
    }
    write_raw(w, buf, len);
}

static void write_raw(struct writer *w, const char *buf, size_t len) {
    if (w->err != 0) {
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
        ssize_t n = write(w->fd, buf + off, len - off);
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
    if (src->written > 0 && src->err == 0) {
        /* The record outgrew src's buffer: copy the spilled part back, a buffer at a time. */
        uint64_t at = 0;
        while (at < src->written && dst->err == 0) {
            char *p = writer_reserve(dst, dst->cap / 2);
            ssize_t n = pread(src->fd, p, dst->cap / 2, (off_t)at);
            if (n <= 0) {
                src->err = n < 0 ? errno : EIO;
                break;
            }
            writer_commit(dst, p + n);
            at += (uint64_t)n;
        }
        if (ftruncate(src->fd, 0) != 0 || lseek(src->fd, 0, SEEK_SET) != 0) {
            src->err = errno;
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
