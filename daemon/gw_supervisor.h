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

/* post_config, real (second) pass: returns OK or an HTTP-style error. */
int gw_supervisor_start(apr_pool_t *pconf, server_rec *s);

/* child_init: an Apache child has no business with the groups' listening
 * sockets; close its inherited copies. */
void gw_supervisor_child_init(void);

#endif
