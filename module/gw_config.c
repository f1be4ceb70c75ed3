/*
 * gw_config.c - mod_wsgi's daemon-mode directives, parsed and checked.
 *
 * Runs at config time in the Apache parent.  Every mistake is reported
 * with the directive, the offending value and the fix; options mod_wsgi
 * has but we do not implement yet are refused by name, never ignored.
 */
#include "gw_config.h"
#include "gw_attach_config.h"
#include "gw_authconf.h"
#include "gw_options.h"    /* WSGIAttachDaemon's handler */
#include "gw_compat.h"

#include "http_log.h"
#include "http_core.h"
#include "http_main.h"
#include "unixd.h"
#include "apr_strings.h"

#include <grp.h>
#include <limits.h>

#include "util_cfgtree.h"
#include <pwd.h>
#include <stdlib.h>

gw_globals *gw_global;

void gw_config_reset(apr_pool_t *pconf)
{
    gw_global = apr_pcalloc(pconf, sizeof(*gw_global));
    gw_global->groups = apr_array_make(pconf, 4, sizeof(gw_group *));
    /* attached daemons (parent/gw_attach.c) */
    gw_global->attached = apr_array_make(pconf, 2, sizeof(void *));
    gw_global->dir_groups = apr_array_make(pconf, 4, sizeof(gw_group_ref));
    gw_global->handler_scripts = apr_array_make(pconf, 2,
                                                sizeof(gw_handler_script));
    gw_global->script_reloading = 1;
    gw_global->imports = apr_array_make(pconf, 2, sizeof(gw_import_script));
    gw_global->duplicates = apr_array_make(pconf, 1, sizeof(gw_duplicate));
    gw_global->dir_settings = apr_array_make(pconf, 2,
                                             sizeof(gw_dir_setting));
    gw_compat_reset(pconf);
    gw_authconf_reset(pconf);
}

void *gw_create_server_conf(apr_pool_t *p, server_rec *s)
{
    gw_server_conf *c = apr_pcalloc(p, sizeof(*c));
    (void)s;
    c->aliases = apr_array_make(p, 2, sizeof(gw_alias));
    return c;
}

void *gw_merge_server_conf(apr_pool_t *p, void *basev, void *addv)
{
    gw_server_conf *base = basev, *add = addv;
    gw_server_conf *c = apr_pcalloc(p, sizeof(*c));

    /* Like mod_alias: a vhost's own mounts first, then the main server's. */
    c->aliases = apr_array_append(p, add->aliases, base->aliases);
    c->default_group = add->default_group ? add->default_group
                                          : base->default_group;
    return c;
}

void *gw_create_dir_conf(apr_pool_t *p, char *dir)
{
    (void)dir;
    gw_dir_conf *c = apr_pcalloc(p, sizeof(gw_dir_conf));
    c->pass_auth = -1;
    c->chunked = -1;
    c->internal_redirect = -1;
    return c;
}

void *gw_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    gw_dir_conf *base = basev, *add = addv;
    gw_dir_conf *c = apr_pcalloc(p, sizeof(*c));

    c->process_group = add->process_group ? add->process_group
                                          : base->process_group;
    c->application_group = add->application_group ? add->application_group
                                                  : base->application_group;
    c->callable = add->callable ? add->callable : base->callable;
    c->pass_auth = add->pass_auth >= 0 ? add->pass_auth : base->pass_auth;
    c->chunked = add->chunked >= 0 ? add->chunked : base->chunked;
    c->internal_redirect = add->internal_redirect >= 0
                           ? add->internal_redirect : base->internal_redirect;
    c->restrict_groups = add->restrict_groups ? add->restrict_groups
                                              : base->restrict_groups;
    c->proxy.headers = add->proxy.headers ? add->proxy.headers
                                          : base->proxy.headers;
    c->proxy.proxies = add->proxy.proxies ? add->proxy.proxies
                                          : base->proxy.proxies;
    c->auth_user = add->auth_user ? add->auth_user : base->auth_user;
    c->auth_group = add->auth_group ? add->auth_group : base->auth_group;
    c->access = add->access ? add->access : base->access;
    c->dispatch = add->dispatch ? add->dispatch : base->dispatch;
    return c;
}

