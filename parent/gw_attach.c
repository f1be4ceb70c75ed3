/*
 * gw_attach.c - attached daemons, seen from the Apache parent (see
 * gw_attach.h and docs/attached-daemons.md).
 *
 * Runs at config time (the directive) and in the Apache parent, as root,
 * in post_config and in the MPM's main loop (apr_proc_other_child_*), as
 * parent/gw_supervisor.c does for the groups' processes.
 *
 * Life of an attached process across configuration generations:
 *  - started at the end of gw_supervisor_start, after the group's
 *    processes; restarted with back-off when it dies;
 *  - its group's restart-file= or scripts change (a web process exits
 *    109, or the monitor pass sees other time stamps): stop-signal, and
 *    started again once it has exited (gw_attach_code_check);
 *  - restart (graceful or not): the old generation's cleanup cannot know
 *    the new configuration, so it only marks the process HANDOVER and
 *    leaves it running; the new generation's gw_attach_start adopts it
 *    when a WSGIAttachDaemon with the same group, name and settings (the
 *    signature) exists, and sends it reload-signal; otherwise the process
 *    is STOPPING: it gets stop-signal and is watched until it exits (the
 *    runner itself SIGKILLs the command after stop-timeout);
 *  - Apache exits: stop-signal to every attached process, then wait (up to
 *    stop-timeout and a little more, then SIGKILL), before the groups'
 *    processes are stopped by the supervisor's own cleanup.
 * The state that crosses generations lives in gw_kept (plain data, see
 * gw_kept.h); other_child callbacks are registered anew in each
 * generation, because this module is unloaded and reloaded.
 */
#include "gw_attach.h"
#include "gw_exe.h"
#include "gw_backoff.h"
#include "gw_spawn.h"
#include "gw_exitinfo.h"
#include "gw_log.h"
#include "gw_logger.h"

#include "http_log.h"
#include "http_core.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_sha1.h"
#include "apr_lib.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* As the supervisor: a process that dies this soon after starting counts
 * as failing to start (proto/gw_backoff.h). */
#define GW_ATTACH_EARLY_DEATH  apr_time_from_sec(GW_EARLY_DEATH_S)
/* The runner SIGKILLs the command at stop-timeout; the parent kills the
 * runner itself only if it is still there this much later. */
#define GW_ATTACH_KILL_GRACE   apr_time_from_sec(2)

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int log_level;
    const char *runner;              /* path of gateway-attach */
} att;

/* ---- what the runner gets ---------------------------------------------- */

static apr_interval_time_t stop_timeout(const gw_attach *a)
{
    return a->stop_timeout >= 0 ? a->stop_timeout
                                : a->group->shutdown_timeout;
}

/* What a group's attached processes may run of its code, besides their
 * own command: what restart-file= and WSGIScriptReloading watch in its
 * web processes.  The restart file, and with script reloading the scripts
 * the configuration names for the group itself (process-group= of a
 * mount or WSGIHandlerScript, WSGIImportScript); not directories of
 * scripts, nor mounts that leave the group to WSGIProcessGroup. */
static apr_array_header_t *code_files(apr_pool_t *p, server_rec *main_s,
                                      const gw_group *g)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(const char *));

    if (g->restart_file)
        *(const char **)apr_array_push(out) = g->restart_file;
    if (!gw_global->script_reloading)
        return out;
    for (server_rec *s = main_s; s; s = s->next) {
        gw_server_conf *sc = ap_get_module_config(s->module_config,
                                                  &gateway_module);
        gw_alias *al = (gw_alias *)sc->aliases->elts;
        for (int i = 0; i < sc->aliases->nelts; i++)
            if (al[i].process_group && !al[i].regex && !al[i].is_dir
                && !strcmp(al[i].process_group, g->name))
                *(const char **)apr_array_push(out) = al[i].path;
    }
    gw_handler_script *h = (gw_handler_script *)
                           gw_global->handler_scripts->elts;
    for (int i = 0; i < gw_global->handler_scripts->nelts; i++)
        if (h[i].process_group && !strcmp(h[i].process_group, g->name))
            *(const char **)apr_array_push(out) = h[i].path;
    gw_import_script *im = (gw_import_script *)gw_global->imports->elts;
    for (int i = 0; i < gw_global->imports->nelts; i++)
        if (!strcmp(im[i].process_group, g->name))
            *(const char **)apr_array_push(out) = im[i].path;
    return out;
}

