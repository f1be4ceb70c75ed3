/*
 * gw_handler.h - the request path in an Apache child.
 *
 * Runs in Apache children (as Apache's User): maps a URL to a script,
 * hands the request to the script's daemon group over its UNIX socket and
 * relays the framed response to the client.  Never runs Python.
 */
#ifndef GW_HANDLER_H
#define GW_HANDLER_H

#include "httpd.h"

#define GW_HANDLER_NAME "wsgi-script"   /* mod_wsgi's, for AddHandler */

/* The handler hook: wsgi-script and WSGIHandlerScript names. */
int gw_handler(request_rec *r);

#endif
