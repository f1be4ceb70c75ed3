/*
 * gw_body.c - the client's request body on its way to the daemon (see
 * gw_body.h).  Runs in Apache children.
 */
#include "gw_body.h"

#include "http_log.h"
#include "http_protocol.h"
#include "util_filter.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

/* Body bytes on their way to the daemon.  A chunked body (no
 * CONTENT_LENGTH) is sent as length-prefixed chunks ending with an empty
 * one, so the daemon can tell a complete body from one cut short.  The
 * bytes are not copied: iov points into the buckets the input filters
 * returned, kept in `held` until they are sent, and each chunk (header
 * and data) leaves in one writev. */
#define GW_BODY_IOV 64

typedef struct {
    gw_link *l;
    int chunked;
    int daemon_reading;    /* 0 once the daemon stopped reading */
    apr_bucket_brigade *held;
    struct iovec iov[1 + GW_BODY_IOV];  /* [0]: room for the chunk header */
    int niov;              /* data entries, from iov[1] */
    apr_size_t len;        /* data bytes they hold */
    unsigned char chdr[GW_CHUNK_HDR_LEN];
} gw_body_out;


/* Sends what is gathered; with last set (chunked only), also when nothing
 * is: the empty chunk that ends the body. */
static void body_flush(gw_body_out *o, int last)
{
    if (o->daemon_reading && (o->len > 0 || last)) {
        struct iovec *v = o->iov + 1;
        int n = o->niov;
        if (o->chunked) {
            gw_chunk_encode(o->chdr, (uint32_t)o->len);
            o->iov[0].iov_base = o->chdr;
            o->iov[0].iov_len = GW_CHUNK_HDR_LEN;
            v = o->iov;
            n++;
        }
        if (n && gw_link_sendv(o->l, v, n) != APR_SUCCESS)
            o->daemon_reading = 0;
    }
    o->len = 0;
    o->niov = 0;
    apr_brigade_cleanup(o->held);
}

/* Takes the data bucket b out of bb into o->held (set aside, so a
 * transient bucket's bytes outlive the filter call) and queues its bytes;
 * sends once 64 KB are gathered.  APR_SUCCESS or a read error. */
static apr_status_t body_take(gw_body_out *o, apr_bucket *b)
{
    const char *data;
    apr_size_t n;
    apr_status_t rv = apr_bucket_read(b, &data, &n, APR_BLOCK_READ);

    if (rv != APR_SUCCESS)
        return rv;
    if (n == 0) {
        apr_bucket_delete(b);
        return APR_SUCCESS;
    }
    if (apr_bucket_setaside(b, o->l->r->pool) != APR_SUCCESS) {
        /* A bucket that cannot be kept: a copy of its bytes is. */
        apr_bucket *copy = apr_bucket_heap_create(data, n, NULL, o->l->ba);
        apr_bucket_delete(b);
        b = copy;
    }
    else {
        APR_BUCKET_REMOVE(b);
    }
    APR_BRIGADE_INSERT_TAIL(o->held, b);
    /* Set aside, a transient bucket's bytes moved: read them again. */
    if ((rv = apr_bucket_read(b, &data, &n, APR_BLOCK_READ)) != APR_SUCCESS)
        return rv;
    o->iov[1 + o->niov].iov_base = (void *)data;
    o->iov[1 + o->niov].iov_len = n;
    o->niov++;
    o->len += n;
    if (o->niov == GW_BODY_IOV || o->len >= GW_READ_BUF)
        body_flush(o, 0);
    return APR_SUCCESS;
}

int gw_body_send(gw_link *l, int chunked)
{
    request_rec *r = l->r;
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, l->ba);
    gw_body_out o;

    memset(&o, 0, sizeof(o));
    o.l = l;
    o.chunked = chunked;
    o.daemon_reading = 1;
    o.held = apr_brigade_create(r->pool, l->ba);
    /* The core hands the body over in pieces of about 8 KB.  Each piece
     * that is not the last one arriving right now is followed by a
     * non-blocking read for more, so the daemon gets full buffers (one
     * wake-up per 64 KB, not per 8 KB) and still gets at once what a
     * slow client sent, before this waits for the rest. */
    apr_read_type_e block = APR_BLOCK_READ;
    for (;;) {
        apr_status_t rv = ap_get_brigade(r->input_filters, bb,
                                         AP_MODE_READBYTES, block,
                                         GW_READ_BUF);
        if (block == APR_NONBLOCK_READ
            && (APR_STATUS_IS_EAGAIN(rv)
                || (rv == APR_SUCCESS && APR_BRIGADE_EMPTY(bb)))) {
            body_flush(&o, 0);
            block = APR_BLOCK_READ;
            continue;
        }
        if (rv != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, rv, r, GWLOGNO(01014)
                          "reading the request body from the client failed");
            return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
        }
        int eos = 0;
        while (!APR_BRIGADE_EMPTY(bb)) {
            apr_bucket *b = APR_BRIGADE_FIRST(bb);
            if (APR_BUCKET_IS_EOS(b)) {
                eos = 1;
                break;
            }
            if (APR_BUCKET_IS_METADATA(b) || !o.daemon_reading) {
                apr_bucket_delete(b);
                continue;
            }
            if (body_take(&o, b) != APR_SUCCESS)
                return HTTP_BAD_REQUEST;
        }
        apr_brigade_cleanup(bb);
        if (eos)
            break;
        block = APR_NONBLOCK_READ;
    }
    body_flush(&o, 0);
    if (chunked)
        body_flush(&o, 1);  /* the empty chunk: the body is complete */
    return OK;
}