/* The time stamps of code_files, hashed (FNV-1a): any change, to an
 * earlier time too, or a file appearing or going, gives another value. */
static apr_uint64_t code_stamp(const gw_attach *a)
{
    apr_uint64_t h = 14695981039346656037ULL;
    struct stat st;

    for (int i = 0; a->code_files && i < a->code_files->nelts; i++) {
        const char *f = APR_ARRAY_IDX(a->code_files, i, const char *);
        long long v[3] = { 0, 0, 0 };
        if (stat(f, &st) == 0) {
            v[0] = 1;
            v[1] = (long long)st.st_mtim.tv_sec;
            v[2] = (long long)st.st_mtim.tv_nsec;
        }
        const unsigned char *b = (const unsigned char *)v;
        for (size_t j = 0; j < sizeof(v); j++)
            h = (h ^ b[j]) * 1099511628211ULL;
        for (const char *c = f; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    }
    return h;
}

/* argv: gateway-attach NAME COMMAND ARG...; envp: the group's daemon
 * environment, the group's Python (python-home as a virtualenv,
 * python-path), and the runner's own settings.  The signature covers all
 * that can change what runs: same signature, same process. */
static void attach_prepare(apr_pool_t *p, gw_attach *a)
{
    const gw_group *g = a->group;
    apr_array_header_t *av = apr_array_make(p, a->command->nelts + 3,
                                            sizeof(char *));
    apr_array_header_t *ev = apr_array_make(p, 16, sizeof(char *));

    *(const char **)apr_array_push(av) = GW_ATTACH_RUNNER;
    *(const char **)apr_array_push(av) = a->name;
    for (int i = 0; i < a->command->nelts; i++)
        *(const char **)apr_array_push(av) =
            APR_ARRAY_IDX(a->command, i, const char *);
    *(char **)apr_array_push(av) = NULL;
    a->argv = (char **)av->elts;

#define ENV(...) (*(char **)apr_array_push(ev) = apr_pstrcat(p, __VA_ARGS__, \
                                                             NULL))
    ENV("PATH=", g->python_home ? g->python_home : "",
        g->python_home ? "/bin:" : "", "/usr/local/bin:/usr/bin:/bin");
    ENV("HOME=", g->home ? g->home : "/");
    ENV("USER=", g->user_name ? g->user_name : "");
    ENV("LOGNAME=", g->user_name ? g->user_name : "");
    ENV("LANG=", g->lang ? g->lang : "C.UTF-8");
    if (g->locale)
        ENV("LC_ALL=", g->locale);
    if (g->python_home)
        ENV("VIRTUAL_ENV=", g->python_home);
    if (g->python_path)
        ENV("PYTHONPATH=", g->python_path);
    /* Output reaches the error log as it is written, not in 8 KiB
     * blocks (a Python command's stdout is a pipe here). */
    ENV("PYTHONUNBUFFERED=1");
    ENV(GW_ATTACH_ENV_GROUP "=", g->name);
    ENV(GW_ATTACH_ENV_STOP "=", apr_psprintf(p, "%d %ld", a->stop_signal,
        (long)apr_time_sec(stop_timeout(a))));
