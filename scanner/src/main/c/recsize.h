/* Count and bytes of everything reachable from one object (Meliae's get_recursive_size). */
#ifndef ASHWOOD_RECSIZE_H
#define ASHWOOD_RECSIZE_H

#include <jni.h>
#include <stdint.h>

/* Follows instance fields and array elements from root (not class, loader or static edges),
 * each object once, root included. Tags live in a fresh JVMTI environment disposed afterwards.
 * Returns NULL or a message in err. */
const char *recsize_run(JavaVM *vm, jobject root, uint64_t *objects, uint64_t *bytes, char *err,
                        size_t errlen);

#endif
