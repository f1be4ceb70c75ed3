/*
 * gw_attach_stop.c - stopping attached daemons (see gw_attach_ops.h):
 * a stop that waits for what runs after it (after=), what runs after one
 * that ends, the processes of an earlier configuration, and the end of a
 * generation.  Runs in the Apache parent, as root.
 */
#include "gw_attach_ops.h"
#include "gw_attach_order.h"
#include "gw_attach_runner.h"
#include "gw_exitinfo.h"
#include "gw_log.h"
#include "gw_logger.h"
#include "gw_spawn.h"

#include "http_log.h"
#include "http_core.h"
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
} stp;

void gw_attach_stop_init(apr_pool_t *pconf, server_rec *s, pid_t parent)
{
    stp.pconf = pconf;
    stp.s = s;
    stp.parent = parent;
}

/* Past its deadline: the runner should have ended the command at
 * stop-timeout and exited; it did not, so it is killed. */
void gw_attach_kill_late(gw_attach_kept *r)
{
    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, stp.s, GWLOGNO(02059)
                 "attached process '%s' of group '%s' (pid %ld) did not "
                 "exit within stop-timeout (%ld s) after SIG%s; killing it",
                 r->name, r->group, (long)r->pid,
                 (long)apr_time_sec(r->stop_timeout),
                 gw_sig_name(r->stop_signal));
    /* its command follows (parent-death signal) */
    gw_attach_signal_pid(r->pid, SIGKILL);
    r->deadline = APR_INT64_MAX;
}

/* r is to be stopped (why: GW_ATTACH_HELD_*) and, unless Apache stops
 * or it was dropped from its file, started again once it has exited.
 * Its stop signal waits until nothing that runs after it is still being
 * stopped (release_held).  restarting also arms gw_attach_monitor's
 * SIGKILL at the deadline, which starts at the signal. */
void gw_attach_hold(gw_attach_kept *r, int why, const char *cause)
{
    r->held = why;
    r->held_noted = 0;
    r->deadline = APR_INT64_MAX;
    if (why != GW_ATTACH_HELD_STOP)
        r->restarting = 1;
    apr_cpystrn(r->cause, cause ? cause : "", sizeof(r->cause));
}

static void held_signal(const gw_attach *a, gw_attach_kept *r)
{
    long secs = (long)apr_time_sec(r->stop_timeout);
    const char *sig = gw_sig_name(r->stop_signal);
    int why = r->held;

    r->held = GW_ATTACH_HELD_NO;
    r->deadline = apr_time_now() + r->stop_timeout + GW_ATTACH_KILL_GRACE;
    gw_attach_signal_pid(r->pid, r->stop_signal);
    if (why == GW_ATTACH_HELD_CODE)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, stp.s, GWLOGNO(02063)
                     "restart-file= or a script of group '%s' changed: "
                     "restarting its attached process '%s' (pid %ld): sent "
                     "it SIG%s, it is started again once it has exited "
                     "(stop-timeout %ld s)", r->group, r->name, (long)r->pid,
                     sig, secs);
    else if (why == GW_ATTACH_HELD_AFTER)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, stp.s, GWLOGNO(02203)
                     "attached process '%s' of group '%s' (pid %ld) runs "
                     "after '%s' (after=), which is being restarted: "
                     "restarting it: sent it SIG%s, it is started again after "
                     "'%s' (stop-timeout %ld s)", r->name, r->group,
                     (long)r->pid, r->cause, sig, r->cause, secs);
    else if (why == GW_ATTACH_HELD_DROP)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, stp.s, GWLOGNO(02204)
                     "attached process '%s' of group '%s' (pid %ld) is no "
                     "longer in worker-file %s: stopping it with SIG%s "
                     "(stop-timeout %ld s)", r->name, r->group, (long)r->pid,
                     a ? a->worker_file : "?", sig, secs);
    else if (why == GW_ATTACH_HELD_CTL)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, stp.s, GWLOGNO(02405)
                     "gateway-ctl stop-worker (%s): stopping attached process "
                     "'%s' of group '%s' (pid %ld) with SIG%s (stop-timeout "
                     "%ld s)", r->ctl_by, r->name, r->group, (long)r->pid, sig,
                     secs);
    else if (why == GW_ATTACH_HELD_RELOAD)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, stp.s, GWLOGNO(02411)
                     "attached process '%s' of group '%s' (pid %ld) is "
                     "changed in worker-file %s (gateway-ctl reload-workers): "
                     "restarting it: sent it SIG%s, it is started again once "
                     "it has exited (stop-timeout %ld s)", r->name, r->group,
                     (long)r->pid, a ? a->worker_file : "?", sig, secs);
    else
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, stp.s, GWLOGNO(02060)
                     "stopping attached process '%s' of group '%s' (pid %ld) "
                     "with SIG%s; waiting up to stop-timeout (%ld s)",
                     r->name, r->group, (long)r->pid, sig, secs);
}

/* Sends the stop signal to each process held for it whose followers
 * (after=) have exited; says once about each that still waits. */
void gw_attach_release_held(void)
{
    apr_array_header_t *l = gw_attach_kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;

    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        const char *because;
        if (!r->held || r->pid <= 0)
            continue;
        gw_attach *a = gw_attach_config_of(r);
        if (a && gw_attach_order_held(a, &because)) {
            if (!r->held_noted)
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, stp.s, GWLOGNO(02206)
                             "attached process '%s' of group '%s' (pid %ld) "
                             "is stopped once '%s', which runs after it "
                             "(after=), has exited", r->name, r->group,
                             (long)r->pid, because);
            r->held_noted = 1;
            continue;
        }
        held_signal(a, r);
    }
}

