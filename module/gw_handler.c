/*
 * gw_handler.c - the request path in an Apache child.
 *
 *   translate_name: WSGIScriptAlias URL -> script file + PATH_INFO
 *   handler:        CGI environ -> uwsgi packet -> daemon socket,
 *                   request body streamed after it,
 *                   response frames -> headers_out + body brigade.
 * The daemon is treated as untrusted: every frame is length-checked and
 * every header validated before Apache sees it.
 */
#include "gw_handler.h"
#include "gw_config.h"
#include "gw_linkpool.h"
#include "gw_proto.h"
#include "gw_slots.h"

#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_script.h"
#include "apr_strings.h"
#include "apr_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* Connect retries: the queue of a busy group (EAGAIN) or a socket being
 * replaced may clear in a moment; a missing socket or a permission error
 * will not, so those give up much sooner. */
#define GW_RETRY_FIRST      apr_time_from_msec(10)
#define GW_RETRY_MAX        apr_time_from_msec(500)
#define GW_HOPELESS_BUDGET  apr_time_from_msec(500)
#define GW_RETRY_AFTER      "5"

#define GW_READ_BUF         (64 * 1024)
/* The link's buffer: GW_READ_BUF, plus room for one frame header before
 * a spill's worth of bytes (link_header). */
#define GW_LINK_BUF         (GW_READ_BUF + GW_FRAME_HDR_LEN)
/* While a request waits for a process to take it, the group's state is
 * looked at this often. */
#define GW_QUEUE_SLICE      apr_time_from_msec(250)
/* Bodies at least this large are received straight into their own heap
 * bucket, with no copy through the read buffer. */
#define GW_DIRECT_BODY      (16 * 1024)
#define GW_MAX_HEADERS      1024
#define GW_RETRY            (-2)   /* wait_for_start: send it again */
#define GW_STALE            (-3)   /* a kept link the daemon had closed */
/* Descriptors (FILE frames) received ahead of their frames: a daemon
 * sending more at once is broken or hostile. */
#define GW_MAX_FDS          4

/* ---- translate_name: WSGIScriptAlias ---------------------------------- */

int gw_translate_name(request_rec *r)
{
    gw_server_conf *sc = ap_get_module_config(r->server->module_config,
                                              &gateway_module);
    gw_alias *a = (gw_alias *)sc->aliases->elts;

    if (r->uri[0] != '/')
        return DECLINED;
    for (int i = 0; i < sc->aliases->nelts; i++) {
        const char *path = a[i].path;
        apr_ssize_t m;
        if (a[i].regex) {
            ap_regmatch_t rm[AP_MAX_REG_MATCH];
            if (ap_regexec(a[i].regex, r->uri, AP_MAX_REG_MATCH, rm, 0))
                continue;
            path = ap_pregsub(r->pool, a[i].path, r->uri, AP_MAX_REG_MATCH,
                              rm);
            if (!path)
                continue;
            m = rm[0].rm_eo;
        }
        else if ((m = gw_mount_match(r->uri, a[i].url)) < 0)
            continue;
        /* Like mod_alias's ScriptAlias: the rest of the URL goes after the
         * script path (or into a directory of scripts) and the core's
         * directory walk splits what is not a file off as PATH_INFO, so
         * <Directory> blocks for the script apply. */
        r->filename = apr_pstrcat(r->pool, path, r->uri + m, NULL);
        r->handler = GW_HANDLER_NAME;
        ap_set_module_config(r->request_config, &gateway_module, &a[i]);
        return OK;
    }
    return DECLINED;
}

/* ---- names: process group, application group ------------------------- */

static const char *server_group_name(request_rec *r)
{
    const char *host = r->server->server_hostname;
    apr_port_t port = ap_get_server_port(r);
    /* Ports 80 and 443 are one site: HTTP and HTTPS share an interpreter. */
    if (port == 80 || port == 443)
        return host;
    return apr_psprintf(r->pool, "%s:%u", host, (unsigned)port);
}

/* Expands mod_wsgi's %{...} forms; NULL with *err set on a bad form. */
static const char *expand_name(request_rec *r, const char *v,
                               const char *script_name, const char **err)
{
    if (v[0] != '%' || v[1] != '{')
        return v;
    if (!strcmp(v, "%{GLOBAL}"))
        return "";
    if (!strcmp(v, "%{SERVER}"))
        return server_group_name(r);
    if (!strcmp(v, "%{RESOURCE}"))
        return apr_pstrcat(r->pool, server_group_name(r), "|", script_name,
                           NULL);
    if (!strncmp(v, "%{ENV:", 6) && v[strlen(v) - 1] == '}') {
        const char *var = apr_pstrndup(r->pool, v + 6, strlen(v) - 7);
        const char *val = apr_table_get(r->subprocess_env, var);
        if (!val)
            val = apr_table_get(r->notes, var);
        if (!val)
            val = getenv(var);
        return val ? val : "";
    }
    *err = apr_psprintf(r->pool, "unknown name form '%s' (expected "
                        "%%{GLOBAL}, %%{SERVER}, %%{RESOURCE}, %%{ENV:var} "
                        "or a literal name)", v);
    return NULL;
}

/* ---- talking to the daemon -------------------------------------------- */

typedef struct {
    request_rec *r;
    gw_group *g;
    int fd;                /* -1: none */
    int reused;            /* fd is a kept link (gw_linkpool.h) */
    int keep;              /* END_KEEP came and nothing is left unread */
    pid_t peer_pid;
    apr_bucket_alloc_t *ba;
    char *buf;             /* GW_LINK_BUF bytes */
    apr_size_t pos, len;
    char *spill;           /* GW_READ_BUF bytes from l->ba, or NULL */
    apr_size_t nspill;     /* bytes that followed the header, in spill */
    apr_interval_time_t timeout; /* for each wait on the daemon now */
    int fds[GW_MAX_FDS];   /* descriptors received, not yet used (FIFO) */
    int nfds;
    apr_off_t declared;    /* the app's Content-Length, or -1 */
    apr_off_t sent;        /* body bytes passed on so far */
    int overrun;           /* the app sent more than it declared */
    const char *redirect;  /* CGI-style local Location to serve instead */
} gw_link;