gw_group *gw_group_find(const char *name)
{
    gw_group **g = (gw_group **)gw_global->groups->elts;
    for (int i = 0; i < gw_global->groups->nelts; i++)
        if (strcmp(g[i]->name, name) == 0)
            return g[i];
    return NULL;
}

static const char *where(cmd_parms *cmd)
{
    if (!cmd->directive)
        return "(unknown)";
    return apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                        cmd->directive->line_num);
}

/* A group with mod_wsgi's defaults, not yet in the group list. */
static gw_group *group_alloc(apr_pool_t *p, const char *name, const char *at)
{
    gw_group *g = apr_pcalloc(p, sizeof(*g));
    g->name = name;
    g->defined_at = at;
    gw_options_defaults(g);
    g->listen_fd = -1;
    g->delegation_fd = -1;
    g->options = apr_array_make(p, 4, sizeof(const char *));
    return g;
}

static gw_group *group_new(apr_pool_t *p, const char *name, const char *at)
{
    gw_group *g = group_alloc(p, name, at);
    g->index = gw_global->groups->nelts;
    *(gw_group **)apr_array_push(gw_global->groups) = g;
    return g;
}

static const char *cmd_daemon_process(cmd_parms *cmd, void *dc,
                                      const char *args)
{
    (void)dc;
    const char *name = ap_getword_conf(cmd->pool, &args);
    if (!*name)
        return "GW00033: WSGIDaemonProcess needs a group name";
    /* A repeated name (the web2py book's HTTPS vhost repeating the HTTP
     * vhost's group) is not an error here: Apache would stop at it and
     * hide every other diagnostic.  It is recorded for check_config
     * (GW00022 in gw_diagnose.c, which fails the configuration) and its
     * options are still checked, on a scratch group that goes in no list:
     * the name keeps meaning the first group. */
    int repeated = gw_group_find(name) != NULL;
    if (repeated) {
        gw_duplicate *dup = apr_array_push(gw_global->duplicates);
        dup->name = name;
        dup->defined_at = where(cmd);
        dup->server = cmd->server;
    }
    gw_group *g = repeated ? group_alloc(cmd->pool, name, where(cmd))
                           : group_new(cmd->pool, name, where(cmd));
    g->vhost = cmd->server->is_virtual ? cmd->server : NULL;

    /* user= decides group and home defaults: options apply in two passes
     * so "group=x user=y" means the same as "user=y group=x". */
    const char *rest = args;
    while (*rest) {
        const char *word = ap_getword_conf(cmd->pool, &rest);
        if (!strncmp(word, "group=", 6)) {
            const char *err = gw_options_resolve_group(cmd, g, word + 6);
            if (err)
                return err;
        }
    }
    while (*args) {
        const char *word = ap_getword_conf(cmd->pool, &args);
        const char *eq = strchr(word, '=');
        if (!*word)
            continue;
        if (!eq || eq == word)
            return apr_psprintf(cmd->pool, "GW00023: WSGIDaemonProcess %s: '%s' is "
                                "not of the form option=value", name, word);
        const char *opt = apr_pstrndup(cmd->pool, word, (apr_size_t)(eq - word));
        *(const char **)apr_array_push(g->options) = word;
        if (!strcmp(opt, "group"))
            continue;
        const char *err = gw_options_set(cmd, g, opt, eq + 1);
        if (err)
            return err;
    }
    return NULL;
}

const gw_handler_script *gw_handler_script_find(const char *name)
{
    gw_handler_script *h = (gw_handler_script *)
                           gw_global->handler_scripts->elts;
    for (int i = 0; i < gw_global->handler_scripts->nelts; i++)
        if (!strcmp(h[i].name, name))
            return &h[i];
    return NULL;
}

static const char *on_off(cmd_parms *cmd, const char *opt, const char *v,
                          int *out)
{
    if (!strcasecmp(v, "on"))
        *out = 1;
    else if (!strcasecmp(v, "off"))
        *out = 0;
    else
        return apr_psprintf(cmd->pool, "GW00035: %s: '%s' is not On or Off",
                            opt, v);
    return NULL;
}

