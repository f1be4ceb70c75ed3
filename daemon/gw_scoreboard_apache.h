/*
 * gw_scoreboard_apache.h - the daemons' status segments seen from Apache
 * (the layout and who trusts what: daemon/gw_scoreboard.h).
 *
 * The Apache parent (root) makes one segment per process slot in
 * post_config, clears it and hands it over at each start of the slot's
 * process; Apache children read them, read-only, for the status page
 * (module/gw_status.c).
 */
#ifndef GW_SCOREBOARD_APACHE_H
#define GW_SCOREBOARD_APACHE_H

#include "gw_config.h"
#include "gw_scoreboard.h"

/* Apache parent, post_config (real pass), before any process starts and
 * before the MPM forks its children (which inherit the read-only
 * mappings).  A slot whose segment cannot be made runs without one
 * (logged, GW02080): the status page is not worth refusing to start. */
void gw_scoreboard_create(apr_pool_t *pconf, server_rec *s);

/* Apache parent, just before forking the process of `slot` of g: clears
 * the segment (the last process's counters are gone with it) and returns
 * the descriptor for the new process's fd 5, or -1 when there is none. */
int gw_scoreboard_slot_start(const gw_group *g, int slot);

/* child_init: an Apache child needs only the mappings, not the fds. */
void gw_scoreboard_child_init(void);

/* The configuration generation the segments belong to (1 for the first
 * start, +1 at each restart or graceful restart). */
unsigned long gw_scoreboard_generation(void);

/* What a segment says once checked.  Everything here is bounded: busy is
 * 0..threads, each age 0..the process's life, requests at most
 * GW_SB_COUNT_MAX; rejected counts the values that were not. */
typedef struct {
    int present;          /* the slot has a segment */
    int header_ok;        /* magic and threads as the parent wrote them */
    apr_uint64_t requests;
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
