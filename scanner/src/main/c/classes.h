/* The class table: everything the heap callbacks need to know about a class, built before the
 * walk on the dumping thread (the callbacks may not call JVMTI or JNI). Classes have indexes
 * 1..count here; a mirror's tag carries its object id and, above it, its index (flagged
 * MIRROR_INDEXED), so the index comes from the tag without a lookup and the id can stay what an
 * earlier dump gave it (identity=keep). Without kept ids the ids are 1..count, equal to the
 * indexes. Memory is proportional to the number of classes, never to the number of objects. */
#ifndef ASHWOOD_CLASSES_H
#define ASHWOOD_CLASSES_H

#include <jni.h>
#include <jvmti.h>
#include <stddef.h>
#include <stdint.h>

/* How the instances of a class are written. */
enum class_kind {
    KIND_INSTANCE,
    KIND_STRING,    /* java.lang.String: len and value come from the string value callback */
    KIND_BOXED,     /* Integer, Long, ...: value read before the walk (boxes.h), found by the tag */
    KIND_MIRROR,    /* java.lang.Class: the record carries "name", refs are the class's edges */
    KIND_OBJ_ARRAY,
    KIND_PRIM_ARRAY
};

/* The box class of each primitive type with its JVM type letter (jvmtiPrimitiveType), and
 * java.lang.Void last, whose TYPE is void.class: the one list of them. classify() marks instances
 * of the first BOX_VALUED as boxed values, boxes_read() reads their values, and the primitive
 * mirrors (int.class ... void.class) are taken from the TYPE field of all of them. */
struct box_class {
    const char *name;   /* JNI name, "java/lang/Integer" */
    char letter;
};
#define BOX_VALUED 8
#define BOX_WITH_VOID 9
extern const struct box_class BOX_CLASSES[BOX_WITH_VOID];

/* Array element kinds, the index into class_table.layout. */
enum elem_kind { ELEM_Z, ELEM_B, ELEM_C, ELEM_S, ELEM_I, ELEM_J, ELEM_F, ELEM_D, ELEM_L, ELEM_COUNT };

/* A JSON string ready to copy, with its quotes. */
struct json_text {
    const char *s;
    uint32_t n;
};

struct class_info {
    struct json_text type;     /* its type name ("java.lang.String"), quoted */
    uint8_t kind;              /* enum class_kind of its instances */
    uint8_t elem;              /* enum elem_kind, arrays only */
    uint8_t boxed;             /* the jvmtiPrimitiveType letter of a boxed class's value, else 0 */
    uint8_t seen;              /* the walk met the mirror (it is reachable) */
    uint8_t written;           /* the mirror's record is written */
    uint64_t mirror_size;      /* GetObjectSize of the mirror, from the first callback naming it */
    uint64_t box_size;         /* box classes: the size of every instance, from the first one met */
    uint32_t super;            /* id of the superclass, 0 for none or unknown */
    uint32_t ifc_fields;       /* fields of every interface it implements: JVMTI's index base */
    uint32_t super_fields;     /* fields declared by all its superclasses */
    uint32_t nlocal;           /* fields it declares itself, GetClassFields order */
    struct json_text *local;
};

/* size = round_up(base + elem * length, align), measured on this VM before the walk. */
struct array_layout {
    uint32_t base, elem, align;
};

struct class_table {
    uint32_t count;            /* mirrors with indexes 1..count: loaded classes, then primitives */
    struct class_info *info;   /* info[index]; info[0] unused */
    uint64_t *ids;             /* ids[index]: the mirror's object id */
    uint32_t class_class;      /* index of java.lang.Class */
    struct array_layout layout[ELEM_COUNT];
    struct arena_block *arena; /* names live here until classes_free */
};

/* Tags every loaded class and the primitive mirrors, reads names and field tables, measures
 * array layouts. A mirror already tagged (kept from an earlier dump) keeps its id; the others get
 * ++*next_id. Must run on a thread with a JNIEnv, before the walk (a class loaded after this call
 * is written with type "<unknown>"). Returns NULL or an error message in err. */
const char *classes_build(jvmtiEnv *jvmti, JNIEnv *jni, struct class_table *t, uint64_t *next_id,
                          char *err, size_t errlen);
void classes_free(struct class_table *t);

/* The quoted name of instance field `index` (JVMTI numbering) of class cls, or NULL. */
const struct json_text *classes_field(const struct class_table *t, uint32_t cls, int32_t index);
/* The quoted name of static field `index` declared by class cls, or NULL. */
const struct json_text *classes_static_field(const struct class_table *t, uint32_t cls,
                                             int32_t index);

static inline uint64_t classes_array_size(const struct class_table *t, unsigned elem,
                                          uint64_t length) {
    const struct array_layout *l = &t->layout[elem];
    uint64_t raw = l->base + l->elem * length;
    return (raw + l->align - 1) / l->align * l->align;
}

/* Tag layout: the id in the low 33 bits, and above it an instance's shallow size or an
 * array's length (the callbacks that name an object as referrer give neither). */
#define TAG_ID_BITS 33
#define TAG_ID_MAX ((UINT64_C(1) << TAG_ID_BITS) - 1)
static inline uint64_t tag_make(uint64_t id, uint64_t extra) { return id | (extra << TAG_ID_BITS); }
static inline uint64_t tag_id(uint64_t tag) { return tag & TAG_ID_MAX; }
static inline uint64_t tag_extra(uint64_t tag) { return tag >> TAG_ID_BITS; }

/* Set in a class mirror's tag extra when the rest of it is the class's table index. The same bit
 * marks a box's value index (boxes.h) and can be part of a huge array's length, so an index is
 * believed only when the table's id at that index is the tag's own id. */
#define MIRROR_INDEXED (UINT64_C(1) << 30)

/* The table index of the class mirror tagged `tag`, 0 when it is not a mirror of this table. */
static inline uint32_t classes_index(const struct class_table *t, uint64_t tag) {
    uint64_t extra = tag_extra(tag);
    if ((extra & MIRROR_INDEXED) == 0) {
        return 0;
    }
    uint64_t index = extra & (MIRROR_INDEXED - 1);
    return index != 0 && index <= t->count && t->ids[index] == tag_id(tag) ? (uint32_t)index : 0;
}

/* The tag of the mirror at table index `index`. */
static inline uint64_t classes_tag(const struct class_table *t, uint32_t index) {
    return tag_make(t->ids[index], MIRROR_INDEXED | index);
}

#endif
