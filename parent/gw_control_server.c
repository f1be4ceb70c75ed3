/*
 * gw_control_server.c - the control process's loop (see
 * gw_control_server.h).  Runs in the control process, as root.
 */
#include "gw_control_server.h"
#include "gw_control_cmd.h"
#include "gw_control.h"
#include "gw_control_reply.h"

#include "http_log.h"
#include "apr_strings.h"
#include "apr_portable.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

typedef struct {
    int fd;                        /* -1: a free entry */
    apr_pool_t *p;                 /* everything of this client */
    gw_ctl_peer peer;
    apr_time_t deadline;           /* dropped after this */
    char in[GW_CTL_REQUEST_MAX + 1];  /* one more: "too long" is seen */
    size_t inlen;
    const char *out;               /* the reply, once the request is in */
    size_t outlen, outoff;
    gw_ctl_follow *follow;         /* a follower: where its log is at */
    char *obuf;                    /* and what waits for it (malloc) */
    size_t olen;
    unsigned long relay_id;        /* waiting for the parent's answer */
} ctl_client;

static struct {
    server_rec *s;
    apr_pool_t *pool;
    int listen_fd;
    int chan_fd;                   /* to the Apache parent, or -1 */
    ctl_client c[GW_CTL_CLIENTS];
} srv;

/* ---- becoming the control process ---------------------------------- */

/* The Apache parent's handlers (restart on SIGHUP, SIGUSR1...) are not
 * this process's, and neither is its signal mask. */
