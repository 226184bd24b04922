#include "jvmti_check.h"

#include <stdio.h>
#include <string.h>

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

const char *jvmti_tagging_env(JavaVM *vm, jvmtiEnv **out, char *buf, size_t len) {
    *out = NULL;
    jvmtiEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JVMTI_VERSION_1_2) != JNI_OK) {
        return "cannot get a JVMTI environment";
    }
    jvmtiCapabilities caps;
    memset(&caps, 0, sizeof caps);
    caps.can_tag_objects = 1;
    const char *msg = jvmti_failure(env, (*env)->AddCapabilities(env, &caps), "AddCapabilities(can_tag_objects)", buf, len);
    if (msg != NULL) {
        (*env)->DisposeEnvironment(env);
        return msg;
    }
    *out = env;
    return NULL;
}
