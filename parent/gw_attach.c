/*
 * gw_attach.c - attached daemons, seen from the Apache parent (see
 * gw_attach.h and docs/attached-daemons.md).
 *
 * Runs at config time (the directive) and in the Apache parent, as root,
 * in post_config and in the MPM's main loop (apr_proc_other_child_*), as
 * parent/gw_supervisor.c does for the groups' processes.
 *
 * Life of an attached process across configuration generations:
 *  - started at the end of gw_supervisor_start, after the group's
 *    processes; restarted with back-off when it dies;
 *  - its group's restart-file= or scripts change (a web process exits
 *    109, or the monitor pass sees other time stamps): stop-signal, and
 *    started again once it has exited (gw_attach_code_check);
 *  - restart (graceful or not): the old generation's cleanup cannot know
 *    the new configuration, so it only marks the process HANDOVER and
 *    leaves it running; the new generation's gw_attach_start adopts it
 *    when a WSGIAttachDaemon with the same group, name and settings (the
 *    signature) exists, and sends it reload-signal; otherwise the process
 *    is STOPPING: it gets stop-signal and is watched until it exits (the
 *    runner itself SIGKILLs the command after stop-timeout);
 *  - Apache exits: stop-signal to every attached process, then wait (up to
 *    stop-timeout and a little more, then SIGKILL), before the groups'
 *    processes are stopped by the supervisor's own cleanup.
 * The records come from WSGIAttachDaemon lines and from the groups'
 * worker files (gw_workerset.h, which reads them in gw_attach_start and
 * again on a code change: gw_attach_add, _update, _drop).  A worker
 * file's after= orders them (gw_attach_order.h): a record starts once
 * those it runs after run (launch: else PENDING), a stop it is due waits
 * until what runs after it has exited (hold, release_held), and its end
 * restarts what runs after it (restart_followers).
 * The state that crosses generations lives in gw_kept (plain data, see
 * gw_kept.h); other_child callbacks are registered anew in each
 * generation, because this module is unloaded and reloaded.
 */
#include "gw_attach.h"
#include "gw_attach_order.h"
#include "gw_attach_runner.h"
#include "gw_workerset.h"
#include "gw_exe.h"
#include "gw_backoff.h"
#include "gw_spawn.h"
#include "gw_exitinfo.h"
#include "gw_log.h"
#include "gw_logger.h"

#include "http_log.h"
#include "http_core.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_lib.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* As the supervisor: a process that dies this soon after starting counts
 * as failing to start (proto/gw_backoff.h). */
#define GW_ATTACH_EARLY_DEATH  apr_time_from_sec(GW_EARLY_DEATH_S)
/* The runner SIGKILLs the command at stop-timeout; the parent kills the
 * runner itself only if it is still there this much later. */
#define GW_ATTACH_KILL_GRACE   apr_time_from_sec(2)

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int log_level;
    const char *runner;              /* path of gateway-attach */
} att;

/* ---- the kept records -------------------------------------------------- */

static apr_array_header_t *kept_list(void)
{
    gw_kept *k = gw_kept_get(att.s);
    if (!k->attached)
        k->attached = apr_array_make(att.s->process->pool, 4,
                                     sizeof(gw_attach_kept *));
    return k->attached;
}

static gw_attach_kept *kept_new(void)
{
    apr_array_header_t *l = kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;
    gw_attach_kept *r = NULL;

    for (int i = 0; i < l->nelts && !r; i++)
        if (kv[i]->state == GW_ATTACH_FREE)
            r = kv[i];
    if (!r) {
        r = apr_palloc(att.s->process->pool, sizeof(*r));
        *(gw_attach_kept **)apr_array_push(l) = r;
    }
    memset(r, 0, sizeof(*r));
    return r;
}

static void kept_free(gw_attach_kept *r)
{
    r->pid = 0;
    r->state = GW_ATTACH_FREE;
    r->held = GW_ATTACH_HELD_NO;
}

