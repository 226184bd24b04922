/* The agent's options: one "key=value,key=value" grammar, parsed into one struct. */
#ifndef ASHWOOD_OPTIONS_H
#define ASHWOOD_OPTIONS_H

#include <stddef.h>
#include <time.h>
#include <sys/types.h>

/* UTF-16 code units of each String written as "value" unless told otherwise. */
#define OPTIONS_DEFAULT_VALUES 100
/* Upper bound of values=N: a value is escaped into a fixed buffer of 6 bytes per code unit. */
#define OPTIONS_MAX_VALUES 100000
/* File name template of signal-triggered dumps, relative to the JVM's working directory. */
#define OPTIONS_DEFAULT_OUT "ashwood-%p-%t.jsonl"
#define OPTIONS_PATH_MAX 4096

struct options {
    int values;                          /* code units of String values, -1 for values=none */
    char out[OPTIONS_PATH_MAX];          /* template for signal-triggered dumps (%p, %t, %%) */
    char dump[OPTIONS_PATH_MAX];         /* "dump now to this file" (attach), "" when absent */
    char outcome[OPTIONS_PATH_MAX];      /* attach: the file to write the outcome to (see
                                            outcome.h); "" when absent */
    int keep_identity;                   /* identity=keep: tags (ids) live from dump to dump for the
                                            agent's whole life, so an object has one id in all of
                                            them; identity=off (default) gives them back after each */
    int untagged_walk;                   /* 1: first time a walk that tags nothing, so the footer
                                            can split HotSpot's time into walking and tagging
                                            (a second pause; for benchmarks) */
};

/* Fills *o with the defaults, then applies `text` (may be NULL or empty). Returns NULL on success,
 * else a message naming the offending key or value (in err, which has room for errlen bytes). */
const char *options_parse(const char *text, struct options *o, char *err, size_t errlen);

/* Expands %p (pid), %t (UTC time, yyyymmddThhmmss.mmmZ) and %% of `template` into out.
 * Returns NULL on success, else a message. */
const char *options_expand(const char *template, pid_t pid, const struct timespec *when,
                           char *out, size_t outlen);

#endif
