/*
 * gw_supervisor.c - daemon process groups, seen from the Apache parent.
 *
 * Runs in the Apache parent, as root, in post_config and in the MPM's
 * main loop (through apr_proc_other_child_*).  Each group gets one
 * listening UNIX socket, created here under umask 0077 and chowned to the
 * one user allowed to connect (Apache's User or socket-user=); its
 * processes all accept on that socket.  The parent keeps its copy so a
 * restarted process finds the same socket and no request queued in it is
 * lost while a process is replaced.
 */
#include "gw_supervisor.h"
#include "gw_memfd.h"
#include "gw_exe.h"
#include "gw_handover.h"
#include "gw_compat.h"
#include "gw_options.h"
#include "gw_backoff.h"
#include "gw_spawn.h"
#include "gw_exitinfo.h"
#include "gw_log.h"
#include "gw_kept.h"
#include "gw_sockets.h"
#include "gw_attach.h"   /* attached daemons */
#include "gw_logger.h"   /* the processes' output */
#include "gw_scoreboard_parent.h"   /* the status page */

#include "http_log.h"
#include "http_core.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_shm.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* A process that dies this soon after starting counts as failing to
 * start (proto/gw_backoff.h). */
#define GW_EARLY_DEATH     apr_time_from_sec(GW_EARLY_DEATH_S)

struct gw_proc {
    gw_group *group;
    int slot;
    apr_proc_t proc;
    apr_time_t started;
    int early_deaths;
    apr_time_t streak_start;      /* start of the first of early_deaths */
    const char *killed_for;       /* the supervisor SIGKILLed it: why */
    int running;
    gw_slot_status *status;
    int seen_idx;                 /* status->seen[] of the running process */
    /* The previous process claimed a recycle that was not confirmed when
     * it ended (its exit status and life), or 0: judged again at the
     * next death (settle_doubt). */
    int doubt_num;
    apr_time_t doubt_lived;
};

typedef struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int exe_fd;
    int log_level;
} gw_sup;

static gw_sup sup;

static void proc_start(gw_proc *pr, int delay);

/* "memory-limit= is N bytes" (and/or virtual-memory-limit=), or NULL. */
static const char *limits_text(apr_pool_t *p, const gw_group *g)
{
    if (!g)
        return NULL;
    if (g->memory_limit > 0 && g->virtual_memory_limit > 0)
        return apr_psprintf(p, "memory-limit= is %" APR_INT64_T_FMT " bytes, "
                            "virtual-memory-limit= %" APR_INT64_T_FMT,
                            (apr_int64_t)g->memory_limit,
                            (apr_int64_t)g->virtual_memory_limit);
    if (g->memory_limit > 0)
        return apr_psprintf(p, "memory-limit= is %" APR_INT64_T_FMT " bytes",
                            (apr_int64_t)g->memory_limit);
    if (g->virtual_memory_limit > 0)
        return apr_psprintf(p, "virtual-memory-limit= is %" APR_INT64_T_FMT
                            " bytes", (apr_int64_t)g->virtual_memory_limit);
    return NULL;
}

/* How a process of g ended, in words: the kernel's (how != UNKNOWN, see
 * gw_exitinfo.h) or the MPM's number, and what the supervisor knows on
 * top: that it killed the process itself (killed_for), or the group's
 * memory limits when they may be the cause. */
static const char *death_text(apr_pool_t *p, const gw_group *g,
                              gw_end_how how, int num,
                              const char *killed_for)
{
    const char *text = gw_spawn_describe_end(p, how, num);
    const char *limits = limits_text(p, g);
    int sig = how == GW_END_SIGNALED ? num : 0;

    if (how != GW_END_SIGNALED && num == GW_EXIT_NOMEM)
        return apr_psprintf(p, "exited with status %d (%s; %s)", num,
                            gw_spawn_exit_reason(num), limits ? limits
                            : "no memory-limit= or virtual-memory-limit= "
                              "is set: the system itself is short of "
                              "memory");
    if (how == GW_END_UNKNOWN && num > 0 && num < 65)
        sig = num;          /* perhaps a signal: the hints still apply */
    if (sig == SIGKILL && killed_for)
        return apr_pstrcat(p, text, ", by mod_gateway: ", killed_for, NULL);
    if (how == GW_END_SIGNALED && sig == SIGSYS)
        return apr_pstrcat(p, text, ": most likely it tried to exit with "
                           "status 15, which Apache's MPM takes for a fatal "
                           "error and stops the whole server, so "
                           "gateway-daemon's exit guard killed it instead",
                           NULL);
    if (!limits)
        return text;
    /* Beyond the rlimit an allocation fails (MemoryError); the process
     * is not killed for it.  But a system short of memory kills big
     * processes (the OOM killer), and a failed allocation in C code can
     * end in a crash or an abort. */
    if (sig == SIGKILL)
        return apr_pstrcat(p, text, ", not by mod_gateway (", limits,
                           ": out of memory? see dmesg)", NULL);
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT)
        return apr_pstrcat(p, text, " (", limits,
                           ": a failed allocation?)", NULL);
    return text;
}

