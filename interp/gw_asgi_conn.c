/*
 * gw_asgi_conn.c - the event loop's connections (gw_asgi_conn.h).
 *
 * Reads use recv(MSG_DONTWAIT) and writes sendmsg(MSG_DONTWAIT): the
 * descriptor itself stays blocking, as the intake and the workers expect
 * it when it goes back to them as a kept link.
 */
#include "gw_asgi_conn.h"
#include "gw_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* Body bytes read at once.  Allocated only while a body is read. */
#define GW_ASGI_RBUF (64u << 10)
/* A write buffer that grew past this is freed once it is empty: a large
 * response must not leave its memory with an idle connection. */
#define GW_ASGI_WKEEP (64u << 10)
/* The most a HEADERS payload may take (the Apache child's limit). */
#define GW_ASGI_HMAX (64u << 10)

typedef struct {
    PyObject_HEAD
    gw_asgi_job *job;
    int fd;                    /* -1 once released */
    gw_kv *kv;                 /* the vars, into job->data */
    size_t nkv;
    size_t bpos;               /* job's buffered body handed out so far */
    unsigned char *rbuf;
    unsigned char *wbuf;
    size_t woff, wlen, wcap;   /* pending bytes are wbuf[woff, wlen) */
    int werr, rerr;            /* errno; rerr -1: body truncated */
    int started, ended, keep;
    int (*may_keep)(void);
    void (*conn_return)(int fd, int keep);
    PyObject *uri, *script, *callable;
} gw_asgi_conn;

/* ---- the job (worker thread, no GIL) ------------------------------ */

gw_asgi_job *gw_asgi_job_new(const gw_conn *c)
{
    size_t varslen = c->rbase - GW_UWSGI_HDR_LEN, bodylen = c->rlen - c->rpos;
    gw_asgi_job *j = malloc(sizeof(*j) + varslen + bodylen);

    if (!j)
        return NULL;
    j->next = NULL;
    j->fd = c->fd;
    j->varslen = varslen;
    j->bodylen = bodylen;
    j->body_chunked = c->body_chunked;
    j->body_done = c->body_done;
    j->dechunk = c->dechunk;
    j->body_left = c->body_left;
    j->body_seen = c->body_seen;
    j->body_total = c->body_total;
    memcpy(j->data, c->rbuf + GW_UWSGI_HDR_LEN, varslen);
    memcpy(j->data + varslen, c->rbuf + c->rpos, bodylen);
    return j;
}

/* ---- reading the body --------------------------------------------- */

static PyObject *conn_oserror(int err, const char *what)
{
    if (err == -1)
        PyErr_SetString(PyExc_OSError, "request body truncated: the "
                        "client went away before its end");
    else
        PyErr_Format(PyExc_OSError, "%s: %s", what, strerror(err));
    return NULL;
}

/* The next body bytes: bytes (b"" at the end of the body), None when
 * nothing is there yet; OSError when the body was cut short. */
static PyObject *conn_recv(gw_asgi_conn *c, PyObject *unused)
{
    gw_asgi_job *j = c->job;
    (void)unused;

    if (c->bpos < j->bodylen) {
        PyObject *b = PyBytes_FromStringAndSize(
            (const char *)j->data + j->varslen + c->bpos,
            (Py_ssize_t)(j->bodylen - c->bpos));
        if (b)
            c->bpos = j->bodylen;
        return b;
    }
    if (c->rerr)
        return conn_oserror(c->rerr, "reading the request body failed");
    if (j->body_done)
        return PyBytes_FromStringAndSize("", 0);
    if (c->fd < 0) {
        /* The response is over and the link given back: what is left of
         * the body is not this request's to read any more. */
        PyErr_SetString(PyExc_OSError, "the request is over");
        return NULL;
    }
    if (!c->rbuf && !(c->rbuf = malloc(GW_ASGI_RBUF)))
        return PyErr_NoMemory();
    for (;;) {
        size_t want = GW_ASGI_RBUF;
        if (!j->body_chunked && want > j->body_left)
            want = (size_t)j->body_left;
        ssize_t r = recv(c->fd, c->rbuf, want, MSG_DONTWAIT);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            Py_RETURN_NONE;
        if (r <= 0) {
            /* EOF or a reset before the end: the client or the Apache
             * child went away mid-upload. */
            c->rerr = (r == 0 || errno == ECONNRESET) ? -1 : errno;
            return conn_oserror(c->rerr, "reading the request body failed");
        }
        size_t n = (size_t)r;
        if (j->body_chunked) {
            n = gw_dechunk(&j->dechunk, c->rbuf, n);
            j->body_done = j->dechunk.done;
            if (n == 0 && !j->body_done)
                continue;       /* only chunk headers came */
        } else {
            j->body_left -= n;
            j->body_done = j->body_left == 0;
        }
        j->body_seen += n;
        if (j->body_done) {
            PyObject *b = PyBytes_FromStringAndSize((const char *)c->rbuf,
                                                    (Py_ssize_t)n);
            free(c->rbuf);
            c->rbuf = NULL;
            return b;
        }
        return PyBytes_FromStringAndSize((const char *)c->rbuf,
                                         (Py_ssize_t)n);
    }
}

