/*
 * gw_route.c - from a URL to a script and the names of its groups (see
 * gw_route.h).  Runs in Apache children.
 */
#include "gw_route.h"
#include "gw_config.h"
#include "gw_handler.h"

#include "http_config.h"
#include "http_core.h"
#include "http_request.h"
#include "apr_strings.h"

#include <stdlib.h>
#include <string.h>

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
