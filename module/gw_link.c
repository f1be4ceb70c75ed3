/*
 * gw_link.c - an Apache child's connection to a daemon group (see
 * gw_link.h).  Runs in Apache children.
 */
#include "gw_link.h"
#include "gw_linkpool.h"
#include "gw_relaybuf.h"
#include "gw_slots.h"
#include "gw_tally.h"

#include "http_log.h"
#include "util_filter.h"
#include "apr_strings.h"

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

/* Connect retries: a socket being replaced may clear in a moment; a
 * missing socket or a permission error will not, so those give up much
 * sooner.  (A full queue is waited out: link_wait_for_room.) */
#define GW_RETRY_FIRST      apr_time_from_msec(10)
#define GW_RETRY_MAX        apr_time_from_msec(500)
#define GW_HOPELESS_BUDGET  apr_time_from_msec(500)
/* While a request waits for a process to take it, the group's state is
 * looked at this often. */
#define GW_QUEUE_SLICE      apr_time_from_msec(250)
/* After a RETRY, a fresh process needs a moment to start: the request
 * goes again after 10, 20, 30 ... ms, 100 ms at most. */
#define GW_RETRY_PAUSE_MS     10
#define GW_RETRY_PAUSE_MAX_MS 100

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
    gw_relaybuf_put(l->spill);
    l->spill = NULL;
    gw_relaybuf_put(l->buf);
    l->buf = NULL;
    return APR_SUCCESS;
}

