/*
 * gw_intake.c - new connections, kept links and parked connections for
 * the workers (gw_intake.h).
 */
#include "gw_intake.h"
#include "gw_clock.h"
#include "gw_log.h"
#include "gw_proto.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Tags of the three entries of wait_ep. */
#define WAIT_LISTEN 1u
#define WAIT_LINKS  2u
#define WAIT_PARKED 3u

/* How long a parked connection may take to complete its request packet.
 * An Apache child writes the packet in one sendmsg() right after
 * connect() (on a kept link, in one write), so the rest of a packet
 * found incomplete follows within microseconds; 3 s leave room for a
 * machine under heavy load, and a peer slower than that is no Apache
 * child at work.  (mod_wsgi lets such a connection hold a thread for
 * about 10 s.) */
#define PARK_TIMEOUT_MS 3000
/* At most this many parked connections (and never more than a quarter of
 * RLIMIT_NOFILE, as for kept links), holding at most PARK_BYTES of packet
 * bytes (64 full-size packets, 4 MiB); beyond either, the oldest is
 * closed.  A real one stays parked for microseconds, so the oldest is the
 * likeliest to be no Apache child, and a flood of connections costs this
 * process descriptors and memory within these bounds, never a thread.
 * (Slots that workers are reading into are not closed: with them the
 * bytes may pass the bound by one packet per thread.) */
#define PARK_MAX    1024
#define PARK_BYTES  (64 * ((size_t)GW_UWSGI_HDR_LEN + GW_VARS_MAX))

static int listen_fd = -1;
static int wait_ep = -1;      /* fd 3, links_ep, park_ep: idle workers */
static int links_ep = -1;     /* the kept links, each EPOLLONESHOT */
static int park_ep = -1;      /* the parked connections, EPOLLONESHOT */
static int nthreads;
static uid_t peer_uid;
static int max_links;
static atomic_int nlinks;     /* links registered in links_ep */
static atomic_int busy;       /* workers between next() and done() */
static atomic_int stopped;
/* linkmap[fd] is set while fd is a connection from an Apache child, new
 * or kept (fds up to linkmap_len), so that a child the application forks
 * can close its copies at once; cleared before the close(), so a number
 * reused meanwhile is never cleared by mistake. */
static _Atomic unsigned char *linkmap;
static size_t linkmap_len;

/* A connection whose request packet has not all arrived.  Its epoll
 * event carries park_key(): a worker that gets an event for a slot freed
 * (and maybe reused) meanwhile finds the generation changed and leaves
 * it.  Slots are taken (taken set) by one worker at a time, under
 * park_lock; what a worker has taken no other thread frees. */
typedef struct {
    int fd;                   /* -1: the slot is free */
    int kept;                 /* a kept link; else a new connection */
    int taken;                /* a worker is reading it */
    uint32_t gen;
    int64_t since;            /* parked at (ms, CLOCK_MONOTONIC) */
    unsigned char *buf;       /* the packet so far: len of cap bytes */
    size_t len, cap;
    int older, newer;         /* the age list (slot numbers, -1: none) */
} park_slot;

static pthread_mutex_t park_lock = PTHREAD_MUTEX_INITIALIZER;
static park_slot *parked;     /* nslots: max_parked + one per thread */
static int nslots, max_parked;
static int park_free = -1;    /* free slots, chained through newer */
static int park_oldest = -1, park_newest = -1;
static size_t park_bytes;     /* sum of the slots' cap */
static atomic_int nparked;    /* slots in use */

/* The bouncer sleeps on this until the process is saturated or stops. */
static pthread_mutex_t bounce_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bounce_cond = PTHREAD_COND_INITIALIZER;

static void pause_100ms(void)
{
    struct timespec ts = { 0, 100 * 1000 * 1000 };
    nanosleep(&ts, NULL);
}

/* Only the Apache child user may talk to us: the socket's mode says so,
 * and this check holds even if someone loosens the mode.  Once per
 * connection: a kept link stays with the process that connected it. */
