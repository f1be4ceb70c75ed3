/*
 * gw_exit.h - exit statuses of a daemon process, shared by the daemon and
 * the supervisor that explains them in the error log.
 */
#ifndef GW_EXIT_H
#define GW_EXIT_H

/* Exit statuses above the signal range, so the supervisor (which sees only
 * a number, see gw_supervisor.c) can tell them from signals. */
#define GW_EXIT_CONFIG      100  /* daemon: bad environment from the parent */
#define GW_EXIT_PYTHON      101  /* daemon: Python failed to initialise */
#define GW_EXIT_SOCKET      102  /* daemon: no listening socket on fd 3 */
#define GW_EXIT_PRIVS       110  /* spawn: dropping privileges failed */
#define GW_EXIT_EXEC        111  /* spawn: exec of gateway-daemon failed */
#define GW_EXIT_HOME        112  /* spawn: chdir to home= failed */
#define GW_EXIT_FDS         113  /* spawn: descriptor set-up failed */

#endif
