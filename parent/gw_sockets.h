/*
 * gw_sockets.h - the groups' listening sockets, in the Apache parent.
 *
 * Each group has one UNIX socket under WSGISocketPrefix, created under
 * umask 0077 and chowned to the one user allowed to connect (Apache's
 * User or socket-user=), with a secret of its own that every request
 * must carry.  A socket outlives configuration generations (gw_kept.h):
 * on a restart the new generation's processes accept on the very socket
 * the old ones used, so nothing queued in it is lost.  It does so only
 * while the group keeps its identity (who runs it and what it may run):
 * a process of the old identity may hold a copy of the socket, which
 * must not receive the new identity's requests, nor open it with the
 * secret it knows.
 */
#ifndef GW_SOCKETS_H
#define GW_SOCKETS_H

#include "gw_config.h"
#include "gw_socketdir.h"

/* Gives g its socket (g->socket_path, g->listen_fd) and that socket's
 * secret (g->secret): last generation's when owner, backlog, prefix and
 * the group's identity are unchanged, else a new one (the old one is
 * closed and removed).  NULL or error. */
const char *gw_sockets_attach(apr_pool_t *p, server_rec *s, gw_group *g);

/* After every group is attached: closes and removes the sockets of
 * groups that are no longer configured. */
void gw_sockets_prune(server_rec *s);

/* Apache is exiting: closes and removes every socket. */
void gw_sockets_remove_all(server_rec *s);

#endif