/* WSGIScriptAlias and WSGIScriptAliasMatch (cmd->info non-NULL). */
static const char *cmd_script_alias(cmd_parms *cmd, void *dc,
                                    const char *args)
{
    (void)dc;
    int is_match = cmd->info != NULL;
    gw_server_conf *sc = ap_get_module_config(cmd->server->module_config,
                                              &gateway_module);
    const char *url = ap_getword_conf(cmd->pool, &args);
    const char *path = ap_getword_conf(cmd->pool, &args);
    if (!*url || !*path)
        return "GW00034: WSGIScriptAlias needs a URL path and a script file";
    if (url[0] != '/' && !is_match)
        return apr_psprintf(cmd->pool, "GW00024: WSGIScriptAlias %s: the URL path must "
                            "start with '/'", url);

    gw_alias *a = apr_array_push(sc->aliases);
    memset(a, 0, sizeof(*a));
    a->defined_at = where(cmd);
    a->server = cmd->server;
    a->pass_auth = -1;
    /* "/app/" and "/app" mount the same place; "/" stays "/". */
    size_t n = strlen(url);
    while (n > 1 && url[n - 1] == '/' && !is_match)
        n--;
    a->url = apr_pstrndup(cmd->pool, url, n);
    a->path = ap_server_root_relative(cmd->pool, path);
    if (!a->path || strchr(a->path, '\n'))
        return apr_psprintf(cmd->pool, "GW00025: WSGIScriptAlias %s: bad path %s",
                            url, path);
    if (is_match && !(a->regex = ap_pregcomp(cmd->pool, url, AP_REG_EXTENDED)))
        return apr_psprintf(cmd->pool, "GW00036: WSGIScriptAliasMatch %s: not "
                            "a valid regular expression", url);
    /* A directory of scripts, one per file (mod_wsgi: a path ending in
     * '/' or naming a directory). */
    apr_finfo_t fi;
    a->is_dir = !is_match && (path[strlen(path) - 1] == '/'
        || (apr_stat(&fi, a->path, APR_FINFO_TYPE, cmd->pool) == APR_SUCCESS
            && fi.filetype == APR_DIR));
    if (a->is_dir) {
        size_t pl = strlen(a->path);
        while (pl > 1 && a->path[pl - 1] == '/')
            pl--;
        a->path = apr_pstrndup(cmd->pool, a->path, pl);
    }

    while (*args) {
        const char *word = ap_getword_conf(cmd->pool, &args);
        if (!*word)
            continue;
        if (!strncmp(word, "process-group=", 14))
            a->process_group = word + 14;
        else if (!strncmp(word, "application-group=", 18))
            a->application_group = word + 18;
        else if (!strncmp(word, "callable-object=", 16))
            a->callable = word + 16;
        else if (!strncmp(word, "pass-authorization=", 19)) {
            const char *err = on_off(cmd, "pass-authorization", word + 19,
                                     &a->pass_auth);
            if (err)
                return err;
        }
        else
            return apr_psprintf(cmd->pool, "GW00027: WSGIScriptAlias %s: unknown "
                                "option '%s' (expected process-group=, "
                                "application-group=, callable-object= or "
                                "pass-authorization=)", url, word);
    }
    return NULL;
}

static const char *cmd_socket_prefix(cmd_parms *cmd, void *dc, const char *v)
{
    (void)dc;
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err)
        return err;
    gw_global->socket_prefix = ap_server_root_relative(cmd->pool, v);
    if (!gw_global->socket_prefix)
        return apr_psprintf(cmd->pool, "GW00028: WSGISocketPrefix: bad path %s", v);
    return NULL;
}

static const char *cmd_daemon_path(cmd_parms *cmd, void *dc, const char *v)
{
    (void)dc;
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    if (err)
        return err;
    gw_global->daemon_path = ap_server_root_relative(cmd->pool, v);
    return NULL;
}

static const char *cmd_dir_string(cmd_parms *cmd, void *dc, const char *v)
{
    gw_dir_conf *d = dc;
    size_t off = (size_t)cmd->info;
    *(const char **)((char *)d + off) = v;
    /* What follows is for configtest and DUMP_WSGI, in the parent.  An
     * .htaccess file is read per request in an Apache child, with the
     * request's pool: recording it in these configuration-lifetime lists
     * would grow them with every request (and from several threads). */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_RUN_MPM)
        return NULL;
    if (off == APR_OFFSETOF(gw_dir_conf, process_group)) {
        gw_group_ref *ref = apr_array_push(gw_global->dir_groups);
        ref->name = v;
        ref->defined_at = where(cmd);
        ref->server = cmd->server;
    }
    if (cmd->path && off != APR_OFFSETOF(gw_dir_conf, callable)) {
        const ap_directive_t *sec = cmd->directive ? cmd->directive->parent
                                                   : NULL;
        gw_dir_setting *ds = apr_array_push(gw_global->dir_settings);
        ds->directive = cmd->cmd->name;
        ds->value = v;
        ds->section = sec ? apr_pstrcat(cmd->pool, sec->directive, " ",
                                        sec->args, NULL)
                          : cmd->path;
        ds->defined_at = where(cmd);
        ds->server = cmd->server;
    }
    return NULL;
}

