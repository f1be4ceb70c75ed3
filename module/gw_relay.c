/*
 * gw_relay.c - the daemon's response frames, relayed to the client (see
 * gw_relay.h).  Runs in Apache children.
 *
 * The daemon is untrusted: each HEADERS frame is validated again
 * (gw_headers_decode), hop-by-hop headers and a status that is not final
 * are refused, the application is held to its own Content-Length, and a
 * descriptor it passes is checked before Apache sends from it.  Before
 * the headers have gone out a broken response is an HTTP error; after
 * them, the client connection is cut, never ended cleanly.
 */
#include "gw_relay.h"
#include "gw_relaybuf.h"
#include "gw_slots.h"
#include "gw_tunnel.h"

#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_strings.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* Bodies at least this large are received straight into their own heap
 * bucket, with no copy through the read buffer. */
#define GW_DIRECT_BODY      (16 * 1024)
#define GW_MAX_HEADERS      1024
/* Relayed body bytes held before they are handed to the output filters:
 * memory stays bounded on long responses. */
#define GW_RELAY_PENDING    (4 * GW_READ_BUF)

/* One response on its way. */
typedef struct {
    gw_link *l;
    request_rec *r;
    apr_bucket_brigade *bb;
    int headers_done;
} gw_relay;

/* A frame handler's answer when the response goes on. */
#define RELAY_MORE (-1)

/* Applies a validated HEADERS payload to r; returns OK or 502. */
static int apply_headers(gw_link *l, const unsigned char *p, apr_size_t n)
{
    request_rec *r = l->r;
    gw_kv kv[GW_MAX_HEADERS];
    size_t nkv;
    int code;
    int rc = gw_headers_decode(p, n, kv, GW_MAX_HEADERS, &nkv, &code);

    /* The daemon runs the application's code, so this is where a final
     * status is enforced, for start_response() and raw frames alike: a
     * 1xx would go out as an interim response and the client would read
     * the body as the response to its next request (another group's, on
     * a keep-alive connection).  WSGI has no interim responses (103 Early
     * Hints included): start_response() gives the final status. */
    if (rc == GW_ENOTFINAL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01060)
                      "daemon process %ld of group '%s' sent status '%s', "
                      "which is not a final status (200-599); answering "
                      "502", (long)l->peer_pid, l->g->name,
                      ap_escape_logitem(r->pool, apr_pstrndup(r->pool,
                          kv[0].val, kv[0].vlen)));
        return HTTP_BAD_GATEWAY;
    }
    if (rc != GW_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01003)
                      "daemon process %ld of group '%s' sent invalid "
                      "response headers (%s); answering 502",
                      (long)l->peer_pid, l->g->name, gw_proto_strerror(rc));
        return HTTP_BAD_GATEWAY;
    }
    r->status = code;
    r->status_line = apr_pstrndup(r->pool, kv[0].val, kv[0].vlen);
    gw_dir_conf *dc = ap_get_module_config(r->per_dir_config,
                                           &gateway_module);
    for (size_t i = 1; i < nkv; i++) {
        const char *name = apr_pstrndup(r->pool, kv[i].key, kv[i].klen);
        const char *val = apr_pstrndup(r->pool, kv[i].val, kv[i].vlen);
        if (gw_is_hop_by_hop(name, kv[i].klen)) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01004)
                          "application of group '%s' sent hop-by-hop "
                          "header '%s', which WSGI forbids; answering 502",
                          l->g->name, name);
            return HTTP_BAD_GATEWAY;
        }
        if (!strcasecmp(name, "Content-Type"))
            ap_set_content_type(r, val);
        else if (!strcasecmp(name, "Content-Length")) {
            uint64_t n;
            if (gw_parse_length(val, kv[i].vlen, &n) != GW_OK
                || l->declared >= 0) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01025)
                              "application of group '%s' sent an invalid or "
                              "second Content-Length '%s'; answering 502",
                              l->g->name, ap_escape_logitem(r->pool, val));
                return HTTP_BAD_GATEWAY;
            }
            l->declared = (apr_off_t)n;
            apr_table_setn(r->headers_out, name, val);
        }
        else
            apr_table_addn(r->headers_out, name, val);
    }
    /* CGI's local redirect, only where enabled: an app that can make
     * Apache serve any local URL in its place could reach what access
     * control keeps from the client (the target is checked again, but as
     * a subrequest of this one). */
    const char *loc = apr_table_get(r->headers_out, "Location");
    if (dc->internal_redirect == 1 && code == HTTP_OK && loc && loc[0] == '/')
        l->redirect = loc;
    return OK;
}

