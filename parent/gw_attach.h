/*
 * gw_attach.h - attached daemons: non-web commands (a Celery worker, a
 * queue consumer) run and supervised alongside a daemon group.
 *
 *   WSGIAttachDaemon <process-group> [name=N] [stop-signal=TERM]
 *                    [reload-signal=HUP] [stop-timeout=SECONDS]
 *                    /absolute/command arg...
 *
 * Runs in the Apache parent (root).  Each attached process is a
 * gateway-attach runner (runner/gw_attach_main.c), started like a group
 * process (fork, privilege drop to the group's user, fexecve), which runs
 * the command and turns its output into error log lines.  The supervisor
 * side here starts it after the group's processes, restarts it when it
 * dies (with back-off), keeps it across a graceful restart when its
 * configuration is unchanged (sending it reload-signal), stops it in the
 * background when it was removed or changed, restarts it (stop-signal,
 * then a new start) when its group's restart-file= or scripts change,
 * and stops it and waits for it (stop-signal, then SIGKILL after
 * stop-timeout) when Apache exits.
 * See docs/attached-daemons.md.
 */
#ifndef GW_ATTACH_H
#define GW_ATTACH_H

#include "gw_attach_config.h"
#include "gw_attach_proto.h"
#include "gw_kept.h"

/* What the Apache parent keeps of an attached process across generations
 * (gw_kept.attached holds pointers to these, allocated in the process
 * pool so they never move): plain data only. */
enum { GW_ATTACH_FREE, GW_ATTACH_RUNNING, GW_ATTACH_HANDOVER,
       GW_ATTACH_STOPPING };

struct gw_attach_kept {
    int state;                     /* GW_ATTACH_* */
    pid_t pid;                     /* the runner; 0 when none */
    char group[GW_KEPT_NAME_MAX];
    char name[GW_KEPT_NAME_MAX];
    char signature[41];            /* SHA-1 of what the runner was given */
    int stop_signal;
    apr_interval_time_t stop_timeout;
    apr_time_t started;            /* after any back-off delay */
    apr_time_t deadline;           /* STOPPING, restarting: SIGKILL after */
    int early_deaths;
    int restarting;                /* stopped for new code: start again */
    apr_uint64_t stamp;            /* its group's code at its start */
};

/* post_config, real pass, at the end of gw_supervisor_start: adopts or
 * stops what the previous generation handed over, starts the rest.  OK
 * or an HTTP-style error, logged. */
int gw_attach_start(apr_pool_t *pconf, server_rec *s);

/* Apache parent: the code of group g (NULL: of every group) may have
 * changed (a web process recycled for a changed script or restart-file=,
 * exit 109): each of its attached processes started before the change is
 * restarted, stop-signal first, so a running task finishes (GW02063,
 * GW02064). */
void gw_attach_code_check(const gw_group *g);

/* monitor hook: gw_attach_code_check(NULL), and SIGKILL for a process
 * restarting for new code that outlived its stop-timeout. */
void gw_attach_monitor(void);

#endif
