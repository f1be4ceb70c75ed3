/*
 * gw_attach_ctl.c - changes to the attached daemons from outside their
 * supervisor: a worker file read again (parent/gw_workerset.c) and
 * gateway-ctl's worker commands (see gw_attach_ctl.h).  Runs in the
 * Apache parent, as root, in the MPM's main loop.
 */
#include "gw_attach_ctl.h"
#include "gw_attach_ops.h"
#include "gw_attach_order.h"
#include "gw_attach_runner.h"
#include "gw_control_reply.h"
#include "gw_exit.h"
#include "gw_log.h"
#include "gw_workerset.h"

#include "http_log.h"
#include "apr_strings.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

static struct {
    apr_pool_t *pconf;
    server_rec *s;
} actl;

void gw_attach_ctl_init(apr_pool_t *pconf, server_rec *s)
{
    actl.pconf = pconf;
    actl.s = s;
}

/* ---- a worker file read again (parent/gw_workerset.c) ------------------ */

void gw_attach_add(gw_attach *a)
{
    *(gw_attach **)apr_array_push(gw_global->attached) = a;
    a->k = gw_attach_kept_new();
    /* started by the caller's gw_attach_code_check (launch_pending) */
    a->k->state = GW_ATTACH_PENDING;
}

/* A process still in its back-off delay has not run its command yet: it
 * is killed (as root it sleeps before the exec) and started again. */
static void restart_sleeper(gw_attach_kept *r)
{
    r->restarting = 1;
    r->deadline = APR_INT64_MAX;
    gw_attach_signal_pid(r->pid, SIGKILL);
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
    a->name = apr_pstrdup(actl.pconf, a->name);
    a->defined_at = apr_pstrdup(actl.pconf, a->defined_at);
    a->worker_file = apr_pstrdup(actl.pconf, a->worker_file);
    a->after = NULL;
    a->command = NULL;
    a->code_files = NULL;
    a->argv = a->envp = NULL;
    if (!r)
        return;
    if (r->state != GW_ATTACH_RUNNING || r->pid <= 0) {
        gw_attach_kept_free(r);
        a->k = NULL;
    }
    else if (r->restarting)
        ;                   /* ends anyway, and is not started again */
    else if (apr_time_now() < r->started)
        restart_sleeper(r);
    else
        gw_attach_hold(r, GW_ATTACH_HELD_DROP, NULL);
}

/* ---- what gateway-ctl is told ----------------------------------------- */

const char *gw_attach_ctl_record(apr_pool_t *p, const gw_attach *a,
                                 const char *action, const char *reason)
{
    const gw_attach_kept *r = a->k;

    return apr_pstrcat(p, "worker", gw_ctl_kv(p, "group", a->group->name),
                       gw_ctl_kv(p, "name", a->name),
                       gw_ctl_kn(p, "pid", r && r->pid > 0 ? r->pid : -1),
                       gw_ctl_kv(p, "action", action),
                       gw_ctl_kv(p, "reason", reason), "\n", NULL);
}

/* Its stop signal and timeout, as the reply and the log say them. */
static const char *stop_text(apr_pool_t *p, const gw_attach *a)
{
    return apr_psprintf(p, "SIG%s, then up to stop-timeout (%ld s) for it "
                        "to exit", gw_sig_name(a->stop_signal),
                        (long)apr_time_sec(gw_attach_stop_timeout(a)));
}

/* Why a PENDING record waits: the one it runs after that does not run. */
static const char *pending_text(apr_pool_t *p, const gw_attach *a)
{
    const char *because = NULL;
    int wait;

    (void)gw_attach_order_ready(a, apr_time_now(), &wait, &because);
    return apr_psprintf(p, "it runs after '%s' (after=), which is not "
                        "running: it starts once '%s' does",
                        because ? because : "?", because ? because : "?");
}

/* ---- stop-worker -------------------------------------------------------- */

