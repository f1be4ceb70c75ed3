/*
 * gw_attach_main.c - gateway-attach, the runner of an attached daemon
 * (WSGIAttachDaemon, see parent/gw_attach.h and docs/attached-daemons.md).
 *
 * Started by the Apache parent like gateway-daemon: forked, privileges
 * dropped to the group's user, descriptors closed, then fexecve'd with
 *   argv: gateway-attach NAME COMMAND ARG...
 *   env:  the command's environment plus GATEWAY_ATTACH_GROUP,
 *         GATEWAY_ATTACH_STOP ("SIGNO SECONDS") and
 *         GATEWAY_ATTACH_LOG_LEVEL, which it removes before the exec.
 * stdout and stderr are its pipe to gateway-logger, never the error log
 * itself: the command runs as the same user and could take the runner's
 * descriptors (ptrace, pidfd_getfd).  No Python here.
 *
 * It runs the command (execv, no shell) in a child whose stdout and stderr
 * are a pipe, and writes each line the command prints as one record for
 * the logger ("[group G] GW.....: [attach NAME] text" in the log, tagged
 * with the runner's pid; the logger escapes control characters).  It
 * passes SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 and SIGUSR2 on to the
 * command; after the stop signal it gives the command stop-timeout
 * seconds, then SIGKILLs the command's process group.  When the command
 * ends, the runner says how and exits 0 (status 0) or with a
 * GW_ATTACH_EXIT_* status the supervisor explains.
 */
#include "gw_attach_proto.h"
#include "gw_exit.h"
#include "gw_clock.h"
#include "gw_exitguard.h"
#include "gw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Longest piece of output written as one log line: the prefix (date, pid,
 * group, id, name) must still fit in GW_LOG_LINE_MAX. */
#define LINE_MAX_OUT  3200
#define BUF_SIZE      (LINE_MAX_OUT * 2)
/* After the command exits, what it wrote last is still read for up to
 * this long (its children may hold the pipe open). */
#define DRAIN_MS      1000

static const char *name = "?";
static char buf[BUF_SIZE];
static size_t buf_len;

/* One text line, one record: the line holds no newline, and
 * gateway-logger escapes every other control character (terminal
 * escapes) before it reaches the log. */
static void emit(char *line, size_t len)
{
    if (len > 0 && line[len - 1] == '\r')
        len--;
    /* A NUL would end the text for printf's %.*s: it is the one byte the
     * runner replaces itself. */
    for (char *z = memchr(line, '\0', len); z;
         z = memchr(z, '\0', len - (size_t)(z - line)))
        *z = '?';
    gw_log(GW_LOG_NOTICE, "GW06002: [attach %s] %.*s", name, (int)len, line);
}

/* Writes the complete lines in buf (all of it when flush), keeps the
 * rest; a line longer than LINE_MAX_OUT is written in pieces. */
static void output(int flush)
{
    size_t start = 0;

    for (;;) {
        char *nl = memchr(buf + start, '\n', buf_len - start);
        size_t avail = buf_len - start;
        if (nl) {
            size_t len = (size_t)(nl - (buf + start));
            while (len > LINE_MAX_OUT) {
                emit(buf + start, LINE_MAX_OUT);
                start += LINE_MAX_OUT;
                len -= LINE_MAX_OUT;
            }
            emit(buf + start, len);
            start += len + 1;
            continue;
        }
        if (avail >= LINE_MAX_OUT || (flush && avail > 0)) {
            size_t len = avail > LINE_MAX_OUT ? LINE_MAX_OUT : avail;
            emit(buf + start, len);
            start += len;
            continue;
        }
        break;
    }
    memmove(buf, buf + start, buf_len - start);
    buf_len -= start;
}