/* The record of this generation that r belongs to, or NULL. */
static gw_attach *config_of(const gw_attach_kept *r)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;

    for (int i = 0; i < gw_global->attached->nelts; i++)
        if (list[i]->k == r)
            return list[i];
    return NULL;
}

/* Never kill(0) or kill(-1): a record without a process has pid 0. */
static int signal_pid(pid_t pid, int sig)
{
    return pid > 0 ? kill(pid, sig) : -1;
}

/* Past its deadline: the runner should have ended the command at
 * stop-timeout and exited; it did not, so it is killed. */
static void kill_late(gw_attach_kept *r)
{
    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, att.s, GWLOGNO(02059)
                 "attached process '%s' of group '%s' (pid %ld) did not "
                 "exit within stop-timeout (%ld s) after SIG%s; killing it",
                 r->name, r->group, (long)r->pid,
                 (long)apr_time_sec(r->stop_timeout),
                 gw_sig_name(r->stop_signal));
    signal_pid(r->pid, SIGKILL);  /* its command follows (parent-death signal) */
    r->deadline = APR_INT64_MAX;
}

/* ---- the order (after=, gw_attach_order.h) ----------------------------- */

static void attach_proc_start(gw_attach *a, int delay, const char *after);
static void launch_pending(void);

/* Starts the record's process after delay seconds, or later when it
 * runs after= others that start first; when one of those is not running
 * (or being restarted), it waits as PENDING until launch_pending finds
 * them running. */
static void launch(gw_attach *a, int delay)
{
    gw_attach_kept *r = a->k;
    const char *because;
    int wait;

    if (!gw_attach_order_ready(a, apr_time_now(), &wait, &because)) {
        r->state = GW_ATTACH_PENDING;
        r->pid = 0;
        r->restarting = 0;
        r->pending_delay = delay;
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02205)
                     "attached process '%s' of group '%s' runs after '%s' "
                     "(after=), which is not running: it starts once '%s' "
                     "does", a->name, a->group->name, because, because);
        return;
    }
    attach_proc_start(a, wait > delay ? wait : delay,
                      wait > delay ? because : NULL);
    launch_pending();
}

static void launch_pending(void)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    const char *because;
    int wait, started = 1;

    while (started) {
        started = 0;
        for (int i = 0; i < gw_global->attached->nelts; i++) {
            gw_attach *a = list[i];
            if (!a->k || a->k->state != GW_ATTACH_PENDING || a->dropped
                || !gw_attach_order_ready(a, apr_time_now(), &wait,
                                          &because))
                continue;
            int delay = a->k->pending_delay;
            attach_proc_start(a, wait > delay ? wait : delay,
                              wait > delay ? because : NULL);
            started = 1;
        }
    }
}

/* r is to be stopped (why: GW_ATTACH_HELD_*) and, unless Apache stops
 * or it was dropped from its file, started again once it has exited.
 * Its stop signal waits until nothing that runs after it is still being
 * stopped (release_held).  restarting also arms gw_attach_monitor's
 * SIGKILL at the deadline, which starts at the signal. */
static void hold(gw_attach_kept *r, int why, const char *cause)
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
    signal_pid(r->pid, r->stop_signal);
    if (why == GW_ATTACH_HELD_CODE)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02063)
                     "restart-file= or a script of group '%s' changed: "
                     "restarting its attached process '%s' (pid %ld): sent "
                     "it SIG%s, it is started again once it has exited "
                     "(stop-timeout %ld s)", r->group, r->name, (long)r->pid,
                     sig, secs);
    else if (why == GW_ATTACH_HELD_AFTER)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02203)
                     "attached process '%s' of group '%s' (pid %ld) runs "
                     "after '%s' (after=), which is being restarted: "
                     "restarting it: sent it SIG%s, it is started again after "
                     "'%s' (stop-timeout %ld s)", r->name, r->group,
                     (long)r->pid, r->cause, sig, r->cause, secs);
    else if (why == GW_ATTACH_HELD_DROP)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02204)
                     "attached process '%s' of group '%s' (pid %ld) is no "
                     "longer in worker-file %s: stopping it with SIG%s "
                     "(stop-timeout %ld s)", r->name, r->group, (long)r->pid,
                     a ? a->worker_file : "?", sig, secs);
    else
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02060)
                     "stopping attached process '%s' of group '%s' (pid %ld) "
                     "with SIG%s; waiting up to stop-timeout (%ld s)",
                     r->name, r->group, (long)r->pid, sig, secs);
}

