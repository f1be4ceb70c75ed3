/*
 * gw_linkpool.h - links to daemon groups kept open between requests, in
 * each Apache child.
 *
 * A response that ends with END_KEEP (gw_proto.h) leaves its connection
 * at a request boundary; the handler gives it back here and the next
 * request to the same group takes it instead of connecting again.  The
 * links are plain descriptors, not apr_socket_t: an APR socket belongs to
 * a pool, and these outlive every request pool.  Idle links per group are
 * bounded by the child's thread count (no more can be in use at once).
 * A link the daemon closed meanwhile is only found out when it is used:
 * the handler then connects afresh (nothing was taken before START).
 */
#ifndef GW_LINKPOOL_H
#define GW_LINKPOOL_H

#include "gw_config.h"

/* child_init: an empty set of idle links for every group. */
void gw_linkpool_child_init(apr_pool_t *pchild);

/* An idle link to g, or -1 when there is none. */
int gw_linkpool_take(gw_group *g);

/* fd is at a request boundary: kept for the next request to g, or closed
 * when g has enough idle links already. */
void gw_linkpool_give(gw_group *g, int fd);

#endif
