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
 *
 * Here: starting the groups and their processes, restarting a process
 * when it dies (with back-off), the monitor's checks.  Beside it, in
 * parent/: the sockets (gw_sockets.c), the hand-over each group's
 * processes read (gw_handover_memfd.c), fork to exec (gw_spawn.c), how a
 * process ended and whether its recycle holds (gw_deathcause.c), and the
 * end of a generation: retired processes, Apache's stop (gw_retired.c).
 */
#include "gw_supervisor.h"
#include "gw_proc.h"
#include "gw_deathcause.h"   /* how a process ended; recycle or not */
#include "gw_retired.h"      /* a generation's end */
#include "gw_handover_memfd.h"
#include "gw_exe.h"
#include "gw_backoff.h"
#include "gw_spawn.h"
#include "gw_exitinfo.h"
#include "gw_log.h"
#include "gw_kept.h"
#include "gw_sockets.h"
#include "gw_attach.h"   /* attached daemons */
#include "gw_logger.h"   /* the processes' output */
#include "gw_scoreboard_parent.h"   /* the status page */

#include "http_log.h"
#include "http_core.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_shm.h"
#include "apr_thread_proc.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* A process that dies this soon after starting counts as failing to
 * start (proto/gw_backoff.h). */
#define GW_EARLY_DEATH     apr_time_from_sec(GW_EARLY_DEATH_S)

typedef struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int exe_fd;
    int log_level;
} gw_sup;

static gw_sup sup;

static void proc_start(gw_proc *pr, int delay);

/* other_child callback of a process of the current generation: when it
 * died, say how and start the slot's next process, at once or after the
 * back-off. */
