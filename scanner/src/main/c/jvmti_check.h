/* JVMTI helpers every dump shares: the one place an error code becomes text, and fresh
 * environments that can tag objects. */
#ifndef ASHWOOD_JVMTI_CHECK_H
#define ASHWOOD_JVMTI_CHECK_H

#include <jvmti.h>
#include <stddef.h>

/* NULL when err is JVMTI_ERROR_NONE; otherwise writes "<what> failed: JVMTI_ERROR_NAME (code)"
 * into buf (GetErrorName supplies the name) and returns buf, for the caller to log once. */
const char *jvmti_failure(jvmtiEnv *env, jvmtiError err, const char *what, char *buf, size_t len);

/* A new JVMTI environment with can_tag_objects, in *out. Each dump, size and safepoint nudge
 * uses its own and disposes it, which drops all its tags at once. Returns NULL or a message. */
const char *jvmti_tagging_env(JavaVM *vm, jvmtiEnv **out, char *buf, size_t len);

#endif
