/* Entry points of -agentpath and attach: parse, check, hand over to the agent thread
 * (worker.c). The JNI natives of the Java API are in natives.c. */
#include "agent.h"

#include "copies_linux.h"
#include "dump.h"
#include "log.h"
#include "options.h"
#include "outcome.h"
#include "worker.h"

#include <errno.h>
#include <jni.h>
#include <jvmti.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct options g_startup;   /* -agentpath options, used by signal-triggered dumps */

static void JNICALL on_vm_init(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread) {
    (void)jvmti, (void)thread;
    const char *msg = worker_start(jni);
    if (msg != NULL) {
        log_line("%s: SIGQUIT and jcmd JVMTI.data_dump will not dump", msg);
    }
}

/* Runs on the Signal Dispatcher (SIGQUIT) or the Attach Listener (jcmd): only hands over. */
static void JNICALL on_data_dump(jvmtiEnv *jvmti) {
    (void)jvmti;
    if (!worker_claim()) {
        log_line("dump request refused: a dump is already running");
        return;
    }
    struct request r;
    memset(&r, 0, sizeof r);
    r.fd = -1;
    r.outcome_fd = -1;
    r.opts = g_startup;
    r.trigger = "signal";
    const char *msg = worker_post(&r);
    if (msg != NULL) {
        log_line("dump request refused: %s", msg);
    }
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    (void)reserved;
    char err[256];
    const char *msg = options_parse(options, &g_startup, err, sizeof err);
    if (msg == NULL && (g_startup.dump[0] != '\0' || g_startup.outcome[0] != '\0')) {
        msg = "dump=FILE and outcome=FILE are for attaching to a running JVM; with -agentpath use out=TEMPLATE";
    }
    if (msg == NULL) {
        msg = worker_init(vm);
    }
    jvmtiEventCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.VMInit = on_vm_init;
    callbacks.DataDumpRequest = on_data_dump;
    jvmtiEnv *env = worker_env();
    if (msg == NULL && ((*env)->SetEventCallbacks(env, &callbacks, sizeof callbacks) != JVMTI_ERROR_NONE ||
        (*env)->SetEventNotificationMode(env, JVMTI_ENABLE, JVMTI_EVENT_VM_INIT, NULL) != JVMTI_ERROR_NONE ||
        (*env)->SetEventNotificationMode(env, JVMTI_ENABLE, JVMTI_EVENT_DATA_DUMP_REQUEST, NULL) != JVMTI_ERROR_NONE)) {
        msg = "cannot enable the JVMTI events VMInit and DataDumpRequest";
    }
    if (msg != NULL) {
        log_line("agent not started: %s", msg);
        return JNI_ERR;
    }
    return JNI_OK;
}

/* This copy has no agent yet but another copy of the library runs one: hand the request over,
 * so the JVM keeps one agent thread and one claim. Returns the code to answer, or -1 to go on. */
static jint hand_over(JavaVM *vm, char *options, void *reserved) {
    struct other_copy other;
    if (worker_env() != NULL || !copies_find_running(&other)) {
        return -1;
    }
    jint rc;
    if (other.abi != AGENT_ABI) {
        log_line("attach refused: another version of the ashwood agent (%.400s) runs in this JVM;"
                 " dump with that version or restart the JVM", other.path);
        rc = ATTACH_OTHER_AGENT;
    } else {
        rc = other.attach(vm, options, reserved);
        /* Not ATTACH_OK: HotSpot then unloads this copy again, which has started nothing. */
        rc = rc == ATTACH_OK ? ATTACH_SHARED : rc;
    }
    copies_release(&other);
    return rc;
}

JNIEXPORT jint JNICALL Agent_OnAttach(JavaVM *vm, char *options, void *reserved) {
    jint shared = hand_over(vm, options, reserved);
    if (shared >= 0) {
        return shared;
    }
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
    if ((*vm)->GetEnv(vm, (void **)&jni, JNI_VERSION_1_8) != JNI_OK || (msg = worker_init(vm)) != NULL) {
        log_line("attach refused: %s", msg != NULL ? msg : "no JNI environment");
        return ATTACH_INIT_FAILED;
    }
    if (!worker_claim()) {
        log_line("attach refused: a dump is already running");
        return ATTACH_BUSY;
    }
    /* Everything that can fail is checked before the agent thread starts: when Agent_OnAttach
     * fails HotSpot may unload the library, which must then run no code. */
    snprintf(r.path, sizeof r.path, "%s", r.opts.dump);
    r.fd = dump_create(r.path);
    if (r.fd < 0) {
        int e = errno;
        worker_release();
        log_line("attach refused: cannot create %.900s: %s", r.path, strerror(e));
        return e == EEXIST ? ATTACH_FILE_EXISTS : ATTACH_CANNOT_CREATE;
    }
    r.outcome_fd = -1;
    if (r.opts.outcome[0] != '\0' && (r.outcome_fd = outcome_create(r.opts.outcome)) < 0) {
        int e = errno;
        close(r.fd);
        unlink(r.path);
        worker_release();
        log_line("attach refused: cannot create %.900s: %s", r.opts.outcome, strerror(e));
        return e == EEXIST ? ATTACH_FILE_EXISTS : ATTACH_CANNOT_CREATE;
    }
    r.trigger = "attach";
    if ((msg = worker_start(jni)) == NULL) {
        msg = worker_post(&r);  /* releases the claim when it fails */
    } else {
        worker_release();
    }
    if (msg != NULL) {
        close(r.fd);
        unlink(r.path);
        if (r.outcome_fd >= 0) {
            close(r.outcome_fd);
            unlink(r.opts.outcome);
        }
        log_line("attach refused: %s", msg);
        return ATTACH_INIT_FAILED;
    }
    return ATTACH_OK;
}
