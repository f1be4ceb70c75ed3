/*
 * gw_supervisor.h - daemon process groups, seen from the Apache parent.
 *
 * Runs in the Apache parent (root): creates each group's socket, starts
 * its processes, restarts them when they die, and stops them and removes
 * the socket when the configuration is unloaded (restart or stop).
 */
#ifndef GW_SUPERVISOR_H
#define GW_SUPERVISOR_H

#include "gw_config.h"
#include "gw_slots.h"

/* post_config, both passes: what can be checked before Apache detaches
 * (socket directory, daemon executable), so `apachectl start` itself
 * fails and says why.  OK or an HTTP-style error, logged. */
int gw_supervisor_preflight(apr_pool_t *p, server_rec *s);

/* post_config, real (second) pass: returns OK or an HTTP-style error. */
int gw_supervisor_start(apr_pool_t *pconf, server_rec *s);

/* monitor hook (Apache parent, periodically): kills stuck processes (see
 * above) and processes of earlier generations that outlived their
 * graceful-timeout. */
void gw_supervisor_monitor(void);

/* child_init: an Apache child has no business with the groups' listening
 * sockets; close its inherited copies. */
void gw_supervisor_child_init(void);

#endif
