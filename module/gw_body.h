/*
 * gw_body.h - the client's request body, streamed to the daemon after the
 * process took the request (START).
 *
 * Runs in Apache children.  A body without a length up front (chunked,
 * or HTTP/2 without Content-Length) goes as length-prefixed chunks ending
 * with an empty one (proto/gw_proto.h), so the daemon can tell a body cut
 * short from a complete one.
 */
#ifndef GW_BODY_H
#define GW_BODY_H

#include "gw_link.h"

/* Streams the body to the daemon.  Returns OK, or an HTTP error for a bad
 * client body (the daemon then sees the body end early, an error for the
 * application, never short data).  A daemon that stops reading is not an
 * error: the application may answer without reading it all. */
int gw_body_send(gw_link *l, int chunked);

#endif