/* Sends the stop signal to each process held for it whose followers
 * (after=) have exited; says once about each that still waits. */
static void release_held(void)
{
    apr_array_header_t *l = kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;

    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        const char *because;
        if (!r->held || r->pid <= 0)
            continue;
        gw_attach *a = config_of(r);
        if (a && gw_attach_order_held(a, &because)) {
            if (!r->held_noted)
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02206)
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
static void restart_followers(const gw_attach *a)
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
                    hold(r, GW_ATTACH_HELD_AFTER, d->name);
                    marked = 1;
                    break;
                }
            }
        }
    }
    release_held();
}

/* ---- running ----------------------------------------------------------- */

static void attach_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_attach *a = data;
    gw_attach_kept *r = a->k;
    int mpm_state = AP_MPMQ_STOPPING;
    int num = (int)status;
    char cause[GW_KEPT_NAME_MAX];

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(a);
    if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS)
        mpm_state = AP_MPMQ_STOPPING;
    gw_logger_forget(r->pid);
    gw_end_how end = gw_exitinfo_take(r->pid, &num);
    const char *how = reason == APR_OC_REASON_LOST
        ? "was lost" : gw_attach_describe(att.pconf, end, num);
    pid_t pid = r->pid;
    apr_time_t lived = apr_time_now() - r->started;
    int restarting = r->restarting;
    apr_cpystrn(cause, r->cause, sizeof(cause));
    kept_free(r);
    if (mpm_state == AP_MPMQ_STOPPING) {
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02055)
                     "attached process '%s' of group '%s' (pid %ld) %s while "
                     "Apache is stopping", a->name, a->group->name,
                     (long)pid, how);
        return;
    }
    if (a->dropped) {
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02207)
                     "attached process '%s' of group '%s' (pid %ld) %s; it "
                     "is no longer in worker-file %s and is not started "
                     "again", a->name, a->group->name, (long)pid, how,
                     a->worker_file);
        a->k = NULL;
        release_held();
        launch_pending();
        return;
    }
    if (restarting) {
        /* Asked to stop (gw_attach_code_check, restart_followers):
         * planned. */
        r->early_deaths = 0;
        if (cause[0])
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02208)
                         "attached process '%s' of group '%s' (pid %ld) %s "
                         "after %" APR_TIME_T_FMT " ms, stopped because "
                         "'%s', which it runs after, ended; starting it "
                         "again after it", a->name, a->group->name,
                         (long)pid, how, apr_time_as_msec(lived), cause);
        else
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02064)
                         "attached process '%s' of group '%s' (pid %ld) %s "
                         "after %" APR_TIME_T_FMT " ms, stopped for new "
                         "code; starting it again", a->name, a->group->name,
                         (long)pid, how, apr_time_as_msec(lived));
        launch(a, 0);
        release_held();
        return;
    }
    /* The status is the command's (or, through the runner, anything its
     * user can do to it): it picks the log line, never the back-off. */
    r->early_deaths = lived < GW_ATTACH_EARLY_DEATH ? r->early_deaths + 1 : 0;
    int backoff = gw_backoff_delay(r->early_deaths);
    int delay = a->restart_delay > backoff ? a->restart_delay : backoff;
    const char *later = !delay ? ""
        : delay > backoff ? apr_psprintf(att.pconf, " in %d s (restart-delay=)",
                                         delay)
        : apr_psprintf(att.pconf, " in %d s: it failed %d times in a row "
                       "within 5 s of starting", delay, r->early_deaths);
    if (reason == APR_OC_REASON_DEATH && status == 0)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02054)
                     "attached process '%s' of group '%s' (pid %ld) ended: "
                     "its command exited with status 0 after %" APR_TIME_T_FMT
                     " ms; restarting it%s", a->name, a->group->name,
                     (long)pid, apr_time_as_msec(lived), later);
    else
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, att.s, GWLOGNO(02053)
                     "attached process '%s' of group '%s' (pid %ld) %s after "
                     "%" APR_TIME_T_FMT " ms; restarting it%s", a->name,
                     a->group->name, (long)pid, how, apr_time_as_msec(lived),
                     later);
    launch(a, delay);
    /* What runs after it lost it: restarted, after it. */
    restart_followers(a);
}

