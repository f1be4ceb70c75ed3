/*
 * gw_wsgi.c - one WSGI request (gw_wsgi.h): the run loop that calls the
 * application, iterates its response and closes it.  The environ is
 * gw_environ.c's, start_response and write() gw_start_response.c's, the
 * frames that carry the response gw_response.c's.
 *
 * Response writing policy (PEP 3333 "Buffering and Streaming"): a server
 * must not delay a block while the application produces the next one.
 * So frames only sit in the write buffer while we know the next block is
 * already in memory (the body is a list or tuple) or until the response
 * ends; for any other iterable the buffer is flushed before asking it for
 * the next block.  Headers wait for the first non-empty block, so headers
 * and the first block (and, for a list, everything up to END) leave in one
 * syscall.
 */
#include "gw_wsgi.h"
#include "gw_environ.h"
#include "gw_filewrapper.h"
#include "gw_input.h"
#include "gw_log.h"
#include "gw_pylog.h"
#include "gw_reqstats.h"
#include "gw_response.h"
#include "gw_start_response.h"
#include "gw_wsgi_state.h"

#include <stdio.h>
#include <string.h>

int gw_wsgi_types_ready(void)
{
    if (gw_start_response_ready() < 0 || gw_input_ready() < 0
        || gw_filewrapper_ready() < 0 || gw_pylog_ready() < 0)
        return -1;
    return 0;
}

/* ---- running the application ----------------------------------------- */

static int wsgi_objects_new(gw_wsgi_state *st)
{
    st->sr = gw_start_response_new(st);
    st->writer = gw_write_new(st);
    st->input = gw_input_new(st->conn);
    st->errors = gw_logwriter_new(GW_LOG_ERR, "GW04010", "<wsgi.errors>");
    return st->sr && st->writer && st->input && st->errors ? 0 : -1;
}

/* The request is over: whatever the application kept must not reach into
 * this stack frame or the worker's connection any more. */
static void wsgi_objects_release(gw_wsgi_state *st)
{
    if (st->sr)
        gw_callable_detach(st->sr);
    if (st->writer)
        gw_callable_detach(st->writer);
    if (st->input)
        gw_input_detach(st->input);
    if (st->errors)
        gw_logwriter_flush_pending(st->errors);
    Py_CLEAR(st->sr);
    Py_CLEAR(st->writer);
    Py_CLEAR(st->input);
    Py_CLEAR(st->errors);
}

/* Logs the pending exception with its traceback.  When the client is
 * already gone the exception is most likely our own BrokenPipeError, and
 * a vanished client is no server error: info level then. */
static void wsgi_app_failed(gw_wsgi_state *st, const char *what)
{
    const gw_wsgi_req *req = st->req;

    if (gw_conn_peer_gone(st->conn)) {
        gw_response_log_io(st);
        gw_pylog_traceback(GW_LOG_INFO, "GW04062");
        return;
    }
    /* "ExcType: message" for the ABORT frame: the Apache child's line
     * (with the client and URL) says why too. */
    gw_pylog_exc_reason(st->abort_reason, sizeof(st->abort_reason), "");
    gw_log(GW_LOG_ERR, "GW04060: %s in WSGI script %s (request %.*s); "
           "traceback follows", what, req->script, req->urilen, req->uri);
    gw_pylog_traceback(GW_LOG_ERR, "GW04061");
}

static int wsgi_body_item(gw_wsgi_state *st, PyObject *item)
{
    Py_ssize_t n;

    if (!PyBytes_Check(item)) {
        PyErr_Format(PyExc_TypeError, "the response iterable must yield "
                     "bytes, not %.100s", Py_TYPE(item)->tp_name);
        return -1;
    }
    n = PyBytes_GET_SIZE(item);
    if (n == 0)
        return 0;
    if (!st->status_set) {
        PyErr_SetString(PyExc_RuntimeError, "the response iterable yielded "
                        "body data before start_response() was called");
        return -1;
    }
    return gw_response_body(st, PyBytes_AS_STRING(item), (size_t)n, 0);
}

