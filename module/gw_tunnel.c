/*
 * gw_tunnel.c - WebSockets in an Apache child (see gw_tunnel.h).
 *
 * The handshake is judged here, before the request goes out, with the
 * pure checks of proto/gw_websocket.h; Sec-WebSocket-Accept is computed
 * here from the client's key, so a daemon can neither forge it nor
 * confirm a handshake the client never asked for.  After the 101 the
 * client side goes through the connection's filters (TLS works) and the
 * daemon side through the link's descriptor; both are drained until
 * they would block, then polled together.
 */
#include "gw_tunnel.h"
#include "gw_websocket.h"

#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_base64.h"
#include "apr_sha1.h"
#include "apr_strings.h"

#include "ap_mpm.h"
#include "mpm_common.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* Extra headers a 101 may carry from the application (cookies, mostly). */
#define GW_TUNNEL_HEADERS   64
/* Reads of one direction before the other one is looked at: a busy
 * direction must not starve the other (64 x 64 KiB). */
#define GW_TUNNEL_READS     64

/* When this Apache child began to stop (0: it has not) and how.  The
 * MPM's thread sets them (child_stopping) and writes the eventfd, which
 * every tunnel polls: it hears the stop at once.  A child's tunnels
 * would otherwise hold it, and Apache's graceful-stop, for as long as
 * their clients stay (the daemon pings them), and a hard stop's MPM
 * closes the client sockets under them without waking their poll(). */
static struct {
    int efd;
    apr_time_t since;
    int graceful;
} stop = { -1, 0, 0 };

static void tunnel_child_stopping(apr_pool_t *pchild, int graceful)
{
    uint64_t one = 1;
    (void)pchild;

    stop.graceful = graceful;
    __atomic_store_n(&stop.since, apr_time_now(), __ATOMIC_RELEASE);
    if (stop.efd >= 0)
        (void)!write(stop.efd, &one, sizeof(one));
}

void gw_tunnel_child_init(void)
{
    stop.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

void gw_tunnel_register_hooks(void)
{
    ap_hook_child_stopping(tunnel_child_stopping, NULL, NULL,
                           APR_HOOK_MIDDLE);
}

int gw_tunnel_wanted(request_rec *r, const gw_group *g)
{
    const char *up = apr_table_get(r->headers_in, "Upgrade");

    return g->asgi && up && gw_ws_list_has(up, strlen(up), "websocket", 9, 1);
}

/* A handshake refused: the client's mistake, logged at info. */
static int refuse(request_rec *r, const char *why)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01190)
                  "WebSocket handshake for %s refused: %s; answering 400",
                  ap_escape_logitem(r->pool, r->uri), why);
    return HTTP_BAD_REQUEST;
}

int gw_tunnel_check(request_rec *r)
{
    const char *conn = apr_table_get(r->headers_in, "Connection");
    const char *ver = apr_table_get(r->headers_in, "Sec-WebSocket-Version");
    const char *key = apr_table_get(r->headers_in, "Sec-WebSocket-Key");
    const char *cl = apr_table_get(r->headers_in, "Content-Length");

    if (strcmp(r->method, "GET"))
        return refuse(r, apr_psprintf(r->pool, "method %s, not GET",
                                      ap_escape_logitem(r->pool,
                                                        r->method)));
    /* HTTP/2's way (RFC 8441, mod_http2's H2WebSockets) is another
     * handshake on a stream, not a connection of its own. */
    if (r->proto_num != HTTP_VERSION(1, 1) || r->connection->master)
        return refuse(r, apr_psprintf(r->pool, "%s, not HTTP/1.1 (RFC 6455 "
                                      "handshakes are HTTP/1.1)",
                                      r->protocol));
    if (!conn || !gw_ws_list_has(conn, strlen(conn), "upgrade", 7, 1))
        return refuse(r, "no Connection: upgrade");
    if (!ver || strcmp(ver, GW_WS_VERSION)) {
        /* RFC 6455 4.4: say which version is understood. */
        apr_table_setn(r->err_headers_out, "Sec-WebSocket-Version",
                       GW_WS_VERSION);
        return refuse(r, ver ? apr_psprintf(r->pool, "Sec-WebSocket-Version "
                                            "%s, not 13",
                                            ap_escape_logitem(r->pool, ver))
                             : "no Sec-WebSocket-Version");
    }
    if (!key)
        return refuse(r, "no Sec-WebSocket-Key");
    if (!gw_ws_key_valid(key, strlen(key)))
        return refuse(r, "Sec-WebSocket-Key is not 16 base64-coded bytes");
    /* Bytes after the headers belong to the WebSocket: a body would be
     * neither HTTP's nor the tunnel's. */
    if (apr_table_get(r->headers_in, "Transfer-Encoding")
        || (cl && strcmp(cl, "0")))
        return refuse(r, "a handshake has no body");
    return OK;
}