static void proc_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_proc *pr = data;
    gw_group *g = pr->group;
    int mpm_state = AP_MPMQ_STOPPING;
    int num = (int)status;
    gw_end_how end = GW_END_UNKNOWN;

    switch (reason) {
    case APR_OC_REASON_DEATH:
    case APR_OC_REASON_LOST:
        apr_proc_other_child_unregister(pr);
        pr->running = 0;
        gw_logger_forget(pr->proc.pid);
        if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS)
            mpm_state = AP_MPMQ_STOPPING;
        apr_time_t now = apr_time_now();
        apr_time_t lived = now - pr->started;
        end = gw_exitinfo_take(pr->proc.pid, &num);
        const char *how = reason == APR_OC_REASON_LOST ? "was lost"
            : gw_deathcause_text(sup.pconf, g, end, num, pr->killed_for);
        int killed = pr->killed_for != NULL;
        pr->killed_for = NULL;
        if (mpm_state == AP_MPMQ_STOPPING) {
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02001)
                         "daemon process %ld of group '%s' %s while Apache "
                         "is stopping", (long)pr->proc.pid, g->name, how);
            return;
        }
        /* A planned recycle (maximum-requests, restart-interval,
         * inactivity-timeout, a changed script or restart-file) is no
         * failure, however young the process, once confirmed: see "the
         * back-off" in gw_deathcause.c.  A signal is never one. */
        int exited = reason == APR_OC_REASON_DEATH && end != GW_END_SIGNALED;
        int planned = exited && gw_deathcause_is_recycle(num);
        gw_seen *seen = &pr->status->seen[pr->seen_idx];
        const char *doubt = NULL;
        gw_deathcause_settle_doubt(pr);
        if (planned && lived < GW_EARLY_DEATH
            && !gw_deathcause_recycle_confirmed(g, num, lived, seen)) {
            doubt = gw_deathcause_recycle_doubt(sup.pconf, g, num, seen);
            planned = 0;
            pr->doubt_num = num;
            pr->doubt_lived = lived;
        }
        if (lived < GW_EARLY_DEATH && !planned) {
            if (!pr->early_deaths)
                pr->streak_start = pr->started;
            pr->early_deaths++;
        }
        else
            pr->early_deaths = 0;
        int delay = gw_backoff_delay(pr->early_deaths);
        /* In back-off, the line is about the group: its failures are
         * every slot's current streak. */
        const char *group_line = NULL, *then = "restarting it";
        if (delay) {
            int failed = 0;
            apr_time_t since = now;
            for (int i = 0; i < g->processes; i++) {
                const gw_proc *o = &g->procs[i];
                if (o->early_deaths > 0) {
                    failed += o->early_deaths;
                    if (o->streak_start < since)
                        since = o->streak_start;
                }
            }
            group_line = apr_psprintf(sup.pconf, "group '%s' failed %d "
                                      "times in %.1f s: last exit: ",
                                      g->name, failed, (double)(now - since)
                                      / APR_USEC_PER_SEC);
            then = apr_psprintf(sup.pconf, "starting a new process in %d s "
                                "(back-off: each of those processes ended "
                                "within 5 s of its start)", delay);
        }
        /* A first unconfirmed claim costs nothing yet (it may be
         * confirmed at the next death): not an error until the back-off. */
        int level = planned ? APLOG_INFO
                    : (doubt || (exited && num == GW_EXIT_USR1)) && !delay
                    ? APLOG_NOTICE : APLOG_ERR;
        ap_log_error(APLOG_MARK, level, 0, sup.s,
                     GWLOGNO(02002) "%sdaemon process %ld%s %s after %"
                     APR_TIME_T_FMT " ms%s%s; %s", group_line ? group_line
                     : "", (long)pr->proc.pid, group_line ? ""
                     : apr_psprintf(sup.pconf, " of group '%s'", g->name),
                     how, apr_time_as_msec(lived), doubt ? ", " : "",
                     doubt ? doubt : "", then);
        apr_cpystrn(pr->status->last_exit, how, sizeof(pr->status->last_exit));
        pr->status->ended[gw_slots_end_cause(reason == APR_OC_REASON_LOST,
                                             killed, !exited, planned,
                                             num)]++;
        proc_start(pr, delay);
        /* New code for the web processes: the group's attached daemons
         * get it too (parent/gw_attach.h). */
        if (planned && num == GW_EXIT_RELOAD)
            gw_attach_code_check(g);
        break;
    case APR_OC_REASON_RESTART:
    case APR_OC_REASON_UNREGISTER:
    case APR_OC_REASON_UNWRITABLE:
    case APR_OC_REASON_RUNNING:
    default:
        break;
    }
}

/* The new process gets the older of the two records in seen[]; the
 * other one, its predecessor's, keeps counting what is still read from
 * it.  Its pid goes in last: a child that finds it finds fresh counts. */
static void seen_reset(gw_proc *pr)
{
    gw_seen *e;

    pr->seen_idx = !pr->seen_idx;
    e = &pr->status->seen[pr->seen_idx];
    __atomic_store_n(&e->pid, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->taken, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->refused, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->started, pr->started, __ATOMIC_RELAXED);
    __atomic_store_n(&e->pid, pr->proc.pid, __ATOMIC_RELEASE);
    pr->status->seen_cur = pr->seen_idx;
}

