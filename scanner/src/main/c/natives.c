/* The JNI natives of dev.ashwood.scanner.internal.NativeAgent: the in-process Java API. They run
 * on the caller's Java thread; HotSpot finds them whether the library came by System.load or by
 * -agentpath. */
#include "agent.h"
#include "dump.h"
#include "giveback.h"
#include "options.h"
#include "recsize.h"
#include "worker.h"

#include <errno.h>
#include <jni.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void throw_new(JNIEnv *jni, const char *cls, const char *msg) {
    jclass c = (*jni)->FindClass(jni, cls);
    if (c != NULL) {
        (*jni)->ThrowNew(jni, c, msg);
    }
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)vm, (void)reserved;
    return JNI_VERSION_1_8;
}

JNIEXPORT jint JNICALL Java_dev_ashwood_scanner_internal_NativeAgent_abiVersion(JNIEnv *jni, jclass cls) {
    (void)jni, (void)cls;
    return AGENT_ABI;
}

static jlongArray longs(JNIEnv *jni, const jlong *v, jsize n) {
    jlongArray a = (*jni)->NewLongArray(jni, n);
    if (a != NULL) {
        (*jni)->SetLongArrayRegion(jni, a, 0, n, v);
    }
    return a;
}

/* Returns {objects, refs, bytes, roots, elapsed_ms}; throws IllegalArgumentException (options),
 * IllegalStateException (busy, dump failed) or java.io.IOException (cannot create the file). */
JNIEXPORT jlongArray JNICALL Java_dev_ashwood_scanner_internal_NativeAgent_dump(JNIEnv *jni, jclass cls,
                                                                               jstring path, jstring options) {
    (void)cls;
    char err[1024];
    struct request r;
    memset(&r, 0, sizeof r);
    r.outcome_fd = -1;
    const char *opts = options != NULL ? (*jni)->GetStringUTFChars(jni, options, NULL) : NULL;
    const char *msg = options_parse(opts, &r.opts, err, sizeof err);
    if (opts != NULL) {
        (*jni)->ReleaseStringUTFChars(jni, options, opts);
    }
    if (msg != NULL) {
        throw_new(jni, "java/lang/IllegalArgumentException", msg);
        return NULL;
    }
    const char *p = (*jni)->GetStringUTFChars(jni, path, NULL);
    if (p == NULL) {
        return NULL;
    }
    snprintf(r.path, sizeof r.path, "%s", p);
    (*jni)->ReleaseStringUTFChars(jni, path, p);
    if (!worker_claim()) {
        throw_new(jni, "java/lang/IllegalStateException", "a dump is already running in this JVM");
        return NULL;
    }
    int fd = dump_create(r.path);
    if (fd < 0) {
        snprintf(err, sizeof err, "cannot create %.900s: %s", r.path, strerror(errno));
        worker_release();
        throw_new(jni, "java/io/IOException", err);
        return NULL;
    }
    JavaVM *vm = NULL;
    (*jni)->GetJavaVM(jni, &vm);
    struct dump_job job = {&r.opts, fd, r.path, "api"};
    struct dump_result res;
    msg = dump_run(vm, jni, &job, &res, err, sizeof err);
    close(fd);
    give_back_later(jni);  /* on the caller's thread: the API returns with the memory given back */
    worker_release();
    if (msg != NULL) {
        throw_new(jni, "java/lang/IllegalStateException", msg);
        return NULL;
    }
    jlong v[5] = {(jlong)res.objects, (jlong)res.refs, (jlong)res.bytes, (jlong)res.roots, (jlong)res.elapsed_ms};
    return longs(jni, v, 5);
}

/* Returns {objects, bytes}; throws IllegalStateException when JVMTI fails. */
JNIEXPORT jlongArray JNICALL Java_dev_ashwood_scanner_internal_NativeAgent_recursiveSize(JNIEnv *jni, jclass cls,
                                                                                        jobject root) {
    (void)cls;
    char err[512];
    JavaVM *vm = NULL;
    (*jni)->GetJavaVM(jni, &vm);
    uint64_t objects = 0, bytes = 0;
    const char *msg = recsize_run(vm, root, &objects, &bytes, err, sizeof err);
    if (msg != NULL) {
        throw_new(jni, "java/lang/IllegalStateException", msg);
        return NULL;
    }
    jlong v[2] = {(jlong)objects, (jlong)bytes};
    return longs(jni, v, 2);
}
