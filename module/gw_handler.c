/*
 * gw_handler.c - the request path in an Apache child: the handler hook.
 *
 *   gw_route.c   URL -> script, group names, the daemon group
 *                (gw_dispatch.c: or a WSGIDispatchScript's choice)
 *   here         the target of the request, CGI environ -> request
 *                packet (gw_packet.c), handed to a process of the
 *                group (gw_link.c), the body after it (gw_body.c), the
 *                response back (gw_relay.c),
 *                or a WebSocket's tunnel (gw_tunnel.c)
 * Runs in Apache children; never runs Python.
 */
#include "gw_handler.h"
#include "gw_body.h"
#include "gw_config.h"
#include "gw_dispatch.h"
#include "gw_link.h"
#include "gw_modwsgi_env.h"
#include "gw_packet.h"
#include "gw_proxy.h"
#include "gw_relay.h"
#include "gw_route.h"
#include "gw_slots.h"
#include "gw_tally.h"
#include "gw_tunnel.h"

#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_script.h"
#include "apr_strings.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

/* What the configuration says of this request. */
typedef struct {
    gw_group *g;
    const char *script;        /* the WSGI script to run */
    const char *app_group;     /* expanded */
    const char *callable;
    int chunked;               /* the body travels chunk-framed */
    int bodyless;              /* no body at all: its empty chunk goes with
                                * the packet and nothing is read */
    int websocket;             /* a checked WebSocket handshake */
} gw_target;

/* The request packet for t's group: the CGI variables and t's control
 * values (gw_packet.h). */
static int encode_request(request_rec *r, const gw_target *t, char **out,
                          apr_size_t *outlen)
{
    gw_control controls[5] = {
        { GW_VAR_SCRIPT, t->script }, { GW_VAR_APP_GROUP, t->app_group },
        { GW_VAR_CALLABLE, t->callable }
    };
    int n = 3;
    /* a WebSocket handshake the child checked (gw_tunnel.c) */
    if (t->websocket)
        controls[n++] = (gw_control){ GW_VAR_WEBSOCKET, "1" };
    controls[n] = (gw_control){ NULL, NULL };   /* the end of the list */
    return gw_packet_encode(r, r->subprocess_env, t->g, controls, out,
                            outlen);
}

/* The packet again with the connects and RETRYs the hand-over took so
 * far, for mod_wsgi.daemon_connects and mod_wsgi.daemon_restarts
 * (gw_link_repack). */
static int repack(request_rec *r, void *ctx, int connects, int restarts,
                  char **packet, apr_size_t *packet_len)
{
    gw_modwsgi_env_tries(r, connects, restarts);
    return encode_request(r, ctx, packet, packet_len);
}

/* The daemon group for r: the mount's process-group=, a handler
 * script's, WSGIProcessGroup, else the server's implicit group; and
 * whether r may use it.  OK or the HTTP status (logged). */
static int target_group(request_rec *r, const gw_alias *a,
                        const gw_handler_script *hs, const gw_dir_conf *dc,
                        const char *script_name, gw_group **out)
{
    const char *pg = (a && a->process_group) ? a->process_group
                   : (hs && hs->process_group) ? hs->process_group
                   : dc->process_group;
    int status = gw_route_group(r, pg, "WSGIProcessGroup", script_name,
                                out);

    if (status == OK && !*out) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01017)
                      "no daemon group serves %s: add process-group= to its "
                      "WSGIScriptAlias or a WSGIProcessGroup", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return status;
}

/* How the body travels: a body without a length up front (chunked)
 * travels chunk-framed, and so does no body at all: one empty chunk says
 * so.  OK or 411 (WSGIChunkedRequest Off). */
static int target_body(request_rec *r, const gw_dir_conf *dc, gw_target *t)
{
    const char *tenc = apr_table_get(r->headers_in, "Transfer-Encoding");
    int te = tenc != NULL;

    t->chunked = 1;
    /* Apache's core lets any list that ends in chunked through; only
     * plain chunked is undone here, so any other coding would reach the
     * application still coded.  501, as ap_setup_client_block and
     * mod_wsgi answer (RFC 9112 6.1). */
    if (te && ap_cstr_casecmp(tenc, "chunked")) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01090)
                      "request body in Transfer-Encoding \"%s\" refused: "
                      "only plain chunked is supported; answering 501",
                      tenc);
        return HTTP_NOT_IMPLEMENTED;
    }
    if (te) {
        if (dc->chunked == 0) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01032)
                          "chunked request body refused: WSGIChunkedRequest "
                          "Off; answering 411");
            return HTTP_LENGTH_REQUIRED;
        }
        apr_table_unset(r->subprocess_env, "CONTENT_LENGTH");
    }
    else if (apr_table_get(r->subprocess_env, "CONTENT_LENGTH"))
        t->chunked = 0;
    /* HTTP/1.x without Content-Length or Transfer-Encoding has no body
     * (RFC 9112 6.3): nothing is read from the client.  Not HTTP/2, whose
     * requests may carry DATA without either header. */
    t->bodyless = t->chunked && r->proto_num < HTTP_VERSION(2, 0) && !te;
    return OK;
}

