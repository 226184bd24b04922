/* Entry points only: Agent_OnLoad (-agentpath, dumps on SIGQUIT / jcmd JVMTI.data_dump),
 * Agent_OnAttach (one dump now), the JNI natives of the Java API, and the agent thread that runs
 * requested dumps. The work itself is in dump.c. */
#include "agent.h"

#include "dump.h"
#include "giveback.h"
#include "log.h"
#include "options.h"
#include "recsize.h"

#include <errno.h>
#include <jni.h>
#include <jvmti.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct request {
    int pending;
    int fd;                        /* -1: create the file from opts.out on the agent thread */
    char path[OPTIONS_PATH_MAX];
    struct options opts;
    const char *trigger;
};

static jvmtiEnv *g_env;            /* lives with the VM: events and the agent thread */
static jrawMonitorID g_lock;       /* guards g_request and g_worker_started */
static struct request g_request;
static int g_worker_started;
static struct options g_startup;   /* -agentpath options, used by signal-triggered dumps */
static int g_busy;                 /* a dump is claimed or running; one at a time */

/* Claims the right to dump; 0 when a dump is already under way. */
static int claim(void) {
    int expected = 0;
    return __atomic_compare_exchange_n(&g_busy, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static void release(void) {
    __atomic_store_n(&g_busy, 0, __ATOMIC_RELEASE);
}

/* Publishes the outcome of an attach-triggered dump as system property ashwood.status.<token>,
 * which the attaching side polls: "ok OBJECTS REFS BYTES ROOTS MILLIS" or "error MESSAGE". */
static void publish_status(JNIEnv *jni, const char *token, const char *msg, const struct dump_result *r) {
    char key[OPTIONS_TOKEN_MAX + 32];
    char value[1200];
    snprintf(key, sizeof key, "ashwood.status.%s", token);
    if (msg != NULL) {
        snprintf(value, sizeof value, "error %s", msg);
    } else {
        snprintf(value, sizeof value, "ok %llu %llu %llu %llu %llu", (unsigned long long)r->objects,
                 (unsigned long long)r->refs, (unsigned long long)r->bytes,
                 (unsigned long long)r->roots, (unsigned long long)r->elapsed_ms);
    }
    jclass system = (*jni)->FindClass(jni, "java/lang/System");
    jmethodID set = system != NULL ? (*jni)->GetStaticMethodID(jni, system, "setProperty",
        "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;") : NULL;
    jstring k = set != NULL ? (*jni)->NewStringUTF(jni, key) : NULL;
    jstring v = k != NULL ? (*jni)->NewStringUTF(jni, value) : NULL;
    if (v != NULL) {
        jobject old = (*jni)->CallStaticObjectMethod(jni, system, set, k, v);
        (*jni)->DeleteLocalRef(jni, old);
    }
    if ((*jni)->ExceptionCheck(jni)) {
        (*jni)->ExceptionClear(jni);
        log_line("cannot publish the dump status %s", key);
    }
    (*jni)->DeleteLocalRef(jni, k);
    (*jni)->DeleteLocalRef(jni, v);
    (*jni)->DeleteLocalRef(jni, system);
}

/* Runs one requested dump; returns NULL or the failure (in err). */
static const char *run_request(JNIEnv *jni, struct request *r, struct dump_result *result, char *err,
                               size_t errlen) {
    const char *msg = NULL;
    if (r->fd < 0) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        msg = options_expand(r->opts.out, getpid(), &now, r->path, sizeof r->path);
        if (msg == NULL && (r->fd = dump_create(r->path)) < 0) {
            snprintf(err, errlen, "cannot create %.900s: %s", r->path, strerror(errno));
            msg = err;
        }
    }
    memset(result, 0, sizeof *result);
    if (msg == NULL) {
        JavaVM *vm = NULL;
        (*jni)->GetJavaVM(jni, &vm);
        struct dump_job job = {&r->opts, r->fd, r->path, r->trigger};
        msg = dump_run(vm, jni, &job, result, err, errlen);
    }
    if (r->fd >= 0) {
        close(r->fd);
    }
    return msg;
}

/* Logged once the dump's memory is given back and a new dump may start. */
static void log_outcome(const char *msg, const struct request *r, const struct dump_result *result) {
    if (msg != NULL) {
        log_line("dump failed: %s", msg);
    } else {
        log_line("dumped %llu objects (%llu bytes) to %s in %llu ms", (unsigned long long)result->objects,
                 (unsigned long long)result->bytes, r->path, (unsigned long long)result->elapsed_ms);
    }
}

static void JNICALL worker_main(jvmtiEnv *jvmti, JNIEnv *jni, void *arg) {
    (void)arg;
    for (;;) {
        struct request r;
        if ((*jvmti)->RawMonitorEnter(jvmti, g_lock) != JVMTI_ERROR_NONE) {
            return;
        }
        while (!g_request.pending) {
            if ((*jvmti)->RawMonitorWait(jvmti, g_lock, 0) != JVMTI_ERROR_NONE) {
                (*jvmti)->RawMonitorExit(jvmti, g_lock);
                return;  /* the VM is going away */
            }
        }
        r = g_request;
        g_request.pending = 0;
        (*jvmti)->RawMonitorExit(jvmti, g_lock);
        char err[1024];
        struct dump_result result;
        const char *msg = run_request(jni, &r, &result, err, sizeof err);
        give_back_later(jni);
        release();
        log_outcome(msg, &r, &result);
        if (r.opts.status[0] != '\0') {
            publish_status(jni, r.opts.status, msg, &result);
        }
    }
}

/* Hands a claimed request to the agent thread. */
static void post(const struct request *r) {
    (*g_env)->RawMonitorEnter(g_env, g_lock);
    g_request = *r;
    g_request.pending = 1;
    (*g_env)->RawMonitorNotify(g_env, g_lock);
    (*g_env)->RawMonitorExit(g_env, g_lock);
}

static const char *init_env(JavaVM *vm) {
    if (g_env != NULL) {
        return NULL;
    }
    jvmtiEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JVMTI_VERSION_1_2) != JNI_OK) {
        return "cannot get a JVMTI environment";
    }
    if ((*env)->CreateRawMonitor(env, "ashwood", &g_lock) != JVMTI_ERROR_NONE) {
        (*env)->DisposeEnvironment(env);
        return "cannot create a raw monitor";
    }
    g_env = env;
    return NULL;
}

