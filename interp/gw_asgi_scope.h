/*
 * gw_asgi_scope.h - the ASGI connection scope of a request, from the
 * same CGI variables the Apache child sends for a WSGI environ.
 *
 * Runs in the daemon's event loop thread, GIL held.  type "http" (or
 * "websocket" for a handshake the Apache child checked), asgi {version 3.0,
 * spec_version}, http_version, method, scheme, path (PATH_INFO, decoded,
 * "/" when empty), raw_path (REQUEST_URI's path, as sent), query_string
 * (bytes, as sent), root_path (SCRIPT_NAME), headers (HTTP_* and
 * CONTENT_TYPE / CONTENT_LENGTH as lower-case bytes pairs, in Apache's
 * order), client, server, and a shallow copy of the lifespan state.
 * The gateway.* control values are never in it.
 */
#ifndef GW_ASGI_SCOPE_H
#define GW_ASGI_SCOPE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gw_proto.h"

/* Once, in the loop thread: the interned keys.  0 or -1 (exception). */
int gw_asgi_scope_init(void);

/* The scope (new reference) or NULL with an exception: type
 * "websocket" (with subprotocols, and no method) when the Apache child
 * sent the request as a WebSocket handshake it checked
 * (GW_VAR_WEBSOCKET), else "http".  state: the app's lifespan state
 * dict, or NULL. */
PyObject *gw_asgi_scope(const gw_kv *kv, size_t n, PyObject *state,
                        int websocket);

/* Whether the request is a WebSocket handshake: GW_VAR_WEBSOCKET "1". */
int gw_asgi_scope_is_websocket(const gw_kv *kv, size_t n);

#endif
