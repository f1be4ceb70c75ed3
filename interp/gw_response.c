/*
 * gw_response.c - writing a WSGI response as frames (gw_response.h).
 *
 * Writes copy into the connection's write buffer under the GIL when no
 * syscall is needed; otherwise the GIL is released for the syscall, and
 * out_busy refuses a second Python thread writing meanwhile.
 */
#include "gw_response.h"
#include "gw_log.h"

#include <errno.h>
#include <string.h>

void gw_response_log_io(gw_wsgi_state *st)
{
    gw_conn *c = st->conn;

    if (st->io_logged)
        return;
    st->io_logged = 1;
    if (gw_conn_peer_gone(c))
        gw_log(GW_LOG_INFO, "GW05020: the client went away while the "
               "response to %.*s (script %s) was being sent (%s); response "
               "abandoned", st->req->urilen, st->req->uri, st->req->script,
               strerror(c->werr));
    else
        gw_log(GW_LOG_ERR, "GW05021: sending the response to %.*s (script "
               "%s) failed: %s; response abandoned", st->req->urilen,
               st->req->uri, st->req->script, strerror(c->werr));
}

/* Refuses a second Python thread writing while a write runs without the
 * GIL (the write buffer is not shared safely). */
static int response_out_check(gw_wsgi_state *st)
{
    if (st->out_busy) {
        PyErr_SetString(PyExc_RuntimeError, "the WSGI response is being "
                        "written by another thread");
        return -1;
    }
    return 0;
}

int gw_response_body(gw_wsgi_state *st, const char *p, size_t n, int flush)
{
    gw_conn *c = st->conn;
    size_t hl = st->headers_sent ? 0 : st->hlen;
    int rc = 0;

    if (response_out_check(st) < 0)
        return -1;
    st->headers_sent = 1;
    if (!flush && gw_conn_frame_nosys(c, hl + GW_FRAME_HDR_LEN + n)) {
        if (hl)
            rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
        if (rc == 0)
            rc = gw_conn_frame(c, GW_FRAME_BODY, p, n);
    } else {
        st->out_busy = 1;
        Py_BEGIN_ALLOW_THREADS
        if (hl)
            rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
        if (rc == 0)
            rc = gw_conn_frame(c, GW_FRAME_BODY, p, n);
        if (rc == 0 && flush)
            rc = gw_conn_flush(c);
        Py_END_ALLOW_THREADS
        st->out_busy = 0;
    }
    return rc < 0 ? -2 : 0;
}

int gw_response_flush(gw_wsgi_state *st)
{
    int rc;

    if (st->conn->wlen == 0)
        return 0;
    if (response_out_check(st) < 0)
        return -1;
    st->out_busy = 1;
    Py_BEGIN_ALLOW_THREADS
    rc = gw_conn_flush(st->conn);
    Py_END_ALLOW_THREADS
    st->out_busy = 0;
    return rc < 0 ? -2 : 0;
}

void gw_response_end(gw_wsgi_state *st)
{
    gw_conn *c = st->conn;
    size_t hl = st->headers_sent ? 0 : st->hlen;
    int rc = 0;
    /* Decided before the frame goes: END_KEEP promises that the link is
     * at a request boundary. */
    int keep = gw_conn_keepable(c);

    st->headers_sent = 1;
    Py_BEGIN_ALLOW_THREADS
    if (hl)
        rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
    if (rc == 0)
        rc = gw_conn_frame(c, keep ? GW_FRAME_END_KEEP : GW_FRAME_END, NULL,
                           0);
    if (rc == 0)
        rc = gw_conn_flush(c);
    Py_END_ALLOW_THREADS
    c->kept = keep && rc == 0;
    if (rc < 0)
        gw_response_log_io(st);
}

int gw_response_file(gw_wsgi_state *st, int fd, off_t off, uint64_t len)
{
    gw_conn *c = st->conn;
    size_t hl;
    uint64_t sent = 0;
    int rc = 0, err = 0;

    if (st->content_length >= 0 && (uint64_t)st->content_length < len)
        len = (uint64_t)st->content_length;
    if (len == 0)
        return 0;
    if (response_out_check(st) < 0)
        return -1;
    hl = st->headers_sent ? 0 : st->hlen;
    st->headers_sent = 1;
    st->out_busy = 1;
    Py_BEGIN_ALLOW_THREADS
    if (hl)
        rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
    if (rc == 0)
        rc = gw_conn_send_file(c, fd, off, len, &sent);
    err = errno;
    Py_END_ALLOW_THREADS
    st->out_busy = 0;
    if (rc < 0 && c->werr)
        return -2;
    if (rc < 0) {
        PyErr_Format(PyExc_OSError, "reading the file of wsgi.file_wrapper "
                     "(fd %d, offset %lld) failed: %s", fd,
                     (long long)(off + (off_t)sent), strerror(err));
        return -1;
    }
    if (sent < len && st->content_length >= 0) {
        PyErr_Format(PyExc_OSError, "the file of wsgi.file_wrapper ended "
                     "after %llu of the %llu bytes announced by "
                     "Content-Length (truncated while being sent?)",
                     (unsigned long long)sent, (unsigned long long)len);
        return -1;
    }
    return 0;
}