/* RFC 6455 4.2.2: base64(SHA-1(key + GUID)), 28 characters. */
static const char *accept_of(request_rec *r)
{
    const char *key = apr_table_get(r->headers_in, "Sec-WebSocket-Key");
    unsigned char d[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t sha;
    char *out = apr_palloc(r->pool, apr_base64_encode_len(sizeof(d)));

    apr_sha1_init(&sha);
    apr_sha1_update_binary(&sha, (const unsigned char *)key, strlen(key));
    apr_sha1_update_binary(&sha, (const unsigned char *)GW_WS_GUID,
                           sizeof(GW_WS_GUID) - 1);
    apr_sha1_final(d, &sha);
    apr_base64_encode_binary(out, d, sizeof(d));
    return out;
}

/* The daemon's answer is not one to send on (logged): 502. */
static int bad_answer(gw_link *l, const char *why)
{
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, l->r, GWLOGNO(01191)
                  "daemon process %ld of group '%s' answered the WebSocket "
                  "handshake wrongly: %s; answering 502", (long)l->peer_pid,
                  l->g->name, why);
    return HTTP_BAD_GATEWAY;
}

/* The 101, with what the application chose; from now on the request
 * reads and writes the connection itself, which is never kept. */
static void tunnel_switch(gw_link *l, const gw_kv *kv, size_t n,
                          const gw_kv *sub)
{
    request_rec *r = l->r;
    conn_rec *c = r->connection;

    apr_table_clear(r->headers_out);
    apr_table_setn(r->headers_out, "Upgrade", "websocket");
    apr_table_setn(r->headers_out, "Connection", "Upgrade");
    apr_table_setn(r->headers_out, "Sec-WebSocket-Accept", accept_of(r));
    if (sub->vlen)
        apr_table_setn(r->headers_out, "Sec-WebSocket-Protocol",
                       apr_pstrndup(r->pool, sub->val, sub->vlen));
    for (size_t i = 0; i < n; i++)
        apr_table_addn(r->headers_out,
                       apr_pstrndup(r->pool, kv[i].key, kv[i].klen),
                       apr_pstrndup(r->pool, kv[i].val, kv[i].vlen));
    r->status = HTTP_SWITCHING_PROTOCOLS;
    r->status_line = "101 Switching Protocols";
    /* As ap_proxy_tunnel_create: mod_reqtimeout would take a quiet
     * WebSocket for a slow request, mod_ssl's coalescing would hold
     * small frames back, and the request's own filters (HTTP framing,
     * compression) have no business in the tunnel: the request ends
     * through the connection's filters only. */
    ap_remove_input_filter_byhandle(c->input_filters, "reqtimeout");
    ap_remove_output_filter_byhandle(c->output_filters,
                                     "SSL/TLS Coalescing Filter");
    r->input_filters = r->proto_input_filters = c->input_filters;
    r->output_filters = r->proto_output_filters = c->output_filters;
    c->keepalive = AP_CONN_CLOSE;
    ap_send_interim_response(r, 1);
}

/* ---- the relay ------------------------------------------------------ */

typedef struct {
    gw_link *l;
    request_rec *r;
    conn_rec *c;
    struct pollfd pfd[3];       /* the client's socket, the daemon link,
                                 * the stop's eventfd */
    apr_bucket_brigade *in, *out;
    const char *end;            /* why the tunnel ended */
    apr_off_t up, down;         /* bytes from the client, to it */
    apr_time_t bye;             /* when the daemon was told to go */
} gw_tun;

/* The client closed its end: the daemon is told by a half-close, so
 * that what it still sends (its side of the closing handshake) reaches
 * the client; the daemon's own close then ends the tunnel. */
static void client_closed(gw_tun *t)
{
    shutdown(t->l->fd, SHUT_WR);
    t->pfd[0].fd = -1;          /* poll() skips it */
}

/* Client -> daemon until the client has nothing more for now: 0, 1
 * when it stopped with bytes perhaps left (in the connection's filters,
 * where poll() cannot see them), or -1 when the tunnel is over (t->end
 * says why). */