#undef ENV

    /* Everything so far, and the identity the process gets. */
    apr_sha1_ctx_t ctx;
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    apr_sha1_init(&ctx);
    /* (APR's formatter knows no %lld: the 64-bit format, cast.) */
    const char *ids = apr_psprintf(p, "%s|%ld|%ld|%s|%d|%d|%" APR_INT64_T_FMT
        "|%" APR_INT64_T_FMT "|%" APR_INT64_T_FMT, att.runner, (long)g->uid,
        (long)g->gid, g->implicit ? "" : (g->user_name ? g->user_name : ""),
        g->umask, g->home_set, (apr_int64_t)g->memory_limit,
        (apr_int64_t)g->virtual_memory_limit, (apr_int64_t)g->cpu_time_limit);
    apr_sha1_update(&ctx, ids, (unsigned)strlen(ids) + 1);
    for (char **v = a->argv; *v; v++)
        apr_sha1_update(&ctx, *v, (unsigned)strlen(*v) + 1);
    for (int i = 0; i < ev->nelts; i++) {
        const char *e = APR_ARRAY_IDX(ev, i, const char *);
        apr_sha1_update(&ctx, e, (unsigned)strlen(e) + 1);
    }
    apr_sha1_final(digest, &ctx);
    for (int i = 0; i < APR_SHA1_DIGESTSIZE; i++)
        apr_snprintf(a->signature + 2 * i, 3, "%02x", digest[i]);

    /* Not in the signature: a new LogLevel needs no new process. */
    *(char **)apr_array_push(ev) = apr_psprintf(p, GW_ATTACH_ENV_LEVEL "=%d",
                                                att.log_level);
    *(char **)apr_array_push(ev) = NULL;
    a->envp = (char **)ev->elts;
    a->code_files = code_files(p, att.s, g);
}

/* ---- exits ------------------------------------------------------------- */

/* How the runner ended: how and status as gw_exitinfo_take() or the MPM
 * give them (see gw_spawn_describe_end, which covers the rest).  The
 * runner exits 0 or a GW_ATTACH_EXIT_* status; 100..113 come from the
 * spawn steps. */
static const char *describe(apr_pool_t *p, gw_end_how how, int status)
{
    if (how == GW_END_SIGNALED)
        return apr_psprintf(p, "%s (gateway-attach itself; its command "
                            "follows it)", gw_spawn_describe_end(p, how,
                                                                 status));
    if (status == GW_ATTACH_EXIT_FAILED)
        return apr_psprintf(p, "exited with status %d (its command exited "
                            "with a non-zero status)", status);
    if (status == GW_ATTACH_EXIT_EXEC)
        return apr_psprintf(p, "exited with status %d (its command could "
                            "not be executed)", status);
    if (status == GW_ATTACH_EXIT_SETUP)
        return apr_psprintf(p, "exited with status %d (gateway-attach could "
                            "not set up)", status);
    if (status > GW_ATTACH_EXIT_SIGNAL && status <= GW_ATTACH_EXIT_SIGNAL + 64) {
        int sig = status - GW_ATTACH_EXIT_SIGNAL;
        return apr_psprintf(p, "exited with status %d (its command was "
                            "killed by signal %d (SIG%s%s))", status, sig,
                            gw_sig_name(sig), sig == SIGXCPU
                            ? ": cpu-time-limit= reached" : "");
    }
    if (status == GW_EXIT_EXEC)
        return apr_psprintf(p, "exited with status %d (gateway-attach could "
                            "not be executed)", status);
    return gw_spawn_describe_end(p, how, status);
}

static const char *describe_wait(apr_pool_t *p, int st)
{
    return WIFSIGNALED(st) ? describe(p, GW_END_SIGNALED, WTERMSIG(st))
                           : describe(p, GW_END_EXITED, WEXITSTATUS(st));
}

/* ---- the kept records -------------------------------------------------- */

static apr_array_header_t *kept_list(void)
{
    gw_kept *k = gw_kept_get(att.s);
    if (!k->attached)
        k->attached = apr_array_make(att.s->process->pool, 4,
                                     sizeof(gw_attach_kept *));
    return k->attached;
}

static gw_attach_kept *kept_new(void)
{
    apr_array_header_t *l = kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;
    gw_attach_kept *r = NULL;

    for (int i = 0; i < l->nelts && !r; i++)
        if (kv[i]->state == GW_ATTACH_FREE)
            r = kv[i];
    if (!r) {
        r = apr_palloc(att.s->process->pool, sizeof(*r));
        *(gw_attach_kept **)apr_array_push(l) = r;
    }
    memset(r, 0, sizeof(*r));
    return r;
}

static void kept_free(gw_attach_kept *r)
{
    r->pid = 0;
    r->state = GW_ATTACH_FREE;
}

