#include "outcome.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_at(int fd, const char *buf, size_t len, off_t at) {
    size_t off = 0;
    while (off < len) {
        ssize_t n = pwrite(fd, buf + off, len - off, at + (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? errno : EIO;
        }
        off += (size_t)n;
    }
    return 0;
}

int outcome_create(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return -1;
    }
    char blank[OUTCOME_SIZE];
    memset(blank, ' ', sizeof blank);
    blank[sizeof blank - 1] = '\n';
    int e = write_at(fd, blank, sizeof blank, 0);
    if (e != 0) {
        close(fd);
        unlink(path);
        errno = e;
        return -1;
    }
    return fd;
}

void outcome_write(int fd, const char *path, const char *msg, const struct dump_result *r) {
    char line[OUTCOME_SIZE];
    int n;
    if (msg != NULL) {
        n = snprintf(line, sizeof line, "error %s", msg);
    } else {
        n = snprintf(line, sizeof line, "ok %llu %llu %llu %llu %llu", (unsigned long long)r->objects,
                     (unsigned long long)r->refs, (unsigned long long)r->bytes,
                     (unsigned long long)r->roots, (unsigned long long)r->elapsed_ms);
    }
    size_t len = n < 0 ? 0 : (size_t)n >= sizeof line - 1 ? sizeof line - 2 : (size_t)n;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '\n' || line[i] == '\r') {
            line[i] = ' ';  /* one line, whatever the message holds */
        }
    }
    /* The reader takes a non-blank first byte to mean "the line is complete". */
    int e = len > 1 ? write_at(fd, line + 1, len - 1, 1) : 0;
    if (e == 0 && len > 0) {
        e = write_at(fd, line, 1, 0);
    }
    if (e != 0) {
        log_line("cannot write the outcome to %.900s: %s", path, strerror(e));
    }
    close(fd);
}