/* ---- the back-off ------------------------------------------------------ */

/* A process that ends within GW_EARLY_DEATH of its start is an early
 * death, and two in a row start the back-off, whatever the process
 * says: its exit status is the application's to choose (os._exit(103)).
 * A status claiming a planned recycle is believed only when what the
 * parent and Apache's children observed bears it out, so a recycle the
 * configuration asks for stays immediate and a crash loop dressed as one
 * is still spaced out.  The daemons' own status segments
 * (gw_scoreboard.h) are not asked: the application writes them. */

static int is_recycle(int num)
{
    return num == GW_EXIT_MAXREQ || num == GW_EXIT_INTERVAL
           || num == GW_EXIT_INACTIVE || num == GW_EXIT_RELOAD
           || num == GW_EXIT_RSS;
}

/* Whether the recycle a process of g claimed by exiting with num after
 * living `lived` is borne out by e, what Apache children saw of it. */
static int recycle_confirmed(const gw_group *g, int num, apr_time_t lived,
                             gw_seen *e)
{
    switch (num) {
    case GW_EXIT_MAXREQ:
        return g->maximum_requests > 0
               && (apr_int64_t)__atomic_load_n(&e->taken, __ATOMIC_RELAXED)
                  >= (apr_int64_t)g->maximum_requests;
    case GW_EXIT_INTERVAL:
        /* The parent's clock started at the fork, before the daemon's. */
        return g->restart_interval > 0 && lived >= g->restart_interval;
    case GW_EXIT_INACTIVE:
        return g->inactivity_timeout > 0 && lived >= g->inactivity_timeout;
    case GW_EXIT_RSS:
        /* It checks after a request: it took one at least. */
        return g->maximum_rss > 0
               && __atomic_load_n(&e->taken, __ATOMIC_RELAXED) > 0;
    case GW_EXIT_RELOAD:
        /* Every stale process refuses a request (RETRY) before it exits
         * 109; the parent cannot stat the scripts itself (aliases may be
         * patterns or directories). */
        return __atomic_load_n(&e->refused, __ATOMIC_RELAXED) > 0;
    default:
        return 0;
    }
}

/* Why the claim was not believed, for the log line. */
static const char *recycle_doubt(apr_pool_t *p, const gw_group *g, int num,
                                 gw_seen *e)
{
    apr_uint32_t taken = __atomic_load_n(&e->taken, __ATOMIC_RELAXED);

    switch (num) {
    case GW_EXIT_MAXREQ:
        if (g->maximum_requests <= 0)
            return "but maximum-requests= is not set";
        return apr_psprintf(p, "but Apache saw it take %lu request%s "
                            "(maximum-requests=%ld)", (unsigned long)taken,
                            taken == 1 ? "" : "s", g->maximum_requests);
    case GW_EXIT_INTERVAL:
        if (g->restart_interval <= 0)
            return "but restart-interval= is not set";
        return apr_psprintf(p, "but restart-interval= is %ld s",
                            (long)apr_time_sec(g->restart_interval));
    case GW_EXIT_INACTIVE:
        if (g->inactivity_timeout <= 0)
            return "but inactivity-timeout= is not set";
        return apr_psprintf(p, "but inactivity-timeout= is %ld s",
                            (long)apr_time_sec(g->inactivity_timeout));
    case GW_EXIT_RSS:
        if (g->maximum_rss <= 0)
            return "but maximum-rss= is not set";
        return "but Apache saw it take no request";
    default:
        return "but Apache saw it refuse no request as stale (RETRY)";
    }
}