/* How many of n more body bytes may go to the client: never past the
 * app's own Content-Length, so no byte of this response can be read by
 * the client as the start of the next one on a keep-alive connection. */
static apr_size_t body_allowed(gw_link *l, apr_size_t n)
{
    if (l->redirect)
        return 0;       /* the redirect's target answers instead */
    if (l->declared < 0 || l->r->header_only)
        return n;
    if (l->sent + (apr_off_t)n <= l->declared) {
        l->sent += (apr_off_t)n;
        return n;
    }
    apr_size_t ok = (apr_size_t)(l->declared - l->sent);
    l->sent = l->declared;
    if (!l->overrun) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, l->r, GWLOGNO(01026)
                      "application of group '%s' sent more body than its "
                      "Content-Length %" APR_OFF_T_FMT "; the excess is "
                      "dropped and the client connection closed",
                      l->g->name, l->declared);
        l->r->connection->keepalive = AP_CONN_CLOSE;
        l->overrun = 1;
    }
    return ok;
}

/* Why the daemon's descriptor cannot be the body's bytes off+len, or
 * NULL when it can: it must be a regular file holding the whole range,
 * open for reading.  O_PATH counts as not open for reading: its access
 * mode bits read as O_RDONLY, yet read() and sendfile() fail on it. */
static const char *file_refusal(int fd, uint64_t off, uint64_t len)
{
    struct stat st;
    int mode = fcntl(fd, F_GETFL);

    if (mode < 0 || fstat(fd, &st) != 0)
        return "cannot be examined";
    if (!S_ISREG(st.st_mode))
        return "not a regular file";
    if ((mode & O_PATH) || (mode & O_ACCMODE) == O_WRONLY)
        return "not open for reading (O_PATH or O_WRONLY)";
    if ((uint64_t)st.st_size < off + len)
        return "the file is shorter than the range";
    return NULL;
}

/* A FILE frame: the body continues with part of a file whose descriptor
 * came with the frame.  The descriptor is the daemon's (untrusted): only
 * a readable regular file holding the whole range is accepted; Apache then
 * sends it with its own file bucket (sendfile or mmap). */
static int add_file(gw_link *l, apr_bucket_brigade *bb,
                    const unsigned char *p)
{
    request_rec *r = l->r;
    uint64_t off = 0, len = 0;

    int range_ok = gw_file_decode(p, &off, &len) == GW_OK;
    if (l->nfds == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01035)
                      "daemon process %ld of group '%s' sent a FILE frame "
                      "without a descriptor", (long)l->peer_pid, l->g->name);
        return HTTP_BAD_GATEWAY;
    }
    int fd = l->fds[0];
    memmove(l->fds, l->fds + 1, (size_t)--l->nfds * sizeof(int));
    const char *why = range_ok ? file_refusal(fd, off, len)
                               : "a range beyond what an off_t holds";
    if (why) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01036)
                      "daemon process %ld of group '%s' passed a descriptor "
                      "that is not a readable regular file holding bytes "
                      "%" APR_UINT64_T_FMT "+%" APR_UINT64_T_FMT " (%s); "
                      "refused", (long)l->peer_pid, l->g->name, off, len,
                      why);
        close(fd);
        return HTTP_BAD_GATEWAY;
    }
    /* The daemon keeps its own handle on the file and could truncate it
     * while an Apache child maps it, which would kill the child with
     * SIGBUS (and every request the child serves): so it is never mapped
     * (whatever EnableMMAP says), and is sent with sendfile, which just
     * stops short, unless the administrator set EnableSendfile Off here;
     * then it is read. */
    core_dir_config *cd = ap_get_core_module_config(r->per_dir_config);
    apr_int32_t flags = APR_FOPEN_READ;
    if (cd->enable_sendfile != ENABLE_SENDFILE_OFF)
        flags |= APR_FOPEN_SENDFILE_ENABLED;
    apr_file_t *f = NULL;
    apr_os_file_t ofd = fd;
    if (apr_os_file_put(&f, &ofd, flags, r->pool) != APR_SUCCESS) {
        close(fd);
        return HTTP_BAD_GATEWAY;
    }
    /* apr_os_file_put registers no cleanup: close with the request. */
    apr_pool_cleanup_register(r->pool, f, (apr_status_t (*)(void *))
                              apr_file_close, apr_pool_cleanup_null);
    apr_size_t ok = body_allowed(l, (apr_size_t)len);
    if (ok) {
        apr_bucket *before = APR_BRIGADE_LAST(bb);
        apr_brigade_insert_file(bb, f, (apr_off_t)off, (apr_off_t)ok,
                                r->pool);
        /* A large file becomes several buckets: none of them mapped. */
        for (apr_bucket *b = APR_BUCKET_NEXT(before);
             b != APR_BRIGADE_SENTINEL(bb); b = APR_BUCKET_NEXT(b))
            if (APR_BUCKET_IS_FILE(b))
                apr_bucket_file_enable_mmap(b, 0);
    }
    return OK;
}