static const char *describe_socket(request_rec *r, const char *path)
{
    struct stat st;
    struct passwd *me = getpwuid(geteuid());
    const char *who = apr_psprintf(r->pool, "this Apache child runs as uid "
                                   "%ld (%s)", (long)geteuid(),
                                   me ? me->pw_name : "?");
    if (stat(path, &st) != 0)
        return apr_psprintf(r->pool, "the socket file does not exist (%s); "
                            "%s", strerror(errno), who);
    return apr_psprintf(r->pool, "socket is owner uid %ld gid %ld mode %04o; "
                        "%s", (long)st.st_uid, (long)st.st_gid,
                        (unsigned)(st.st_mode & 07777), who);
}

static apr_status_t link_fds_cleanup(void *data)
{
    gw_link *l = data;
    while (l->nfds > 0)
        close(l->fds[--l->nfds]);
    if (l->spill)
        apr_bucket_free(l->spill);
    l->spill = NULL;
    return APR_SUCCESS;
}

/* A plain non-blocking descriptor rather than an apr_socket_t: a link
 * may outlive this request's pool in the child's link pool. */
static apr_status_t link_socket_connect(gw_link *l,
                                        const struct sockaddr_un *sa)
{
    l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l->fd < 0)
        return APR_FROM_OS_ERROR(errno);
    /* On a UNIX socket, non-blocking connect() either completes or fails
     * at once (EAGAIN: the group's listen queue is full). */
    if (connect(l->fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
        return APR_SUCCESS;
    apr_status_t rv = APR_FROM_OS_ERROR(errno);
    close(l->fd);
    l->fd = -1;
    return rv;
}

static void link_close(gw_link *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
}

/* Is the listener at the other end of a new connection the Apache
 * parent's?  SO_PEERCRED on the connecting side names whoever called
 * listen() on it, and the parent made every group's socket.  Anyone else
 * listening at the socket's path (its directory swapped behind our back)
 * must get nothing, not even the request line: the packet carries the
 * client's cookies and the group's secret.  One getsockopt per new
 * connection; kept links were checked when they were made.  OK, or 503
 * with the link closed. */
static int link_check_listener(gw_link *l)
{
    request_rec *r = l->r;
    struct ucred cr;
    socklen_t len = sizeof(cr);
    pid_t parent = gw_slots_parent();

    if (getsockopt(l->fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, APR_FROM_OS_ERROR(errno), r,
                      GWLOGNO(01066) "cannot tell who listens on socket %s "
                      "of daemon group '%s' (SO_PEERCRED); nothing sent, "
                      "answering 503", l->g->socket_path, l->g->name);
        link_close(l);
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (cr.uid == 0 && cr.pid == parent)
        return OK;
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01065)
                  "socket %s of daemon group '%s' is not the Apache "
                  "parent's: its listener was made by pid %ld uid %ld, not "
                  "by pid %ld uid 0; nothing sent, answering 503.  Someone "
                  "replaced the socket or a directory above it: check that "
                  "every directory of WSGISocketPrefix is root's and "
                  "writable by no one else, and who listens there (ss -xlp)",
                  l->g->socket_path, l->g->name, (long)cr.pid, (long)cr.uid,
                  (long)parent);
    link_close(l);
    /* No Retry-After: this does not clear up by itself. */
    return HTTP_SERVICE_UNAVAILABLE;
}

/* The group's listen queue is full (every thread busy, listen-backlog=
 * connections waiting): wait for room in it rather than give up.  A
 * blocking connect() on a UNIX socket sleeps in the kernel, in line with
 * the other waiters (an exclusive, first-come wait queue), until the
 * daemon accepts one and a place frees up, bounded by SO_SNDTIMEO.  Not
 * sliced: a waiter that gave up its place to look around would go to the
 * back of the line, and under a long burst the unlucky ones would wait
 * many times the average.  Only the overflow of a burst comes here: a
 * queue with room takes the non-blocking connect of
 * link_socket_connect().  APR_SUCCESS with l->fd connected (and
 * non-blocking again), APR_EAGAIN when `until` passed, or the error. */
static apr_status_t link_wait_for_room(gw_link *l,
                                       const struct sockaddr_un *sa,
                                       apr_time_t until)
{
    for (;;) {
        apr_interval_time_t left = until - apr_time_now();
        if (left <= 0)
            return APR_EAGAIN;
        struct timeval tv = { (time_t)apr_time_sec(left),
                              (suseconds_t)apr_time_usec(left) };
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return APR_FROM_OS_ERROR(errno);
        if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0) {
            apr_status_t rv = APR_FROM_OS_ERROR(errno);
            close(fd);
            return rv;
        }
        if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0) {
            int fl = fcntl(fd, F_GETFL);
            if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) {
                apr_status_t rv = APR_FROM_OS_ERROR(errno);
                close(fd);
                return rv;
            }
            l->fd = fd;
            return APR_SUCCESS;
        }
        apr_status_t rv = APR_FROM_OS_ERROR(errno);
        close(fd);
        /* EAGAIN: the time ran out with the queue still full; EINTR: a
         * signal (the MPM's), the wait goes on. */
        if (!APR_STATUS_IS_EINTR(rv))
            return rv;
    }
}

/* Connects within connect-timeout=; returns OK or an HTTP status.  A
 * full queue is waited out (link_wait_for_room); a socket file nobody
 * listens on (ECONNREFUSED: it is being replaced) is tried again with
 * back-off; a missing socket or a permission error will not clear up, so
 * those give up much sooner. */
