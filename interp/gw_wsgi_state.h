/*
 * gw_wsgi_state.h - the state of the WSGI request being served.
 *
 * It lives on gw_wsgi_run()'s stack (gw_wsgi.c) and is shared by the
 * three parts of a request: the run loop, start_response() and write()
 * (gw_start_response.c), and the writer of the response frames
 * (gw_response.c).  Private to interp/'s WSGI code.
 */
#ifndef GW_WSGI_STATE_H
#define GW_WSGI_STATE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stddef.h>
#include <stdint.h>

#include "gw_conn.h"
#include "gw_environ.h"
#include "gw_wsgi.h"

typedef struct {
    const gw_wsgi_req *req;
    gw_wsgi_consts *k;
    gw_conn *conn;
    size_t hlen;             /* status + headers encoded in req->hbuf */
    int status_set;          /* start_response() succeeded */
    int headers_sent;        /* the HEADERS frame is queued or sent */
    int out_busy;            /* a write runs without the GIL */
    int io_logged;
    int64_t content_length;  /* from the response headers, or -1 */
    PyObject *sr, *writer, *input, *errors;
    char abort_reason[256];  /* "ExcType: message", sent with ABORT */
} gw_wsgi_state;

#endif