/* 0; -1 with a Python exception; -2 after an I/O error. */
static int wsgi_iterate(gw_wsgi_state *st, PyObject *result)
{
    int in_memory = PyList_CheckExact(result) || PyTuple_CheckExact(result);
    PyObject *it, *item;
    int rc = 0;

    it = PyObject_GetIter(result);
    if (!it)
        return -1;
    for (;;) {
        /* Never hold a block back while the application makes the next
         * one (see the top of the file). */
        if (!in_memory && (rc = gw_response_flush(st)) < 0)
            break;
        item = PyIter_Next(it);
        if (!item) {
            if (PyErr_Occurred())
                rc = -1;
            break;
        }
        rc = wsgi_body_item(st, item);
        Py_DECREF(item);
        if (rc < 0)
            break;
    }
    Py_DECREF(it);
    return rc;
}

static int wsgi_send_result(gw_wsgi_state *st, PyObject *result)
{
    int fd;
    off_t off;
    uint64_t len;

    /* Only the exact object the application returned, and only once
     * start_response() ran: anything else takes the general path, which
     * also produces the right errors. */
    if (st->status_set && Py_TYPE(result) == &gw_filewrapper_type
        && gw_filewrapper_file(result, &fd, &off, &len))
        return gw_response_file(st, fd, off, len);
    return wsgi_iterate(st, result);
}

/* PEP 3333: close() of the iterable, if it has one, in every case. */
static int wsgi_close(gw_wsgi_state *st, PyObject *result)
{
    PyObject *close, *r;

    if (PyList_CheckExact(result) || PyTuple_CheckExact(result)
        || PyBytes_CheckExact(result))
        return 0;
    close = PyObject_GetAttr(result, gw_wsgi_consts_close(st->k));
    if (!close) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return -1;
        PyErr_Clear();
        return 0;
    }
    r = PyObject_CallNoArgs(close);
    Py_DECREF(close);
    if (!r)
        return -1;
    Py_DECREF(r);
    return 0;
}

void gw_wsgi_run(const gw_wsgi_req *req, gw_wsgi_consts *k, PyObject *app)
{
    gw_wsgi_state st;
    PyObject *environ = NULL, *result = NULL;
    int failed = 0, rc;

    memset(&st, 0, sizeof(st));
    st.req = req;
    st.k = k;
    st.conn = req->conn;
    st.content_length = -1;

    /* mod_wsgi's counters say what was done before this request. */
    gw_environ_request rq = {
        .callable = req->callable, .clen = req->clen,
        .daemon_start_us = req->daemon_start_us,
        .script_start_us = gw_reqstats_now_us(),
        .total_requests = gw_reqstats_total(),
        .thread_requests = req->thread->requests,
    };
    gw_reqstats_begin(req->thread, rq.script_start_us);
    rq.thread_id = req->thread->id;

    if (wsgi_objects_new(&st) < 0
        || !(environ = gw_environ_new(k, req->vars, req->nvars, st.input,
                                      st.errors, &rq))) {
        wsgi_app_failed(&st, "preparing the WSGI environ failed");
        failed = 1;
        goto out;
    }
    {
        PyObject *args[2] = {environ, st.sr};
        result = PyObject_Vectorcall(app, args, 2, NULL);
    }
    if (!result) {
        wsgi_app_failed(&st, "the application raised an exception");
        failed = 1;
        goto out;
    }
    rc = wsgi_send_result(&st, result);
    if (rc == -1) {
        wsgi_app_failed(&st, "producing the response body raised an "
                        "exception");
        failed = 1;
    } else if (rc == -2) {
        gw_response_log_io(&st);
        failed = 1;
    }
    if (wsgi_close(&st, result) < 0) {
        wsgi_app_failed(&st, "close() of the response iterable raised an "
                        "exception");
        failed = 1;
    }
    if (!failed && !st.status_set) {
        gw_log(GW_LOG_ERR, "GW04063: WSGI script %s returned without "
               "calling start_response() (request %.*s)", req->script,
               req->urilen, req->uri);
        failed = 1;
    }
out:
    wsgi_objects_release(&st);
    /* Counted before END goes: the client's next request sees it done. */
    gw_reqstats_end(gw_reqstats_now_us());
    if (!failed) {
        gw_response_end(&st);
    } else if (!st.conn->werr) {
        Py_BEGIN_ALLOW_THREADS
        gw_conn_abort(st.conn, st.abort_reason[0] ? st.abort_reason
                                                   : "application error");
        Py_END_ALLOW_THREADS
    }
    Py_XDECREF(result);
    Py_XDECREF(environ);
}