/* Opened as root at each start and closed at once: gateway-attach runs
 * by fexecve after the privilege drop, and no descriptor of it stays in
 * the parent for Apache's children to inherit. */
static int runner_open(int *err)
{
    const char *why;
    int fd = gw_exe_open(att.runner, 0, &why);

    *err = fd < 0 ? (errno ? errno : EACCES) : 0;
    return fd;
}

/* after: the record a waits for (after=) when that makes the delay. */
static void attach_proc_start(gw_attach *a, int delay, const char *after)
{
    gw_attach_kept *r = a->k;
    int err = 0;
    int fd = runner_open(&err);

    if (fd < 0)
        /* Not fatal here (Apache runs): the child fails at its first step
         * with status 113 and is retried with back-off. */
        ap_log_error(APLOG_MARK, APLOG_CRIT, err, att.s, GWLOGNO(02050)
                     "attached daemons: runner %s is missing or not "
                     "executable by all; it is installed next to "
                     "gateway-daemon (GatewayDaemonPath's directory) by "
                     "'make install'", att.runner);

    int log_fd, log_rfd = gw_logger_pipe_open("an attached process",
                                              a->group->name, &log_fd);
    if (log_rfd < 0) {
        if (fd >= 0)
            close(fd);
        kept_free(r);
        a->k = NULL;
        return;
    }
    apr_status_t rv = apr_proc_fork(&a->proc, att.pconf);
    if (rv == APR_INCHILD)
        gw_spawn_exec_attach(a->group, fd, log_fd, delay, att.parent,
                             a->argv, a->envp);
    gw_logger_pipe_attach(log_rfd, log_fd, rv == APR_INPARENT
                          ? a->proc.pid : 0, GW_LOGCTL_KIND_ATTACH,
                          a->group->name);
    if (fd >= 0)
        close(fd);
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, att.s, GWLOGNO(02051)
                     "cannot fork attached process '%s' of group '%s'; it is "
                     "not retried until the next restart", a->name,
                     a->group->name);
        kept_free(r);
        a->k = NULL;
        return;
    }
    r->state = GW_ATTACH_RUNNING;
    r->pid = a->proc.pid;
    r->started = apr_time_now() + apr_time_from_sec(delay);
    r->stop_signal = a->stop_signal;
    r->stop_timeout = gw_attach_stop_timeout(a);
    r->restarting = 0;
    r->stamp = gw_attach_code_stamp(a->code_files);
    gw_exitinfo_watch(r->pid);
    apr_cpystrn(r->group, a->group->name, sizeof(r->group));
    apr_cpystrn(r->name, a->name, sizeof(r->name));
    memcpy(r->signature, a->signature, sizeof(r->signature));
    apr_proc_other_child_register(&a->proc, attach_maintenance, a, NULL,
                                  att.pconf);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02052)
                 "started attached process '%s' of group '%s' (pid %ld, user "
                 "%s%s): %s", a->name, a->group->name, (long)a->proc.pid,
                 a->group->user_name, !delay ? "" : after
                 ? apr_psprintf(att.pconf, ", its command in %d s: %d s "
                                "after '%s' (after=)", delay,
                                GW_ATTACH_ORDER_SETTLE_S, after)
                 : apr_psprintf(att.pconf, ", after %d s of back-off", delay),
                 apr_array_pstrcat(att.pconf, a->command, ' '));
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
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02058)
                 "stopped attached process '%s' of group '%s' (pid %ld, "
                 "earlier configuration) %s", r->name, r->group, (long)r->pid,
                 reason == APR_OC_REASON_LOST ? "was lost"
                 : gw_attach_describe(att.pconf, how, num));
    kept_free(r);
}

