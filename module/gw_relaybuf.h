/*
 * gw_relaybuf.h - the Apache child's relay buffers: the link's read buffer
 * and the buffers response bodies are received into (GW_LINK_BUF bytes
 * each), shared by the child's threads and handed back to the kernel
 * once they have gone unused for a second.
 *
 * Runs in Apache children.  Why not pools or the bucket allocator: memory
 * freed into those stays with the connection's allocator (up to
 * MaxMemFree, 2 MiB, per connection pool the MPM recycles), so a child
 * that relayed a few large responses kept megabytes sized for them for
 * good.  Here a burst costs what it needs while it lasts, and an idle
 * child keeps none.
 */
#ifndef GW_RELAYBUF_H
#define GW_RELAYBUF_H

#include "apr_pools.h"

/* In child_init: starts the thread that returns unused buffers (without
 * it, buffers are still shared, and kept up to a bound). */
void gw_relaybuf_child_init(apr_pool_t *pchild);

/* A buffer of GW_LINK_BUF bytes (its contents undefined); never NULL
 * (out of memory aborts the child, as APR's allocators do). */
void *gw_relaybuf_get(void);

/* Gives a buffer of gw_relaybuf_get back; NULL is ignored.  Usable as a
 * heap bucket's free function, from any thread, at any time. */
void gw_relaybuf_put(void *buf);

#endif
