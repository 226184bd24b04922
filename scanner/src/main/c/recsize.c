#include "recsize.h"

#include "dump.h"
#include "jvmti_check.h"

#include <jvmti.h>
#include <string.h>

struct tally {
    uint64_t objects, bytes;
};

static jint JNICALL on_reference(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                 jlong class_tag, jlong referrer_class_tag, jlong size,
                                 jlong *tag_ptr, jlong *referrer_tag_ptr, jint length,
                                 void *user_data) {
    (void)info, (void)class_tag, (void)referrer_class_tag, (void)referrer_tag_ptr, (void)length;
    if (kind != JVMTI_HEAP_REFERENCE_FIELD && kind != JVMTI_HEAP_REFERENCE_ARRAY_ELEMENT) {
        return 0;  /* classes and loaders reach most of the heap: not part of an object's size */
    }
    if (*tag_ptr == 0) {
        struct tally *t = user_data;
        *tag_ptr = 1;
        t->objects++;
        t->bytes += (uint64_t)size;
    }
    return JVMTI_VISIT_OBJECTS;
}

const char *recsize_run(JavaVM *vm, jobject root, uint64_t *objects, uint64_t *bytes, char *err,
                        size_t errlen) {
    jvmtiEnv *jvmti = NULL;
    const char *msg = jvmti_tagging_env(vm, &jvmti, err, errlen);
    if (msg != NULL) {
        return msg;
    }
    jlong root_size = 0;
    msg = jvmti_failure(jvmti, (*jvmti)->GetObjectSize(jvmti, root, &root_size), "GetObjectSize", err, errlen);
    if (msg == NULL) {
        msg = jvmti_failure(jvmti, (*jvmti)->SetTag(jvmti, root, 1), "SetTag", err, errlen);
    }
    struct tally t = {1, (uint64_t)root_size};
    if (msg == NULL) {
        jvmtiHeapCallbacks callbacks;
        memset(&callbacks, 0, sizeof callbacks);
        callbacks.heap_reference_callback = on_reference;
        msg = jvmti_failure(jvmti, (*jvmti)->FollowReferences(jvmti, 0, NULL, root, &callbacks, &t),
                            "FollowReferences", err, errlen);
    }
    (*jvmti)->DisposeEnvironment(jvmti);
    memory_give_back();
    *objects = t.objects;
    *bytes = t.bytes;
    return msg;
}
