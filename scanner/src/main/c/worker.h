/* The agent thread and the one-dump-at-a-time rule shared by every trigger. */
#ifndef ASHWOOD_WORKER_H
#define ASHWOOD_WORKER_H

#include "options.h"

#include <jni.h>
#include <jvmti.h>

/* A dump asked of the agent thread. */
struct request {
    int pending;
    int fd;                        /* -1: create the file from opts.out on the agent thread */
    int outcome_fd;                /* attach with outcome=PATH: its file (outcome.h), else -1 */
    char path[OPTIONS_PATH_MAX];
    struct options opts;
    const char *trigger;
};


/* Claims the right to dump; 0 when a dump is already under way (then refuse the trigger). */
int worker_claim(void);
/* Gives the claim back, for a claimed request that will not be posted or a finished API dump. */
void worker_release(void);

/* Creates the long-lived JVMTI environment and lock once; NULL or a message. */
const char *worker_init(JavaVM *vm);
/* The long-lived environment (events are set on it), NULL before worker_init. */
jvmtiEnv *worker_env(void);
/* Starts the agent thread once; NULL or a message. Dumps never run on the Signal Dispatcher or
 * Attach Listener, which other JVM duties (shutdown on SIGTERM, jcmd) wait for. */
const char *worker_start(JNIEnv *jni);
/* Hands a claimed request to the agent thread, which dumps, releases the claim, writes the
 * outcome file (attach), gives the memory back and logs the outcome. NULL, or a message when
 * there is no agent thread: then the claim is released and the caller still owns r's files. */
const char *worker_post(const struct request *r);

#endif