/* 1 on data, 0 on end of file (or a read error: the pipe is done). */
static int read_output(int fd)
{
    ssize_t n = read(fd, buf + buf_len, sizeof(buf) - buf_len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 1;
    if (n <= 0) {
        output(1);
        return 0;
    }
    buf_len += (size_t)n;
    output(0);
    return 1;
}

static void __attribute__((noreturn)) fail(const char *what)
{
    gw_log(GW_LOG_CRIT, "GW06008: [attach %s] gateway-attach cannot run its "
           "command: %s: %s", name, what, strerror(errno));
    exit(GW_ATTACH_EXIT_SETUP);
}

int main(int argc, char **argv)
{
    static const int forwarded[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT,
                                     SIGUSR1, SIGUSR2 };
    const char *group = getenv(GW_ATTACH_ENV_GROUP);
    const char *level_s = getenv(GW_ATTACH_ENV_LEVEL);
    const char *stop_s = getenv(GW_ATTACH_ENV_STOP);
    int level = level_s ? atoi(level_s) : GW_LOG_INFO;
    int stop_signal = SIGTERM, stop_timeout = 5;

    gw_log_framed();
    group = group ? strdup(group) : NULL;
    if (stop_s && sscanf(stop_s, "%d %d", &stop_signal, &stop_timeout) != 2)
        stop_s = NULL;
    /* The command's output is always written (notice), whatever LogLevel
     * says; the runner's own info lines follow it. */
    if (level < GW_LOG_NOTICE || level > GW_LOG_DEBUG)
        level = level < GW_LOG_NOTICE ? GW_LOG_NOTICE : GW_LOG_DEBUG;
    gw_log_init(group ? group : "?", level);
    if (argc >= 2)
        name = argv[1];
    if (!group || !stop_s || argc < 3 || argv[2][0] != '/') {
        gw_log(GW_LOG_CRIT, "GW06001: [attach %s] gateway-attach is started "
               "by mod_gateway for WSGIAttachDaemon, not by hand: it needs "
               "the environment variables %s and %s and the arguments NAME "
               "/ABSOLUTE/COMMAND [ARG...]", name, GW_ATTACH_ENV_GROUP,
               GW_ATTACH_ENV_STOP);
        return GW_ATTACH_EXIT_SETUP;
    }
    unsetenv(GW_ATTACH_ENV_GROUP);
    unsetenv(GW_ATTACH_ENV_LEVEL);
    unsetenv(GW_ATTACH_ENV_STOP);

    /* Out of Apache's session and process group: signals Apache sends to
     * its group are not for us; the supervisor signals us by pid. */
    if (setsid() < 0)
        gw_log(GW_LOG_WARN, "GW06009: [attach %s] setsid: %s; the runner "
               "stays in Apache's process group", name, strerror(errno));

    sigset_t set, old;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(&set, forwarded[i]);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, &old) != 0)
        fail("sigprocmask");
    int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0)
        fail("signalfd");
    /* Never die writing to the log pipe (a logger being restarted). */
    signal(SIGPIPE, SIG_IGN);

    int out[2], ep[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(ep, O_CLOEXEC) != 0)
        fail("pipe2");
    pid_t runner = getpid();
    pid_t child = fork();
    if (child < 0)
        fail("fork");
    if (child == 0) {
        int e;
        /* Own process group, so a late SIGKILL reaches what the command
         * started; dies with the runner. */
        if (setpgid(0, 0) != 0
            || prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            goto failed;
        if (getppid() != runner) {
            errno = ESRCH;
            goto failed;
        }
        if (dup2(out[1], STDOUT_FILENO) != STDOUT_FILENO
            || dup2(out[1], STDERR_FILENO) != STDERR_FILENO)
            goto failed;
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execv(argv[2], argv + 2);
    failed:
        e = errno;
        if (write(ep[1], &e, sizeof(e)) != (ssize_t)sizeof(e))
            _exit(GW_ATTACH_EXIT_SETUP);
        _exit(GW_ATTACH_EXIT_EXEC);
    }
    setpgid(child, child);  /* both sides: no race with an early kill */
    close(out[1]);
    close(ep[1]);
    /* The runner is what Apache reaps; not its command (forked before),
     * whose status is the command's own business. */
    (void)gw_exitguard_install();

    /* The exec's outcome: end of file when it succeeded (close-on-exec),
     * errno when not.  Signals are blocked, so no EINTR. */
    int exec_errno = 0;
    ssize_t got = read(ep[0], &exec_errno, sizeof(exec_errno));
    close(ep[0]);
    if (got == (ssize_t)sizeof(exec_errno)) {
        int st;
        while (waitpid(child, &st, 0) < 0 && errno == EINTR)
            ;
        gw_log(GW_LOG_CRIT, "GW06007: [attach %s] cannot execute %s as uid "
               "%ld: %s; check the path, that it is executable by the "
               "group's user, and its #! line", name, argv[2],
               (long)getuid(), strerror(exec_errno));
        return GW_ATTACH_EXIT_EXEC;
    }
    gw_log(GW_LOG_INFO, "GW06010: [attach %s] started %s (pid %ld)", name,
           argv[2], (long)child);

    struct pollfd pfd[2] = { { out[0], POLLIN, 0 }, { sfd, POLLIN, 0 } };
    int status = 0, reaped = 0, pipe_open = 1, stopping = 0, killed = 0;
    long long deadline = 0, drain_end = 0;

    for (;;) {
        long long now = gw_clock_ms();
        long long wait = -1;
        if (reaped) {
            if (!pipe_open || now >= drain_end)
                break;
            wait = drain_end - now;
        }
        else if (stopping && !killed) {
            if (now >= deadline) {
                gw_log(GW_LOG_WARN, "GW06004: [attach %s] %s (pid %ld) did "
                       "not exit within stop-timeout (%d s) after SIG%s; "
                       "killing its process group", name, argv[2],
                       (long)child, stop_timeout, gw_sig_name(stop_signal));
                kill(-child, SIGKILL);
                kill(child, SIGKILL);
                killed = 1;
                continue;
            }
            wait = deadline - now;
        }
        pfd[0].fd = pipe_open ? out[0] : -1;
        int n = poll(pfd, 2, wait > 60000 ? 60000 : (int)wait);
        if (n < 0 && errno != EINTR)
            fail("poll");
        if (n <= 0)
            continue;
        if (pipe_open && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
            pipe_open = read_output(out[0]);
        if (!(pfd[1].revents & POLLIN))
            continue;
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
            int sig = (int)si.ssi_signo;
            if (sig == SIGCHLD) {
                if (!reaped && waitpid(child, &status, WNOHANG) == child) {
                    reaped = 1;
                    drain_end = gw_clock_ms() + DRAIN_MS;
                }
                continue;
            }
            if (reaped)
                continue;
            gw_log(GW_LOG_INFO, "GW06003: [attach %s] passing SIG%s on to %s "
                   "(pid %ld)", name, gw_sig_name(sig), argv[2], (long)child);
            kill(child, sig);
            if (sig == stop_signal && !stopping) {
                stopping = 1;
                deadline = gw_clock_ms() + (long long)stop_timeout * 1000;
            }
        }
    }
    if (buf_len)
        output(1);
    /* What the command left behind in its process group goes with it. */
    kill(-child, SIGKILL);

    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        gw_log(GW_LOG_NOTICE, "GW06006: [attach %s] %s (pid %ld) was killed "
               "by signal %d (SIG%s)%s", name, argv[2], (long)child, sig,
               gw_sig_name(sig), killed ? " at stop-timeout"
               : stopping ? " while stopping" : "");
        return GW_ATTACH_EXIT_SIGNAL + sig;
    }
    int code = WEXITSTATUS(status);
    gw_log(GW_LOG_NOTICE, "GW06005: [attach %s] %s (pid %ld) exited with "
           "status %d%s", name, argv[2], (long)child, code,
           stopping ? " after the stop signal" : "");
    return code == 0 ? 0 : GW_ATTACH_EXIT_FAILED;
}