static int peer_allowed(int fd)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
        gw_log(GW_LOG_ERR, "GW03004: cannot read the peer of a connection: "
               "%s; closed", strerror(errno));
        return 0;
    }
    if (cred.uid != peer_uid) {
        gw_log(GW_LOG_ERR, "GW03005: refused a connection from pid %ld uid "
               "%ld: only uid %ld (Apache's User or socket-user=) may "
               "connect", (long)cred.pid, (long)cred.uid, (long)peer_uid);
        return 0;
    }
    return 1;
}

static void link_mark(int fd, unsigned char on)
{
    if (fd >= 0 && (size_t)fd < linkmap_len)
        atomic_store(&linkmap[fd], on);
}

static void close_fd(int fd)
{
    link_mark(fd, 0);
    /* No retry on EINTR: on Linux the fd is gone either way. */
    if (close(fd) < 0 && errno != EINTR)
        gw_log(GW_LOG_WARN, "GW03050: close() of a connection socket "
               "failed: %s", strerror(errno));
}

/* Out of links_ep, shut down, closed.  Should a copy of fd live on in
 * some child (links_close_in_child() missed it: a raw clone()), the
 * explicit EPOLL_CTL_DEL keeps the registration from outliving our
 * close(), and shutdown() makes the Apache child see the end anyway. */
static void link_drop(int fd)
{
    (void)epoll_ctl(links_ep, EPOLL_CTL_DEL, fd, NULL);
    atomic_fetch_sub(&nlinks, 1);
    (void)shutdown(fd, SHUT_RDWR);
    close_fd(fd);
}

/* Waits for the link's next request; drops it when that cannot be set. */
static void link_arm(int fd, int op)
{
    struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT };

    ev.data.fd = fd;
    if (epoll_ctl(links_ep, op, fd, &ev) == 0) {
        if (op == EPOLL_CTL_ADD)
            atomic_fetch_add(&nlinks, 1);
        return;
    }
    gw_log(GW_LOG_WARN, "GW03051: cannot keep a link open for its next "
           "request (epoll_ctl: %s); closed, the Apache child connects "
           "again", strerror(errno));
    if (op == EPOLL_CTL_MOD)
        link_drop(fd);
    else
        close_fd(fd);
}

/* Closes a connection that carries no request to serve. */
static void conn_drop(int fd, int kept)
{
    if (kept)
        link_drop(fd);
    else
        close_fd(fd);
}

/* ---- the request packet ------------------------------------------- */

/* How many bytes the packet has, judging by the len bytes at b: the
 * header's 4 until they are in.  A header the codec refuses counts as
 * complete: the worker says why (gw_conn_decode_request) and closes. */
static size_t packet_need(const unsigned char *b, size_t len)
{
    size_t datasize;

    if (len < GW_UWSGI_HDR_LEN)
        return GW_UWSGI_HDR_LEN;
    if (gw_req_parse_header(b, &datasize) != GW_OK)
        return len;
    return GW_UWSGI_HDR_LEN + datasize;
}

/* One read of what has come, without waiting: > 0 bytes; 0 when nothing
 * more is there yet; -1 when the peer is gone (logged; have of need
 * bytes were in). */
static ssize_t packet_recv(int fd, unsigned char *dst, size_t room,
                           size_t have, size_t need)
{
    for (;;) {
        ssize_t r = recv(fd, dst, room, MSG_DONTWAIT);
        if (r > 0)
            return r;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        /* Nothing at all, or a reset before any byte (a peer that closed
         * with our START frame unread): a probe, not a broken request. */
        if ((r == 0 || errno == ECONNRESET) && have == 0)
            gw_log(GW_LOG_DEBUG, "GW05006: connection closed before a "
                   "request was sent");
        else if (r == 0)
            gw_log(GW_LOG_ERR, "GW05003: the Apache child closed the "
                   "connection after %zu of %zu bytes of the request "
                   "packet; request dropped", have, need);
        else
            gw_log(GW_LOG_ERR, "GW05004: reading the request packet failed "
                   "after %zu bytes: %s; request dropped", have,
                   strerror(errno));
        return -1;
    }
}

