#include "jsonl.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char DIGIT_PAIRS[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

char *jsonl_u64(char *p, uint64_t v) {
    char tmp[20];
    char *t = tmp + sizeof tmp;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        t -= 2;
        memcpy(t, DIGIT_PAIRS + 2 * r, 2);
    }
    if (v >= 10) {
        t -= 2;
        memcpy(t, DIGIT_PAIRS + 2 * v, 2);
    } else {
        *--t = (char)('0' + v);
    }
    size_t n = (size_t)(tmp + sizeof tmp - t);
    memcpy(p, t, n);
    return p + n;
}

char *jsonl_i64(char *p, int64_t v) {
    if (v < 0) {
        *p++ = '-';
        return jsonl_u64(p, (uint64_t)0 - (uint64_t)v);
    }
    return jsonl_u64(p, (uint64_t)v);
}

static char *nonfinite(char *p, double v) {
    const char *s = isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* The "C" locale, whose decimal point is '.' whatever the process locale: the JVM sets the
 * process locale from the environment (LANG=de_DE.UTF-8 made snprintf write "2,5", which is not
 * JSON). For "C", glibc's newlocale returns its built-in object and allocates nothing. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) {
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The shortest "%.*g" that reads back as v (as float when is_float), formatted and parsed in the
 * "C" locale (uselocale changes only the calling thread). Boxed floating values are rare in
 * heaps, so snprintf's cost does not matter here. */
static char *shortest(char *p, double v, int max_precision, int is_float) {
    if (!isfinite(v)) {
        return nonfinite(p, v);
    }
    pthread_once(&c_locale_once, make_c_locale);
    locale_t saved = c_locale != (locale_t)0 ? uselocale(c_locale) : (locale_t)0;
    char buf[JSONL_MAX_NUMBER + 8];
    for (int prec = 1; prec <= max_precision; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (is_float ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v) {
            break;
        }
    }
    if (saved != (locale_t)0) {
        uselocale(saved);
    }
    size_t n = strlen(buf);
    memcpy(p, buf, n);
    return p + n;
}

char *jsonl_double(char *p, double v) {
    return shortest(p, v, 17, 0);
}

char *jsonl_float(char *p, float v) {
    return shortest(p, v, 9, 1);
}

static const char HEX[] = "0123456789abcdef";

static char *escape_u(char *p, unsigned c) {
    p[0] = '\\';
    p[1] = 'u';
    p[2] = HEX[(c >> 12) & 15];
    p[3] = HEX[(c >> 8) & 15];
    p[4] = HEX[(c >> 4) & 15];
    p[5] = HEX[c & 15];
    return p + 6;
}

/* One BMP code unit that is not part of a valid surrogate pair. */
static char *unit(char *p, unsigned c) {
    if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = (char)c;
            return p;
        }
        const char *short_form = NULL;
        switch (c) {
        case '"': short_form = "\\\""; break;
        case '\\': short_form = "\\\\"; break;
        case '\n': short_form = "\\n"; break;
        case '\t': short_form = "\\t"; break;
        case '\r': short_form = "\\r"; break;
        case '\b': short_form = "\\b"; break;
        case '\f': short_form = "\\f"; break;
        default: return escape_u(p, c);
        }
        p[0] = short_form[0];
        p[1] = short_form[1];
        return p + 2;
    }
    if (c < 0x800) {
        p[0] = (char)(0xC0 | (c >> 6));
        p[1] = (char)(0x80 | (c & 0x3F));
        return p + 2;
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
        return escape_u(p, c);  /* a lone surrogate has no UTF-8 form */
    }
    p[0] = (char)(0xE0 | (c >> 12));
    p[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    p[2] = (char)(0x80 | (c & 0x3F));
    return p + 3;
}

static char *pair(char *p, unsigned hi, unsigned lo) {
    unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return p + 4;
}

static int is_high(unsigned c) { return c >= 0xD800 && c <= 0xDBFF; }
static int is_low(unsigned c) { return c >= 0xDC00 && c <= 0xDFFF; }

char *jsonl_utf16(char *p, const uint16_t *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *p++ = (char)c;  /* the common case, kept first */
        } else if (is_high(c) && i + 1 < n && is_low(s[i + 1])) {
            p = pair(p, c, s[i + 1]);
            i++;
        } else {
            p = unit(p, c);
        }
    }
    return p;
}

/* Decodes one modified-UTF-8 unit at s[*i]; U+FFFD for a malformed sequence. */
static unsigned mutf8_unit(const unsigned char *s, size_t n, size_t *i) {
    unsigned b = s[*i];
    if (b < 0x80) {
        (*i)++;
        return b;
    }
    if ((b & 0xE0) == 0xC0 && *i + 1 < n && (s[*i + 1] & 0xC0) == 0x80) {
        unsigned c = ((b & 0x1F) << 6) | (s[*i + 1] & 0x3F);
        *i += 2;
        return c;
    }
    if ((b & 0xF0) == 0xE0 && *i + 2 < n && (s[*i + 1] & 0xC0) == 0x80 &&
        (s[*i + 2] & 0xC0) == 0x80) {
        unsigned c = ((b & 0x0F) << 12) | ((s[*i + 1] & 0x3F) << 6) | (s[*i + 2] & 0x3F);
        *i += 3;
        return c;
    }
    (*i)++;
    return 0xFFFD;
}

char *jsonl_mutf8(char *p, const char *text, size_t n) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned c = mutf8_unit(s, n, &i);
        if (is_high(c) && i < n) {
            size_t j = i;
            unsigned d = mutf8_unit(s, n, &j);
            if (is_low(d)) {
                p = pair(p, c, d);
                i = j;
                continue;
            }
        }
        p = unit(p, c);
    }
    return p;
}

size_t jsonl_cut(const uint16_t *s, size_t n, size_t max) {
    if (max >= n) {
        return n;
    }
    if (max > 0 && is_high(s[max - 1]) && is_low(s[max])) {
        return max - 1;
    }
    return max;
}
