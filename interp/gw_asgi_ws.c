/*
 * gw_asgi_ws.c - a WebSocket on the event loop (gw_asgi_ws.h).
 */
#include "gw_asgi_ws.h"
#include "gw_asgi_conn.h"
#include "gw_proto.h"
#include "gw_websocket.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* One read from the tunnel.  The buffer is the loop's: one thread runs
 * every WebSocket of the process, and a read is decoded before the next
 * one, so an idle WebSocket holds no read buffer of its own. */
#define GW_WS_RBUF   (64u << 10)
/* A message buffer that grew past this is freed after its message: a
 * large message must not leave its memory with an idle socket. */
#define GW_WS_MKEEP  (64u << 10)
/* The WEBSOCKET answer's payload: the Apache child's limit for headers. */
#define GW_WS_AMAX   (64u << 10)

static unsigned char rbuf[GW_WS_RBUF];

typedef struct {
    PyObject_HEAD
    PyObject *conn;             /* the request's AsgiConn */
    gw_ws_reader rd;
    unsigned char *msg;         /* a message that spans reads */
    size_t mlen, mcap;
    const unsigned char *cur;   /* or its bytes in rbuf, this read only */
    size_t curlen;
    int answered;               /* accept or deny went out */
    int close_sent, done;       /* done: nothing more is read */
    double last_rx;             /* CLOCK_MONOTONIC, as loop.time() */
} gw_asgi_ws;

static double now_mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

PyObject *gw_asgi_ws_new(PyObject *self, PyObject *args)
{
    PyObject *conn;
    unsigned long long max = GW_WS_MAX_MESSAGE;
    (void)self;

    if (!PyArg_ParseTuple(args, "O!|K:websocket", &gw_asgi_conn_type, &conn,
                          &max))
        return NULL;
    gw_asgi_ws *w = PyObject_New(gw_asgi_ws, &gw_asgi_ws_type);
    if (!w)
        return NULL;
    w->conn = Py_NewRef(conn);
    gw_ws_reader_init(&w->rd, 1, max);
    w->msg = NULL;
    w->mlen = w->mcap = 0;
    w->cur = NULL;
    w->curlen = 0;
    w->answered = w->close_sent = w->done = 0;
    w->last_rx = now_mono();
    return (PyObject *)w;
}

static void ws_dealloc(gw_asgi_ws *w)
{
    free(w->msg);
    Py_XDECREF(w->conn);
    PyObject_Free(w);
}

/* ---- writing -------------------------------------------------------- */

/* One unfragmented frame from the server (never masked). */
static int ws_frame(gw_asgi_ws *w, unsigned op, const void *p, size_t n)
{
    unsigned char h[GW_WS_HEADER_MAX];
    size_t hl = gw_ws_header_encode(h, 1, op, n, NULL);

    return gw_asgi_conn_queue(w->conn, h, hl, p, n);
}

static int ws_close_frame(gw_asgi_ws *w, unsigned code, const char *reason,
                          size_t rlen)
{
    unsigned char p[GW_WS_CONTROL_MAX];
    size_t n = 0;

    if (w->close_sent)
        return 0;
    if (code != GW_WS_CLOSE_NO_STATUS
        && !(n = gw_ws_close_payload(p, code, reason, rlen))) {
        PyErr_Format(PyExc_ValueError, "WebSocket close code %u or its "
                     "reason (%zu bytes, at most %d of UTF-8) cannot be sent",
                     code, rlen, GW_WS_REASON_MAX);
        return -1;
    }
    w->close_sent = 1;
    return ws_frame(w, GW_WS_OP_CLOSE, p, n);
}

static PyObject *ws_pending(gw_asgi_ws *w)
{
    return PyLong_FromSsize_t(gw_asgi_conn_push(w->conn));
}

/* One [name, value] pair of websocket.accept's headers into e. */
static int ws_header(gw_enc *e, PyObject *pair)
{
    PyObject *seq = PySequence_Fast(pair, "a websocket.accept header must "
                                    "be a [name, value] pair of bytes");
    int rc = -1;

    if (!seq)
        return -1;
    PyObject *k = PySequence_Fast_GET_SIZE(seq) == 2
                  ? PySequence_Fast_GET_ITEM(seq, 0) : NULL;
    PyObject *v = k ? PySequence_Fast_GET_ITEM(seq, 1) : NULL;
    if (!k || !PyBytes_Check(k) || !PyBytes_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "a websocket.accept header must be "
                        "a [name, value] pair of bytes");
        goto out;
    }
    const char *n = PyBytes_AS_STRING(k), *val = PyBytes_AS_STRING(v);
    size_t nl = (size_t)PyBytes_GET_SIZE(k), vl = (size_t)PyBytes_GET_SIZE(v);
    if (gw_check_header_name(n, nl) != GW_OK
        || gw_check_header_value(val, vl) != GW_OK)
        PyErr_Format(PyExc_ValueError, "invalid websocket.accept header "
                     "%R: %R", k, v);
    else if (gw_ws_reply_reserved(n, nl))
        PyErr_Format(PyExc_ValueError, "websocket.accept may not set header "
                     "%R (the server writes it, or it would change the "
                     "connection: subprotocols go as 'subprotocol')", k);
    else if (gw_enc_add(e, n, nl, val, vl) != GW_OK)
        PyErr_Format(PyExc_ValueError, "websocket.accept headers exceed %u "
                     "bytes", GW_WS_AMAX);
    else
        rc = 0;
