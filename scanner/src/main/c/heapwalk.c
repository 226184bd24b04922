#include "heapwalk.h"

#include "clock.h"
#include "jsonl.h"
#include "jvmti_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static const struct json_text UNKNOWN_TYPE = {JSONL_LIT("\"<unknown>\"")};
static const struct json_text UNKNOWN_FIELD = {JSONL_LIT("\"<unknown>\"")};

static const struct class_info *class_of(const struct walk *w, uint64_t id) {
    return id != 0 && id <= w->classes->count ? &w->classes->info[id] : NULL;
}

static size_t late_position(const struct walk *w, uint64_t id) {
    size_t lo = 0, hi = w->nlate;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->late[mid].id < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static struct late_mirror *find_late_mirror(struct walk *w, uint64_t id) {
    size_t at = late_position(w, id);
    return at < w->nlate && w->late[at].id == id ? &w->late[at] : NULL;
}

/* Records a mirror without a table index once, keeping the array sorted by id. */
static void remember_late_mirror(struct walk *w, uint64_t id, uint64_t size) {
    size_t at = late_position(w, id);
    if (at < w->nlate && w->late[at].id == id) {
        return;
    }
    if (w->nlate == w->caplate) {
        size_t cap = w->caplate == 0 ? 256 : w->caplate * 2;
        struct late_mirror *grown = realloc(w->late, cap * sizeof *grown);
        if (grown == NULL) {
            w->error = "out of memory for late class mirrors";
            return;
        }
        w->late = grown;
        w->caplate = cap;
    }
    memmove(&w->late[at + 1], &w->late[at], (w->nlate - at) * sizeof *w->late);
    w->late[at] = (struct late_mirror){id, size, 0};
    w->nlate++;
}

/* Ids are handed out at first sight, when the callback still says how big the object is; its
 * size (or its length, for arrays) rides in the tag to the later callbacks that name it as
 * referrer, which give neither. With identity=keep the tag outlives the dump, so the next dump
 * finds the same id (and the same size or length: neither changes in an object's life). */
static uint64_t identify(struct walk *w, jlong *tag_ptr, jlong class_tag, jlong size, jint length) {
    uint64_t tag = (uint64_t)*tag_ptr;
    if (tag == 0) {
        uint64_t id = ++w->next_id;
        if (id > TAG_ID_MAX) {
            w->error = "more objects than ids (2^33)";
            return 0;
        }
        *tag_ptr = (jlong)tag_make(id, length >= 0 ? (uint64_t)length : (uint64_t)size);
        if ((uint64_t)class_tag == w->class_class_tag) {
            remember_late_mirror(w, id, (uint64_t)size);
        }
        return id;
    }
    uint64_t id = tag_id(tag);
    if (id == 0) {
        /* A box tagged with its value's index before the walk: this is its first sighting. */
        id = ++w->next_id;
        if (id > TAG_ID_MAX) {
            w->error = "more objects than ids (2^33)";
            return 0;
        }
        *tag_ptr = (jlong)(tag | id);
        uint32_t cls = classes_index(w->classes, (uint64_t)class_tag);
        if (cls != 0) {
            w->classes->info[cls].box_size = (uint64_t)size;
        }
        return id;
    }
    if ((tag_extra(tag) & MIRROR_INDEXED) != 0) {
        /* Rare: a mirror of the table, a box, or an array of a billion elements. */
        uint32_t self = classes_index(w->classes, tag);
        if (self != 0) {
            if (!w->classes->info[self].seen) {
                w->classes->info[self].seen = 1;
                w->classes->info[self].mirror_size = (uint64_t)size;
            }
        } else if (w->kept) {
            /* A box whose id an earlier dump gave: the class learns its instance size here. */
            uint32_t cls = classes_index(w->classes, (uint64_t)class_tag);
            if (cls != 0 && w->classes->info[cls].kind == KIND_BOXED && w->classes->info[cls].box_size == 0) {
                w->classes->info[cls].box_size = (uint64_t)size;
            }
        }
    } else if (w->kept && (uint64_t)class_tag == w->class_class_tag) {
        remember_late_mirror(w, id, (uint64_t)size);  /* a mirror an earlier dump met late */
    }
    return id;
}

static void write_header(struct walk *w) {
    const struct class_info *ci = class_of(w, w->cur_cls);
    const struct json_text *type = ci != NULL ? &ci->type : &UNKNOWN_TYPE;
    const struct class_info *self = w->cur_mirror ? class_of(w, w->cur_self) : NULL;
    size_t need = 160 + type->n + (self != NULL ? self->type.n : 0) + (w->has_value ? w->value_len : 0);
    char *p = writer_reserve(w->out, need);
    p = jsonl_put(p, JSONL_LIT("{\"address\":"));
    p = jsonl_u64(p, w->cur);
    p = jsonl_put(p, JSONL_LIT(",\"type\":"));
    p = jsonl_put(p, type->s, type->n);
    p = jsonl_put(p, JSONL_LIT(",\"size\":"));
    p = jsonl_u64(p, w->cur_size);
    if (self != NULL) {
        p = jsonl_put(p, JSONL_LIT(",\"name\":"));
        p = jsonl_put(p, self->type.s, self->type.n);
    }
    if (w->cur_len >= 0) {
        p = jsonl_put(p, JSONL_LIT(",\"len\":"));
        p = jsonl_u64(p, (uint64_t)w->cur_len);
    }
    if (w->has_value) {
        p = jsonl_put(p, JSONL_LIT(",\"value\":"));
        p = jsonl_put(p, w->value, w->value_len);
    }
    p = jsonl_put(p, JSONL_LIT(",\"refs\":["));
    writer_commit(w->out, p);
}

/* Writes the deferred header and the refs held back for it; refs then go straight out. */
static void release_held(struct walk *w) {
    write_header(w);
    char *p = writer_reserve(w->out, w->held_len);
    writer_commit(w->out, jsonl_put(p, w->held, w->held_len));
    w->held_len = 0;
    w->hold = 0;
}

static void finish_record(struct walk *w) {
    if (w->cur == 0) {
        return;
    }
    if (w->hold) {
        release_held(w);
    }
    if (w->cur_refs > 0) {
        char *p = writer_reserve(w->out, 16);
        writer_commit(w->out, jsonl_put(p, JSONL_LIT("],\"fields\":[")));
        writer_drain_into(w->fields, w->out);
        if (w->fields->err != 0 && w->error == NULL) {
            snprintf(w->error_text, sizeof w->error_text,
                     "writing the temporary file for a large array's field names: %s", strerror(w->fields->err));
            w->error = w->error_text;
        }
        p = writer_reserve(w->out, 4);
        writer_commit(w->out, jsonl_put(p, JSONL_LIT("]}\n")));
    } else {
        char *p = writer_reserve(w->out, 4);
        writer_commit(w->out, jsonl_put(p, JSONL_LIT("]}\n")));
    }
    w->objects++;
    w->bytes += w->cur_size;
    w->refs += w->cur_refs;
    w->cur = 0;
}

static void add_ref_text(struct walk *w, uint64_t target, const char *field, size_t field_n,
                         int64_t index) {
    if (w->hold && w->held_len + 2 + JSONL_MAX_NUMBER > sizeof w->held) {
        release_held(w);  /* more refs than a String has: give up waiting for the value */
    }
    char *p = w->hold ? w->held + w->held_len : writer_reserve(w->out, 2 + JSONL_MAX_NUMBER);
    if (w->cur_refs > 0) {
        p = jsonl_put(p, JSONL_LIT(","));
    }
    p = jsonl_u64(p, target);
    if (w->hold) {
        w->held_len = (size_t)(p - w->held);
    } else {
        writer_commit(w->out, p);
    }
    char *f = writer_reserve(w->fields, 2 + (field != NULL ? field_n : JSONL_MAX_NUMBER));
    if (w->cur_refs > 0) {
        f = jsonl_put(f, JSONL_LIT(","));
    }
    f = field != NULL ? jsonl_put(f, field, field_n) : jsonl_i64(f, index);
    writer_commit(w->fields, f);
    w->cur_refs++;
}

/* The value of a box, from the values read before the walk, as the record's JSON value. */
static void format_box(struct walk *w, const struct class_info *ci, uint64_t index) {
    if (index >= w->boxes->n) {
        return;
    }
    jvalue value = boxes_value(w->boxes, index);
    char *p = w->value;
    switch (ci->boxed) {
    case 'Z': p = value.z ? jsonl_put(p, JSONL_LIT("true")) : jsonl_put(p, JSONL_LIT("false")); break;
    case 'B': p = jsonl_i64(p, value.b); break;
    case 'S': p = jsonl_i64(p, value.s); break;
    case 'I': p = jsonl_i64(p, value.i); break;
    case 'J': p = jsonl_i64(p, value.j); break;
    case 'F': p = jsonl_float(p, value.f); break;
    case 'D': p = jsonl_double(p, value.d); break;
    case 'C': {
        uint16_t c = value.c;
        *p++ = '"';
        p = jsonl_utf16(p, &c, 1);
        *p++ = '"';
        break;
    }
    default: return;
    }
    w->value_len = (size_t)(p - w->value);
    w->has_value = 1;
}

static void open_record(struct walk *w, uint64_t referrer_tag, uint64_t class_id) {
    finish_record(w);
    w->cur = tag_id(referrer_tag);
    w->cur_cls = (uint32_t)class_id;
    w->cur_refs = 0;
    w->cur_len = -1;
    w->has_value = 0;
    w->hold = 0;
    const struct class_info *ci = class_of(w, class_id);
    unsigned kind = ci != NULL ? ci->kind : KIND_INSTANCE;
    if (ci == NULL) {
        w->unknown_classes++;
    }
    w->cur_mirror = kind == KIND_MIRROR;
    w->cur_self = w->cur_mirror ? classes_index(w->classes, referrer_tag) : 0;
    if (w->cur_self != 0) {
        struct class_info *self = &w->classes->info[w->cur_self];
        self->written = 1;
        w->cur_size = self->mirror_size;
    } else if (w->cur_mirror) {
        struct late_mirror *late = find_late_mirror(w, w->cur);
        if (late != NULL) {
            late->written = 1;
        }
        w->cur_size = tag_extra(referrer_tag);
    } else if (kind == KIND_OBJ_ARRAY || kind == KIND_PRIM_ARRAY) {
        w->cur_len = (int64_t)tag_extra(referrer_tag);
        w->cur_size = classes_array_size(w->classes, ci->elem, (uint64_t)w->cur_len);
    } else if (kind == KIND_BOXED && (tag_extra(referrer_tag) & BOX_INDEXED) != 0) {
        w->cur_size = ci->box_size;
        format_box(w, ci, tag_extra(referrer_tag) & ~BOX_INDEXED);
    } else {
        w->cur_size = tag_extra(referrer_tag);  /* boxes made after the boxes were read: no value */
    }
    if (kind == KIND_STRING) {
        w->hold = 1;
        w->held_len = 0;
    } else {
        write_header(w);
    }
    if (w->cur_mirror) {
        /* HotSpot reports no class edge for a mirror; every other record has one, so add it. */
        add_ref_text(w, w->classes->ids[w->classes->class_class], JSONL_LIT("\"<class>\""), 0);
    }
}

static void add_ref(struct walk *w, jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                    uint64_t target) {
    const struct json_text *name;
    switch (kind) {
    case JVMTI_HEAP_REFERENCE_CLASS: add_ref_text(w, target, JSONL_LIT("\"<class>\""), 0); return;
    case JVMTI_HEAP_REFERENCE_ARRAY_ELEMENT: add_ref_text(w, target, NULL, 0, info->array.index); return;
    case JVMTI_HEAP_REFERENCE_FIELD:
        name = classes_field(w->classes, w->cur_cls, info->field.index);
        break;
    case JVMTI_HEAP_REFERENCE_STATIC_FIELD:
        name = w->cur_self != 0 ? classes_static_field(w->classes, w->cur_self, info->field.index) : NULL;
        break;
    case JVMTI_HEAP_REFERENCE_CLASS_LOADER: add_ref_text(w, target, JSONL_LIT("\"<loader>\""), 0); return;
    case JVMTI_HEAP_REFERENCE_SIGNERS: add_ref_text(w, target, JSONL_LIT("\"<signers>\""), 0); return;
    case JVMTI_HEAP_REFERENCE_PROTECTION_DOMAIN: add_ref_text(w, target, JSONL_LIT("\"<protection_domain>\""), 0); return;
    case JVMTI_HEAP_REFERENCE_INTERFACE: add_ref_text(w, target, JSONL_LIT("\"<interface>\""), 0); return;
    case JVMTI_HEAP_REFERENCE_CONSTANT_POOL: add_ref_text(w, target, JSONL_LIT("\"<constant_pool>\""), 0); return;
    case JVMTI_HEAP_REFERENCE_SUPERCLASS: add_ref_text(w, target, JSONL_LIT("\"<superclass>\""), 0); return;
    default:
        name = NULL;
        break;
    }
    if (name == NULL) {
        name = &UNKNOWN_FIELD;
    }
    add_ref_text(w, target, name->s, name->n, 0);
}

static const char *root_kind(jvmtiHeapReferenceKind kind) {
    switch (kind) {
    case JVMTI_HEAP_REFERENCE_JNI_GLOBAL: return "jni_global";
    case JVMTI_HEAP_REFERENCE_SYSTEM_CLASS: return "system_class";
    case JVMTI_HEAP_REFERENCE_MONITOR: return "monitor";
    case JVMTI_HEAP_REFERENCE_STACK_LOCAL: return "stack_local";
    case JVMTI_HEAP_REFERENCE_JNI_LOCAL: return "jni_local";
    case JVMTI_HEAP_REFERENCE_THREAD: return "thread";
    default: return "other";
    }
}

static void write_root(struct walk *w, jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                       uint64_t target) {
    finish_record(w);  /* HotSpot reports every root first; this only guards the format */
    const char *k = root_kind(kind);
    char *p = writer_reserve(w->out, 128);
    p = jsonl_put(p, JSONL_LIT("{\"root\":\""));
    p = jsonl_put(p, k, strlen(k));
    p = jsonl_put(p, JSONL_LIT("\",\"ref\":"));
    p = jsonl_u64(p, target);
    jlong thread_tag = 0;
    jint depth = -1;
    if (kind == JVMTI_HEAP_REFERENCE_STACK_LOCAL) {
        thread_tag = info->stack_local.thread_tag;
        depth = info->stack_local.depth;
    } else if (kind == JVMTI_HEAP_REFERENCE_JNI_LOCAL) {
        thread_tag = info->jni_local.thread_tag;
        depth = info->jni_local.depth;
    }
    if (thread_tag != 0) {
        p = jsonl_put(p, JSONL_LIT(",\"thread\":"));
        p = jsonl_u64(p, tag_id((uint64_t)thread_tag));
    }
    if (depth >= 0) {
        p = jsonl_put(p, JSONL_LIT(",\"depth\":"));
        p = jsonl_u64(p, (uint64_t)depth);
    }
    writer_commit(w->out, jsonl_put(p, JSONL_LIT("}\n")));
    w->roots++;
}

/* Time the walk spent blocked on output (waiting for the writer thread, or in write(2) itself),
 * which the callback timing leaves out: it is reported as writing, not formatting. */
static uint64_t blocked_ns(const struct walk *w) {
    const struct writer *o = w->out;
    return (o->async != NULL ? o->async->wait_ns : o->write_ns) + w->fields->write_ns;
}

static jint JNICALL on_reference(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                 jlong class_tag, jlong referrer_class_tag, jlong size,
                                 jlong *tag_ptr, jlong *referrer_tag_ptr, jint length,
                                 void *user_data) {
    struct walk *w = user_data;
    int sampled = (++w->sample_count % WALK_SAMPLE_EVERY) == 0;
    uint64_t start = 0, io_before = 0;
    if (sampled) {
        start = now_ns();
        io_before = blocked_ns(w);
    }
    uint64_t target = identify(w, tag_ptr, class_tag, size, length);
    if (referrer_tag_ptr == NULL) {
        write_root(w, kind, info, target);
    } else {
        uint64_t rtag = (uint64_t)*referrer_tag_ptr;
        if (tag_id(rtag) != w->cur) {
            open_record(w, rtag, classes_index(w->classes, (uint64_t)referrer_class_tag));
        }
        add_ref(w, kind, info, target);
    }
    if (sampled) {
        uint64_t io = blocked_ns(w) - io_before;
        w->sampled_ns += now_ns() - start - io;
    }
    return w->error != NULL || w->out->err != 0 ? JVMTI_VISIT_ABORT : JVMTI_VISIT_OBJECTS;
}

static jint JNICALL on_string(jlong class_tag, jlong size, jlong *tag_ptr, const jchar *value,
                              jint value_length, void *user_data) {
    (void)class_tag;
    (void)size;
    struct walk *w = user_data;
    if (!w->hold || tag_id((uint64_t)*tag_ptr) != w->cur) {
        return 0;
    }
    w->cur_len = value_length;
    if (w->values >= 0) {
        size_t n = jsonl_cut(value, (size_t)value_length, (size_t)w->values);
        char *p = w->value;
        *p++ = '"';
        p = jsonl_utf16(p, value, n);
        *p++ = '"';
        w->value_len = (size_t)(p - w->value);
        w->has_value = 1;
    }
    return 0;
}

/* Mirrors the walk reached but never visited as referrers (primitive mirrors, classes not yet
 * linked, classes with no edges at all) still need their records: every id in a refs list that
 * is an object has one. */
static void write_unvisited_mirrors(struct walk *w) {
    for (uint32_t id = 1; id <= w->classes->count; id++) {
        const struct class_info *ci = &w->classes->info[id];
        if (ci->seen && !ci->written) {
            open_record(w, classes_tag(w->classes, id), w->classes->class_class);
            finish_record(w);
        }
    }
    for (size_t i = 0; i < w->nlate; i++) {
        if (!w->late[i].written) {
            open_record(w, tag_make(w->late[i].id, w->late[i].size), w->classes->class_class);
            finish_record(w);
        }
    }
}

void walk_free(struct walk *w) {
    free(w->late);
    w->late = NULL;
    w->nlate = w->caplate = 0;
}

const char *walk_run(jvmtiEnv *jvmti, struct walk *w, char *err, size_t errlen) {
    jvmtiHeapCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.heap_reference_callback = on_reference;
    callbacks.string_primitive_value_callback = on_string;
    const char *msg = jvmti_failure(jvmti, (*jvmti)->FollowReferences(jvmti, 0, NULL, NULL, &callbacks, w),
                                    "FollowReferences", err, errlen);
    if (msg != NULL) {
        return msg;
    }
    finish_record(w);
    write_unvisited_mirrors(w);
    return w->error;
}

static jint JNICALL follow_only(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                jlong class_tag, jlong referrer_class_tag, jlong size, jlong *tag_ptr,
                                jlong *referrer_tag_ptr, jint length, void *user_data) {
    (void)kind, (void)info, (void)class_tag, (void)referrer_class_tag, (void)size, (void)tag_ptr;
    (void)referrer_tag_ptr, (void)length, (void)user_data;
    return JVMTI_VISIT_OBJECTS;
}

const char *walk_untagged(jvmtiEnv *jvmti, uint64_t *elapsed_ns, char *err, size_t errlen) {
    jvmtiHeapCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.heap_reference_callback = follow_only;
    uint64_t start = now_ns();
    const char *msg = jvmti_failure(jvmti, (*jvmti)->FollowReferences(jvmti, 0, NULL, NULL, &callbacks, NULL),
                                    "FollowReferences (untagged)", err, errlen);
    *elapsed_ns = now_ns() - start;
    return msg;
}
