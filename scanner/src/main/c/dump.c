#include "dump.h"

#include "boxes.h"
#include "classes.h"
#include "clock.h"
#include "heapwalk.h"
#include "jsonl.h"
#include "jvmti_check.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <jvmti.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


int dump_is_gzip(const char *path) {
    size_t n = strlen(path);
    return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

int dump_create(const char *path) {
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
}

/* identity=keep: the tagging environment, the last id handed out and the series, kept for the
 * agent's whole life. Only a dump touches them, and one dump runs at a time (worker_claim), so
 * they need no lock. The environment is never disposed: its tags are the ids. */
static struct {
    jvmtiEnv *env;
    uint64_t next_id;
    char series[17];       /* 16 hex digits chosen at the first identity=keep dump */
    uint64_t sequence;     /* dumps of the series so far */
} g_kept;

/* What the header says about ids: nothing (per dump) or the series and the dump's number in it. */
struct identity {
    const char *series;    /* NULL without identity=keep */
    uint64_t sequence;
};

static void choose_series(void) {
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        /* No entropy yet (early boot) or no getrandom: unique enough for telling series apart. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        r = ((uint64_t)ts.tv_sec * 1000000007u) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 40);
    }
    snprintf(g_kept.series, sizeof g_kept.series, "%016llx", (unsigned long long)r);
}

static char *put_property(char *p, jvmtiEnv *jvmti, const char *name) {
    char *value = NULL;
    *p++ = '"';
    if ((*jvmti)->GetSystemProperty(jvmti, name, &value) == JVMTI_ERROR_NONE && value != NULL) {
        size_t n = strnlen(value, 200);
        p = jsonl_mutf8(p, value, n);
        (*jvmti)->Deallocate(jvmti, (unsigned char *)value);
    }
    *p++ = '"';
    return p;
}

static void write_header(struct writer *out, jvmtiEnv *jvmti, const struct dump_job *job,
                         const struct identity *id) {
    char *p = writer_reserve(out, 4096);
    p = jsonl_put(p, JSONL_LIT("{\"format\":\"ashwood-heap\",\"version\":1,\"vm\":"));
    p = put_property(p, jvmti, "java.vm.name");
    p = jsonl_put(p, JSONL_LIT(",\"vm_version\":"));
    p = put_property(p, jvmti, "java.vm.version");
    p = jsonl_put(p, JSONL_LIT(",\"pid\":"));
    p = jsonl_u64(p, (uint64_t)getpid());
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    p = jsonl_put(p, when, strftime(when, sizeof when, ",\"time\":\"%Y-%m-%dT%H:%M:%SZ\"", &tm));
    p = jsonl_put(p, JSONL_LIT(",\"trigger\":\""));
    p = jsonl_put(p, job->trigger, strlen(job->trigger));
    p = jsonl_put(p, JSONL_LIT("\",\"options\":{\"values\":"));
    p = job->opts->values < 0 ? jsonl_put(p, JSONL_LIT("\"none\"")) : jsonl_u64(p, (uint64_t)job->opts->values);
    if (id->series != NULL) {
        p = jsonl_put(p, JSONL_LIT(",\"identity\":\"keep\"},\"ids\":\"stable\",\"series\":\""));
        p = jsonl_put(p, id->series, strlen(id->series));
        p = jsonl_put(p, JSONL_LIT("\",\"sequence\":"));
        p = jsonl_u64(p, id->sequence);
        writer_commit(out, jsonl_put(p, JSONL_LIT("}\n")));
        return;
    }
    writer_commit(out, jsonl_put(p, JSONL_LIT("}}\n")));
}

struct timing {
    uint64_t start, setup_ns, walk_ns, format_ns, wait_in_walk_ns, untagged_ns;
};

static void write_footer(struct writer *out, const struct walk *w, const struct timing *t,
                         uint64_t elapsed_ms) {
    char *p = writer_reserve(out, 512);
    p = jsonl_put(p, JSONL_LIT("{\"footer\":{\"objects\":"));
    p = jsonl_u64(p, w->objects);
    p = jsonl_put(p, JSONL_LIT(",\"refs\":"));
    p = jsonl_u64(p, w->refs);
    p = jsonl_put(p, JSONL_LIT(",\"bytes\":"));
    p = jsonl_u64(p, w->bytes);
    p = jsonl_put(p, JSONL_LIT(",\"roots\":"));
    p = jsonl_u64(p, w->roots);
    p = jsonl_put(p, JSONL_LIT(",\"elapsed_ms\":"));
    p = jsonl_u64(p, elapsed_ms);
    p = jsonl_put(p, JSONL_LIT(",\"classes\":"));
    p = jsonl_u64(p, w->classes->count);
    p = jsonl_put(p, JSONL_LIT(",\"unknown_class_objects\":"));
    p = jsonl_u64(p, w->unknown_classes);
    p = jsonl_put(p, JSONL_LIT(",\"setup_ms\":"));
    p = jsonl_u64(p, t->setup_ns / 1000000);
    p = jsonl_put(p, JSONL_LIT(",\"walk_ms\":"));
    p = jsonl_u64(p, t->walk_ns / 1000000);
    uint64_t ours = t->format_ns + t->wait_in_walk_ns;
    p = jsonl_put(p, JSONL_LIT(",\"jvm_walk_ms\":"));
    p = jsonl_u64(p, (t->walk_ns > ours ? t->walk_ns - ours : 0) / 1000000);
    p = jsonl_put(p, JSONL_LIT(",\"format_ms\":"));
    p = jsonl_u64(p, t->format_ns / 1000000);
    p = jsonl_put(p, JSONL_LIT(",\"write_wait_ms\":"));
    p = jsonl_u64(p, t->wait_in_walk_ns / 1000000);
    p = jsonl_put(p, JSONL_LIT(",\"write_ms\":"));
    p = jsonl_u64(p, (out->write_ns + w->fields->write_ns) / 1000000);
    if (out->gz != NULL) {
        p = jsonl_put(p, JSONL_LIT(",\"gzip_ms\":"));  /* compressing and writing, until the footer */
        p = jsonl_u64(p, out->gz->ns / 1000000);
    }
    if (t->untagged_ns > 0) {
        p = jsonl_put(p, JSONL_LIT(",\"untagged_walk_ms\":"));
        p = jsonl_u64(p, t->untagged_ns / 1000000);
    }
    writer_commit(out, jsonl_put(p, JSONL_LIT("}}\n")));
}