out:
    Py_DECREF(seq);
    return rc;
}

/* accept(subprotocol, headers) -> True when the answer is queued, False
 * when the request's (empty) body has not all arrived yet: call again
 * once the link is readable. */
static PyObject *ws_accept(gw_asgi_ws *w, PyObject *args)
{
    PyObject *sub = Py_None, *headers = Py_None, *it = NULL, *item;
    gw_enc e;

    if (!PyArg_ParseTuple(args, "|OO:accept", &sub, &headers))
        return NULL;
    if (w->answered) {
        PyErr_SetString(PyExc_RuntimeError, "websocket.accept after the "
                        "handshake was answered");
        return NULL;
    }
    int end = gw_asgi_conn_body_end(w->conn);
    if (end == 0)
        Py_RETURN_FALSE;
    if (end < 0) {
        PyErr_SetString(PyExc_OSError, "the WebSocket's link ended before "
                        "its handshake was answered");
        return NULL;
    }
    unsigned char *buf = malloc(GW_WS_AMAX);
    if (!buf)
        return PyErr_NoMemory();
    gw_kv_begin(&e, buf, GW_WS_AMAX);
    gw_enc_add(&e, GW_WS_REPLY_KEY, sizeof(GW_WS_REPLY_KEY) - 1, "accept", 6);
    if (sub != Py_None) {
        Py_ssize_t sl;
        const char *s = PyUnicode_Check(sub) ? PyUnicode_AsUTF8AndSize(sub, &sl)
                                             : NULL;
        if (!s || gw_check_header_name(s, (size_t)sl) != GW_OK) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "websocket.accept subprotocol "
                         "%R is not a token", sub);
            goto fail;
        }
        gw_enc_add(&e, GW_WS_SUBPROTOCOL_KEY,
                   sizeof(GW_WS_SUBPROTOCOL_KEY) - 1, s, (size_t)sl);
    }
    if (headers != Py_None && !(it = PyObject_GetIter(headers)))
        goto fail;
    while (it && (item = PyIter_Next(it))) {
        int rc = ws_header(&e, item);
        Py_DECREF(item);
        if (rc < 0)
            goto fail;
    }
    if (PyErr_Occurred()
        || gw_asgi_conn_frame(w->conn, GW_FRAME_WEBSOCKET, buf, e.len) < 0)
        goto fail;
    Py_XDECREF(it);
    free(buf);
    w->answered = 1;
    w->last_rx = now_mono();
    gw_asgi_conn_push(w->conn);
    Py_RETURN_TRUE;

fail:
    Py_XDECREF(it);
    free(buf);
    return NULL;
}

/* deny() -> bytes still queued: the application closed before it
 * accepted; the Apache child answers 403. */
static PyObject *ws_deny(gw_asgi_ws *w, PyObject *unused)
{
    unsigned char p[32];
    gw_enc e;
    (void)unused;

    if (!w->answered) {
        w->answered = w->close_sent = w->done = 1;
        gw_kv_begin(&e, p, sizeof(p));
        gw_enc_add(&e, GW_WS_REPLY_KEY, sizeof(GW_WS_REPLY_KEY) - 1, "deny",
                   4);
        if (gw_asgi_conn_frame(w->conn, GW_FRAME_WEBSOCKET, p, e.len) < 0)
            return NULL;
    }
    return ws_pending(w);
}

/* send(data) -> bytes still queued, -1 when the peer is gone: str goes
 * as a text message, bytes-like as a binary one. */
static PyObject *ws_send(gw_asgi_ws *w, PyObject *data)
{
    if (!w->answered || w->close_sent) {
        PyErr_SetString(PyExc_OSError, w->close_sent
                        ? "the WebSocket is closed"
                        : "websocket.send before websocket.accept");
        return NULL;
    }
    if (PyUnicode_Check(data)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(data, &n);
        if (!s || ws_frame(w, GW_WS_OP_TEXT, s, (size_t)n) < 0)
            return NULL;
        return ws_pending(w);
    }
    Py_buffer b;
    if (PyObject_GetBuffer(data, &b, PyBUF_SIMPLE) < 0)
        return NULL;
    int rc = ws_frame(w, GW_WS_OP_BINARY, b.buf, (size_t)b.len);
    PyBuffer_Release(&b);
    return rc < 0 ? NULL : ws_pending(w);
}

