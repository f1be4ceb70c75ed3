/*
 * gw_deathcause.c - how a daemon process ended, in words, and whether the
 * planned recycle it claims is borne out.
 *
 * Runs in the Apache parent (root), in the MPM's main loop, when a daemon
 * process of the current or an earlier generation is reported dead.
 */
#include "gw_deathcause.h"
#include "gw_exit.h"
#include "gw_spawn.h"

#include "apr_strings.h"

#include <signal.h>

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

const char *gw_deathcause_text(apr_pool_t *p, const gw_group *g,
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

/* A process that ends within GW_EARLY_DEATH_S (proto/gw_backoff.h) of
 * its start is an early death, and two in a row start the back-off
 * (gw_supervisor.c counts them), whatever the process says: its exit
 * status is the application's to choose (os._exit(103)).
 * A status claiming a planned recycle is believed only when what the
 * parent and Apache's children observed bears it out, so a recycle the
 * configuration asks for stays immediate and a crash loop dressed as one
 * is still spaced out.  The daemons' own status segments
 * (gw_scoreboard.h) are not asked: the application writes them. */

int gw_deathcause_is_recycle(int num)
{
    return num == GW_EXIT_MAXREQ || num == GW_EXIT_INTERVAL
           || num == GW_EXIT_INACTIVE || num == GW_EXIT_RELOAD
           || num == GW_EXIT_RSS;
}

int gw_deathcause_recycle_confirmed(const gw_group *g, int num,
                                    apr_time_t lived, gw_seen *e)
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

const char *gw_deathcause_recycle_doubt(apr_pool_t *p, const gw_group *g,
                                        int num, gw_seen *e)
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
void gw_deathcause_settle_doubt(gw_proc *pr)
{
    gw_seen *e = &pr->status->seen[!pr->seen_idx];

    if (pr->doubt_num
        && gw_deathcause_recycle_confirmed(pr->group, pr->doubt_num,
                                           pr->doubt_lived, e))
        pr->early_deaths = 0;
    pr->doubt_num = 0;
}