/* Never kill(0) or kill(-1): a record without a process has pid 0. */
static int signal_pid(pid_t pid, int sig)
{
    return pid > 0 ? kill(pid, sig) : -1;
}

/* Past its deadline: the runner should have ended the command at
 * stop-timeout and exited; it did not, so it is killed. */
static void kill_late(gw_attach_kept *r)
{
    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, att.s, GWLOGNO(02059)
                 "attached process '%s' of group '%s' (pid %ld) did not "
                 "exit within stop-timeout (%ld s) after SIG%s; killing it",
                 r->name, r->group, (long)r->pid,
                 (long)apr_time_sec(r->stop_timeout),
                 gw_sig_name(r->stop_signal));
    signal_pid(r->pid, SIGKILL);  /* its command follows (parent-death signal) */
    r->deadline = APR_INT64_MAX;
}

/* ---- running ----------------------------------------------------------- */

static void attach_proc_start(gw_attach *a, int delay);

static void attach_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_attach *a = data;
    gw_attach_kept *r = a->k;
    int mpm_state = AP_MPMQ_STOPPING;
    int num = (int)status;

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(a);
    if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS)
        mpm_state = AP_MPMQ_STOPPING;
    gw_logger_forget(r->pid);
    gw_end_how end = gw_exitinfo_take(r->pid, &num);
    const char *how = reason == APR_OC_REASON_LOST
        ? "was lost" : describe(att.pconf, end, num);
    pid_t pid = r->pid;
    apr_time_t lived = apr_time_now() - r->started;
    int restarting = r->restarting;
    kept_free(r);
    if (mpm_state == AP_MPMQ_STOPPING) {
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02055)
                     "attached process '%s' of group '%s' (pid %ld) %s while "
                     "Apache is stopping", a->name, a->group->name,
                     (long)pid, how);
        return;
    }
    if (restarting) {
        /* Asked to stop for new code (gw_attach_code_check): planned. */
        r->early_deaths = 0;
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02064)
                     "attached process '%s' of group '%s' (pid %ld) %s after "
                     "%" APR_TIME_T_FMT " ms, stopped for new code; starting "
                     "it again", a->name, a->group->name, (long)pid, how,
                     apr_time_as_msec(lived));
        attach_proc_start(a, 0);
        return;
    }
    /* The status is the command's (or, through the runner, anything its
     * user can do to it): it picks the log line, never the back-off. */
    r->early_deaths = lived < GW_ATTACH_EARLY_DEATH ? r->early_deaths + 1 : 0;
    int delay = gw_backoff_delay(r->early_deaths);
    const char *later = delay ? apr_psprintf(att.pconf, " in %d s: it failed "
                                             "%d times in a row within 5 s of "
                                             "starting", delay,
                                             r->early_deaths) : "";
    if (reason == APR_OC_REASON_DEATH && status == 0)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02054)
                     "attached process '%s' of group '%s' (pid %ld) ended: "
                     "its command exited with status 0 after %" APR_TIME_T_FMT
                     " ms; restarting it%s", a->name, a->group->name,
                     (long)pid, apr_time_as_msec(lived), later);
    else
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, att.s, GWLOGNO(02053)
                     "attached process '%s' of group '%s' (pid %ld) %s after "
                     "%" APR_TIME_T_FMT " ms; restarting it%s", a->name,
                     a->group->name, (long)pid, how, apr_time_as_msec(lived),
                     later);
    attach_proc_start(a, delay);
}

/* Opened as root at each start and closed at once: gateway-attach runs
 * by fexecve after the privilege drop, and no descriptor of it stays in
 * the parent for Apache's children to inherit. */
static int runner_open(int *err)
{
    const char *why;
    int fd = gw_exe_open(att.runner, 0, &why);

    *err = fd < 0 ? (errno ? errno : EACCES) : 0;
    return fd;
}