static void reset_signals(void)
{
    struct sigaction dfl;
    sigset_t none;

    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        (void)sigaction(sig, &dfl, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Everything the parent had open but stdin/out/err, the main error log,
 * the control socket and this end of the pair to the parent: Apache's
 * listeners, the groups' sockets and hand-over memfds (their secrets),
 * the logger's socket, the parent's end of the pair. */
static void close_others(int listen_fd, int chan_fd)
{
    apr_os_file_t elog = -1;
    int keep[3], n = 0;
    unsigned from = 3;

    if (srv.s->error_log)
        (void)apr_os_file_get(&elog, srv.s->error_log);
    keep[n++] = listen_fd;
    if (elog > 2 && elog != listen_fd)
        keep[n++] = elog;
    if (chan_fd > 2)
        keep[n++] = chan_fd;
    qsort(keep, (size_t)n, sizeof(int), cmp_int);
    for (int i = 0; i < n; i++) {
        if ((unsigned)keep[i] > from)
            (void)close_range(from, (unsigned)keep[i] - 1, 0);
        from = (unsigned)keep[i] + 1;
    }
    (void)close_range(from, ~0U, 0);
}

static void become(server_rec *s, int listen_fd, int chan_fd, pid_t parent)
{
    srv.s = s;
    srv.listen_fd = listen_fd;
    srv.chan_fd = chan_fd;
    reset_signals();
    /* Gone with the parent, which is the one to start another. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(0);
    (void)prctl(PR_SET_NAME, "gw-control", 0, 0, 0);
    /* A copy of the parent's memory (TLS keys among it): no core. */
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (apr_pool_create(&srv.pool, NULL) != APR_SUCCESS)
        _exit(1);
    gw_ctl_cmd_init(srv.pool, s);
    close_others(listen_fd, chan_fd);
    for (int i = 0; i < GW_CTL_CLIENTS; i++)
        srv.c[i].fd = -1;
}

/* ---- clients ---------------------------------------------------------- */

/* Closing a UNIX socket with bytes unread resets the connection, and the
 * peer may then never read its reply: what it sent (a request too long,
 * bytes after the LF) is read and dropped first, at most this much, once,
 * without waiting. */
#define GW_CTL_DRAIN_MAX 65536

static void drain_and_close(int fd)
{
    char scratch[4096];
    size_t total = 0;

    while (total < GW_CTL_DRAIN_MAX) {
        ssize_t n = recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT);
        if (n <= 0)
            break;
        total += (size_t)n;
    }
    close(fd);
}

static void client_close(ctl_client *c)
{
    if (c->follow)
        gw_ctl_logs_close(c->follow);
    free(c->obuf);
    drain_and_close(c->fd);
    apr_pool_destroy(c->p);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

/* One record, without waiting, and the connection closed: for those the
 * process does not serve. */
static void tell_and_close(int fd, const char *record)
{
    (void)send(fd, record, strlen(record), MSG_DONTWAIT | MSG_NOSIGNAL);
    drain_and_close(fd);
}

static void reply_set(ctl_client *c, const char *out, apr_time_t now)
{
    if (strlen(out) > GW_CTL_REPLY_MAX)
        out = "error code=too-large message=the%20reply%20is%20over%201%20"
              "MiB:%20ask%20for%20one%20group\n";
    c->out = out;
    c->outlen = strlen(out);
    c->outoff = 0;
    c->deadline = now + GW_CTL_WRITE_TIME;
}

static int followers(uid_t uid, int *of_uid)
{
    int n = 0;
    *of_uid = 0;
    for (int i = 0; i < GW_CTL_CLIENTS; i++)
        if (srv.c[i].fd >= 0 && srv.c[i].follow) {
            n++;
            *of_uid += srv.c[i].peer.uid == uid;
        }
    return n;
}

/* c follows its log from now on: its reply so far goes in its buffer. */
static void follow_start(ctl_client *c, gw_ctl_follow *f, const char *out,
                         apr_time_t now)
{
    static const char busy[] = "error code=busy message=gateway-ctl%20is%20"
                               "following%20as%20many%20logs%20as%20it%20"
                               "takes:%20try%20again\n";
    int mine, all = followers(c->peer.uid, &mine);
    size_t n = strlen(out);

    if (all >= GW_CTL_FOLLOWERS || mine >= GW_CTL_FOLLOWERS_PER_UID
        || n > GW_CTL_FOLLOW_BUF || !(c->obuf = malloc(GW_CTL_FOLLOW_BUF))) {
        gw_ctl_logs_close(f);
        reply_set(c, busy, now);
        return;
    }
    memcpy(c->obuf, out, n);
    c->olen = n;
    c->follow = f;
    c->deadline = now + GW_CTL_FOLLOW_STALL;
}

/* ---- worker commands: the Apache parent answers ------------------------ */

static void client_write(ctl_client *c);

/* The relay goes to the parent; c waits for its answer, unpolled. */
static void relay_send(ctl_client *c, const char *relay, unsigned long id,
                       apr_time_t now)
{
    size_t len = strlen(relay);

    if (srv.chan_fd < 0
        || send(srv.chan_fd, relay, len, MSG_DONTWAIT | MSG_NOSIGNAL)
           != (ssize_t)len) {
        ap_log_error(APLOG_MARK, APLOG_ERR, srv.chan_fd < 0 ? 0 : errno,
                     srv.s, GWLOGNO(02414) "gateway-ctl: cannot pass a "
                     "worker command of %s on to the Apache parent",
                     gw_ctl_peer_text(c->p, &c->peer));
        reply_set(c, gw_ctl_error_text(c->p, "unavailable", "the Apache "
                  "parent cannot be reached (see the error log)"), now);
        return;
    }
    c->relay_id = id;
    c->deadline = now + GW_CTL_PARENT_TIME;
}

static ctl_client *waiting_for(unsigned long id)
{
    for (int i = 0; i < GW_CTL_CLIENTS; i++)
        if (srv.c[i].fd >= 0 && srv.c[i].relay_id == id)
            return &srv.c[i];
    return NULL;
}

/* One answer (len bytes in buf, the control process's own copy): its
 * reply for the client that waits for it.  One for a client gone since
 * (or that gave up waiting) is dropped. */
static void answer_take(char *buf, size_t len, apr_time_t now)
{
    unsigned long id;
    size_t off;

    if (gw_ctl_answer_parse(buf, len, &id, &off) != 0) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, srv.s, GWLOGNO(02413)
                     "gateway-ctl: the Apache parent's answer to a worker "
                     "command is not one (%ld bytes); whoever waits for it "
                     "is told it did not answer", (long)len);
        return;
    }
    ctl_client *c = waiting_for(id);
    if (!c)
        return;
    c->relay_id = 0;
    reply_set(c, apr_pstrmemdup(c->p, buf + off, len - off), now);
    client_write(c);
}

