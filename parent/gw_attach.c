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
 * restarts what runs after it (restart_followers); those, and the
 * processes of earlier configurations, are gw_attach_stop.c's.
 * gateway-ctl's stop-worker (gw_attach_ctl.c) has one stopped and kept
 * STOPPED at its end (park) until a start-worker, reload-workers, new
 * code or a restart; gateway-ctl's status reads what gw_attach_table.c
 * publishes after every change made here.
 * The state that crosses generations lives in gw_kept (plain data, see
 * gw_kept.h); other_child callbacks are registered anew in each
 * generation, because this module is unloaded and reloaded.
 */
#include "gw_attach.h"
#include "gw_attach_order.h"
#include "gw_attach_ops.h"
#include "gw_attach_table.h"
#include "gw_attach_ctl.h"
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

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int log_level;
    const char *runner;              /* path of gateway-attach */
} att;

/* ---- the kept records -------------------------------------------------- */

apr_array_header_t *gw_attach_kept_list(void)
{
    gw_kept *k = gw_kept_get(att.s);
    if (!k->attached)
        k->attached = apr_array_make(att.s->process->pool, 4,
                                     sizeof(gw_attach_kept *));
    return k->attached;
}

gw_attach_kept *gw_attach_kept_new(void)
{
    apr_array_header_t *l = gw_attach_kept_list();
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

void gw_attach_kept_free(gw_attach_kept *r)
{
    r->pid = 0;
    r->state = GW_ATTACH_FREE;
    r->held = GW_ATTACH_HELD_NO;
}

/* The record of this generation that r belongs to, or NULL. */
gw_attach *gw_attach_config_of(const gw_attach_kept *r)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;

    for (int i = 0; i < gw_global->attached->nelts; i++)
        if (list[i]->k == r)
            return list[i];
    return NULL;
}

/* ---- the order (after=, gw_attach_order.h) ----------------------------- */

static void attach_proc_start(gw_attach *a, int delay, const char *after);

/* Starts the record's process after delay seconds, or later when it
 * runs after= others that start first; when one of those is not running
 * (or being restarted), it waits as PENDING until launch_pending finds
 * them running. */
void gw_attach_launch(gw_attach *a, int delay)
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
    gw_attach_launch_pending();
}

void gw_attach_launch_pending(void)
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

/* ---- running ----------------------------------------------------------- */

/* Stopped by gateway-ctl stop-worker: no new process until start-worker,
 * reload-workers, new code or a restart (gw_attach_ctl.h).  What runs
 * after it was stopped before it and waits PENDING. */
static void park(gw_attach *a, pid_t pid, const char *how, const char *by)
{
    gw_attach_kept *r = a->k;

    r->state = GW_ATTACH_STOPPED;
    r->ctl_stopped = 1;
    r->restarting = 0;
    r->early_deaths = 0;
    /* Only a change from now on starts it (gw_attach_code_check). */
    r->stamp = gw_attach_code_stamp(a->code_files);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02406)
                 "attached process '%s' of group '%s' (pid %ld) %s; stopped "
                 "by gateway-ctl stop-worker (%s): it is not started again "
                 "until gateway-ctl start-worker or reload-workers, a change "
                 "of the group's code (restart-file=) or Apache's restart",
                 a->name, a->group->name, (long)pid, how, by);
    gw_attach_release_held();
    gw_attach_launch_pending();
}

static void attach_ended(gw_attach *a, int reason, apr_wait_t status)
{
    gw_attach_kept *r = a->k;
    int mpm_state = AP_MPMQ_STOPPING;
    int num = (int)status;
    char cause[GW_KEPT_NAME_MAX];

    apr_proc_other_child_unregister(a);
    if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS)
        mpm_state = AP_MPMQ_STOPPING;
    gw_logger_forget(r->pid);
    gw_end_how end = gw_exitinfo_take(r->pid, &num);
    const char *how = reason == APR_OC_REASON_LOST
        ? "was lost" : gw_attach_describe(att.pconf, end, num);
    pid_t pid = r->pid;
    apr_time_t lived = apr_time_now() - r->started;
    int restarting = r->restarting, ctl_stopped = r->ctl_stopped;
    apr_cpystrn(cause, r->cause, sizeof(cause));
    apr_cpystrn(r->last_exit, how, sizeof(r->last_exit));
    gw_attach_kept_free(r);
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
        gw_attach_release_held();
        gw_attach_launch_pending();
        return;
    }
    if (ctl_stopped) {
        park(a, pid, how, r->ctl_by);
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
        gw_attach_launch(a, 0);
        gw_attach_release_held();
        return;
    }
    /* The status is the command's (or, through the runner, anything its
     * user can do to it): it picks the log line, never the back-off. */
    r->early_deaths = lived < GW_ATTACH_EARLY_DEATH ? r->early_deaths + 1 : 0;
    int backoff = gw_backoff_delay(r->early_deaths);
    int delay = a->restart_delay > backoff ? a->restart_delay : backoff;
    const char *later = !delay ? ""
        : delay > backoff ? apr_psprintf(att.pconf, " in %d s "
                                         "(restart-delay=)", delay)
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
    gw_attach_launch(a, delay);
    /* What runs after it lost it: restarted, after it. */
    gw_attach_restart_followers(a);
}