static int link_connect(gw_link *l)
{
    request_rec *r = l->r;
    gw_group *g = l->g;
    struct sockaddr_un sa;
    apr_status_t rv;
    apr_interval_time_t wait = GW_RETRY_FIRST;
    apr_time_t start = apr_time_now();
    apr_interval_time_t full = 0;      /* time spent waiting for room */
    int tries = 0;

    l->reused = 0;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (strlen(g->socket_path) >= sizeof(sa.sun_path)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01001)
                      "bad socket path %s for daemon group '%s': longer "
                      "than %d bytes", g->socket_path, g->name,
                      (int)sizeof(sa.sun_path) - 1);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    strcpy(sa.sun_path, g->socket_path);
    for (;;) {
        tries++;
        rv = link_socket_connect(l, &sa);
        if (APR_STATUS_IS_EAGAIN(rv)) {
            apr_time_t began = apr_time_now();
            rv = link_wait_for_room(l, &sa, start + g->connect_timeout);
            full += apr_time_now() - began;
        }
        if (rv == APR_SUCCESS || APR_STATUS_IS_EAGAIN(rv))
            break;
        apr_time_t spent = apr_time_now() - start;
        int hopeless = APR_STATUS_IS_ENOENT(rv) || APR_STATUS_IS_EACCES(rv)
                       || APR_STATUS_IS_ENOTDIR(rv) || rv == EPERM;
        /* connect-timeout= bounds both (a shorter one is kept). */
        apr_interval_time_t budget = g->connect_timeout;
        if (hopeless && GW_HOPELESS_BUDGET < budget)
            budget = GW_HOPELESS_BUDGET;
        if (spent >= budget)
            break;
        /* The last try comes at the end of the budget, not before. */
        apr_sleep(wait < budget - spent ? wait : budget - spent);
        wait = wait * 2 > GW_RETRY_MAX ? GW_RETRY_MAX : wait * 2;
    }
    if (rv == APR_SUCCESS)
        return link_check_listener(l);
    apr_table_setn(r->err_headers_out, "Retry-After", GW_RETRY_AFTER);
    if (APR_STATUS_IS_EAGAIN(rv)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01075)
                      "the queue of daemon group '%s' (listen-backlog=%d "
                      "at %s) stayed full for %" APR_TIME_T_FMT " ms of "
                      "connect-timeout (%" APR_TIME_T_FMT " s): all %d x %d "
                      "threads busy and the queue full; answering 503",
                      g->name, g->listen_backlog, g->socket_path,
                      apr_time_as_msec(full),
                      apr_time_sec(g->connect_timeout), g->processes,
                      g->threads);
        return HTTP_SERVICE_UNAVAILABLE;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01002)
                  "cannot connect to daemon group '%s' at %s after %d "
                  "tries in %" APR_TIME_T_FMT " ms: %s; answering 503",
                  g->name, g->socket_path, tries,
                  apr_time_as_msec(apr_time_now() - start),
                  describe_socket(r, g->socket_path));
    return HTTP_SERVICE_UNAVAILABLE;
}

/* A kept link to the group if there is one, else a new connection. */
static int link_open(gw_link *l)
{
    l->fd = gw_linkpool_take(l->g);
    if (l->fd < 0)
        return link_connect(l);
    l->reused = 1;
    return OK;
}

/* The request is over: a link at a request boundary goes back to the
 * pool, anything else is closed. */
static void link_finish(gw_link *l)
{
    if (l->fd >= 0 && l->keep && l->pos == l->len && l->nfds == 0
        && l->nspill == 0) {
        gw_linkpool_give(l->g, l->fd);
        l->fd = -1;
    }
    link_close(l);
}

/* Waits up to timeout (< 0: for ever) for events on the link:
 * APR_SUCCESS when they came (or a signal did), APR_TIMEUP, or the
 * error. */
static apr_status_t link_wait(gw_link *l, short events,
                              apr_interval_time_t timeout)
{
    struct pollfd pfd = { l->fd, events, 0 };
    int ms = timeout < 0 ? -1 : (int)((timeout + 999) / 1000);
    int pr = poll(&pfd, 1, ms);

    if (pr == 0)
        return APR_TIMEUP;
    if (pr < 0 && errno != EINTR)
        return APR_FROM_OS_ERROR(errno);
    return APR_SUCCESS;
}

/* One read from the daemon, keeping any descriptors (SCM_RIGHTS) that
 * come with it for the FILE frames.  Waits up to timeout (0: not at all);
 * APR_SUCCESS with *n = 0 is EOF. */
static apr_status_t link_recvv(gw_link *l, struct iovec *iov, int niov,
                               apr_size_t *n, apr_interval_time_t timeout)
{
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(GW_MAX_FDS * sizeof(int))];
    } ctl;
    struct msghdr msg;

    for (;;) {
        memset(&msg, 0, sizeof(msg));
        msg.msg_iov = iov;
        msg.msg_iovlen = (size_t)niov;
        msg.msg_control = ctl.buf;
        msg.msg_controllen = sizeof(ctl.buf);
        ssize_t r = recvmsg(l->fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (r >= 0) {
            for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm;
                 cm = CMSG_NXTHDR(&msg, cm)) {
                if (cm->cmsg_level != SOL_SOCKET
                    || cm->cmsg_type != SCM_RIGHTS)
                    continue;
                int k = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
                for (int i = 0; i < k; i++) {
                    int fd;
                    memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
                    if (l->nfds < GW_MAX_FDS)
                        l->fds[l->nfds++] = fd;
                    else
                        close(fd);
                }
            }
            if (msg.msg_flags & MSG_CTRUNC) {
                *n = 0;
                return APR_EGENERAL;    /* more descriptors than allowed */
            }
            *n = (apr_size_t)r;
            return APR_SUCCESS;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            *n = 0;
            return APR_FROM_OS_ERROR(errno);
        }
        if (timeout == 0) {
            *n = 0;
            return APR_EAGAIN;
        }
        apr_status_t rv = link_wait(l, POLLIN, timeout);
        if (rv != APR_SUCCESS) {
            *n = 0;
            return rv;
        }
    }
}

static apr_status_t link_recv(gw_link *l, char *buf, apr_size_t *n,
                              apr_interval_time_t timeout)
{
    struct iovec iov = { buf, *n };
    return link_recvv(l, &iov, 1, n, timeout);
}

/* When the daemon has nothing for us right now, pending output is flushed
 * to the client before we wait: a streaming app's chunks must not wait
 * for more. */
static apr_status_t link_flush_pending(gw_link *l, apr_bucket_brigade *out)
{
    if (!out || APR_BRIGADE_EMPTY(out))
        return APR_SUCCESS;
    APR_BRIGADE_INSERT_TAIL(out, apr_bucket_flush_create(l->ba));
    apr_status_t rv = ap_pass_brigade(l->r->output_filters, out);
    apr_brigade_cleanup(out);
    if (rv != APR_SUCCESS)
        return rv == AP_FILTER_ERROR ? APR_EGENERAL : rv;
    return APR_SUCCESS;
}