/* The response broke after its headers went out: tell the client by
 * closing without a proper end, as mod_proxy does.  app_failed: the
 * application itself failed (it raised, or sent less than its
 * Content-Length), so the client gets its headers and a cut connection,
 * never a 502 page: they pass the header filter first, since an error
 * bucket that reaches it still in front of them turns the response into
 * Apache's 502 page (ap_http_header_filter answers any error bucket it
 * sees).  A daemon that broke the protocol keeps the 502 while its
 * headers are still held. */
static void abort_response(gw_link *l, apr_bucket_brigade *bb,
                           int app_failed)
{
    request_rec *r = l->r;
    r->no_cache = 1;
    if (app_failed) {
        /* Before keepalive is turned off: headers that leave with the
         * connection marked to close have no chunked framing, so the
         * cut would read as a proper end of the body. */
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_flush_create(l->ba));
        if (ap_pass_brigade(r->output_filters, bb) != APR_SUCCESS) {
            apr_brigade_cleanup(bb);
            r->connection->keepalive = AP_CONN_CLOSE;
            return;     /* the client is gone: nothing left to cut */
        }
        apr_brigade_cleanup(bb);
    }
    r->connection->keepalive = AP_CONN_CLOSE;
    APR_BRIGADE_INSERT_TAIL(bb, ap_bucket_error_create(HTTP_BAD_GATEWAY,
                            NULL, r->pool, l->ba));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(l->ba));
    ap_pass_brigade(r->output_filters, bb);
}

/* The response broke (rv: how the wait or read ended).  Before the
 * headers an HTTP status; after them the client connection is cut. */
static int relay_broken(gw_relay *x, apr_status_t rv)
{
    gw_link *l = x->l;
    request_rec *r = x->r;

    if (rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv)
        && !APR_STATUS_IS_TIMEUP(rv) && r->connection->aborted)
        return OK;
    if (APR_STATUS_IS_TIMEUP(rv) && !x->headers_done
        && l->timeout == l->g->request_timeout) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01030)
                      "daemon process %ld of group '%s' did not answer "
                      "within request-timeout (%" APR_TIME_T_FMT " s); "
                      "answering 504 (%s)", (long)l->peer_pid, l->g->name,
                      apr_time_sec(l->g->request_timeout), l->g->asgi
                      ? "the event loop cancels the request"
                      : "the process recycles itself when the request stays "
                        "stuck");
        /* An ASGI process serves every request on one loop: a slow one
         * is cancelled there (interp/gw_asgi_shim.py), never a reason
         * for the supervisor to kill the others with it. */
        if (!l->g->asgi)
            gw_slots_report_stuck(l->g, l->peer_pid);
        return HTTP_GATEWAY_TIME_OUT;
    }
    if (APR_STATUS_IS_TIMEUP(rv)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01011)
                      "daemon process %ld of group '%s' sent nothing for "
                      "socket-timeout (%" APR_TIME_T_FMT " s); answering %s",
                      (long)l->peer_pid, l->g->name,
                      apr_time_sec(l->g->socket_timeout),
                      x->headers_done ? "nothing more (connection cut)"
                                      : "504");
        if (!x->headers_done)
            return HTTP_GATEWAY_TIME_OUT;
        abort_response(l, x->bb, 0);
        return OK;
    }
    /* The whole body the application declared is out: the client has its
     * response, only the END frame is missing (the process ended right
     * after writing it).  Nothing to cut; the link is not kept. */
    if (x->headers_done && APR_STATUS_IS_EOF(rv) && l->declared >= 0
        && !l->redirect && (l->sent == l->declared || r->header_only)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01077)
                      "daemon process %ld of group '%s' closed the "
                      "connection after the whole response (Content-Length "
                      "%" APR_OFF_T_FMT "), before its END frame; the "
                      "response is complete (the supervisor logs how the "
                      "process ended)", (long)l->peer_pid, l->g->name,
                      l->declared);
        APR_BRIGADE_INSERT_TAIL(x->bb, apr_bucket_eos_create(l->ba));
        ap_pass_brigade(r->output_filters, x->bb);
        return OK;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, APR_STATUS_IS_EOF(rv) ? 0 : rv, r,
                  GWLOGNO(01012) "daemon process %ld of group '%s' closed "
                  "the connection before the response was complete; %s "
                  "(the supervisor logs how the process ended)",
                  (long)l->peer_pid, l->g->name,
                  x->headers_done ? "cutting the client connection"
                                  : "answering 502");
    if (!x->headers_done)
        return HTTP_BAD_GATEWAY;
    abort_response(l, x->bb, 0);
    return OK;
}

