/*
 * gw_logger.c - gateway-logger, seen from the Apache parent (see
 * gw_logger.h).
 *
 * Runs in the Apache parent, as root, in post_config, in the MPM's main
 * loop (apr_proc_other_child_*, the monitor hook) and in the last
 * cleanup at Apache's stop.  What survives a generation is in gw_kept
 * (the logger's pid, the parent's end of its control socket, one record
 * per read end); the other_child callback is registered again in each
 * generation, because this module is unloaded and reloaded.
 */
#include "gw_logger.h"
#include "gw_exe.h"
#include "gw_backoff.h"
#include "gw_kept.h"
#include "gw_spawn.h"
#include "gw_exitinfo.h"

#include "http_log.h"
#include "ap_mpm.h"
#include "unixd.h"
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* What a process may write while the logger is away (dead, stopped,
 * slow) before its lines are dropped (proto/gw_log.h): a few seconds of
 * a busy application's output.  The kernel allocates it as it fills. */
#define GW_LOGGER_PIPE_SIZE  (1 << 20)
/* A logger that dies is restarted by the rule of every supervised
 * process (proto/gw_backoff.h): a logger that cannot run must not make
 * the parent a fork loop, nor fill the log.  The wait is in the new
 * process (parent/gw_spawn.c), so it does not depend on the monitor
 * hook, which Apache runs only about every 10 s; the monitor starts a
 * logger only when one could not be forked at all. */
#define GW_LOGGER_EARLY      apr_time_from_sec(GW_EARLY_DEATH_S)
/* At Apache's stop: the logger drains for up to 2 s (DRAIN_MS), then
 * exits; it is killed if it is still there after this. */
#define GW_LOGGER_STOP_WAIT  apr_time_from_sec(5)

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    const char *path;
    apr_proc_t proc;               /* the logger, for other_child */
    int log_sent;                  /* it has this generation's error log */
} lg;

static gw_kept *kept(void)
{
    return gw_kept_get(lg.s);
}

static void exe_refused(int level, server_rec *s, const char *path,
                        const char *why)
{
    ap_log_error(APLOG_MARK, level, 0, s, GWLOGNO(02130)
                 "%s: %s; gateway-logger is installed next to "
                 "gateway-daemon (GatewayDaemonPath's directory) by 'make "
                 "install', owned by root and writable by root only",
                 path, why);
}

int gw_logger_preflight(apr_pool_t *p, server_rec *s)
{
    const char *path = gw_exe_sibling(p, GW_LOGGER_EXE);
    const char *why;
    int fd = gw_exe_open(path, 1, &why);

    if (fd >= 0)
        close(fd);
    if (!why)
        return OK;
    exe_refused(APLOG_CRIT, s, path, why);
    return HTTP_INTERNAL_SERVER_ERROR;
}

/* ---- the control channel ----------------------------------------------- */

/* One message with one descriptor; never blocks (a stalled logger must
 * not stall Apache's parent).  0, or -1 with errno. */