static PyObject *conn_body_done(gw_asgi_conn *c, void *unused)
{
    (void)unused;
    return PyBool_FromLong(c->bpos == c->job->bodylen
                           && (c->job->body_done || c->rerr));
}

/* After the whole body: whether the Apache child closed its end (it
 * sends nothing more before the response is over, so a readable link
 * is one at its end). */
static PyObject *conn_peer_closed(gw_asgi_conn *c, PyObject *unused)
{
    char b;
    (void)unused;

    if (c->fd < 0 || c->werr)
        Py_RETURN_TRUE;
    ssize_t r = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK
                   && errno != EINTR))
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

/* ---- writing frames ----------------------------------------------- */

static size_t conn_pending(const gw_asgi_conn *c)
{
    return c->wlen - c->woff;
}

static int conn_reserve(gw_asgi_conn *c, size_t more)
{
    if (c->woff == c->wlen)
        c->woff = c->wlen = 0;
    if (c->wlen + more <= c->wcap)
        return 0;
    if (c->woff) {
        memmove(c->wbuf, c->wbuf + c->woff, c->wlen - c->woff);
        c->wlen -= c->woff;
        c->woff = 0;
        if (c->wlen + more <= c->wcap)
            return 0;
    }
    size_t cap = c->wcap ? c->wcap : 4096;
    while (cap < c->wlen + more)
        cap *= 2;
    unsigned char *nb = realloc(c->wbuf, cap);
    if (!nb) {
        PyErr_NoMemory();
        return -1;
    }
    c->wbuf = nb;
    c->wcap = cap;
    return 0;
}

/* Sends what the buffer holds without waiting; the bytes left, or -1
 * once a write failed (the peer is gone: later frames are dropped). */