/* Reads at least `want` bytes into the buffer (keeping unread ones).
 * When the daemon has nothing for us right now, pending output is flushed
 * to the client first: a streaming app's chunks must not wait for more. */
static apr_status_t link_fill(gw_link *l, apr_size_t want,
                              apr_bucket_brigade *out)
{
    if (l->pos > 0) {
        memmove(l->buf, l->buf + l->pos, l->len - l->pos);
        l->len -= l->pos;
        l->pos = 0;
    }
    while (l->len < want) {
        apr_size_t n = GW_LINK_BUF - l->len;
        apr_status_t rv = link_recv(l, l->buf + l->len, &n, 0);
        if (APR_STATUS_IS_EAGAIN(rv)) {
            if ((rv = link_flush_pending(l, out)) != APR_SUCCESS)
                return rv;
            n = GW_LINK_BUF - l->len;
            rv = link_recv(l, l->buf + l->len, &n, l->timeout);
        }
        if (n > 0) {
            l->len += n;
            continue;
        }
        return rv == APR_SUCCESS ? APR_EOF : rv;
    }
    return APR_SUCCESS;
}

/* Makes the next frame header available in the buffer.  With nothing
 * buffered, the read is split: the header into the buffer, whatever
 * follows into l->spill, a bucket-sized buffer of its own (l->nspill
 * bytes).  The payload of a large BODY frame is then already where it is
 * sent from (relay_response), instead of being read into the buffer and
 * copied out of it: that copy was a quarter of the Apache child's time on
 * 1 MiB responses. */
static apr_status_t link_header(gw_link *l, apr_bucket_brigade *out)
{
    if (l->len - l->pos >= GW_FRAME_HDR_LEN)
        return APR_SUCCESS;
    if (l->len > l->pos)
        return link_fill(l, GW_FRAME_HDR_LEN, out);
    l->pos = l->len = 0;
    if (!l->spill)
        l->spill = apr_bucket_alloc(GW_READ_BUF, l->ba);
    struct iovec iov[2] = { { l->buf, GW_FRAME_HDR_LEN },
                            { l->spill, GW_READ_BUF } };
    apr_size_t n = 0;
    apr_status_t rv = link_recvv(l, iov, 2, &n, 0);
    if (APR_STATUS_IS_EAGAIN(rv)) {
        if ((rv = link_flush_pending(l, out)) != APR_SUCCESS)
            return rv;
        rv = link_recvv(l, iov, 2, &n, l->timeout);
    }
    if (n == 0)
        return rv == APR_SUCCESS ? APR_EOF : rv;
    if (n < GW_FRAME_HDR_LEN) {
        l->len = n;
        return link_fill(l, GW_FRAME_HDR_LEN, out);
    }
    l->len = GW_FRAME_HDR_LEN;
    l->nspill = n - GW_FRAME_HDR_LEN;
    return APR_SUCCESS;
}

/* What link_header put into the spill joins the buffer after the header
 * (GW_LINK_BUF has the room). */
static void link_unspill(gw_link *l)
{
    if (l->nspill) {
        memcpy(l->buf + l->len, l->spill, l->nspill);
        l->len += l->nspill;
        l->nspill = 0;
    }
}

static const char *hop_by_hop[] = {
    "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
    "TE", "Trailer", "Trailers", "Transfer-Encoding", "Upgrade", NULL
};

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
        for (int h = 0; hop_by_hop[h]; h++) {
            if (!strcasecmp(name, hop_by_hop[h])) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01004)
                              "application of group '%s' sent hop-by-hop "
                              "header '%s', which WSGI forbids; answering "
                              "502", l->g->name, name);
                return HTTP_BAD_GATEWAY;
            }
        }
        if (!strcasecmp(name, "Content-Type"))
            ap_set_content_type(r, val);
        else if (!strcasecmp(name, "Content-Length")) {
            char *end;
            apr_off_t n;
            if (!apr_isdigit(*val) || apr_strtoff(&n, val, &end, 10)
                != APR_SUCCESS || *end || n < 0 || l->declared >= 0) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01025)
                              "application of group '%s' sent an invalid or "
                              "second Content-Length '%s'; answering 502",
                              l->g->name, ap_escape_logitem(r->pool, val));
                return HTTP_BAD_GATEWAY;
            }
            l->declared = n;
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
    if (off > INT64_MAX || len > (uint64_t)INT64_MAX - off
        || (uint64_t)st.st_size < off + len)
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

    for (int i = 7; i >= 0; i--) {
        off = off << 8 | p[i];
        len = len << 8 | p[8 + i];
    }
    if (l->nfds == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01035)
                      "daemon process %ld of group '%s' sent a FILE frame "
                      "without a descriptor", (long)l->peer_pid, l->g->name);
        return HTTP_BAD_GATEWAY;
    }
    int fd = l->fds[0];
    memmove(l->fds, l->fds + 1, (size_t)--l->nfds * sizeof(int));
    const char *why = file_refusal(fd, off, len);
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
 * closing without a proper end, as mod_proxy does. */
static void abort_response(gw_link *l, apr_bucket_brigade *bb)
{
    request_rec *r = l->r;
    r->no_cache = 1;
    r->connection->keepalive = AP_CONN_CLOSE;
    APR_BRIGADE_INSERT_TAIL(bb, ap_bucket_error_create(HTTP_BAD_GATEWAY,
                            NULL, r->pool, l->ba));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(l->ba));
    ap_pass_brigade(r->output_filters, bb);
}

/* The process that accepts the request says so first (START); until
 * then the request waits in the group's queue.  No process taking it
 * within socket-timeout= means the group is unavailable (503), not slow;
 * with queue-timeout= set, a request that waited that long is answered
 * 504 rather than run late.  The wait is sliced so a group found failing
 * at start ends it early.  OK, or the HTTP status to answer. */
