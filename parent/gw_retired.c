/*
 * gw_retired.c - daemon processes of an ending configuration generation.
 *
 * Runs in the Apache parent (root): in pconf's cleanup when the
 * configuration is unloaded, in post_config of the next generation and
 * in the MPM's main loop (other_child callbacks, the monitor hook).
 */
#include "gw_retired.h"
#include "gw_proc.h"
#include "gw_deathcause.h"
#include "gw_exitinfo.h"
#include "gw_spawn.h"
#include "gw_log.h"
#include "gw_kept.h"
#include "gw_sockets.h"
#include "gw_logger.h"

#include "http_log.h"
#include "http_core.h"   /* ap_state_query */
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include <signal.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* This generation's, set by gw_retired_adopt. */
static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
} gen;

/* Apache's stop: how one of its processes ended (reaped, st: see
 * gw_spawn_reap_try). */
static void reaped(pid_t pid, const char *group, int how_reaped, int st,
                   const char *killed_for)
{
    const char *how = gw_spawn_describe_wait(gen.s->process->pool,
                                             how_reaped, st);

    ap_log_error(APLOG_MARK, APLOG_INFO, 0, gen.s, GWLOGNO(02020)
                 "daemon process %ld of group '%s' %s%s%s at Apache's stop",
                 (long)pid, group, how, killed_for ? ", by mod_gateway: " : "",
                 killed_for ? killed_for : "");
}

/* Waits until none of pids[] runs, SIGKILLing those left at their
 * deadline; we reap them ourselves (Apache is exiting), and say how each
 * one ended. */
static void reap_all(pid_t *pids, apr_time_t *deadlines, const char **names,
                     int n)
{
    for (;;) {
        int left = 0;
        for (int i = 0; i < n; i++) {
            int st;
            if (!pids[i])
                continue;
            int r = gw_spawn_reap_try(pids[i], &st);
            if (r != 0) {
                reaped(pids[i], names[i], r, st, NULL);
                pids[i] = 0;
                continue;
            }
            if (apr_time_now() >= deadlines[i]) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, gen.s,
                             GWLOGNO(02005) "daemon process %ld of group "
                             "'%s' did not exit in time after SIGTERM; "
                             "killing it", (long)pids[i], names[i]);
                r = gw_spawn_reap_kill(pids[i], &st);
                reaped(pids[i], names[i], r, st, "shutdown-timeout passed");
                pids[i] = 0;
                continue;
            }
            left++;
        }
        if (!left)
            return;
        apr_sleep(apr_time_from_msec(10));
    }
}

/* The configuration is being unloaded.  On a restart (graceful or not)
 * each process gets SIGTERM: it stops accepting at once and finishes its
 * requests, while the next generation's processes already accept on the
 * same socket; it is retired, watched until it exits or its
 * graceful-timeout runs out.  When Apache exits, everything is stopped
 * here and now, and the sockets are removed.
 *
 * No apr_proc_other_child_unregister() here: the registrations live in
 * pconf too and, made after this cleanup was registered, were removed
 * before it runs (unregistering an unknown entry crashes APR). */
