/*
 * gw_memfd.h - the memfds the Apache parent hands its daemon processes:
 * the hand-over (fd 4) and the status segments (fd 5).
 *
 * Each is root's with mode 0600 from its creation, before anything goes
 * in: a process reads or maps the descriptor it inherits (how it was
 * opened counts, not the mode), but nobody but root can open the file
 * again through /proc/PID/fd, not even another process of the same user
 * (a second group under that user) in the moment before the daemon has
 * read or mapped and closed it.  Then it is sealed, so a daemon running
 * the application's code cannot change it under its readers.  Runs in the
 * Apache parent.
 */
#ifndef GW_MEMFD_H
#define GW_MEMFD_H

#include "apr_pools.h"

/* A new memfd called name, close-on-exec, sealable, root's, mode 0600.
 * The descriptor, or -1 with *err set. */
int gw_memfd_private(apr_pool_t *p, const char *name, const char **err);

/* Writes len bytes of data at the start of fd, then adds seals (fcntl
 * F_ADD_SEALS).  NULL, or the error. */
const char *gw_memfd_fill_seal(apr_pool_t *p, int fd, const void *data,
                               size_t len, unsigned seals);

#endif
