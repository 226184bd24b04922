/* Return codes of Agent_OnAttach, which the attaching side (RemoteDump) turns into messages:
 * JDK's attach API hands the number back in AgentInitializationException.returnValue(). */
#ifndef ASHWOOD_AGENT_H
#define ASHWOOD_AGENT_H

#define ATTACH_OK 0
#define ATTACH_BAD_OPTIONS 81     /* the options did not parse, or no dump=FILE */
#define ATTACH_FILE_EXISTS 82     /* dump=FILE already exists: never overwritten */
#define ATTACH_CANNOT_CREATE 83   /* dump=FILE could not be created (directory, permission) */
#define ATTACH_BUSY 84            /* a dump is already running in that JVM */
#define ATTACH_INIT_FAILED 85     /* JVMTI or the agent thread could not be set up */

#endif
