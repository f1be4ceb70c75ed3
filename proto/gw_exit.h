/*
 * gw_exit.h - exit statuses of a daemon process, shared by the daemon and
 * the supervisor that explains them in the error log.
 */
#ifndef GW_EXIT_H
#define GW_EXIT_H

#include <string.h>   /* sigabbrev_np (glibc, _GNU_SOURCE) */

/* Exit statuses above the signal range, so that even the MPM's bare
 * number (when the kernel's word is missing, see gw_exitinfo.h) tells them
 * from signals.  Never 15: gw_exitguard.h. */
#define GW_EXIT_CONFIG      100  /* daemon: bad environment from the parent */
#define GW_EXIT_PYTHON      101  /* daemon: Python failed to initialise */
#define GW_EXIT_SOCKET      102  /* daemon: no listening socket on fd 3 */
/* Planned recycling: the supervisor starts a fresh process at once. */
#define GW_EXIT_MAXREQ      103  /* maximum-requests= reached */
#define GW_EXIT_INTERVAL    104  /* restart-interval= reached */
#define GW_EXIT_INACTIVE    105  /* inactivity-timeout= reached */
#define GW_EXIT_RELOAD      109  /* the WSGI script or restart-file= changed */
#define GW_EXIT_RSS         115  /* maximum-rss= passed after a request */
/* SIGUSR1, mod_wsgi's graceful restart of one process: not a planned
 * recycle (anyone of the group's user may send it), but no failure. */
#define GW_EXIT_USR1        116
/* Recycling after trouble. */
#define GW_EXIT_STUCK       106  /* request-timeout=: a request ran too long */
#define GW_EXIT_DEADLOCK    107  /* deadlock-timeout=: the GIL was held too long */
#define GW_EXIT_STARTUP     108  /* startup-timeout=: not ready in time */
#define GW_EXIT_PRIVS       110  /* spawn: dropping privileges failed */
#define GW_EXIT_EXEC        111  /* spawn: exec of gateway-daemon failed */
#define GW_EXIT_HOME        112  /* spawn: chdir to home= failed */
#define GW_EXIT_FDS         113  /* spawn: descriptor set-up failed */
#define GW_EXIT_NOMEM       114  /* daemon: out of memory while starting (a
                                     MemoryError in WSGIImportScript) */

/* "KILL" for SIGKILL (without the SIG), or "?": for log lines. */
static inline const char *gw_sig_name(int sig)
{
    const char *n = sigabbrev_np(sig);
    return n ? n : "?";
}

#endif