gw_link *gw_link_new(request_rec *r, gw_group *g)
{
    gw_link *l = apr_pcalloc(r->pool, sizeof(*l));

    l->r = r;
    l->g = g;
    l->fd = -1;
    l->ba = r->connection->bucket_alloc;
    l->declared = -1;
    l->timeout = g->socket_timeout;
    l->buf = gw_relaybuf_get();
    apr_pool_cleanup_register(r->pool, l, link_fds_cleanup,
                              apr_pool_cleanup_null);
    return l;
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

void gw_link_close(gw_link *l)
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
        gw_link_close(l);
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
    gw_link_close(l);
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
        l->connects = ++tries;
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
int gw_link_open(gw_link *l)
{
    l->fd = gw_linkpool_take(l->g);
    if (l->fd < 0)
        return link_connect(l);
    l->reused = 1;
    l->connects = 1;
    return OK;
}

/* The request is over: a link at a request boundary goes back to the
 * pool, anything else is closed. */
void gw_link_finish(gw_link *l)
{
    if (l->fd >= 0 && l->keep && l->pos == l->len && l->nfds == 0
        && l->nspill == 0) {
        gw_linkpool_give(l->g, l->fd);
        l->fd = -1;
    }
    gw_link_close(l);
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

apr_status_t gw_link_recv(gw_link *l, char *buf, apr_size_t *n,
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
    /* The whole response is in hand (its declared body, or the headers of
     * a HEAD): what is missing is only the END frame, which follows at
     * once.  Flushed now, the client would have its response, and send its
     * next request, before the link is back in the pool for it. */
    if ((l->declared >= 0 && l->sent >= l->declared) || l->r->header_only)
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
apr_status_t gw_link_fill(gw_link *l, apr_size_t want,
                          apr_bucket_brigade *out)
{
    if (l->pos > 0) {
        memmove(l->buf, l->buf + l->pos, l->len - l->pos);
        l->len -= l->pos;
        l->pos = 0;
    }
    while (l->len < want) {
        apr_size_t n = GW_LINK_BUF - l->len;
        apr_status_t rv = gw_link_recv(l, l->buf + l->len, &n, 0);
        if (APR_STATUS_IS_EAGAIN(rv)) {
            if ((rv = link_flush_pending(l, out)) != APR_SUCCESS)
                return rv;
            n = GW_LINK_BUF - l->len;
            rv = gw_link_recv(l, l->buf + l->len, &n, l->timeout);
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
apr_status_t gw_link_header(gw_link *l, apr_bucket_brigade *out)
{
    if (l->len - l->pos >= GW_FRAME_HDR_LEN)
        return APR_SUCCESS;
    if (l->len > l->pos)
        return gw_link_fill(l, GW_FRAME_HDR_LEN, out);
    l->pos = l->len = 0;
    if (!l->spill)
        l->spill = gw_relaybuf_get();
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
        return gw_link_fill(l, GW_FRAME_HDR_LEN, out);
    }
    l->len = GW_FRAME_HDR_LEN;
    l->nspill = n - GW_FRAME_HDR_LEN;
    return APR_SUCCESS;
}

/* What link_header put into the spill joins the buffer after the header
 * (GW_LINK_BUF has the room). */
void gw_link_unspill(gw_link *l)
{
    if (l->nspill) {
        memcpy(l->buf + l->len, l->spill, l->nspill);
        l->len += l->nspill;
        l->nspill = 0;
    }
}


/* Sends all of iov, waiting up to socket-timeout= whenever the daemon's
 * side is full.  MSG_NOSIGNAL: a closed link is EPIPE, not SIGPIPE. */
apr_status_t gw_link_sendv(gw_link *l, struct iovec *iov, int n)
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


/* Why no process took the request: logged, and the status to answer. */
static int link_wait_failed(gw_link *l, apr_status_t rv, const char *why)
{
    request_rec *r = l->r;
    gw_group *g = l->g;

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

/* The process that accepts the request says so first (START); until
 * then the request waits in the group's queue.  No process taking it
 * within socket-timeout= means the group is unavailable (503), not slow;
 * with queue-timeout= set, a request that waited that long is answered
 * 504 rather than run late.  The wait is sliced so a group found failing
 * at start ends it early. */
gw_link_outcome gw_link_wait_for_start(gw_link *l, int *status)
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
        rv = gw_link_recv(l, l->buf + l->len, &n,
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
            *status = HTTP_BAD_GATEWAY;
            return GW_LINK_FAILED;
        }
        /* Counted for the supervisor, which believes a recycle a process
         * claims only on this evidence (gw_supervisor.h). */
        if (type == GW_FRAME_RETRY) {
            gw_slots_note_retry(g, (pid_t)pid, r->request_time);
            return GW_LINK_RETRY;
        }
        gw_slots_note_start(g, (pid_t)pid);
        gw_tally_taken(r);
        l->peer_pid = (pid_t)pid;
        l->pos = GW_FIRST_LEN;
        return GW_LINK_TAKEN;
    }
    /* A kept link that ends before a byte came: the process closed it
     * idle (bounced: it is busy, or stopping) or is gone.  START never
     * came, so nothing was taken; the caller connects afresh. */
    if (l->reused && l->len == 0 && !why && !APR_STATUS_IS_TIMEUP(rv))
        return GW_LINK_STALE;
    *status = link_wait_failed(l, rv, why);
    return GW_LINK_FAILED;
}

int gw_link_submit(gw_link *l, char *packet, apr_size_t packet_len,
                   int bodyless, gw_link_repack repack, void *ctx)
{
    static const char no_body[GW_CHUNK_HDR_LEN];
    request_rec *r = l->r;
    apr_time_t retry_until = apr_time_now() + l->g->socket_timeout;
    int status, connects = 0;
    int in_packet[2] = { 1, 0 };   /* connects, restarts */

    for (int tries = 1;; tries++) {
        l->pos = l->len = 0;
        l->peer_pid = 0;
        if ((status = gw_link_open(l)) != OK)
            return status;
        connects += l->connects;
        if (repack && (connects != in_packet[0]
                       || tries - 1 != in_packet[1])) {
            in_packet[0] = connects;
            in_packet[1] = tries - 1;
            if ((status = repack(r, ctx, connects, tries - 1, &packet,
                                 &packet_len)) != OK) {
                gw_link_close(l);
                return status;
            }
        }
        struct iovec out[2] = { { packet, packet_len },
                                { (void *)no_body, sizeof(no_body) } };
        apr_status_t rv = gw_link_sendv(l, out, bodyless ? 2 : 1);
        gw_link_outcome got = GW_LINK_STALE;
        if (rv == APR_SUCCESS)
            got = gw_link_wait_for_start(l, &status);
        else if (!l->reused) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01019)
                          "daemon group '%s' closed the connection before "
                          "reading the request; answering 502", l->g->name);
            gw_link_close(l);
            return HTTP_BAD_GATEWAY;
        }
        if (got == GW_LINK_TAKEN)
            return OK;
        gw_link_close(l);
        if (got == GW_LINK_FAILED)
            return status;
        if (got == GW_LINK_STALE) {
            tries--;        /* not a try: the link was only found closed */
            connects--;     /* nor a connect */
            continue;
        }
        if (apr_time_now() >= retry_until) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01037)
                          "daemon group '%s' answered RETRY %d times (its "
                          "processes are being replaced after a script "
                          "change) for socket-timeout; answering 503",
                          l->g->name, tries);
            apr_table_setn(r->err_headers_out, "Retry-After",
                           GW_RETRY_AFTER);
            return HTTP_SERVICE_UNAVAILABLE;
        }
        apr_sleep(apr_time_from_msec(
            tries * GW_RETRY_PAUSE_MS < GW_RETRY_PAUSE_MAX_MS
            ? tries * GW_RETRY_PAUSE_MS : GW_RETRY_PAUSE_MAX_MS));
    }
}