/* The directory of path, for the spill file ("." for a bare file name). */
static void directory_of(const char *path, char *dir, size_t len) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        snprintf(dir, len, ".");
    } else if (slash == path) {
        snprintf(dir, len, "/");
    } else {
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
    }
}

struct buffers {
    char *out, *spare, *fields, *value;
};

/* JDK 21+ walks a thread's stack before it reports the thread object itself, so a stack local's
 * thread_tag is still 0 then and the root would lose its thread. Tagging the live threads first,
 * with ids of the walk's own kind (id and size, as identify() would give at first sight), lets
 * every stack and JNI local root name its thread on every JDK. Best effort: a failure leaves the
 * rest of the dump as it was. */
static void tag_threads(jvmtiEnv *jvmti, JNIEnv *jni, uint64_t *next_id) {
    jint n = 0;
    jthread *threads = NULL;
    if ((*jvmti)->GetAllThreads(jvmti, &n, &threads) != JVMTI_ERROR_NONE) {
        return;
    }
    for (jint i = 0; i < n; i++) {
        jlong tag = 0;
        jlong size = 0;
        if ((*jvmti)->GetTag(jvmti, threads[i], &tag) == JVMTI_ERROR_NONE && tag == 0
            && (*jvmti)->GetObjectSize(jvmti, threads[i], &size) == JVMTI_ERROR_NONE && *next_id < TAG_ID_MAX) {
            if ((*jvmti)->SetTag(jvmti, threads[i], (jlong)tag_make(*next_id + 1, (uint64_t)size)) == JVMTI_ERROR_NONE) {
                ++*next_id;
            }
        }
        (*jni)->DeleteLocalRef(jni, threads[i]);
    }
    (*jvmti)->Deallocate(jvmti, (unsigned char *)threads);
}

static const char *walk_and_write(jvmtiEnv *jvmti, JNIEnv *jni, const struct dump_job *job,
                                  const struct identity *id, uint64_t *next_id, struct dump_result *res,
                                  struct timing *t, struct buffers *b, char *err, size_t errlen);

const char *dump_run(JavaVM *vm, JNIEnv *jni, const struct dump_job *job, struct dump_result *res,
                     char *err, size_t errlen) {
    struct timing t = {.start = now_ns()};
    memset(res, 0, sizeof *res);
    jvmtiEnv *jvmti = NULL;
    int keep = job->opts->keep_identity;
    const char *msg = NULL;
    uint64_t fresh_next_id = 0;
    uint64_t *next_id = &fresh_next_id;
    struct identity id = {NULL, 0};
    if (keep) {
        /* The same environment for every identity=keep dump: its tags survive the dump, GC moves
         * included, so an object keeps its id; new objects get ids above every id given before,
         * and HotSpot drops the tags of freed objects, whose ids are never given again. */
        if (g_kept.env == NULL) {
            msg = jvmti_tagging_env(vm, &g_kept.env, err, errlen);
            if (msg != NULL) {
                return msg;
            }
            choose_series();
        }
        jvmti = g_kept.env;
        next_id = &g_kept.next_id;
        id.series = g_kept.series;
        id.sequence = ++g_kept.sequence;
    } else {
        /* A fresh environment per dump: disposing it frees HotSpot's tag map at once, where
         * clearing millions of tags one by one leaves hundreds of MB behind (see jvmti-notes). */
        msg = jvmti_tagging_env(vm, &jvmti, err, errlen);
        if (msg != NULL) {
            return msg;
        }
    }
    struct buffers b = {NULL, NULL, NULL, NULL};
    if (job->opts->untagged_walk) {
        msg = walk_untagged(jvmti, &t.untagged_ns, err, errlen);
        t.start = now_ns();  /* the measuring walk is not part of the dump's time */
    }
    if (msg == NULL) {
        msg = walk_and_write(jvmti, jni, job, &id, next_id, res, &t, &b, err, errlen);
    }
    free(b.out);
    free(b.spare);
    free(b.fields);
    free(b.value);
    if (!keep) {
        (*jvmti)->DisposeEnvironment(jvmti);
    }
    memory_give_back();
    return msg;
}