/* The previous process of the slot claimed a recycle that was not
 * confirmed when it ended: its last START may have been read only after
 * it exited.  Judged again now, a whole process life later; confirmed,
 * it was a recycle after all and leaves no early death behind. */
static void settle_doubt(gw_proc *pr)
{
    gw_seen *e = &pr->status->seen[!pr->seen_idx];

    if (pr->doubt_num && recycle_confirmed(pr->group, pr->doubt_num,
                                           pr->doubt_lived, e))
        pr->early_deaths = 0;
    pr->doubt_num = 0;
}

static void proc_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_proc *pr = data;
    gw_group *g = pr->group;
    int mpm_state = AP_MPMQ_STOPPING;
    int num = (int)status;
    gw_end_how end = GW_END_UNKNOWN;

    switch (reason) {
    case APR_OC_REASON_DEATH:
    case APR_OC_REASON_LOST:
        apr_proc_other_child_unregister(pr);
        pr->running = 0;
        gw_logger_forget(pr->proc.pid);
        if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS)
            mpm_state = AP_MPMQ_STOPPING;
        apr_time_t now = apr_time_now();
        apr_time_t lived = now - pr->started;
        end = gw_exitinfo_take(pr->proc.pid, &num);
        const char *how = reason == APR_OC_REASON_LOST ? "was lost"
            : death_text(sup.pconf, g, end, num, pr->killed_for);
        int killed = pr->killed_for != NULL;
        pr->killed_for = NULL;
        if (mpm_state == AP_MPMQ_STOPPING) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02001)
                         "daemon process %ld of group '%s' %s while Apache "
                         "is stopping", (long)pr->proc.pid, g->name, how);
            return;
        }
        /* A planned recycle (maximum-requests, restart-interval,
         * inactivity-timeout, a changed script or restart-file) is no
         * failure, however young the process, once confirmed: see "the
         * back-off" above.  A signal is never one. */
        int exited = reason == APR_OC_REASON_DEATH && end != GW_END_SIGNALED;
        int planned = exited && is_recycle(num);
        gw_seen *seen = &pr->status->seen[pr->seen_idx];
        const char *doubt = NULL;
        settle_doubt(pr);
        if (planned && lived < GW_EARLY_DEATH
            && !recycle_confirmed(g, num, lived, seen)) {
            doubt = recycle_doubt(sup.pconf, g, num, seen);
            planned = 0;
            pr->doubt_num = num;
            pr->doubt_lived = lived;
        }
        if (lived < GW_EARLY_DEATH && !planned) {
            if (!pr->early_deaths)
                pr->streak_start = pr->started;
            pr->early_deaths++;
        }
        else
            pr->early_deaths = 0;
        int delay = gw_backoff_delay(pr->early_deaths);
        /* In back-off, the line is about the group: its failures are
         * every slot's current streak. */
        const char *group_line = NULL, *then = "restarting it";
        if (delay) {
            int failed = 0;
            apr_time_t since = now;
            for (int i = 0; i < g->processes; i++) {
                const gw_proc *o = &g->procs[i];
                if (o->early_deaths > 0) {
                    failed += o->early_deaths;
                    if (o->streak_start < since)
                        since = o->streak_start;
                }
            }
            group_line = apr_psprintf(sup.pconf, "group '%s' failed %d "
                                      "times in %.1f s: last exit: ",
                                      g->name, failed, (double)(now - since)
                                      / APR_USEC_PER_SEC);
            then = apr_psprintf(sup.pconf, "starting a new process in %d s "
                                "(back-off: each of those processes ended "
                                "within 5 s of its start)", delay);
        }
        /* A first unconfirmed claim costs nothing yet (it may be
         * confirmed at the next death): not an error until the back-off. */
        int level = planned ? APLOG_INFO
                    : doubt && !delay ? APLOG_NOTICE : APLOG_ERR;
        ap_log_error(APLOG_MARK, level, 0, sup.s,
                     GWLOGNO(02002) "%sdaemon process %ld%s %s after %"
                     APR_TIME_T_FMT " ms%s%s; %s", group_line ? group_line
                     : "", (long)pr->proc.pid, group_line ? ""
                     : apr_psprintf(sup.pconf, " of group '%s'", g->name),
                     how, apr_time_as_msec(lived), doubt ? ", " : "",
                     doubt ? doubt : "", then);
        apr_cpystrn(pr->status->last_exit, how, sizeof(pr->status->last_exit));
        pr->status->ended[gw_slots_end_cause(reason == APR_OC_REASON_LOST,
                                             killed, !exited, planned,
                                             num)]++;
        proc_start(pr, delay);
        /* New code for the web processes: the group's attached daemons
         * get it too (parent/gw_attach.h). */
        if (planned && num == GW_EXIT_RELOAD)
            gw_attach_code_check(g);
        break;
    case APR_OC_REASON_RESTART:
    case APR_OC_REASON_UNREGISTER:
    case APR_OC_REASON_UNWRITABLE:
    case APR_OC_REASON_RUNNING:
    default:
        break;
    }
}

