/*
 * gw_deathcause.h - how a daemon process ended, in words, and whether the
 * planned recycle it claims is borne out.
 *
 * Apache parent (root), when the MPM reports a daemon process dead
 * (gw_supervisor.c) or a retired one (gw_retired.c).  The words go in the
 * supervisor's log lines and the slot's last_exit (the status page); the
 * judgement decides whether a young process's death counts toward the
 * back-off (proto/gw_backoff.h).
 */
#ifndef GW_DEATHCAUSE_H
#define GW_DEATHCAUSE_H

#include "gw_config.h"
#include "gw_exitinfo.h"
#include "gw_proc.h"
#include "gw_slots.h"

/* How a process of g (NULL: a group no longer configured) ended, in
 * words: the kernel's (how != GW_END_UNKNOWN, see gw_exitinfo.h) or the
 * MPM's number, and what the supervisor knows on top: that it killed the
 * process itself (killed_for, or NULL), or the group's memory limits when
 * they may be the cause.  From p. */
const char *gw_deathcause_text(apr_pool_t *p, const gw_group *g,
                               gw_end_how how, int num,
                               const char *killed_for);

/* Whether exit status num claims a planned recycle (maximum-requests,
 * restart-interval, inactivity-timeout, a reload, maximum-rss). */
int gw_deathcause_is_recycle(int num);

/* Whether the recycle a process of g claimed by exiting with num after
 * living `lived` is borne out by e, what Apache children saw of it. */
int gw_deathcause_recycle_confirmed(const gw_group *g, int num,
                                    apr_time_t lived, gw_seen *e);

/* Why the claim was not confirmed, for the log line ("but ..."). */
const char *gw_deathcause_recycle_doubt(apr_pool_t *p, const gw_group *g,
                                        int num, gw_seen *e);

/* The slot's previous process left a doubt (pr->doubt_num): judged
 * again with what was counted since; confirmed, it leaves no early death
 * behind.  The doubt is cleared either way. */
void gw_deathcause_settle_doubt(gw_proc *pr);

#endif