/* The daemon broke the protocol (logged already). */
static int relay_violated(gw_relay *x)
{
    if (!x->headers_done)
        return HTTP_BAD_GATEWAY;
    abort_response(x->l, x->bb, 0);
    return OK;
}

/* Hands over what is held once it is large; the core output filter does
 * the writing.  RELAY_MORE, or OK when the client went away (the daemon
 * then sees EPIPE). */
static int relay_pass_pending(gw_relay *x)
{
    apr_off_t pending = 0;

    if (!x->headers_done)
        return RELAY_MORE;
    apr_brigade_length(x->bb, 0, &pending);
    if (pending < GW_RELAY_PENDING)
        return RELAY_MORE;
    if (ap_pass_brigade(x->r->output_filters, x->bb) != APR_SUCCESS)
        return OK;
    apr_brigade_cleanup(x->bb);
    return RELAY_MORE;
}

/* The start of a large body part that is already here: the spill itself
 * becomes the part's buffer (no copy), bytes past the part move to the
 * link's buffer; otherwise what the link's buffer holds is copied into a
 * fresh relay buffer.  Returns how many of the part's bytes are in *data. */
static apr_size_t body_part_begin(gw_link *l, apr_size_t part, char **data)
{
    apr_size_t have;

    if (l->nspill) {
        const char *from = l->spill;
        have = l->nspill < part ? l->nspill : part;
        *data = l->spill;
        l->spill = NULL;
        memcpy(l->buf, from + have, l->nspill - have);
        l->pos = 0;
        l->len = l->nspill - have;
        l->nspill = 0;
        return have;
    }
    *data = gw_relaybuf_get();
    have = l->len - l->pos;
    if (have > part)
        have = part;
    memcpy(*data, l->buf + l->pos, have);
    l->pos += have;
    return have;
}

/* A large BODY frame: its payload is received straight into relay
 * buffers (gw_relaybuf.h) of GW_READ_BUF bytes, each its own heap bucket,
 * and a frame larger than that is passed on as it goes: what a child holds
 * for a response is bounded however large the application's chunks are. */
static int relay_big_body(gw_relay *x, uint32_t flen)
{
    gw_link *l = x->l;
    apr_size_t left = flen;

    while (left > 0) {
        apr_size_t part = left < GW_READ_BUF ? left : GW_READ_BUF;
        char *data;
        apr_size_t have = body_part_begin(l, part, &data);
        while (have < part) {
            apr_size_t n = part - have;
            apr_status_t rv = gw_link_recv(l, data + have, &n, l->timeout);
            if (n == 0) {
                gw_relaybuf_put(data);
                return relay_broken(x, rv == APR_SUCCESS ? APR_EOF : rv);
            }
            have += n;
        }
        apr_size_t ok = body_allowed(l, part);
        if (ok)
            APR_BRIGADE_INSERT_TAIL(x->bb, apr_bucket_heap_create(data, ok,
                                    gw_relaybuf_put, l->ba));
        else
            gw_relaybuf_put(data);
        left -= part;
        int rc = left ? relay_pass_pending(x) : RELAY_MORE;
        if (rc != RELAY_MORE)
            return rc;
    }
    return RELAY_MORE;
}