static int send_fd(const char *msg, size_t len, int fd)
{
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } cm;
    struct iovec iov = { (void *)msg, len };
    struct msghdr mh;
    int ctl = kept()->logger.ctl;

    if (ctl < 0) {
        errno = ENOTCONN;
        return -1;
    }
    memset(&mh, 0, sizeof(mh));
    memset(&cm, 0, sizeof(cm));
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = cm.buf;
    mh.msg_controllen = sizeof(cm.buf);
    struct cmsghdr *h = CMSG_FIRSTHDR(&mh);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &fd, sizeof(int));
    for (;;) {
        if (sendmsg(ctl, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

/* A failure other than a full socket (tried again by the monitor) or a
 * logger that just died (its death is reported and it is restarted). */
static void send_failed(const char *what)
{
    if (errno == EAGAIN || errno == EPIPE || errno == ECONNRESET
        || errno == ENOTCONN)
        return;
    ap_log_error(APLOG_MARK, APLOG_ERR, errno, lg.s, GWLOGNO(02135)
                 "cannot hand %s to gateway-logger (pid %ld); trying again "
                 "later", what, (long)kept()->logger.pid);
}

/* Apache's main error log, as (re)opened for this generation: the
 * parent's stderr. */
static void send_error_log(void)
{
    lg.log_sent = send_fd("log", 3, STDERR_FILENO) == 0;
    if (!lg.log_sent)
        send_failed("the main error log");
}

static void record_free(gw_kept_logpipe *r)
{
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
    r->pid = 0;
}

/* Hands over every read end the running logger does not have yet; the
 * copies of reaped processes are closed once it has them. */
static void send_pipes(void)
{
    gw_kept *k = kept();
    gw_kept_logpipe *rv = (gw_kept_logpipe *)k->logpipes->elts;
    char msg[GW_LOGCTL_MSG_MAX];

    for (int i = 0; i < k->logpipes->nelts && k->logger.pid > 0; i++) {
        gw_kept_logpipe *r = &rv[i];
        if (!r->pid || r->sent_to == k->logger.serial)
            continue;
        size_t n = gw_logctl_pipe_msg(msg, sizeof(msg), (long)r->pid,
                                      r->kind, r->group);
        if (n == 0)
            continue;             /* cannot happen: pid > 0, a group name */
        if (send_fd(msg, n, r->fd) != 0) {
            char what[64];
            int full = errno == EAGAIN;
            apr_snprintf(what, sizeof(what), "the log pipe of process %ld",
                         (long)r->pid);
            send_failed(what);
            if (full)
                return;           /* the rest waits with it */
            continue;
        }
        r->sent_to = k->logger.serial;
        if (r->reaped)
            record_free(r);
    }
}

/* ---- the logger process ------------------------------------------------ */

static void logger_maintenance(int reason, void *data, apr_wait_t status);

static void watch(void)
{
    lg.proc.pid = kept()->logger.pid;
    gw_exitinfo_watch(lg.proc.pid);
    apr_proc_other_child_register(&lg.proc, logger_maintenance, &lg, NULL,
                                  lg.pconf);
}

static void spawn_failed(int level, apr_status_t rv, const char *what)
{
    ap_log_error(APLOG_MARK, level, rv, lg.s, GWLOGNO(02131)
                 "cannot start gateway-logger: %s", what);
}

/* Forks gateway-logger, which runs after delay seconds; 0, or -1 (logged
 * at level; the monitor tries again from GW_LOGGER_EARLY on). */
static int logger_spawn(int level, int delay)
{
    gw_kept *k = kept();
    int sv[2];
    const char *why;
    int fd = gw_exe_open(lg.path, 1, &why);

    k->logger.started = apr_time_now() + apr_time_from_sec(delay);
    k->logger.next_start = apr_time_now() + GW_LOGGER_EARLY;
    if (why) {
        exe_refused(level, lg.s, lg.path, why);
        return -1;
    }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        spawn_failed(level, APR_FROM_OS_ERROR(errno), "socketpair");
        close(fd);
        return -1;
    }
    apr_status_t rv = apr_proc_fork(&lg.proc, lg.pconf);
    if (rv == APR_INCHILD)
        gw_spawn_exec_logger(fd, sv[1], ap_unixd_config.user_id,
                             ap_unixd_config.group_id, delay, lg.parent);
    close(fd);
    close(sv[1]);
    if (rv != APR_INPARENT) {
        spawn_failed(level, rv, "fork");
        close(sv[0]);
        return -1;
    }
    k->logger.pid = lg.proc.pid;
    k->logger.ctl = sv[0];
    k->logger.serial++;
    watch();
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, lg.s, GWLOGNO(02133)
                 "started gateway-logger (pid %ld, user %s%s): daemon "
                 "processes' output reaches this log through it",
                 (long)k->logger.pid, ap_unixd_config.user_name, delay
                 ? apr_psprintf(lg.pconf, ", after %d s of back-off", delay)
                 : "");
    send_error_log();
    send_pipes();
    return 0;
}

/* The logger is gone: every read end is to go to the next one. */
static void logger_gone(void)
{
    gw_kept *k = kept();
    gw_kept_logpipe *rv = (gw_kept_logpipe *)k->logpipes->elts;

    if (k->logger.ctl >= 0)
        close(k->logger.ctl);
    k->logger.ctl = -1;
    k->logger.pid = 0;
    for (int i = 0; i < k->logpipes->nelts; i++)
        rv[i].sent_to = 0;
}

static void logger_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_kept *k = kept();
    int mpm_state = AP_MPMQ_STOPPING;
    int num = (int)status;

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(data);
    pid_t pid = k->logger.pid;
    gw_end_how end = gw_exitinfo_take(pid, &num);
    const char *how = reason == APR_OC_REASON_LOST ? "was lost"
                      : gw_spawn_describe_end(lg.pconf, end, num);
    logger_gone();
    if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS
        || mpm_state == AP_MPMQ_STOPPING)
        return;     /* gw_logger_stop() says how it ended */
    if (apr_time_now() - k->logger.started < GW_LOGGER_EARLY)
        k->logger.early_deaths++;
    else
        k->logger.early_deaths = 0;
    int n = k->logger.early_deaths, delay = gw_backoff_delay(n);
    ap_log_error(APLOG_MARK, APLOG_ERR, 0, lg.s, GWLOGNO(02132)
                 "gateway-logger (pid %ld) %s; starting a new one%s: what "
                 "the processes write meanwhile waits in their pipes",
                 (long)pid, how, delay ? apr_psprintf(lg.pconf, " in %d s "
                 "(back-off: each of the last %d ended within 5 s of its "
                 "start)", delay, n) : "");
    (void)logger_spawn(APLOG_ERR, delay);
}

