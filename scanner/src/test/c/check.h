/* A minimal test harness for the agent's C units: no JVM, no framework. Each CHECK names the
 * rule it checks; a failing run prints every broken rule and exits 1, which fails Maven. */
#ifndef ASHWOOD_CHECK_H
#define ASHWOOD_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond, rule)                                                            \
    do {                                                                             \
        check_count++;                                                               \
        if (!(cond)) {                                                               \
            check_failures++;                                                        \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, rule);           \
        }                                                                            \
    } while (0)

#define CHECK_STR(actual, expected, rule)                                            \
    do {                                                                             \
        const char *a_ = (actual), *e_ = (expected);                                 \
        check_count++;                                                               \
        if (strcmp(a_, e_) != 0) {                                                   \
            check_failures++;                                                        \
            fprintf(stderr, "FAIL %s:%d: %s\n  expected: %s\n  actual:   %s\n",      \
                    __FILE__, __LINE__, rule, e_, a_);                               \
        }                                                                            \
    } while (0)

static inline int check_report(const char *suite) {
    printf("[C tests] %s: %d checks, %d failed\n", suite, check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

#endif
