/*
 * gw_attach_ops.h - what the files of the attached daemons' supervisor
 * lend each other; not for the rest of the module (gw_attach.h is).
 *
 *  gw_attach.c       the records, starting (launch, after= order), the
 *                    end of a process, a new generation's start, new code
 *  gw_attach_stop.c  stopping: a stop held until what runs after it has
 *                    exited (hold, release_held), restarting what runs
 *                    after one that ends, the processes of an earlier
 *                    configuration, the end of a generation
 *  gw_attach_ctl.c   changes from outside: a worker file read again
 *                    (gw_workerset.c) and gateway-ctl's worker commands
 *
 * All of it runs in the Apache parent, as root.
 */
#ifndef GW_ATTACH_OPS_H
#define GW_ATTACH_OPS_H

#include "gw_attach.h"

#include <signal.h>

/* The runner SIGKILLs the command at stop-timeout; the parent kills the
 * runner itself only if it is still there this much later. */
#define GW_ATTACH_KILL_GRACE   apr_time_from_sec(2)

/* Never kill(0) or kill(-1): a record without a process has pid 0. */
static inline int gw_attach_signal_pid(pid_t pid, int sig)
{
    return pid > 0 ? kill(pid, sig) : -1;
}

/* ---- gw_attach.c ---- */

/* Every kept record (gw_kept.attached), made on first use. */
apr_array_header_t *gw_attach_kept_list(void);
/* A free record (a used one again, or a new one), zeroed. */
gw_attach_kept *gw_attach_kept_new(void);
/* r has no process any more (state FREE, pid 0, nothing held). */
void gw_attach_kept_free(gw_attach_kept *r);
/* The record of this generation that r belongs to, or NULL. */
gw_attach *gw_attach_config_of(const gw_attach_kept *r);
/* Starts a's process after delay seconds, or later when it runs after=
 * others that start first; PENDING while one of those is not running. */
void gw_attach_launch(gw_attach *a, int delay);
/* Starts the PENDING records whose after= now run. */
void gw_attach_launch_pending(void);

/* ---- gw_attach_stop.c ---- */

/* post_config: the generation's pool, server and parent pid. */
void gw_attach_stop_init(apr_pool_t *pconf, server_rec *s, pid_t parent);
/* r is to be stopped (why: GW_ATTACH_HELD_*) and, unless Apache stops,
 * it was dropped from its file or gateway-ctl stopped it, started again
 * once it has exited; its stop signal waits for release_held. */
void gw_attach_hold(gw_attach_kept *r, int why, const char *cause);
/* Sends the stop signal to each held process whose followers (after=)
 * have exited. */
void gw_attach_release_held(void);
/* a ended, or is being restarted: what runs after it is restarted too,
 * and starts again after it. */
void gw_attach_restart_followers(const gw_attach *a);
/* Past its deadline: the runner is killed. */
void gw_attach_kill_late(gw_attach_kept *r);
/* A process of an earlier configuration: stop-signal, watched to its
 * end (why: the log's reason). */
void gw_attach_retire(gw_attach_kept *r, const char *why);
void gw_attach_watch_stopping(gw_attach_kept *r);
/* pconf cleanup: hand over (restart) or stop and wait (exit). */
apr_status_t gw_attach_generation_end(void *data);

#endif