/* ---- parked connections ------------------------------------------- */

/* park_key() to park_watch(): called with park_lock held. */

static uint64_t park_key(int i)
{
    return (uint64_t)parked[i].gen << 32 | (uint32_t)i;
}

static void park_link(int i)
{
    parked[i].older = park_newest;
    parked[i].newer = -1;
    if (park_newest >= 0)
        parked[park_newest].newer = i;
    else
        park_oldest = i;
    park_newest = i;
}

static void park_unlink(int i)
{
    park_slot *p = &parked[i];

    if (p->older >= 0)
        parked[p->older].newer = p->newer;
    else
        park_oldest = p->newer;
    if (p->newer >= 0)
        parked[p->newer].older = p->older;
    else
        park_newest = p->older;
}

/* Frees slot i; its fd is the caller's again (served, kept or closed). */
static void park_release(int i)
{
    park_slot *p = &parked[i];

    (void)epoll_ctl(park_ep, EPOLL_CTL_DEL, p->fd, NULL);
    park_unlink(i);
    free(p->buf);
    park_bytes -= p->cap;
    p->buf = NULL;
    p->len = p->cap = 0;
    p->fd = -1;
    p->taken = 0;
    p->gen++;
    p->newer = park_free;
    park_free = i;
    atomic_fetch_sub(&nparked, 1);
}

static void park_close(int i)
{
    int fd = parked[i].fd, kept = parked[i].kept;

    park_release(i);
    conn_drop(fd, kept);
}

static void peer_of(int fd, long *pid, long *uid)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    *pid = *uid = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
        *pid = (long)cred.pid;
        *uid = (long)cred.uid;
    }
}

/* "N of M bytes" of what slot i holds, for the log lines. */
static void park_describe(int i, char *buf, size_t cap)
{
    park_slot *p = &parked[i];
    long pid, uid;
    size_t need = packet_need(p->buf, p->len);

    peer_of(p->fd, &pid, &uid);
    snprintf(buf, cap, "%s from pid %ld uid %ld (%zu of %s%zu bytes of its "
             "request packet in %lld ms)", p->kept ? "a kept link"
             : "a connection", pid, uid, p->len,
             p->len < GW_UWSGI_HDR_LEN ? "at least " : "", need,
             (long long)(gw_clock_ms() - p->since));
}

/* The bound of time: closes slot i, whose packet is overdue. */
static void park_expire_slot(int i)
{
    char what[200];

    park_describe(i, what, sizeof(what));
    gw_log(GW_LOG_ERR, "GW03060: closed %s: an Apache child sends its "
           "whole request packet at once, this peer did not within %d ms",
           what, PARK_TIMEOUT_MS);
    park_close(i);
}

/* The bounds of number and memory: closes the oldest slot no worker has
 * taken, other than keep.  0 when there is none. */
static int park_evict(int keep)
{
    char what[200];
    int i = park_oldest;

    while (i >= 0 && (parked[i].taken || i == keep))
        i = parked[i].newer;
    if (i < 0)
        return 0;
    park_describe(i, what, sizeof(what));
    gw_log(GW_LOG_ERR, "GW03061: closed %s: the oldest of the connections "
           "waiting for their request packet, as this process holds at "
           "most %d of them and %zu bytes of their packets", what,
           max_parked, PARK_BYTES);
    park_close(i);
    return 1;
}

/* Closes every parked connection past PARK_TIMEOUT_MS but those a worker
 * has taken (which it checks itself).  Cheap when nothing is parked. */
