/*
 * gw_logger_main.c - gateway-logger, the one process that writes what
 * daemon processes and attached processes print into Apache's main error
 * log (see proto/gw_logline.h for the formats, parent/gw_logger.h for the
 * Apache parent's side, docs/SECURITY.md "The error log").
 *
 * Why it exists: a process that holds the error log itself can
 * ftruncate() it, seek in it, and write lines that look like Apache's
 * own ("[core:crit] [pid 1] AH00000: ...").  So no process that runs
 * application code (or shares a uid with it) gets the log: its fd 1 and
 * 2 are a pipe, and this process turns what comes out of the pipe into
 * log lines tagged with the pid and group the Apache parent registered.
 *
 * Started by the Apache parent once for its lifetime (and again if it
 * dies), forked as root and executed by fexecve with
 *   argv: gateway-logger UID GID PARENT-PID     env: empty
 *   fd 0, 1: /dev/null   fd 2: the main error log   fd 3: control socket
 * and nothing else open.  It drops to UID/GID (Apache's User and Group)
 * itself, first thing: PR_SET_DUMPABLE does not survive an execve (the
 * kernel makes an ordinary exec dumpable again), so a process that was
 * already www-data when it executed this file would be open to ptrace and
 * /proc/PID/fd from every other www-data process (CGI scripts) until it
 * got to prctl().  Changing uid after the exec makes the kernel mark the
 * process non-dumpable in the same step, with no moment in between.
 *
 * It runs until the control socket reaches its end (Apache stopped: the
 * parent closes it after the last process is gone) or SIGTERM (the
 * parent died: PR_SET_PDEATHSIG), then reads what is left in the pipes
 * for up to DRAIN_MS and exits 0.  No Python, no APR.
 */
#include "gw_logline.h"
#include "gw_clock.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define CTL_FD      3
/* After the end of the control channel or SIGTERM: what the processes
 * wrote last is still read for this long (their own children may keep a
 * pipe open; Apache's stop must be over within seconds). */
#define DRAIN_MS    2000
/* A partial line (no newline yet) is written out after this much quiet,
 * so a progress report without newlines is not held back for ever. */
#define QUIET_MS    1000
/* Read from one pipe per wake-up at most this much, so one chatty
 * process cannot starve the others. */
#define READ_MAX    65536

typedef struct {
    int fd;
    long pid;
    int kind;
    char group[GW_LOGCTL_GROUP_MAX];
    size_t group_len;
    long long last_data;          /* ms; for QUIET_MS */
    gw_logbuf buf;
} source;

static source **sources;
static size_t nsources, cap_sources;
static char out_line[GW_LOGLINE_OUT_MAX];

/* Apache's own time stamp format, so the lines sort with Apache's. */
static void date_now(char *date, size_t cap)
{
    struct timeval tv;
    struct tm tm;
    char base[48];

    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    strftime(base, sizeof(base), "%a %b %d %H:%M:%S", &tm);
    snprintf(date, cap, "%s.%06ld %d", base, (long)tv.tv_usec,
             tm.tm_year + 1900);
}

/* One line, one write(2): lines of other processes writing the same log
 * (Apache itself) are not cut into.  Nothing useful is left to do when
 * the log cannot be written (a piped logger that died): the line goes. */
