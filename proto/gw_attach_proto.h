/*
 * gw_attach_proto.h - what the Apache parent and gateway-attach, the
 * runner of an attached daemon (runner/gw_attach_main.c), agree on: the
 * runner's exit statuses, which the supervisor explains
 * (parent/gw_attach.c), and the environment it is started with.
 */
#ifndef GW_ATTACH_PROTO_H
#define GW_ATTACH_PROTO_H

/* Exit statuses of gateway-attach, above the signal range (1..64) and
 * apart from gw_exit.h's 100..114 (which the spawn code before the exec
 * of the runner uses for the same steps as for a daemon). */
#define GW_ATTACH_EXIT_FAILED 120  /* the command exited with status != 0 */
#define GW_ATTACH_EXIT_EXEC   121  /* the command could not be executed */
#define GW_ATTACH_EXIT_SETUP  122  /* the runner itself could not set up */
#define GW_ATTACH_EXIT_SIGNAL 128  /* + N: the command was killed by signal N */

/* The runner learns these from its environment (and removes them before
 * it executes the command). */
#define GW_ATTACH_ENV_GROUP "GATEWAY_ATTACH_GROUP"      /* group name */
#define GW_ATTACH_ENV_LEVEL "GATEWAY_ATTACH_LOG_LEVEL"  /* gw_log_level */
#define GW_ATTACH_ENV_STOP  "GATEWAY_ATTACH_STOP"       /* "SIGNO SECONDS" */

#define GW_ATTACH_RUNNER "gateway-attach"

#endif