static int wait_for_start(gw_link *l)
{
    request_rec *r = l->r;
    gw_group *g = l->g;
    apr_interval_time_t limit = g->queue_timeout > 0 ? g->queue_timeout
                                                     : g->socket_timeout;
    apr_time_t until = apr_time_now() + limit;
    const char *why = NULL;
    apr_status_t rv;

    /* The request has only just gone: wait before the first read rather
     * than find the link empty.  A timeout here is seen below. */
    (void)link_wait(l, POLLIN, limit < GW_QUEUE_SLICE ? limit
                                                      : GW_QUEUE_SLICE);
    for (;;) {
        apr_interval_time_t left = until - apr_time_now();
        if (left <= 0) {
            rv = APR_TIMEUP;
            break;
        }
        apr_size_t n = GW_LINK_BUF - l->len;
        rv = link_recv(l, l->buf + l->len, &n,
                       left < GW_QUEUE_SLICE ? left : GW_QUEUE_SLICE);
        l->len += n;
        if (l->len >= GW_FIRST_LEN) {
            rv = APR_SUCCESS;
            break;
        }
        if (n > 0)
            continue;
        if (!APR_STATUS_IS_TIMEUP(rv)) {
            if (rv == APR_SUCCESS)
                rv = APR_EOF;
            break;
        }
        if (gw_slots_group_down(g, r->pool, &why)) {
            rv = APR_TIMEUP;
            break;
        }
    }
    if (rv == APR_SUCCESS) {
        unsigned type;
        uint32_t pid;
        if (gw_first_decode((const unsigned char *)l->buf, &type, &pid)
            != GW_OK) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01021)
                          "daemon group '%s' broke the protocol: the first "
                          "frame is not START; answering 502", g->name);
            return HTTP_BAD_GATEWAY;
        }
        /* Counted for the supervisor, which believes a recycle a process
         * claims only on this evidence (gw_supervisor.h). */
        if (type == GW_FRAME_RETRY) {
            gw_slots_note_retry(g, (pid_t)pid, r->request_time);
            return GW_RETRY;
        }
        gw_slots_note_start(g, (pid_t)pid);
        l->peer_pid = (pid_t)pid;
        l->pos = GW_FIRST_LEN;
        return OK;
    }
    /* A kept link that ends before a byte came: the process closed it
     * idle (bounced: it is busy, or stopping) or is gone.  START never
     * came, so nothing was taken; the caller connects afresh. */
    if (l->reused && l->len == 0 && !why && !APR_STATUS_IS_TIMEUP(rv))
        return GW_STALE;
    if (why) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01024)
                      "daemon group '%s' stopped running while the request "
                      "waited: its processes keep failing at start (the "
                      "last one %s); answering 503", g->name, why);
        apr_table_setn(r->err_headers_out, "Retry-After", GW_RETRY_AFTER);
        return HTTP_SERVICE_UNAVAILABLE;
    }
    if (APR_STATUS_IS_TIMEUP(rv) && g->queue_timeout > 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01029)
                      "the request waited queue-timeout (%" APR_TIME_T_FMT
                      " s) for a process of daemon group '%s' (all %d x %d "
                      "threads busy); answering 504 instead of running it "
                      "late", apr_time_sec(g->queue_timeout), g->name,
                      g->processes, g->threads);
        return HTTP_GATEWAY_TIME_OUT;
    }
    if (APR_STATUS_IS_TIMEUP(rv)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01022)
                      "no process of daemon group '%s' took the request "
                      "within socket-timeout (%" APR_TIME_T_FMT " s): all "
                      "%d x %d threads busy, or its processes are not "
                      "running (see the supervisor's lines); answering 503",
                      g->name, apr_time_sec(g->socket_timeout),
                      g->processes, g->threads);
        apr_table_setn(r->err_headers_out, "Retry-After", GW_RETRY_AFTER);
        return HTTP_SERVICE_UNAVAILABLE;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, APR_STATUS_IS_EOF(rv) ? 0 : rv, r,
                  GWLOGNO(01023) "daemon group '%s' closed the connection "
                  "before a process took the request (a daemon process "
                  "refused our uid, or died while accepting); answering 502",
                  g->name);
    return HTTP_BAD_GATEWAY;
}

