/*
 * gw_status_model.c - one snapshot of every daemon group (see
 * gw_status_model.h).  Runs in Apache children and in the control
 * process.
 */
#include "gw_status_model.h"

#include "apr_strings.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Totals stay within what one process may show (GW_SB_COUNT_MAX): many
 * clamped values must not add up past 2^64. */
static apr_uint64_t sum_add(apr_uint64_t a, apr_uint64_t b)
{
    return a >= GW_SB_COUNT_MAX || b >= GW_SB_COUNT_MAX - a
           ? GW_SB_COUNT_MAX : a + b;
}

/* The resident set of a running daemon process, from /proc/PID/statm
 * (readable by every user, as ps shows it); -1 when unreadable (gone, or
 * /proc mounted with hidepid=). */
static apr_int64_t rss_of(pid_t pid)
{
    char path[40];
    unsigned long size, resident;

    snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    int n = fscanf(f, "%lu %lu", &size, &resident);
    fclose(f);
    if (n != 2)
        return -1;
    return (apr_int64_t)resident * (apr_int64_t)sysconf(_SC_PAGESIZE);
}

void gw_status_model_build(apr_pool_t *p, gw_status_model *m)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;
    apr_time_t now = apr_time_now();

    memset(m, 0, sizeof(*m));
    m->generation = gw_global->generation;
    m->ngroups = gw_global->groups->nelts;
    m->groups = apr_pcalloc(p, sizeof(gw_status_group)
                               * (size_t)(m->ngroups + 1));
    for (int i = 0; i < m->ngroups; i++) {
        gw_status_group *sg = &m->groups[i];
        sg->g = gs[i];
        sg->procs = apr_pcalloc(p, sizeof(gw_status_proc)
                                   * (size_t)gs[i]->processes);
        for (int j = 0; j < gs[i]->processes; j++) {
            gw_status_proc *pr = &sg->procs[j];
            pr->slot = j;
            pr->uptime_ms = -1;
            pr->rss_bytes = -1;
            if (gw_slots_info(gs[i], j, &pr->info) != 0
                || pr->info.pid <= 0) {
                memset(&pr->info, 0, sizeof(pr->info));
                pr->state = "not started";
            }
            else if (pr->info.started > now)
                pr->state = "back-off";
            else {
                pr->state = pr->info.stuck_since ? "stuck" : "running";
                pr->uptime_ms = apr_time_as_msec(now - pr->info.started);
                pr->rss_bytes = rss_of(pr->info.pid);
                m->running++;
            }
            gw_scoreboard_read(p, gs[i], j,
                               pr->info.pid > 0 ? pr->info.started : 0,
                               &pr->sbv);
            /* Only a segment with the parent's header can say "not yet";
             * without one, running is all that is known. */
            if (!strcmp(pr->state, "running") && pr->sbv.present
                && pr->sbv.header_ok && !pr->sbv.ready)
                pr->state = "starting";
            sg->busy += pr->sbv.busy;
            sg->idle += pr->uptime_ms >= 0 ? pr->sbv.threads - pr->sbv.busy
                                           : 0;
            sg->requests = sum_add(sg->requests, pr->sbv.requests);
            sg->rejected += pr->sbv.rejected;
        }
        m->busy += sg->busy;
        m->idle += sg->idle;
        m->requests = sum_add(m->requests, sg->requests);
    }
}
