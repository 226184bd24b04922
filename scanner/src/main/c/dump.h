/* One complete dump: fresh JVMTI environment, class table, header, walk, footer, clean-up. */
#ifndef ASHWOOD_DUMP_H
#define ASHWOOD_DUMP_H

#include "options.h"

#include <jni.h>
#include <stdint.h>

struct dump_job {
    const struct options *opts;
    int fd;                 /* the dump file, opened with dump_create; the caller closes it */
    const char *path;       /* for messages and for the spill file's directory */
    const char *trigger;    /* "signal", "attach" or "api" */
};

struct dump_result {
    uint64_t objects, refs, bytes, roots, elapsed_ms;
};

/* Bytes of the output buffer; records are written to the file in calls of about this size. */
#define DUMP_OUT_BUFFER (8u << 20)
/* Bytes of the buffer that holds one record's "fields" until its "refs" are closed; bigger
 * records (long Object[]s) spill to an unlinked file beside the dump. */
#define DUMP_FIELDS_BUFFER (1u << 20)

/* 1 when path ends in ".gz": the dump is written gzip-compressed (writer.h). */
int dump_is_gzip(const char *path);

/* Creates path for writing with O_CREAT|O_EXCL, mode 0600. Returns the fd, or -1 with errno. */
int dump_create(const char *path);

/* Runs the dump on the calling thread, a Java thread (HotSpot runs the walk itself on the VM
 * thread inside a safepoint, every Java thread stopped, this one waiting for it). Returns NULL, or a one-line message; all memory
 * the dump took is given back either way. */
const char *dump_run(JavaVM *vm, JNIEnv *jni, const struct dump_job *job, struct dump_result *res,
                     char *err, size_t errlen);

/* Gives freed heap memory back to the operating system (malloc_trim on glibc). */
void memory_give_back(void);

#endif
