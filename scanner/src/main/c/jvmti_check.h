/* The one place a JVMTI error code becomes text. */
#ifndef ASHWOOD_JVMTI_CHECK_H
#define ASHWOOD_JVMTI_CHECK_H

#include <jvmti.h>
#include <stddef.h>

/* NULL when err is JVMTI_ERROR_NONE; otherwise writes "<what> failed: JVMTI_ERROR_NAME (code)"
 * into buf (GetErrorName supplies the name) and returns buf, for the caller to log once. */
const char *jvmti_failure(jvmtiEnv *env, jvmtiError err, const char *what, char *buf, size_t len);

#endif