static void attach_proc_start(gw_attach *a, int delay)
{
    gw_attach_kept *r = a->k;
    int err = 0;
    int fd = runner_open(&err);

    if (fd < 0)
        /* Not fatal here (Apache runs): the child fails at its first step
         * with status 113 and is retried with back-off. */
        ap_log_error(APLOG_MARK, APLOG_CRIT, err, att.s, GWLOGNO(02050)
                     "attached daemons: runner %s is missing or not "
                     "executable by all; it is installed next to "
                     "gateway-daemon (GatewayDaemonPath's directory) by "
                     "'make install'", att.runner);

    int log_fd, log_rfd = gw_logger_pipe_open("an attached process",
                                              a->group->name, &log_fd);
    if (log_rfd < 0) {
        if (fd >= 0)
            close(fd);
        kept_free(r);
        a->k = NULL;
        return;
    }
    apr_status_t rv = apr_proc_fork(&a->proc, att.pconf);
    if (rv == APR_INCHILD)
        gw_spawn_exec_attach(a->group, fd, log_fd, delay, att.parent,
                             a->argv, a->envp);
    gw_logger_pipe_attach(log_rfd, log_fd, rv == APR_INPARENT
                          ? a->proc.pid : 0, GW_LOGCTL_KIND_ATTACH,
                          a->group->name);
    if (fd >= 0)
        close(fd);
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, att.s, GWLOGNO(02051)
                     "cannot fork attached process '%s' of group '%s'; it is "
                     "not retried until the next restart", a->name,
                     a->group->name);
        kept_free(r);
        a->k = NULL;
        return;
    }
    r->state = GW_ATTACH_RUNNING;
    r->pid = a->proc.pid;
    r->started = apr_time_now() + apr_time_from_sec(delay);
    r->stop_signal = a->stop_signal;
    r->stop_timeout = stop_timeout(a);
    r->restarting = 0;
    r->stamp = code_stamp(a);
    gw_exitinfo_watch(r->pid);
    apr_cpystrn(r->group, a->group->name, sizeof(r->group));
    apr_cpystrn(r->name, a->name, sizeof(r->name));
    memcpy(r->signature, a->signature, sizeof(r->signature));
    apr_proc_other_child_register(&a->proc, attach_maintenance, a, NULL,
                                  att.pconf);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02052)
                 "started attached process '%s' of group '%s' (pid %ld, user "
                 "%s%s): %s", a->name, a->group->name, (long)a->proc.pid,
                 a->group->user_name, delay ? apr_psprintf(att.pconf,
                 ", after %d s of back-off", delay) : "",
                 apr_array_pstrcat(att.pconf, a->command, ' '));
}

/* ---- stopping ---------------------------------------------------------- */

/* A process of an earlier configuration that is being stopped ended. */
static void stopping_maintenance(int reason, void *data, apr_wait_t status)
{
    gw_attach_kept *r = data;
    int num = (int)status;

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(r);
    gw_logger_forget(r->pid);
    gw_end_how how = gw_exitinfo_take(r->pid, &num);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02058)
                 "stopped attached process '%s' of group '%s' (pid %ld, "
                 "earlier configuration) %s", r->name, r->group, (long)r->pid,
                 reason == APR_OC_REASON_LOST ? "was lost"
                 : describe(att.pconf, how, num));
    kept_free(r);
}

static void watch_stopping(gw_attach_kept *r)
{
    apr_proc_t *proc = apr_pcalloc(att.pconf, sizeof(*proc));
    proc->pid = r->pid;
    gw_exitinfo_watch(r->pid);
    apr_proc_other_child_register(proc, stopping_maintenance, r, NULL,
                                  att.pconf);
}

/* The configuration is being unloaded.  Restart: hand every running
 * process over to the next generation (it decides).  Exit: stop them
 * all and wait, as the supervisor does for the groups (this cleanup runs
 * before the supervisor's, so attached processes stop first).  No
 * apr_proc_other_child_unregister here: see gw_supervisor.c. */
