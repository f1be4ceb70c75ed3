/*
 * gw_spawn.c - from a forked copy of the Apache parent to a daemon process.
 *
 * Runs between fork and exec, as root.  The order matters:
 *  1. descriptors: the group's socket becomes fd 3 (systemd's LISTEN_FDS
 *     convention), the hand-over fd 4, this slot's status segment fd 5,
 *     stdin is /dev/null, stdout and stderr the write end of the
 *     process's own pipe to gateway-logger (never the error log itself:
 *     parent/gw_logger.h); everything else (Apache's listeners, the
 *     error logs, the scoreboard, other slots' and groups' status
 *     segments, other processes' log pipes) is closed;
 *  2. privileges: supplementary groups, gid, uid, each checked, then proof
 *     that uid 0 cannot be regained;
 *  3. exec of gateway-daemon with a clean environment, so no byte of
 *     Apache's memory (TLS keys, other vhosts' configuration) survives.
 * On any failure the reason is logged and the process exits with a
 * GW_EXIT_* status; it never returns into Apache code.
 *
 * gateway-logger itself is started here too (gw_spawn_exec_logger), with
 * the error log and its control socket, still as root.
 */
#include "gw_spawn.h"
#include "gw_log.h"
#include "gw_fds.h"

#include "http_log.h"
#include "apr_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GW_LOGGER_CTL_FD 3   /* as runner/gw_logger_main.c */

static void die(int status, const char *what)
    __attribute__((noreturn));

/* What is being started, for the messages: "daemon process",
 * "attached process" in gw_spawn_exec_attach (attached daemons), or
 * "gateway-logger". */
static const char *spawn_what = "daemon process";

static void die(int status, const char *what)
{
    gw_log(GW_LOG_CRIT, "GW02101: cannot start %s: %s: %s", spawn_what,
           what, strerror(errno));
    _exit(status);
}

/* Apache's parent blocks and catches signals; exec keeps the mask and
 * ignored dispositions, so restore both to what a fresh process has. */
static void reset_signals(void)
{
    sigset_t all;
    struct sigaction dfl;

    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        (void)sigaction(sig, &dfl, NULL);  /* EINVAL for KILL/STOP: fine */
    sigemptyset(&all);
    if (sigprocmask(SIG_SETMASK, &all, NULL) != 0)
        die(GW_EXIT_FDS, "sigprocmask");
}

/* The log pipe's write end on fd 1 and 2 (it sits at 10 or above, moved
 * there first): from here on this process's lines are records for
 * gateway-logger. */
static void log_pipe_on_stdout_stderr(int lfd)
{
    if (dup2(lfd, STDOUT_FILENO) != STDOUT_FILENO
        || dup2(lfd, STDERR_FILENO) != STDERR_FILENO)
        die(GW_EXIT_FDS, "dup2 of the log pipe to fd 1 and 2");
    gw_log_framed();
    if (close(lfd) != 0)
        die(GW_EXIT_FDS, "close of the log pipe's spare descriptor");
}

static void null_on(int fd)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || dup2(null, fd) != fd)
        die(GW_EXIT_FDS, fd == STDIN_FILENO ? "/dev/null on stdin"
                                            : "/dev/null on stdout");
}