/* Everything the configuration decides for r; the CGI environment is
 * built on the way.  OK or the HTTP status (logged). */
static int target_of(request_rec *r, const gw_handler_script *hs,
                     gw_target *t)
{
    gw_dir_conf *dc = ap_get_module_config(r->per_dir_config,
                                           &gateway_module);
    gw_alias *a = ap_get_module_config(r->request_config, &gateway_module);
    const char *err = NULL;
    int status;

    ap_add_common_vars(r);
    ap_add_cgi_vars(r);
    /* Apache's own PATH is none of the application's business. */
    apr_table_unset(r->subprocess_env, "PATH");
    gw_proxy_apply(r, &dc->proxy);
    const char *script_name = apr_table_get(r->subprocess_env, "SCRIPT_NAME");
    if (!script_name)
        script_name = "";

    if ((status = target_group(r, a, hs, dc, script_name, &t->g)) != OK)
        return status;
    int pass_auth = (a && a->pass_auth >= 0) ? a->pass_auth
                                             : dc->pass_auth == 1;
    const char *auth = apr_table_get(r->headers_in, "Authorization");
    if (pass_auth && auth)
        apr_table_setn(r->subprocess_env, "HTTP_AUTHORIZATION", auth);

    const char *ag = (a && a->application_group) ? a->application_group
                   : (hs && hs->application_group) ? hs->application_group
                   : dc->application_group ? dc->application_group
                   : "%{RESOURCE}";
    t->app_group = gw_route_expand_name(r, ag, script_name, &err);
    if (!t->app_group) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01018)
                      "WSGIApplicationGroup: %s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* mod_wsgi calls a WSGIHandlerScript's handle_request, whatever
     * WSGICallableObject says for the directory. */
    /* callable-object= is taken as it is written, WSGICallableObject
     * expanded (%{ENV:var}), as mod_wsgi does. */
    t->callable = hs ? "handle_request"
                : (a && a->callable) ? a->callable
                : dc->callable ? gw_route_expand_callable(r, dc->callable)
                : "application";
    t->script = hs ? hs->path : r->filename;
    return target_body(r, dc, t);
}

int gw_handler(request_rec *r)
{
    const gw_handler_script *hs = NULL;
    gw_target t;
    int status;

    if (!r->handler)
        return DECLINED;
    /* wsgi-script runs the file itself; a WSGIHandlerScript name runs its
     * script for the file (AddHandler NAME .ext). */
    if (strcmp(r->handler, GW_HANDLER_NAME)
        && !(hs = gw_handler_script_find(r->handler)))
        return DECLINED;
    if (r->finfo.filetype != APR_REG) {
        /* A 404, logged at info like the core's "File does not exist". */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, GWLOGNO(01015)
                      "WSGI script %s does not exist or is not a file",
                      r->filename);
        return HTTP_NOT_FOUND;
    }
    if ((status = target_of(r, hs, &t)) != OK
        || (status = gw_dispatch(r, hs ? hs->path : NULL, &t.g,
                                 &t.app_group, &t.callable)) != OK)
        return status;
    /* An ASGI group's WebSocket handshake: checked here, never passed on
     * as HTTP (gw_tunnel.h). */
    t.websocket = gw_tunnel_wanted(r, t.g);
    if (t.websocket && (status = gw_tunnel_check(r)) != OK)
        return status;

    char *packet;
    apr_size_t packet_len;
    gw_modwsgi_env_set(r, hs ? hs->path : NULL);
    if ((status = encode_request(r, &t, &packet, &packet_len)) != OK)
        return status;
    gw_tally_mark(r, t.g);
    const char *why;
    if (gw_slots_group_down(t.g, r->pool, &why)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01020)
                      "daemon group '%s' is not running: its processes keep "
                      "failing at start (the last one %s); answering 503",
                      t.g->name, why);
        apr_table_setn(r->err_headers_out, "Retry-After", GW_RETRY_AFTER);
        return HTTP_SERVICE_UNAVAILABLE;
    }

    gw_link *l = gw_link_new(r, t.g);
    l->websocket = t.websocket;
    if ((status = gw_link_submit(l, packet, packet_len, t.bodyless, repack,
                                 &t)) != OK)
        return status;
    if (!t.bodyless && (status = gw_body_send(l, t.chunked)) != OK) {
        gw_link_close(l);
        return status;
    }
    status = gw_relay_response(l);
    gw_link_finish(l);
    return status;
}
