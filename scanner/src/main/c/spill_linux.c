/* Linux-only: the unlinked temporary file that holds an oversized record's "fields" text. */
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int spill_open(const char *dir) {
    /* O_TMPFILE never has a name, so nothing is left behind if the process dies mid-dump. */
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) {
        return fd;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/.ashwood-spill-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0) {
        unlink(path);
    }
    return fd;
}