static void answers_read(apr_time_t now)
{
    static char buf[GW_CTL_ANSWER_MAX + 1];

    for (;;) {
        ssize_t n = recv(srv.chan_fd, buf, sizeof(buf),
                         MSG_DONTWAIT | MSG_TRUNC);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        if ((size_t)n >= sizeof(buf))
            n = (ssize_t)sizeof(buf);     /* cut: refused as not whole */
        answer_take(buf, (size_t)n, now);
    }
}

/* The request is in (an LF, the end of the stream, or the buffer full):
 * parsed, run, answered. */
static void request_done(ctl_client *c, apr_time_t now)
{
    gw_ctl_request rq;
    const char *why = NULL;
    gw_ctl_follow *f = NULL;

    if (gw_ctl_request_parse(c->in, c->inlen, &rq, &why) != 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, srv.s, GWLOGNO(02184)
                     "gateway-ctl: refused a malformed request from %s: %s",
                     gw_ctl_peer_text(c->p, &c->peer), why);
        size_t n = gw_ctl_encode(NULL, 0, why);
        char *e = apr_palloc(c->p, n + 1);
        gw_ctl_encode(e, n + 1, why);
        reply_set(c, apr_pstrcat(c->p, "error code=malformed message=", e,
                                 "\n", NULL), now);
        return;
    }
    const char *relay = NULL;
    unsigned long id = 0;
    const char *out = gw_ctl_cmd_run(c->p, &c->peer, &rq, &f, &relay, &id);
    if (relay)
        relay_send(c, relay, id, now);
    else if (f)
        follow_start(c, f, out, now);
    else
        reply_set(c, out, now);
}

/* ---- followers -------------------------------------------------------- */

static void follower_write(ctl_client *c, apr_time_t now)
{
    size_t sent = 0;

    while (sent < c->olen) {
        ssize_t n = send(c->fd, c->obuf + sent, c->olen - sent,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) {
            client_close(c);
            return;
        }
        sent += (size_t)n;
    }
    if (sent) {
        memmove(c->obuf, c->obuf + sent, c->olen - sent);
        c->olen -= sent;
        c->deadline = now + GW_CTL_FOLLOW_STALL;
    }
}

/* A follower sends nothing more: a byte is ignored, the end of its stream
 * (gateway-ctl interrupted) ends it. */
static void follower_read(ctl_client *c)
{
    char scratch[256];
    ssize_t n = recv(c->fd, scratch, sizeof(scratch), MSG_DONTWAIT);

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK
                   && errno != EINTR))
        client_close(c);
}

/* New lines of each follower's log, into its buffer. */
static void followers_step(apr_pool_t *scratch, apr_time_t now)
{
    for (int i = 0; i < GW_CTL_CLIENTS; i++) {
        ctl_client *c = &srv.c[i];
        if (c->fd < 0 || !c->follow)
            continue;
        const char *more = gw_ctl_logs_more(scratch, c->follow);
        size_t n = more ? strlen(more) : 0;
        if (!more || n > GW_CTL_FOLLOW_BUF - c->olen) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, srv.s, GWLOGNO(02192)
                         "gateway-ctl: stopped following the log for %s: %s",
                         gw_ctl_peer_text(scratch, &c->peer), more
                         ? "it reads its lines slower than they come"
                         : "the error log cannot be read any more");
            client_close(c);
            continue;
        }
        if (!n)
            continue;
        if (!c->olen)
            c->deadline = now + GW_CTL_FOLLOW_STALL;
        memcpy(c->obuf + c->olen, more, n);
        c->olen += n;
        follower_write(c, now);
    }
}

