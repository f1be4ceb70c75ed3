/*
 * gw_handover_memfd.c - a group's hand-over, as the Apache parent makes
 * it for the group's daemon processes.
 *
 * Runs in the Apache parent (root), in post_config, before any of the
 * group's processes is started.
 */
#include "gw_handover_memfd.h"
#include "gw_handover.h"
#include "gw_memfd.h"
#include "gw_compat.h"
#include "gw_options.h"
#include "gw_log.h"

#include "http_log.h"
#include "apr_strings.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

static apr_status_t delegation_cleanup(void *data)
{
    gw_group *g = data;
    if (g->delegation_fd >= 0)
        close(g->delegation_fd);
    g->delegation_fd = -1;
    return APR_SUCCESS;
}

/* g's hand-over text (proto/gw_handover.h), from p: its options (the
 * option table, module/gw_options.c), what the parent adds, the scripts
 * delegated to it and its WSGIImportScript lines.  NULL after logging. */
static const char *handover_text(apr_pool_t *p, server_rec *s, gw_group *g,
                                 int log_level)
{
    apr_array_header_t *del = gw_config_delegated(p, s, g);
    apr_array_header_t *scripts = apr_array_make(p, 4, sizeof(char *));
    apr_array_header_t *dirs = apr_array_make(p, 4, sizeof(char *));
    apr_array_header_t *imports = apr_array_make(p, 2, sizeof(char *));
    gw_import_script *im = (gw_import_script *)gw_global->imports->elts;
    gw_handover h;
    const char *bad = NULL;

    memset(&h, 0, sizeof(h));
    gw_options_handover(g, &h);
    h.group = g->name;
    h.multiprocess = g->multiprocess;
    h.peer_uid = (long long)g->socket_uid;
    /* The daemon waits for its requests up to the longer timeout; the
     * supervisor enforces the one that applies (stop or reload). */
    h.shutdown_timeout = apr_time_sec(g->shutdown_timeout > g->graceful_timeout
                                      ? g->shutdown_timeout
                                      : g->graceful_timeout);
    /* What a stopping process can count on (its WebSockets are closed
     * before it, interp/gw_asgi_ws.py): it cannot tell a reload from a
     * stop. */
    h.kill_timeout = apr_time_sec(g->shutdown_timeout < g->graceful_timeout
                                  ? g->shutdown_timeout
                                  : g->graceful_timeout);
    h.log_level = log_level;
    h.script_reloading = gw_global->script_reloading;
    /* mod_wsgi's Python settings (module/gw_compat.h) */
    h.python_eggs = g->python_eggs;
    h.python_optimize = gw_python->optimize < 0 ? 0 : gw_python->optimize;
    h.python_hash_seed = gw_python->hash_seed;
    h.python_warnings = gw_python->warnings->nelts
        ? apr_array_pstrcat(p, gw_python->warnings, '\t') : NULL;
    h.dont_write_bytecode = gw_python->dont_write_bytecode == 1;
    h.restrict_stdin = gw_python->restrict_stdin == 1;
    h.restrict_stdout = gw_python->restrict_stdout == 1;
    h.restrict_signal = gw_python->restrict_signal != 0;
    /* script-user= / script-group= (module/gw_options.c): the daemon
     * checks each script it runs against the id; the name is for its
     * log lines (under chroot= it may not be able to look it up). */
    h.script_uid = g->script_user ? (long long)g->script_uid : -1;
    h.script_user = g->script_user;
    h.script_gid = g->script_group ? (long long)g->script_gid : -1;
    h.script_group = g->script_group;
    h.secret = g->secret;
    for (int i = 0; i < del->nelts; i++) {
        const char *line = APR_ARRAY_IDX(del, i, const char *);
        if (!strncmp(line, "script-dir ", 11))
            APR_ARRAY_PUSH(dirs, const char *) = line + 11;
        else if (!strncmp(line, "script ", 7))
            APR_ARRAY_PUSH(scripts, const char *) = line + 7;
    }
    for (int i = 0; i < gw_global->imports->nelts; i++)
        if (!strcmp(im[i].process_group, g->name))
            APR_ARRAY_PUSH(imports, const char *) = apr_pstrcat(p,
                im[i].application_group, "\t", im[i].path, NULL);
    h.scripts = (const char **)scripts->elts;
    h.nscripts = (size_t)scripts->nelts;
    h.script_dirs = (const char **)dirs->elts;
    h.nscript_dirs = (size_t)dirs->nelts;
    h.imports = (const char **)imports->elts;
    h.nimports = (size_t)imports->nelts;
    char *text = gw_handover_format(&h, &bad);
    if (!text) {
        if (bad)
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, GWLOGNO(02016)
                         "daemon group '%s': its %s setting is out of what "
                         "the hand-over carries (a bug: the option table "
                         "bounds it)", g->name, bad);
        return NULL;
    }
    const char *copy = apr_pstrdup(p, text);
    free(text);
    return copy;
}

const char *gw_handover_memfd_create(apr_pool_t *p, server_rec *s,
                                     gw_group *g, int log_level)
{
    const char *text = handover_text(p, s, g, log_level);
    if (!text)
        return "out of memory, or a setting the hand-over cannot carry "
               "(see the line before)";
    const char *err;
    int fd = gw_memfd_private(p, "gateway-delegation", &err);
    if (fd < 0)
        return err;
    g->delegation_fd = fd;
    apr_pool_cleanup_register(p, g, delegation_cleanup,
                              apr_pool_cleanup_null);
    /* Sealed: a daemon (running the app's code) cannot rewrite what its
     * sibling processes will read at their next start. */
    return gw_memfd_fill_seal(p, fd, text, strlen(text), F_SEAL_SHRINK
                              | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
}
