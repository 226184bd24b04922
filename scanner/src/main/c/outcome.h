/* How an attach dump tells the attaching process its outcome without running Java code in the
 * target: a small side file (option outcome=PATH) that Agent_OnAttach creates beside the dump and
 * the attaching side reads and removes. Its space is allocated at creation (OUTCOME_SIZE blank
 * bytes), so writing the outcome later needs no new disk block and works on a full disk. */
#ifndef ASHWOOD_OUTCOME_H
#define ASHWOOD_OUTCOME_H

#include "dump.h"

/* Bytes of an outcome file: one line, "ok OBJECTS REFS BYTES ROOTS MILLIS" or "error MESSAGE",
 * padded with blanks; the first byte stays a blank until the whole line is written. */
#define OUTCOME_SIZE 1280

/* Creates path (O_EXCL, 0600) filled with OUTCOME_SIZE blanks. The fd, or -1 with errno (the
 * half-made file is removed). */
int outcome_create(const char *path);

/* Writes the outcome (msg NULL: success with r's counts) into fd, first byte last, and closes fd.
 * Failures are logged: the attaching side then learns the outcome from the dump file or the
 * target's exit. */
void outcome_write(int fd, const char *path, const char *msg, const struct dump_result *r);

#endif
