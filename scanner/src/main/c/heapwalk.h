/* The walk: FollowReferences callbacks that tag objects and stream one record per object. */
#ifndef ASHWOOD_HEAPWALK_H
#define ASHWOOD_HEAPWALK_H

#include "boxes.h"
#include "classes.h"
#include "writer.h"

#include <jvmti.h>
#include <stdint.h>

/* Refs of a String record wait here until its value arrives (Meliae's key order puts "value"
 * before "refs"); a String has two refs. */
#define HELD_BYTES 4096

struct late_mirror {
    uint64_t id, size;
    int written;
};

struct walk {
    struct class_table *classes;
    struct writer *out;          /* the dump file */
    struct writer *fields;       /* the open record's "fields" text, spilling to a file */
    int values;                  /* String code units to write, -1 for none */
    const struct boxes *boxes;   /* values of boxes, read before the walk (empty with values=none) */
    char *value;                 /* the open record's value as JSON text */
    size_t value_len;
    uint64_t next_id;            /* last id handed out (carried over between dumps with identity=keep) */
    int kept;                    /* the tags come from earlier dumps (identity=keep): a tagged object
                                    may be seen for the first time in this walk */
    uint64_t class_class_tag;    /* the tag of java.lang.Class's mirror */

    /* The open record: the run of callbacks that name one referrer. */
    uint64_t cur;                /* its id, 0 when none is open */
    uint32_t cur_cls;            /* its class's id */
    int cur_mirror;              /* it is a class mirror (statics, name) */
    uint32_t cur_self;           /* a mirror's own class table index, 0 when it has none */
    uint64_t cur_size;
    int64_t cur_len;             /* array or String length, -1 when none */
    uint64_t cur_refs;
    int hold;                    /* header deferred until the value is known */
    int has_value;
    char held[HELD_BYTES];
    size_t held_len;

    /* Mirrors met without a class-table index: classes loaded after the table was built, and (JDK
     * 24+) archived mirrors of classes not loaded yet, which HotSpot never visits. Bounded by the
     * number of Class objects, not of objects; kept sorted by id (with identity=keep a mirror
     * tagged by an earlier dump is met with its old id, so ids do not simply ascend). */
    struct late_mirror *late;
    size_t nlate, caplate;

    uint64_t objects, refs, bytes, roots, unknown_classes;
    const char *error;           /* set when the walk must stop */
    char error_text[160];

    uint64_t sample_count;       /* callback timing is sampled to keep its cost negligible */
    uint64_t sampled_ns;
};

/* Walks the heap from the roots with jvmti, which must own every tag in the class table.
 * Returns NULL, or a message when FollowReferences failed or the walk stopped (w->out->err says
 * why for I/O). */
const char *walk_run(jvmtiEnv *jvmti, struct walk *w, char *err, size_t errlen);

/* Times a walk of the same heap that tags nothing and writes nothing (benchmarks). */
const char *walk_untagged(jvmtiEnv *jvmti, uint64_t *elapsed_ns, char *err, size_t errlen);

/* Frees what walk_run allocated. */
void walk_free(struct walk *w);

/* One in this many reference callbacks is timed; format time is estimated from the sample. */
#define WALK_SAMPLE_EVERY 64

#endif
