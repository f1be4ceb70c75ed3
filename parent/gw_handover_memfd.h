/*
 * gw_handover_memfd.h - a group's hand-over, as the Apache parent makes
 * it for the group's daemon processes.
 *
 * Runs in the Apache parent (root), in post_config.  The text
 * (proto/gw_handover.h) carries g's settings, its socket's secret, the
 * scripts delegated to g and its WSGIImportScript lines; it goes in a
 * sealed memfd (gw_memfd.h) every process of the group gets as fd 4, so
 * nothing of it is in argv or the environment, which ps and
 * /proc/PID/environ show.
 */
#ifndef GW_HANDOVER_MEMFD_H
#define GW_HANDOVER_MEMFD_H

#include "gw_config.h"

/* Makes g's hand-over memfd, from p, as g->delegation_fd (closed by a
 * cleanup of p).  log_level: the lowest level its processes write
 * (gw_spawn_log_level).  NULL, or what went wrong (a line naming a
 * setting the hand-over cannot carry is logged before). */
const char *gw_handover_memfd_create(apr_pool_t *p, server_rec *s,
                                     gw_group *g, int log_level);

#endif
