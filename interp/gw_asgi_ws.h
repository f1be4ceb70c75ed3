/*
 * gw_asgi_ws.h - the WebSocket of one ASGI request on the daemon's
 * event loop: RFC 6455 framing over the connection the Apache child
 * tunnels (module/gw_tunnel.h).
 *
 * Runs in the daemon's loop thread, GIL held.  An AsgiWebSocket wraps
 * the request's AsgiConn (gw_asgi_conn.h), whose descriptor and write
 * buffer it uses: it sends the WEBSOCKET answer (accept with the
 * application's subprotocol and headers, or deny), then reads the
 * client's frames with proto/gw_websocket.h, answering pings and closes
 * itself, and writes the application's messages as frames.  Nothing
 * blocks: recv() says when there is nothing to read, writes stay queued
 * in the connection's buffer until the loop sees the descriptor
 * writable (interp/gw_asgi_shim.py waits).
 *
 * An idle WebSocket holds the AsgiConn (its request's vars), the reader
 * state (about 200 bytes) and the application's task; the read buffer
 * is the loop's, and a message is only gathered in memory of its own
 * when it arrives in several reads.
 */
#ifndef GW_ASGI_WS_H
#define GW_ASGI_WS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

extern PyTypeObject gw_asgi_ws_type;

int gw_asgi_ws_ready(void);

/* websocket(conn, max_size) -> AsgiWebSocket: the _gateway_asgi
 * function (METH_VARARGS). */
PyObject *gw_asgi_ws_new(PyObject *self, PyObject *args);

#endif
