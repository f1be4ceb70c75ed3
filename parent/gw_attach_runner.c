/*
 * gw_attach_runner.c - what an attached process's runner gets: its argv,
 * environment and signature, the code files whose change restarts it,
 * and how to say how it ended (see gw_attach_runner.h).
 *
 * Runs in the Apache parent, as root (post_config, and a worker file read
 * again on a code change).
 */
#include "gw_attach_runner.h"
#include "gw_spawn.h"
#include "gw_log.h"

#include "http_config.h"
#include "apr_strings.h"
#include "apr_sha1.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* This generation's runner settings (gw_attach_runner_set). */
static struct {
    server_rec *s;
    const char *runner;
    int log_level;
} run;

void gw_attach_runner_set(server_rec *s, const char *runner, int log_level)
{
    run.s = s;
    run.runner = runner;
    run.log_level = log_level;
}

/* ---- what the runner gets ---------------------------------------------- */

apr_interval_time_t gw_attach_stop_timeout(const gw_attach *a)
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
apr_array_header_t *gw_attach_code_files(apr_pool_t *p, const gw_group *g)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(const char *));
    server_rec *main_s = run.s;

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

/* The time stamps of code files, hashed (FNV-1a): any change, to an
 * earlier time too, or a file appearing or going, gives another value. */
apr_uint64_t gw_attach_code_stamp(const apr_array_header_t *files)
{
    apr_uint64_t h = 14695981039346656037ULL;
    struct stat st;

    for (int i = 0; files && i < files->nelts; i++) {
        const char *f = APR_ARRAY_IDX(files, i, const char *);
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
void gw_attach_prepare(apr_pool_t *p, gw_attach *a)
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
        (long)apr_time_sec(gw_attach_stop_timeout(a))));
#undef ENV

    /* Everything so far, and the identity the process gets. */
    apr_sha1_ctx_t ctx;
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    apr_sha1_init(&ctx);
    /* (APR's formatter knows no %lld: the 64-bit format, cast.) */
    const char *ids = apr_psprintf(p, "%s|%ld|%ld|%s|%d|%d|%" APR_INT64_T_FMT
        "|%" APR_INT64_T_FMT "|%" APR_INT64_T_FMT, run.runner, (long)g->uid,
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
                                                run.log_level);
    *(char **)apr_array_push(ev) = NULL;
    a->envp = (char **)ev->elts;
    a->code_files = gw_attach_code_files(p, g);
}

/* ---- exits ------------------------------------------------------------- */

/* How the runner ended: how and status as gw_exitinfo_take() or the MPM
 * give them (see gw_spawn_describe_end, which covers the rest).  The
 * runner exits 0 or a GW_ATTACH_EXIT_* status; 100..113 come from the
 * spawn steps. */
const char *gw_attach_describe(apr_pool_t *p, gw_end_how how, int status)
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

const char *gw_attach_describe_wait(apr_pool_t *p, int st)
{
    return WIFSIGNALED(st)
           ? gw_attach_describe(p, GW_END_SIGNALED, WTERMSIG(st))
           : gw_attach_describe(p, GW_END_EXITED, WEXITSTATUS(st));
}

