/*
 * gw_scoreboard_parent.h - the daemons' status segments, made by the
 * Apache parent (the layout and who trusts what: proto/gw_scoreboard.h).
 *
 * The Apache parent (root) makes one segment per process slot in
 * post_config (g->sb), clears it and hands it over at each start of the
 * slot's process; Apache children read them, read-only, for the status
 * page (module/gw_scoreboard_read.h).
 */
#ifndef GW_SCOREBOARD_PARENT_H
#define GW_SCOREBOARD_PARENT_H

#include "gw_scoreboard_read.h"

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

#endif