static void proc_start(gw_proc *pr, int delay)
{
    /* The slot's status segment, cleared for the new process (fd 5). */
    int status_fd = gw_scoreboard_slot_start(pr->group, pr->slot);
    int log_fd, log_rfd = gw_logger_pipe_open("a daemon process",
                                              pr->group->name, &log_fd);
    if (log_rfd < 0)
        return;
    apr_status_t rv = apr_proc_fork(&pr->proc, sup.pconf);

    if (rv == APR_INCHILD)
        gw_spawn_exec(pr->group, sup.exe_fd, status_fd, log_fd, delay,
                      sup.parent);
    gw_logger_pipe_attach(log_rfd, log_fd, rv == APR_INPARENT
                          ? pr->proc.pid : 0, GW_LOGCTL_KIND_DAEMON,
                          pr->group->name);
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, sup.s, GWLOGNO(02003)
                     "cannot fork a daemon process for group '%s'",
                     pr->group->name);
        return;
    }
    pr->started = apr_time_now() + apr_time_from_sec(delay);
    pr->running = 1;
    seen_reset(pr);
    pr->status->early_deaths = pr->early_deaths;
    pr->status->started = pr->started;
    pr->status->pid = pr->proc.pid;
    pr->status->stuck_since = 0;
    pr->killed_for = NULL;
    gw_exitinfo_watch(pr->proc.pid);
    apr_proc_other_child_register(&pr->proc, proc_maintenance, pr, NULL,
                                  sup.pconf);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, sup.s, GWLOGNO(02004)
                 "started daemon process %ld of group '%s' (user %s, "
                 "socket %s)", (long)pr->proc.pid, pr->group->name,
                 pr->group->user_name, pr->group->socket_path);
}

/* ---- the monitor ------------------------------------------------------- */

/* A process whose request passed request-timeout recycles itself (its
 * watchdog); one that cannot (stopped, or its watchdog starved) is killed
 * here once it has had shutdown-timeout more to do so.  Only pids the
 * parent itself started are ever signalled. */
static void kill_stuck(void)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;
    apr_time_t now = apr_time_now();

    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        for (int j = 0; g->procs && j < g->processes; j++) {
            gw_proc *pr = &g->procs[j];
            apr_time_t since = pr->status->stuck_since;
            if (!pr->running || !since || pr->status->pid != pr->proc.pid
                || now < since + g->shutdown_timeout + apr_time_from_sec(2))
                continue;
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, sup.s, GWLOGNO(02014)
                         "daemon process %ld of group '%s' did not recycle "
                         "itself after a request passed request-timeout "
                         "(stopped, or hung where its watchdog cannot act); "
                         "killing it", (long)pr->proc.pid, g->name);
            pr->killed_for = "request-timeout passed and it did not "
                             "recycle itself";
            kill(pr->proc.pid, SIGKILL);
            pr->status->stuck_since = 0;    /* reaped and restarted */
        }
    }
}

/* monitor hook: stuck processes and retired ones past their
 * graceful-timeout are killed. */
void gw_supervisor_monitor(void)
{
    if (!sup.s || getpid() != sup.parent)
        return;
    if (gw_global)
        kill_stuck();
    gw_attach_monitor();
    gw_logger_monitor();
    gw_retired_monitor();
}

/* ---- starting ---------------------------------------------------------- */

static apr_status_t exe_cleanup(void *data)
{
    (void)data;
    if (sup.exe_fd >= 0)
        close(sup.exe_fd);
    sup.exe_fd = -1;
    return APR_SUCCESS;
}

/* gateway-daemon, opened for fexecve; -1 after logging. */
static int daemon_exe_open(server_rec *s)
{
    const char *why;
    int fd = gw_exe_open(gw_global->daemon_path, 0, &why);

    if (fd < 0)
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02006)
                     "daemon executable %s: %s; run 'make install' or set "
                     "GatewayDaemonPath", gw_global->daemon_path, why);
    return fd;
}

int gw_supervisor_preflight(apr_pool_t *p, server_rec *s)
{
    const char *err;

    if (gw_global->groups->nelts == 0)
        return OK;
    if ((err = gw_socketdir_check(p, gw_global->socket_prefix))) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02007) "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if ((err = gw_socketdir_check_ancestors(p, gw_global->socket_prefix))) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02110) "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    int fd = daemon_exe_open(s);
    if (fd < 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    close(fd);
    return gw_logger_preflight(p, s);
}

