/*
 * gw_compat.c - mod_wsgi directives with a daemon-mode meaning, or none
 * (see gw_compat.h).  Runs at config time in the Apache parent.
 */
#include "gw_compat.h"
#include "gw_config.h"

#include "http_log.h"
#include "apr_strings.h"

#include <errno.h>
#include <stdlib.h>

APLOG_USE_MODULE(gateway);

gw_python_conf *gw_python;
apr_array_header_t *gw_noted_list;

void gw_compat_reset(apr_pool_t *pconf)
{
    gw_python = apr_pcalloc(pconf, sizeof(*gw_python));
    gw_python->optimize = -1;
    gw_python->dont_write_bytecode = -1;
    gw_python->restrict_stdin = -1;
    gw_python->restrict_stdout = -1;
    gw_python->restrict_signal = -1;
    gw_python->warnings = apr_array_make(pconf, 2, sizeof(const char *));
    gw_noted_list = apr_array_make(pconf, 4, sizeof(gw_noted));
}

void gw_compat_note(apr_pool_t *p, const char *what, const char *why,
                    const char *defined_at)
{
    gw_noted *n = apr_array_push(gw_noted_list);
    n->what = apr_pstrdup(p, what);
    n->why = why;
    n->defined_at = defined_at;
}

static const char *at(cmd_parms *cmd)
{
    if (!cmd->directive)
        return "(unknown)";
    return apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                        cmd->directive->line_num);
}

static const char *flag(cmd_parms *cmd, const char *v, int *out)
{
    if (!strcasecmp(v, "on"))
        *out = 1;
    else if (!strcasecmp(v, "off"))
        *out = 0;
    else
        return apr_psprintf(cmd->pool, "GW00108: %s: '%s' is not On or Off",
                            cmd->cmd->name, v);
    return NULL;
}

/* mod_wsgi's check: "random" or a number Python takes as a seed. */
static int hash_seed_ok(const char *v)
{
    char *end;
    if (!strcmp(v, "random"))
        return 1;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    return *v >= '0' && *v <= '9' && !*end && !errno && n <= 4294967295ULL;
}

static const char *path_value(cmd_parms *cmd, const char *v, int absolute)
{
    if (strchr(v, '\n') || strchr(v, '\t') || (absolute && v[0] != '/'))
        return apr_psprintf(cmd->pool, "GW00101: %s %s: %s", cmd->cmd->name,
                            v, absolute ? "must be an absolute path"
                                        : "holds a newline or a tab");
    return NULL;
}

const char *gw_compat_python(cmd_parms *cmd, void *dc, const char *v)
{
    (void)dc;
    const char *n = cmd->cmd->name;
    /* As mod_wsgi: one Python set-up for the whole server. */
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err)
        return err;
    gw_python_conf *py = gw_python;
    if (!strcmp(n, "WSGIPythonHome")) {
        py->home_at = at(cmd);
        return (err = path_value(cmd, v, 1)) ? err : (py->home = v, NULL);
    }
    if (!strcmp(n, "WSGIPythonPath")) {
        py->path_at = at(cmd);
        return (err = path_value(cmd, v, 0)) ? err : (py->path = v, NULL);
    }
    if (!strcmp(n, "WSGIPythonEggs")) {
        py->eggs_at = at(cmd);
        return (err = path_value(cmd, v, 0)) ? err : (py->eggs = v, NULL);
    }
    if (!strcmp(n, "WSGIPythonHashSeed")) {
        if (!hash_seed_ok(v))
            return apr_psprintf(cmd->pool, "GW00102: WSGIPythonHashSeed %s: "
                                "must be \"random\" or a whole number from 0 "
                                "to 4294967295", v);
        py->hash_seed = v;
        py->hash_seed_at = at(cmd);
        return NULL;
    }
    if (!strcmp(n, "WSGIPythonOptimize")) {
        if (strcmp(v, "0") && strcmp(v, "1") && strcmp(v, "2"))
            return apr_psprintf(cmd->pool, "GW00103: WSGIPythonOptimize %s: "
                                "must be 0, 1 or 2 (python -O, -OO)", v);
        py->optimize = v[0] - '0';
        py->optimize_at = at(cmd);
        return NULL;
    }
    if (!strcmp(n, "WSGIPythonWarnings")) {
        if ((err = path_value(cmd, v, 0)))
            return err;
        *(const char **)apr_array_push(py->warnings) = v;
        return NULL;
    }
    if (!strcmp(n, "WSGIDontWriteBytecode")) {
        py->dont_write_bytecode_at = at(cmd);
        return flag(cmd, v, &py->dont_write_bytecode);
    }
    if (!strcmp(n, "WSGIRestrictStdin"))
        return flag(cmd, v, &py->restrict_stdin);
    if (!strcmp(n, "WSGIRestrictStdout"))
        return flag(cmd, v, &py->restrict_stdout);
    return flag(cmd, v, &py->restrict_signal);
}