static const char *cmd_dir_flag(cmd_parms *cmd, void *dc, const char *v)
{
    size_t off = (size_t)cmd->info;
    return on_off(cmd, cmd->cmd->name, v, (int *)((char *)dc + off));
}

static const char *cmd_script_reloading(cmd_parms *cmd, void *dc,
                                        const char *v)
{
    (void)dc;
    /* mod_wsgi allows it in <Directory> and .htaccess (koji-hub writes
     * it in <Directory>).  Here reloading is a daemon's, not a
     * directory's: any setting in the configuration files sets it for
     * every group; .htaccess, read per request, cannot change it. */
    int flag = 1;
    const char *err = on_off(cmd, "WSGIScriptReloading", v, &flag);
    if (!err && cmd->pool == cmd->server->process->pconf)
        gw_global->script_reloading = flag;
    return err;
}

static const char *cmd_restrict_process(cmd_parms *cmd, void *dc,
                                        const char *v)
{
    gw_dir_conf *d = dc;
    if (!d->restrict_groups)
        d->restrict_groups = apr_array_make(cmd->pool, 2, sizeof(char *));
    *(const char **)apr_array_push(d->restrict_groups) = v;
    return NULL;
}

static const char *cmd_handler_script(cmd_parms *cmd, void *dc,
                                      const char *args)
{
    (void)dc;
    const char *name = ap_getword_conf(cmd->pool, &args);
    const char *path = ap_getword_conf(cmd->pool, &args);
    if (!*name || !*path)
        return "GW00037: WSGIHandlerScript needs a handler name and a script";
    if (gw_handler_script_find(name))
        return apr_psprintf(cmd->pool, "GW00038: WSGIHandlerScript %s is "
                            "defined twice", name);
    gw_handler_script *h = apr_array_push(gw_global->handler_scripts);
    memset(h, 0, sizeof(*h));
    h->name = name;
    h->path = ap_server_root_relative(cmd->pool, path);
    h->defined_at = where(cmd);
    if (!h->path || strchr(h->path, '\n'))
        return apr_psprintf(cmd->pool, "GW00039: WSGIHandlerScript %s: bad "
                            "path %s", name, path);
    while (*args) {
        const char *word = ap_getword_conf(cmd->pool, &args);
        if (!strncmp(word, "process-group=", 14))
            h->process_group = word + 14;
        else if (!strncmp(word, "application-group=", 18))
            h->application_group = word + 18;
        else if (*word)
            return apr_psprintf(cmd->pool, "GW00043: WSGIHandlerScript %s: "
                                "unknown option '%s' (expected "
                                "process-group= or application-group=)",
                                name, word);
    }
    return NULL;
}

static const char *cmd_import_script(cmd_parms *cmd, void *dc,
                                     const char *args)
{
    (void)dc;
    const char *path = ap_getword_conf(cmd->pool, &args);
    gw_import_script *im = apr_array_push(gw_global->imports);
    memset(im, 0, sizeof(*im));
    im->path = ap_server_root_relative(cmd->pool, path);
    im->defined_at = where(cmd);
    if (!*path || !im->path || strchr(im->path, '\n') || strchr(im->path,
                                                                  '\t'))
        return "GW00045: WSGIImportScript needs the script's path";
    while (*args) {
        const char *word = ap_getword_conf(cmd->pool, &args);
        if (!strncmp(word, "process-group=", 14))
            im->process_group = word + 14;
        else if (!strncmp(word, "application-group=", 18))
            im->application_group = word + 18;
        else if (*word)
            return apr_psprintf(cmd->pool, "GW00046: WSGIImportScript %s: "
                                "unknown option '%s' (expected "
                                "process-group= and application-group=)",
                                path, word);
    }
    /* mod_wsgi: both are required; the process group is a literal name
     * (there is no request at start to expand a form with), and the
     * application group is %{GLOBAL} or else taken as written, forms
     * included: reviewboard's application-group=%{GROUP} names the same
     * interpreter as the mount's, where mod_wsgi also takes an unknown
     * form literally (module/gw_route.c). */
    if (!im->process_group || !im->application_group
        || !*im->application_group || im->process_group[0] == '%')
        return apr_psprintf(cmd->pool, "GW00047: WSGIImportScript %s needs "
                            "process-group=NAME and application-group=NAME "
                            "(or %%{GLOBAL}): the process and interpreter "
                            "to load it into at start", path);
    if (!strcmp(im->application_group, "%{GLOBAL}"))
        im->application_group = "";
    return NULL;
}