/* The new process gets the older of the two records in seen[]; the
 * other one, its predecessor's, keeps counting what is still read from
 * it.  Its pid goes in last: a child that finds it finds fresh counts. */
static void seen_reset(gw_proc *pr)
{
    gw_seen *e;

    pr->seen_idx = !pr->seen_idx;
    e = &pr->status->seen[pr->seen_idx];
    __atomic_store_n(&e->pid, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->taken, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->refused, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->started, pr->started, __ATOMIC_RELAXED);
    __atomic_store_n(&e->pid, pr->proc.pid, __ATOMIC_RELEASE);
    pr->status->seen_cur = pr->seen_idx;
}

static void proc_start(gw_proc *pr, int delay)
{
    /* The slot's status segment, cleared for the new process (fd 5). */
    int status_fd = gw_scoreboard_slot_start(pr->group, pr->slot);
    int log_fd, log_rfd = gw_logger_pipe_open("a daemon process",
                                              pr->group->name, &log_fd);
    if (log_rfd < 0)
        return;
    apr_status_t rv = apr_proc_fork(&pr->proc, sup.pconf);

    if (rv == APR_INCHILD)
        gw_spawn_exec(pr->group, sup.exe_fd, status_fd, log_fd, delay,
                      sup.parent);
    gw_logger_pipe_attach(log_rfd, log_fd, rv == APR_INPARENT
                          ? pr->proc.pid : 0, GW_LOGCTL_KIND_DAEMON,
                          pr->group->name);
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, sup.s, GWLOGNO(02003)
                     "cannot fork a daemon process for group '%s'",
                     pr->group->name);
        return;
    }
    pr->started = apr_time_now() + apr_time_from_sec(delay);
    pr->running = 1;
    seen_reset(pr);
    pr->status->early_deaths = pr->early_deaths;
    pr->status->started = pr->started;
    pr->status->pid = pr->proc.pid;
    pr->status->stuck_since = 0;
    pr->killed_for = NULL;
    gw_exitinfo_watch(pr->proc.pid);
    apr_proc_other_child_register(&pr->proc, proc_maintenance, pr, NULL,
                                  sup.pconf);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02004)
                 "started daemon process %ld of group '%s' (user %s, "
                 "socket %s)", (long)pr->proc.pid, pr->group->name,
                 pr->group->user_name, pr->group->socket_path);
}

/* ---- stopping ---------------------------------------------------------- */

/* Apache's stop: how one of its processes ended (reaped, st: see
 * gw_spawn_reap_try). */
static void reaped(pid_t pid, const char *group, int how_reaped, int st,
                   const char *killed_for)
{
    const char *how = gw_spawn_describe_wait(sup.s->process->pool,
                                             how_reaped, st);

    ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02020)
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
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, sup.s,
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
    gw_kept *k = gw_kept_get(sup.s);
    int exiting = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_EXITING;

    if (getpid() != sup.parent)
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
    pid_t *pids = apr_pcalloc(sup.s->process->pool, sizeof(pid_t) * n + 1);
    apr_time_t *dl = apr_pcalloc(sup.s->process->pool,
                                 sizeof(apr_time_t) * n + 1);
    const char **names = apr_pcalloc(sup.s->process->pool,
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
    gw_sockets_remove_all(sup.s);
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
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02011)
                 "retired daemon process %ld of group '%s' (earlier "
                 "configuration) %s", (long)rt->pid, rt->group,
                 reason == APR_OC_REASON_LOST ? "was lost"
                 : death_text(sup.pconf, NULL, end, num,
                              rt->deadline == APR_INT64_MAX
                              ? "graceful-timeout passed"
                              : NULL));
    rt->pid = 0;
}