static int pump_up(gw_tun *t)
{
    for (int i = 0; t->pfd[0].fd >= 0; i++) {
        if (i == GW_TUNNEL_READS)
            return 1;
        apr_brigade_cleanup(t->in);
        apr_status_t rv = ap_get_brigade(t->c->input_filters, t->in,
                                         AP_MODE_READBYTES,
                                         APR_NONBLOCK_READ, GW_READ_BUF);
        if (APR_STATUS_IS_EAGAIN(rv)
            || (rv == APR_SUCCESS && APR_BRIGADE_EMPTY(t->in)))
            return 0;
        if (APR_STATUS_IS_EOF(rv)) {
            client_closed(t);
            return 0;
        }
        if (rv != APR_SUCCESS) {
            t->end = "reading from the client failed";
            return -1;
        }
        for (apr_bucket *b = APR_BRIGADE_FIRST(t->in);
             b != APR_BRIGADE_SENTINEL(t->in); b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t len;
            if (APR_BUCKET_IS_EOS(b)) {
                client_closed(t);
                break;
            }
            if (APR_BUCKET_IS_METADATA(b))
                continue;
            if (apr_bucket_read(b, &data, &len, APR_BLOCK_READ)
                != APR_SUCCESS) {
                t->end = "reading from the client failed";
                return -1;
            }
            struct iovec iov = { (void *)data, len };
            if (len && gw_link_sendv(t->l, &iov, 1) != APR_SUCCESS) {
                /* The daemon closed its end (it failed the connection,
                 * say for a message over its limit): what it wrote
                 * before, its close frame, is still to be read and
                 * sent; the client is not read any more. */
                t->pfd[0].fd = -1;
                return 0;
            }
            t->up += (apr_off_t)len;
        }
    }
    return 0;
}

/* n bytes of the daemon's to the client, flushed: 0 or -1. */
static int send_down(gw_tun *t, const char *data, apr_size_t n)
{
    apr_bucket_alloc_t *ba = t->c->bucket_alloc;

    APR_BRIGADE_INSERT_TAIL(t->out, apr_bucket_transient_create(data, n, ba));
    APR_BRIGADE_INSERT_TAIL(t->out, apr_bucket_flush_create(ba));
    apr_status_t rv = ap_pass_brigade(t->c->output_filters, t->out);
    apr_brigade_cleanup(t->out);
    if (rv != APR_SUCCESS || t->c->aborted) {
        t->end = "the client went away";
        return -1;
    }
    t->down += (apr_off_t)n;
    return 0;
}

/* Daemon -> client until the daemon has nothing more for now. */
static int pump_down(gw_tun *t)
{
    gw_link *l = t->l;

    for (int i = 0; i < GW_TUNNEL_READS; i++) {
        apr_size_t n = GW_READ_BUF;
        apr_status_t rv = gw_link_recv(l, l->buf, &n, 0);
        if (APR_STATUS_IS_EAGAIN(rv))
            return 0;
        if (rv != APR_SUCCESS) {
            t->end = "the daemon link failed";
            return -1;
        }
        if (n == 0) {
            t->end = "the daemon closed it";
            return -1;
        }
        if (send_down(t, l->buf, n) < 0)
            return -1;
    }
    return 0;
}

/* The Apache child stops: -1 when the tunnel ends now, else 0 and
 * *until the next moment to look again.  A hard stop ends it at once
 * (event and worker MPMs have closed the client's socket already).  A
 * graceful one is a reload or a graceful-stop: on a reload the old
 * daemon process closes its WebSockets within graceful-timeout= (with
 * the application's code or 1001), so only after that (and a second)
 * is the daemon told, by a half-close, that the client is going; it
 * then sends 1001 and closes, which ends the tunnel, or 2 s later the
 * tunnel ends anyway. */
static int tunnel_stopping(gw_tun *t, apr_time_t now, apr_time_t *until)
{
    apr_time_t since = __atomic_load_n(&stop.since, __ATOMIC_ACQUIRE);

    if (!since)
        return 0;
    t->pfd[2].fd = -1;          /* it stays readable: heard once is enough */
    if (!stop.graceful) {
        t->end = "Apache is stopping";
        t->pfd[0].fd = -1;      /* closed by the MPM: not to be touched */
        return -1;
    }
    apr_time_t cut = since + t->l->g->graceful_timeout
                     + apr_time_from_sec(1);
    if (!t->bye && now >= cut) {
        shutdown(t->l->fd, SHUT_WR);
        t->pfd[0].fd = -1;
        t->bye = now;
    }
    if (t->bye && now >= t->bye + apr_time_from_sec(2)) {
        t->end = "Apache is stopping gracefully";
        return -1;
    }
    apr_time_t next = t->bye ? t->bye + apr_time_from_sec(2) : cut;
    if (next < *until)
        *until = next;
    return 0;
}