static void park_expire(void)
{
    if (atomic_load(&nparked) == 0)
        return;
    int64_t limit = gw_clock_ms() - PARK_TIMEOUT_MS;
    pthread_mutex_lock(&park_lock);
    for (int i = park_oldest; i >= 0 && parked[i].since <= limit;) {
        int next = parked[i].newer;
        if (!parked[i].taken)
            park_expire_slot(i);
        i = next;
    }
    pthread_mutex_unlock(&park_lock);
}

/* Makes room for cap bytes in slot i (taken by the caller, or being
 * made), closing the oldest others while the bytes bound is passed.  0,
 * or -1 after logging (out of memory). */
static int park_reserve(int i, size_t cap)
{
    park_slot *p = &parked[i];
    unsigned char *buf;

    park_bytes += cap - p->cap;
    while (park_bytes > PARK_BYTES && park_evict(i))
        ;
    buf = realloc(p->buf, cap);
    if (!buf) {
        park_bytes -= cap - p->cap;
        gw_log(GW_LOG_ERR, "GW05030: out of memory keeping %zu bytes of a "
               "request packet that is still arriving; connection closed",
               cap);
        return -1;
    }
    p->buf = buf;
    p->cap = cap;
    return 0;
}

/* Watches slot i for the rest of its packet, for any idle worker.  0, or
 * -1 after logging (the caller closes). */
static int park_watch(int i, int op)
{
    struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT };

    ev.data.u64 = park_key(i);
    parked[i].taken = 0;
    if (epoll_ctl(park_ep, op, parked[i].fd, &ev) == 0)
        return 0;
    gw_log(GW_LOG_ERR, "GW03062: cannot wait for the rest of a request "
           "packet (epoll_ctl: %s); connection closed", strerror(errno));
    return -1;
}

/* Parks fd with the len bytes of its packet at data. */
static void park_new(int fd, int kept, const unsigned char *data,
                     size_t len)
{
    pthread_mutex_lock(&park_lock);
    if (atomic_load(&nparked) >= max_parked)
        (void)park_evict(-1);
    /* One slot per thread beyond max_parked: taken slots are never
     * evicted, and there are fewer of them than threads. */
    int i = park_free;
    park_slot *p = &parked[i];
    park_free = p->newer;
    atomic_fetch_add(&nparked, 1);
    p->fd = fd;
    p->kept = kept;
    p->taken = 1;
    p->since = gw_clock_ms();
    park_link(i);
    if (len && park_reserve(i, packet_need(data, len)) == 0) {
        memcpy(p->buf, data, len);
        p->len = len;
    }
    if (p->len != len || park_watch(i, EPOLL_CTL_ADD) < 0)
        park_close(i);
    pthread_mutex_unlock(&park_lock);
}

/* Takes the slot an event named: its number, or -1 when it is gone (or
 * was reused) or another worker has it. */
static int park_take(uint64_t key)
{
    int i = (int)(uint32_t)key, got = -1;

    pthread_mutex_lock(&park_lock);
    if (i < nslots && parked[i].fd >= 0 && !parked[i].taken
        && park_key(i) == key) {
        parked[i].taken = 1;
        got = i;
    }
    pthread_mutex_unlock(&park_lock);
    return got;
}

/* Counts the worker busy; the last free one wakes the bouncer. */
static void busy_enter(void)
{
    if (atomic_fetch_add(&busy, 1) + 1 >= nthreads) {
        pthread_mutex_lock(&bounce_lock);
        pthread_cond_signal(&bounce_cond);
        pthread_mutex_unlock(&bounce_lock);
    }
}

/* The worker's first read of fd (new, or a kept link woken): with the
 * whole packet in c, fd to serve; else parked or closed, and -2. */
