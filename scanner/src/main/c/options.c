#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *copy_value(char *dst, size_t cap, const char *v, size_t n, const char *key,
                              char *err, size_t errlen) {
    if (n == 0 || n >= cap) {
        snprintf(err, errlen, "option %s: value must be 1 to %zu characters", key, cap - 1);
        return err;
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
    return NULL;
}

static const char *parse_values(const char *v, size_t n, struct options *o, char *err,
                                size_t errlen) {
    if (n == 4 && memcmp(v, "none", 4) == 0) {
        o->values = -1;
        return NULL;
    }
    long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9' || x > OPTIONS_MAX_VALUES) {
            x = -1;
            break;
        }
        x = x * 10 + (v[i] - '0');
    }
    if (n == 0 || x < 0 || x > OPTIONS_MAX_VALUES) {
        snprintf(err, errlen, "option values: expected a number 0..%d or none, got '%.*s'",
                 OPTIONS_MAX_VALUES, (int)(n > 40 ? 40 : n), v);
        return err;
    }
    o->values = (int)x;
    return NULL;
}

static const char *parse_pair(const char *k, size_t kn, const char *v, size_t vn,
                              struct options *o, char *err, size_t errlen) {
    if (kn == 6 && memcmp(k, "values", 6) == 0) {
        return parse_values(v, vn, o, err, errlen);
    }
    if (kn == 3 && memcmp(k, "out", 3) == 0) {
        return copy_value(o->out, sizeof o->out, v, vn, "out", err, errlen);
    }
    if (kn == 4 && memcmp(k, "dump", 4) == 0) {
        return copy_value(o->dump, sizeof o->dump, v, vn, "dump", err, errlen);
    }
    if (kn == 7 && memcmp(k, "outcome", 7) == 0) {
        return copy_value(o->outcome, sizeof o->outcome, v, vn, "outcome", err, errlen);
    }
    if (kn == 8 && memcmp(k, "identity", 8) == 0) {
        if ((vn == 4 && memcmp(v, "keep", 4) == 0) || (vn == 3 && memcmp(v, "off", 3) == 0)) {
            o->keep_identity = vn == 4;
            return NULL;
        }
        snprintf(err, errlen, "option identity: expected keep or off");
        return err;
    }
    if (kn == 13 && memcmp(k, "untagged_walk", 13) == 0) {
        if ((vn == 3 && memcmp(v, "yes", 3) == 0) || (vn == 2 && memcmp(v, "no", 2) == 0)) {
            o->untagged_walk = vn == 3;
            return NULL;
        }
        snprintf(err, errlen, "option untagged_walk: expected yes or no");
        return err;
    }
    snprintf(err, errlen, "unknown option '%.*s' (known: out, dump, outcome, values, identity, untagged_walk)",
             (int)(kn > 40 ? 40 : kn), k);
    return err;
}

const char *options_parse(const char *text, struct options *o, char *err, size_t errlen) {
    memset(o, 0, sizeof *o);
    o->values = OPTIONS_DEFAULT_VALUES;
    strcpy(o->out, OPTIONS_DEFAULT_OUT);
    if (text == NULL) {
        return NULL;
    }
    const char *p = text;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        if (end == NULL) {
            end = p + strlen(p);
        }
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq == NULL || eq == p) {
            snprintf(err, errlen, "option '%.*s': expected key=value", (int)(end - p > 40 ? 40 : end - p), p);
            return err;
        }
        const char *msg = parse_pair(p, (size_t)(eq - p), eq + 1, (size_t)(end - eq - 1), o, err, errlen);
        if (msg != NULL) {
            return msg;
        }
        p = *end == ',' ? end + 1 : end;
    }
    return NULL;
}

const char *options_expand(const char *template, pid_t pid, const struct timespec *when,
                           char *out, size_t outlen) {
    size_t n = 0;
    for (const char *p = template; *p != '\0'; p++) {
        char piece[64];
        const char *add = piece;
        size_t len;
        if (*p != '%') {
            piece[0] = *p;
            len = 1;
        } else if (p[1] == 'p') {
            len = (size_t)snprintf(piece, sizeof piece, "%ld", (long)pid);
            p++;
        } else if (p[1] == 't') {
            struct tm tm;
            gmtime_r(&when->tv_sec, &tm);
            len = strftime(piece, sizeof piece, "%Y%m%dT%H%M%S", &tm);
            len += (size_t)snprintf(piece + len, sizeof piece - len, ".%03ldZ", when->tv_nsec / 1000000);
            p++;
        } else if (p[1] == '%') {
            piece[0] = '%';
            len = 1;
            p++;
        } else {
            return "file name template: '%' must be followed by p, t or %";
        }
        if (n + len >= outlen) {
            return "file name too long";
        }
        memcpy(out + n, add, len);
        n += len;
    }
    if (n == 0) {
        return "empty file name";
    }
    out[n] = '\0';
    return NULL;
}
