/*
 * gw_supervisor.c - daemon process groups, seen from the Apache parent.
 *
 * Runs in the Apache parent, as root, in post_config and in the MPM's
 * main loop (through apr_proc_other_child_*).  Each group gets one
 * listening UNIX socket, created here under umask 0077 and chowned to the
 * one user allowed to connect (Apache's User or socket-user=); its
 * processes all accept on that socket.  The parent keeps its copy so a
 * restarted process finds the same socket and no request queued in it is
 * lost while a process is replaced.
 */
#include "gw_supervisor.h"
#include "gw_spawn.h"
#include "gw_log.h"

#include "http_log.h"
#include "http_core.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_shm.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* A process that dies this soon after starting counts as failing to
 * start; repeated failures are spaced out (1 s, 2 s, 4 s ... 30 s) so a
 * broken app never turns the parent into a fork loop. */
#define GW_EARLY_DEATH     apr_time_from_sec(5)
#define GW_BACKOFF_MAX     30

/* What Apache children may know of a process slot: written by the parent
 * only, in shared memory created before the children fork. */
typedef struct {
    volatile apr_time_t started;   /* when it began (after any back-off) */
    volatile int early_deaths;
    char last_exit[160];
} gw_slot_status;

struct gw_proc {
    gw_group *group;
    int slot;
    apr_proc_t proc;
    apr_time_t started;
    int early_deaths;
    int running;
    gw_slot_status *status;
};

typedef struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int exe_fd;
    int log_level;
} gw_sup;

static gw_sup sup;

static const char *sig_name(int sig)
{
    const char *n = sigabbrev_np(sig);
    return n ? n : "?";
}

/* The MPM hands us only a number: the exit status, or the signal number
 * when the process was killed (APR drops which one it was).  Our daemon
 * exits only with 0 or GW_EXIT_* (>= 100), so 1..64 is read as a signal. */
static const char *describe_exit(apr_pool_t *p, int status)
{
    const char *why = gw_spawn_exit_reason(status);
    if (why)
        return apr_psprintf(p, "exited with status %d (%s)", status, why);
    if (status > 0 && status < 65)
        return apr_psprintf(p, "was killed by signal %d (SIG%s%s)", status,
                            sig_name(status), status == SIGXCPU
                            ? ": cpu-time-limit= reached" : "");
    return apr_psprintf(p, "exited with status %d", status);
}

static void proc_start(gw_proc *pr, int delay);

static void proc_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_proc *pr = data;
    gw_group *g = pr->group;
    int mpm_state = AP_MPMQ_STOPPING;

    switch (reason) {
    case APR_OC_REASON_DEATH:
    case APR_OC_REASON_LOST:
        apr_proc_other_child_unregister(pr);
        pr->running = 0;
        if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS)
            mpm_state = AP_MPMQ_STOPPING;
        apr_time_t lived = apr_time_now() - pr->started;
        const char *how = reason == APR_OC_REASON_LOST
            ? "was lost" : describe_exit(sup.pconf, (int)status);
        if (mpm_state == AP_MPMQ_STOPPING) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02001)
                         "daemon process %ld of group '%s' %s while Apache "
                         "is stopping", (long)pr->proc.pid, g->name, how);
            return;
        }
        pr->early_deaths = lived < GW_EARLY_DEATH ? pr->early_deaths + 1 : 0;
        int delay = 0;
        if (pr->early_deaths >= 2) {
            delay = 1 << (pr->early_deaths - 2 < 5 ? pr->early_deaths - 2 : 5);
            if (delay > GW_BACKOFF_MAX)
                delay = GW_BACKOFF_MAX;
        }
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, sup.s, GWLOGNO(02002)
                     "daemon process %ld of group '%s' %s after %" APR_TIME_T_FMT
                     " ms; restarting it%s", (long)pr->proc.pid, g->name, how,
                     apr_time_as_msec(lived),
                     delay ? apr_psprintf(sup.pconf, " in %d s: it failed %d "
                                          "times in a row within 5 s of "
                                          "starting", delay, pr->early_deaths)
                           : "");
        apr_cpystrn(pr->status->last_exit, how, sizeof(pr->status->last_exit));
        proc_start(pr, delay);
        break;
    case APR_OC_REASON_RESTART:
    case APR_OC_REASON_UNREGISTER:
    case APR_OC_REASON_UNWRITABLE:
    case APR_OC_REASON_RUNNING:
    default:
        break;
    }
}

