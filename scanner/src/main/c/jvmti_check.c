#include "jvmti_check.h"

#include <stdio.h>

const char *jvmti_failure(jvmtiEnv *env, jvmtiError err, const char *what, char *buf, size_t len) {
    if (err == JVMTI_ERROR_NONE) {
        return NULL;
    }
    char *name = NULL;
    if (env == NULL || (*env)->GetErrorName(env, err, &name) != JVMTI_ERROR_NONE) {
        name = NULL;
    }
    snprintf(buf, len, "%s failed: %s (%d)", what, name != NULL ? name : "JVMTI error", (int)err);
    if (name != NULL) {
        (*env)->Deallocate(env, (unsigned char *)name);
    }
    return buf;
}
