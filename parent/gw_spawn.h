/*
 * gw_spawn.h - turning a forked copy of the Apache parent into a daemon.
 *
 * Runs in the child of a fork() of the Apache parent, still root, between
 * fork and exec.  Everything Apache holds (listeners, logs of other vhosts,
 * TLS keys in memory) is left behind by closing descriptors and exec'ing;
 * every privilege-changing call is checked and failure ends the process
 * with a logged reason and a GW_EXIT_* status the supervisor explains.
 */
#ifndef GW_SPAWN_H
#define GW_SPAWN_H

#include "gw_config.h"
#include "gw_exit.h"
#include "gw_exitinfo.h"

/* Never returns.  status_fd: the slot's status segment, which becomes fd
 * 5 (proto/gw_scoreboard.h), or -1 for none.  log_fd: the write end of
 * the process's pipe to gateway-logger, which becomes fd 1 and 2
 * (parent/gw_logger.h).  delay: seconds to wait before starting
 * (back-off after repeated early deaths).  parent: the Apache parent's
 * pid. */
void gw_spawn_exec(const gw_group *g, int exe_fd, int status_fd, int log_fd,
                   int delay, pid_t parent)
    __attribute__((noreturn));

/* Attached daemons (parent/gw_attach.h): the same steps for the
 * gateway-attach runner (exe_fd), without group socket or delegation
 * memfd; argv and envp are given whole.  Never returns. */
void gw_spawn_exec_attach(const gw_group *g, int exe_fd, int log_fd,
                          int delay, pid_t parent, char *const argv[],
                          char *const envp[])
    __attribute__((noreturn));

/* gateway-logger (exe_fd), as root, with the error log on fd 2 and
 * ctl_fd on fd 3, after delay seconds; it drops to uid/gid itself.
 * Never returns. */
void gw_spawn_exec_logger(int exe_fd, int ctl_fd, uid_t uid, gid_t gid,
                          int delay, pid_t parent)
    __attribute__((noreturn));

/* Human text for a GW_EXIT_* status, or NULL for other numbers. */
const char *gw_spawn_exit_reason(int status);

/* How a process ended, for the error log: "exited with status 103
 * (maximum-requests reached, recycled)", "was killed by signal 9
 * (SIGKILL)".  With GW_END_UNKNOWN, num is the single number the MPM
 * hands the supervisor (exit status or signal, APR drops which): our own
 * statuses (0, GW_EXIT_*) are read as such, and 1..64 as "exited with
 * status N or was killed by signal N (SIGNAME)". */
const char *gw_spawn_describe_end(apr_pool_t *p, gw_end_how how, int num);

/* The lowest level a process we start writes (gw_log.h), from the
 * server's LogLevel. */
int gw_spawn_log_level(const server_rec *s);

/* Apache's stop, when the parent reaps its processes itself: whether pid
 * has ended (1, its wait status in *st), was reaped by someone else
 * (-1), or still runs (0). */
int gw_spawn_reap_try(pid_t pid, int *st);

/* SIGKILLs pid and waits for it: 1 with *st, or -1 (reaped elsewhere). */
int gw_spawn_reap_kill(pid_t pid, int *st);

/* How a process reaped so ended, in words (reaped: what the two above
 * returned). */
const char *gw_spawn_describe_wait(apr_pool_t *p, int reaped, int st);

#endif
