/*
 * gw_dispatch.c - WSGIDispatchScript (see gw_dispatch.h).  Runs in
 * Apache children.
 *
 * mod_wsgi 4.9.4 (wsgi_execute_dispatch, wsgi_hook_handler): the
 * functions are called for every request the handler takes, after the
 * configuration chose the group, interpreter and callable and before the
 * request goes to the group; nothing of their answers is kept for the
 * next request.  Each name is taken as the configuration's would be:
 *   process group       %{GLOBAL} or "" the server's implicit group
 *                       (mod_wsgi: embedded mode, which does not exist
 *                       here), other %{...} forms expanded, else a
 *                       WSGIDaemonProcess name
 *   application group   expanded as WSGIApplicationGroup's
 *   callable object     a literal name; %{ENV:var} the variable's value
 *                       (or "application" when unset), any other %...
 *                       "application", as mod_wsgi's
 *                       wsgi_callable_object()
 */
#include "gw_dispatch.h"
#include "gw_config.h"
#include "gw_hookcall.h"
#include "gw_modwsgi_env.h"
#include "gw_route.h"

#include "http_config.h"
#include "http_log.h"
#include "apr_strings.h"

#include <stdlib.h>
#include <string.h>

APLOG_USE_MODULE(gateway);

/* The functions' environ: the request's CGI variables, and the
 * mod_wsgi.* ones the Apache child adds (on a copy: the request's are
 * set again, later, for the group it goes to) but those about the
 * hand-over to the group, which has not begun (mod_wsgi sets them after
 * the dispatch too). */
static apr_table_t *dispatch_env(request_rec *r, const char *handler_script)
{
    apr_table_t *saved = r->subprocess_env;

    r->subprocess_env = apr_table_copy(r->pool, saved);
    gw_modwsgi_env_set(r, handler_script);
    apr_table_t *env = r->subprocess_env;
    r->subprocess_env = saved;
    static const char *const drop[] = {
        "mod_wsgi.queue_start", "mod_wsgi.daemon_connects",
        "mod_wsgi.daemon_restarts", NULL
    };
    for (int i = 0; drop[i]; i++)
        apr_table_unset(env, drop[i]);
    return env;
}

/* The group process_group() named: the same checks as a per-request
 * WSGIProcessGroup (gw_route_group: defined, this virtual host's to use,
 * allowed by WSGIRestrictProcess).  OK or the status (logged). */
static int dispatch_group(request_rec *r, const gw_auth_script *ds,
                          const char *name, const char *script_name,
                          gw_group **g)
{
    const char *what = apr_pstrcat(r->pool, "WSGIDispatchScript ", ds->path,
                                   ": process_group()", NULL);
    gw_group *chosen = NULL;
    int status = gw_route_group(r, *name ? name : "%{GLOBAL}", what,
                                script_name, &chosen);

    if (status != OK)
        return status;
    if (!chosen) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01130)
                      "%s returned '%s' for %s, and no daemon group serves "
                      "that here (%%{GLOBAL} and \"\" mean the server's "
                      "implicit group, which exists only when a mount of "
                      "the server names no group): return a "
                      "WSGIDaemonProcess name", what, name, r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    *g = chosen;
    return OK;
}

/* What the functions answered, applied in mod_wsgi's order.  OK or the
 * status (logged). */
static int dispatch_apply(request_rec *r, const gw_auth_script *ds,
                          const gw_hook_result *res, gw_group **g,
                          const char **app_group, const char **callable)
{
    const char *const *n = res->names;
    const char *script_name = apr_table_get(r->subprocess_env,
                                            "SCRIPT_NAME");
    const char *err = NULL;
    int status;

    if (!script_name)
        script_name = "";
    if (n[GW_NAME_PROCESS_GROUP]
        && (status = dispatch_group(r, ds, n[GW_NAME_PROCESS_GROUP],
                                    script_name, g)) != OK)
        return status;
    if (n[GW_NAME_APPLICATION_GROUP]) {
        const char *ag = gw_route_expand_name(r, n[GW_NAME_APPLICATION_GROUP],
                                              script_name, &err);
        if (!ag) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01131)
                          "WSGIDispatchScript %s: application_group() "
                          "returned '%s' for %s: %s", ds->path,
                          n[GW_NAME_APPLICATION_GROUP], r->uri,
                          err ? err : "not an application group name");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        *app_group = ag;
    }
    if (n[GW_NAME_CALLABLE_OBJECT]) {
        const char *c = gw_route_expand_callable(r, n[GW_NAME_CALLABLE_OBJECT]);
        /* Empty would travel as "no callable named": the default one. */
        if (!*c) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01132)
                          "WSGIDispatchScript %s: callable_object() "
                          "returned an empty name for %s; no script defines "
                          "one (mod_wsgi answers 500 too)", ds->path, r->uri);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        *callable = c;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, GWLOGNO(01133)
                  "WSGIDispatchScript %s: %s goes to group '%s', "
                  "interpreter '%s', callable '%s'", ds->path, r->uri,
                  (*g)->name, *app_group, *callable);
    return OK;
}

int gw_dispatch(request_rec *r, const char *handler_script, gw_group **g,
                const char **app_group, const char **callable)
{
    gw_dir_conf *dc = ap_get_module_config(r->per_dir_config,
                                           &gateway_module);
    const gw_auth_script *ds = dc->dispatch;
    gw_hook_result res;

    if (!ds)
        return OK;
    /* A failed call (logged, by the daemon with any traceback) is mod_wsgi's
     * 500; so is no answer at all: the request never goes elsewhere. */
    if (gw_hookcall_dispatch(r, ds, *g, dispatch_env(r, handler_script),
                             &res) != GW_HOOKCALL_ANSWERED
        || res.answer != GW_ANSWER_NAMES)
        return HTTP_INTERNAL_SERVER_ERROR;
    return dispatch_apply(r, ds, &res, g, app_group, callable);
}
