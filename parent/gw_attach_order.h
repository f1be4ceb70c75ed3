/*
 * gw_attach_order.h - the order among a group's attached daemons: an
 * entry of a worker file (module/gw_workerfile_config.h) names with
 * after= the entries that must run before it.  These are the questions
 * parent/gw_attach.c asks before it starts, restarts or stops one:
 *  - start: a record starts once every record it runs after is running
 *    (not being restarted), GW_ATTACH_ORDER_SETTLE_S after their start;
 *  - stop (a restart, Apache's stop): a record is sent its stop signal
 *    only once every record that runs after it and is being stopped too
 *    has exited, so a task that needs it can finish.
 * Queries only, on the records of gw_global->attached and their kept
 * state.  Runs in the Apache parent.
 */
#ifndef GW_ATTACH_ORDER_H
#define GW_ATTACH_ORDER_H

#include "gw_attach.h"

/* A process cannot tell the parent it is ready: what runs after it
 * starts this long after it (whole seconds: the spawn's delay). */
#define GW_ATTACH_ORDER_SETTLE_S 1

/* Group g's attached daemon called name (not dropped), or NULL. */
gw_attach *gw_attach_order_find(const gw_group *g, const char *name);

/* Whether a names b in its after=. */
int gw_attach_order_after(const gw_attach *a, const gw_attach *b);

/* Whether a may start at now: 1, with *wait the seconds until each
 * record it runs after has run GW_ATTACH_ORDER_SETTLE_S (0: at once) and
 * *because the one that takes longest (NULL when none); 0 when one of
 * them is not running or is being restarted, *because its name. */
int gw_attach_order_ready(const gw_attach *a, apr_time_t now, int *wait,
                          const char **because);

/* Whether a record that runs after a is still alive and being stopped:
 * then a must wait for it (*because its name). */
int gw_attach_order_held(const gw_attach *a, const char **because);

#endif