static void watch_stopping(gw_attach_kept *r)
{
    apr_proc_t *proc = apr_pcalloc(att.pconf, sizeof(*proc));
    proc->pid = r->pid;
    gw_exitinfo_watch(r->pid);
    apr_proc_other_child_register(proc, stopping_maintenance, r, NULL,
                                  att.pconf);
}

/* The configuration is being unloaded.  Restart: hand every running
 * process over to the next generation (it decides).  Exit: stop them
 * all and wait, as the supervisor does for the groups (this cleanup runs
 * before the supervisor's, so attached processes stop first); one that
 * others run after (after=) gets its stop signal once they have exited.
 * No apr_proc_other_child_unregister here: see gw_supervisor.c. */
static apr_status_t attach_generation_end(void *data)
{
    (void)data;
    if (getpid() != att.parent)
        return APR_SUCCESS;     /* a child running pconf's cleanups */
    int exiting = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_EXITING;
    apr_array_header_t *l = kept_list();
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
        hold(r, GW_ATTACH_HELD_STOP, NULL);
    }
    if (!exiting)
        return APR_SUCCESS;
    release_held();

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
                kept_free(r);
                continue;
            }
            if (r->state == GW_ATTACH_HANDOVER) {
                /* handed over by a generation that had no groups (never
                 * adopted): stop it now */
                r->state = GW_ATTACH_STOPPING;
                r->deadline = apr_time_now() + r->stop_timeout
                              + GW_ATTACH_KILL_GRACE;
                signal_pid(r->pid, r->stop_signal);
            }
            int w = gw_spawn_reap_try(r->pid, &st);
            if (w != 0) {
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02061)
                             "attached process '%s' of group '%s' (pid %ld) "
                             "%s at Apache's stop", r->name, r->group,
                             (long)r->pid, w > 0
                             ? gw_attach_describe_wait(att.s->process->pool,
                                                       st)
                             : "was already reaped");
                kept_free(r);
                continue;
            }
            if (apr_time_now() >= r->deadline) {
                kill_late(r);
                while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
                    ;
                kept_free(r);
                continue;
            }
            left++;
        }
        release_held();
        if (!left)
            return APR_SUCCESS;
        apr_sleep(apr_time_from_msec(10));
    }
}

/* ---- starting ---------------------------------------------------------- */

static gw_attach *find_config(const gw_attach_kept *r)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        gw_attach *a = list[i];
        if (!a->k && !strcmp(a->group->name, r->group)
            && !strcmp(a->name, r->name))
            return a;
    }
    return NULL;
}

static void adopt(gw_attach *a, gw_attach_kept *r)
{
    a->k = r;
    r->state = GW_ATTACH_RUNNING;
    a->proc.pid = r->pid;
    /* The new configuration may name other scripts: compare with these
     * from now on (the restart itself brings new code by reload-signal,
     * as configured). */
    r->stamp = gw_attach_code_stamp(a->code_files);
    gw_exitinfo_watch(r->pid);
    apr_proc_other_child_register(&a->proc, attach_maintenance, a, NULL,
                                  att.pconf);
    /* One still in its back-off delay has not run the command yet. */
    int sent = a->reload_signal && apr_time_now() >= r->started
               && signal_pid(r->pid, a->reload_signal) == 0;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02056)
                 "attached process '%s' of group '%s' (pid %ld) kept across "
                 "the restart (configuration unchanged)%s", a->name,
                 a->group->name, (long)r->pid, sent
                 ? apr_psprintf(att.pconf, "; sent it reload-signal SIG%s",
                                gw_sig_name(a->reload_signal)) : "");
}

