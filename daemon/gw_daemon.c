/*
 * gw_daemon.c - main() of gateway-daemon, one process of a daemon group.
 *
 * Started by the supervisor (gw_spawn.c) already running as the group's
 * user, with the group's listening socket on fd 3 (LISTEN_FDS=1) and a
 * clean environment, its settings in the supervisor's hand-over on fd 4
 * (gw_handover.h) and its status segment on fd 5
 * (gw_scoreboard_daemon.h).  It starts Python, runs threads= workers that
 * take requests from the shared socket and from kept links
 * (gw_intake.h), and on SIGTERM stops accepting, lets
 * requests in flight finish (up to the group's shutdown-timeout) and
 * exits.  The watchdog (gw_watchdog.h) recycles the process the same way,
 * with its own exit status, for maximum-requests=, restart-interval=,
 * inactivity-timeout= and request-timeout=.
 */
#include "gw_asgi.h"
#include "gw_delegation.h"
#include "gw_handover.h"
#include "gw_intake.h"
#include "gw_reload.h"
#include "gw_request.h"
#include "gw_scriptowner.h"
#include "gw_exit.h"
#include "gw_fds.h"
#include "gw_exitguard.h"
#include "gw_conn.h"
#include "gw_interp.h"
#include "gw_log.h"
#include "gw_proto.h"
#include "gw_watchdog.h"
#include "gw_scoreboard_daemon.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>


typedef struct {
    gw_interp_config icfg;
    uid_t peer_uid;              /* the one uid allowed to connect */
    int shutdown_timeout;        /* seconds */
} gw_daemon_config;

static gw_daemon_config cfg;

/* How often an idle worker looks up from its wait to see whether the
 * process is stopping. */
#define GW_IDLE_SLICE_MS 200

/* Workers still accepting (and, counted by gw_intake_busy(), requests in
 * flight), so a stop can wait until no connection can be taken any more
 * and none is being served.  stopping is also read without the lock
 * before each wait for work. */
static pthread_mutex_t busy_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t busy_cond = PTHREAD_COND_INITIALIZER;
static int accepting;
static atomic_int stopping;

/* Why the process stops: 0 still running, -1 a signal (exit 0), or the
 * GW_EXIT_* status of a recycle or of SIGUSR1.  The first reason wins. */
static atomic_int exit_status;
static pthread_t main_thread;
/* Sent to the main thread to wake its sigwait() for a recycle. */
#define GW_RECYCLE_SIGNAL SIGUSR2

static gw_handover handover;
static int recycle(int status);

/* Settings come in the supervisor's hand-over on fd 4; the environment
 * holds only LISTEN_FDS/LISTEN_PID (systemd's convention for fd 3) and
 * what a login would set. */
static int read_config(void)
{
    const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");

    gw_log_init("?", GW_LOG_INFO);
    if (!fds || strcmp(fds, "1") || !pid || atol(pid) != (long)getpid()) {
        gw_log(GW_LOG_CRIT, "GW03001: gateway-daemon must be started by "
               "mod_gateway: LISTEN_FDS=1 and LISTEN_PID=%ld expected, got "
               "%s and %s", (long)getpid(), fds ? fds : "nothing",
               pid ? pid : "nothing");
        return -1;
    }
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_PID");
    if (gw_handover_load(GW_HANDOVER_FD, &handover) != 0)
        return -1;
    gw_log_init(handover.group, handover.log_level);
    gw_delegation_init(&handover);
    gw_scriptowner_init(&handover);
    gw_reload_init(handover.restart_file, handover.script_reloading);
    cfg.icfg.group = handover.group;
    cfg.icfg.threads = handover.threads;
    cfg.icfg.processes = handover.processes;
    cfg.icfg.multiprocess = handover.multiprocess;
    cfg.icfg.run_once = handover.threads == 1
                        && handover.maximum_requests == 1;
    cfg.icfg.script_reloading = (int)handover.script_reloading;
    cfg.icfg.script_loaded = gw_reload_note;
    gw_request_setup(recycle);
    cfg.icfg.python_home = handover.python_home;
    cfg.icfg.python_path = handover.python_path;
    cfg.icfg.python_eggs = handover.python_eggs;
    cfg.icfg.optimize = (int)handover.python_optimize;
    cfg.icfg.hash_seed = handover.python_hash_seed;
    cfg.icfg.warnings = handover.python_warnings;
    cfg.icfg.dont_write_bytecode = (int)handover.dont_write_bytecode;
    cfg.icfg.restrict_stdin = (int)handover.restrict_stdin;
    cfg.icfg.restrict_stdout = (int)handover.restrict_stdout;
    cfg.icfg.restrict_signal = (int)handover.restrict_signal;
    cfg.peer_uid = handover.peer_uid;
    cfg.shutdown_timeout = handover.shutdown_timeout;
    return 0;
}