static int relay_response(gw_link *l)
{
    request_rec *r = l->r;
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, l->ba);
    int headers_done = 0;
    apr_status_t rv;
    int rc;


    /* Before the headers, request-timeout= (when shorter) bounds the
     * wait; after them, socket-timeout= bounds each pause. */
    if (l->g->request_timeout > 0 && l->g->request_timeout < l->timeout)
        l->timeout = l->g->request_timeout;

    for (;;) {
        unsigned type;
        uint32_t flen;

        if ((rv = link_header(l, bb)) != APR_SUCCESS)
            goto broken;
        rc = gw_frame_decode((unsigned char *)l->buf + l->pos, &type,
                                 &flen);
        if (rc != GW_OK) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01005)
                          "daemon process %ld of group '%s' broke the "
                          "protocol: %s", (long)l->peer_pid, l->g->name,
                          gw_proto_strerror(rc));
            rv = APR_EGENERAL;
            goto violated;
        }
        l->pos += GW_FRAME_HDR_LEN;

        if (type == GW_FRAME_BODY && headers_done && flen >= GW_DIRECT_BODY) {
            /* Large body: straight into a heap bucket of its own, the
             * spill itself when the payload began there and fits. */
            char *data;
            apr_size_t have;
            if (l->nspill) {
                const char *from = l->spill;
                have = l->nspill < flen ? l->nspill : flen;
                if (flen <= GW_READ_BUF) {
                    data = l->spill;            /* no copy */
                    l->spill = NULL;
                }
                else {
                    data = apr_bucket_alloc(flen, l->ba);
                    memcpy(data, from, have);
                }
                /* Bytes past this frame: the start of the next ones. */
                memcpy(l->buf, from + have, l->nspill - have);
                l->pos = 0;
                l->len = l->nspill - have;
                l->nspill = 0;
            }
            else {
                data = apr_bucket_alloc(flen, l->ba);
                have = l->len - l->pos;
                if (have > flen)
                    have = flen;
                memcpy(data, l->buf + l->pos, have);
                l->pos += have;
            }
            while (have < flen) {
                apr_size_t n = flen - have;
                rv = link_recv(l, data + have, &n, l->timeout);
                if (n == 0) {
                    apr_bucket_free(data);
                    if (rv == APR_SUCCESS)
                        rv = APR_EOF;
                    goto broken;
                }
                have += n;
            }
            apr_size_t ok = body_allowed(l, flen);
            if (ok)
                APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_heap_create(data, ok,
                                        apr_bucket_free, l->ba));
            else
                apr_bucket_free(data);
            continue;
        }

        link_unspill(l);
        if (flen > GW_READ_BUF - GW_FRAME_HDR_LEN) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01006)
                          "daemon process %ld of group '%s' sent a %s frame "
                          "of %lu bytes, over the %d byte limit",
                          (long)l->peer_pid, l->g->name,
                          type == GW_FRAME_HEADERS ? "header" : "control",
                          (unsigned long)flen, GW_READ_BUF);
            rv = APR_EGENERAL;
            goto violated;
        }
        if (l->len - l->pos < flen
            && (rv = link_fill(l, flen, bb)) != APR_SUCCESS)
            goto broken;
        const char *payload = l->buf + l->pos;
        l->pos += flen;

        switch (type) {
        case GW_FRAME_HEADERS:
            if (headers_done) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01007)
                              "daemon process %ld of group '%s' sent headers "
                              "twice", (long)l->peer_pid, l->g->name);
                rv = APR_EGENERAL;
                goto violated;
            }
            if (flen > (uint32_t)l->g->header_buffer_size) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01028)
                              "application of group '%s' sent response "
                              "headers of %lu bytes, over header-buffer-size "
                              "(%d); answering 502", l->g->name,
                              (unsigned long)flen, l->g->header_buffer_size);
                return HTTP_BAD_GATEWAY;
            }
            rc = apply_headers(l, (const unsigned char *)payload, flen);
            if (rc != OK)
                return rc;
            headers_done = 1;
            l->timeout = l->g->socket_timeout;
            break;
        case GW_FRAME_BODY:
            if (!headers_done) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01008)
                              "daemon process %ld of group '%s' sent body "
                              "before headers", (long)l->peer_pid,
                              l->g->name);
                rv = APR_EGENERAL;
                goto violated;
            }
            if (flen) {
                apr_size_t ok = body_allowed(l, flen);
                if (ok)
                    apr_brigade_write(bb, NULL, NULL, payload, ok);
            }
            break;
        case GW_FRAME_END:
        case GW_FRAME_END_KEEP:
            l->keep = type == GW_FRAME_END_KEEP;
            if (!headers_done) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01009)
                              "daemon process %ld of group '%s' ended the "
                              "response without headers", (long)l->peer_pid,
                              l->g->name);
                return HTTP_BAD_GATEWAY;
            }
            if (l->declared >= 0 && l->sent < l->declared && !r->header_only
                && r->status != HTTP_NO_CONTENT
                && r->status != HTTP_NOT_MODIFIED) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01027)
                              "application of group '%s' sent %"
                              APR_OFF_T_FMT " body bytes, fewer than its "
                              "Content-Length %" APR_OFF_T_FMT "; cutting the "
                              "client connection", l->g->name, l->sent,
                              l->declared);
                abort_response(l, bb);
                return OK;
            }
            if (l->redirect) {
                /* As mod_cgi: the target is fetched with GET, no body. */
                apr_brigade_cleanup(bb);
                r->method = "GET";
                r->method_number = M_GET;
                apr_table_unset(r->headers_in, "Content-Length");
                ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GWLOGNO(01038)
                              "internal redirect to %s (application's "
                              "Location, GatewayInternalRedirect On)",
                              l->redirect);
                ap_internal_redirect_handler(l->redirect, r);
                return OK;
            }
            APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(l->ba));
            rv = ap_pass_brigade(r->output_filters, bb);
            return OK;
        case GW_FRAME_FILE:
            if (!headers_done || flen != GW_FILE_LEN
                || (rc = add_file(l, bb, (const unsigned char *)payload))
                   != OK) {
                if (headers_done && flen == GW_FILE_LEN)
                    goto violated;
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01034)
                              "daemon process %ld of group '%s' sent a FILE "
                              "frame out of place", (long)l->peer_pid,
                              l->g->name);
                rv = APR_EGENERAL;
                goto violated;
            }
            break;
        case GW_FRAME_ABORT:
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01010)
                          "application in daemon group '%s' (pid %ld) "
                          "failed: %s%s", l->g->name, (long)l->peer_pid,
                          /* daemon text: escaped, it must not forge lines */
                          ap_escape_logitem(r->pool, apr_pstrndup(r->pool,
                              payload, flen > 256 ? 256 : flen)),
                          headers_done ? "; response cut short" :
                          "; answering 500 (traceback logged by the daemon)");
            if (!headers_done)
                return HTTP_INTERNAL_SERVER_ERROR;
            abort_response(l, bb);
            return OK;
        }
        /* Keep memory bounded on long responses: hand over what we have
         * once it is large; the core output filter does the writing. */
        if (headers_done) {
            apr_off_t pending = 0;
            apr_brigade_length(bb, 0, &pending);
            if (pending >= 4 * GW_READ_BUF) {
                if (ap_pass_brigade(r->output_filters, bb) != APR_SUCCESS)
                    return OK;  /* client went away; daemon sees EPIPE */
                apr_brigade_cleanup(bb);
            }
        }
    }

broken:
    if (rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv)
        && !APR_STATUS_IS_TIMEUP(rv) && l->r->connection->aborted)
        return OK;
    if (APR_STATUS_IS_TIMEUP(rv) && !headers_done
        && l->timeout == l->g->request_timeout) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01030)
                      "daemon process %ld of group '%s' did not answer "
                      "within request-timeout (%" APR_TIME_T_FMT " s); "
                      "answering 504 (the process recycles itself when the "
                      "request stays stuck)", (long)l->peer_pid, l->g->name,
                      apr_time_sec(l->g->request_timeout));
        gw_slots_report_stuck(l->g, l->peer_pid);
        return HTTP_GATEWAY_TIME_OUT;
    }
    if (APR_STATUS_IS_TIMEUP(rv)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01011)
                      "daemon process %ld of group '%s' sent nothing for "
                      "socket-timeout (%" APR_TIME_T_FMT " s); answering %s",
                      (long)l->peer_pid, l->g->name,
                      apr_time_sec(l->g->socket_timeout),
                      headers_done ? "nothing more (connection cut)" : "504");
        if (!headers_done)
            return HTTP_GATEWAY_TIME_OUT;
        abort_response(l, bb);
        return OK;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, APR_STATUS_IS_EOF(rv) ? 0 : rv, r,
                  GWLOGNO(01012) "daemon process %ld of group '%s' closed "
                  "the connection before the response was complete; %s "
                  "(the supervisor logs how the process ended)",
                  (long)l->peer_pid, l->g->name,
                  headers_done ? "cutting the client connection"
                               : "answering 502");
    if (!headers_done)
        return HTTP_BAD_GATEWAY;
    abort_response(l, bb);
    return OK;

