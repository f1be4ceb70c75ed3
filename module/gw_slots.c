/*
 * gw_slots.c - the daemon process slots as Apache children see them (see
 * gw_slots.h).  Runs in Apache children; the parent writes the records
 * (parent/gw_supervisor.c).
 */
#include "gw_slots.h"
#include "gw_backoff.h"
#include "gw_exit.h"

#include "apr_strings.h"

#include <string.h>

const char *const gw_ended_names[GW_ENDED_N] = {
    "maximum-requests", "restart-interval", "inactivity-timeout",
    "code-changed", "maximum-rss", "request-timeout", "deadlock-timeout",
    "startup-timeout", "start-failure", "graceful-signal", "killed", "signal",
    "exit", "lost"
};

gw_ended gw_slots_end_cause(int lost, int killed, int signaled, int planned,
                            int num)
{
    static const struct { int num; gw_ended why; } codes[] = {
        { GW_EXIT_MAXREQ, GW_ENDED_MAXREQ },
        { GW_EXIT_INTERVAL, GW_ENDED_INTERVAL },
        { GW_EXIT_INACTIVE, GW_ENDED_INACTIVE },
        { GW_EXIT_RELOAD, GW_ENDED_RELOAD },
        { GW_EXIT_RSS, GW_ENDED_RSS },
        { GW_EXIT_STUCK, GW_ENDED_STUCK },
        { GW_EXIT_DEADLOCK, GW_ENDED_DEADLOCK },
        { GW_EXIT_STARTUP, GW_ENDED_STARTUP },
        { GW_EXIT_USR1, GW_ENDED_USR1 },
    };

    if (lost)
        return GW_ENDED_LOST;
    if (killed)
        return GW_ENDED_KILLED;
    if (signaled)
        return GW_ENDED_SIGNAL;
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (codes[i].num == num
            && (planned || codes[i].why >= GW_ENDED_STUCK))
            return codes[i].why;
    switch (num) {
    case GW_EXIT_CONFIG: case GW_EXIT_PYTHON: case GW_EXIT_SOCKET:
    case GW_EXIT_PRIVS: case GW_EXIT_EXEC: case GW_EXIT_HOME:
    case GW_EXIT_FDS: case GW_EXIT_NOMEM:
        return GW_ENDED_START_FAILED;
    default:
        return GW_ENDED_EXIT;    /* an unconfirmed recycle claim too */
    }
}

/* Apache child: pid's record among g's processes, the current ones
 * first (a pid may be reused); NULL when it is not one of them. */
static gw_seen *seen_find(const gw_group *g, pid_t pid)
{
    for (int pass = 0; g->slots && pid > 0 && pass < 2; pass++) {
        for (int i = 0; i < g->processes; i++) {
            gw_slot_status *st = &g->slots[i];
            gw_seen *e = &st->seen[(st->seen_cur ^ pass) & 1];
            if (__atomic_load_n(&e->pid, __ATOMIC_ACQUIRE) == pid)
                return e;
        }
    }
    return NULL;
}

void gw_slots_note_start(const gw_group *g, pid_t pid)
{
    gw_seen *e = seen_find(g, pid);

    if (e)
        __atomic_fetch_add(&e->taken, 1, __ATOMIC_RELAXED);
}

void gw_slots_note_retry(const gw_group *g, pid_t pid, apr_time_t asked)
{
    gw_seen *e = seen_find(g, pid);

    /* A process started after the request was made cannot have served
     * it an old script: a legitimate reload refuses a request at most
     * once per process that was already there, and an application that
     * answers RETRY and exits 109 gains no more restarts than that. */
    if (e && __atomic_load_n(&e->started, __ATOMIC_RELAXED) <= asked)
        __atomic_fetch_add(&e->refused, 1, __ATOMIC_RELAXED);
}

void gw_slots_report_stuck(const gw_group *g, pid_t pid)
{
    for (int i = 0; g->procs && pid > 0 && i < g->processes; i++) {
        gw_slot_status *st = &g->slots[i];
        if (st->pid == pid && !st->stuck_since)
            st->stuck_since = apr_time_now();
    }
}

pid_t gw_slots_parent(void)
{
    return gw_global->parent_pid;
}

int gw_slots_info(const gw_group *g, int slot, gw_slot_info *out)
{
    memset(out, 0, sizeof(*out));
    if (!g->slots || slot < 0 || slot >= g->processes)
        return -1;
    const gw_slot_status *st = &g->slots[slot];
    out->pid = st->pid;
    out->started = st->started;
    out->early_deaths = st->early_deaths;
    out->stuck_since = st->stuck_since;
    /* The parent may be rewriting it: copy, then end it ourselves. */
    memcpy(out->last_exit, st->last_exit, sizeof(out->last_exit));
    out->last_exit[sizeof(out->last_exit) - 1] = '\0';
    for (int i = 0; i < GW_ENDED_N; i++)
        out->ended[i] = st->ended[i];
    return 0;
}

int gw_slots_group_down(const gw_group *g, apr_pool_t *p,
                             const char **why)
{
    apr_time_t now = apr_time_now();

    if (!g->slots)
        return 0;
    for (int i = 0; i < g->processes; i++) {
        const gw_slot_status *st = &g->slots[i];
        /* A slot is up unless it died early at least twice in a row and
         * its current process has not yet lived past the early window. */
        if (st->early_deaths < 2 || now >= st->started + apr_time_from_sec(GW_EARLY_DEATH_S))
            return 0;
    }
    *why = apr_pstrndup(p, g->slots[0].last_exit,
                        sizeof(g->slots[0].last_exit));
    return 1;
}