static int check_listener(void)
{
    int acc = 0;
    socklen_t len = sizeof(acc);
    if (getsockopt(GW_LISTEN_FD, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) != 0
        || !acc) {
        gw_log(GW_LOG_CRIT, "GW03003: fd 3 is not a listening socket: %s",
               acc ? "" : strerror(errno));
        return -1;
    }
    return 0;
}

static void worker_leave(void)
{
    pthread_mutex_lock(&busy_lock);
    accepting--;
    pthread_cond_signal(&busy_cond);
    pthread_mutex_unlock(&busy_lock);
}

/* The pages of this thread's stack below the current frame (what a deep
 * call into the application touched) go back to the system; 16 KB under
 * the frame stay for the calls this thread makes before its next request. */
static void release_stack(void)
{
    pthread_attr_t attr;
    void *lo;
    size_t size;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);

    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return;
    int ok = pthread_attr_getstack(&attr, &lo, &size) == 0;
    pthread_attr_destroy(&attr);
    uintptr_t base = (uintptr_t)lo, keep = here - 16 * 1024;
    if (ok && keep > base && keep < base + size)
        gw_release_pages(lo, (size_t)(keep - base));
}

static void *worker_main(void *arg)
{
    int slot = (int)(intptr_t)arg;
    gw_request *q = malloc(sizeof(*q));
    if (!q || gw_request_init(q) != 0)
        _exit(GW_EXIT_PYTHON);
    gw_watchdog_worker(slot, q);
    /* Idle slices in a row, and whether this worker's buffers and freed
     * heap memory are still resident since its last request. */
    int idle = 0, dirty = 0;

    for (;;) {
        /* Stopping: leave, and let the next generation's processes (or the
         * fresh process of a recycle) take what is queued; but what this
         * process accepted, and parked until its request packet is in,
         * nobody else will answer. */
        if (atomic_load_explicit(&stopping, memory_order_relaxed)
            && !gw_intake_parked()) {
            worker_leave();
            return NULL;
        }
        int kept = 0;
        int fd = gw_intake_next(GW_IDLE_SLICE_MS, &kept, &q->conn);
        if (fd < 0) {
            /* -1: a slice with nothing to do.  A worker idle for a second
             * hands its memory back, so a quiet daemon is small again
             * after a burst of traffic; the cost (a few page faults)
             * falls on the next request only after such a pause. */
            if (fd == -1 && dirty
                && ++idle * GW_IDLE_SLICE_MS >= 1000) {
                gw_request_idle(q);
                release_stack();
                (void)malloc_trim(0);
                dirty = 0;
            }
            continue;
        }
        /* A connection accepted while stopping is still served: it was
         * queued for us and nobody else will answer it. */
        idle = 0;
        dirty = 1;
        gw_watchdog_begin(slot);
        gw_sbd_begin(slot);
        int open = gw_request_serve(q, gw_intake_may_keep());
        gw_sbd_end(slot);
        gw_watchdog_end(slot);
        gw_intake_done(fd, open, kept);
        /* gw_intake_done() counted the request done; under the lock, so
         * a stop waiting for requests cannot miss it. */
        pthread_mutex_lock(&busy_lock);
        if (stopping)
            pthread_cond_signal(&busy_cond);
        pthread_mutex_unlock(&busy_lock);
    }
    return NULL;
}