static int open_daemon_exe(apr_pool_t *p, server_rec *s)
{
    /* Opened here, as root, and started with fexecve after the privilege
     * drop: the daemon user needs no search right on the install path. */
    sup.exe_fd = daemon_exe_open(s);
    if (sup.exe_fd < 0)
        return HTTP_INTERNAL_SERVER_ERROR;
    apr_pool_cleanup_register(p, NULL, exe_cleanup, apr_pool_cleanup_null);
    return OK;
}

int gw_supervisor_start(apr_pool_t *pconf, server_rec *s)
{
    apr_array_header_t *groups = gw_global->groups;
    gw_group **gs = (gw_group **)groups->elts;
    const char *err;
    apr_size_t nslots = 0;

    sup.pconf = pconf;
    sup.s = s;
    sup.parent = getpid();
    gw_global->parent_pid = sup.parent;
    sup.exe_fd = -1;
    sup.log_level = gw_spawn_log_level(s);
    /* Before any process is started or adopted (gw_exitinfo.h). */
    gw_exitinfo_start(pconf);
    gw_retired_adopt(pconf, s, sup.parent);
    if (groups->nelts == 0) {
        /* Processes of earlier generations may still be writing. */
        if (gw_logger_start(pconf, s, 0) != OK)
            return HTTP_INTERNAL_SERVER_ERROR;
        gw_sockets_prune(s);
        gw_retired_on_unload(pconf, groups);
        /* Still called: attached daemons of a removed group must stop. */
        return gw_attach_start(pconf, s);
    }

    gw_kept_get(s)->generation++;
    if (gw_supervisor_preflight(pconf, s) != OK
        || open_daemon_exe(pconf, s) != OK
        || gw_logger_start(pconf, s, 1) != OK)
        return HTTP_INTERNAL_SERVER_ERROR;
    for (int i = 0; i < groups->nelts; i++) {
        gw_group *g = gs[i];
        if ((err = gw_sockets_attach(pconf, s, g))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02008)
                         "daemon group '%s' (%s): %s", g->name,
                         g->defined_at, err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if ((err = gw_handover_memfd_create(pconf, s, g, sup.log_level))) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02015)
                         "daemon group '%s' (%s): cannot make its hand-over "
                         "memfd: %s", g->name,
                         g->defined_at, err);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        g->procs = apr_pcalloc(pconf, sizeof(gw_proc) * (size_t)g->processes);
        nslots += g->processes;
    }
    gw_sockets_prune(s);

    apr_shm_t *shm;
    apr_status_t rv = apr_shm_create(&shm, sizeof(gw_slot_status) * nslots,
                                     NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GWLOGNO(02009)
                     "cannot create shared memory for %lu daemon process "
                     "slots", (unsigned long)nslots);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    gw_slot_status *slots = apr_shm_baseaddr_get(shm);
    memset(slots, 0, sizeof(gw_slot_status) * nslots);
    for (int i = 0; i < groups->nelts; i++) {
        gs[i]->slots = slots;
        for (int j = 0; j < gs[i]->processes; j++)
            gs[i]->procs[j].status = slots++;
    }

    /* The daemons' status segments (proto/gw_scoreboard.h), before the
     * first process and the MPM's children. */
    gw_scoreboard_create(pconf, s);

    /* Registered after the delegation and exe cleanups, so it runs before
     * them. */
    gw_retired_on_unload(pconf, groups);
    for (int i = 0; i < groups->nelts; i++) {
        for (int j = 0; j < gs[i]->processes; j++) {
            gs[i]->procs[j].group = gs[i];
            gs[i]->procs[j].slot = j;
            proc_start(&gs[i]->procs[j], 0);
        }
    }
    /* Attached daemons (WSGIAttachDaemon, parent/gw_attach.c), after the
     * groups' processes; registers its own pconf cleanup. */
    return gw_attach_start(pconf, s);
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
    gw_scoreboard_child_init();
    gw_exitinfo_child_init();
    gw_logger_child_init();
    if (sup.exe_fd >= 0)
        close(sup.exe_fd);
    sup.exe_fd = -1;
}