static Py_ssize_t conn_try_flush(gw_asgi_conn *c)
{
    while (!c->werr && c->fd >= 0 && c->woff < c->wlen) {
        ssize_t w = send(c->fd, c->wbuf + c->woff, c->wlen - c->woff,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (w <= 0) {
            c->werr = w < 0 ? errno : EIO;
            break;
        }
        c->woff += (size_t)w;
    }
    if (c->werr || c->fd < 0)
        return -1;
    if (c->woff == c->wlen && c->wcap > GW_ASGI_WKEEP) {
        free(c->wbuf);
        c->wbuf = NULL;
        c->woff = c->wlen = c->wcap = 0;
    }
    return (Py_ssize_t)conn_pending(c);
}

/* Queues hlen header bytes and len payload bytes.  With nothing queued
 * before them, a large payload is offered to the socket straight from
 * the caller's memory and only what it did not take is copied.  0, or
 * -1 with a Python exception; once a write failed nothing is queued. */
static int conn_queue(gw_asgi_conn *c, const unsigned char *hdr, size_t hlen,
                      const unsigned char *p, size_t len)
{
    size_t skip = 0;

    if (conn_pending(c) == 0 && len >= (16u << 10) && !c->werr) {
        struct iovec iov[2] = { { (void *)hdr, hlen }, { (void *)p, len } };
        struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
        ssize_t w;
        do
            w = sendmsg(c->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
        while (w < 0 && errno == EINTR);
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            c->werr = errno;
        skip = w > 0 ? (size_t)w : 0;
    }
    if (c->werr)
        return 0;               /* the peer is gone: nothing to queue */
    size_t total = hlen + len;
    if (skip < total) {
        if (conn_reserve(c, total - skip) < 0)
            return -1;
        if (skip < hlen) {
            memcpy(c->wbuf + c->wlen, hdr + skip, hlen - skip);
            c->wlen += hlen - skip;
            skip = hlen;
        }
        /* An empty frame (END) has no payload, p may be NULL. */
        if (len > skip - hlen)
            memcpy(c->wbuf + c->wlen, p + (skip - hlen), len - (skip - hlen));
        c->wlen += len - (skip - hlen);
    }
    return 0;
}

/* Queues one frame (payloads over GW_FRAME_MAX become several).  0, or
 * -1 with a Python exception. */
static int conn_frame(gw_asgi_conn *c, unsigned type, const void *data,
                      size_t len)
{
    const unsigned char *p = data;

    do {
        size_t chunk = len > GW_FRAME_MAX ? GW_FRAME_MAX : len;
        unsigned char hdr[GW_FRAME_HDR_LEN];

        gw_frame_encode(hdr, type, (uint32_t)chunk);
        if (conn_queue(c, hdr, sizeof(hdr), p, chunk) < 0)
            return -1;
        if (chunk)
            p += chunk;
        len -= chunk;
    } while (len > 0);
    return 0;
}

/* RFC 9110's reason phrases, for the status line Apache sends. */
static const char *conn_reason(int code)
{
    static const struct { int code; const char *text; } r[] = {
        {200, "OK"}, {201, "Created"}, {202, "Accepted"},
        {203, "Non-Authoritative Information"}, {204, "No Content"},
        {205, "Reset Content"}, {206, "Partial Content"},
        {207, "Multi-Status"}, {300, "Multiple Choices"},
        {301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"},
        {304, "Not Modified"}, {307, "Temporary Redirect"},
        {308, "Permanent Redirect"}, {400, "Bad Request"},
        {401, "Unauthorized"}, {402, "Payment Required"},
        {403, "Forbidden"}, {404, "Not Found"},
        {405, "Method Not Allowed"}, {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"}, {408, "Request Timeout"},
        {409, "Conflict"}, {410, "Gone"}, {411, "Length Required"},
        {412, "Precondition Failed"}, {413, "Content Too Large"},
        {414, "URI Too Long"}, {415, "Unsupported Media Type"},
        {416, "Range Not Satisfiable"}, {417, "Expectation Failed"},
        {418, "I'm a teapot"}, {421, "Misdirected Request"},
        {422, "Unprocessable Content"}, {423, "Locked"},
        {424, "Failed Dependency"}, {425, "Too Early"},
        {426, "Upgrade Required"}, {428, "Precondition Required"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"}, {501, "Not Implemented"},
        {502, "Bad Gateway"}, {503, "Service Unavailable"},
        {504, "Gateway Timeout"}, {505, "HTTP Version Not Supported"},
        {507, "Insufficient Storage"},
        {511, "Network Authentication Required"},
    };
    for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
        if (r[i].code == code)
            return r[i].text;
    return "";
}

/* Header bytes of an ASGI message: bytes (or bytearray). */
static int conn_bytes(PyObject *o, const char **p, Py_ssize_t *n)
{
    if (PyBytes_Check(o)) {
        *p = PyBytes_AS_STRING(o);
        *n = PyBytes_GET_SIZE(o);
        return 0;
    }
    if (PyByteArray_Check(o)) {
        *p = PyByteArray_AS_STRING(o);
        *n = PyByteArray_GET_SIZE(o);
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "ASGI response header names and values "
                 "must be bytes, not %.100s", Py_TYPE(o)->tp_name);
    return -1;
}

/* One [name, value] pair into the HEADERS payload.  Hop-by-hop headers
 * are left out: the Apache child refuses them (Apache frames the
 * response itself), and an ASGI application may send them. */
static int conn_header(gw_enc *e, PyObject *pair)
{
    PyObject *seq = PySequence_Fast(pair, "an ASGI response header must "
                                    "be a [name, value] pair");
    const char *n, *v;
    Py_ssize_t nl, vl;
    int rc = -1;

    if (!seq)
        return -1;
    if (PySequence_Fast_GET_SIZE(seq) != 2) {
        PyErr_SetString(PyExc_ValueError, "an ASGI response header must be "
                        "a [name, value] pair");
        goto out;
    }
    if (conn_bytes(PySequence_Fast_GET_ITEM(seq, 0), &n, &nl) < 0
        || conn_bytes(PySequence_Fast_GET_ITEM(seq, 1), &v, &vl) < 0)
        goto out;
    if (gw_check_header_name(n, (size_t)nl) != GW_OK) {
        PyErr_Format(PyExc_ValueError, "invalid response header name %R",
                     PySequence_Fast_GET_ITEM(seq, 0));
        goto out;
    }
    if (gw_check_header_value(v, (size_t)vl) != GW_OK) {
        PyErr_Format(PyExc_ValueError, "invalid value %R of response "
                     "header %R (CR, LF and NUL are not allowed)",
                     PySequence_Fast_GET_ITEM(seq, 1),
                     PySequence_Fast_GET_ITEM(seq, 0));
        goto out;
    }
    rc = 0;
    if (gw_is_hop_by_hop(n, (size_t)nl))
        goto out;
    if (gw_enc_add(e, n, (size_t)nl, v, (size_t)vl) != GW_OK) {
        PyErr_Format(PyExc_ValueError, "response headers exceed %u bytes",
                     GW_ASGI_HMAX);
        rc = -1;
    }
out:
    Py_DECREF(seq);
    return rc;
}

/* http.response.start: the status and headers, validated and queued as
 * the HEADERS frame; they leave with the first body bytes or the next
 * flush(). */
static PyObject *conn_start(gw_asgi_conn *c, PyObject *args)
{
    int code;
    PyObject *headers = NULL, *it = NULL, *item;
    gw_enc e;
    char status[64];

    if (!PyArg_ParseTuple(args, "i|O:start", &code, &headers))
        return NULL;
    if (c->started) {
        PyErr_SetString(PyExc_RuntimeError, "http.response.start sent "
                        "twice");
        return NULL;
    }
    if (code < GW_STATUS_FINAL_MIN || code > GW_STATUS_FINAL_MAX) {
        PyErr_Format(PyExc_ValueError, "http.response.start status %d is "
                     "not a final HTTP status (200 to 599)", code);
        return NULL;
    }
    unsigned char *buf = malloc(GW_ASGI_HMAX);
    if (!buf)
        return PyErr_NoMemory();
    gw_kv_begin(&e, buf, GW_ASGI_HMAX);
    int sl = snprintf(status, sizeof(status), "%d %s", code,
                      conn_reason(code));
    gw_enc_add(&e, GW_STATUS_KEY, sizeof(GW_STATUS_KEY) - 1, status,
               (size_t)sl);
    if (headers && headers != Py_None && !(it = PyObject_GetIter(headers)))
        goto fail;
    while (it && (item = PyIter_Next(it))) {
        int rc = conn_header(&e, item);
        Py_DECREF(item);
        if (rc < 0)
            goto fail;
    }
    if (PyErr_Occurred() || conn_frame(c, GW_FRAME_HEADERS, buf, e.len) < 0)
        goto fail;
    Py_XDECREF(it);
    free(buf);
    c->started = 1;
    Py_RETURN_NONE;

fail:
    Py_XDECREF(it);
    free(buf);
    return NULL;
}

/* http.response.body: queues data as a BODY frame and, when more is
 * false, the end (END_KEEP when the link can take the next request),
 * then writes what it can.  Returns the bytes still queued, -1 when the
 * peer is gone. */
static PyObject *conn_body(gw_asgi_conn *c, PyObject *args)
{
    Py_buffer data;
    int more = 0;

    if (!PyArg_ParseTuple(args, "y*|p:body", &data, &more))
        return NULL;
    if (!c->started || c->ended) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_RuntimeError, c->ended
                        ? "http.response.body after the response ended"
                        : "http.response.body before http.response.start");
        return NULL;
    }
    int rc = 0;
    if (data.len > 0 && c->fd >= 0)
        rc = conn_frame(c, GW_FRAME_BODY, data.buf, (size_t)data.len);
    PyBuffer_Release(&data);
    if (rc < 0)
        return NULL;
    if (!more) {
        /* END_KEEP promises a link at a request boundary: the whole body
         * left the socket, nothing failed. */
        c->ended = 1;
        c->keep = c->job->body_done && !c->rerr && !c->werr
                  && c->may_keep && c->may_keep();
        if (c->fd >= 0 && conn_frame(c, c->keep ? GW_FRAME_END_KEEP
                                     : GW_FRAME_END, NULL, 0) < 0)
            return NULL;
    }
    return PyLong_FromSsize_t(conn_try_flush(c));
}

static PyObject *conn_flush(gw_asgi_conn *c, PyObject *unused)
{
    (void)unused;
    return PyLong_FromSsize_t(conn_try_flush(c));
}

/* The application failed: ABORT (a 500 before the headers reached the
 * client, a cut connection after), unless the response had ended. */
static PyObject *conn_abort(gw_asgi_conn *c, PyObject *args)
{
    const char *reason = "application error";
    Py_ssize_t n = 17;

    if (!PyArg_ParseTuple(args, "|s#:abort", &reason, &n))
        return NULL;
    if (n > 256)
        n = 256;
    if (!c->ended && c->fd >= 0) {
        c->ended = 1;
        c->keep = 0;
        if (conn_frame(c, GW_FRAME_ABORT, reason, (size_t)n) < 0)
            return NULL;
    }
    return PyLong_FromSsize_t(conn_try_flush(c));
}

/* The link goes back to the intake: kept when END_KEEP went out whole,
 * else closed.  Once; later calls do nothing. */
static void conn_release_fd(gw_asgi_conn *c)
{
    if (c->fd < 0)
        return;
    int keep = c->ended && c->keep && !c->werr && conn_pending(c) == 0;
    int fd = c->fd;
    c->fd = -1;
    if (c->conn_return)
        c->conn_return(fd, keep);
    else
        close(fd);
    free(c->rbuf);
    free(c->wbuf);
    c->rbuf = c->wbuf = NULL;
    c->woff = c->wlen = c->wcap = 0;
}

static PyObject *conn_release(gw_asgi_conn *c, PyObject *unused)
{
    (void)unused;
    conn_release_fd(c);
    Py_RETURN_NONE;
}

static PyObject *conn_fileno(gw_asgi_conn *c, PyObject *unused)
{
    (void)unused;
    return PyLong_FromLong(c->fd);
}

static PyObject *conn_gone(gw_asgi_conn *c, void *unused)
{
    (void)unused;
    return PyBool_FromLong(c->werr != 0 || c->fd < 0);
}

static void conn_dealloc(gw_asgi_conn *c)
{
    conn_release_fd(c);
    free(c->kv);
    free(c->job);
    Py_XDECREF(c->uri);
    Py_XDECREF(c->script);
    Py_XDECREF(c->callable);
    PyObject_Free(c);
}

static PyMethodDef conn_methods[] = {
    {"recv", (PyCFunction)conn_recv, METH_NOARGS,
     "recv() -> bytes (b'' at the end of the body) or None: not yet"},
    {"peer_closed", (PyCFunction)conn_peer_closed, METH_NOARGS,
     "peer_closed() -> whether the Apache child closed the link"},
    {"start", (PyCFunction)conn_start, METH_VARARGS,
     "start(status, headers): http.response.start"},
    {"body", (PyCFunction)conn_body, METH_VARARGS,
     "body(data, more) -> bytes still queued, -1: peer gone"},
    {"flush", (PyCFunction)conn_flush, METH_NOARGS,
     "flush() -> bytes still queued, -1: peer gone"},
    {"abort", (PyCFunction)conn_abort, METH_VARARGS,
     "abort(reason): the application failed"},
    {"release", (PyCFunction)conn_release, METH_NOARGS,
     "release(): the link goes back to the daemon's intake"},
    {"fileno", (PyCFunction)conn_fileno, METH_NOARGS, "the descriptor"},
    {NULL, NULL, 0, NULL}
};

static PyObject *conn_get_uri(gw_asgi_conn *c, void *u)
{
    (void)u;
    return Py_NewRef(c->uri);
}

static PyObject *conn_get_script(gw_asgi_conn *c, void *u)
{
    (void)u;
    return Py_NewRef(c->script);
}

static PyObject *conn_get_callable(gw_asgi_conn *c, void *u)
{
    (void)u;
    return Py_NewRef(c->callable);
}

static PyGetSetDef conn_getset[] = {
    {"body_done", (getter)conn_body_done, NULL,
     "the whole request body was handed out", NULL},
    {"gone", (getter)conn_gone, NULL, "a write failed, or released", NULL},
    {"uri", (getter)conn_get_uri, NULL, "REQUEST_URI", NULL},
    {"script", (getter)conn_get_script, NULL, "gateway.script", NULL},
    {"callable", (getter)conn_get_callable, NULL, "gateway.callable", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

PyTypeObject gw_asgi_conn_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.AsgiConn",
    .tp_basicsize = sizeof(gw_asgi_conn),
    .tp_dealloc = (destructor)conn_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A request connection owned by the event loop.",
    .tp_methods = conn_methods,
    .tp_getset = conn_getset,
};

int gw_asgi_conn_ready(void)
{
    return PyType_Ready(&gw_asgi_conn_type);
}

static PyObject *conn_text(const gw_kv *kv, const char *dflt)
{
    if (!kv)
        return PyUnicode_FromString(dflt);
    return PyUnicode_DecodeUTF8(kv->val, kv->vlen, "surrogateescape");
}

PyObject *gw_asgi_conn_new(gw_asgi_job *job, int (*may_keep)(void),
                           void (*conn_return)(int fd, int keep))
{
    gw_asgi_conn *c = PyObject_New(gw_asgi_conn, &gw_asgi_conn_type);
    size_t n = 0;

    if (!c) {
        conn_return(job->fd, 0);
        free(job);
        return NULL;
    }
    c->job = job;
    c->fd = job->fd;
    c->bpos = 0;
    c->rbuf = c->wbuf = NULL;
    c->woff = c->wlen = c->wcap = 0;
    c->werr = c->rerr = 0;
    c->started = c->ended = c->keep = 0;
    c->may_keep = may_keep;
    c->conn_return = conn_return;
    c->uri = c->script = c->callable = NULL;
    /* The worker decoded these very bytes, so they decode. */
    c->kv = malloc(sizeof(gw_kv) * (job->varslen / 4 + 1));
    if (!c->kv || gw_kv_decode(job->data, job->varslen, c->kv,
                               job->varslen / 4 + 1, &n) != GW_OK) {
        Py_DECREF(c);
        return PyErr_NoMemory();
    }
    c->nkv = n;
    /* Room for the most pairs the block could hold (4 bytes each) was
     * taken; what it held is kept: a WebSocket keeps its vars for its
     * whole life. */
    gw_kv *fit = realloc(c->kv, sizeof(gw_kv) * (n ? n : 1));
    if (fit)
        c->kv = fit;
    const gw_kv *callable = gw_kv_find(c->kv, n, GW_VAR_CALLABLE);
    c->uri = conn_text(gw_kv_find(c->kv, n, "REQUEST_URI"), "?");
    c->script = conn_text(gw_kv_find(c->kv, n, GW_VAR_SCRIPT), "");
    c->callable = conn_text(callable && callable->vlen ? callable : NULL,
                            "application");
    if (!c->uri || !c->script || !c->callable) {
        Py_DECREF(c);
        return NULL;
    }
    return (PyObject *)c;
}

/* ---- for the request's WebSocket (gw_asgi_ws.c) -------------------- */

int gw_asgi_conn_fd(PyObject *conn)
{
    return ((gw_asgi_conn *)conn)->fd;
}

int gw_asgi_conn_frame(PyObject *conn, unsigned type, const void *data,
                       size_t len)
{
    gw_asgi_conn *c = (gw_asgi_conn *)conn;

    if (c->fd < 0)
        return 0;
    return conn_frame(c, type, data, len);
}

int gw_asgi_conn_queue(PyObject *conn, const void *hdr, size_t hlen,
                       const void *data, size_t len)
{
    gw_asgi_conn *c = (gw_asgi_conn *)conn;

    if (c->fd < 0)
        return 0;
    return conn_queue(c, hdr, hlen, data, len);
}

Py_ssize_t gw_asgi_conn_push(PyObject *conn)
{
    gw_asgi_conn *c = (gw_asgi_conn *)conn;
    Py_ssize_t left = conn_try_flush(c);

    /* A WebSocket is idle most of its life: it keeps no empty buffer. */
    if (left == 0 && c->wbuf) {
        free(c->wbuf);
        c->wbuf = NULL;
        c->woff = c->wlen = c->wcap = 0;
    }
    return left;
}

int gw_asgi_conn_body_end(PyObject *conn)
{
    gw_asgi_conn *c = (gw_asgi_conn *)conn;
    gw_asgi_job *j = c->job;
    unsigned char b[GW_CHUNK_HDR_LEN];

    if (c->bpos < j->bodylen || c->rerr)
        return -1;
    while (!j->body_done) {
        /* Only the end chunk's header may be left, and no more than it
         * is read: the bytes after it are the WebSocket's. */
        size_t want = GW_CHUNK_HDR_LEN - j->dechunk.hdr_have;
        if (!j->body_chunked || j->dechunk.left || want == 0
            || want > sizeof(b) || c->fd < 0)
            return -1;
        ssize_t r = recv(c->fd, b, want, MSG_DONTWAIT);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (r <= 0)
            return -1;
        if (gw_dechunk(&j->dechunk, b, (size_t)r) != 0)
            return -1;
        j->body_done = j->dechunk.done;
    }
    return 1;
}

const gw_kv *gw_asgi_conn_vars(PyObject *conn, size_t *n)
{
    gw_asgi_conn *c = (gw_asgi_conn *)conn;

    *n = c->nkv;
    return c->kv;
}