static const char *walk_and_write(jvmtiEnv *jvmti, JNIEnv *jni, const struct dump_job *job,
                                  const struct identity *id, uint64_t *next_id, struct dump_result *res,
                                  struct timing *t, struct buffers *b, char *err, size_t errlen) {
    size_t value_cap = (size_t)(job->opts->values > 0 ? job->opts->values : 0) * JSONL_MAX_PER_UNIT + 64;
    b->out = malloc(DUMP_OUT_BUFFER);
    b->spare = malloc(DUMP_OUT_BUFFER);
    b->fields = malloc(DUMP_FIELDS_BUFFER);
    b->value = malloc(value_cap);
    if (b->out == NULL || b->spare == NULL || b->fields == NULL || b->value == NULL) {
        return "out of memory for the dump buffers";
    }
    struct boxes boxes;
    memset(&boxes, 0, sizeof boxes);
    const char *msg = job->opts->values >= 0 ? boxes_read(jvmti, jni, &boxes, err, errlen) : NULL;
    struct class_table classes;
    memset(&classes, 0, sizeof classes);
    if (msg == NULL) {
        msg = classes_build(jvmti, jni, &classes, next_id, err, errlen);
    }
    if (msg == NULL) {
        tag_threads(jvmti, jni, next_id);
    }
    t->setup_ns = now_ns() - t->start;
    struct writer out, fields;
    char dir[OPTIONS_PATH_MAX];
    directory_of(job->path, dir, sizeof dir);
    writer_init(&out, b->out, DUMP_OUT_BUFFER, job->fd);
    /* Writing behind the walk: the VM is stopped for the walk, so every millisecond of write(2)
     * that overlaps the walk is a millisecond less of pause. Synchronous if no thread. */
    struct writer_async async;
    writer_start_async(&out, &async, b->spare);
    struct writer_gzip gz;
    if (msg == NULL && dump_is_gzip(job->path) && writer_gzip_start(&out, &gz) != 0) {
        msg = "out of memory for gzip compression";
    }
    writer_init(&fields, b->fields, DUMP_FIELDS_BUFFER, -1);
    fields.spill_dir = dir;
    struct walk w;
    memset(&w, 0, sizeof w);
    w.classes = &classes;
    w.out = &out;
    w.fields = &fields;
    w.values = job->opts->values;
    w.boxes = &boxes;
    w.value = b->value;
    w.next_id = *next_id;
    w.kept = id->series != NULL;
    w.class_class_tag = classes.class_class != 0 ? classes_tag(&classes, classes.class_class) : 0;
    if (msg == NULL) {
        write_header(&out, jvmti, job, id);
        uint64_t walk_start = now_ns();
        msg = walk_run(jvmti, &w, err, errlen);
        t->walk_ns = now_ns() - walk_start;
        /* Without the writer thread the walk itself wrote (and compressed, for .gz). */
        t->wait_in_walk_ns = (out.async != NULL ? async.wait_ns : out.gz != NULL ? out.gz->ns : out.write_ns)
                             + fields.write_ns;
        t->format_ns = w.sampled_ns * WALK_SAMPLE_EVERY;
    }
    writer_settle(&out);
    if (msg == NULL && out.err == 0) {
        uint64_t elapsed_ms = (now_ns() - t->start) / 1000000;
        write_footer(&out, &w, t, elapsed_ms);
        writer_settle(&out);
        writer_gzip_finish(&out, 1);
        res->objects = w.objects;
        res->refs = w.refs;
        res->bytes = w.bytes;
        res->roots = w.roots;
        res->elapsed_ms = elapsed_ms;
    }
    if (msg == NULL && out.err != 0) {
        snprintf(err, errlen, "writing %.900s: %s (the file is incomplete)", job->path, strerror(out.err));
        msg = err;
    } else if (msg != NULL && msg == w.error_text) {
        snprintf(err, errlen, "%s (%.900s is incomplete)", w.error_text, job->path);
        msg = err;
    }
    writer_gzip_finish(&out, 0);  /* frees zlib's memory when the dump did not complete */
    writer_stop_async(&out);
    if (fields.fd >= 0) {
        close(fields.fd);
    }
    *next_id = w.next_id;  /* identity=keep: ids handed out stay taken, even by a failed dump */
    walk_free(&w);
    classes_free(&classes);
    boxes_free(&boxes);
    return msg;
}
