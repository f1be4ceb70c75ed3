/*
 * gw_exitinfo.h - how the parent's own children really ended.
 *
 * Runs in the Apache parent (root).  The MPM reaps every child with
 * waitpid(-1) in its main loop and gives other_child callbacks one number:
 * the exit status, or the signal number, without saying which (APR's
 * apr_exit_why_e is dropped on the way).  The kernel says more when it
 * sends SIGCHLD: a handler installed with SA_SIGINFO sees si_code
 * (CLD_EXITED, CLD_KILLED, CLD_DUMPED) and si_status, and it can look at a
 * zombie with waitid(WNOWAIT) without reaping it, so the MPM still reaps
 * and reports every child as before.
 *
 * The handler does one more thing, on purpose: it interrupts the MPM's
 * one-second sleep in ap_wait_or_timeout(), so a dead daemon process is
 * reaped and started again at once rather than up to a second later.
 */
#ifndef GW_EXITINFO_H
#define GW_EXITINFO_H

#include "apr_pools.h"
#include <sys/types.h>

/* How a process ended, when known. */
typedef enum {
    GW_END_UNKNOWN = 0,      /* only the MPM's number: status or signal */
    GW_END_EXITED,           /* num is its exit status */
    GW_END_SIGNALED          /* num is the signal that killed it */
} gw_end_how;

/* post_config (real pass), Apache parent: installs the SIGCHLD handler
 * (chaining to any handler there was) and forgets every watched pid; a
 * pconf cleanup puts the previous disposition back before the module is
 * unloaded.  Nothing is installed when SIGCHLD is ignored (SIG_IGN). */
void gw_exitinfo_start(apr_pool_t *pconf);

/* Note how pid ends (a child of this process: daemon, attached runner,
 * retired process).  A pid that is already a zombie is looked at now. */
void gw_exitinfo_watch(pid_t pid);

/* How pid ended, as the kernel said: *how and *num, or GW_END_UNKNOWN
 * when it is not known (then *num is left alone).  Forgets pid. */
gw_end_how gw_exitinfo_take(pid_t pid, int *num);

/* child_init of an MPM child: the parent's handler is not for it. */
void gw_exitinfo_child_init(void);

#endif