/* The records of a's group that were not being restarted, as a NULL-
 * terminated list: what stop-worker's restart_followers will have
 * touched is told from those that are afterwards. */
static gw_attach **calm_ones(apr_pool_t *p, const gw_attach *a)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int n = gw_global->attached->nelts, k = 0;
    gw_attach **out = apr_pcalloc(p, sizeof(*out) * (apr_size_t)(n + 1));

    for (int i = 0; i < n; i++)
        if (list[i] != a && list[i]->group == a->group && !list[i]->dropped
            && list[i]->k && list[i]->k->state == GW_ATTACH_RUNNING
            && !list[i]->k->restarting)
            out[k++] = list[i];
    return out;
}

/* A running process asked to stop: held until what runs after it has
 * exited (those are stopped too, and start again after it). */
static const char *stop_running(apr_pool_t *p, gw_attach *a,
                                const char **more)
{
    gw_attach_kept *r = a->k;
    gw_attach **calm = calm_ones(p, a);

    if (apr_time_now() < r->started) {
        restart_sleeper(r);
        return "it was waiting to start (back-off or after=): its command "
               "does not run";
    }
    gw_attach_hold(r, GW_ATTACH_HELD_CTL, NULL);
    gw_attach_restart_followers(a);
    for (int i = 0; calm[i]; i++)
        if (calm[i]->k && calm[i]->k->restarting)
            *more = apr_pstrcat(p, *more, gw_attach_ctl_record(p, calm[i],
                "stopping", apr_psprintf(p, "it runs after '%s' (after=): "
                                         "stopped first, started again "
                                         "after it", a->name)), NULL);
    return apr_psprintf(p, "%s; it stays stopped until gateway-ctl "
                        "start-worker %s %s", stop_text(p, a),
                        a->group->name, a->name);
}

static const char *stop_one(apr_pool_t *p, gw_attach *a, const char *by,
                            const char **action, const char **more)
{
    gw_attach_kept *r = a->k;

    *action = "none";
    if (!r)
        return "it has no process (it could not be started: see the "
               "error log)";
    if (r->state == GW_ATTACH_STOPPED)
        return "it is stopped already";
    if (r->state == GW_ATTACH_RUNNING && r->ctl_stopped)
        return "it is being stopped already";
    apr_cpystrn(r->ctl_by, by, sizeof(r->ctl_by));
    r->ctl_stopped = 1;
    if (r->state == GW_ATTACH_PENDING) {
        r->state = GW_ATTACH_STOPPED;
        *action = "stopped";
        return "it was waiting for what it runs after (after=); it is not "
               "started";
    }
    *action = "stopping";
    if (r->restarting)
        return "it was being restarted already: it is not started again";
    return stop_running(p, a, more);
}

/* ---- start-worker ------------------------------------------------------- */

int gw_attach_ctl_unpark(gw_attach *a)
{
    gw_attach_kept *r = a->k;

    if (!r || r->state != GW_ATTACH_STOPPED)
        return 0;
    r->ctl_stopped = 0;
    gw_attach_launch(a, 0);
    return 1;
}

/* A running one that stop-worker asked to stop: its stop is called off
 * when its signal has not gone yet, else it starts again once it has
 * exited. */
static const char *call_off(gw_attach_kept *r, const char **action)
{
    r->ctl_stopped = 0;
    r->cause[0] = '\0';
    if (r->held == GW_ATTACH_HELD_CTL) {
        r->held = GW_ATTACH_HELD_NO;
        r->restarting = 0;
        return "its stop had not begun: it goes on running (what runs "
               "after it starts again after it)";
    }
    *action = "restarting";
    return "it is being stopped (stop-worker): it starts again once it "
           "has exited";
}