/* After a restart: is the logger of the last generation still there?  A
 * logger that died while no generation watched it (between two) has
 * closed its end of the socket. */
static int logger_alive(void)
{
    gw_kept *k = kept();
    struct pollfd p = { k->logger.ctl, POLLOUT, 0 };

    if (k->logger.pid <= 0 || k->logger.ctl < 0)
        return 0;
    if (poll(&p, 1, 0) < 0 || (p.revents & (POLLHUP | POLLERR))
        || kill(k->logger.pid, 0) != 0) {
        int st;
        (void)waitpid(k->logger.pid, &st, WNOHANG);
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, lg.s, GWLOGNO(02138)
                     "gateway-logger (pid %ld) ended during the restart; "
                     "starting a new one", (long)k->logger.pid);
        logger_gone();
        return 0;
    }
    return 1;
}

static int needed(int groups)
{
    gw_kept *k = kept();
    gw_kept_logpipe *rv = (gw_kept_logpipe *)k->logpipes->elts;

    for (int i = 0; i < k->logpipes->nelts && !groups; i++)
        groups = rv[i].pid != 0;
    return groups;
}

int gw_logger_start(apr_pool_t *pconf, server_rec *s, int groups)
{
    lg.pconf = pconf;
    lg.s = s;
    lg.parent = getpid();
    lg.path = gw_exe_sibling(pconf, GW_LOGGER_EXE);

    gw_kept *k = kept();
    if (logger_alive()) {
        watch();
        send_error_log();
        send_pipes();
        return OK;
    }
    if (!needed(groups))
        return OK;
    /* At Apache's first start a logger that cannot run is a start-up
     * failure the administrator sees at once; later (a restart) Apache
     * keeps serving and the monitor tries again. */
    int first = k->logger.serial == 0;
    if (logger_spawn(first ? APLOG_CRIT : APLOG_ERR, 0) != 0 && first)
        return HTTP_INTERNAL_SERVER_ERROR;
    return OK;
}

/* ---- the pipes --------------------------------------------------------- */

int gw_logger_pipe_open(const char *what, const char *group, int *wfd)
{
    int p[2], fl;
    const char *step = "pipe2";

    if (pipe2(p, O_CLOEXEC) == 0) {
        step = "O_NONBLOCK";
        /* Not fatal: the default 64 KiB also works, it only fills
         * sooner. */
        (void)fcntl(p[1], F_SETPIPE_SZ, GW_LOGGER_PIPE_SIZE);
        /* Non-blocking for the writer: a stalled logger delays a line by
         * GW_LOG_STALL_MS at most and never wedges a process. */
        if ((fl = fcntl(p[1], F_GETFL)) >= 0
            && fcntl(p[1], F_SETFL, fl | O_NONBLOCK) == 0) {
            *wfd = p[1];
            return p[0];
        }
        int e = errno;
        close(p[0]);
        close(p[1]);
        errno = e;
    }
    ap_log_error(APLOG_MARK, APLOG_ERR, errno, lg.s, GWLOGNO(02134)
                 "cannot start %s of group '%s': no pipe for its output "
                 "(%s)", what, group, step);
    return -1;
}