static int packet_first(int fd, int was_kept, int *kept, gw_conn *c)
{
    gw_conn_reset(c, fd);
    for (;;) {
        size_t need = packet_need(c->rbuf, c->rlen);
        if (c->rlen >= need) {
            *kept = was_kept;
            busy_enter();
            return fd;
        }
        ssize_t r = packet_recv(fd, c->rbuf + c->rlen, c->rcap - c->rlen,
                                c->rlen, need);
        if (r > 0) {
            c->rlen += (size_t)r;
            continue;
        }
        if (r == 0)
            park_new(fd, was_kept, c->rbuf, c->rlen);
        else
            conn_drop(fd, was_kept);
        return -2;
    }
}

/* A parked connection an event named: reads on into its slot (no further
 * than the packet).  Complete, it moves into c and fd is served; else it
 * is parked again, or closed, and -2. */
static int park_resume(uint64_t key, int *kept, gw_conn *c)
{
    int i = park_take(key);
    if (i < 0)
        return -2;
    park_slot *p = &parked[i];
    ssize_t r = 1;
    size_t need;

    while ((need = packet_need(p->buf, p->len)) > p->len) {
        if (need > p->cap) {
            pthread_mutex_lock(&park_lock);
            r = park_reserve(i, need);
            pthread_mutex_unlock(&park_lock);
            if (r < 0)
                break;
        }
        r = packet_recv(p->fd, p->buf + p->len, need - p->len, p->len, need);
        if (r <= 0)
            break;
        p->len += (size_t)r;
    }
    if (need <= p->len) {
        int fd = p->fd;
        *kept = p->kept;
        gw_conn_reset(c, fd);
        memcpy(c->rbuf, p->buf, p->len);
        c->rlen = p->len;
        /* What followed the packet, as the first read would have taken
         * it (a bodyless request's empty chunk: the link can then be
         * kept); not waited for.  An error or EOF is the body's. */
        r = recv(fd, c->rbuf + c->rlen, c->rcap - c->rlen, MSG_DONTWAIT);
        if (r > 0)
            c->rlen += (size_t)r;
        pthread_mutex_lock(&park_lock);
        park_release(i);
        pthread_mutex_unlock(&park_lock);
        busy_enter();
        return fd;
    }
    pthread_mutex_lock(&park_lock);
    if (r < 0)
        park_close(i);
    else if (gw_clock_ms() - p->since >= PARK_TIMEOUT_MS)
        park_expire_slot(i);
    else if (park_watch(i, EPOLL_CTL_MOD) < 0)
        park_close(i);
    pthread_mutex_unlock(&park_lock);
    return -2;
}

static int saturated(void)
{
    return atomic_load(&busy) >= nthreads;
}

static void *bouncer_main(void *arg)
{
    struct epoll_event ev[16];
    (void)arg;

    for (;;) {
        pthread_mutex_lock(&bounce_lock);
        while (!atomic_load(&stopped) && !saturated())
            pthread_cond_wait(&bounce_cond, &bounce_lock);
        pthread_mutex_unlock(&bounce_lock);
        /* No idle worker looks at the clock now. */
        park_expire();
        /* Sliced, to see the end of the saturation. */
        int n = epoll_wait(links_ep, ev, 16, 20);
        for (int i = 0; i < n; i++) {
            int fd = ev[i].data.fd;
            if (!atomic_load(&stopped) && !saturated()) {
                link_arm(fd, EPOLL_CTL_MOD);    /* a worker is free again */
                continue;
            }
            link_drop(fd);
            gw_log(GW_LOG_DEBUG, "GW03052: %s: a request on a kept link "
                   "goes back to the Apache child, to be sent over a fresh "
                   "connection", atomic_load(&stopped)
                   ? "this process is stopping"
                   : "all worker threads of this process are busy");
        }
    }
    return NULL;
}

/* In a child the application forks (os.fork(), multiprocessing): our
 * links are not its business, and its copies would keep them open after
 * this process died, leaving the Apache children waiting on them; nor
 * is the group socket, on which it could take requests meant for the
 * group, nor are our epoll sets.  Only close(): async-signal-safe, as a
 * child of a threaded process needs.  Each is closed once: a child of
 * the child keeps what the child opened since under the same numbers. */