/* The new generation watches the processes the old one retired; the
 * callback must be registered again because this module was reloaded. */
static void retired_adopt(apr_pool_t *pconf)
{
    gw_kept *k = gw_kept_get(sup.s);
    gw_kept_retired *rv = (gw_kept_retired *)k->retired->elts;

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

/* A process whose request passed request-timeout recycles itself (its
 * watchdog); one that cannot (stopped, or its watchdog starved) is killed
 * here once it has had shutdown-timeout more to do so.  Only pids the
 * parent itself started are ever signalled. */
static void kill_stuck(void)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;
    apr_time_t now = apr_time_now();

    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        for (int j = 0; g->procs && j < g->processes; j++) {
            gw_proc *pr = &g->procs[j];
            apr_time_t since = pr->status->stuck_since;
            if (!pr->running || !since || pr->status->pid != pr->proc.pid
                || now < since + g->shutdown_timeout + apr_time_from_sec(2))
                continue;
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, sup.s, GWLOGNO(02014)
                         "daemon process %ld of group '%s' did not recycle "
                         "itself after a request passed request-timeout "
                         "(stopped, or hung where its watchdog cannot act); "
                         "killing it", (long)pr->proc.pid, g->name);
            pr->killed_for = "request-timeout passed and it did not "
                             "recycle itself";
            kill(pr->proc.pid, SIGKILL);
            pr->status->stuck_since = 0;    /* reaped and restarted */
        }
    }
}

/* monitor hook: stuck processes and retired ones past their
 * graceful-timeout are killed. */
void gw_supervisor_monitor(void)
{
    gw_kept_retired *rv;
    gw_kept *k;

    if (!sup.s || getpid() != sup.parent)
        return;
    if (gw_global)
        kill_stuck();
    gw_attach_monitor();
    gw_logger_monitor();
    k = gw_kept_get(sup.s);
    rv = (gw_kept_retired *)k->retired->elts;
    for (int i = 0; i < k->retired->nelts; i++) {
        if (rv[i].pid && apr_time_now() >= rv[i].deadline) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, sup.s, GWLOGNO(02012)
                         "retired daemon process %ld of group '%s' still "
                         "runs requests after graceful-timeout; killing it",
                         (long)rv[i].pid, rv[i].group);
            kill(rv[i].pid, SIGKILL);
            rv[i].deadline = APR_INT64_MAX;  /* reaped by the MPM */
        }
    }
}

/* ---- starting ---------------------------------------------------------- */

static apr_status_t delegation_cleanup(void *data)
{
    gw_group *g = data;
    if (g->delegation_fd >= 0)
        close(g->delegation_fd);
    g->delegation_fd = -1;
    return APR_SUCCESS;
}

/* g's hand-over text (proto/gw_handover.h), from p: its options (the
 * option table, module/gw_options.c), what the parent adds, the scripts
 * delegated to it and its WSGIImportScript lines.  NULL after logging. */