/* Starts the agent thread once; dumps never run on the Signal Dispatcher or Attach Listener,
 * which other JVM duties (shutdown on SIGTERM, jcmd) wait for. */
static const char *start_worker(JNIEnv *jni) {
    (*g_env)->RawMonitorEnter(g_env, g_lock);
    const char *msg = NULL;
    if (!g_worker_started) {
        jclass cls = (*jni)->FindClass(jni, "java/lang/Thread");
        jmethodID init = cls != NULL ? (*jni)->GetMethodID(jni, cls, "<init>", "(Ljava/lang/String;)V") : NULL;
        jstring name = init != NULL ? (*jni)->NewStringUTF(jni, "ashwood dump") : NULL;
        jobject thread = name != NULL ? (*jni)->NewObject(jni, cls, init, name) : NULL;
        if (thread == NULL) {
            (*jni)->ExceptionClear(jni);
            msg = "cannot create the agent thread";
        } else if ((*g_env)->RunAgentThread(g_env, thread, worker_main, NULL, JVMTI_THREAD_NORM_PRIORITY)
                   != JVMTI_ERROR_NONE) {
            msg = "cannot start the agent thread";
        } else {
            g_worker_started = 1;
        }
        (*jni)->DeleteLocalRef(jni, thread);
        (*jni)->DeleteLocalRef(jni, name);
        (*jni)->DeleteLocalRef(jni, cls);
    }
    (*g_env)->RawMonitorExit(g_env, g_lock);
    return msg;
}

static void JNICALL on_vm_init(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread) {
    (void)jvmti, (void)thread;
    const char *msg = start_worker(jni);
    if (msg != NULL) {
        log_line("%s: SIGQUIT and jcmd JVMTI.data_dump will not dump", msg);
    }
}

