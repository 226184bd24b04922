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