/* Watchdog: stop gracefully, then exit with status (gw_watchdog.h). */
static int recycle(int status)
{
    int running = 0;

    if (!atomic_compare_exchange_strong(&exit_status, &running, status))
        return 0;
    atomic_store(&stopping, 1);
    /* At once, not when the main thread wakes: a request that finishes
     * in between must not offer its link for keeping (END_KEEP) from a
     * process that has logged it is recycling. */
    gw_intake_stop();
    pthread_kill(main_thread, GW_RECYCLE_SIGNAL);
    return 1;
}

static int timespec_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec
           || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Waits until every worker has left accept() and finished its request,
 * except those stuck past request-timeout (abandoned: their clients got a
 * 504 already), at most shutdown-timeout. */
static void wait_for_requests(void)
{
    struct timespec until, now, slice;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += cfg.shutdown_timeout;

    pthread_mutex_lock(&busy_lock);
    atomic_store(&stopping, 1);
    gw_intake_stop();
    for (;;) {
        int stuck = gw_watchdog_stuck();
        if (gw_intake_busy() <= stuck && accepting <= stuck)
            break;
        /* Wake at least once a second: a request may become stuck. */
        clock_gettime(CLOCK_REALTIME, &now);
        slice = now;
        slice.tv_sec += 1;
        if (!timespec_before(&slice, &until))
            slice = until;
        if (pthread_cond_timedwait(&busy_cond, &busy_lock, &slice)
            == ETIMEDOUT && !timespec_before(&slice, &until)) {
            gw_log(GW_LOG_WARN, "GW03007: %d request(s) still running after "
                   "%d s; exiting anyway", gw_intake_busy() - stuck,
                   cfg.shutdown_timeout);
            break;
        }
    }
    pthread_mutex_unlock(&busy_lock);
}

/* mod_wsgi's shutdown_reason for a stop with status (exit_status): ""
 * where mod_wsgi names none (a signal, maximum-requests=, a changed
 * script, maximum-rss=). */
static const char *stop_reason(int status)
{
    switch (status) {
    case GW_EXIT_INTERVAL:
        return "restart_interval";
    case GW_EXIT_INACTIVE:
        return "inactivity_timeout";
    case GW_EXIT_STUCK:
        return "request_timeout";
    case GW_EXIT_USR1:
        return "graceful_signal";
    default:
        return "";
    }
}

/* WSGIImportScript, before any request is taken.  In a thread of its own:
 * a worker's Python thread states belong to the thread that made them. */
