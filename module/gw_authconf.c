/*
 * gw_authconf.c - WSGIAuthUserScript, WSGIAuthGroupScript,
 * WSGIAccessScript and WSGIDispatchScript (see gw_authconf.h).
 */
#include "gw_authconf.h"
#include "gw_config.h"
#include "gw_mount.h"

#include "http_core.h"
#include "http_main.h"
#include "apr_strings.h"

#include <string.h>

static apr_array_header_t *scripts;      /* gw_auth_script, pconf */

void gw_authconf_reset(apr_pool_t *pconf)
{
    scripts = apr_array_make(pconf, 2, sizeof(gw_auth_script));
}

static const char *where(cmd_parms *cmd)
{
    if (!cmd->directive)
        return "(unknown)";
    return apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                        cmd->directive->line_num);
}

/* mod_wsgi's options (name=value), with process-group= ours. */
static const char *script_option(cmd_parms *cmd, gw_auth_script *as,
                                 const char *word)
{
    const char *n = cmd->cmd->name;

    if (!strncmp(word, "application-group=", 18) && word[18])
        as->application_group = word + 18;
    else if (!strncmp(word, "process-group=", 14) && word[14])
        as->process_group = word + 14;
    else if (!strncmp(word, "application-group=", 18)
             || !strncmp(word, "process-group=", 14))
        return apr_psprintf(cmd->pool, "GW00120: %s %s: '%s' needs a "
                            "name", n, as->path, word);
    else
        return apr_psprintf(cmd->pool, "GW00121: %s %s: unknown option "
                            "'%s' (expected process-group= or "
                            "application-group=)", n, as->path, word);
    return NULL;
}

/* Where the directive stands: a WSGIProcessGroup beside it in one of
 * the sections around it, and the innermost <Location>. */
static void script_place(cmd_parms *cmd, gw_auth_script *as)
{
    const ap_directive_t *d = cmd->directive ? cmd->directive->parent
                                             : NULL;

    for (; d; d = d->parent) {
        for (const ap_directive_t *c = d->first_child; c; c = c->next)
            as->section_group |= !strcasecmp(c->directive,
                                             "WSGIProcessGroup");
        if (!as->location && !strcasecmp(d->directive, "<Location")) {
            const char *a = d->args;
            char *w = ap_getword_conf(cmd->pool, &a);
            size_t n = strlen(w);
            if (n && w[n - 1] == '>')
                w[n - 1] = '\0';
            as->location = w;
        }
    }
}

const char *gw_authconf_script(cmd_parms *cmd, void *dc, const char *args)
{
    const char *path = ap_getword_conf(cmd->pool, &args);
    gw_auth_script *as = apr_pcalloc(cmd->pool, sizeof(*as));
    const char *err;

    as->directive = cmd->cmd->name;
    as->dispatch = !strcmp(cmd->cmd->name, "WSGIDispatchScript");
    as->defined_at = where(cmd);
    as->server = cmd->server;
    as->path = *path ? ap_server_root_relative(cmd->pool, path) : NULL;
    /* The path goes into the groups' hand-over, one line per script. */
    if (!as->path || strchr(as->path, '\n') || strchr(as->path, '\t'))
        return apr_psprintf(cmd->pool, "GW00122: %s needs the path of the "
                            "script (without a newline or a tab)",
                            cmd->cmd->name);
    while (*args) {
        const char *word = ap_getword_conf(cmd->pool, &args);
        if (*word && (err = script_option(cmd, as, word)))
            return err;
    }
    *(const gw_auth_script **)((char *)dc + (size_t)cmd->info) = as;
    /* .htaccess is read per request in an Apache child, with the
     * request's pool: it delegates nothing (gw_authconf.h). */
    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_RUN_MPM) {
        script_place(cmd, as);
        *(gw_auth_script *)apr_array_push(scripts) = *as;
    }
    return NULL;
}

void gw_authconf_delegated(apr_pool_t *p, const gw_group *g,
                           apr_array_header_t *out)
{
    const gw_auth_script *as = (const gw_auth_script *)scripts->elts;

    for (int i = 0; i < scripts->nelts; i++) {
        const char *pg = as[i].process_group;
        if (!pg || pg[0] == '%' || !strcmp(pg, g->name))
            *(const char **)apr_array_push(out) =
                apr_pstrcat(p, "script ", as[i].path, NULL);
    }
}

/* Is as's <Location> inside a mount of its server that names a group? */
static int in_grouped_mount(const gw_auth_script *as)
{
    gw_server_conf *sc = ap_get_module_config(as->server->module_config,
                                              &gateway_module);
    const gw_alias *a = (const gw_alias *)sc->aliases->elts;

    for (int i = 0; as->location && i < sc->aliases->nelts; i++)
        if (!a[i].regex && a[i].process_group
            && strcmp(a[i].process_group, "%{GLOBAL}")
            && gw_mount_match(as->location, a[i].url) >= 0)
            return 1;
    return 0;
}

int gw_authconf_dispatch_may_send(const server_rec *s, const gw_group *g)
{
    const gw_auth_script *as = (const gw_auth_script *)scripts->elts;

    if (s && g->vhost && strcasecmp(g->vhost->server_hostname,
                                    s->server_hostname))
        return 0;
    for (int i = 0; i < scripts->nelts; i++)
        if (as[i].dispatch
            && (!s || as[i].server == s || !as[i].server->is_virtual))
            return 1;
    return 0;
}

int gw_authconf_need_default(void)
{
    const gw_auth_script *as = (const gw_auth_script *)scripts->elts;

    for (int i = 0; i < scripts->nelts; i++) {
        const char *pg = as[i].process_group;
        if (pg && strcmp(pg, "%{GLOBAL}"))
            continue;
        /* A dispatch script runs only for a request some group serves
         * already: in that group, without process-group=. */
        if (!pg && as[i].dispatch)
            continue;
        gw_dir_conf *dc = ap_get_module_config(as[i].server->lookup_defaults,
                                               &gateway_module);
        if (!pg && (as[i].section_group || in_grouped_mount(&as[i])
                    || (dc && dc->process_group
                        && strcmp(dc->process_group, "%{GLOBAL}"))))
            continue;
        return 1;
    }
    return 0;
}

const apr_array_header_t *gw_authconf_scripts(void)
{
    return scripts;
}
