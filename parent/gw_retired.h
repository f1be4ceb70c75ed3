/*
 * gw_retired.h - daemon processes of an ending configuration generation.
 *
 * Runs in the Apache parent (root).  When the configuration is unloaded
 * (a restart, graceful or not, or Apache's stop), every daemon process of
 * the generation gets SIGTERM.  On a restart it is retired: listed in the
 * parent's kept memory (gw_kept.h), watched by the next generation until
 * it exits, killed once its graceful-timeout is over.  At Apache's stop
 * the parent waits for every process of every generation (up to its
 * shutdown-timeout) and removes the sockets.
 */
#ifndef GW_RETIRED_H
#define GW_RETIRED_H

#include "gw_config.h"

/* post_config (real pass), after gw_exitinfo_start and before any
 * process is started: this generation watches the processes earlier ones
 * retired (the module was reloaded, and their callbacks with it).
 * parent: the Apache parent's pid (a child running pconf's cleanups does
 * nothing). */
void gw_retired_adopt(apr_pool_t *pconf, server_rec *s, pid_t parent);

/* Registers, in pconf, the end of this generation for the processes of
 * groups (each group's g->procs, gw_proc.h; the array may be empty):
 * retired on a restart, stopped with every retired one and the sockets removed when
 * Apache exits.  Pool cleanups run last-registered first: register it
 * after whatever it must run before. */
void gw_retired_on_unload(apr_pool_t *pconf, apr_array_header_t *groups);

/* monitor hook (Apache parent): retired processes still running after
 * their graceful-timeout are killed. */
void gw_retired_monitor(void);

#endif
