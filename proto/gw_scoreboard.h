/*
 * gw_scoreboard.h - the status of each daemon process, for the
 * gateway-status page and mod_status (module/gw_status.c).
 *
 * Two kinds of record, with two owners, kept apart on purpose:
 *
 *  - What the Apache parent knows for certain (the slot's pid, when it
 *    started, how its last process ended, the configuration generation):
 *    gw_slot_status in parent/gw_supervisor.c, anonymous shared memory the
 *    parent writes and its children read (the children add what they saw
 *    of each process there: START and RETRY frames, which the back-off
 *    relies on).  A daemon never sees it: exec drops every mapping it
 *    inherited.
 *
 *  - What only the daemon knows (requests taken, which worker threads are
 *    busy and since when): one small segment per process slot, laid out
 *    below.  The parent makes it in post_config (a sealed memfd: it can
 *    neither shrink nor grow), maps it read-only so that Apache children
 *    inherit the mapping, and hands it to the slot's process alone as fd 5
 *    (GW_SCOREBOARD_FD).  The daemon maps it writable and closes the fd
 *    before any application code runs.
 *
 * Apache treats every byte of a segment as hostile, and the supervisor
 * decides nothing on it: a compromised app can write anything there at
 * any time.  Readers (gw_scoreboard_read) copy
 * each value once, then check it: counts are bounded by the threads= of
 * Apache's own configuration, ages must be positive and within the
 * process's life as the parent knows it, and nothing read here is ever
 * used as a pid, a size or an unchecked index.
 *
 * No httpd or APR types: the daemon includes this too.
 */
#ifndef GW_SCOREBOARD_H
#define GW_SCOREBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "gw_fds.h"   /* GW_SCOREBOARD_FD */

/* Written by the parent whenever a process starts in the slot; a reader
 * that finds something else knows the daemon overwrote the header. */
#define GW_SB_MAGIC        0x32425347u     /* "GSB2" */

/* The largest requests count shown: JSON numbers beyond 2^53 lose
 * precision in most readers, and no process serves that many. */
#define GW_SB_COUNT_MAX    ((uint64_t)1 << 53)

typedef struct {
    uint32_t magic;              /* parent: GW_SB_MAGIC */
    uint32_t threads;            /* parent: entries in started_ms[] */
    uint64_t requests;           /* daemon: requests taken so far */
    /* daemon: 1 once its worker threads take requests (Python started,
     * WSGIImportScript run), 0 until then: "starting" on the status page,
     * and what `gateway-ctl restart --wait` waits for. */
    uint32_t ready;
    uint32_t reserved;           /* 0: started_ms[] stays 8-aligned */
    /* daemon: per worker thread, when its current request began, in ms
     * of CLOCK_MONOTONIC_COARSE (+1, never 0); 0 while it is idle. */
    int64_t started_ms[];
} gw_sb_segment;

/* Bytes of a segment for `threads` worker threads (1..1000). */
static inline size_t gw_sb_size(int threads)
{
    return offsetof(gw_sb_segment, started_ms)
           + (size_t)(threads > 0 ? threads : 1) * sizeof(int64_t);
}

#endif
