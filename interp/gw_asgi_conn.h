/*
 * gw_asgi_conn.h - a connection the event loop owns (gw_asgi.h): the
 * request a worker handed over, its body read and its response frames
 * written without blocking.
 *
 * Runs in the daemon.  A gw_asgi_job is made by the worker, without the
 * GIL: a copy of the packet's vars block and of the body bytes that came
 * with it, and where the body's framing stands (gw_conn.h).  The loop
 * turns it into an AsgiConn (a Python object, GIL held) whose methods
 * never block: a read that would wait returns None and a write that
 * would wait keeps the rest in a buffer, for the loop to wait on the
 * descriptor (add_reader/add_writer) and call again.  Every frame is one
 * of proto/gw_proto.h's, so the Apache child relays an ASGI response
 * exactly as a WSGI one.
 */
#ifndef GW_ASGI_CONN_H
#define GW_ASGI_CONN_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gw_conn.h"

typedef struct gw_asgi_job {
    struct gw_asgi_job *next;
    int fd;
    size_t varslen;           /* data[0, varslen): the vars block */
    size_t bodylen;           /* then body bytes, de-chunked already */
    int body_chunked;
    int body_done;
    gw_dechunker dechunk;
    uint64_t body_left;       /* length mode: not yet read from fd */
    uint64_t body_seen;
    uint64_t body_total;
    unsigned char data[];
} gw_asgi_job;

/* Without the GIL: the job for the request in c (its packet decoded,
 * START sent).  NULL when out of memory. */
gw_asgi_job *gw_asgi_job_new(const gw_conn *c);

extern PyTypeObject gw_asgi_conn_type;

int gw_asgi_conn_ready(void);

/* GIL held: the AsgiConn taking job over (freed with it), or NULL with
 * a Python exception (job freed, its fd closed through conn_return). */
PyObject *gw_asgi_conn_new(gw_asgi_job *job, int (*may_keep)(void),
                           void (*conn_return)(int fd, int keep));

/* The decoded vars of the request (pointing into the job), for the
 * scope (gw_asgi_scope.h). */
const gw_kv *gw_asgi_conn_vars(PyObject *conn, size_t *n);

/* For the request's WebSocket (gw_asgi_ws.h), which writes through the
 * connection's buffer: its descriptor (-1 once released); one frame of
 * gw_proto.h (the WEBSOCKET answer); hlen + len bytes of the tunnel
 * (a WebSocket frame's header and payload, no frame of gw_proto.h
 * around them), both 0 or -1 with an exception, and nothing once the
 * peer is gone; then a flush without waiting: the bytes still queued,
 * -1 when the peer is gone. */
int gw_asgi_conn_fd(PyObject *conn);
int gw_asgi_conn_frame(PyObject *conn, unsigned type, const void *data,
                       size_t len);
int gw_asgi_conn_queue(PyObject *conn, const void *hdr, size_t hlen,
                       const void *data, size_t len);
Py_ssize_t gw_asgi_conn_push(PyObject *conn);

/* A handshake's body is empty: reads what is left of its end chunk
 * (normally nothing, it came with the packet) and not a byte more.
 * 1 at the end, 0 when it has not all arrived yet, -1 when there was a
 * body after all or the link failed. */
int gw_asgi_conn_body_end(PyObject *conn);

#endif