/* Why each accepted directive has no effect here. */
static const struct { const char *name, *why; } reasons[] = {
    { "WSGISocketRotation", "each configuration generation gets sockets of "
      "its own; the names are not configurable" },
    { "WSGIAcceptMutex", "daemon processes share one listening socket and "
      "the kernel hands each connection to one of them: there is no accept "
      "mutex" },
    { "WSGILazyInitialization", "Python never runs in Apache's processes: "
      "each daemon process initialises it after it has become its user" },
    { "WSGIVerboseDebugging", "use LogLevel debug (or LogLevel gateway:"
      "debug) for the module's and the daemons' debug lines" },
    { "WSGIDestroyInterpreter", "a daemon process's interpreters end with "
      "the process, which exits after its requests" },
    { "WSGIRestrictEmbedded", "there is no embedded mode: every request "
      "runs in a daemon process, as with WSGIRestrictEmbedded On" },
    { "WSGICaseSensitivity", "script paths are compared as the file system "
      "spells them (Linux: case-sensitive)" },
    { "WSGIPassApacheRequest", "the request object lives in the Apache "
      "child; the daemon cannot be given it (no apache.request_rec)" },
    { "WSGIErrorOverride", "the application's error responses are passed "
      "as it wrote them" },
    { "WSGIMapHEADToGET", "HEAD reaches the application as HEAD" },
    { "WSGIIgnoreActivity", "every request counts as activity for "
      "inactivity-timeout=" },
    { "WSGIEnableSendfile", "a wsgi.file_wrapper's file goes to the Apache "
      "child, which sends it with sendfile() unless EnableSendfile is Off" },
    { "WSGIGroupAuthoritative", "on Apache 2.4 the Require lines decide "
      "(mod_wsgi 4.9.4 ignores it there too): combine Require wsgi-group "
      "with others in <RequireAny> or <RequireAll>" },
    { "WSGIServerMetrics", "the status page (SetHandler gateway-status) and "
      "mod_status's section always have the daemons' metrics" },
    { "WSGINewRelicConfigFile", "removed in mod_wsgi 4: configure the New "
      "Relic agent in the application" },
    { "WSGINewRelicEnvironment", "removed in mod_wsgi 4: configure the New "
      "Relic agent in the application" },
    { NULL, NULL }
};

const char *gw_compat_noted(cmd_parms *cmd, void *dc, const char *args)
{
    (void)dc;
    const char *why = "";
    for (int i = 0; reasons[i].name; i++)
        if (!strcmp(reasons[i].name, cmd->cmd->name))
            why = reasons[i].why;
    /* .htaccess, read per request, has no configtest: the notice is for
     * the configuration files, read into pconf. */
    if (cmd->pool == cmd->server->process->pconf)
        gw_compat_note(cmd->pool, apr_pstrcat(cmd->pool, cmd->cmd->name,
                                              " ", args, NULL), why, at(cmd));
    return NULL;
}

void gw_compat_diagnose(server_rec *s)
{
    gw_noted *n = (gw_noted *)gw_noted_list->elts;
    for (int i = 0; i < gw_noted_list->nelts; i++)
        ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s, GWLOGNO(00100)
                     "%s at %s: accepted, no effect here: %s", n[i].what,
                     n[i].defined_at, n[i].why);
}

const char *gw_compat_source(const char *option)
{
    if (!strcmp(option, "python-home"))
        return apr_pstrcat(gw_noted_list->pool, "WSGIPythonHome at ",
                           gw_python->home_at, NULL);
    if (!strcmp(option, "python-path"))
        return apr_pstrcat(gw_noted_list->pool, "WSGIPythonPath at ",
                           gw_python->path_at, NULL);
    return apr_pstrcat(gw_noted_list->pool, "WSGIPythonEggs at ",
                       gw_python->eggs_at, NULL);
}

void gw_compat_inherit(gw_group *g)
{
    if (!g->python_home && gw_python->home) {
        g->python_home = gw_python->home;
        g->from_global |= GW_FROM_HOME;
    }
    if (!g->python_path && gw_python->path) {
        g->python_path = gw_python->path;
        g->from_global |= GW_FROM_PATH;
    }
    if (!g->python_eggs && gw_python->eggs) {
        g->python_eggs = gw_python->eggs;
        g->from_global |= GW_FROM_EGGS;
    }
}