/* Until either end is gone, or nothing moved for socket-timeout=. */
static void relay(gw_tun *t)
{
    gw_link *l = t->l;
    apr_time_t last = apr_time_now();

    /* What the daemon sent right after its answer came with it. */
    if (l->len > l->pos && send_down(t, l->buf + l->pos, l->len - l->pos) < 0)
        return;
    l->pos = l->len = 0;
    for (;;) {
        apr_off_t moved = t->up + t->down;
        int more = pump_up(t);
        if (more < 0 || pump_down(t) < 0)
            return;
        apr_time_t now = apr_time_now();
        if (t->up + t->down != moved)
            last = now;
        apr_time_t until = last + l->g->socket_timeout;
        if (tunnel_stopping(t, now, &until) < 0)
            return;
        if (now >= until) {
            t->end = "idle";
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, t->r, GWLOGNO(01193)
                          "WebSocket of %s (group '%s') idle for "
                          "socket-timeout (%" APR_TIME_T_FMT " s): closing "
                          "it", ap_escape_logitem(t->r->pool, t->r->uri),
                          l->g->name, apr_time_sec(l->g->socket_timeout));
            return;
        }
        for (int i = 0; i < 3; i++)
            t->pfd[i].revents = 0;
        int pr = poll(t->pfd, 3, more ? 0
                      : (int)apr_time_as_msec(until - now + 999));
        if (pr < 0 && errno != EINTR) {
            t->end = "poll failed";
            ap_log_rerror(APLOG_MARK, APLOG_ERR, APR_FROM_OS_ERROR(errno),
                          t->r, GWLOGNO(01194) "WebSocket of %s (group "
                          "'%s'): waiting for either end failed; closing "
                          "it", ap_escape_logitem(t->r->pool, t->r->uri),
                          l->g->name);
            return;
        }
    }
}

static int tunnel_run(gw_link *l)
{
    request_rec *r = l->r;
    conn_rec *c = r->connection;
    apr_os_sock_t cfd = -1;
    gw_tun t;

    memset(&t, 0, sizeof(t));
    t.l = l;
    t.r = r;
    t.c = c;
    t.in = apr_brigade_create(r->pool, c->bucket_alloc);
    t.out = apr_brigade_create(r->pool, c->bucket_alloc);
    apr_os_sock_get(&cfd, ap_get_conn_socket(c));
    t.pfd[0].fd = cfd;
    t.pfd[0].events = POLLIN;
    t.pfd[1].fd = l->fd;
    t.pfd[1].events = POLLIN;
    t.pfd[2].fd = stop.efd;
    t.pfd[2].events = POLLIN;
    apr_time_t began = apr_time_now();
    if (c->aborted)
        t.end = "the client went away before the 101";
    else
        relay(&t);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GWLOGNO(01195)
                  "WebSocket of %s (daemon process %ld of group '%s') ended "
                  "after %" APR_TIME_T_FMT " s: %s; %" APR_OFF_T_FMT " bytes "
                  "from the client, %" APR_OFF_T_FMT " to it",
                  ap_escape_logitem(r->pool, r->uri), (long)l->peer_pid,
                  l->g->name, apr_time_sec(apr_time_now() - began), t.end,
                  t.up, t.down);
    /* The daemon hears the end now; the client connection closes after
     * the request (keepalive is off). */
    gw_link_close(l);
    return DONE;
}

int gw_tunnel_answer(gw_link *l, const char *payload, uint32_t flen)
{
    request_rec *r = l->r;
    gw_kv kv[GW_TUNNEL_HEADERS], sub;
    size_t n;
    int accept;

    if (flen > (uint32_t)l->g->header_buffer_size)
        return bad_answer(l, apr_psprintf(r->pool, "%lu bytes of headers, "
                                          "over header-buffer-size (%d)",
                                          (unsigned long)flen,
                                          l->g->header_buffer_size));
    int rc = gw_ws_reply_decode((const unsigned char *)payload, flen, kv,
                                GW_TUNNEL_HEADERS, &n, &accept, &sub);
    if (rc == GW_ERESERVED)
        return bad_answer(l, apr_psprintf(r->pool, "the application sent "
                          "header '%s', which a WebSocket 101 may not carry",
                          ap_escape_logitem(r->pool, apr_pstrndup(r->pool,
                              kv[0].key, kv[0].klen))));
    if (rc != GW_OK)
        return bad_answer(l, gw_proto_strerror(rc));
    if (!accept) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01192)
                      "the application of group '%s' closed the WebSocket "
                      "of %s before accepting it; answering 403",
                      l->g->name, ap_escape_logitem(r->pool, r->uri));
        return HTTP_FORBIDDEN;
    }
    const char *offered = apr_table_get(r->headers_in,
                                        "Sec-WebSocket-Protocol");
    if (sub.vlen && !(offered && gw_ws_list_has(offered, strlen(offered),
                                                sub.val, sub.vlen, 0)))
        return bad_answer(l, apr_psprintf(r->pool, "the application chose "
                          "subprotocol '%s', which the client did not offer",
                          apr_pstrndup(r->pool, sub.val, sub.vlen)));
    tunnel_switch(l, kv, n, &sub);
    return tunnel_run(l);
}