static const char *handover_text(apr_pool_t *p, server_rec *s, gw_group *g)
{
    apr_array_header_t *del = gw_config_delegated(p, s, g);
    apr_array_header_t *scripts = apr_array_make(p, 4, sizeof(char *));
    apr_array_header_t *dirs = apr_array_make(p, 4, sizeof(char *));
    apr_array_header_t *imports = apr_array_make(p, 2, sizeof(char *));
    gw_import_script *im = (gw_import_script *)gw_global->imports->elts;
    gw_handover h;
    const char *bad = NULL;

    memset(&h, 0, sizeof(h));
    gw_options_handover(g, &h);
    h.group = g->name;
    h.multiprocess = g->multiprocess;
    h.peer_uid = (long long)g->socket_uid;
    /* The daemon waits for its requests up to the longer timeout; the
     * supervisor enforces the one that applies (stop or reload). */
    h.shutdown_timeout = apr_time_sec(g->shutdown_timeout > g->graceful_timeout
                                      ? g->shutdown_timeout
                                      : g->graceful_timeout);
    h.log_level = sup.log_level;
    h.script_reloading = gw_global->script_reloading;
    /* mod_wsgi's Python settings (module/gw_compat.h) */
    h.python_eggs = g->python_eggs;
    h.python_optimize = gw_python->optimize < 0 ? 0 : gw_python->optimize;
    h.python_hash_seed = gw_python->hash_seed;
    h.python_warnings = gw_python->warnings->nelts
        ? apr_array_pstrcat(p, gw_python->warnings, '\t') : NULL;
    h.dont_write_bytecode = gw_python->dont_write_bytecode == 1;
    h.restrict_stdin = gw_python->restrict_stdin == 1;
    h.restrict_stdout = gw_python->restrict_stdout == 1;
    h.restrict_signal = gw_python->restrict_signal != 0;
    h.secret = g->secret;
    for (int i = 0; i < del->nelts; i++) {
        const char *line = APR_ARRAY_IDX(del, i, const char *);
        if (!strncmp(line, "script-dir ", 11))
            APR_ARRAY_PUSH(dirs, const char *) = line + 11;
        else if (!strncmp(line, "script ", 7))
            APR_ARRAY_PUSH(scripts, const char *) = line + 7;
    }
    for (int i = 0; i < gw_global->imports->nelts; i++)
        if (!strcmp(im[i].process_group, g->name))
            APR_ARRAY_PUSH(imports, const char *) = apr_pstrcat(p,
                im[i].application_group, "\t", im[i].path, NULL);
    h.scripts = (const char **)scripts->elts;
    h.nscripts = (size_t)scripts->nelts;
    h.script_dirs = (const char **)dirs->elts;
    h.nscript_dirs = (size_t)dirs->nelts;
    h.imports = (const char **)imports->elts;
    h.nimports = (size_t)imports->nelts;
    char *text = gw_handover_format(&h, &bad);
    if (!text) {
        if (bad)
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02016)
                         "daemon group '%s': its %s setting is out of what "
                         "the hand-over carries (a bug: the option table "
                         "bounds it)", g->name, bad);
        return NULL;
    }
    const char *copy = apr_pstrdup(p, text);
    free(text);
    return copy;
}

/* The hand-over (proto/gw_handover.h): g's settings, its socket's
 * secret and the scripts delegated to g, in a sealed memfd the daemon
 * gets as fd 4; nothing of it in argv or the environment, which ps and
 * /proc/PID/environ show. */
static const char *delegation_create(apr_pool_t *p, server_rec *s,
                                     gw_group *g)
{
    const char *text = handover_text(p, s, g);
    if (!text)
        return "out of memory, or a setting the hand-over cannot carry "
               "(see the line before)";
    const char *err;
    int fd = gw_memfd_private(p, "gateway-delegation", &err);
    if (fd < 0)
        return err;
    g->delegation_fd = fd;
    apr_pool_cleanup_register(p, g, delegation_cleanup,
                              apr_pool_cleanup_null);
    /* Sealed: a daemon (running the app's code) cannot rewrite what its
     * sibling processes will read at their next start. */
    return gw_memfd_fill_seal(p, fd, text, strlen(text), F_SEAL_SHRINK
                              | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
}

static apr_status_t exe_cleanup(void *data)
{
    (void)data;
    if (sup.exe_fd >= 0)
        close(sup.exe_fd);
    sup.exe_fd = -1;
    return APR_SUCCESS;
}

/* gateway-daemon, opened for fexecve; -1 after logging. */
static int daemon_exe_open(server_rec *s)
{
    const char *why;
    int fd = gw_exe_open(gw_global->daemon_path, 0, &why);

    if (fd < 0)
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02006)
                     "daemon executable %s: %s; run 'make install' or set "
                     "GatewayDaemonPath", gw_global->daemon_path, why);
    return fd;
}

int gw_supervisor_preflight(apr_pool_t *p, server_rec *s)
{
    const char *err;

    if (gw_global->groups->nelts == 0)
        return OK;
    if ((err = gw_socketdir_check(p, gw_global->socket_prefix))) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02007) "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if ((err = gw_socketdir_check_ancestors(p, gw_global->socket_prefix))) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02110) "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    int fd = daemon_exe_open(s);
    if (fd < 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    close(fd);
    return gw_logger_preflight(p, s);
}

