/*
 * gw_wsgi.h - one WSGI request (PEP 3333): environ, start_response,
 * write(), iterating the response, close().  The per-interpreter
 * constants a request needs are gw_environ.h's gw_wsgi_consts.
 *
 * The worker reads the request packet (gw_conn), picks the interpreter
 * and the application, then calls gw_wsgi_run() with the GIL held.  The
 * GIL is released for every socket write and body read.
 */
#ifndef GW_WSGI_H
#define GW_WSGI_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gw_conn.h"
#include "gw_environ.h"
#include "gw_proto.h"
#include "gw_reqstats.h"

/* Room for the encoded status and response headers of one response. */
#define GW_WSGI_HBUF_SIZE (64u << 10)

/* Ready the C types (main interpreter, once). */
int gw_wsgi_types_ready(void);

/* What the worker knows about a request; the rest is private. */
typedef struct {
    gw_conn *conn;
    const gw_kv *vars;        /* decoded request vars (in conn's buffer) */
    size_t nvars;
    const char *script;       /* NUL-terminated, for log lines */
    const char *uri;          /* REQUEST_URI, for log lines */
    int urilen;
    unsigned char *hbuf;      /* GW_WSGI_HBUF_SIZE bytes, per worker */
    const char *callable;     /* clen bytes; clen 0: "application" */
    size_t clen;
    int64_t daemon_start_us;  /* gw_app_call's */
    gw_reqstats_thread *thread;   /* the worker's counters */
} gw_wsgi_req;

/* Runs app for the request and writes the whole response (END or ABORT),
 * flushed.  Logs every failure.  GIL held; returns with it held. */
void gw_wsgi_run(const gw_wsgi_req *req, gw_wsgi_consts *k, PyObject *app);

#endif