static apr_status_t attach_generation_end(void *data)
{
    (void)data;
    if (getpid() != att.parent)
        return APR_SUCCESS;     /* a child running pconf's cleanups */
    int exiting = ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_EXITING;
    apr_array_header_t *l = kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;

    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        if (r->state != GW_ATTACH_RUNNING)
            continue;
        if (!exiting) {
            r->state = GW_ATTACH_HANDOVER;
            continue;
        }
        r->state = GW_ATTACH_STOPPING;
        r->deadline = apr_time_now() + r->stop_timeout + GW_ATTACH_KILL_GRACE;
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02060)
                     "stopping attached process '%s' of group '%s' (pid %ld) "
                     "with SIG%s; waiting up to stop-timeout (%ld s)",
                     r->name, r->group, (long)r->pid,
                     gw_sig_name(r->stop_signal),
                     (long)apr_time_sec(r->stop_timeout));
        signal_pid(r->pid, r->stop_signal);
    }
    if (!exiting)
        return APR_SUCCESS;

    /* Exiting: the MPM reaps no more; wait for them here. */
    for (;;) {
        int left = 0;
        for (int i = 0; i < l->nelts; i++) {
            gw_attach_kept *r = kv[i];
            int st;
            if (r->state != GW_ATTACH_STOPPING && r->state
                != GW_ATTACH_HANDOVER)
                continue;
            if (r->pid <= 0) {
                kept_free(r);
                continue;
            }
            if (r->state == GW_ATTACH_HANDOVER) {
                /* handed over by a generation that had no groups (never
                 * adopted): stop it now */
                r->state = GW_ATTACH_STOPPING;
                r->deadline = apr_time_now() + r->stop_timeout
                              + GW_ATTACH_KILL_GRACE;
                signal_pid(r->pid, r->stop_signal);
            }
            int w = gw_spawn_reap_try(r->pid, &st);
            if (w != 0) {
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, att.s, GWLOGNO(02061)
                             "attached process '%s' of group '%s' (pid %ld) "
                             "%s at Apache's stop", r->name, r->group,
                             (long)r->pid, w > 0
                             ? describe_wait(att.s->process->pool, st)
                             : "was already reaped");
                kept_free(r);
                continue;
            }
            if (apr_time_now() >= r->deadline) {
                kill_late(r);
                while (waitpid(r->pid, &st, 0) < 0 && errno == EINTR)
                    ;
                kept_free(r);
                continue;
            }
            left++;
        }
        if (!left)
            return APR_SUCCESS;
        apr_sleep(apr_time_from_msec(10));
    }
}

/* ---- starting ---------------------------------------------------------- */

static gw_attach *find_config(const gw_attach_kept *r)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        gw_attach *a = list[i];
        if (!a->k && !strcmp(a->group->name, r->group)
            && !strcmp(a->name, r->name))
            return a;
    }
    return NULL;
}

static void adopt(gw_attach *a, gw_attach_kept *r)
{
    a->k = r;
    r->state = GW_ATTACH_RUNNING;
    a->proc.pid = r->pid;
    /* The new configuration may name other scripts: compare with these
     * from now on (the restart itself brings new code by reload-signal,
     * as configured). */
    r->stamp = code_stamp(a);
    gw_exitinfo_watch(r->pid);
    apr_proc_other_child_register(&a->proc, attach_maintenance, a, NULL,
                                  att.pconf);
    /* One still in its back-off delay has not run the command yet. */
    int sent = a->reload_signal && apr_time_now() >= r->started
               && signal_pid(r->pid, a->reload_signal) == 0;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02056)
                 "attached process '%s' of group '%s' (pid %ld) kept across "
                 "the restart (configuration unchanged)%s", a->name,
                 a->group->name, (long)r->pid, sent
                 ? apr_psprintf(att.pconf, "; sent it reload-signal SIG%s",
                                gw_sig_name(a->reload_signal)) : "");
}

static void retire(gw_attach_kept *r, const char *why)
{
    r->state = GW_ATTACH_STOPPING;
    r->deadline = apr_time_now() + r->stop_timeout + GW_ATTACH_KILL_GRACE;
    signal_pid(r->pid, r->stop_signal);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02057)
                 "attached process '%s' of group '%s' (pid %ld) %s in the "
                 "new configuration; stopping it with SIG%s (stop-timeout "
                 "%ld s)", r->name, r->group, (long)r->pid, why,
                 gw_sig_name(r->stop_signal),
                 (long)apr_time_sec(r->stop_timeout));
    watch_stopping(r);
}