static void client_read(ctl_client *c, apr_time_t now)
{
    for (;;) {
        ssize_t n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen,
                         MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0 || (n == 0 && c->inlen == 0)) {
            client_close(c);        /* gone, having asked nothing */
            return;
        }
        c->inlen += (size_t)n;
        if (n == 0 || memchr(c->in, '\n', c->inlen)
            || c->inlen == sizeof(c->in)) {
            request_done(c, now);
            if (c->relay_id)
                return;             /* the parent answers later */
            if (c->follow)
                follower_write(c, now);
            else
                client_write(c);    /* most replies fit the socket */
            return;
        }
    }
}

static void client_write(ctl_client *c)
{
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0)
            break;                  /* the client went away */
        c->outoff += (size_t)n;
    }
    client_close(c);
}

static int clients_of(uid_t uid)
{
    int n = 0;
    for (int i = 0; i < GW_CTL_CLIENTS; i++)
        n += srv.c[i].fd >= 0 && srv.c[i].peer.uid == uid;
    return n;
}

static ctl_client *free_entry(void)
{
    for (int i = 0; i < GW_CTL_CLIENTS; i++)
        if (srv.c[i].fd < 0)
            return &srv.c[i];
    return NULL;
}

/* Takes every connection waiting, serving those within the bounds. */
static void accept_all(apr_time_t now)
{
    static const char busy[] = "error code=busy message=gateway-ctl%20is%20"
                               "serving%20as%20many%20requests%20as%20it%20"
                               "takes:%20try%20again\n";

    for (int k = 0; k < 2 * GW_CTL_CLIENTS; k++) {
        int fd = accept4(srv.listen_fd, NULL, NULL,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;                 /* EAGAIN: none left; else next time */
        ctl_client *c = free_entry();
        apr_pool_t *p = NULL;
        if (!c || apr_pool_create(&p, srv.pool) != APR_SUCCESS) {
            tell_and_close(fd, busy);
            continue;
        }
        c->fd = fd;
        c->p = p;
        c->deadline = now + GW_CTL_READ_TIME;
        if (gw_ctl_peer_get(p, fd, &c->peer) != 0) {
            client_close(c);
            continue;
        }
        if (clients_of(c->peer.uid) > GW_CTL_PER_UID) {
            ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, srv.s, GWLOGNO(02191)
                         "gateway-ctl: %s has %d requests open already; "
                         "told busy", gw_ctl_peer_text(p, &c->peer),
                         GW_CTL_PER_UID);
            (void)send(fd, busy, sizeof(busy) - 1,
                       MSG_DONTWAIT | MSG_NOSIGNAL);
            client_close(c);
            continue;
        }
        client_read(c, now);        /* the request is often there already */
    }
}

/* A client past its deadline is dropped, and said so at info: a slow
 * client costs its entry for GW_CTL_READ_TIME at most. */
static void expire(apr_time_t now)
{
    for (int i = 0; i < GW_CTL_CLIENTS; i++) {
        ctl_client *c = &srv.c[i];
        if (c->fd < 0 || now < c->deadline || (c->follow && !c->olen))
            continue;
        if (c->relay_id) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, srv.s, GWLOGNO(02412)
                         "gateway-ctl: the Apache parent did not answer a "
                         "worker command of %s within 10 s",
                         gw_ctl_peer_text(c->p, &c->peer));
            c->relay_id = 0;
            reply_set(c, gw_ctl_error_text(c->p, "unavailable", "the "
                      "Apache parent did not answer within 10 s (is it "
                      "restarting?): the command may still be carried "
                      "out; see gateway-ctl status"), now);
            continue;
        }
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, srv.s, GWLOGNO(02190)
                     "gateway-ctl: dropped the connection of %s: %s",
                     gw_ctl_peer_text(c->p, &c->peer), c->follow
                     ? "it read none of its log lines for 10 s" : c->out
                     ? "it did not read its reply within 5 s"
                     : "no whole request within 2 s");
        client_close(c);
    }
}

