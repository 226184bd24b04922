#include "giveback.h"

#include "dump.h"
#include "jvmti_check.h"

#include <jvmti.h>
#include <string.h>
#include <time.h>

/* Milliseconds between the rounds of safepoint-and-trim; RSS was back by the second round. */
#define GIVEBACK_DELAYS_MS {250, 750, 1500}

static jint JNICALL visit_nothing(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                  jlong class_tag, jlong referrer_class_tag, jlong size, jlong *tag_ptr,
                                  jlong *referrer_tag_ptr, jint length, void *user_data) {
    (void)kind, (void)info, (void)class_tag, (void)referrer_class_tag, (void)size, (void)tag_ptr;
    (void)referrer_tag_ptr, (void)length, (void)user_data;
    return 0;
}

/* A heap walk from an empty array is a VM operation, so it brings a safepoint at almost no
 * cost. Failure only means the memory comes back later. */
static void safepoint(JNIEnv *jni) {
    JavaVM *vm = NULL;
    jvmtiEnv *jvmti = NULL;
    (*jni)->GetJavaVM(jni, &vm);
    jobject tiny = (*jni)->NewIntArray(jni, 0);
    if (tiny == NULL) {
        (*jni)->ExceptionClear(jni);
        return;
    }
    char err[160];
    if (jvmti_tagging_env(vm, &jvmti, err, sizeof err) == NULL) {
        jvmtiHeapCallbacks callbacks;
        memset(&callbacks, 0, sizeof callbacks);
        callbacks.heap_reference_callback = visit_nothing;
        (*jvmti)->FollowReferences(jvmti, 0, NULL, tiny, &callbacks, NULL);
        (*jvmti)->DisposeEnvironment(jvmti);
    }
    (*jni)->DeleteLocalRef(jni, tiny);
}

void give_back_later(JNIEnv *jni) {
    static const long delays[] = GIVEBACK_DELAYS_MS;
    for (size_t i = 0; i < sizeof delays / sizeof *delays; i++) {
        struct timespec ts = {delays[i] / 1000, (delays[i] % 1000) * 1000000};
        nanosleep(&ts, NULL);
        safepoint(jni);
        memory_give_back();
    }
}