static void *import_main(void *arg)
{
    int *failed = arg;
    gw_worker *w = gw_worker_new();

    *failed = !w;
    for (size_t i = 0; w && i < handover.nimports; i++) {
        const char *tab = strchr(handover.imports[i], '\t');
        char group[256];
        size_t n = (size_t)(tab - handover.imports[i]);
        if (n >= sizeof(group))
            n = sizeof(group) - 1;
        memcpy(group, handover.imports[i], n);
        group[n] = '\0';
        /* script-user=/script-group= hold for these too (mod_wsgi checks
         * requests only): a script of another owner is not imported,
         * and a request for it is refused as well. */
        int fd = -1;
        if (gw_scriptowner_required()) {
            static const char at[] = "(WSGIImportScript at start)";
            char why[GW_SCRIPTOWNER_WHY_MAX];
            fd = gw_scriptowner_open(tab + 1, at, (int)sizeof(at) - 1, why,
                                     sizeof(why));
            if (fd < 0)
                continue;       /* logged */
        }
        /* A script that fails to import is logged; the process still
         * serves, as mod_wsgi's does.  Out of memory is another matter:
         * under memory-limit= each request would fail the same way, so
         * the process exits and says why (GW_EXIT_NOMEM). */
        int rc = gw_worker_import(w, group, tab + 1, fd);
        if (fd >= 0)
            close(fd);
        if (rc == -2) {
            struct rlimit d = { RLIM_INFINITY, RLIM_INFINITY }, as = d;
            char lim[128] = "no memory-limit= or virtual-memory-limit=";
            size_t l = 0;
            (void)getrlimit(RLIMIT_DATA, &d);
            (void)getrlimit(RLIMIT_AS, &as);
            if (d.rlim_cur != RLIM_INFINITY)
                l = (size_t)snprintf(lim, sizeof(lim), "memory-limit= %llu "
                                     "bytes", (unsigned long long)d.rlim_cur);
            if (as.rlim_cur != RLIM_INFINITY && l < sizeof(lim))
                snprintf(lim + l, sizeof(lim) - l, "%svirtual-memory-limit= "
                         "%llu bytes", l ? ", " : "",
                         (unsigned long long)as.rlim_cur);
            gw_log(GW_LOG_CRIT, "GW03015: out of memory importing %s into "
                   "application group '%s' at start (WSGIImportScript; "
                   "%s): exiting with status %d instead of serving",
                   tab + 1, group, lim, GW_EXIT_NOMEM);
            *failed = GW_EXIT_NOMEM;
            break;
        }
    }
    return NULL;
}

static int run_imports(void)
{
    pthread_t t;
    int failed = 0;

    if (pthread_create(&t, NULL, import_main, &failed) != 0
        || pthread_join(t, NULL) != 0)
        return GW_EXIT_PYTHON;
    return failed == GW_EXIT_NOMEM ? GW_EXIT_NOMEM
         : failed ? GW_EXIT_PYTHON : 0;
}

