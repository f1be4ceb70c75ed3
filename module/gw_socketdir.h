/*
 * gw_socketdir.h - whether WSGISocketPrefix is a safe place for the
 * groups' sockets: nobody but root may be able to replace a socket, the
 * directory holding them, or any directory on the way to it.  Pure
 * checks of the file system (lstat, readlink), used at configtest and at
 * every start.
 */
#ifndef GW_SOCKETDIR_H
#define GW_SOCKETDIR_H

#include "apr_pools.h"

/* The directory must exist, be owned by root and writable by no one else
 * (others could swap sockets).  NULL or the error. */
const char *gw_socketdir_check(apr_pool_t *p, const char *prefix);

/* Every directory the path to the socket directory goes through (and
 * every symlink on the way, followed as the kernel would) must be owned
 * by root and writable by no one else, sticky directories excepted:
 * whoever can write to one could rename the socket directory away and
 * put their own in its place.  The socket directory itself is
 * gw_socketdir_check's.  NULL or the error. */
const char *gw_socketdir_check_ancestors(apr_pool_t *p, const char *prefix);

#endif