static void write_line(const char *line, size_t len)
{
    size_t off = 0;

    while (off < len) {
        ssize_t w = write(STDERR_FILENO, line + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        off += (size_t)w;
    }
}

/* The logger's own lines: no group, its own pid. */
static void say(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(const char *level, const char *fmt, ...)
{
    char date[128], line[1024];
    va_list ap;
    int n;

    date_now(date, sizeof(date));
    n = snprintf(line, sizeof(line), "[%s] [gateway:%s] [pid %ld:tid %ld] ",
                 date, level, (long)getpid(), (long)syscall(SYS_gettid));
    if (n < 0 || (size_t)n >= sizeof(line))
        return;
    /* Room for the newline is kept; a message too long is cut. */
    size_t room = sizeof(line) - (size_t)n - 1;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, room, fmt, ap);
    va_end(ap);
    if (m < 0)
        return;
    size_t len = (size_t)n + ((size_t)m < room ? (size_t)m : room - 1);
    line[len++] = '\n';
    write_line(line, len);
}

static void __attribute__((noreturn)) fatal(const char *what)
{
    say("crit", "GW07005: gateway-logger cannot start: %s: %s; daemon "
        "processes' output stays in their pipes until it runs", what,
        strerror(errno));
    exit(1);
}

/* ---- start ----------------------------------------------------------------- */

static int parse_num(const char *s, long max, long *out)
{
    char *end;

    errno = 0;
    if (!s || s[0] < '0' || s[0] > '9')
        return -1;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

static void become(uid_t uid, gid_t gid, pid_t parent)
{
    uid_t ru, eu, su;
    gid_t rg, eg, sg;

    /* One group, no supplementary ones: the logger needs no file rights
     * at all, it only reads the descriptors it is given. */
    if (setgroups(1, &gid) != 0)
        fatal("setgroups");
    if (setgid(gid) != 0)
        fatal("setgid");
    if (setuid(uid) != 0)
        fatal("setuid");
    if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0
        || ru != uid || eu != uid || su != uid || rg != gid || eg != gid
        || sg != gid) {
        errno = EPERM;
        fatal("uid/gid not what was asked after the drop");
    }
    if (setuid(0) == 0) {
        errno = EPERM;
        fatal("setuid(0) still succeeds after the drop");
    }
    /* The uid change made it non-dumpable already; say so explicitly,
     * and check: no other process of Apache's User may ptrace this one
     * or open its /proc/PID/fd (the error log, open for writing). */
    if (prctl(PR_SET_DUMPABLE, 0) != 0 || prctl(PR_GET_DUMPABLE) != 0)
        fatal("prctl(PR_SET_DUMPABLE, 0)");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        fatal("prctl(PR_SET_NO_NEW_PRIVS)");
    /* Cleared by the uid change: set it now.  SIGTERM means drain and
     * exit, as at the end of the control channel. */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
        fatal("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != parent) {
        errno = ESRCH;
        fatal("the Apache parent exited during start");
    }
}

static void started_by_hand(const char *why)
{
    say("crit", "GW07001: gateway-logger is started by mod_gateway (as "
        "root, with arguments UID GID PARENT-PID and its control socket "
        "on fd 3), not by hand: %s", why);
    exit(2);
}

static void check_args(int argc, char **argv, long *uid, long *gid,
                       long *parent)
{
    int type = 0;
    socklen_t len = sizeof(type);

    if (argc != 4 || parse_num(argv[1], 0x7fffffffL, uid) != 0
        || parse_num(argv[2], 0x7fffffffL, gid) != 0
        || parse_num(argv[3], 0x7fffffffL, parent) != 0 || *parent < 1)
        started_by_hand("bad arguments");
    if (*uid == 0 || *gid == 0)
        started_by_hand("it reads what applications write and refuses to "
                        "run as root: Apache's User and Group must not be "
                        "root");
    if (geteuid() != 0)
        started_by_hand("not started as root");
    if (getsockopt(CTL_FD, SOL_SOCKET, SO_TYPE, &type, &len) != 0
        || type != SOCK_SEQPACKET)
        started_by_hand("fd 3 is not its control socket");
}

/* ---- sources --------------------------------------------------------------- */

typedef struct {
    const source *src;
    char date[128];
} emit_ctx;

static void emit(void *ctx, const char *text, size_t len, int flags)
{
    emit_ctx *e = ctx;
    gw_logline_src who = { e->src->pid, e->src->kind, e->src->group,
                           e->src->group_len };

    write_line(out_line, gw_logline_build(out_line, sizeof(out_line),
                                          e->date, &who, text, len, flags));
}

static void flush_source(source *s, int more)
{
    emit_ctx e = { s, "" };

    if (s->buf.len == 0 && more)
        return;
    date_now(e.date, sizeof(e.date));
    gw_logbuf_flush(&s->buf, more, emit, &e);
}

static void drop_source(size_t i)
{
    flush_source(sources[i], 0);
    close(sources[i]->fd);
    free(sources[i]);
    sources[i] = sources[--nsources];
}

/* Reads what is there; 0 when the pipe is at its end (every writer gone)
 * or broken. */
static int read_source(source *s)
{
    static char data[READ_MAX];
    emit_ctx e = { s, "" };
    ssize_t n;

    do
        n = read(s->fd, data, sizeof(data));
    while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EAGAIN)
        return 1;
    if (n <= 0)
        return 0;
    date_now(e.date, sizeof(e.date));
    gw_logbuf_feed(&s->buf, data, (size_t)n, emit, &e);
    s->last_data = gw_clock_ms();
    return 1;
}

