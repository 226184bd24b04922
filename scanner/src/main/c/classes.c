#include "classes.h"

#include "jsonl.h"
#include "jvmti_check.h"

#include <stdlib.h>
#include <string.h>

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
};

#define ARENA_BLOCK_BYTES (256 * 1024)

static char *arena_alloc(struct class_table *t, size_t n) {
    n = (n + 7) & ~(size_t)7;
    struct arena_block *b = t->arena;
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK_BYTES ? n : ARENA_BLOCK_BYTES;
        b = malloc(sizeof *b + cap);
        if (b == NULL) {
            return NULL;
        }
        b->next = t->arena;
        b->used = 0;
        b->cap = cap;
        t->arena = b;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

/* Quotes and escapes a modified-UTF-8 name into the arena. */
static int json_name(struct class_table *t, const char *mutf8, size_t n, struct json_text *out) {
    char *p = arena_alloc(t, n * JSONL_MAX_PER_UNIT + 2);
    if (p == NULL) {
        return -1;
    }
    char *e = p;
    *e++ = '"';
    e = jsonl_mutf8(e, mutf8, n);
    *e++ = '"';
    out->s = p;
    out->n = (uint32_t)(e - p);
    return 0;
}

static const char *const PRIMITIVE_NAMES[] = {
    ['Z'] = "boolean", ['B'] = "byte", ['C'] = "char", ['S'] = "short", ['I'] = "int",
    ['J'] = "long", ['F'] = "float", ['D'] = "double", ['V'] = "void",
};

static int elem_of(char c) {
    switch (c) {
    case 'Z': return ELEM_Z;
    case 'B': return ELEM_B;
    case 'C': return ELEM_C;
    case 'S': return ELEM_S;
    case 'I': return ELEM_I;
    case 'J': return ELEM_J;
    case 'F': return ELEM_F;
    case 'D': return ELEM_D;
    default: return ELEM_L;
    }
}

/* "[[Ljava/lang/Object;" -> "java.lang.Object[][]" (Class.getTypeName()). A hidden class's
 * signature has a '.' before its suffix ("LFoo$$Lambda.0x0800;") where getName() has a '/': the
 * only '.' an internal name can hold, so swapping '/' and '.' is exact. Returns the length. */
static size_t type_name(const char *sig, char *out) {
    size_t dims = 0;
    while (sig[dims] == '[') {
        dims++;
    }
    size_t n = 0;
    if (sig[dims] == 'L') {
        for (const char *p = sig + dims + 1; *p != '\0' && *p != ';'; p++) {
            out[n++] = *p == '/' ? '.' : *p == '.' ? '/' : *p;
        }
    } else {
        unsigned char c = (unsigned char)sig[dims];
        const char *prim = c < sizeof PRIMITIVE_NAMES / sizeof *PRIMITIVE_NAMES ? PRIMITIVE_NAMES[c] : NULL;
        if (prim == NULL) {
            prim = "?";
        }
        n = strlen(prim);
        memcpy(out, prim, n);
    }
    for (size_t i = 0; i < dims; i++) {
        out[n++] = '[';
        out[n++] = ']';
    }
    return n;
}

const struct box_class BOX_CLASSES[BOX_WITH_VOID] = {
    {"java/lang/Boolean", 'Z'}, {"java/lang/Byte", 'B'}, {"java/lang/Character", 'C'},
    {"java/lang/Short", 'S'},   {"java/lang/Integer", 'I'}, {"java/lang/Long", 'J'},
    {"java/lang/Float", 'F'},   {"java/lang/Double", 'D'},  {"java/lang/Void", 'V'},
};

/* sig is "L" name ";" */
static int signature_names(const char *sig, const char *name) {
    size_t n = strlen(name);
    return sig[0] == 'L' && strncmp(sig + 1, name, n) == 0 && sig[n + 1] == ';' && sig[n + 2] == '\0';
}

static void classify(struct class_info *ci, const char *sig) {
    ci->kind = KIND_INSTANCE;
    if (sig[0] == '[') {
        ci->elem = (uint8_t)elem_of(sig[1]);
        ci->kind = ci->elem == ELEM_L ? KIND_OBJ_ARRAY : KIND_PRIM_ARRAY;
    } else if (strcmp(sig, "Ljava/lang/String;") == 0) {
        ci->kind = KIND_STRING;
    } else if (strcmp(sig, "Ljava/lang/Class;") == 0) {
        ci->kind = KIND_MIRROR;
    } else {
        for (size_t i = 0; i < BOX_VALUED; i++) {
            if (signature_names(sig, BOX_CLASSES[i].name)) {
                ci->kind = KIND_BOXED;
                ci->boxed = (uint8_t)BOX_CLASSES[i].letter;
            }
        }
    }
}

/* The table index of class o, 0 when it has none. */
static uint32_t index_of(jvmtiEnv *jvmti, jobject o, const struct class_table *t) {
    jlong tag = 0;
    if (o == NULL || (*jvmti)->GetTag(jvmti, o, &tag) != JVMTI_ERROR_NONE) {
        return 0;
    }
    return classes_index(t, (uint64_t)tag);
}

/* Tags mirror o with table index `index`: its id from an earlier dump if it has one, else a new one. */
static const char *tag_mirror(jvmtiEnv *jvmti, jobject o, struct class_table *t, uint32_t index,
                              uint64_t *next_id, char *err, size_t errlen) {
    jlong old = 0;
    const char *msg = jvmti_failure(jvmti, (*jvmti)->GetTag(jvmti, o, &old), "GetTag", err, errlen);
    if (msg != NULL) {
        return msg;
    }
    uint64_t id = tag_id((uint64_t)old);
    if (id == 0) {
        id = ++*next_id;
    }
    t->ids[index] = id;
    return jvmti_failure(jvmti, (*jvmti)->SetTag(jvmti, o, (jlong)classes_tag(t, index)), "SetTag", err, errlen);
}

/* Names of the fields a class declares, in GetClassFields order (JVMTI's field numbering). */
static const char *read_fields(jvmtiEnv *jvmti, jclass k, struct class_table *t,
                               struct class_info *ci, char *err, size_t errlen) {
    jint n = 0;
    jfieldID *fields = NULL;
    jvmtiError e = (*jvmti)->GetClassFields(jvmti, k, &n, &fields);
    if (e == JVMTI_ERROR_CLASS_NOT_PREPARED) {
        return NULL;  /* not linked yet: no instances, and HotSpot reports none of its statics */
    }
    const char *msg = jvmti_failure(jvmti, e, "GetClassFields", err, errlen);
    if (msg != NULL) {
        return msg;
    }
    ci->local = n > 0 ? (struct json_text *)arena_alloc(t, sizeof(struct json_text) * (size_t)n) : NULL;
    for (jint i = 0; i < n && msg == NULL; i++) {
        char *name = NULL;
        msg = jvmti_failure(jvmti, (*jvmti)->GetFieldName(jvmti, k, fields[i], &name, NULL, NULL),
                            "GetFieldName", err, errlen);
        if (msg == NULL) {
            if (ci->local == NULL || json_name(t, name, strlen(name), &ci->local[i]) != 0) {
                msg = "out of memory reading field names";
            }
            (*jvmti)->Deallocate(jvmti, (unsigned char *)name);
        }
    }
    (*jvmti)->Deallocate(jvmti, (unsigned char *)fields);
    if (msg == NULL) {
        ci->nlocal = (uint32_t)n;
    }
    return msg;
}

/* Direct superinterfaces of k as class indexes, malloc'd (freed by the caller), count in *n. */
static uint32_t *read_interfaces(jvmtiEnv *jvmti, JNIEnv *jni, jclass k, const struct class_table *t,
                                 uint32_t *n) {
    jint m = 0;
    jclass *ifcs = NULL;
    *n = 0;
    if ((*jvmti)->GetImplementedInterfaces(jvmti, k, &m, &ifcs) != JVMTI_ERROR_NONE) {
        return NULL;  /* not prepared: nothing to number yet */
    }
    uint32_t *ids = m > 0 ? malloc(sizeof *ids * (size_t)m) : NULL;
    for (jint i = 0; i < m; i++) {
        uint32_t id = index_of(jvmti, ifcs[i], t);
        if (ids != NULL && id != 0) {
            ids[(*n)++] = id;
        }
        (*jni)->DeleteLocalRef(jni, ifcs[i]);
    }
    (*jvmti)->Deallocate(jvmti, (unsigned char *)ifcs);
    return ids;
}

/* JVMTI numbers a class's fields after all fields of every interface it implements (directly,
 * through superinterfaces or through superclasses, each interface once). */
static void number_fields(struct class_table *t, uint32_t **ifcs, const uint32_t *nifcs) {
    uint32_t *mark = calloc((size_t)t->count + 1, sizeof *mark);
    uint32_t *stack = malloc(sizeof *stack * ((size_t)t->count + 1));
    for (uint32_t id = 1; id <= t->count; id++) {
        struct class_info *ci = &t->info[id];
        for (uint32_t s = ci->super; s != 0; s = t->info[s].super) {
            ci->super_fields += t->info[s].nlocal;
        }
        if (mark == NULL || stack == NULL) {
            continue;  /* out of memory: names of interface-numbered fields will be missing */
        }
        size_t top = 0;
        for (uint32_t a = id; a != 0; a = t->info[a].super) {
            for (uint32_t i = 0; i < nifcs[a]; i++) {
                if (mark[ifcs[a][i]] != id && top <= t->count) {
                    mark[ifcs[a][i]] = id;
                    stack[top++] = ifcs[a][i];
                }
            }
        }
        while (top > 0) {
            uint32_t ifc = stack[--top];
            ci->ifc_fields += t->info[ifc].nlocal;
            for (uint32_t i = 0; i < nifcs[ifc]; i++) {
                if (mark[ifcs[ifc][i]] != id && top <= t->count) {
                    mark[ifcs[ifc][i]] = id;
                    stack[top++] = ifcs[ifc][i];
                }
            }
        }
    }
    free(mark);
    free(stack);
}

static jarray new_array(JNIEnv *jni, int elem, jsize len, jclass object) {
    switch (elem) {
    case ELEM_Z: return (*jni)->NewBooleanArray(jni, len);
    case ELEM_B: return (*jni)->NewByteArray(jni, len);
    case ELEM_C: return (*jni)->NewCharArray(jni, len);
    case ELEM_S: return (*jni)->NewShortArray(jni, len);
    case ELEM_I: return (*jni)->NewIntArray(jni, len);
    case ELEM_J: return (*jni)->NewLongArray(jni, len);
    case ELEM_F: return (*jni)->NewFloatArray(jni, len);
    case ELEM_D: return (*jni)->NewDoubleArray(jni, len);
    default: return (*jni)->NewObjectArray(jni, len, object, NULL);
    }
}

/* Enough lengths to cover every residue of length modulo the largest object alignment (256). */
#define PROBE_LENGTHS 260

/* Finds base, element size and alignment that reproduce GetObjectSize for every probe length.
 * Any triple that fits a full period of residues predicts every length exactly. */
static const char *measure_layouts(jvmtiEnv *jvmti, JNIEnv *jni, struct class_table *t) {
    jclass object = (*jni)->FindClass(jni, "java/lang/Object");
    if (object == NULL) {
        (*jni)->ExceptionClear(jni);
        return "cannot find java.lang.Object to measure arrays";
    }
    const char *msg = NULL;
    for (int elem = 0; elem < ELEM_COUNT && msg == NULL; elem++) {
        jlong size[PROBE_LENGTHS];
        for (jsize len = 0; len < PROBE_LENGTHS && msg == NULL; len++) {
            jarray a = new_array(jni, elem, len, object);
            if (a == NULL || (*jvmti)->GetObjectSize(jvmti, a, &size[len]) != JVMTI_ERROR_NONE) {
                (*jni)->ExceptionClear(jni);
                msg = "cannot measure array sizes";
            }
            (*jni)->DeleteLocalRef(jni, a);
        }
        int found = 0;
        for (uint32_t e = 1; e <= 8 && !found && msg == NULL; e *= 2) {
            for (uint32_t align = 8; align <= 256 && !found; align *= 2) {
                for (uint32_t base = 0; base <= 64 && !found; base++) {
                    t->layout[elem] = (struct array_layout){base, e, align};
                    found = 1;
                    for (int len = 0; len < PROBE_LENGTHS && found; len++) {
                        found = (jlong)classes_array_size(t, (unsigned)elem, (uint64_t)len) == size[len];
                    }
                }
            }
        }
        if (!found && msg == NULL) {
            msg = "array sizes on this VM follow no base + length * element layout";
        }
    }
    (*jni)->DeleteLocalRef(jni, object);
    return msg;
}

/* int.class and friends are not in GetLoadedClasses; the walk reports them as referrees only
 * (HotSpot never visits a primitive mirror), so they get class ids here and their records are
 * written with the unvisited mirrors at the end. */
static const char *tag_primitive_mirrors(jvmtiEnv *jvmti, JNIEnv *jni, struct class_table *t,
                                         uint32_t first_id, uint64_t *next_id, char *err, size_t errlen) {
    for (uint32_t i = 0; i < BOX_WITH_VOID; i++) {
        jclass box = (*jni)->FindClass(jni, BOX_CLASSES[i].name);
        jfieldID f = box != NULL ? (*jni)->GetStaticFieldID(jni, box, "TYPE", "Ljava/lang/Class;") : NULL;
        jobject mirror = f != NULL ? (*jni)->GetStaticObjectField(jni, box, f) : NULL;
        if (mirror == NULL) {
            (*jni)->ExceptionClear(jni);
            return "cannot find the primitive class mirrors";
        }
        uint32_t id = first_id + i;
        const char *msg = tag_mirror(jvmti, mirror, t, id, next_id, err, errlen);
        if (msg != NULL) {
            return msg;
        }
        char name[16];
        size_t n = type_name((char[]){BOX_CLASSES[i].letter, '\0'}, name);
        if (json_name(t, name, n, &t->info[id].type) != 0) {
            return "out of memory";
        }
        (*jni)->DeleteLocalRef(jni, mirror);
        (*jni)->DeleteLocalRef(jni, box);
    }
    return NULL;
}

static const char *describe_class(jvmtiEnv *jvmti, JNIEnv *jni, jclass k, uint32_t id,
                                  struct class_table *t, char *err, size_t errlen) {
    struct class_info *ci = &t->info[id];
    char *sig = NULL;
    const char *msg = jvmti_failure(jvmti, (*jvmti)->GetClassSignature(jvmti, k, &sig, NULL),
                                    "GetClassSignature", err, errlen);
    if (msg != NULL) {
        return msg;
    }
    classify(ci, sig);
    if (ci->kind == KIND_MIRROR) {
        t->class_class = id;
    }
    size_t siglen = strlen(sig);
    char *name = malloc(siglen * 2 + 16);
    if (name == NULL || json_name(t, name, type_name(sig, name), &ci->type) != 0) {
        msg = "out of memory reading class names";
    }
    free(name);
    (*jvmti)->Deallocate(jvmti, (unsigned char *)sig);
    if (msg == NULL && ci->kind != KIND_OBJ_ARRAY && ci->kind != KIND_PRIM_ARRAY) {
        msg = read_fields(jvmti, k, t, ci, err, errlen);
    }
    jclass super = msg == NULL ? (*jni)->GetSuperclass(jni, k) : NULL;
    ci->super = index_of(jvmti, super, t);
    (*jni)->DeleteLocalRef(jni, super);
    return msg;
}

const char *classes_build(jvmtiEnv *jvmti, JNIEnv *jni, struct class_table *t, uint64_t *next_id,
                          char *err, size_t errlen) {
    memset(t, 0, sizeof *t);
    jint n = 0;
    jclass *classes = NULL;
    const char *msg = jvmti_failure(jvmti, (*jvmti)->GetLoadedClasses(jvmti, &n, &classes),
                                    "GetLoadedClasses", err, errlen);
    if (msg != NULL) {
        return msg;
    }
    t->count = (uint32_t)n + BOX_WITH_VOID;
    t->info = calloc((size_t)t->count + 1, sizeof *t->info);
    t->ids = calloc((size_t)t->count + 1, sizeof *t->ids);
    uint32_t **ifcs = calloc((size_t)t->count + 1, sizeof *ifcs);
    uint32_t *nifcs = calloc((size_t)t->count + 1, sizeof *nifcs);
    if (t->info == NULL || t->ids == NULL || ifcs == NULL || nifcs == NULL) {
        msg = "out of memory for the class table";
    }
    /* Every id first, so superclass and interface lookups below find their targets. */
    for (jint i = 0; i < n && msg == NULL; i++) {
        msg = tag_mirror(jvmti, classes[i], t, (uint32_t)i + 1, next_id, err, errlen);
    }
    if (msg == NULL) {
        msg = tag_primitive_mirrors(jvmti, jni, t, (uint32_t)n + 1, next_id, err, errlen);
    }
    for (jint i = 0; i < n && msg == NULL; i++) {
        uint32_t id = (uint32_t)i + 1;
        msg = describe_class(jvmti, jni, classes[i], id, t, err, errlen);
        if (msg == NULL) {
            ifcs[id] = read_interfaces(jvmti, jni, classes[i], t, &nifcs[id]);
        }
    }
    for (jint i = 0; i < n; i++) {
        (*jni)->DeleteLocalRef(jni, classes[i]);
    }
    (*jvmti)->Deallocate(jvmti, (unsigned char *)classes);
    if (msg == NULL) {
        number_fields(t, ifcs, nifcs);
        msg = t->class_class == 0 ? "java.lang.Class is not loaded" : measure_layouts(jvmti, jni, t);
    }
    for (uint32_t id = 0; ifcs != NULL && id <= t->count; id++) {
        free(ifcs[id]);
    }
    free(ifcs);
    free(nifcs);
    return msg;
}

void classes_free(struct class_table *t) {
    while (t->arena != NULL) {
        struct arena_block *next = t->arena->next;
        free(t->arena);
        t->arena = next;
    }
    free(t->info);
    free(t->ids);
    t->info = NULL;
    t->ids = NULL;
    t->count = 0;
}

const struct json_text *classes_field(const struct class_table *t, uint32_t cls, int32_t index) {
    if (cls == 0 || cls > t->count) {
        return NULL;
    }
    int64_t rel = (int64_t)index - t->info[cls].ifc_fields;
    for (uint32_t a = cls; a != 0 && rel >= 0; a = t->info[a].super) {
        const struct class_info *ci = &t->info[a];
        if (rel >= ci->super_fields) {
            int64_t j = rel - ci->super_fields;
            return j < ci->nlocal ? &ci->local[j] : NULL;
        }
    }
    return NULL;
}

const struct json_text *classes_static_field(const struct class_table *t, uint32_t cls,
                                             int32_t index) {
    if (cls == 0 || cls > t->count) {
        return NULL;
    }
    const struct class_info *ci = &t->info[cls];
    int64_t j = (int64_t)index - ci->ifc_fields - ci->super_fields;
    return j >= 0 && j < ci->nlocal ? &ci->local[j] : NULL;
}