/* Returns the new descriptor of the executable (close-on-exec). */
static int setup_fds(int listen_fd, int delegation_fd, int status_fd,
                     int log_fd, int exe_fd)
{
    /* Move all out of the way first: any may already sit on 0-5. */
    int lfd = fcntl(listen_fd, F_DUPFD, 10);
    int dfd = fcntl(delegation_fd, F_DUPFD, 10);
    int sfd = status_fd >= 0 ? fcntl(status_fd, F_DUPFD, 10) : -1;
    int pfd = fcntl(log_fd, F_DUPFD, 10);
    int efd = fcntl(exe_fd, F_DUPFD_CLOEXEC, 10);
    if (lfd < 0 || dfd < 0 || efd < 0 || pfd < 0
        || (status_fd >= 0 && sfd < 0))
        die(GW_EXIT_FDS, "fcntl(F_DUPFD)");
    if (dup2(lfd, GW_LISTEN_FD) != GW_LISTEN_FD || close(lfd) != 0)
        die(GW_EXIT_FDS, "dup2 of the group socket to fd 3");
    if (dup2(dfd, GW_HANDOVER_FD) != GW_HANDOVER_FD || close(dfd) != 0)
        die(GW_EXIT_FDS, "dup2 of the delegation memfd to fd 4");
    /* This slot's segment only: the close_range below takes the others. */
    if (sfd >= 0 && (dup2(sfd, GW_SCOREBOARD_FD) != GW_SCOREBOARD_FD
                     || close(sfd) != 0))
        die(GW_EXIT_FDS, "dup2 of the status segment to fd 5");
    if (sfd < 0)
        (void)close(GW_SCOREBOARD_FD);   /* whatever sat there */

    null_on(STDIN_FILENO);
    log_pipe_on_stdout_stderr(pfd);

    /* Everything from 6 up except the executable: Apache listeners, log
     * files of other virtual hosts, the scoreboard, other groups' sockets
     * and status segments.  efd >= 10 > 6, so both ranges are well
     * formed. */
    if (close_range(GW_SCOREBOARD_FD + 1, (unsigned)efd - 1, 0) != 0
        || close_range((unsigned)efd + 1, ~0U, 0) != 0)
        die(GW_EXIT_FDS, "close_range");
    return efd;
}

/* The kernel keeps the list sorted: compare as sets, both ways. */
static int has_gid(const gid_t *list, int n, gid_t gid)
{
    for (int i = 0; i < n; i++)
        if (list[i] == gid)
            return 1;
    return 0;
}

static int same_groups(const gw_group *g)
{
    static gid_t now[NGROUPS_MAX];      /* the forked child's own copy */
    int n = getgroups(NGROUPS_MAX, now);
    if (n != g->nsupp)
        return 0;
    for (int i = 0; i < n; i++)
        if (!has_gid(g->supp_gids, n, now[i])
            || !has_gid(now, n, g->supp_gids[i]))
            return 0;
    return 1;
}

static void drop_privileges(const gw_group *g)
{
    if (g->uid == 0 || g->gid == 0) {
        errno = EPERM;
        die(GW_EXIT_PRIVS, "refusing to run a daemon group as root");
    }
    /* supplementary-groups= (mod_wsgi's) replaces the user's own with
     * the group's gid and the ones listed; checked after the drop.
     * Otherwise initgroups gives the user's own supplementary groups, as
     * a login would; without a user name only the one group is kept. */
    if (g->nsupp > 0) {
        g->supp_gids[0] = g->gid;
        if (setgroups((size_t)g->nsupp, g->supp_gids) != 0)
            die(GW_EXIT_PRIVS, "setgroups (supplementary-groups=)");
    }
    else if (g->user_name && !g->implicit) {
        if (initgroups(g->user_name, g->gid) != 0)
            die(GW_EXIT_PRIVS, "initgroups");
    }
    else if (setgroups(1, &g->gid) != 0)
        die(GW_EXIT_PRIVS, "setgroups");
    /* chroot= (mod_wsgi's): after the groups were looked up in the real
     * /etc, before giving up root, which chroot needs.  The new root must
     * hold Python, its libraries and the scripts at their usual paths. */
    if (g->chroot_dir
        && (chroot(g->chroot_dir) != 0 || chdir("/") != 0))
        die(GW_EXIT_PRIVS, "chroot to the chroot= directory");
    if (setgid(g->gid) != 0)
        die(GW_EXIT_PRIVS, "setgid");
    if (setuid(g->uid) != 0)
        die(GW_EXIT_PRIVS, "setuid");
    if (getuid() != g->uid || geteuid() != g->uid
        || getgid() != g->gid || getegid() != g->gid) {
        errno = EPERM;
        die(GW_EXIT_PRIVS, "uid/gid not what was asked after the drop");
    }
    if (setuid(0) == 0) {
        errno = EPERM;
        die(GW_EXIT_PRIVS, "setuid(0) still succeeds after the drop");
    }
    if (g->nsupp > 0 && !same_groups(g)) {
        errno = EPERM;
        die(GW_EXIT_PRIVS, "supplementary groups not what was asked "
            "after the drop");
    }
}

/* cpu-priority= (a nice value; a negative one needs root, so before the
 * drop) and stack-size= (RLIMIT_STACK, which glibc makes the default
 * stack of every thread the daemon starts), as mod_wsgi's options. */