static void proc_start(gw_proc *pr, int delay)
{
    apr_status_t rv = apr_proc_fork(&pr->proc, sup.pconf);

    if (rv == APR_INCHILD)
        gw_spawn_exec(pr->group, sup.exe_fd, delay, sup.parent,
                      sup.log_level);
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, sup.s, GWLOGNO(02003)
                     "cannot fork a daemon process for group '%s'",
                     pr->group->name);
        return;
    }
    pr->started = apr_time_now() + apr_time_from_sec(delay);
    pr->running = 1;
    pr->status->early_deaths = pr->early_deaths;
    pr->status->started = pr->started;
    apr_proc_other_child_register(&pr->proc, proc_maintenance, pr, NULL,
                                  sup.pconf);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02004)
                 "started daemon process %ld of group '%s' (user %s, "
                 "socket %s)", (long)pr->proc.pid, pr->group->name,
                 pr->group->user_name, pr->group->socket_path);
}

/* The directory holding the sockets decides who can even reach them:
 * refuse one that others could write to (they could swap sockets). */
static const char *check_socket_dir(apr_pool_t *p, const char *prefix)
{
    char *dir = apr_pstrdup(p, prefix);
    char *slash = strrchr(dir, '/');
    struct stat st;

    if (!slash)
        return apr_psprintf(p, "WSGISocketPrefix %s is not an absolute path",
                            prefix);
    *(slash == dir ? slash + 1 : slash) = '\0';
    if (stat(dir, &st) != 0)
        return apr_psprintf(p, "socket directory %s (WSGISocketPrefix %s): "
                            "%s; create it (owner root, mode 0755)", dir,
                            prefix, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return apr_psprintf(p, "socket directory %s is not a directory", dir);
    if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
        return apr_psprintf(p, "socket directory %s is owner uid %ld mode "
                            "%04o: it must be owned by root and writable by "
                            "no one else, or other users could replace a "
                            "daemon's socket; point WSGISocketPrefix at a "
                            "directory such as /var/run/apache2/wsgi",
                            dir, (long)st.st_uid,
                            (unsigned)(st.st_mode & 07777));
    return NULL;
}

static apr_status_t socket_cleanup(void *data)
{
    gw_group *g = data;
    struct stat st;

    /* Apache children share pconf's cleanups; only the parent owns the
     * socket file. */
    if (getpid() != sup.parent)
        return APR_SUCCESS;
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    g->listen_fd = -1;
    if (lstat(g->socket_path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(g->socket_path);
    return APR_SUCCESS;
}

static const char *socket_create(apr_pool_t *p, gw_group *g)
{
    struct sockaddr_un sa;
    struct stat st;

    if (strlen(g->socket_path) >= sizeof(sa.sun_path))
        return apr_psprintf(p, "socket path %s is longer than %zu bytes; use "
                            "a shorter WSGISocketPrefix", g->socket_path,
                            sizeof(sa.sun_path) - 1);
    /* Only ever unlink a stale socket, never a file someone put there. */
    if (lstat(g->socket_path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            return apr_psprintf(p, "%s exists and is not a socket; remove it",
                                g->socket_path);
        if (unlink(g->socket_path) != 0)
            return apr_psprintf(p, "cannot remove stale socket %s: %s",
                                g->socket_path, strerror(errno));
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return apr_psprintf(p, "socket(): %s", strerror(errno));
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, g->socket_path);

    /* umask 0077 around bind: the socket is born 0600 owned by root, and
     * only then handed to the one user allowed to connect. */
    mode_t old = umask(0077);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc != 0) {
        close(fd);
        return apr_psprintf(p, "cannot bind %s: %s", g->socket_path,
                            strerror(errno));
    }
    g->listen_fd = fd;
    apr_pool_cleanup_register(p, g, socket_cleanup, apr_pool_cleanup_null);
    if (chown(g->socket_path, g->socket_uid, (gid_t)-1) != 0)
        return apr_psprintf(p, "cannot chown %s to %s: %s", g->socket_path,
                            g->socket_user, strerror(errno));
    if (listen(fd, g->listen_backlog) != 0)
        return apr_psprintf(p, "cannot listen on %s: %s", g->socket_path,
                            strerror(errno));
    return NULL;
}

/* Stops every daemon of this configuration: SIGTERM, up to the group's
 * shutdown-timeout to finish, then SIGKILL.  Runs when pconf is cleared
 * (restart, stop); we reap our own children here so the MPM never sees
 * them. */
static apr_status_t procs_stop(void *data)
{
    apr_array_header_t *groups = data;
    gw_group **gs = (gw_group **)groups->elts;
    apr_interval_time_t wait_max = 0;

    if (getpid() != sup.parent)
        return APR_SUCCESS;
    for (int i = 0; i < groups->nelts; i++) {
        for (int j = 0; j < gs[i]->processes; j++) {
            gw_proc *pr = &gs[i]->procs[j];
            /* No apr_proc_other_child_unregister() here: the
             * registrations live in pconf too and, made after this cleanup
             * was registered, were removed before it runs (unregistering
             * an unknown entry crashes APR). */
            if (!pr->running)
                continue;
            if (kill(pr->proc.pid, SIGTERM) != 0 && errno == ESRCH)
                pr->running = 0;
        }
        if (gs[i]->shutdown_timeout > wait_max)
            wait_max = gs[i]->shutdown_timeout;
    }
    apr_time_t deadline = apr_time_now() + wait_max;
    for (;;) {
        int left = 0;
        for (int i = 0; i < groups->nelts; i++) {
            for (int j = 0; j < gs[i]->processes; j++) {
                gw_proc *pr = &gs[i]->procs[j];
                int st;
                if (!pr->running)
                    continue;
                pid_t r = waitpid(pr->proc.pid, &st, WNOHANG);
                if (r == pr->proc.pid || (r < 0 && errno == ECHILD))
                    pr->running = 0;
                else if (apr_time_now() >= deadline) {
                    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, sup.s,
                                 GWLOGNO(02005) "daemon process %ld of group "
                                 "'%s' did not exit within shutdown-timeout "
                                 "(%" APR_TIME_T_FMT " s); killing it",
                                 (long)pr->proc.pid, gs[i]->name,
                                 apr_time_sec(gs[i]->shutdown_timeout));
                    kill(pr->proc.pid, SIGKILL);
                    while (waitpid(pr->proc.pid, &st, 0) < 0 && errno == EINTR)
                        ;
                    pr->running = 0;
                }
                else
                    left++;
            }
        }
        if (!left)
            break;
        apr_sleep(apr_time_from_msec(10));
    }
    return APR_SUCCESS;
}

static apr_status_t delegation_cleanup(void *data)
{
    gw_group *g = data;
    if (g->delegation_fd >= 0)
        close(g->delegation_fd);
    g->delegation_fd = -1;
    return APR_SUCCESS;
}

/* The secret and the scripts delegated to g, in a sealed memfd the daemon
 * gets as fd 4: nothing of it in argv or the environment, where other
 * tools (ps, /proc/PID/environ) could show it. */
static const char *delegation_create(apr_pool_t *p, server_rec *s,
                                     gw_group *g)
{
    apr_array_header_t *scripts = gw_config_delegated(p, s, g);
    const char **sv = (const char **)scripts->elts;
    char *text = apr_pstrcat(p, "secret ", gw_global->secret, "\n", NULL);

    for (int i = 0; i < scripts->nelts; i++)
        text = apr_pstrcat(p, text, "script ", sv[i], "\n", NULL);
    int fd = memfd_create("gateway-delegation",
                          MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return apr_psprintf(p, "memfd_create: %s", strerror(errno));
    g->delegation_fd = fd;
    apr_pool_cleanup_register(p, g, delegation_cleanup,
                              apr_pool_cleanup_null);
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return apr_psprintf(p, "writing the delegation memfd: %s",
                                strerror(errno));
        off += (size_t)w;
    }
    /* Sealed: a daemon (running the app's code) cannot rewrite what its
     * sibling processes will read at their next start. */
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE
              | F_SEAL_SEAL) != 0)
        return apr_psprintf(p, "sealing the delegation memfd: %s",
                            strerror(errno));
    return NULL;
}