/* Room for one more source in the table, or NULL. */
static source *new_source(void)
{
    if (nsources == cap_sources) {
        size_t cap = cap_sources ? cap_sources * 2 : 16;
        source **nv = realloc(sources, cap * sizeof(*nv));
        if (!nv)
            return NULL;
        sources = nv;
        cap_sources = cap;
    }
    return malloc(sizeof(source));
}

static void add_source(int fd, const gw_logctl *c)
{
    source *s = new_source();

    if (!s) {
        say("error", "GW07006: out of memory taking the log pipe of "
            "process %ld; its output is lost", c->pid);
        close(fd);
        return;
    }
    s->fd = fd;
    s->pid = c->pid;
    s->kind = c->kind;
    memcpy(s->group, c->group, c->group_len);
    s->group_len = c->group_len;
    s->last_data = gw_clock_ms();
    gw_logbuf_init(&s->buf);
    sources[nsources++] = s;
}

/* ---- the control channel --------------------------------------------------- */

static void refuse(const char *msg, size_t len, const char *why)
{
    char esc[4 * 64];
    size_t n = gw_logline_escape(esc, sizeof(esc), msg, len > 64 ? 64 : len,
                                 0, NULL);

    say("error", "GW07003: refused a control message from the Apache "
        "parent (%s): '%.*s'", why, (int)n, esc);
}

/* The descriptor must be what the message says: the error log open for
 * writing, or the read end of a pipe. */
static int check_fd(int fd, int type)
{
    struct stat st;
    int fl = fcntl(fd, F_GETFL);

    if (fl < 0 || fstat(fd, &st) != 0)
        return -1;
    if (type == GW_LOGCTL_LOG)
        return (fl & O_ACCMODE) != O_RDONLY ? 0 : -1;
    if (!S_ISFIFO(st.st_mode) || (fl & O_ACCMODE) != O_RDONLY)
        return -1;
    return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void take_message(const char *msg, size_t len, int fd)
{
    gw_logctl c;

    if (gw_logctl_parse(msg, len, &c) != 0) {
        refuse(msg, len, "not a message it knows");
        close(fd);
        return;
    }
    if (check_fd(fd, c.type) != 0) {
        refuse(msg, len, c.type == GW_LOGCTL_LOG
               ? "the descriptor is not open for writing"
               : "the descriptor is not the read end of a pipe");
        close(fd);
        return;
    }
    if (c.type == GW_LOGCTL_PIPE) {
        add_source(fd, &c);
        return;
    }
    /* Apache reopened its logs (a restart): write to the new one. */
    if (dup2(fd, STDERR_FILENO) != STDERR_FILENO)
        say("error", "GW07004: cannot switch to the reopened error log: %s; "
            "writing on to the old one", strerror(errno));
    close(fd);
}

/* Reads every message waiting; 0 when the channel has ended. */
static int read_control(void)
{
    for (;;) {
        char msg[GW_LOGCTL_MSG_MAX];
        union {
            struct cmsghdr h;
            char buf[CMSG_SPACE(4 * sizeof(int))];
        } cm;
        struct iovec iov = { msg, sizeof(msg) };
        struct msghdr mh;
        int fds[4], nfd = 0;

        memset(&mh, 0, sizeof(mh));
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = cm.buf;
        mh.msg_controllen = sizeof(cm.buf);
        ssize_t n = recvmsg(CTL_FD, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 1;
        if (n <= 0)
            return 0;
        for (struct cmsghdr *h = CMSG_FIRSTHDR(&mh); h;
             h = CMSG_NXTHDR(&mh, h)) {
            if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
                continue;
            size_t k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < k; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
                if (nfd < 4)
                    fds[nfd++] = fd;
                else
                    close(fd);
            }
        }
        if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || nfd != 1) {
            refuse(msg, (size_t)n, mh.msg_flags & MSG_CTRUNC
                   ? "its descriptor did not arrive (out of descriptors?)"
                   : mh.msg_flags & MSG_TRUNC ? "too long"
                   : "not exactly one descriptor");
            for (int i = 0; i < nfd; i++)
                close(fds[i]);
            continue;
        }
        take_message(msg, (size_t)n, fds[0]);
    }
}