static const char *cmd_proxy_header(cmd_parms *cmd, void *dc, const char *v)
{
    return gw_proxy_add_header(cmd->pool, &((gw_dir_conf *)dc)->proxy, v);
}

static const char *cmd_proxy(cmd_parms *cmd, void *dc, const char *v)
{
    return gw_proxy_add_proxy(cmd->pool, &((gw_dir_conf *)dc)->proxy, v);
}

const command_rec gw_directives[] = {
    AP_INIT_RAW_ARGS("WSGIDaemonProcess", cmd_daemon_process, NULL,
                     RSRC_CONF, "name [option=value ...]: a daemon group"),
    AP_INIT_RAW_ARGS("WSGIScriptAlias", cmd_script_alias, NULL, RSRC_CONF,
                     "url-path file-or-directory [process-group=] "
                     "[application-group=] [callable-object=] "
                     "[pass-authorization=]"),
    AP_INIT_RAW_ARGS("WSGIScriptAliasMatch", cmd_script_alias, (void *)1,
                     RSRC_CONF, "regex file-path-with-$1 [options as "
                     "WSGIScriptAlias]"),
    AP_INIT_RAW_ARGS("WSGIHandlerScript", cmd_handler_script, NULL,
                     RSRC_CONF, "handler-name script [process-group=] "
                     "[application-group=]"),
    AP_INIT_TAKE1("WSGIPassAuthorization", cmd_dir_flag,
                  (void *)APR_OFFSETOF(gw_dir_conf, pass_auth),
                  ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                  "On: pass the Authorization header as HTTP_AUTHORIZATION"),
    AP_INIT_TAKE1("WSGIChunkedRequest", cmd_dir_flag,
                  (void *)APR_OFFSETOF(gw_dir_conf, chunked),
                  ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                  "Off: answer chunked request bodies with 411"),
    AP_INIT_RAW_ARGS("WSGIImportScript", cmd_import_script, NULL, RSRC_CONF,
                     "script process-group=NAME application-group=NAME: "
                     "preload the script when the group's processes start"),
    AP_INIT_TAKE1("WSGIScriptReloading", cmd_script_reloading, NULL,
                  RSRC_CONF | OR_FILEINFO, "On (default): a daemon process whose WSGI "
                  "script changed recycles itself at the next request"),
    AP_INIT_TAKE1("GatewayInternalRedirect", cmd_dir_flag,
                  (void *)APR_OFFSETOF(gw_dir_conf, internal_redirect),
                  ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                  "On: a 200 response with a local Location (/path) is "
                  "served by an internal redirect, as CGI does (default "
                  "Off)"),
    AP_INIT_ITERATE("WSGIRestrictProcess", cmd_restrict_process, NULL,
                    ACCESS_CONF | RSRC_CONF,
                    "the process groups requests here may be delegated to"),
    AP_INIT_TAKE1("WSGISocketPrefix", cmd_socket_prefix, NULL, RSRC_CONF,
                  "path prefix of daemon sockets"),
    /* attached daemons: handler in parent/gw_attach.c */
    AP_INIT_RAW_ARGS("WSGIAttachDaemon", gw_attach_cmd, NULL, RSRC_CONF,
                     "process-group [name=] [stop-signal=] [reload-signal=] "
                     "[stop-timeout=] /command arg...: a non-web command "
                     "run and supervised with the group"),
    AP_INIT_TAKE1("GatewayDaemonPath", cmd_daemon_path, NULL, RSRC_CONF,
                  "path of the gateway-daemon executable"),
    AP_INIT_TAKE1("WSGIProcessGroup", cmd_dir_string,
                  (void *)APR_OFFSETOF(gw_dir_conf, process_group),
                  ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                  "daemon group that serves requests here"),
    AP_INIT_TAKE1("WSGIApplicationGroup", cmd_dir_string,
                  (void *)APR_OFFSETOF(gw_dir_conf, application_group),
                  ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                  "interpreter name (%{GLOBAL}, %{SERVER}, %{RESOURCE}, "
                  "%{ENV:var} or a literal)"),
    AP_INIT_TAKE1("WSGICallableObject", cmd_dir_string,
                  (void *)APR_OFFSETOF(gw_dir_conf, callable),
                  ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                  "name of the WSGI callable in the script"),
    AP_INIT_ITERATE("WSGITrustedProxyHeaders", cmd_proxy_header, NULL,
                    ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                    "proxy headers to believe (X-Forwarded-For, ...)"),
    AP_INIT_ITERATE("WSGITrustedProxies", cmd_proxy, NULL,
                    ACCESS_CONF | RSRC_CONF | OR_FILEINFO,
                    "addresses or networks of the trusted front-end proxies"),
    /* mod_wsgi's auth hooks, run in a daemon group (gw_authhook.h) */
    GW_AUTH_DIRECTIVES,
    /* mod_wsgi's others, each with its daemon-mode meaning or a notice */
    GW_COMPAT_DIRECTIVES,
    { NULL }
};

