/* One agent per JVM, however many copies of the library are loaded. Loading the same path twice
 * gives the same copy (dlopen counts references), but an -agentpath copy and one attached from
 * another path, or two installs of the library, are separate copies with separate state: two
 * agent threads, two "one dump at a time" claims. A copy that has not started an agent looks for
 * a copy that has, and hands its attach request over. */
#ifndef ASHWOOD_COPIES_LINUX_H
#define ASHWOOD_COPIES_LINUX_H

#include <jni.h>

/* Exported for other copies: this copy's ABI (AGENT_ABI) and whether it runs the agent. */
JNIEXPORT int ashwood_agent_abi(void);
JNIEXPORT int ashwood_agent_running(void);

struct other_copy {
    void *handle;                                   /* dlopen'ed with RTLD_NOLOAD; copies_release */
    int abi;
    jint (JNICALL *attach)(JavaVM *, char *, void *);  /* its Agent_OnAttach */
    char path[512];
};

/* 1 and *out filled when another loaded copy of the library runs the agent, else 0. Call
 * copies_release afterwards. */
int copies_find_running(struct other_copy *out);
void copies_release(struct other_copy *c);

#endif