static int open_daemon_exe(apr_pool_t *p, server_rec *s)
{
    /* Opened here, as root, and started with fexecve after the privilege
     * drop: the daemon user needs no search right on the install path. */
    sup.exe_fd = daemon_exe_open(s);
    if (sup.exe_fd < 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    apr_pool_cleanup_register(p, NULL, exe_cleanup, apr_pool_cleanup_null);
    return OK;
}

int gw_supervisor_start(apr_pool_t *pconf, server_rec *s)
{
    apr_array_header_t *groups = gw_global->groups;
    gw_group **gs = (gw_group **)groups->elts;
    const char *err;
    apr_size_t nslots = 0;

    sup.pconf = pconf;
    sup.s = s;
    sup.parent = getpid();
    gw_global->parent_pid = sup.parent;
    sup.exe_fd = -1;
    sup.log_level = gw_spawn_log_level(s);
    /* Before any process is started or adopted (gw_exitinfo.h). */
    gw_exitinfo_start(pconf);
    retired_adopt(pconf);
    if (groups->nelts == 0) {
        /* Processes of earlier generations may still be writing. */
        if (gw_logger_start(pconf, s, 0) != OK)
            return HTTP_INTERNAL_SERVER_ERROR;
        gw_sockets_prune(s);
        apr_pool_cleanup_register(pconf, groups, generation_end,
                                  apr_pool_cleanup_null);
        /* Still called: attached daemons of a removed group must stop. */
        return gw_attach_start(pconf, s);
    }

    gw_kept_get(s)->generation++;
    if (gw_supervisor_preflight(pconf, s) != OK
        || open_daemon_exe(pconf, s) != OK
        || gw_logger_start(pconf, s, 1) != OK)
        return HTTP_INTERNAL_SERVER_ERROR;
    for (int i = 0; i < groups->nelts; i++) {
        gw_group *g = gs[i];
        if ((err = gw_sockets_attach(pconf, s, g))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02008)
                         "daemon group '%s' (%s): %s", g->name,
                         g->defined_at, err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if ((err = delegation_create(pconf, s, g))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02015)
                         "daemon group '%s' (%s): cannot make its hand-over "
                         "memfd: %s", g->name,
                         g->defined_at, err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        g->procs = apr_pcalloc(pconf, sizeof(gw_proc) * (size_t)g->processes);
        nslots += g->processes;
    }
    gw_sockets_prune(s);

    apr_shm_t *shm;
    apr_status_t rv = apr_shm_create(&shm, sizeof(gw_slot_status) * nslots,
                                     NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GWLOGNO(02009)
                     "cannot create shared memory for %lu daemon process "
                     "slots", (unsigned long)nslots);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    gw_slot_status *slots = apr_shm_baseaddr_get(shm);
    memset(slots, 0, sizeof(gw_slot_status) * nslots);
    for (int i = 0; i < groups->nelts; i++) {
        gs[i]->slots = slots;
        for (int j = 0; j < gs[i]->processes; j++)
            gs[i]->procs[j].status = slots++;
    }

    /* The daemons' status segments (proto/gw_scoreboard.h), before the
     * first process and the MPM's children. */
    gw_scoreboard_create(pconf, s);

    /* Registered after the delegation and exe cleanups, so it runs before
     * them. */
    apr_pool_cleanup_register(pconf, groups, generation_end,
                              apr_pool_cleanup_null);
    for (int i = 0; i < groups->nelts; i++) {
        for (int j = 0; j < gs[i]->processes; j++) {
            gs[i]->procs[j].group = gs[i];
            gs[i]->procs[j].slot = j;
            proc_start(&gs[i]->procs[j], 0);
        }
    }
    /* Attached daemons (WSGIAttachDaemon, parent/gw_attach.c), after the
     * groups' processes; registers its own pconf cleanup. */
    return gw_attach_start(pconf, s);
}

void gw_supervisor_child_init(void)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    for (int i = 0; i < gw_global->groups->nelts; i++) {
        if (gs[i]->listen_fd >= 0)
            close(gs[i]->listen_fd);
        gs[i]->listen_fd = -1;
        if (gs[i]->delegation_fd >= 0)
            close(gs[i]->delegation_fd);
        gs[i]->delegation_fd = -1;
    }
    gw_scoreboard_child_init();
    gw_exitinfo_child_init();
    gw_logger_child_init();
    if (sup.exe_fd >= 0)
        close(sup.exe_fd);
    sup.exe_fd = -1;
}