void gw_logger_pipe_attach(int rfd, int wfd, pid_t pid, int kind,
                           const char *group)
{
    gw_kept *k = kept();
    gw_kept_logpipe *rv = (gw_kept_logpipe *)k->logpipes->elts;
    gw_kept_logpipe *r = NULL;

    close(wfd);
    if (pid <= 0) {
        close(rfd);
        return;
    }
    for (int i = 0; i < k->logpipes->nelts && !r; i++)
        if (!rv[i].pid)
            r = &rv[i];
    if (!r)
        r = apr_array_push(k->logpipes);
    memset(r, 0, sizeof(*r));
    r->pid = pid;
    r->fd = rfd;
    r->kind = kind;
    apr_cpystrn(r->group, group, sizeof(r->group));
    send_pipes();
}

void gw_logger_forget(pid_t pid)
{
    gw_kept *k = kept();
    gw_kept_logpipe *rv = (gw_kept_logpipe *)k->logpipes->elts;

    for (int i = 0; pid > 0 && i < k->logpipes->nelts; i++) {
        gw_kept_logpipe *r = &rv[i];
        if (r->pid != pid || r->reaped)
            continue;
        /* What is still in the pipe is the logger's to read: it holds
         * its own copy.  Without a logger that has it, ours is the only
         * way to it: kept for the next one. */
        if (k->logger.pid > 0 && r->sent_to == k->logger.serial)
            record_free(r);
        else
            r->reaped = 1;
        return;
    }
}

void gw_logger_monitor(void)
{
    gw_kept *k;

    if (!lg.s || getpid() != lg.parent)
        return;
    k = kept();
    if (k->logger.pid > 0 && !lg.log_sent)
        send_error_log();
    if (k->logger.pid > 0)
        send_pipes();
    else if (needed(gw_global && gw_global->groups->nelts > 0)
             && apr_time_now() >= k->logger.next_start)
        (void)logger_spawn(APLOG_ERR, 0);
}

void gw_logger_stop(void)
{
    gw_kept *k = kept();
    gw_kept_logpipe *rv = (gw_kept_logpipe *)k->logpipes->elts;
    pid_t pid = k->logger.pid;
    apr_time_t deadline = apr_time_now() + GW_LOGGER_STOP_WAIT;
    int st = 0;
    int r = 0;

    if (!lg.s || getpid() != lg.parent)
        return;
    /* The end of the control channel: the logger writes out what is
     * left in the pipes (every writer has exited) and exits. */
    logger_gone();
    for (int i = 0; i < k->logpipes->nelts; i++)
        record_free(&rv[i]);
    if (pid <= 0)
        return;
    while ((r = gw_spawn_reap_try(pid, &st)) == 0
           && apr_time_now() < deadline)
        apr_sleep(apr_time_from_msec(10));
    if (r == 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, lg.s, GWLOGNO(02136)
                     "gateway-logger (pid %ld) did not exit within %d s of "
                     "Apache's stop; killing it", (long)pid,
                     (int)apr_time_sec(GW_LOGGER_STOP_WAIT));
        r = gw_spawn_reap_kill(pid, &st);
    }
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, lg.s, GWLOGNO(02137)
                 "gateway-logger (pid %ld) %s at Apache's stop", (long)pid,
                 gw_spawn_describe_wait(lg.s->process->pool, r, st));
}

void gw_logger_child_init(void)
{
    gw_kept *k;
    gw_kept_logpipe *rv;

    if (!lg.s)
        return;
    k = kept();
    rv = (gw_kept_logpipe *)k->logpipes->elts;
    if (k->logger.ctl >= 0)
        close(k->logger.ctl);
    k->logger.ctl = -1;
    for (int i = 0; i < k->logpipes->nelts; i++)
        if (rv[i].pid && rv[i].fd >= 0) {
            close(rv[i].fd);
            rv[i].fd = -1;
        }
}