static int relay_headers(gw_relay *x, const char *payload, uint32_t flen)
{
    gw_link *l = x->l;

    if (x->headers_done) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x->r, GWLOGNO(01007)
                      "daemon process %ld of group '%s' sent headers twice",
                      (long)l->peer_pid, l->g->name);
        return relay_violated(x);
    }
    if (flen > (uint32_t)l->g->header_buffer_size) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x->r, GWLOGNO(01028)
                      "application of group '%s' sent response headers of "
                      "%lu bytes, over header-buffer-size (%d); answering "
                      "502", l->g->name, (unsigned long)flen,
                      l->g->header_buffer_size);
        return HTTP_BAD_GATEWAY;
    }
    int rc = apply_headers(l, (const unsigned char *)payload, flen);
    if (rc != OK)
        return rc;
    x->headers_done = 1;
    l->timeout = l->g->socket_timeout;
    return RELAY_MORE;
}

static int relay_body(gw_relay *x, const char *payload, uint32_t flen)
{
    if (!x->headers_done) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x->r, GWLOGNO(01008)
                      "daemon process %ld of group '%s' sent body before "
                      "headers", (long)x->l->peer_pid, x->l->g->name);
        return relay_violated(x);
    }
    apr_size_t ok = flen ? body_allowed(x->l, flen) : 0;
    if (ok)
        apr_brigade_write(x->bb, NULL, NULL, payload, ok);
    return RELAY_MORE;
}

/* END or END_KEEP: the response is complete, as the daemon sees it. */
static int relay_end(gw_relay *x, unsigned type)
{
    gw_link *l = x->l;
    request_rec *r = x->r;

    l->keep = type == GW_FRAME_END_KEEP;
    if (!x->headers_done) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01009)
                      "daemon process %ld of group '%s' ended the response "
                      "without headers", (long)l->peer_pid, l->g->name);
        return HTTP_BAD_GATEWAY;
    }
    if (l->declared >= 0 && l->sent < l->declared && !r->header_only
        && r->status != HTTP_NO_CONTENT && r->status != HTTP_NOT_MODIFIED) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01027)
                      "application of group '%s' sent %" APR_OFF_T_FMT
                      " body bytes, fewer than its Content-Length %"
                      APR_OFF_T_FMT "; cutting the client connection",
                      l->g->name, l->sent, l->declared);
        abort_response(l, x->bb, 1);
        return OK;
    }
    /* The link back in the pool before the client has the end of the
     * response: its next request finds it there. */
    gw_link_finish(l);
    if (l->redirect) {
        /* As mod_cgi: the target is fetched with GET, no body. */
        apr_brigade_cleanup(x->bb);
        r->method = "GET";
        r->method_number = M_GET;
        apr_table_unset(r->headers_in, "Content-Length");
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GWLOGNO(01038)
                      "internal redirect to %s (application's Location, "
                      "GatewayInternalRedirect On)", l->redirect);
        ap_internal_redirect_handler(l->redirect, r);
        return OK;
    }
    APR_BRIGADE_INSERT_TAIL(x->bb, apr_bucket_eos_create(l->ba));
    ap_pass_brigade(r->output_filters, x->bb);
    return OK;
}

static int relay_file(gw_relay *x, const char *payload, uint32_t flen)
{
    gw_link *l = x->l;

    if (x->headers_done && flen == GW_FILE_LEN) {
        if (add_file(l, x->bb, (const unsigned char *)payload) != OK)
            return relay_violated(x);       /* add_file logged why */
        return RELAY_MORE;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x->r, GWLOGNO(01034)
                  "daemon process %ld of group '%s' sent a FILE frame out "
                  "of place", (long)l->peer_pid, l->g->name);
    return relay_violated(x);
}

static int relay_abort(gw_relay *x, const char *payload, uint32_t flen)
{
    gw_link *l = x->l;
    request_rec *r = x->r;

    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01010)
                  "application in daemon group '%s' (pid %ld) failed: %s%s",
                  l->g->name, (long)l->peer_pid,
                  /* daemon text: escaped, it must not forge lines */
                  ap_escape_logitem(r->pool, apr_pstrndup(r->pool, payload,
                                    flen > 256 ? 256 : flen)),
                  x->headers_done ? "; response cut short"
                  : "; answering 500 (traceback logged by the daemon)");
    if (!x->headers_done)
        return HTTP_INTERNAL_SERVER_ERROR;
    abort_response(l, x->bb, 1);
    return OK;
}

