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
 * stop-timeout) when Apache exits.  gateway-ctl's worker commands stop
 * and start one by name and read a worker file again
 * (parent/gw_attach_ctl.h); its status shows them
 * (parent/gw_attach_table.h).
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
       GW_ATTACH_STOPPING,
       GW_ATTACH_PENDING,     /* to start once its after= run (no pid) */
       GW_ATTACH_STOPPED };   /* by gateway-ctl stop-worker (no pid) */

/* Why a process to be stopped waits for those that run after it
 * (gw_attach_order.h) before it is sent its stop signal. */
enum { GW_ATTACH_HELD_NO, GW_ATTACH_HELD_CODE, GW_ATTACH_HELD_AFTER,
       GW_ATTACH_HELD_DROP, GW_ATTACH_HELD_STOP,
       GW_ATTACH_HELD_CTL,      /* gateway-ctl stop-worker */
       GW_ATTACH_HELD_RELOAD }; /* changed in its file: reload-workers */

/* How its last process ended, as the status shows it. */
#define GW_ATTACH_EXIT_MAX 160

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
    int pending_delay;             /* PENDING: the delay it asked for */
    int held;                      /* GW_ATTACH_HELD_*: not signalled yet */
    int held_noted;                /* the wait was logged */
    char cause[GW_KEPT_NAME_MAX];  /* HELD_AFTER: what ended */
    int ctl_stopped;               /* stop-worker: STOPPED at its end */
    char ctl_by[GW_KEPT_NAME_MAX]; /* who asked it, for the log */
    int starts;                    /* processes started for it */
    int after_wait;                /* its delay is after='s, no back-off */
    char last_exit[GW_ATTACH_EXIT_MAX];  /* "" before any ended */
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

/* For the worker files (parent/gw_workerset.c), which change a group's
 * set between restarts:
 * the files whose time stamps are a group's code (restart-file=, its
 * scripts), and their stamp; */
apr_array_header_t *gw_attach_code_files(apr_pool_t *p, const gw_group *g);
apr_uint64_t gw_attach_code_stamp(const apr_array_header_t *files);
/* a's argv, environment and signature, from p; */
void gw_attach_prepare(apr_pool_t *p, gw_attach *a);
/* (these four in parent/gw_attach_ctl.c)
 * a new record (prepared) joins gw_global->attached, to be started by
 * the next gw_attach_code_check or gw_attach_settle; */
void gw_attach_add(gw_attach *a);
/* record a takes the configuration of n (prepared, same group and
 * name): its process is restarted by the code change that caused this,
 * and gets n's command then; */
void gw_attach_update(gw_attach *a, const gw_attach *n);
/* a is gone from the file: stopped, never started again; */
void gw_attach_drop(gw_attach *a);
/* whatever waits (held stops, PENDING starts) goes on, and gateway-ctl's
 * status is told: after any change made from outside gw_attach.c. */
void gw_attach_settle(void);

#endif