/* close(code, reason) -> bytes still queued: the server's close frame
 * (once; later calls only flush). */
static PyObject *ws_close(gw_asgi_ws *w, PyObject *args)
{
    unsigned code = GW_WS_CLOSE_NORMAL;
    const char *reason = "";
    Py_ssize_t rlen = 0;

    if (!PyArg_ParseTuple(args, "|Is#:close", &code, &reason, &rlen))
        return NULL;
    if (w->answered && ws_close_frame(w, code, reason, (size_t)rlen) < 0)
        return NULL;
    return ws_pending(w);
}

/* ping(data): a keepalive ping (at most 125 bytes). */
static PyObject *ws_ping(gw_asgi_ws *w, PyObject *arg)
{
    Py_buffer b;

    if (PyObject_GetBuffer(arg, &b, PyBUF_SIMPLE) < 0)
        return NULL;
    int rc = 0;
    if (b.len > GW_WS_CONTROL_MAX) {
        PyErr_SetString(PyExc_ValueError, "a ping carries at most 125 bytes");
        rc = -1;
    }
    else if (w->answered && !w->close_sent)
        rc = ws_frame(w, GW_WS_OP_PING, b.buf, (size_t)b.len);
    PyBuffer_Release(&b);
    return rc < 0 ? NULL : ws_pending(w);
}

static PyObject *ws_flush(gw_asgi_ws *w, PyObject *unused)
{
    (void)unused;
    return ws_pending(w);
}

/* ---- reading -------------------------------------------------------- */

static int msg_add(gw_asgi_ws *w, const unsigned char *p, size_t n)
{
    if (w->mlen + n > w->mcap) {
        size_t cap = w->mcap ? w->mcap : 4096;
        while (cap < w->mlen + n)
            cap *= 2;
        unsigned char *m = realloc(w->msg, cap);
        if (!m) {
            PyErr_NoMemory();
            return -1;
        }
        w->msg = m;
        w->mcap = cap;
    }
    memcpy(w->msg + w->mlen, p, n);
    w->mlen += n;
    return 0;
}

/* The pieces of this read that were only pointed at go into msg. */
static int msg_keep(gw_asgi_ws *w)
{
    int rc = w->cur ? msg_add(w, w->cur, w->curlen) : 0;

    w->cur = NULL;
    w->curlen = 0;
    return rc;
}

static int msg_piece(gw_asgi_ws *w, const unsigned char *p, size_t n)
{
    if (!w->mlen && (!w->cur || w->cur + w->curlen == p)) {
        if (!w->cur)
            w->cur = p;
        w->curlen += n;
        return 0;
    }
    return msg_keep(w) < 0 ? -1 : msg_add(w, p, n);
}

/* A whole message: ("text", str) or ("bytes", bytes). */
static PyObject *msg_done(gw_asgi_ws *w, unsigned op)
{
    const unsigned char *p = w->cur ? w->cur : w->msg;
    size_t n = w->cur ? w->curlen : w->mlen;
    PyObject *v = op == GW_WS_OP_TEXT
        ? PyUnicode_DecodeUTF8((const char *)p, (Py_ssize_t)n, NULL)
        : PyBytes_FromStringAndSize((const char *)p, (Py_ssize_t)n);

    w->cur = NULL;
    w->curlen = w->mlen = 0;
    if (w->mcap > GW_WS_MKEEP) {
        free(w->msg);
        w->msg = NULL;
        w->mcap = 0;
    }
    return v ? Py_BuildValue("(sN)", op == GW_WS_OP_TEXT ? "text" : "bytes",
                             v) : NULL;
}

/* The event of one reader event, or NULL without an exception for
 * none; -1 in *err with an exception. */
static PyObject *ws_event(gw_asgi_ws *w, gw_ws_event_kind k,
                          const gw_ws_event *ev, int *err)
{
    switch (k) {
    case GW_WS_DATA:
        *err = msg_piece(w, ev->data, ev->len);
        return NULL;
    case GW_WS_END:
        return msg_done(w, ev->opcode);
    case GW_WS_PING:
        /* RFC 6455 5.5.3: the pong carries the ping's payload. */
        if (!w->close_sent)
            *err = ws_frame(w, GW_WS_OP_PONG, ev->data, ev->len);
        return NULL;
    case GW_WS_PONG:
        return NULL;
    case GW_WS_CLOSE:
        /* 5.5.1: the code is echoed (none for none); the server then
         * closes the connection. */
        w->done = 1;
        if (ws_close_frame(w, ev->code, "", 0) < 0) {
            *err = -1;
            return NULL;
        }
        return Py_BuildValue("(sIs#)", "close", ev->code,
                             (const char *)ev->data, (Py_ssize_t)ev->len);
    case GW_WS_FAIL:
        w->done = 1;
        if (ws_close_frame(w, ev->code, ev->why, strlen(ev->why)) < 0) {
            *err = -1;
            return NULL;
        }
        return Py_BuildValue("(sIs)", "fail", ev->code, ev->why);
    default:
        return NULL;
    }
}