static apr_status_t generation_end(void *data)
{
    apr_array_header_t *groups = data;
    gw_group **gs = (gw_group **)groups->elts;
    gw_kept *k = gw_kept_get(gen.s);
    int exiting = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_EXITING;

    if (getpid() != gen.parent)
        return APR_SUCCESS;     /* a child running pconf's cleanups */

    for (int i = 0; i < groups->nelts; i++) {
        for (int j = 0; j < gs[i]->processes; j++) {
            gw_proc *pr = &gs[i]->procs[j];
            if (!pr->running)
                continue;
            pr->running = 0;
            if (kill(pr->proc.pid, SIGTERM) != 0)
                continue;
            gw_kept_retired *rt = NULL;
            gw_kept_retired *rv = (gw_kept_retired *)k->retired->elts;
            for (int x = 0; x < k->retired->nelts && !rt; x++)
                if (!rv[x].pid)
                    rt = &rv[x];
            if (!rt)
                rt = apr_array_push(k->retired);
            rt->pid = pr->proc.pid;
            rt->deadline = apr_time_now() + (exiting
                ? gs[i]->shutdown_timeout : gs[i]->graceful_timeout);
            apr_cpystrn(rt->group, gs[i]->name, sizeof(rt->group));
        }
    }
    if (!exiting)
        return APR_SUCCESS;

    /* Exiting: wait for every process of every generation. */
    int n = k->retired->nelts;
    gw_kept_retired *rv = (gw_kept_retired *)k->retired->elts;
    pid_t *pids = apr_pcalloc(gen.s->process->pool, sizeof(pid_t) * n + 1);
    apr_time_t *dl = apr_pcalloc(gen.s->process->pool,
                                 sizeof(apr_time_t) * n + 1);
    const char **names = apr_pcalloc(gen.s->process->pool,
                                     sizeof(char *) * n + 1);
    for (int i = 0; i < n; i++) {
        pids[i] = rv[i].pid;
        dl[i] = rv[i].deadline;
        names[i] = rv[i].group;
        if (pids[i])
            kill(pids[i], SIGTERM);
        rv[i].pid = 0;
    }
    reap_all(pids, dl, names, n);
    gw_sockets_remove_all(gen.s);
    /* Last: every process whose output it reads is gone. */
    gw_logger_stop();
    return APR_SUCCESS;
}

/* A retired process (earlier generation) ended: nothing to restart. */
static void retired_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_kept_retired *rt = data;
    int num = (int)status;

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(rt);
    gw_logger_forget(rt->pid);
    gw_end_how end = gw_exitinfo_take(rt->pid, &num);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, gen.s, GWLOGNO(02011)
                 "retired daemon process %ld of group '%s' (earlier "
                 "configuration) %s", (long)rt->pid, rt->group,
                 reason == APR_OC_REASON_LOST ? "was lost"
                 : gw_deathcause_text(gen.pconf, NULL, end, num,
                                      rt->deadline == APR_INT64_MAX
                                      ? "graceful-timeout passed"
                                      : NULL));
    rt->pid = 0;
}

/* The new generation watches the processes the old one retired; the
 * callback must be registered again because this module was reloaded. */
void gw_retired_adopt(apr_pool_t *pconf, server_rec *s, pid_t parent)
{
    gw_kept *k = gw_kept_get(s);
    gw_kept_retired *rv = (gw_kept_retired *)k->retired->elts;

    gen.pconf = pconf;
    gen.s = s;
    gen.parent = parent;

    for (int i = 0; i < k->retired->nelts; i++) {
        if (!rv[i].pid)
            continue;
        apr_proc_t *proc = apr_pcalloc(pconf, sizeof(*proc));
        proc->pid = rv[i].pid;
        gw_exitinfo_watch(proc->pid);
        apr_proc_other_child_register(proc, retired_maintenance, &rv[i],
                                      NULL, pconf);
    }
}

void gw_retired_on_unload(apr_pool_t *pconf, apr_array_header_t *groups)
{
    apr_pool_cleanup_register(pconf, groups, generation_end,
                              apr_pool_cleanup_null);
}

/* The monitor's part: graceful-timeout is over for a retired process
 * still finishing requests. */
void gw_retired_monitor(void)
{
    gw_kept *k = gw_kept_get(gen.s);
    gw_kept_retired *rv = (gw_kept_retired *)k->retired->elts;

    for (int i = 0; i < k->retired->nelts; i++) {
        if (rv[i].pid && apr_time_now() >= rv[i].deadline) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, gen.s, GWLOGNO(02012)
                         "retired daemon process %ld of group '%s' still "
                         "runs requests after graceful-timeout; killing it",
                         (long)rv[i].pid, rv[i].group);
            kill(rv[i].pid, SIGKILL);
            rv[i].deadline = APR_INT64_MAX;  /* reaped by the MPM */
        }
    }
}
