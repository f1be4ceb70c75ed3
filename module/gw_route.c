/*
 * gw_route.c - from a URL to a script and the names of its groups (see
 * gw_route.h).  Runs in Apache children.
 */
#include "gw_route.h"
#include "gw_config.h"
#include "gw_handler.h"

#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "apr_strings.h"

#include <stdlib.h>
#include <string.h>

APLOG_USE_MODULE(gateway);

/* ---- translate_name: WSGIScriptAlias -------------------------------- */

int gw_translate_name(request_rec *r)
{
    gw_server_conf *sc = ap_get_module_config(r->server->module_config,
                                              &gateway_module);
    gw_alias *a = (gw_alias *)sc->aliases->elts;

    if (r->uri[0] != '/')
        return DECLINED;
    for (int i = 0; i < sc->aliases->nelts; i++) {
        const char *path = a[i].path;
        apr_ssize_t m;
        if (a[i].regex) {
            ap_regmatch_t rm[AP_MAX_REG_MATCH];
            if (ap_regexec(a[i].regex, r->uri, AP_MAX_REG_MATCH, rm, 0))
                continue;
            path = ap_pregsub(r->pool, a[i].path, r->uri, AP_MAX_REG_MATCH,
                              rm);
            if (!path)
                continue;
            m = rm[0].rm_eo;
        }
        else if ((m = gw_mount_match(r->uri, a[i].url)) < 0)
            continue;
        /* Like mod_alias's ScriptAlias: the rest of the URL goes after the
         * script path (or into a directory of scripts) and the core's
         * directory walk splits what is not a file off as PATH_INFO, so
         * <Directory> blocks for the script apply. */
        r->filename = apr_pstrcat(r->pool, path, r->uri + m, NULL);
        r->handler = GW_HANDLER_NAME;
        ap_set_module_config(r->request_config, &gateway_module, &a[i]);
        return OK;
    }
    return DECLINED;
}


/* ---- names: process group, application group ------------------------ */

static const char *server_group_name(request_rec *r)
{
    const char *host = r->server->server_hostname;
    apr_port_t port = ap_get_server_port(r);
    /* Ports 80 and 443 are one site: HTTP and HTTPS share an interpreter. */
    if (port == 80 || port == 443)
        return host;
    return apr_psprintf(r->pool, "%s:%u", host, (unsigned)port);
}

const char *gw_route_expand_name(request_rec *r, const char *v,
                                 const char *script_name, const char **err)
{
    if (v[0] != '%' || v[1] != '{')
        return v;
    if (!strcmp(v, "%{GLOBAL}"))
        return "";
    if (!strcmp(v, "%{SERVER}"))
        return server_group_name(r);
    if (!strcmp(v, "%{RESOURCE}"))
        return apr_pstrcat(r->pool, server_group_name(r), "|", script_name,
                           NULL);
    if (!strncmp(v, "%{ENV:", 6) && v[strlen(v) - 1] == '}') {
        const char *var = apr_pstrndup(r->pool, v + 6, strlen(v) - 7);
        const char *val = apr_table_get(r->subprocess_env, var);
        if (!val)
            val = apr_table_get(r->notes, var);
        if (!val)
            val = getenv(var);
        return val ? val : "";
    }
    if (!strcmp(v, "%{HOST}")) {
        /* mod_wsgi: the request's Host, else ServerName, with the port
         * unless 80 or 443 */
        const char *h = r->hostname && *r->hostname ? r->hostname
                      : r->server->server_hostname;
        apr_port_t port = ap_get_server_port(r);
        return port == 80 || port == 443 ? h
               : apr_psprintf(r->pool, "%s:%u", h, (unsigned)port);
    }
    /* Any other form is a literal name, as in mod_wsgi (reviewboard's
     * application-group=%{GROUP}, matching its WSGIImportScript's). */
    (void)err;
    return v;
}


/* mod_wsgi's wsgi_callable_object(): a literal name stays; %{ENV:var} is
 * the variable's value (request notes, then the CGI environment, then
 * Apache's own), or "application" when it is unset, as is any other
 * %... form.  For WSGICallableObject and a dispatch script's
 * callable_object() (callable-object= is literal, as in mod_wsgi). */
const char *gw_route_expand_callable(request_rec *r, const char *s)
{
    size_t n = strlen(s);

    if (s[0] != '%')
        return s;
    if (!strncmp(s, "%{ENV:", 6) && n > 7 && s[n - 1] == '}') {
        const char *var = apr_pstrndup(r->pool, s + 6, n - 7);
        const char *v = apr_table_get(r->notes, var);
        if (!v)
            v = apr_table_get(r->subprocess_env, var);
        if (!v)
            v = getenv(var);
        if (v)
            return v;
    }
    return "application";
}


/* ---- the daemon group ------------------------------------------------ */

/* Whether r may use g: a group defined inside a VirtualHost is that
 * site's alone (mod_wsgi), so another site naming it, say through
 * .htaccess, is refused; so is a group WSGIRestrictProcess leaves out.
 * OK or the HTTP status (logged). */
static int group_allowed(request_rec *r, const gw_group *g)
{
    gw_dir_conf *dc = ap_get_module_config(r->per_dir_config,
                                           &gateway_module);

    if (g->vhost && strcasecmp(g->vhost->server_hostname,
                               r->server->server_hostname)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01031)
                      "process group '%s' (defined at %s for ServerName %s) "
                      "may not serve ServerName %s; define the group at "
                      "global scope to share it", g->name, g->defined_at,
                      g->vhost->server_hostname, r->server->server_hostname);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (dc->restrict_groups) {
        int ok = 0;
        for (int i = 0; i < dc->restrict_groups->nelts && !ok; i++)
            ok = !strcmp(((const char **)dc->restrict_groups->elts)[i],
                         g->name);
        if (!ok) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01033)
                          "process group '%s' is not among those "
                          "WSGIRestrictProcess allows for %s; answering 403",
                          g->name, r->uri);
            return HTTP_FORBIDDEN;
        }
    }
    return OK;
}

int gw_route_group(request_rec *r, const char *pg, const char *what,
                   const char *script_name, gw_group **out)
{
    gw_server_conf *sc = ap_get_module_config(r->server->module_config,
                                              &gateway_module);
    const char *err = NULL;
    gw_group *g;

    *out = NULL;
    if (pg && strcmp(pg, "%{GLOBAL}") != 0) {
        const char *name = gw_route_expand_name(r, pg, script_name, &err);
        g = name ? gw_group_find(name) : NULL;
        if (!g) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01016)
                          "%s '%s' names no WSGIDaemonProcess%s%s", what,
                          pg, err ? ": " : "", err ? err : "");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    else
        g = sc->default_group ? sc->default_group : gw_global->main_default;
    if (!g || !g->socket_path)
        return OK;
    int status = group_allowed(r, g);
    if (status == OK)
        *out = g;
    return status;
}