/* ---- main loop ------------------------------------------------------------- */

static int signals_fd(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
        fatal("sigprocmask");
    int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd < 0)
        fatal("signalfd");
    /* The error log may be a pipe to a piped logger: never die writing
     * to it. */
    signal(SIGPIPE, SIG_IGN);
    return fd;
}

int main(int argc, char **argv)
{
    long uid, gid, parent;
    struct pollfd *pfd = NULL;
    size_t pfd_cap = 0;
    int ctl_open = 1;
    long long drain_end = -1;

    check_args(argc, argv, &uid, &gid, &parent);
    become((uid_t)uid, (gid_t)gid, (pid_t)parent);
    int sfd = signals_fd();

    for (;;) {
        long long now = gw_clock_ms();
        int timeout = -1;

        if (drain_end >= 0 && (nsources == 0 || now >= drain_end))
            break;
        if (drain_end >= 0)
            timeout = (int)(drain_end - now);
        for (size_t i = 0; i < nsources; i++) {
            if (sources[i]->buf.len == 0)
                continue;
            long long left = sources[i]->last_data + QUIET_MS - now;
            if (left < 0)
                left = 0;
            if (timeout < 0 || left < timeout)
                timeout = (int)left;
        }
        if (pfd_cap < nsources + 2) {
            struct pollfd *np = realloc(pfd, (nsources + 2) * sizeof(*np));
            if (!np)
                fatal("out of memory");
            pfd = np;
            pfd_cap = nsources + 2;
        }
        pfd[0] = (struct pollfd){ ctl_open ? CTL_FD : -1, POLLIN, 0 };
        pfd[1] = (struct pollfd){ sfd, POLLIN, 0 };
        for (size_t i = 0; i < nsources; i++)
            pfd[i + 2] = (struct pollfd){ sources[i]->fd, POLLIN, 0 };
        size_t polled = nsources;

        int n = poll(pfd, polled + 2, timeout);
        if (n < 0 && errno != EINTR)
            fatal("poll");
        now = gw_clock_ms();
        if (n > 0 && (pfd[1].revents & POLLIN)) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
                if (drain_end < 0)
                    drain_end = now + DRAIN_MS;
        }
        /* Backwards: drop_source() moves the last source into slot i. */
        for (size_t i = polled; n > 0 && i-- > 0;) {
            if (pfd[i + 2].revents && !read_source(sources[i]))
                drop_source(i);
        }
        if (n > 0 && ctl_open && pfd[0].revents && !read_control()) {
            ctl_open = 0;
            if (drain_end < 0)
                drain_end = now + DRAIN_MS;
        }
        for (size_t i = 0; i < nsources; i++)
            if (sources[i]->buf.len > 0
                && now - sources[i]->last_data >= QUIET_MS)
                flush_source(sources[i], 1);
    }
    while (nsources > 0)
        drop_source(nsources - 1);
    return 0;
}