static apr_status_t exe_cleanup(void *data)
{
    (void)data;
    if (sup.exe_fd >= 0)
        close(sup.exe_fd);
    sup.exe_fd = -1;
    return APR_SUCCESS;
}

/* Counts configuration generations across restarts: the module is
 * reloaded on every restart, so the count lives in the process pool. */
static unsigned long next_generation(server_rec *s)
{
    void *data = NULL;
    apr_pool_t *pp = s->process->pool;
    apr_pool_userdata_get(&data, "gateway-generation", pp);
    unsigned long *gen = data;
    if (!gen) {
        gen = apr_pcalloc(pp, sizeof(*gen));
        apr_pool_userdata_set(gen, "gateway-generation",
                              apr_pool_cleanup_null, pp);
    }
    return (*gen)++;
}

static int open_daemon_exe(apr_pool_t *p, server_rec *s)
{
    struct stat st;
    const char *path = gw_global->daemon_path;

    /* Opened here, as root, and started with fexecve after the privilege
     * drop: the daemon user needs no search right on the install path. */
    sup.exe_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (sup.exe_fd < 0 || fstat(sup.exe_fd, &st) != 0
        || !S_ISREG(st.st_mode) || !(st.st_mode & S_IXOTH)) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, errno, s, GWLOGNO(02006)
                     "daemon executable %s is missing or not executable by "
                     "all; run 'make install' or set GatewayDaemonPath",
                     path);
        if (sup.exe_fd >= 0)
            close(sup.exe_fd);
        sup.exe_fd = -1;
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(p, NULL, exe_cleanup, apr_pool_cleanup_null);
    return OK;
}

