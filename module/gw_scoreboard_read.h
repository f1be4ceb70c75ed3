/*
 * gw_scoreboard_read.h - the daemons' status segments as Apache children
 * read them (the layout and who trusts what: proto/gw_scoreboard.h; the
 * parent makes them: parent/gw_scoreboard_parent.h).
 */
#ifndef GW_SCOREBOARD_READ_H
#define GW_SCOREBOARD_READ_H

#include "gw_config.h"
#include "gw_scoreboard.h"

/* One process slot's segment (g->sb[slot]): made and mapped read-only by
 * the parent in post_config, so every Apache child inherits the mapping. */
struct gw_sb_slot {
    int fd;                        /* parent only; -1 in children */
    const gw_sb_segment *map;      /* read-only; NULL: no segment */
    size_t size;                   /* gw_sb_size(threads): our own number */
};

/* What a segment says once checked.  Everything here is bounded: busy is
 * 0..threads, each age 0..the process's life, requests at most
 * GW_SB_COUNT_MAX; rejected counts the values that were not. */
typedef struct {
    int present;          /* the slot has a segment */
    int header_ok;        /* magic and threads as the parent wrote them */
    apr_uint64_t requests;
    int ready;            /* the daemon says it takes requests (0 or 1) */
    int threads;          /* Apache's threads= for the group */
    int busy;
    int *busy_thread;     /* busy of them: worker index, ascending */
    apr_int64_t *age_ms;  /* and the age of its request */
    apr_int64_t oldest_ms; /* the largest age, -1 when none is busy */
    int rejected;
} gw_sb_view;

/* Apache child: a checked snapshot of slot `slot` of g, whose current
 * process the parent says started at `started` (gw_slot_info).  Each
 * value of the segment is read once; arrays come from p. */
void gw_scoreboard_read(apr_pool_t *p, const gw_group *g, int slot,
                        apr_time_t started, gw_sb_view *v);

#endif
