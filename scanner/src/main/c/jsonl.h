/* JSON text into caller-provided memory: numbers and exactly escaped strings. No allocation, no
 * libc formatting on the hot path; every function returns the new end of the output. The caller
 * guarantees room (see the JSONL_MAX_* bounds). */
#ifndef ASHWOOD_JSONL_H
#define ASHWOOD_JSONL_H

#include <stddef.h>
#include <stdint.h>

/* Longest output of one UTF-16 code unit: a lone surrogate or control char as \uXXXX. */
#define JSONL_MAX_PER_UNIT 6
/* Longest decimal integer (with sign) and longest formatted double ("-1.2345678901234567e-308"). */
#define JSONL_MAX_NUMBER 24

#include <string.h>

/* A string literal as (text, length) for jsonl_put, without its terminating NUL. */
#define JSONL_LIT(s) s, sizeof(s) - 1

/* Copies n bytes of ready JSON text (keys, punctuation, pre-escaped names). */
static inline char *jsonl_put(char *p, const char *s, size_t n) {
    memcpy(p, s, n);
    return p + n;
}

char *jsonl_u64(char *p, uint64_t v);
char *jsonl_i64(char *p, int64_t v);

/* A JSON number for v, the shortest decimal that reads back as v (as Java's Double.toString
 * chooses); NaN and infinities, which JSON lacks, as the strings "NaN", "Infinity", "-Infinity". */
char *jsonl_double(char *p, double v);
char *jsonl_float(char *p, float v);

/* Escapes n UTF-16 code units (no surrounding quotes): '"' and '\\' backslashed, controls as
 * \n \t \r \b \f or \u00XX, surrogate pairs as 4-byte UTF-8, lone surrogates as \uDXXX, other
 * characters as UTF-8. Writes at most JSONL_MAX_PER_UNIT * n bytes. */
char *jsonl_utf16(char *p, const uint16_t *s, size_t n);

/* Escapes a JVM "modified UTF-8" string (class and field names from JVMTI) like jsonl_utf16:
 * it is decoded to UTF-16 first, so a supplementary character written by the JVM as two 3-byte
 * surrogates comes out as one 4-byte UTF-8 sequence. Writes at most 6 bytes per input byte;
 * a malformed byte is written as U+FFFD. */
char *jsonl_mutf8(char *p, const char *s, size_t n);

/* How many of the first `max` code units of s (length n) to keep so that a surrogate pair is
 * never split: max, or max - 1 when unit max-1 is a high and unit max a low surrogate. */
size_t jsonl_cut(const uint16_t *s, size_t n, size_t max);

#endif