/* Decodes rbuf[0, n) into events appended to list. */
static int ws_decode(gw_asgi_ws *w, size_t n, PyObject *list)
{
    size_t pos = 0;

    for (;;) {
        gw_ws_event ev;
        size_t used;
        int err = 0;
        gw_ws_event_kind k = gw_ws_read(&w->rd, rbuf + pos, n - pos, &used,
                                        &ev);
        pos += used;
        if (k == GW_WS_NEED)
            return msg_keep(w);
        PyObject *e = ws_event(w, k, &ev, &err);
        if (err < 0 || (e && PyList_Append(list, e) < 0)) {
            Py_XDECREF(e);
            w->cur = NULL;
            w->curlen = 0;
            return -1;
        }
        Py_XDECREF(e);
    }
}

/* recv() -> None when nothing can be read now, else a list of events
 * (perhaps empty): ("text", str), ("bytes", bytes), ("close", code,
 * reason) when the client closed (the answer is queued), ("fail", code,
 * why) when it broke the protocol (the close is queued), ("eof",) when
 * the link ended without a close.  Pongs to pings are queued here. */
static PyObject *ws_recv(gw_asgi_ws *w, PyObject *unused)
{
    int fd = gw_asgi_conn_fd(w->conn);
    (void)unused;

    if (w->done || fd < 0)
        return Py_BuildValue("[(s)]", "eof");
    if (!w->answered) {
        /* Before the answer nothing but the body's end may come: a
         * readable link is one the Apache child closed (the client went
         * away, or gave up waiting). */
        int end = gw_asgi_conn_body_end(w->conn);
        if (end == 0)
            Py_RETURN_NONE;
        char b;
        ssize_t r = end < 0 ? 0 : recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK
                      || errno == EINTR))
            Py_RETURN_NONE;
        w->done = 1;
        return Py_BuildValue("[(s)]", "eof");
    }
    ssize_t r;
    do
        r = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
    while (r < 0 && errno == EINTR);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        Py_RETURN_NONE;
    if (r <= 0) {
        w->done = 1;
        return Py_BuildValue("[(s)]", "eof");
    }
    w->last_rx = now_mono();
    PyObject *list = PyList_New(0);
    if (list && ws_decode(w, (size_t)r, list) < 0)
        Py_CLEAR(list);
    return list;
}

static PyObject *ws_get_last_rx(gw_asgi_ws *w, void *u)
{
    (void)u;
    return PyFloat_FromDouble(w->last_rx);
}

static PyObject *ws_get_close_sent(gw_asgi_ws *w, void *u)
{
    (void)u;
    return PyBool_FromLong(w->close_sent);
}

static PyMethodDef ws_methods[] = {
    {"accept", (PyCFunction)ws_accept, METH_VARARGS,
     "accept(subprotocol, headers) -> queued, or False: not yet"},
    {"deny", (PyCFunction)ws_deny, METH_NOARGS,
     "deny(): closed before accepted (403)"},
    {"recv", (PyCFunction)ws_recv, METH_NOARGS,
     "recv() -> [events] or None: nothing to read"},
    {"send", (PyCFunction)ws_send, METH_O,
     "send(str | bytes) -> bytes queued, -1: peer gone"},
    {"close", (PyCFunction)ws_close, METH_VARARGS,
     "close(code, reason) -> bytes queued, -1: peer gone"},
    {"ping", (PyCFunction)ws_ping, METH_O, "ping(data) -> bytes queued"},
    {"flush", (PyCFunction)ws_flush, METH_NOARGS,
     "flush() -> bytes queued, -1: peer gone"},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef ws_getset[] = {
    {"last_rx", (getter)ws_get_last_rx, NULL,
     "when bytes last came from the client (time.monotonic())", NULL},
    {"close_sent", (getter)ws_get_close_sent, NULL,
     "the server's close frame is queued", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

PyTypeObject gw_asgi_ws_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.AsgiWebSocket",
    .tp_basicsize = sizeof(gw_asgi_ws),
    .tp_dealloc = (destructor)ws_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The WebSocket of a request on the event loop.",
    .tp_methods = ws_methods,
    .tp_getset = ws_getset,
};

int gw_asgi_ws_ready(void)
{
    return PyType_Ready(&gw_asgi_ws_type);
}
