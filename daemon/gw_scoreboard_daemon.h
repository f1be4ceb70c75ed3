/*
 * gw_scoreboard_daemon.h - a daemon process publishing its own counters
 * (the layout and who trusts what: proto/gw_scoreboard.h).
 *
 * Runs in the daemon.  The segment is write-only from here: nothing the
 * daemon decides depends on what it holds (the watchdog keeps its own
 * copy), so whatever the application scribbles into it changes only what
 * the status page shows for this one process.
 */
#ifndef GW_SCOREBOARD_DAEMON_H
#define GW_SCOREBOARD_DAEMON_H

#include "gw_scoreboard.h"
#include "gw_clock.h"

#include <time.h>

/* The mapped segment, or NULL when there is none (then every call below
 * does nothing). */
extern gw_sb_segment *gw_sbd_segment;

/* Main thread, before Python starts: maps fd 5 (GW_SCOREBOARD_FD) if the
 * supervisor handed one over for `threads` workers, and closes the fd
 * either way.  Never fails: without a segment the process just reports
 * nothing (logged). */
void gw_sbd_attach(int threads);

/* Worker i (0 <= i < threads) took a connection / is done with it.
 * Relaxed atomic stores: readers only want each value whole. */
static inline void gw_sbd_begin(int i)
{
    gw_sb_segment *s = gw_sbd_segment;
    if (!s)
        return;
    __atomic_store_n(&s->started_ms[i], gw_clock_coarse_ms(), __ATOMIC_RELAXED);
    __atomic_fetch_add(&s->requests, 1, __ATOMIC_RELAXED);
}

/* Main thread, once the workers take requests. */
static inline void gw_sbd_ready(void)
{
    gw_sb_segment *s = gw_sbd_segment;
    if (s)
        __atomic_store_n(&s->ready, 1, __ATOMIC_RELAXED);
}

static inline void gw_sbd_end(int i)
{
    gw_sb_segment *s = gw_sbd_segment;
    if (s)
        __atomic_store_n(&s->started_ms[i], 0, __ATOMIC_RELAXED);
}

#endif
