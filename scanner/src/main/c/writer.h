/* A fixed buffer in front of a file descriptor with a sticky error (after async-profiler's
 * writer): the heap walk appends without checking each call, the first failure is remembered and
 * later writes become no-ops, and the dump checks once at the end. */
#ifndef ASHWOOD_WRITER_H
#define ASHWOOD_WRITER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* A background thread that writes full buffers while the walk fills the next one. Plain
 * pthreads: the heap callbacks may block on it, they may not call into the JVM. */
struct writer_async {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    char *spare;            /* the buffer not being filled */
    const char *pending;    /* handed to the thread, NULL when it is idle */
    size_t pending_len;
    int stop;
    uint64_t wait_ns;       /* time the filling side waited for the thread */
};

/* gzip output (zlib, fast level): bytes are compressed where they would have been written, on
 * the writer thread while the walk runs. Memory: zlib's state at level 1 (about 270 KB) and the
 * output buffer. */
struct writer_gzip {
    void *stream;           /* z_stream, allocated by writer_gzip_start */
    unsigned char *out;
    size_t cap;
    uint64_t raw;           /* uncompressed bytes taken in */
    uint64_t ns;            /* time spent compressing and writing */
};

/* zlib level of gzip output: 1, the fastest, already 5-10x smaller on dump text. */
#define WRITER_GZIP_LEVEL 1
/* Bytes of compressed output collected before a write(2). */
#define WRITER_GZIP_OUT (1u << 20)

struct writer {
    char *buf;
    size_t cap;
    size_t len;
    int fd;                 /* -1: no file yet; spill_dir says whether one may be made */
    const char *spill_dir;  /* when set and fd is -1, the first flush creates an unlinked
                               temporary file in this directory (see spill_linux.c) */
    volatile int err;       /* first errno seen, 0 while all is well; set by the writer thread
                               too, read without a lock by the walk to stop early */
    uint64_t written;       /* bytes handed to write(2) */
    uint64_t write_ns;      /* time spent inside write(2) */
    struct writer_async *async;  /* NULL: flushes write on the calling thread */
    struct writer_gzip *gz;      /* NULL: bytes go to the file as they are */
};

/* buf must hold cap bytes and outlive the writer. */
void writer_init(struct writer *w, char *buf, size_t cap, int fd);

/* Room for n more bytes (n <= cap), flushing first if needed. Write into the returned pointer,
 * then call writer_commit with the end. After an error the room is still valid: the text is
 * dropped at the next flush. */
static inline char *writer_reserve(struct writer *w, size_t n);
static inline void writer_commit(struct writer *w, char *end) { w->len = (size_t)(end - w->buf); }

void writer_flush(struct writer *w);

/* From now on flushes hand the buffer to a writer thread and continue in `spare` (cap bytes).
 * Returns 0, or an errno when the thread cannot start (the writer then stays synchronous). */
int writer_start_async(struct writer *w, struct writer_async *a, char *spare);

/* Flushes and waits until everything handed over is written; counters are then exact. */
void writer_settle(struct writer *w);

/* Flushes, waits for the thread to write everything and stops it. */
void writer_stop_async(struct writer *w);

/* From now on everything written is gzip-compressed. Call before the first byte is written.
 * Returns 0, or ENOMEM (the writer then stays plain; the caller decides). */
int writer_gzip_start(struct writer *w, struct writer_gzip *gz);

/* After writer_settle (the writer thread idle): when `complete`, writes the end of the gzip stream
 * (an incomplete dump keeps an unfinished stream, which readers report as cut); frees zlib's
 * memory either way. A no-op for a plain writer. Errors stick in w->err as usual. */
void writer_gzip_finish(struct writer *w, int complete);

/* Appends everything src holds (its spilled file, then its buffer) to dst and empties src, so
 * src can collect the next record's text. An error of src stays in src (the caller decides);
 * dst keeps writing what it has. */
void writer_drain_into(struct writer *src, struct writer *dst);

/* Creates an unlinked 0600 file in dir for spilling; -1 and errno on failure. */
int spill_open(const char *dir);

static inline char *writer_reserve(struct writer *w, size_t n) {
    if (w->cap - w->len < n) {
        writer_flush(w);
    }
    return w->buf + w->len;
}

#endif
