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

#endif
