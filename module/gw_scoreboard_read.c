/*
 * gw_scoreboard_read.c - Apache children read the daemons' status
 * segments (see gw_scoreboard_read.h; the layout and the trust model:
 * proto/gw_scoreboard.h).  Runs in Apache children, for the status page.
 */
#include "gw_scoreboard_read.h"
#include "gw_clock.h"

#include <string.h>
#include <time.h>

/* The two clocks an age is checked against (the daemon's coarse
 * monotonic one for the request, the parent's wall clock for the
 * process) may disagree by this much without a value being called
 * garbage. */
#define GW_SB_SKEW_MS 1000

/* Copy, then check.  Every field is loaded exactly once (the daemon may
 * change it between two loads), into a local, and only the local is
 * judged and used.  The number of entries comes from Apache's own
 * configuration (g->threads), never from the segment, and so does the
 * mapping's size. */
void gw_scoreboard_read(apr_pool_t *p, const gw_group *g, int slot,
                        apr_time_t started, gw_sb_view *v)
{
    const gw_sb_slot *ss = g->sb && slot >= 0 && slot < g->processes
                           ? &g->sb[slot] : NULL;
    apr_int64_t now = gw_clock_coarse_ms();
    apr_int64_t life = (apr_int64_t)apr_time_as_msec(apr_time_now()
                                                     - started);

    memset(v, 0, sizeof(*v));
    v->threads = g->threads;
    v->oldest_ms = -1;
    v->busy_thread = apr_pcalloc(p, sizeof(int) * (size_t)g->threads);
    v->age_ms = apr_pcalloc(p, sizeof(apr_int64_t) * (size_t)g->threads);
    if (!ss || !ss->map || ss->size < gw_sb_size(g->threads))
        return;
    const gw_sb_segment *seg = ss->map;
    v->present = 1;
    /* No process yet, or one still in its start back-off: no request of
     * it can be in flight. */
    int no_life = started <= 0 || life < -GW_SB_SKEW_MS;

    uint32_t magic = __atomic_load_n(&seg->magic, __ATOMIC_RELAXED);
    uint32_t threads = __atomic_load_n(&seg->threads, __ATOMIC_RELAXED);
    v->header_ok = magic == GW_SB_MAGIC && threads == (uint32_t)g->threads;
    if (!v->header_ok)
        v->rejected++;

    uint64_t requests = __atomic_load_n(&seg->requests, __ATOMIC_RELAXED);
    if (requests > GW_SB_COUNT_MAX) {
        requests = GW_SB_COUNT_MAX;
        v->rejected++;
    }
    v->requests = requests;

    uint32_t ready = __atomic_load_n(&seg->ready, __ATOMIC_RELAXED);
    if (ready > 1) {
        ready = 0;
        v->rejected++;
    }
    v->ready = (int)ready;

    for (int i = 0; i < g->threads; i++) {
        int64_t t = __atomic_load_n(&seg->started_ms[i], __ATOMIC_RELAXED);
        if (t == 0)
            continue;
        /* An age must be that of a request this process could have taken:
         * not in the future, not older than the process.  t is compared,
         * never subtracted from blindly: INT64_MIN must not overflow. */
        if (no_life || t > now + GW_SB_SKEW_MS
            || t < now - life - GW_SB_SKEW_MS) {
            v->rejected++;
            continue;
        }
        apr_int64_t age = now - t;
        if (age < 0)
            age = 0;
        v->busy_thread[v->busy] = i;
        v->age_ms[v->busy] = age;
        v->busy++;
        if (age > v->oldest_ms)
            v->oldest_ms = age;
    }
}