violated:
    (void)rv;
    if (!headers_done)
        return HTTP_BAD_GATEWAY;
    abort_response(l, bb);
    return OK;
}

/* ---- the request ------------------------------------------------------- */

/* The request packet for g: the CGI variables and the control values,
 * with g's own secret (a secret opens one group's socket only). */
static int encode_request(request_rec *r, const gw_group *g,
                          const char *script, const char *app_group,
                          const char *callable, char **out,
                          apr_size_t *outlen)
{
    const apr_array_header_t *arr = apr_table_elts(r->subprocess_env);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_size_t need = GW_UWSGI_HDR_LEN;

    for (int i = 0; i < arr->nelts; i++)
        need += 4 + strlen(e[i].key) + strlen(e[i].val);
    need += 16 + sizeof(GW_VAR_SCRIPT) + strlen(script)
          + sizeof(GW_VAR_APP_GROUP) + strlen(app_group)
          + sizeof(GW_VAR_CALLABLE) + strlen(callable)
          + sizeof(GW_VAR_SECRET) + sizeof(g->secret);

    unsigned char *buf = apr_palloc(r->pool, need);
    gw_enc enc;
    gw_req_begin(&enc, buf, need);
    for (int i = 0; i < arr->nelts; i++) {
        /* Only the module sets gateway.* values. */
        if (!strncmp(e[i].key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1))
            continue;
        gw_enc_add(&enc, e[i].key, strlen(e[i].key), e[i].val,
                   strlen(e[i].val));
    }
    gw_enc_add(&enc, GW_VAR_SCRIPT, sizeof(GW_VAR_SCRIPT) - 1, script,
               strlen(script));
    gw_enc_add(&enc, GW_VAR_APP_GROUP, sizeof(GW_VAR_APP_GROUP) - 1,
               app_group, strlen(app_group));
    gw_enc_add(&enc, GW_VAR_CALLABLE, sizeof(GW_VAR_CALLABLE) - 1,
               callable, strlen(callable));
    gw_enc_add(&enc, GW_VAR_SECRET, sizeof(GW_VAR_SECRET) - 1,
               g->secret, strlen(g->secret));
    apr_size_t len = gw_req_finish(&enc);
    if (len == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01013)
                      "request variables take %lu bytes, more than the "
                      "%u the protocol carries (very large or many request "
                      "headers); answering 431", (unsigned long)need,
                      GW_VARS_MAX);
        return HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    *out = (char *)buf;
    *outlen = len;
    return OK;
}

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

/* Sends all of iov, waiting up to socket-timeout= whenever the daemon's
 * side is full.  MSG_NOSIGNAL: a closed link is EPIPE, not SIGPIPE. */
static apr_status_t send_allv(gw_link *l, struct iovec *iov, int n)
{
    while (n > 0) {
        struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)n };
        ssize_t w = sendmsg(l->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                return APR_FROM_OS_ERROR(errno);
            apr_status_t rv = link_wait(l, POLLOUT, l->g->socket_timeout);
            if (rv != APR_SUCCESS)
                return rv;
            continue;
        }
        while (n > 0 && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
    }
    return APR_SUCCESS;
}

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
        if (n && send_allv(o->l, v, n) != APR_SUCCESS)
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

/* Streams the client's body to the daemon.  Returns OK, or an HTTP error
 * for a bad client body (the daemon then sees the body end early, an
 * error for the application, never short data).  A daemon that stops
 * reading is not an error: the app may answer without reading it all. */
static int send_body(gw_link *l, int chunked)
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