/* The directory part of a WSGIScriptAliasMatch target before its first
 * back-reference: every script it can name lies below. */
static const char *match_dir(apr_pool_t *p, const char *path)
{
    char *d = apr_pstrdup(p, path);
    char *dollar = strchr(d, '$');
    if (dollar)
        *dollar = '\0';
    char *slash = strrchr(d, '/');
    if (slash)
        slash[slash == d ? 1 : 0] = '\0';
    return d;
}

/* <Directory X> sections that hand files to the wsgi-script handler
 * (AddHandler or SetHandler): every script below X may be run. */
static void handler_dirs(apr_pool_t *p, const ap_directive_t *node,
                         const char *dir, apr_array_header_t *out)
{
    for (; node; node = node->next) {
        const char *d = dir;
        if (!strcasecmp(node->directive, "<Directory")) {
            const char *a = node->args;
            char *w = ap_getword_conf(p, &a);
            size_t n = strlen(w);
            if (n && w[n - 1] == '>')
                w[n - 1] = '\0';
            d = ap_server_root_relative(p, w);
        }
        if (d && (!strcasecmp(node->directive, "AddHandler")
                  || !strcasecmp(node->directive, "SetHandler"))
            && ap_strstr_c(node->args, "wsgi-script"))
            *(const char **)apr_array_push(out) =
                apr_pstrcat(p, "script-dir ", d, NULL);
        if (node->first_child)
            handler_dirs(p, node->first_child, d, out);
    }
}

apr_array_header_t *gw_config_delegated(apr_pool_t *p, server_rec *main_s,
                                        const gw_group *g)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(const char *));

    for (server_rec *s = main_s; s; s = s->next) {
        gw_server_conf *sc = ap_get_module_config(s->module_config,
                                                  &gateway_module);
        gw_alias *a = (gw_alias *)sc->aliases->elts;
        for (int i = 0; i < sc->aliases->nelts; i++) {
            const char *pg = a[i].process_group;
            int ours;
            /* No group of its own: a WSGIProcessGroup chooses it, perhaps
             * in an .htaccess file read only per request, so any group may
             * run it (it is still a script the configuration names). */
            if (!pg || !strcmp(pg, "%{GLOBAL}") || !strncmp(pg, "%{ENV:", 6))
                ours = 1;
            else
                /* A dispatch script may send it elsewhere. */
                ours = !strcmp(pg, g->name)
                       || gw_authconf_dispatch_may_send(s, g);
            if (!ours)
                continue;
            *(const char **)apr_array_push(out) =
                a[i].regex ? apr_pstrcat(p, "script-dir ",
                                         match_dir(p, a[i].path), NULL)
                : apr_pstrcat(p, a[i].is_dir ? "script-dir " : "script ",
                              a[i].path, NULL);
        }
    }
    gw_handler_script *h = (gw_handler_script *)
                           gw_global->handler_scripts->elts;
    for (int i = 0; i < gw_global->handler_scripts->nelts; i++) {
        const char *pg = h[i].process_group;
        if (!pg || pg[0] == '%' || !strcmp(pg, g->name)
            || gw_authconf_dispatch_may_send(NULL, g))
            *(const char **)apr_array_push(out) =
                apr_pstrcat(p, "script ", h[i].path, NULL);
    }
    handler_dirs(p, ap_conftree, NULL, out);
    gw_authconf_delegated(p, g, out);
    return out;
}