static const char *start_running(apr_pool_t *p, gw_attach *a,
                                 const char **action)
{
    gw_attach_kept *r = a->k;
    apr_time_t now = apr_time_now();

    if (r->ctl_stopped)
        return call_off(r, action);
    if (r->restarting)
        return "it is being restarted: it starts again once it has exited";
    if (now < r->started)
        return apr_psprintf(p, "its command starts in %ld s (%s)",
                            (long)apr_time_sec(r->started - now
                                               + APR_USEC_PER_SEC - 1),
                            r->after_wait ? "after=" : "back-off");
    return "it is running already";
}

static const char *start_one(apr_pool_t *p, gw_attach *a,
                             const char **action)
{
    gw_attach_kept *r = a->k;

    *action = "none";
    if (!r) {
        a->k = gw_attach_kept_new();    /* its last fork failed */
        a->k->state = GW_ATTACH_STOPPED;
        r = a->k;
    }
    if (r->state == GW_ATTACH_PENDING)
        return pending_text(p, a);
    if (r->state == GW_ATTACH_RUNNING)
        return start_running(p, a, action);
    gw_attach_ctl_unpark(a);
    if (!a->k)
        return "it could not be started (see the error log)";
    if (a->k->state == GW_ATTACH_PENDING) {
        *action = "pending";
        return pending_text(p, a);
    }
    *action = "started";
    return a->k->started > apr_time_now() ? "its command starts after what "
           "it runs after (after=)" : "";
}

/* ---- reload-workers's part ------------------------------------------- */

const char *gw_attach_ctl_changed(gw_attach *a)
{
    gw_attach_kept *r = a->k;

    if (!r || r->state != GW_ATTACH_RUNNING || r->pid <= 0)
        return "none";
    if (r->restarting || apr_time_now() < r->started)
        return "restarting";    /* gw_attach_update restarts a sleeper */
    gw_attach_hold(r, GW_ATTACH_HELD_RELOAD, NULL);
    gw_attach_restart_followers(a);
    return "restarting";
}

/* ---- the relayed requests --------------------------------------------- */

static const char *worker_command(apr_pool_t *p, const gw_ctl_relay *rl,
                                  gw_group *g, const char *by)
{
    gw_attach *a = gw_attach_order_find(g, rl->rq.worker);
    const char *action, *more = "", *why, *verb = gw_ctl_verb_word(
        rl->rq.verb);

    if (!a)
        return gw_ctl_error_text(p, "no-such-worker", apr_psprintf(p,
            "daemon group '%s' has no attached daemon '%s' (gateway-ctl "
            "status %s lists them)", g->name, rl->rq.worker, g->name));
    why = rl->rq.verb == GW_CTL_STOP_WORKER
          ? stop_one(p, a, by, &action, &more) : start_one(p, a, &action);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, actl.s, GWLOGNO(02404)
                 "gateway-ctl %s by %s: attached process '%s' of group '%s' "
                 "(pid %ld): %s%s%s", verb, by, a->name, g->name,
                 a->k && a->k->pid > 0 ? (long)a->k->pid : 0L, action,
                 *why ? ": " : "", why);
    return apr_pstrcat(p, "ok\n", gw_attach_ctl_record(p, a, action, why),
                       more, "end\n", NULL);
}

const char *gw_attach_ctl_run(apr_pool_t *p, const gw_ctl_relay *rl)
{
    gw_group *g = gw_group_find(rl->rq.group);
    const char *by = apr_psprintf(p, "uid %lu (%s, pid %lu)", rl->uid,
                                  rl->user, rl->pid), *out;

    if (!g)
        return gw_ctl_error_text(p, "no-such-group", apr_psprintf(p,
            "there is no daemon group '%s'", rl->rq.group));
    if (rl->rq.verb == GW_CTL_RELOAD_WORKERS)
        out = gw_workerset_ctl_reload(p, g, by);
    else if (rl->rq.verb == GW_CTL_STOP_WORKER
             || rl->rq.verb == GW_CTL_START_WORKER)
        out = worker_command(p, rl, g, by);
    else
        out = gw_ctl_error_text(p, "malformed", "not a command the Apache "
                                "parent carries out");
    gw_attach_settle();
    return out;
}