static void links_close_in_child(void)
{
    int *fds[] = { &listen_fd, &wait_ep, &links_ep, &park_ep };

    for (size_t fd = 0; fd < linkmap_len; fd++)
        if (atomic_exchange(&linkmap[fd], 0))
            (void)close((int)fd);
    for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
        if (*fds[i] >= 0)
            (void)close(*fds[i]);
        *fds[i] = -1;
    }
}

/* The parked connections' slots, all free. */
static int park_init(void)
{
    nslots = max_parked + nthreads;
    parked = calloc((size_t)nslots, sizeof(*parked));
    if (!parked) {
        gw_log(GW_LOG_CRIT, "GW03063: cannot allocate %d slots for "
               "connections whose request packet is arriving: out of "
               "memory", nslots);
        return -1;
    }
    for (int i = nslots - 1; i >= 0; i--) {
        parked[i].fd = -1;
        parked[i].newer = park_free;
        park_free = i;
    }
    return 0;
}

int gw_intake_init(int fd, int threads, uid_t uid)
{
    struct rlimit nofile;
    int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

    listen_fd = fd;
    nthreads = threads;
    peer_uid = uid;
    /* A program the application runs (os.system(), subprocess with
     * close_fds=False) must not inherit the group socket and take
     * requests meant for the group (their secret with them). */
    if (fdfl < 0 || fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC) < 0) {
        gw_log(GW_LOG_CRIT, "GW03064: cannot make the group socket "
               "close-on-exec: %s", strerror(errno));
        return -1;
    }
    /* Several processes wait for the same connection, so accept() must
     * not block when another one took it. */
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        gw_log(GW_LOG_CRIT, "GW03011: cannot make the group socket "
               "non-blocking: %s", strerror(errno));
        return -1;
    }
    max_links = 256;
    linkmap_len = 1024;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0
        && nofile.rlim_cur != RLIM_INFINITY) {
        max_links = nofile.rlim_cur / 4 < 16 ? 16 : (int)(nofile.rlim_cur / 4);
        linkmap_len = nofile.rlim_cur < (1u << 20) ? nofile.rlim_cur
                                                   : (1u << 20);
    }
    max_parked = max_links < PARK_MAX ? max_links : PARK_MAX;
    /* Pages of it are only touched where descriptors are. */
    linkmap = calloc(linkmap_len, 1);
    if (!linkmap)
        linkmap_len = 0;
    if (park_init() < 0)
        return -1;

    struct epoll_event lev = { .events = EPOLLIN | EPOLLEXCLUSIVE };
    struct epoll_event kev = { .events = EPOLLIN };
    struct epoll_event pev = { .events = EPOLLIN };
    lev.data.u32 = WAIT_LISTEN;
    kev.data.u32 = WAIT_LINKS;
    pev.data.u32 = WAIT_PARKED;
    wait_ep = epoll_create1(EPOLL_CLOEXEC);
    links_ep = epoll_create1(EPOLL_CLOEXEC);
    park_ep = epoll_create1(EPOLL_CLOEXEC);
    if (wait_ep < 0 || links_ep < 0 || park_ep < 0
        || epoll_ctl(wait_ep, EPOLL_CTL_ADD, fd, &lev) != 0
        || epoll_ctl(wait_ep, EPOLL_CTL_ADD, links_ep, &kev) != 0
        || epoll_ctl(wait_ep, EPOLL_CTL_ADD, park_ep, &pev) != 0) {
        gw_log(GW_LOG_CRIT, "GW03053: cannot set up the epoll sets the "
               "workers wait in: %s", strerror(errno));
        return -1;
    }

    int rc = pthread_atfork(NULL, NULL, links_close_in_child);
    if (rc != 0) {
        gw_log(GW_LOG_CRIT, "GW03056: cannot register the fork handler "
               "that keeps the group socket and the connections out of "
               "forked children: %s",
               strerror(rc));
        return -1;
    }
    pthread_t t;
    rc = pthread_create(&t, NULL, bouncer_main, NULL);
    if (rc != 0) {
        gw_log(GW_LOG_CRIT, "GW03054: cannot start the thread that bounces "
               "requests on kept links while the process is busy: %s",
               strerror(rc));
        return -1;
    }
    pthread_detach(t);
    return 0;
}