const char *gw_config_finish(apr_pool_t *pconf, server_rec *main_s)
{
    gw_group **gs;

    if (!gw_global->socket_prefix)
        gw_global->socket_prefix = ap_runtime_dir_relative(pconf, "wsgi");
    if (!gw_global->daemon_path)
        gw_global->daemon_path = GW_DAEMON_PATH;

    /* A server whose own mounts name no group, with no WSGIProcessGroup
     * at server level, gets an implicit group running as Apache's User:
     * there is no embedded mode.  The main server's also serves what has
     * no group anywhere else: mounts a virtual host inherits, AddHandler
     * wsgi-script, handler scripts, and WSGIProcessGroup %{GLOBAL}. */
    int main_needs = 0;
    gw_group_ref *refs = (gw_group_ref *)gw_global->dir_groups->elts;
    for (int i = 0; i < gw_global->dir_groups->nelts; i++)
        main_needs |= !strcmp(refs[i].name, "%{GLOBAL}");
    gw_handler_script *hs = (gw_handler_script *)
                            gw_global->handler_scripts->elts;
    for (int i = 0; i < gw_global->handler_scripts->nelts; i++)
        main_needs |= !hs[i].process_group;
    apr_array_header_t *hd = apr_array_make(pconf, 1, sizeof(char *));
    handler_dirs(pconf, ap_conftree, NULL, hd);
    main_needs |= hd->nelts > 0;
    /* An auth script without process-group= runs in the request's
     * group; one that may be asked for a request no group serves (a
     * static file, say) gets the main server's implicit one. */
    main_needs |= gw_authconf_need_default();
    for (server_rec *s = main_s; s; s = s->next) {
        gw_server_conf *sc = ap_get_module_config(s->module_config,
                                                  &gateway_module);
        gw_dir_conf *dc = ap_get_module_config(s->lookup_defaults,
                                               &gateway_module);
        gw_alias *a = (gw_alias *)sc->aliases->elts;
        int own = 0;
        for (int i = 0; i < sc->aliases->nelts; i++)
            if (a[i].server == s && (!a[i].process_group
                                     || !strcmp(a[i].process_group,
                                                "%{GLOBAL}")))
                own = 1;
        if (dc && dc->process_group)
            own = 0;        /* a server-level WSGIProcessGroup covers them */
        if (!(own || (s == main_s && main_needs)) || sc->default_group)
            continue;
        sc->default_group = group_new(pconf,
            apr_psprintf(pconf, "default:%s:%u",
                         s->server_hostname ? s->server_hostname : "*",
                         (unsigned)s->port),
            s->defn_name ? apr_psprintf(pconf, "%s:%u", s->defn_name,
                                        s->defn_line_number) : "(server)");
        sc->default_group->implicit = 1;
        if (s == main_s)
            gw_global->main_default = sc->default_group;
    }

    gs = (gw_group **)gw_global->groups->elts;
    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        gw_compat_inherit(g);
        if (!g->user_name) {
            g->user_name = ap_unixd_config.user_name;
            g->uid = ap_unixd_config.user_id;
            if (!g->group_name)
                g->gid = ap_unixd_config.group_id;
            struct passwd *pw = getpwuid(g->uid);
            if (!g->home)
                g->home = pw ? apr_pstrdup(pconf, pw->pw_dir) : "/";
        }
        if (g->uid == 0)
            return apr_psprintf(pconf, "GW00031: WSGIDaemonProcess %s (%s) would run "
                                "as root (Apache's User is root); set user= "
                                "to an unprivileged user", g->name,
                                g->defined_at);
        if (!g->socket_user) {
            g->socket_user = ap_unixd_config.user_name;
            g->socket_uid = ap_unixd_config.user_id;
        }
        if (!g->socket_timeout)
            g->socket_timeout = main_s->timeout;
    }
    return NULL;
}