int gw_attach_start(apr_pool_t *pconf, server_rec *s)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int n = gw_global->attached->nelts;

    att.pconf = pconf;
    att.s = s;
    att.parent = getpid();
    att.log_level = gw_spawn_log_level(s);
    /* gateway-attach sits next to gateway-daemon. */
    att.runner = gw_exe_sibling(pconf, GW_ATTACH_RUNNER);

    if (n > 0) {
        int err = 0;
        int fd = runner_open(&err);
        if (fd < 0) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, err, s, GWLOGNO(02062)
                         "WSGIAttachDaemon (%s): runner %s is missing or "
                         "not executable by all; run 'make install' (it is "
                         "installed next to gateway-daemon, in "
                         "GatewayDaemonPath's directory)",
                         list[0]->defined_at, att.runner);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        close(fd);
    }
    for (int i = 0; i < n; i++)
        attach_prepare(pconf, list[i]);

    /* Registered before the other_child registrations below, so those
     * are gone when it runs. */
    apr_pool_cleanup_register(pconf, NULL, attach_generation_end,
                              apr_pool_cleanup_null);

    /* What the previous generation left running. */
    apr_array_header_t *l = kept_list();
    gw_attach_kept **kv = (gw_attach_kept **)l->elts;
    for (int i = 0; i < l->nelts; i++) {
        gw_attach_kept *r = kv[i];
        if (r->state != GW_ATTACH_FREE && r->pid <= 0)
            kept_free(r);
        else if (r->state == GW_ATTACH_HANDOVER
                 || r->state == GW_ATTACH_RUNNING) {
            gw_attach *a = find_config(r);
            if (a && !strcmp(a->signature, r->signature))
                adopt(a, r);
            else
                retire(r, a ? "has a changed configuration"
                            : "is no longer configured");
        }
        else if (r->state == GW_ATTACH_STOPPING) {
            watch_stopping(r);
            if (apr_time_now() >= r->deadline)
                kill_late(r);
        }
    }
    /* A changed one starts anew while its old process stops. */
    for (int i = 0; i < n; i++) {
        if (list[i]->k)
            continue;
        list[i]->k = kept_new();
        attach_proc_start(list[i], 0);
    }
    return OK;
}

/* ---- new code: restart-file= and script changes ------------------------ */

void gw_attach_code_check(const gw_group *g)
{
    gw_attach **list;
    apr_time_t now = apr_time_now();

    if (!att.s || getpid() != att.parent || !gw_global)
        return;
    list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        gw_attach *a = list[i];
        gw_attach_kept *r = a->k;
        if ((g && a->group != g) || !r || r->state != GW_ATTACH_RUNNING
            || r->restarting || r->pid <= 0)
            continue;
        apr_uint64_t stamp = code_stamp(a);
        if (stamp == r->stamp)
            continue;
        r->stamp = stamp;
        if (now < r->started)
            continue;   /* still in its back-off delay: starts the new code */
        /* As on Apache's stop: the stop signal lets a running task finish
         * (Celery's warm shutdown), the runner kills the command at
         * stop-timeout; then attach_maintenance starts it again. */
        r->restarting = 1;
        r->deadline = now + r->stop_timeout + GW_ATTACH_KILL_GRACE;
        signal_pid(r->pid, r->stop_signal);
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, att.s, GWLOGNO(02063)
                     "restart-file= or a script of group '%s' changed: "
                     "restarting its attached process '%s' (pid %ld): sent "
                     "it SIG%s, it is started again once it has exited "
                     "(stop-timeout %ld s)", a->group->name, a->name,
                     (long)r->pid, gw_sig_name(r->stop_signal),
                     (long)apr_time_sec(r->stop_timeout));
    }
}

void gw_attach_monitor(void)
{
    gw_attach **list;
    apr_time_t now = apr_time_now();

    if (!att.s || getpid() != att.parent || !gw_global)
        return;
    /* Also without a request reaching the web processes, which notice a
     * change only then. */
    gw_attach_code_check(NULL);
    list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        gw_attach_kept *r = list[i]->k;
        if (r && r->state == GW_ATTACH_RUNNING && r->restarting
            && now >= r->deadline)
            kill_late(r);
    }
}
