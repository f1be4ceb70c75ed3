/*
 * gw_sockets.h - the groups' listening sockets, in the Apache parent.
 *
 * Each group has one UNIX socket under WSGISocketPrefix, created under
 * umask 0077 and chowned to the one user allowed to connect (Apache's
 * User or socket-user=).  A socket outlives configuration generations
 * (gw_kept.h): on a restart the new generation's processes accept on the
 * very socket the old ones used, so nothing queued in it is lost.
 */
#ifndef GW_SOCKETS_H
#define GW_SOCKETS_H

#include "gw_config.h"

/* The directory must exist, be owned by root and writable by no one else
 * (others could swap sockets).  NULL or the error. */
const char *gw_sockets_check_dir(apr_pool_t *p, const char *prefix);

/* Gives g its socket (g->socket_path, g->listen_fd): last generation's
 * when owner and backlog are unchanged, else a new one.  NULL or error. */
const char *gw_sockets_attach(apr_pool_t *p, server_rec *s, gw_group *g);

/* After every group is attached: closes and removes the sockets of
 * groups that are no longer configured. */
void gw_sockets_prune(server_rec *s);

/* Apache is exiting: closes and removes every socket. */
void gw_sockets_remove_all(server_rec *s);

#endif