static int intake_take(int timeout_ms, int *kept, gw_conn *c)
{
    struct epoll_event ev;
    /* Stopping: the group's other processes take new connections and
     * the bouncer sends kept links' requests there; what was accepted
     * here is still served. */
    int draining = atomic_load(&stopped);

    park_expire();
    int n = epoll_wait(draining ? park_ep : wait_ep, &ev, 1, timeout_ms);
    if (n == 0)
        return -1;
    if (n < 0) {
        if (errno != EINTR) {
            gw_log(GW_LOG_ERR, "GW03055: waiting for connections failed "
                   "(epoll_wait: %s)", strerror(errno));
            pause_100ms();
        }
        return -2;
    }
    if (draining)
        return park_resume(ev.data.u64, kept, c);
    if (ev.data.u32 != WAIT_LISTEN) {
        /* Another thread may have taken the one that woke us. */
        int links = ev.data.u32 == WAIT_LINKS;
        struct epoll_event e;
        if (epoll_wait(links ? links_ep : park_ep, &e, 1, 0) != 1)
            return -2;
        return links ? packet_first(e.data.fd, 1, kept, c)
                     : park_resume(e.data.u64, kept, c);
    }
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        /* EAGAIN: another process was quicker. */
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
            || errno == ECONNABORTED)
            return -2;
        /* EMFILE and friends: say so, breathe, try again. */
        gw_log(GW_LOG_ERR, "GW03006: accept on the group socket failed: %s",
               strerror(errno));
        pause_100ms();
        return -2;
    }
    if (!peer_allowed(fd)) {
        close_fd(fd);
        return -2;
    }
    link_mark(fd, 1);
    return packet_first(fd, 0, kept, c);
}

int gw_intake_next(int timeout_ms, int *kept, gw_conn *c)
{
    int fd = intake_take(timeout_ms, kept, c);

    if (fd >= 0)
        c->linked = *kept;
    return fd;
}

void gw_intake_unlink(gw_conn *c)
{
    if (!c->linked)
        return;
    (void)epoll_ctl(links_ep, EPOLL_CTL_DEL, c->fd, NULL);
    atomic_fetch_sub(&nlinks, 1);
    c->linked = 0;
}

int gw_intake_parked(void)
{
    return atomic_load(&nparked);
}

int gw_intake_busy(void)
{
    return atomic_load(&busy);
}

int gw_intake_may_keep(void)
{
    return !atomic_load(&stopped) && atomic_load(&nlinks) < max_links;
}

void gw_intake_done(int fd, int open, int was_kept)
{
    if (open == GW_CONN_HANDED) {
        /* The event loop's now, out of the links' set since before the
         * hand-over (gw_intake_unlink), still marked (a forked child
         * closes its copy): the loop may have given it back already. */
        atomic_fetch_sub(&busy, 1);
        return;
    }
    if (open && !atomic_load(&stopped))
        link_arm(fd, was_kept ? EPOLL_CTL_MOD : EPOLL_CTL_ADD);
    else if (was_kept)
        link_drop(fd);
    else
        close_fd(fd);
    atomic_fetch_sub(&busy, 1);
}

void gw_intake_return(int fd, int keep)
{
    if (keep && gw_intake_may_keep())
        link_arm(fd, EPOLL_CTL_ADD);
    else
        close_fd(fd);
}

void gw_intake_stop(void)
{
    atomic_store(&stopped, 1);
    pthread_mutex_lock(&bounce_lock);
    pthread_cond_broadcast(&bounce_cond);
    pthread_mutex_unlock(&bounce_lock);
}