int gw_handler(request_rec *r)
{
    const gw_handler_script *hs = NULL;

    if (!r->handler)
        return DECLINED;
    /* wsgi-script runs the file itself; a WSGIHandlerScript name runs its
     * script for the file (AddHandler NAME .ext). */
    if (strcmp(r->handler, GW_HANDLER_NAME)
        && !(hs = gw_handler_script_find(r->handler)))
        return DECLINED;

    gw_server_conf *sc = ap_get_module_config(r->server->module_config,
                                              &gateway_module);
    gw_dir_conf *dc = ap_get_module_config(r->per_dir_config,
                                           &gateway_module);
    gw_alias *a = ap_get_module_config(r->request_config, &gateway_module);
    const char *err = NULL;

    if (r->finfo.filetype != APR_REG) {
        /* A 404, logged at info like the core's "File does not exist". */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01015)
                      "WSGI script %s does not exist or is not a file",
                      r->filename);
        return HTTP_NOT_FOUND;
    }

    ap_add_common_vars(r);
    ap_add_cgi_vars(r);
    /* Apache's own PATH is none of the application's business. */
    apr_table_unset(r->subprocess_env, "PATH");
    gw_proxy_apply(r, &dc->proxy);
    const char *script_name = apr_table_get(r->subprocess_env, "SCRIPT_NAME");

    const char *pg = (a && a->process_group) ? a->process_group
                   : (hs && hs->process_group) ? hs->process_group
                   : dc->process_group;
    gw_group *g = NULL;
    if (pg && strcmp(pg, "%{GLOBAL}") != 0) {
        const char *name = expand_name(r, pg, script_name ? script_name : "",
                                       &err);
        g = name ? gw_group_find(name) : NULL;
        if (!g) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01016)
                          "WSGIProcessGroup '%s' names no WSGIDaemonProcess%s"
                          "%s", pg, err ? ": " : "", err ? err : "");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    else
        g = sc->default_group ? sc->default_group : gw_global->main_default;
    if (!g || !g->socket_path) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01017)
                      "no daemon group serves %s: add process-group= to its "
                      "WSGIScriptAlias or a WSGIProcessGroup", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }

    /* A group defined inside a VirtualHost is that site's alone (mod_wsgi):
     * another site naming it, say through .htaccess, is refused. */
    if (g->vhost && strcasecmp(g->vhost->server_hostname,
                               r->server->server_hostname)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01031)
                      "process group '%s' (defined at %s for ServerName %s) "
                      "may not serve ServerName %s; define the group at "
                      "global scope to share it", g->name, g->defined_at,
                      g->vhost->server_hostname, r->server->server_hostname);
        return HTTP_INTERNAL_SERVER_ERROR;
    }

    if (dc->restrict_groups) {
        int ok = 0;
        for (int i = 0; i < dc->restrict_groups->nelts && !ok; i++)
            ok = !strcmp(((const char **)dc->restrict_groups->elts)[i],
                         g->name);
        if (!ok) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01033)
                          "process group '%s' is not among those "
                          "WSGIRestrictProcess allows for %s; answering 403",
                          g->name, r->uri);
            return HTTP_FORBIDDEN;
        }
    }
    int pass_auth = (a && a->pass_auth >= 0) ? a->pass_auth
                                             : dc->pass_auth == 1;
    const char *auth = apr_table_get(r->headers_in, "Authorization");
    if (pass_auth && auth)
        apr_table_setn(r->subprocess_env, "HTTP_AUTHORIZATION", auth);

    const char *ag = (a && a->application_group) ? a->application_group
                   : (hs && hs->application_group) ? hs->application_group
                   : dc->application_group ? dc->application_group
                   : "%{RESOURCE}";
    const char *app_group = expand_name(r, ag, script_name ? script_name : "",
                                        &err);
    if (!app_group) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01018)
                      "WSGIApplicationGroup: %s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    const char *callable = (a && a->callable) ? a->callable
                         : dc->callable ? dc->callable : "application";

    /* A body without a length up front (chunked) travels chunk-framed;
     * so does no body at all: one empty chunk says so. */
    int chunked = 1;
    if (apr_table_get(r->headers_in, "Transfer-Encoding")) {
        if (dc->chunked == 0) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01032)
                          "chunked request body refused: WSGIChunkedRequest "
                          "Off; answering 411");
            return HTTP_LENGTH_REQUIRED;
        }
        apr_table_unset(r->subprocess_env, "CONTENT_LENGTH");
    }
    else if (apr_table_get(r->subprocess_env, "CONTENT_LENGTH"))
        chunked = 0;
    /* HTTP/1.x without Content-Length or Transfer-Encoding has no body
     * (RFC 9112 6.3): its empty chunk goes with the request packet, and
     * nothing is read from the client.  Not HTTP/2, whose requests may
     * carry DATA without either header. */
    int bodyless = chunked && r->proto_num < HTTP_VERSION(2, 0)
                   && !apr_table_get(r->headers_in, "Transfer-Encoding");
    static const char no_body[GW_CHUNK_HDR_LEN];

    char *packet;
    apr_size_t packet_len;
    int status = encode_request(r, g, hs ? hs->path : r->filename,
                                app_group, callable, &packet, &packet_len);
    if (status != OK)
        return status;

    const char *why;
    if (gw_slots_group_down(g, r->pool, &why)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01020)
                      "daemon group '%s' is not running: its processes keep "
                      "failing at start (the last one %s); answering 503",
                      g->name, why);
        apr_table_setn(r->err_headers_out, "Retry-After", GW_RETRY_AFTER);
        return HTTP_SERVICE_UNAVAILABLE;
    }

    /* In the request pool: its cleanup closes descriptors left unused. */
    gw_link *lp = apr_pcalloc(r->pool, sizeof(*lp));
    lp->r = r;
    lp->g = g;
    lp->ba = r->connection->bucket_alloc;
    lp->declared = -1;
    lp->timeout = g->socket_timeout;
    /* The request packet, then START from the process that takes it;
     * only then the body, so a stale process (RETRY) can hand the request
     * on before any of the client's body is gone. */
    lp->buf = apr_palloc(r->pool, GW_LINK_BUF);
    apr_pool_cleanup_register(r->pool, lp, link_fds_cleanup,
                              apr_pool_cleanup_null);
    apr_time_t retry_until = apr_time_now() + g->socket_timeout;
    lp->fd = -1;
    for (int tries = 1;; tries++) {
        lp->pos = lp->len = 0;
        lp->peer_pid = 0;
        if ((status = link_open(lp)) != OK)
            return status;
        struct iovec out[2] = { { packet, packet_len },
                                { (void *)no_body, sizeof(no_body) } };
        apr_status_t rv = send_allv(lp, out, bodyless ? 2 : 1);
        if (rv == APR_SUCCESS)
            status = wait_for_start(lp);
        else if (lp->reused)
            status = GW_STALE;
        else {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01019)
                          "daemon group '%s' closed the connection before "
                          "reading the request; answering 502", g->name);
            link_close(lp);
            return HTTP_BAD_GATEWAY;
        }
        if (status == GW_STALE) {
            /* Not a try: the link was only found closed. */
            link_close(lp);
            tries--;
            continue;
        }
        if (status != GW_RETRY)
            break;
        link_close(lp);
        if (apr_time_now() >= retry_until) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01037)
                          "daemon group '%s' answered RETRY %d times (its "
                          "processes are being replaced after a script "
                          "change) for socket-timeout; answering 503",
                          g->name, tries);
            apr_table_setn(r->err_headers_out, "Retry-After",
                           GW_RETRY_AFTER);
            return HTTP_SERVICE_UNAVAILABLE;
        }
        /* The fresh process needs a moment to start. */
        apr_sleep(apr_time_from_msec(tries < 10 ? 10 * tries : 100));
    }
    if (status != OK) {
        link_close(lp);
        return status;
    }
    if (!bodyless && (status = send_body(lp, chunked)) != OK) {
        link_close(lp);
        return status;
    }
    status = relay_response(lp);
    link_finish(lp);
    return status;
}