/* ---- the loop ---------------------------------------------------------- */

static int poll_timeout(apr_time_t now)
{
    apr_time_t next = now + apr_time_from_sec(1);

    for (int i = 0; i < GW_CTL_CLIENTS; i++) {
        const ctl_client *c = &srv.c[i];
        if (c->fd < 0)
            continue;
        if (c->follow && now + apr_time_from_msec(GW_CTL_FOLLOW_POLL_MS)
                         < next)
            next = now + apr_time_from_msec(GW_CTL_FOLLOW_POLL_MS);
        if (c->deadline < next && !(c->follow && !c->olen))
            next = c->deadline;
    }
    return next <= now ? 0 : (int)apr_time_as_msec(next - now) + 1;
}

/* What c waits for: a follower its log and a reader; one that waits for
 * the parent nothing (its end of the stream alone: POLLHUP). */
static short client_events(const ctl_client *c)
{
    if (c->follow)
        return POLLIN | (c->olen ? POLLOUT : 0);
    if (c->relay_id)
        return 0;
    return c->out ? POLLOUT : POLLIN;
}

static void client_event(ctl_client *c, short revents, apr_time_t now)
{
    if (c->relay_id) {
        if (revents & (POLLHUP | POLLERR))
            client_close(c);    /* gone: the parent's answer is dropped */
    }
    else if (c->follow) {
        if (revents & POLLOUT)
            follower_write(c, now);
        if (c->fd >= 0 && (revents & (POLLIN | POLLHUP | POLLERR)))
            follower_read(c);
    }
    else if (c->out)
        client_write(c);
    else
        client_read(c, now);
}

void gw_control_serve(server_rec *s, int listen_fd, int chan_fd,
                      pid_t parent, int delay)
{
    struct pollfd pf[GW_CTL_CLIENTS + 2];
    ctl_client *of[GW_CTL_CLIENTS + 2];
    apr_pool_t *tick, *iter;
    apr_time_t next_tick = 0;

    become(s, listen_fd, chan_fd, parent);
    if (delay > 0)
        sleep((unsigned)delay);
    if (apr_pool_create(&tick, srv.pool) != APR_SUCCESS
        || apr_pool_create(&iter, srv.pool) != APR_SUCCESS)
        _exit(1);
    for (;;) {
        int n = 0;
        pf[n].fd = srv.listen_fd;
        pf[n].events = POLLIN;
        of[n++] = NULL;
        pf[n].fd = srv.chan_fd;         /* -1: ignored by poll() */
        pf[n].events = POLLIN;
        of[n++] = NULL;
        for (int i = 0; i < GW_CTL_CLIENTS; i++) {
            if (srv.c[i].fd < 0)
                continue;
            pf[n].fd = srv.c[i].fd;
            pf[n].events = client_events(&srv.c[i]);
            of[n++] = &srv.c[i];
        }
        int rc = poll(pf, (nfds_t)n, poll_timeout(apr_time_now()));
        if (getppid() != parent)
            _exit(0);
        apr_time_t now = apr_time_now();
        for (int i = 2; rc > 0 && i < n; i++) {
            ctl_client *c = of[i];
            if (pf[i].revents && c->fd == pf[i].fd)
                client_event(c, pf[i].revents, now);
        }
        if (rc > 0 && (pf[1].revents & POLLIN))
            answers_read(now);
        if (rc > 0 && (pf[0].revents & POLLIN))
            accept_all(now);
        followers_step(iter, now);
        apr_pool_clear(iter);
        expire(now);
        if (now >= next_tick) {
            gw_ctl_cmd_tick(tick);
            apr_pool_clear(tick);
            next_tick = now + apr_time_from_sec(1);
        }
    }
}
