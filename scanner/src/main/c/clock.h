/* The one clock every timing in the agent uses. */
#ifndef ASHWOOD_CLOCK_H
#define ASHWOOD_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Monotonic nanoseconds; a vDSO call of about 20 ns, so the walk samples it rather than
 * timing every callback. */
static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