int gw_supervisor_start(apr_pool_t *pconf, server_rec *s)
{
    apr_array_header_t *groups = gw_global->groups;
    gw_group **gs = (gw_group **)groups->elts;
    const char *err;

    sup.pconf = pconf;
    sup.s = s;
    sup.parent = getpid();
    sup.exe_fd = -1;
    sup.log_level = s->log.level >= APLOG_DEBUG ? GW_LOG_DEBUG
                  : s->log.level >= APLOG_INFO ? GW_LOG_INFO
                  : s->log.level >= APLOG_NOTICE ? GW_LOG_NOTICE
                  : GW_LOG_WARN;
    if (groups->nelts == 0)
        return OK;

    unsigned long gen = next_generation(s);
    apr_size_t nslots = 0;
    if ((err = check_socket_dir(pconf, gw_global->socket_prefix))) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02007) "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (open_daemon_exe(pconf, s) != OK)
        return HTTP_INTERNAL_SERVER_ERROR;

    /* A new secret each generation: requests are accepted only from
     * Apache children of this configuration (they inherit it by fork). */
    unsigned char raw[32];
    apr_status_t rv = apr_generate_random_bytes(raw, sizeof(raw));
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GWLOGNO(02010)
                     "cannot generate the daemon groups' secret");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    for (size_t i = 0; i < sizeof(raw); i++)
        apr_snprintf(gw_global->secret + 2 * i, 3, "%02x", raw[i]);

    for (int i = 0; i < groups->nelts; i++) {
        gw_group *g = gs[i];
        /* mod_wsgi's naming: prefix.parentpid.generation.group.sock, so a
         * socket of an older generation is never mistaken for ours. */
        g->socket_path = apr_psprintf(pconf, "%s.%ld.%lu.%d.sock",
                                      gw_global->socket_prefix,
                                      (long)sup.parent, gen, g->index);
        if ((err = socket_create(pconf, g))
            || (err = delegation_create(pconf, s, g))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02008)
                         "daemon group '%s' (%s): %s", g->name,
                         g->defined_at, err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        g->procs = apr_pcalloc(pconf, sizeof(gw_proc) * (size_t)g->processes);
        nslots += g->processes;
    }
    apr_shm_t *shm;
    rv = apr_shm_create(&shm, sizeof(gw_slot_status) * nslots,
                                     NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GWLOGNO(02009)
                     "cannot create shared memory for %lu daemon process "
                     "slots", (unsigned long)nslots);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    gw_slot_status *slots = apr_shm_baseaddr_get(shm);
    memset(slots, 0, sizeof(gw_slot_status) * nslots);
    for (int i = 0; i < groups->nelts; i++)
        for (int j = 0; j < gs[i]->processes; j++)
            gs[i]->procs[j].status = slots++;
    /* Registered after the socket cleanups, so it runs before them:
     * processes stop before their socket goes away. */
    apr_pool_cleanup_register(pconf, groups, procs_stop,
                              apr_pool_cleanup_null);
    for (int i = 0; i < groups->nelts; i++) {
        for (int j = 0; j < gs[i]->processes; j++) {
            gs[i]->procs[j].group = gs[i];
            gs[i]->procs[j].slot = j;
            proc_start(&gs[i]->procs[j], 0);
        }
    }
    return OK;
}

int gw_supervisor_group_down(const gw_group *g, apr_pool_t *p,
                             const char **why)
{
    apr_time_t now = apr_time_now();

    if (!g->procs)
        return 0;
    for (int i = 0; i < g->processes; i++) {
        const gw_slot_status *st = g->procs[i].status;
        /* A slot is up unless it died early at least twice in a row and
         * its current process has not yet lived past the early window. */
        if (st->early_deaths < 2 || now >= st->started + GW_EARLY_DEATH)
            return 0;
    }
    *why = apr_pstrndup(p, g->procs[0].status->last_exit,
                        sizeof(g->procs[0].status->last_exit));
    return 1;
}

void gw_supervisor_child_init(void)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    for (int i = 0; i < gw_global->groups->nelts; i++) {
        if (gs[i]->listen_fd >= 0)
            close(gs[i]->listen_fd);
        gs[i]->listen_fd = -1;
        if (gs[i]->delegation_fd >= 0)
            close(gs[i]->delegation_fd);
        gs[i]->delegation_fd = -1;
    }
    if (sup.exe_fd >= 0)
        close(sup.exe_fd);
    sup.exe_fd = -1;
}