/* script-user=/script-group=: the daemon would not run the request's
 * script (it judged the file it opened, daemon/gw_scriptowner.h).  403 by
 * Apache itself, as mod_wsgi's (ErrorDocument applies); the reason, which
 * names the file's owner and the one required, goes only to the log. */
static int relay_forbidden(gw_relay *x, const char *payload, uint32_t flen)
{
    gw_link *l = x->l;
    request_rec *r = x->r;

    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01039)
                  "daemon process %ld of group '%s' refused to run the "
                  "request's script: %s; answering 403", (long)l->peer_pid,
                  l->g->name,
                  /* daemon text: escaped, it must not forge lines */
                  ap_escape_logitem(r->pool, apr_pstrndup(r->pool, payload,
                                    flen > 1024 ? 1024 : flen)));
    return HTTP_FORBIDDEN;
}

/* A frame that is not a large body: its payload, read into the link's
 * buffer, goes to its handler. */
static int relay_frame(gw_relay *x, unsigned type, uint32_t flen)
{
    gw_link *l = x->l;
    apr_status_t rv;

    gw_link_unspill(l);
    if (flen > GW_READ_BUF - GW_FRAME_HDR_LEN) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x->r, GWLOGNO(01006)
                      "daemon process %ld of group '%s' sent a %s frame of "
                      "%lu bytes, over the %d byte limit",
                      (long)l->peer_pid, l->g->name,
                      type == GW_FRAME_HEADERS ? "header" : "control",
                      (unsigned long)flen, GW_READ_BUF);
        return relay_violated(x);
    }
    if (l->len - l->pos < flen
        && (rv = gw_link_fill(l, flen, x->bb)) != APR_SUCCESS)
        return relay_broken(x, rv);
    const char *payload = l->buf + l->pos;
    l->pos += flen;

    switch (type) {
    case GW_FRAME_HEADERS:
        return relay_headers(x, payload, flen);
    case GW_FRAME_BODY:
        return relay_body(x, payload, flen);
    case GW_FRAME_END:
    case GW_FRAME_END_KEEP:
        return relay_end(x, type);
    case GW_FRAME_FILE:
        return relay_file(x, payload, flen);
    case GW_FRAME_ABORT:
        return relay_abort(x, payload, flen);
    case GW_FRAME_FORBIDDEN:
        if (!x->headers_done)
            return relay_forbidden(x, payload, flen);
        break;
    case GW_FRAME_WEBSOCKET:
        /* The answer to a handshake this child checked: a 403, or the
         * 101 and the tunnel. */
        if (l->websocket && !x->headers_done)
            return gw_tunnel_answer(l, payload, flen);
        break;
    default:
        break;
    }
    /* START or RETRY again, FORBIDDEN after the headers, WEBSOCKET out
     * of place: gw_frame_decode knows them, a response has no place for
     * them. */
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x->r, GWLOGNO(01078)
                  "daemon process %ld of group '%s' sent frame type %u "
                  "inside its response", (long)l->peer_pid, l->g->name,
                  type);
    return relay_violated(x);
}

int gw_relay_response(gw_link *l)
{
    gw_relay x = { l, l->r, apr_brigade_create(l->r->pool, l->ba), 0 };

    /* Before the headers, request-timeout= (when shorter) bounds the
     * wait; after them, socket-timeout= bounds each pause. */
    if (l->g->request_timeout > 0 && l->g->request_timeout < l->timeout)
        l->timeout = l->g->request_timeout;
    for (;;) {
        unsigned type;
        uint32_t flen;
        apr_status_t rv = gw_link_header(l, x.bb);
        if (rv != APR_SUCCESS)
            return relay_broken(&x, rv);
        int rc = gw_frame_decode((unsigned char *)l->buf + l->pos, &type,
                                 &flen);
        if (rc != GW_OK) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, x.r, GWLOGNO(01005)
                          "daemon process %ld of group '%s' broke the "
                          "protocol: %s", (long)l->peer_pid, l->g->name,
                          gw_proto_strerror(rc));
            return relay_violated(&x);
        }
        l->pos += GW_FRAME_HDR_LEN;
        if (type == GW_FRAME_BODY && x.headers_done
            && flen >= GW_DIRECT_BODY)
            rc = relay_big_body(&x, flen);
        else
            rc = relay_frame(&x, type, flen);
        if (rc == RELAY_MORE)
            rc = relay_pass_pending(&x);
        if (rc != RELAY_MORE)
            return rc;
    }
}