static void attach_maintenance(int reason, void *data, apr_wait_t status)
{
    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    attach_ended(data, reason, status);
    gw_attach_table_publish();
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
        gw_attach_kept_free(r);
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
        gw_attach_kept_free(r);
        a->k = NULL;
        return;
    }
    r->state = GW_ATTACH_RUNNING;
    r->pid = a->proc.pid;
    r->started = apr_time_now() + apr_time_from_sec(delay);
    r->ctl_stopped = 0;
    r->starts++;
    r->after_wait = delay > 0 && after != NULL;
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
               && gw_attach_signal_pid(r->pid, a->reload_signal) == 0;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02056)
                 "attached process '%s' of group '%s' (pid %ld) kept across "
                 "the restart (configuration unchanged)%s", a->name,
                 a->group->name, (long)r->pid, sent
                 ? apr_psprintf(att.pconf, "; sent it reload-signal SIG%s",
                                gw_sig_name(a->reload_signal)) : "");
}

int gw_attach_start(apr_pool_t *pconf, server_rec *s)
{
    att.pconf = pconf;
    att.s = s;
    att.parent = getpid();
    att.log_level = gw_spawn_log_level(s);
    gw_attach_stop_init(pconf, s, att.parent);
    gw_attach_ctl_init(pconf, s);
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
    apr_pool_cleanup_register(pconf, NULL, gw_attach_generation_end,
                              apr_pool_cleanup_null);

    /* What the previous generation left running. */
    apr_array_header_t *l = gw_attach_kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;
    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        if (r->state != GW_ATTACH_FREE && r->pid <= 0)
            gw_attach_kept_free(r);
        else if (r->state == GW_ATTACH_HANDOVER
                 || r->state == GW_ATTACH_RUNNING) {
            gw_attach *a = find_config(r);
            if (a && !strcmp(a->signature, r->signature))
                adopt(a, r);
            else {
                gw_attach_retire(r, a ? "has a changed configuration"
                            : "is no longer configured");
                if (a)
                    a->replaced = 1;
            }
        }
        else if (r->state == GW_ATTACH_STOPPING) {
            gw_attach_watch_stopping(r);
            if (apr_time_now() >= r->deadline)
                gw_attach_kill_late(r);
        }
    }
    /* A changed one starts anew while its old process stops; the list
     * holds the ones others run after (after=) first. */
    for (int i = 0; i < n; i++) {
        if (list[i]->k)
            continue;
        list[i]->k = gw_attach_kept_new();
        gw_attach_launch(list[i], 0);
    }
    /* What runs after a changed one, kept, is restarted after it. */
    for (int i = 0; i < n; i++)
        if (list[i]->replaced)
            gw_attach_restart_followers(list[i]);
    gw_attach_release_held();
    gw_attach_table_publish();
    return OK;
}

/* ---- new code: restart-file= and script changes ------------------------ */

/* The group's code changed while gateway-ctl stop-worker kept a stopped:
 * a restart of the group starts it again, with the new code. */
static void unpark_for_code(gw_attach *a)
{
    gw_attach_kept *r = a->k;
    apr_uint64_t stamp = gw_attach_code_stamp(a->code_files);

    if (stamp == r->stamp)
        return;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02408)
                 "restart-file= or a script of group '%s' changed: starting "
                 "its attached process '%s', which gateway-ctl stop-worker "
                 "had stopped", a->group->name, a->name);
    gw_attach_launch(a, 0);
    if (a->k)
        a->k->stamp = stamp;
}

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
        if ((g && a->group != g) || a->dropped || !r)
            continue;
        if (r->state == GW_ATTACH_STOPPED)
            unpark_for_code(a);
        if (r->state != GW_ATTACH_RUNNING || r->restarting || r->pid <= 0)
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
        gw_attach_hold(r, GW_ATTACH_HELD_CODE, NULL);
    }
    gw_attach_settle();
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
            gw_attach_kill_late(r);
    }
}

void gw_attach_settle(void)
{
    if (!att.s || getpid() != att.parent)
        return;
    gw_attach_release_held();
    gw_attach_launch_pending();
    gw_attach_table_publish();
}
