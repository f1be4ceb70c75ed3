/*
 * gw_tunnel.h - WebSockets in an Apache child: the client's handshake
 * checked, the daemon's answer turned into a 101, then a tunnel that
 * relays bytes both ways without reading them.
 *
 * Runs in Apache children, for protocol=asgi groups only.  The daemon
 * speaks RFC 6455 (it frames, it answers pings, it closes); this side
 * never parses a WebSocket frame.  What keeps the daemon's bytes from
 * being taken for HTTP: they go only to the one client connection the
 * handshake came on, after the 101, and that connection is closed when
 * the tunnel ends (never kept alive, never read for another request).
 *
 * The relay is a loop in the request's thread, polling the client and
 * the daemon link: an open WebSocket holds an Apache worker thread (or
 * a prefork process) for its whole life, as one does with
 * mod_proxy_wstunnel in httpd 2.4 (docs/asgi.md says why, and what it
 * costs).  A tunnel with no byte either way for the group's
 * socket-timeout= is closed, and so is every tunnel of a child that
 * stops (at once for a hard stop, after graceful-timeout= for a
 * graceful one, when the daemon's reload has had its time).
 */
#ifndef GW_TUNNEL_H
#define GW_TUNNEL_H

#include "gw_link.h"

/* Whether r asks the ASGI group g for a WebSocket: an Upgrade header
 * listing websocket.  Such a request is either a valid handshake or
 * refused (gw_tunnel_check): it never reaches the application as HTTP. */
int gw_tunnel_wanted(request_rec *r, const gw_group *g);

/* RFC 6455 4.2.1: an HTTP/1.1 GET with Connection: upgrade,
 * Sec-WebSocket-Version: 13, a Sec-WebSocket-Key of 16 base64-coded
 * bytes, and no body.  OK, or 400 (logged at info; a wrong version gets
 * Sec-WebSocket-Version: 13 back, RFC 6455 4.4). */
int gw_tunnel_check(request_rec *r);

/* The daemon's WEBSOCKET frame (payload, flen bytes, in l's buffer;
 * whatever follows it there is the start of the tunnel): deny is 403;
 * accept is the 101 and the tunnel, until either end closes.  Returns
 * the handler's status: DONE after a tunnel, else the HTTP status to
 * answer (logged). */
int gw_tunnel_answer(gw_link *l, const char *payload, uint32_t flen);

/* The child_stopping hook, and (child_init) what lets a tunnel hear it
 * at once: a child that stops ends its tunnels (see gw_tunnel.c). */
void gw_tunnel_register_hooks(void);
void gw_tunnel_child_init(void);

#endif
