/* The agent thread: one request slot, one dump at a time, and what follows a dump (outcome
 * written for the attaching side, memory given back, outcome logged). */
#include "worker.h"

#include "dump.h"
#include "giveback.h"
#include "log.h"
#include "outcome.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static jvmtiEnv *g_env;            /* lives with the VM: events and the agent thread */
static jrawMonitorID g_lock;       /* guards g_request and g_worker_started */
static struct request g_request;
static int g_worker_started;
static int g_busy;                 /* a dump is claimed or running; one at a time */

int worker_claim(void) {
    int expected = 0;
    return __atomic_compare_exchange_n(&g_busy, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

void worker_release(void) {
    __atomic_store_n(&g_busy, 0, __ATOMIC_RELEASE);
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
        /* The file is closed: the claim is given back before the outcome is told, so an attach
         * that follows at once is not refused as busy. Its dump waits on this thread until the
         * memory is given back. */
        worker_release();
        if (r.outcome_fd >= 0) {
            outcome_write(r.outcome_fd, r.opts.outcome, msg, &result);
        }
        give_back_later(jni);
        log_outcome(msg, &r, &result);
    }
}

const char *worker_post(const struct request *r) {
    if (g_env == NULL || (*g_env)->RawMonitorEnter(g_env, g_lock) != JVMTI_ERROR_NONE) {
        worker_release();
        return "the agent is not initialized";
    }
    const char *msg = NULL;
    if (!g_worker_started) {
        msg = "the agent thread is not running";
        worker_release();  /* nobody would ever run the request and give the claim back */
    } else {
        g_request = *r;
        g_request.pending = 1;
        (*g_env)->RawMonitorNotify(g_env, g_lock);
    }
    (*g_env)->RawMonitorExit(g_env, g_lock);
    return msg;
}

const char *worker_init(JavaVM *vm) {
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

jvmtiEnv *worker_env(void) {
    return g_env;
}

const char *worker_start(JNIEnv *jni) {
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

