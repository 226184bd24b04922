#include "check.h"
#include "options.h"

static void defaults(void) {
    struct options o;
    char err[256];
    CHECK(options_parse(NULL, &o, err, sizeof err) == NULL, "no options is valid");
    CHECK(o.values == OPTIONS_DEFAULT_VALUES, "values defaults to 100 code units");
    CHECK_STR(o.out, OPTIONS_DEFAULT_OUT, "out defaults to the documented template");
    CHECK_STR(o.dump, "", "dump is absent by default");
    CHECK(options_parse("", &o, err, sizeof err) == NULL, "an empty option string is valid");
}

static void keys(void) {
    struct options o;
    char err[256];
    CHECK(options_parse("out=/var/tmp/heap-%p-%t.jsonl,values=7,outcome=/tmp/x.outcome", &o, err, sizeof err) == NULL,
          "several key=value pairs parse");
    CHECK_STR(o.out, "/var/tmp/heap-%p-%t.jsonl", "out keeps its template");
    CHECK(o.values == 7, "values=7 gives 7");
    CHECK_STR(o.outcome, "/tmp/x.outcome", "outcome keeps its path");
    CHECK(options_parse("values=none", &o, err, sizeof err) == NULL && o.values == -1, "values=none disables values");
    CHECK(options_parse("values=0", &o, err, sizeof err) == NULL && o.values == 0, "values=0 writes empty values");
    CHECK(options_parse("dump=/tmp/x.jsonl", &o, err, sizeof err) == NULL, "dump parses");
    CHECK_STR(o.dump, "/tmp/x.jsonl", "dump keeps its path");
    CHECK(options_parse("untagged_walk=yes", &o, err, sizeof err) == NULL && o.untagged_walk == 1, "untagged_walk=yes enables the measuring walk");
    CHECK(options_parse("untagged_walk=maybe", &o, err, sizeof err) != NULL, "untagged_walk takes only yes or no");
    CHECK(options_parse(NULL, &o, err, sizeof err) == NULL && o.keep_identity == 0, "ids are per dump by default");
    CHECK(options_parse("identity=keep", &o, err, sizeof err) == NULL && o.keep_identity == 1, "identity=keep keeps ids between dumps");
    CHECK(options_parse("identity=off", &o, err, sizeof err) == NULL && o.keep_identity == 0, "identity=off is the default");
    CHECK(options_parse("identity=stable", &o, err, sizeof err) != NULL, "identity takes only keep or off");
}

static void errors(void) {
    struct options o;
    char err[256];
    const char *m = options_parse("colour=red", &o, err, sizeof err);
    CHECK(m != NULL && strstr(m, "colour") != NULL, "an unknown key is refused, naming it");
    m = options_parse("values=12x", &o, err, sizeof err);
    CHECK(m != NULL && strstr(m, "12x") != NULL, "a non-numeric values is refused, naming it");
    CHECK(options_parse("values=100001", &o, err, sizeof err) != NULL, "values above the maximum is refused");
    CHECK(options_parse("values=99999999999999999999", &o, err, sizeof err) != NULL, "an overflowing number is refused");
    CHECK(options_parse("values", &o, err, sizeof err) != NULL, "a key without = is refused");
    CHECK(options_parse("=3", &o, err, sizeof err) != NULL, "an empty key is refused");
    CHECK(options_parse("out=", &o, err, sizeof err) != NULL, "an empty path is refused");
    CHECK(options_parse("status=abc", &o, err, sizeof err) != NULL, "the retired status option is refused");
}

static void expand(void) {
    char out[128];
    struct timespec when = {1795230245, 678000000};  /* 2026-11-21T03:04:05.678Z */
    CHECK(options_expand("/x/heap-%p-%t.jsonl", 42, &when, out, sizeof out) == NULL, "a template expands");
    CHECK_STR(out, "/x/heap-42-20261121T030405.678Z.jsonl", "%p is the pid and %t the UTC time with ms");
    CHECK(options_expand("a%%b", 1, &when, out, sizeof out) == NULL, "%% expands");
    CHECK_STR(out, "a%b", "%% is a literal percent sign");
    CHECK(options_expand("a%q", 1, &when, out, sizeof out) != NULL, "an unknown % escape is refused");
    char tiny[8];
    CHECK(options_expand("heap-%p.jsonl", 1, &when, tiny, sizeof tiny) != NULL, "a name too long for the buffer is refused");
}

int main(void) {
    defaults();
    keys();
    errors();
    expand();
    return check_report("options");
}