/* Runs on the Signal Dispatcher (SIGQUIT) or the Attach Listener (jcmd): only hands over. */
static void JNICALL on_data_dump(jvmtiEnv *jvmti) {
    (void)jvmti;
    if (!claim()) {
        log_line("dump request refused: a dump is already running");
        return;
    }
    struct request r;
    memset(&r, 0, sizeof r);
    r.fd = -1;
    r.opts = g_startup;
    r.trigger = "signal";
    post(&r);
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    (void)reserved;
    char err[256];
    const char *msg = options_parse(options, &g_startup, err, sizeof err);
    if (msg == NULL && g_startup.dump[0] != '\0') {
        msg = "dump=FILE is for attaching to a running JVM; with -agentpath use out=TEMPLATE";
    }
    if (msg == NULL) {
        msg = init_env(vm);
    }
    jvmtiEventCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.VMInit = on_vm_init;
    callbacks.DataDumpRequest = on_data_dump;
    if (msg == NULL && ((*g_env)->SetEventCallbacks(g_env, &callbacks, sizeof callbacks) != JVMTI_ERROR_NONE ||
        (*g_env)->SetEventNotificationMode(g_env, JVMTI_ENABLE, JVMTI_EVENT_VM_INIT, NULL) != JVMTI_ERROR_NONE ||
        (*g_env)->SetEventNotificationMode(g_env, JVMTI_ENABLE, JVMTI_EVENT_DATA_DUMP_REQUEST, NULL) != JVMTI_ERROR_NONE)) {
        msg = "cannot enable the JVMTI events VMInit and DataDumpRequest";
    }
    if (msg != NULL) {
        log_line("agent not started: %s", msg);
        return JNI_ERR;
    }
    return JNI_OK;
}

JNIEXPORT jint JNICALL Agent_OnAttach(JavaVM *vm, char *options, void *reserved) {
    (void)reserved;
    char err[256];
    struct request r;
    memset(&r, 0, sizeof r);
    const char *msg = options_parse(options, &r.opts, err, sizeof err);
    if (msg == NULL && r.opts.dump[0] == '\0') {
        msg = "attach needs dump=FILE";
    }
    if (msg != NULL) {
        log_line("attach refused: %s", msg);
        return ATTACH_BAD_OPTIONS;
    }
    JNIEnv *jni = NULL;
    if ((*vm)->GetEnv(vm, (void **)&jni, JNI_VERSION_1_8) != JNI_OK || (msg = init_env(vm)) != NULL) {
        log_line("attach refused: %s", msg != NULL ? msg : "no JNI environment");
        return ATTACH_INIT_FAILED;
    }
    if (!claim()) {
        log_line("attach refused: a dump is already running");
        return ATTACH_BUSY;
    }
    /* Everything that can fail is checked before the agent thread starts: when Agent_OnAttach
     * fails HotSpot may unload the library, which must then run no code. */
    snprintf(r.path, sizeof r.path, "%s", r.opts.dump);
    r.fd = dump_create(r.path);
    if (r.fd < 0) {
        int e = errno;
        release();
        log_line("attach refused: cannot create %.900s: %s", r.path, strerror(e));
        return e == EEXIST ? ATTACH_FILE_EXISTS : ATTACH_CANNOT_CREATE;
    }
    if ((msg = start_worker(jni)) != NULL) {
        close(r.fd);
        unlink(r.path);
        release();
        log_line("attach refused: %s", msg);
        return ATTACH_INIT_FAILED;
    }
    r.trigger = "attach";
    post(&r);
    return ATTACH_OK;
}

/* ---- JNI natives of dev.ashwood.scanner.internal.NativeAgent ---- */

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
    return 1;
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
    if (!claim()) {
        throw_new(jni, "java/lang/IllegalStateException", "a dump is already running in this JVM");
        return NULL;
    }
    int fd = dump_create(r.path);
    if (fd < 0) {
        snprintf(err, sizeof err, "cannot create %.900s: %s", r.path, strerror(errno));
        release();
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
    release();
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
