/* Return codes of Agent_OnAttach, which the attaching side (RemoteDump) turns into messages:
 * JDK's attach API hands the number back in AgentInitializationException.returnValue().
 * internal.AttachCodes repeats them by name; AttachCodesTest checks that both agree. */
#ifndef ASHWOOD_AGENT_H
#define ASHWOOD_AGENT_H

#define ATTACH_OK 0
#define ATTACH_BAD_OPTIONS 81     /* the options did not parse, or no dump=FILE */
#define ATTACH_FILE_EXISTS 82     /* dump=FILE already exists: never overwritten */
#define ATTACH_CANNOT_CREATE 83   /* dump=FILE could not be created (directory, permission) */
#define ATTACH_BUSY 84            /* a dump is already running in that JVM */
#define ATTACH_INIT_FAILED 85     /* JVMTI or the agent thread could not be set up */
#define ATTACH_SHARED 86          /* accepted by the agent another copy of the library runs in
                                     that JVM; this copy is unloaded again (copies_linux.h) */
#define ATTACH_OTHER_AGENT 87     /* another version of the agent runs in that JVM */

/* Version of the interface between copies of the library and with the Java side
 * (NativeAgent.ABI_VERSION): a copy hands requests only to a copy of the same version. */
#define AGENT_ABI 2

#endif