/* a ended, or is being restarted: whatever runs after it, directly or
 * through others, is restarted too (followers first, release_held), and
 * starts again after it (launch).  One still in its back-off delay has
 * not run its command yet, and is left to start. */
void gw_attach_restart_followers(const gw_attach *a)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    apr_time_t now = apr_time_now();
    int marked = 1;

    while (marked) {
        marked = 0;
        for (int i = 0; i < gw_global->attached->nelts; i++) {
            gw_attach *f = list[i];
            gw_attach_kept *r = f->k;
            if (f->group != a->group || f->dropped || !f->after || !r
                || r->state != GW_ATTACH_RUNNING || r->restarting
                || r->pid <= 0 || now < r->started)
                continue;
            for (int k = 0; k < f->after->nelts; k++) {
                const char *n = APR_ARRAY_IDX(f->after, k, const char *);
                const gw_attach *d = gw_attach_order_find(a->group, n);
                if (d && (d == a || (d->k && d->k->restarting))) {
                    gw_attach_hold(r, GW_ATTACH_HELD_AFTER, d->name);
                    marked = 1;
                    break;
                }
            }
        }
    }
    gw_attach_release_held();
}

/* ---- stopping ---------------------------------------------------------- */

/* A process of an earlier configuration that is being stopped ended. */
static void stopping_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_attach_kept *r = data;
    int num = (int)status;

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(r);
    gw_logger_forget(r->pid);
    gw_end_how how = gw_exitinfo_take(r->pid, &num);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, stp.s, GWLOGNO(02058)
                 "stopped attached process '%s' of group '%s' (pid %ld, "
                 "earlier configuration) %s", r->name, r->group, (long)r->pid,
                 reason == APR_OC_REASON_LOST ? "was lost"
                 : gw_attach_describe(stp.pconf, how, num));
    gw_attach_kept_free(r);
}

void gw_attach_watch_stopping(gw_attach_kept *r)
{
    apr_proc_t *proc = apr_pcalloc(stp.pconf, sizeof(*proc));
    proc->pid = r->pid;
    gw_exitinfo_watch(r->pid);
    apr_proc_other_child_register(proc, stopping_maintenance, r, NULL,
                                  stp.pconf);
}

/* The configuration is being unloaded.  Restart: hand every running
 * process over to the next generation (it decides).  Exit: stop them
 * all and wait, as the supervisor does for the groups (this cleanup runs
 * before the supervisor's, so attached processes stop first); one that
 * others run after (after=) gets its stop signal once they have exited.
 * No apr_proc_other_child_unregister here: see gw_supervisor.c. */
apr_status_t gw_attach_generation_end(void *data)
{
    (void)data;
    if (getpid() != stp.parent)
        return APR_SUCCESS;     /* a child running pconf's cleanups */
    int exiting = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_EXITING;
    apr_array_header_t *l = gw_attach_kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;

    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        if (r->state != GW_ATTACH_RUNNING)
            continue;
        if (!exiting) {
            r->state = GW_ATTACH_HANDOVER;
            continue;
        }
        r->state = GW_ATTACH_STOPPING;
        gw_attach_hold(r, GW_ATTACH_HELD_STOP, NULL);
    }
    if (!exiting)
        return APR_SUCCESS;
    gw_attach_release_held();

    /* Exiting: the MPM reaps no more; wait for them here. */
    for (;;) {
        int left = 0;
        for (int i = 0; i < l->nelts; i++) {
            gw_attach_kept *r = kv[i];
            int st;
            if (r->state != GW_ATTACH_STOPPING && r->state
                != GW_ATTACH_HANDOVER)
                continue;
            if (r->pid <= 0) {
                gw_attach_kept_free(r);
                continue;
            }
            if (r->state == GW_ATTACH_HANDOVER) {
                /* handed over by a generation that had no groups (never
                 * adopted): stop it now */
                r->state = GW_ATTACH_STOPPING;
                r->deadline = apr_time_now() + r->stop_timeout
                              + GW_ATTACH_KILL_GRACE;
                gw_attach_signal_pid(r->pid, r->stop_signal);
            }
            int w = gw_spawn_reap_try(r->pid, &st);
            if (w != 0) {
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, stp.s, GWLOGNO(02061)
                             "attached process '%s' of group '%s' (pid %ld) "
                             "%s at Apache's stop", r->name, r->group,
                             (long)r->pid, w > 0
                             ? gw_attach_describe_wait(stp.s->process->pool,
                                                       st)
                             : "was already reaped");
                gw_attach_kept_free(r);
                continue;
            }
            if (apr_time_now() >= r->deadline) {
                gw_attach_kill_late(r);
                while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
                    ;
                gw_attach_kept_free(r);
                continue;
            }
            left++;
        }
        gw_attach_release_held();
        if (!left)
            return APR_SUCCESS;
        apr_sleep(apr_time_from_msec(10));
    }
}

void gw_attach_retire(gw_attach_kept *r, const char *why)
{
    r->state = GW_ATTACH_STOPPING;
    r->held = GW_ATTACH_HELD_NO;
    r->deadline = apr_time_now() + r->stop_timeout + GW_ATTACH_KILL_GRACE;
    gw_attach_signal_pid(r->pid, r->stop_signal);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, stp.s, GWLOGNO(02057)
                 "attached process '%s' of group '%s' (pid %ld) %s in the "
                 "new configuration; stopping it with SIG%s (stop-timeout "
                 "%ld s)", r->name, r->group, (long)r->pid, why,
                 gw_sig_name(r->stop_signal),
                 (long)apr_time_sec(r->stop_timeout));
    gw_attach_watch_stopping(r);
}