static void retire(gw_attach_kept *r, const char *why)
{
    r->state = GW_ATTACH_STOPPING;
    r->held = GW_ATTACH_HELD_NO;
    r->deadline = apr_time_now() + r->stop_timeout + GW_ATTACH_KILL_GRACE;
    signal_pid(r->pid, r->stop_signal);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02057)
                 "attached process '%s' of group '%s' (pid %ld) %s in the "
                 "new configuration; stopping it with SIG%s (stop-timeout "
                 "%ld s)", r->name, r->group, (long)r->pid, why,
                 gw_sig_name(r->stop_signal),
                 (long)apr_time_sec(r->stop_timeout));
    watch_stopping(r);
}

int gw_attach_start(apr_pool_t *pconf, server_rec *s)
{
    att.pconf = pconf;
    att.s = s;
    att.parent = getpid();
    att.log_level = gw_spawn_log_level(s);
    /* gateway-attach sits next to gateway-daemon. */
    att.runner = gw_exe_sibling(pconf, GW_ATTACH_RUNNER);
    gw_attach_runner_set(s, att.runner, att.log_level);
    /* The worker files' entries join the WSGIAttachDaemon lines. */
    gw_workerset_load(pconf, s);

    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int n = gw_global->attached->nelts;
    if (n > 0) {
        int err = 0;
        int fd = runner_open(&err);
        if (fd < 0) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, err, s, GWLOGNO(02062)
                         "WSGIAttachDaemon (%s): runner %s is missing or "
                         "not executable by all; run 'make install' (it is "
                         "installed next to gateway-daemon, in "
                         "GatewayDaemonPath's directory)",
                         list[0]->defined_at, att.runner);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        close(fd);
    }
    for (int i = 0; i < n; i++)
        gw_attach_prepare(pconf, list[i]);

    /* Registered before the other_child registrations below, so those
     * are gone when it runs. */
    apr_pool_cleanup_register(pconf, NULL, attach_generation_end,
                              apr_pool_cleanup_null);

    /* What the previous generation left running. */
    apr_array_header_t *l = kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;
    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        if (r->state != GW_ATTACH_FREE && r->pid <= 0)
            kept_free(r);
        else if (r->state == GW_ATTACH_HANDOVER
                 || r->state == GW_ATTACH_RUNNING) {
            gw_attach *a = find_config(r);
            if (a && !strcmp(a->signature, r->signature))
                adopt(a, r);
            else {
                retire(r, a ? "has a changed configuration"
                            : "is no longer configured");
                if (a)
                    a->replaced = 1;
            }
        }
        else if (r->state == GW_ATTACH_STOPPING) {
            watch_stopping(r);
            if (apr_time_now() >= r->deadline)
                kill_late(r);
        }
    }
    /* A changed one starts anew while its old process stops; the list
     * holds the ones others run after (after=) first. */
    for (int i = 0; i < n; i++) {
        if (list[i]->k)
            continue;
        list[i]->k = kept_new();
        launch(list[i], 0);
    }
    /* What runs after a changed one, kept, is restarted after it. */
    for (int i = 0; i < n; i++)
        if (list[i]->replaced)
            restart_followers(list[i]);
    release_held();
    return OK;
}

/* ---- new code: restart-file= and script changes ------------------------ */