int main(int argc, char **argv)
{
    sigset_t set;
    int sig = 0;
    (void)argc;
    (void)argv;

    /* fd 2 is this process's pipe to gateway-logger (parent/gw_spawn.c). */
    gw_log_framed();

    /* Memory at rest counts once per daemon process, and the workers
     * rarely allocate outside Python (which holds the GIL anyway): one
     * malloc arena per worker thread would only keep freed memory
     * resident, about 100 KB each.  (Fixed mmap and trim thresholds were
     * measured too: no faster under load, 1 MB more at rest.) */
    (void)mallopt(M_ARENA_MAX, 2);

    if (read_config() != 0)
        return GW_EXIT_CONFIG;
    /* Before any thread: the filter holds for those made after it. */
    (void)gw_exitguard_install();
    if (check_listener() != 0)
        return GW_EXIT_SOCKET;
    /* fd 5, the status segment: mapped, and closed before Python. */
    gw_sbd_attach(cfg.icfg.threads);

    /* Workers never take signals; the main thread waits for them.  A
     * client that went away must not kill us with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, GW_RECYCLE_SIGNAL);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
        return GW_EXIT_CONFIG;
    main_thread = pthread_self();
    /* After the signal mask: its bouncer thread must not take signals.
     * Before any application code (WSGIImportScript included) can fork
     * or exec: fd 3 is made close-on-exec and kept out of forked
     * children. */
    if (gw_intake_init(GW_LISTEN_FD, cfg.icfg.threads, cfg.peer_uid) != 0)
        return GW_EXIT_SOCKET;

    /* Before Python starts, for startup-timeout=. */
    gw_watchdog_config wcfg = {
        .threads = cfg.icfg.threads,
        .maximum_requests = handover.maximum_requests,
        .maximum_rss = handover.maximum_rss,
        .restart_interval = handover.restart_interval,
        .inactivity_timeout = handover.inactivity_timeout,
        .request_timeout = handover.request_timeout,
        .deadlock_timeout = handover.deadlock_timeout,
        .startup_timeout = handover.startup_timeout,
    };
    if (gw_watchdog_start(&wcfg, recycle) != 0)
        return GW_EXIT_CONFIG;

    if (gw_interp_init(&cfg.icfg) != 0)
        return GW_EXIT_PYTHON;

    if (handover.nimports) {
        int rc = run_imports();   /* 0, or the exit status */
        if (rc != 0)
            return rc;
    }

    /* protocol=asgi: the event loop, and the lifespan startup of the
     * named scripts, before the process counts as ready. */
    if (handover.asgi) {
        gw_asgi_config acfg = {
            .scripts = handover.scripts, .nscripts = handover.nscripts,
            .threads = cfg.icfg.threads,
            .request_timeout = (int)handover.request_timeout,
            .kill_timeout = (int)handover.kill_timeout,
            .may_keep = gw_intake_may_keep, .conn_return = gw_intake_return,
            .conn_unlink = gw_intake_unlink,
        };
        int rc = gw_asgi_start(&acfg);
        if (rc != 0)
            return rc;
    }

    accepting = cfg.icfg.threads;
    for (int i = 0; i < cfg.icfg.threads; i++) {
        pthread_t t;
        int rc = pthread_create(&t, NULL, worker_main, (void *)(intptr_t)i);
        if (rc != 0) {
            gw_log(GW_LOG_CRIT, "GW03008: cannot start worker thread %d of "
                   "%d: %s", i + 1, cfg.icfg.threads, strerror(rc));
            return GW_EXIT_CONFIG;
        }
        pthread_detach(t);
    }
    if (gw_watchdog_ready() != 0)
        return GW_EXIT_CONFIG;
    gw_sbd_ready();
    gw_log(GW_LOG_INFO, "GW03009: daemon process ready: %d threads, uid %ld",
           cfg.icfg.threads, (long)getuid());

    for (;;) {
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == GW_RECYCLE_SIGNAL) {
            if (atomic_load(&exit_status) > 0)
                break;          /* the watchdog logged why */
            continue;
        }
        if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) {
            int running = 0;
            if (atomic_compare_exchange_strong(&exit_status, &running, -1))
                gw_log(GW_LOG_INFO, "GW03010: stopping on SIG%s; waiting "
                       "for requests in flight",
                       gw_sig_name(sig));
            break;
        }
        /* mod_wsgi's graceful restart of one daemon process: what the
         * app's own user may send (kill -USR1) to get fresh processes
         * without root.  The supervisor restarts it (GW_EXIT_USR1). */
        if (sig == SIGUSR1) {
            int running = 0;
            if (atomic_compare_exchange_strong(&exit_status, &running,
                                               GW_EXIT_USR1))
                gw_log(GW_LOG_NOTICE, "GW03018: restarting on SIGUSR1, as "
                       "mod_wsgi does; waiting for requests in flight");
            break;
        }
    }
    /* mod_wsgi's process_stopping callbacks run beside the requests
     * still finishing, within the same limit as those; or after them,
     * when one of those requests made the first subscription. */
    const char *reason = stop_reason(atomic_load(&exit_status));
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += cfg.shutdown_timeout;
    gw_interp_stopping(reason);
    wait_for_requests();
    if (gw_asgi_enabled())
        gw_asgi_stop(cfg.shutdown_timeout);
    gw_interp_stopping(reason);
    if (gw_interp_stopping_wait(&deadline) < 0)
        gw_log(GW_LOG_WARN, "GW03017: the mod_wsgi shutdown callbacks "
               "(subscribe_shutdown) were still running after %d s; exiting "
               "anyway", cfg.shutdown_timeout);
    /* _exit: worker threads may sit in accept() or inside Python, and
     * Python's finalisation with live threads can hang; the OS reclaims
     * everything a daemon holds. */
    int status = atomic_load(&exit_status);
    _exit(status > 0 ? status : 0);
}
