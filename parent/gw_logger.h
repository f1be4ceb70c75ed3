/*
 * gw_logger.h - gateway-logger, seen from the Apache parent.
 *
 * No process that runs application code, or shares a uid with it, holds
 * Apache's error log: a daemon process and an attached daemon's runner
 * get fd 1 and 2 on the write end of a pipe of their own, created here
 * before the fork.  The read end goes to gateway-logger
 * (runner/gw_logger_main.c, one for the parent's lifetime, Apache's
 * User), with the pid and group of the process on the other end; the
 * logger writes each line to the main error log tagged with them, so an
 * application can neither truncate nor seek in the log, nor write a line
 * that looks like Apache's own.
 *
 * Runs in the Apache parent (root).  The logger and the parent's copies
 * of the read ends are kept across configuration generations (gw_kept.h,
 * plain data); each generation adopts them, as the supervisor adopts the
 * retired processes.  If the logger dies it is started again (with
 * back-off when it keeps dying at start) and gets every read end the
 * parent still holds: what a process wrote meanwhile waits in its pipe
 * (1 MiB).  The parent closes
 * its copy once the process is reaped and the logger running has it.
 */
#ifndef GW_LOGGER_H
#define GW_LOGGER_H

#include "httpd.h"
#include "gw_logline.h"

#define GW_LOGGER_EXE "gateway-logger"

/* post_config, both passes: the executable is there (next to
 * gateway-daemon), root's and writable by root only, as root executes
 * it.  OK or an HTTP-style error, logged. */
int gw_logger_preflight(apr_pool_t *p, server_rec *s);

/* post_config, real pass, before any process is started or adopted:
 * adopts the running logger and hands it Apache's main error log as
 * reopened for this generation, or starts one when a process needs it
 * (groups configured, or processes of earlier generations still
 * running).  OK or an HTTP-style error, logged: only a logger that cannot
 * be started at Apache's first start is an error. */
int gw_logger_start(apr_pool_t *pconf, server_rec *s, int groups);

/* Before the fork of a process: its pipe.  Returns the read end and sets
 * *wfd to the write end (non-blocking), both close-on-exec; -1 when
 * there is none (logged: the process is not started). */
int gw_logger_pipe_open(const char *what, const char *group, int *wfd);

/* After the fork, in the parent: closes wfd, keeps rfd for process pid
 * and hands it to the logger.  pid <= 0 (the fork failed): closes both. */
void gw_logger_pipe_attach(int rfd, int wfd, pid_t pid, int kind,
                           const char *group);

/* Process pid was reaped. */
void gw_logger_forget(pid_t pid);

/* monitor hook (about every 10 s): starts a logger when none could be
 * forked, and hands over what could not be sent before (its socket was
 * full). */
void gw_logger_monitor(void);

/* Apache exits, every process is gone: the logger gets the end of its
 * control channel, writes out what is left and exits; waited for. */
void gw_logger_stop(void);

/* child_init: an Apache child has no business with the logger's socket
 * or the pipes; close its inherited copies. */
void gw_logger_child_init(void);

#endif