void gw_attach_code_check(const gw_group *g)
{
    gw_attach **list;
    apr_time_t now = apr_time_now();

    if (!att.s || getpid() != att.parent || !gw_global)
        return;
    /* A worker file is read again when its group's code changes, before
     * the processes are restarted for it: they restart with the new set
     * (new entries start, removed ones stop). */
    gw_workerset_code_check(g);
    list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        gw_attach *a = list[i];
        gw_attach_kept *r = a->k;
        if ((g && a->group != g) || a->dropped || !r
            || r->state != GW_ATTACH_RUNNING || r->restarting || r->pid <= 0)
            continue;
        apr_uint64_t stamp = gw_attach_code_stamp(a->code_files);
        if (stamp == r->stamp)
            continue;
        r->stamp = stamp;
        if (now < r->started)
            continue;   /* still in its back-off delay: starts the new code */
        /* As on Apache's stop: the stop signal lets a running task finish
         * (Celery's warm shutdown), the runner kills the command at
         * stop-timeout; then attach_maintenance starts it again.  What
         * others run after waits for them (release_held). */
        hold(r, GW_ATTACH_HELD_CODE, NULL);
    }
    release_held();
    launch_pending();
}

void gw_attach_monitor(void)
{
    gw_attach **list;
    apr_time_t now = apr_time_now();

    if (!att.s || getpid() != att.parent || !gw_global)
        return;
    /* Also without a request reaching the web processes, which notice a
     * change only then. */
    gw_attach_code_check(NULL);
    list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        gw_attach_kept *r = list[i]->k;
        if (r && r->state == GW_ATTACH_RUNNING && r->restarting
            && now >= r->deadline)
            kill_late(r);
    }
}

/* ---- a worker file read again (parent/gw_workerset.c) ------------------ */

void gw_attach_add(gw_attach *a)
{
    *(gw_attach **)apr_array_push(gw_global->attached) = a;
    a->k = kept_new();
    /* started by the caller's gw_attach_code_check (launch_pending) */
    a->k->state = GW_ATTACH_PENDING;
}

/* A process still in its back-off delay has not run its command yet: it
 * is killed (as root it sleeps before the exec) and started again. */
static void restart_sleeper(gw_attach_kept *r)
{
    r->restarting = 1;
    r->deadline = APR_INT64_MAX;
    signal_pid(r->pid, SIGKILL);
}

void gw_attach_update(gw_attach *a, const gw_attach *n)
{
    gw_attach_kept *r = a->k;

    a->name = n->name;              /* the same name, in n's pool */
    a->defined_at = n->defined_at;
    a->stop_signal = n->stop_signal;
    a->reload_signal = n->reload_signal;
    a->stop_timeout = n->stop_timeout;
    a->command = n->command;
    a->worker_file = n->worker_file;
    a->after = n->after;
    a->restart_delay = n->restart_delay;
    a->code_files = n->code_files;
    a->argv = n->argv;
    a->envp = n->envp;
    memcpy(a->signature, n->signature, sizeof(a->signature));
    if (r && r->state == GW_ATTACH_RUNNING && !r->restarting
        && apr_time_now() < r->started && strcmp(r->signature, a->signature))
        restart_sleeper(r);
}

void gw_attach_drop(gw_attach *a)
{
    gw_attach_kept *r = a->k;

    /* What the file gave it goes with the file's pool: only what the
     * log lines about its end name stays, in pconf. */
    a->dropped = 1;
    a->name = apr_pstrdup(att.pconf, a->name);
    a->defined_at = apr_pstrdup(att.pconf, a->defined_at);
    a->worker_file = apr_pstrdup(att.pconf, a->worker_file);
    a->after = NULL;
    a->command = NULL;
    a->code_files = NULL;
    a->argv = a->envp = NULL;
    if (!r)
        return;
    if (r->state != GW_ATTACH_RUNNING || r->pid <= 0) {
        kept_free(r);
        a->k = NULL;
    }
    else if (r->restarting)
        ;                   /* ends anyway, and is not started again */
    else if (apr_time_now() < r->started)
        restart_sleeper(r);
    else
        hold(r, GW_ATTACH_HELD_DROP, NULL);
}
