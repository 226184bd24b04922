#include "check.h"
#include "jsonl.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>

static char buf[4096];

static const char *utf16(const uint16_t *s, size_t n) {
    *jsonl_utf16(buf, s, n) = '\0';
    return buf;
}

static const char *mutf8(const char *s) {
    *jsonl_mutf8(buf, s, strlen(s)) = '\0';
    return buf;
}

static void numbers(void) {
    *jsonl_u64(buf, 0) = '\0';
    CHECK_STR(buf, "0", "zero");
    *jsonl_u64(buf, 18446744073709551615u) = '\0';
    CHECK_STR(buf, "18446744073709551615", "the largest u64");
    *jsonl_i64(buf, INT64_MIN) = '\0';
    CHECK_STR(buf, "-9223372036854775808", "the smallest i64");
    *jsonl_u64(buf, 1000200030) = '\0';
    CHECK_STR(buf, "1000200030", "inner zeros survive the two-digit formatting");
    *jsonl_double(buf, 0.1) = '\0';
    CHECK_STR(buf, "0.1", "a double is written in its shortest exact form");
    *jsonl_double(buf, 1e300) = '\0';
    CHECK_STR(buf, "1e+300", "a large double uses an exponent");
    *jsonl_double(buf, NAN) = '\0';
    CHECK_STR(buf, "\"NaN\"", "NaN is the string NaN");
    *jsonl_double(buf, -INFINITY) = '\0';
    CHECK_STR(buf, "\"-Infinity\"", "negative infinity is a string");
    *jsonl_float(buf, 0.1f) = '\0';
    CHECK_STR(buf, "0.1", "a float is written in its shortest float form");
}

static void escapes(void) {
    const uint16_t quote[] = {'a', '"', 'b', '\\', 'c'};
    CHECK_STR(utf16(quote, 5), "a\\\"b\\\\c", "quotes and backslashes are backslash-escaped");
    const uint16_t ctl[] = {'\n', '\t', '\r', '\b', '\f', 0, 0x1f, 0x7f};
    CHECK_STR(utf16(ctl, 8), "\\n\\t\\r\\b\\f\\u0000\\u001f\x7f",
              "controls use short escapes or \\u00XX; DEL is plain");
    const uint16_t bmp[] = {0xe9, 0x20ac};
    CHECK_STR(utf16(bmp, 2), "\xc3\xa9\xe2\x82\xac", "BMP characters are UTF-8");
    const uint16_t emoji[] = {0xD83D, 0xDE00};
    CHECK_STR(utf16(emoji, 2), "\xf0\x9f\x98\x80", "a surrogate pair is one 4-byte UTF-8 character");
    const uint16_t lone[] = {'x', 0xD800, 'y', 0xDC00};
    CHECK_STR(utf16(lone, 4), "x\\ud800y\\udc00", "lone surrogates are \\u escapes");
    const uint16_t reversed[] = {0xDE00, 0xD83D};
    CHECK_STR(utf16(reversed, 2), "\\ude00\\ud83d", "a low surrogate before a high one is two lone surrogates");
    const uint16_t high_at_end[] = {0xD83D};
    CHECK_STR(utf16(high_at_end, 1), "\\ud83d", "a high surrogate at the end is lone");
    uint16_t worst[64];
    for (int i = 0; i < 64; i++) {
        worst[i] = 1;
    }
    CHECK(jsonl_utf16(buf, worst, 64) - buf == 64 * JSONL_MAX_PER_UNIT, "the worst case is the documented bound");
}

static void modified_utf8(void) {
    CHECK_STR(mutf8("java/lang/String"), "java/lang/String", "ASCII names pass through");
    CHECK_STR(mutf8("a\"b"), "a\\\"b", "a quote in a name is escaped");
    CHECK_STR(mutf8("\xc0\x80"), "\\u0000", "modified UTF-8's two-byte NUL decodes to NUL");
    CHECK_STR(mutf8("\xed\xa0\xbd\xed\xb8\x80"), "\xf0\x9f\x98\x80",
              "a supplementary character as two 3-byte surrogates becomes 4-byte UTF-8");
    CHECK_STR(mutf8("\xed\xa0\x80"), "\\ud800", "a lone surrogate in a name is escaped");
    CHECK_STR(mutf8("\xff"), "\xef\xbf\xbd", "a malformed byte becomes U+FFFD");
}

static void cut(void) {
    const uint16_t s[] = {'a', 0xD83D, 0xDE00, 'b'};
    CHECK(jsonl_cut(s, 4, 2) == 1, "a cut never splits a surrogate pair");
    CHECK(jsonl_cut(s, 4, 3) == 3, "a cut after a whole pair keeps it");
    CHECK(jsonl_cut(s, 4, 100) == 4, "a short string is kept whole");
    CHECK(jsonl_cut(s, 4, 0) == 0, "values=0 keeps nothing");
}

/* The process locale must not reach the JSON: under de_DE the C library writes 2.5 as "2,5".
 * The Makefile builds de_DE.UTF-8 with localedef into LOCPATH; without it the check says so. */
static void german_locale(void) {
    if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL) {
        printf("[C tests] jsonl: no de_DE.UTF-8 locale (localedef missing?): locale check skipped\n");
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%g", 2.5);
    CHECK_STR(buf, "2,5", "the German locale is active: printf writes a decimal comma");
    *jsonl_double(buf, 2.5) = '\0';
    CHECK_STR(buf, "2.5", "a double is written with a decimal point under a German locale");
    *jsonl_float(buf, 0.1f) = '\0';
    CHECK_STR(buf, "0.1", "a float is written with a decimal point and read back exactly under a German locale");
    *jsonl_double(buf, -1.25e-300) = '\0';
    CHECK_STR(buf, "-1.25e-300", "an exponent form too");
    setlocale(LC_ALL, "C");
}

int main(void) {
    numbers();
    german_locale();
    escapes();
    modified_utf8();
    cut();
    return check_report("jsonl");
}
