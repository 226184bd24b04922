/* Boxed values read before the walk. Asking FollowReferences for them (its primitive-field
 * callback) costs two tag-map lookups for every primitive field of every object: measured 30% of
 * HotSpot's walk time on JDK 17. Instead one linear IterateThroughHeap, filtered down to the box
 * classes, reads each box's value into a side array and marks the box's tag with the value's
 * index; the walk then finds the value from the tag. Memory: 8 bytes per box in the heap. */
#ifndef ASHWOOD_BOXES_H
#define ASHWOOD_BOXES_H

#include <jni.h>
#include <jvmti.h>
#include <stddef.h>
#include <stdint.h>

/* Set in a tag's upper part (above the id bits) when the rest of that part is a box index. */
#define BOX_INDEXED (UINT64_C(1) << 30)
/* At most this many boxes get values (the index must fit beside the flag). */
#define BOX_MAX (BOX_INDEXED - 1)

struct boxes {
    uint64_t *bits;    /* raw jvalue of box i, read as the box class's primitive type */
    size_t n, cap;
    const char *error;
};

/* Tags every Integer, Long, ..., Boolean instance with its index (id bits left 0, so the walk
 * still hands out ids in discovery order; a box kept from an earlier dump keeps its id) and records its value. Filters by class with
 * IterateThroughHeap's klass argument, so it needs no class tags and no tags of its own on the
 * box classes. */
const char *boxes_read(jvmtiEnv *jvmti, JNIEnv *jni, struct boxes *b, char *err, size_t errlen);
void boxes_free(struct boxes *b);

/* The value of box `index` as a jvalue. */
static inline jvalue boxes_value(const struct boxes *b, uint64_t index) {
    jvalue v;
    v.j = (jlong)b->bits[index];
    return v;
}

#endif
