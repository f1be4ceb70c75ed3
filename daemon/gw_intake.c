/*
 * gw_intake.c - new connections and kept links for the workers
 * (gw_intake.h).
 */
#include "gw_intake.h"
#include "gw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Tags of the two entries of wait_ep. */
#define WAIT_LISTEN 1u
#define WAIT_LINKS  2u

static int listen_fd = -1;
static int wait_ep = -1;      /* fd 3 and links_ep: idle workers wait here */
static int links_ep = -1;     /* the kept links, each EPOLLONESHOT */
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
 * this process died, leaving the Apache children waiting on them.  Only
 * close(): async-signal-safe, as a child of a threaded process needs. */
static void links_close_in_child(void)
{
    for (size_t fd = 0; fd < linkmap_len; fd++)
        if (atomic_load(&linkmap[fd]))
            (void)close((int)fd);
}

int gw_intake_init(int fd, int threads, uid_t uid)
{
    struct rlimit nofile;
    int fl = fcntl(fd, F_GETFL);

    listen_fd = fd;
    nthreads = threads;
    peer_uid = uid;
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
    /* Pages of it are only touched where descriptors are. */
    linkmap = calloc(linkmap_len, 1);
    if (!linkmap)
        linkmap_len = 0;

    struct epoll_event lev = { .events = EPOLLIN | EPOLLEXCLUSIVE };
    struct epoll_event kev = { .events = EPOLLIN };
    lev.data.u32 = WAIT_LISTEN;
    kev.data.u32 = WAIT_LINKS;
    wait_ep = epoll_create1(EPOLL_CLOEXEC);
    links_ep = epoll_create1(EPOLL_CLOEXEC);
    if (wait_ep < 0 || links_ep < 0
        || epoll_ctl(wait_ep, EPOLL_CTL_ADD, fd, &lev) != 0
        || epoll_ctl(wait_ep, EPOLL_CTL_ADD, links_ep, &kev) != 0) {
        gw_log(GW_LOG_CRIT, "GW03053: cannot set up the epoll sets the "
               "workers wait in: %s", strerror(errno));
        return -1;
    }

    int rc = pthread_atfork(NULL, NULL, links_close_in_child);
    if (rc != 0) {
        gw_log(GW_LOG_CRIT, "GW03056: cannot register the fork handler "
               "that keeps kept links out of forked children: %s",
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

/* Counts the worker busy; the last free one wakes the bouncer. */
static void busy_enter(void)
{
    if (atomic_fetch_add(&busy, 1) + 1 >= nthreads) {
        pthread_mutex_lock(&bounce_lock);
        pthread_cond_signal(&bounce_cond);
        pthread_mutex_unlock(&bounce_lock);
    }
}

int gw_intake_next(int timeout_ms, int *kept)
{
    struct epoll_event ev;
    int n = epoll_wait(wait_ep, &ev, 1, timeout_ms);

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
    if (ev.data.u32 == WAIT_LINKS) {
        /* Another thread may have taken the one that woke us. */
        struct epoll_event le;
        if (epoll_wait(links_ep, &le, 1, 0) != 1)
            return -2;
        *kept = 1;
        busy_enter();
        return le.data.fd;
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
    *kept = 0;
    link_mark(fd, 1);
    busy_enter();
    return fd;
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
    if (open && !atomic_load(&stopped))
        link_arm(fd, was_kept ? EPOLL_CTL_MOD : EPOLL_CTL_ADD);
    else if (was_kept)
        link_drop(fd);
    else
        close_fd(fd);
    atomic_fetch_sub(&busy, 1);
}

void gw_intake_stop(void)
{
    atomic_store(&stopped, 1);
    pthread_mutex_lock(&bounce_lock);
    pthread_cond_broadcast(&bounce_cond);
    pthread_mutex_unlock(&bounce_lock);
}

