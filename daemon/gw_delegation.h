/*
 * gw_delegation.h - what the configuration delegated to this daemon group.
 *
 * Runs in the daemon.  At start the supervisor hands over (on fd 4, a
 * memfd, never argv or the environment) the scripts this group may run and
 * the configuration generation's secret.  Every request must carry the
 * secret and name one of those scripts: another process that happens to
 * run as Apache's user (a CGI script, a PHP-FPM pool) can reach the socket
 * but cannot make the daemon import a file of its choosing.
 *
 * Format of the hand-over, one item per line:
 *   secret <64 hex digits>
 *   script <absolute path>     a file this group may run
 */
#ifndef GW_DELEGATION_H
#define GW_DELEGATION_H

#include "gw_proto.h"

#define GW_DELEGATION_FD 4
#define GW_SECRET_HEX    64

/* Reads and closes the hand-over fd.  0, or -1 after logging. */
int gw_delegation_load(int fd);

/* Checks one request's control values.  1 when allowed; 0 after logging
 * why (the caller answers with an error and imports nothing). */
int gw_delegation_allows(const gw_kv *vars, size_t n, const char *script,
                         const char *uri, int urilen);

#endif