static void set_priority_and_stack(const gw_group *g)
{
    if (g->cpu_priority != 0
        && setpriority(PRIO_PROCESS, 0, g->cpu_priority) != 0)
        die(GW_EXIT_PRIVS, "setpriority (cpu-priority=)");
    if (g->stack_size > 0) {
        struct rlimit rl;
        if (getrlimit(RLIMIT_STACK, &rl) != 0)
            die(GW_EXIT_PRIVS, "getrlimit(RLIMIT_STACK)");
        rl.rlim_cur = (rlim_t)g->stack_size;
        if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
            rl.rlim_max = rl.rlim_cur;
        if (setrlimit(RLIMIT_STACK, &rl) != 0)
            die(GW_EXIT_PRIVS, "setrlimit(RLIMIT_STACK) (stack-size=)");
    }
}

/* memory-limit=, virtual-memory-limit=, cpu-time-limit= (mod_wsgi's
 * options): hard and soft alike, so the app cannot raise them again. */
static void set_limit(int resource, long long value, const char *what)
{
    /* CPU: the hard limit one second later, so SIGXCPU (which the
     * supervisor reports as cpu-time-limit) comes before SIGKILL. */
    struct rlimit rl = { (rlim_t)value,
                         (rlim_t)value + (resource == RLIMIT_CPU) };
    if (value > 0 && setrlimit(resource, &rl) != 0)
        die(GW_EXIT_PRIVS, what);
}

static void set_limits(const gw_group *g)
{
    set_limit(RLIMIT_DATA, g->memory_limit, "setrlimit(RLIMIT_DATA)");
    set_limit(RLIMIT_AS, g->virtual_memory_limit, "setrlimit(RLIMIT_AS)");
    set_limit(RLIMIT_CPU, g->cpu_time_limit, "setrlimit(RLIMIT_CPU)");
}

static const char *env(apr_pool_t *p, const char *k, const char *v)
{
    return apr_pstrcat(p, k, "=", v ? v : "", NULL);
}

/* Back-off after repeated early deaths: sleep here, in the child, so the
 * Apache parent's main loop is never held up. */
