/*
 * gw_packet.h - the request packet for a daemon group: the CGI
 * environment and the control values (proto/gw_proto.h), with the
 * group's secret.  For a WSGI request (gw_handler.c) and an auth hook
 * call (gw_hookcall.c) alike.  Runs in Apache children.
 */
#ifndef GW_PACKET_H
#define GW_PACKET_H

#include "gw_config.h"

#include "httpd.h"

/* One control value: a gateway.* key (GW_VAR_*) and its value. */
typedef struct {
    const char *key;
    const char *val;
} gw_control;

/* The packet for group g: every entry of env but those whose names start
 * with "gateway." (SetEnv and RewriteRule [E=] can make any name, and
 * only the module sets control values), then controls (ended by a NULL
 * key) and g's own secret (a secret opens one group's socket only).  OK
 * with *out and *outlen in r's pool, or 431 (logged) when it does not
 * fit the protocol's 64 KiB. */
int gw_packet_encode(request_rec *r, const apr_table_t *env,
                     const gw_group *g, const gw_control *controls,
                     char **out, apr_size_t *outlen);

#endif
