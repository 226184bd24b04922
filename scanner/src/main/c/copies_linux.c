#include "copies_linux.h"

#include "agent.h"
#include "worker.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

JNIEXPORT int ashwood_agent_abi(void) {
    return AGENT_ABI;
}

JNIEXPORT int ashwood_agent_running(void) {
    return worker_env() != NULL;
}

#define MAX_CANDIDATES 8

struct candidates {
    char path[MAX_CANDIDATES][512];
    int n;
};

/* Runs under the dynamic loader's lock: it only copies names (dlopen here would deadlock). */
static int collect(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct candidates *c = data;
    const char *name = info->dlpi_name;
    const char *base = name != NULL ? strrchr(name, '/') : NULL;
    base = base != NULL ? base + 1 : name;
    if (base != NULL && strncmp(base, "libashwood", 10) == 0 && c->n < MAX_CANDIDATES &&
        strlen(name) < sizeof c->path[0]) {
        strcpy(c->path[c->n++], name);
    }
    return 0;
}

int copies_find_running(struct other_copy *out) {
    memset(out, 0, sizeof *out);
    struct candidates c;
    c.n = 0;
    dl_iterate_phdr(collect, &c);
    for (int i = 0; i < c.n; i++) {
        void *h = dlopen(c.path[i], RTLD_LAZY | RTLD_NOLOAD);
        if (h == NULL) {
            continue;
        }
        int (*running)(void) = (int (*)(void))dlsym(h, "ashwood_agent_running");
        int (*abi)(void) = (int (*)(void))dlsym(h, "ashwood_agent_abi");
        void *attach = dlsym(h, "Agent_OnAttach");
        /* The same file under another name is this very copy: its functions are ours. */
        if (running != NULL && running != ashwood_agent_running && running() && attach != NULL) {
            out->handle = h;
            out->abi = abi != NULL ? abi() : 0;
            memcpy(&out->attach, &attach, sizeof attach);
            snprintf(out->path, sizeof out->path, "%s", c.path[i]);
            return 1;
        }
        dlclose(h);
    }
    return 0;
}

void copies_release(struct other_copy *c) {
    if (c->handle != NULL) {
        dlclose(c->handle);
        c->handle = NULL;
    }
}