static void back_off(int delay)
{
    struct timespec ts = { delay, 0 };

    while (delay > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The steps a daemon process and an attached process share, after the
 * descriptors are set up: back-off, privilege drop, limits, home.
 * (Factored out of gw_spawn_exec for gw_spawn_exec_attach; behaviour and
 * checks unchanged.) */
static void become_group_user(const gw_group *g, int delay, pid_t parent)
{
    back_off(delay);
    set_priority_and_stack(g);
    drop_privileges(g);

    /* If Apache's parent dies without stopping us (SIGKILL), so do we:
     * otherwise orphans keep serving an old configuration.  Set after the
     * uid change, which clears it. */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
        die(GW_EXIT_PRIVS, "prctl(PR_SET_PDEATHSIG)");
    if (getppid() != parent) {
        errno = ESRCH;
        die(GW_EXIT_PRIVS, "Apache parent exited during start");
    }
    /* No set-uid binary run by the app can ever give privileges back. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die(GW_EXIT_PRIVS, "prctl(PR_SET_NO_NEW_PRIVS)");

    set_limits(g);
    if (g->umask >= 0)
        umask((mode_t)g->umask);
    /* chdir after the drop, so the daemon user's own rights apply. */
    if (chdir(g->home) != 0) {
        if (g->home_set) {
            gw_log(GW_LOG_CRIT, "GW02102: cannot start %s: "
                   "home=%s cannot be entered by %s (uid %ld): %s; fix the "
                   "path or its permissions", spawn_what, g->home,
                   g->user_name, (long)g->uid, strerror(errno));
            _exit(GW_EXIT_HOME);
        }
        if (chdir("/") != 0)
            die(GW_EXIT_HOME, "chdir /");
    }
}

void gw_spawn_exec(const gw_group *g, int exe_fd, int status_fd, int log_fd,
                   int delay, pid_t parent)
{
    apr_pool_t *p = NULL;

    gw_log_init(g->name, GW_LOG_INFO);
    reset_signals();
    int efd = setup_fds(g->listen_fd, g->delegation_fd, status_fd, log_fd,
                        exe_fd);

    become_group_user(g, delay, parent);

    if (apr_pool_create(&p, NULL) != APR_SUCCESS)
        die(GW_EXIT_FDS, "apr_pool_create");
    const char *envp[] = {
        env(p, "PATH", "/usr/local/bin:/usr/bin:/bin"),
        env(p, "HOME", g->home),
        env(p, "USER", g->user_name),
        env(p, "LOGNAME", g->user_name),
        env(p, "LANG", g->lang ? g->lang : "C.UTF-8"),
        "LISTEN_FDS=1",
        apr_psprintf(p, "LISTEN_PID=%ld", (long)getpid()),
        g->locale ? env(p, "LC_ALL", g->locale) : NULL,  /* optional: last */
        NULL
    };
    const char *name = g->display_name;
    if (!name)
        name = "gateway-daemon";
    else if (!strcmp(name, "%{GROUP}"))
        name = apr_psprintf(p, "(wsgi:%s)", g->name);
    char *const argv[] = { (char *)name, NULL };

    fexecve(efd, argv, (char *const *)envp);
    die(GW_EXIT_EXEC, "fexecve of gateway-daemon");
}

/* Attached daemons (parent/gw_attach.h): as gw_spawn_exec, but no group
 * socket or delegation memfd; everything from fd 3 up is closed. */
static int setup_attach_fds(int exe_fd, int log_fd)
{
    int efd = fcntl(exe_fd, F_DUPFD_CLOEXEC, 10);
    int pfd = fcntl(log_fd, F_DUPFD, 10);
    if (efd < 0 || pfd < 0)
        die(GW_EXIT_FDS, "fcntl(F_DUPFD)");
    null_on(STDIN_FILENO);
    log_pipe_on_stdout_stderr(pfd);
    if (close_range(STDERR_FILENO + 1, (unsigned)efd - 1, 0) != 0
        || close_range((unsigned)efd + 1, ~0U, 0) != 0)
        die(GW_EXIT_FDS, "close_range");
    return efd;
}

void gw_spawn_exec_attach(const gw_group *g, int exe_fd, int log_fd,
                          int delay, pid_t parent, char *const argv[],
                          char *const envp[])
{
    spawn_what = "attached process";
    gw_log_init(g->name, GW_LOG_INFO);
    reset_signals();
    int efd = setup_attach_fds(exe_fd, log_fd);

    become_group_user(g, delay, parent);

    fexecve(efd, argv, envp);
    die(GW_EXIT_EXEC, "fexecve of gateway-attach");
}

/* gateway-logger: fd 0 and 1 /dev/null, fd 2 stays the main error log it
 * writes to, its control socket on fd 3, nothing else. */
static int setup_logger_fds(int exe_fd, int ctl_fd)
{
    int efd = fcntl(exe_fd, F_DUPFD_CLOEXEC, 10);
    int cfd = fcntl(ctl_fd, F_DUPFD, 10);
    if (efd < 0 || cfd < 0)
        die(GW_EXIT_FDS, "fcntl(F_DUPFD)");
    null_on(STDIN_FILENO);
    null_on(STDOUT_FILENO);
    if (dup2(cfd, GW_LOGGER_CTL_FD) != GW_LOGGER_CTL_FD || close(cfd) != 0)
        die(GW_EXIT_FDS, "dup2 of the control socket to fd 3");
    if (close_range(GW_LOGGER_CTL_FD + 1, (unsigned)efd - 1, 0) != 0
        || close_range((unsigned)efd + 1, ~0U, 0) != 0)
        die(GW_EXIT_FDS, "close_range");
    return efd;
}

void gw_spawn_exec_logger(int exe_fd, int ctl_fd, uid_t uid, gid_t gid,
                          int delay, pid_t parent)
{
    char su[24], sg[24], sp[24];

    spawn_what = "gateway-logger";
    gw_log_init("-", GW_LOG_INFO);
    reset_signals();
    int efd = setup_logger_fds(exe_fd, ctl_fd);
    /* Its own session: Apache signals its whole process group (SIGTERM
     * at stop, SIGHUP at a restart), and the logger must outlive every
     * daemon process it reads; the parent ends it. */
    if (setsid() < 0)
        die(GW_EXIT_PRIVS, "setsid");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die(GW_EXIT_PRIVS, "prctl(PR_SET_NO_NEW_PRIVS)");
    back_off(delay);
    snprintf(su, sizeof(su), "%ld", (long)uid);
    snprintf(sg, sizeof(sg), "%ld", (long)gid);
    snprintf(sp, sizeof(sp), "%ld", (long)parent);
    /* Executed as root, dropping to uid/gid itself right away: see
     * runner/gw_logger_main.c for why not before the exec. */
    char *const argv[] = { "gateway-logger", su, sg, sp, NULL };
    char *const envp[] = { NULL };
    fexecve(efd, argv, envp);
    die(GW_EXIT_EXEC, "fexecve of gateway-logger");
}

const char *gw_spawn_exit_reason(int status)
{
    switch (status) {
    case GW_EXIT_CONFIG: return "the daemon rejected its start-up settings";
    case GW_EXIT_PYTHON: return "Python failed to initialise";
    case GW_EXIT_SOCKET: return "the daemon found no listening socket";
    case GW_EXIT_MAXREQ: return "maximum-requests reached, recycled";
    case GW_EXIT_INTERVAL: return "restart-interval reached, recycled";
    case GW_EXIT_INACTIVE: return "inactivity-timeout reached, recycled";
    case GW_EXIT_RELOAD: return "script or restart-file changed, recycled";
    case GW_EXIT_RSS:    return "maximum-rss reached, recycled";
    case GW_EXIT_USR1:   return "SIGUSR1: a graceful restart";
    case GW_EXIT_STUCK:  return "request-timeout: a request ran too long";
    case GW_EXIT_DEADLOCK: return "deadlock-timeout: the GIL was held too "
                                  "long";
    case GW_EXIT_STARTUP: return "startup-timeout: not ready in time";
    case GW_EXIT_PRIVS:  return "dropping privileges failed";
    case GW_EXIT_EXEC:   return "gateway-daemon could not be executed";
    case GW_EXIT_HOME:   return "the home= directory could not be entered";
    case GW_EXIT_FDS:    return "setting up descriptors failed";
    case GW_EXIT_NOMEM:  return "out of memory while starting";
    default:             return NULL;
    }
}

static const char *signal_text(apr_pool_t *p, int sig)
{
    return apr_psprintf(p, "SIG%s%s", gw_sig_name(sig), sig == SIGXCPU
                        ? ": cpu-time-limit= reached" : "");
}

const char *gw_spawn_describe_end(apr_pool_t *p, gw_end_how how, int num)
{
    const char *why = how != GW_END_SIGNALED ? gw_spawn_exit_reason(num)
                                             : NULL;
    if (why)
        return apr_psprintf(p, "exited with status %d (%s)", num, why);
    if (how == GW_END_SIGNALED)
        return apr_psprintf(p, "was killed by signal %d (%s)", num,
                            signal_text(p, num));
    /* The MPM's one number only: an app's os._exit(3) and SIGQUIT look
     * the same, so both are said. */
    if (how == GW_END_UNKNOWN && num > 0 && num < 65)
        return apr_psprintf(p, "exited with status %d or was killed by "
                            "signal %d (%s)", num, num, signal_text(p, num));
    return apr_psprintf(p, "exited with status %d", num);
}

int gw_spawn_log_level(const server_rec *s)
{
    return s->log.level >= APLOG_DEBUG ? GW_LOG_DEBUG
         : s->log.level >= APLOG_INFO ? GW_LOG_INFO
         : s->log.level >= APLOG_NOTICE ? GW_LOG_NOTICE
         : GW_LOG_WARN;
}

/* ---- reaping at Apache's stop ------------------------------------------ */

int gw_spawn_reap_try(pid_t pid, int *st)
{
    pid_t r = waitpid(pid, st, WNOHANG);

    if (r == pid)
        return 1;
    return r < 0 && errno == ECHILD ? -1 : 0;
}

int gw_spawn_reap_kill(pid_t pid, int *st)
{
    pid_t r;

    kill(pid, SIGKILL);
    while ((r = waitpid(pid, st, 0)) < 0 && errno == EINTR)
        ;
    return r == pid ? 1 : -1;
}

const char *gw_spawn_describe_wait(apr_pool_t *p, int reaped, int st)
{
    if (reaped < 0)
        return "was reaped elsewhere (how it ended is unknown)";
    return WIFSIGNALED(st)
           ? gw_spawn_describe_end(p, GW_END_SIGNALED, WTERMSIG(st))
           : gw_spawn_describe_end(p, GW_END_EXITED, WEXITSTATUS(st));
}
