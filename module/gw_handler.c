/*
 * gw_handler.c - the request path in an Apache child: the handler hook.
 *
 *   gw_route.c   URL -> script, group names
 *   here         which daemon group, CGI environ -> request packet,
 *                handed to a process of the group (gw_link.c), the body
 *                after it (gw_body.c), the response back (gw_relay.c),
 *                or a WebSocket's tunnel (gw_tunnel.c)
 * Runs in Apache children; never runs Python.
 */
#include "gw_handler.h"
#include "gw_body.h"
#include "gw_config.h"
#include "gw_link.h"
#include "gw_modwsgi_env.h"
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

/* After a RETRY, a fresh process needs a moment to start: the request
 * goes again after 10, 20, 30 ... ms, 100 ms at most. */
#define GW_RETRY_PAUSE_MS     10
#define GW_RETRY_PAUSE_MAX_MS 100

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

/* The request packet for t's group: the CGI variables and the control
 * values, with the group's own secret (a secret opens one group's socket
 * only). */
static int encode_request(request_rec *r, const gw_target *t, char **out,
                          apr_size_t *outlen)
{
    const gw_group *g = t->g;
    const char *script = t->script, *app_group = t->app_group;
    const char *callable = t->callable;
    const apr_array_header_t *arr = apr_table_elts(r->subprocess_env);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_size_t need = GW_UWSGI_HDR_LEN;

    for (int i = 0; i < arr->nelts; i++)
        need += 4 + strlen(e[i].key) + strlen(e[i].val);
    need += 16 + sizeof(GW_VAR_SCRIPT) + strlen(script)
          + sizeof(GW_VAR_APP_GROUP) + strlen(app_group)
          + sizeof(GW_VAR_CALLABLE) + strlen(callable)
          + sizeof(GW_VAR_SECRET) + sizeof(g->secret)
          + sizeof(GW_VAR_WEBSOCKET) + 5;

    unsigned char *buf = apr_palloc(r->pool, need);
    gw_enc enc;
    gw_req_begin(&enc, buf, need);
    for (int i = 0; i < arr->nelts; i++) {
        /* Only the module sets gateway.* values. */
        if (!strncmp(e[i].key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1))
            continue;
        gw_enc_add(&enc, e[i].key, strlen(e[i].key), e[i].val,
                   strlen(e[i].val));
    }
    gw_enc_add(&enc, GW_VAR_SCRIPT, sizeof(GW_VAR_SCRIPT) - 1, script,
               strlen(script));
    gw_enc_add(&enc, GW_VAR_APP_GROUP, sizeof(GW_VAR_APP_GROUP) - 1,
               app_group, strlen(app_group));
    gw_enc_add(&enc, GW_VAR_CALLABLE, sizeof(GW_VAR_CALLABLE) - 1,
               callable, strlen(callable));
    gw_enc_add(&enc, GW_VAR_SECRET, sizeof(GW_VAR_SECRET) - 1,
               g->secret, strlen(g->secret));
    if (t->websocket)
        gw_enc_add(&enc, GW_VAR_WEBSOCKET, sizeof(GW_VAR_WEBSOCKET) - 1,
                   "1", 1);
    apr_size_t len = gw_req_finish(&enc);
    if (len == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01013)
                      "request variables take %lu bytes, more than the "
                      "%u the protocol carries (very large or many request "
                      "headers); answering 431", (unsigned long)need,
                      GW_VARS_MAX);
        return HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    *out = (char *)buf;
    *outlen = len;
    return OK;
}


/* The daemon group for r: the mount's process-group=, a handler
 * script's, WSGIProcessGroup, else the server's implicit group; and
 * whether r may use it.  OK or the HTTP status (logged). */
static int target_group(request_rec *r, const gw_alias *a,
                        const gw_handler_script *hs, const gw_dir_conf *dc,
                        const char *script_name, gw_group **out)
{
    gw_server_conf *sc = ap_get_module_config(r->server->module_config,
                                              &gateway_module);
    const char *pg = (a && a->process_group) ? a->process_group
                   : (hs && hs->process_group) ? hs->process_group
                   : dc->process_group;
    const char *err = NULL;
    gw_group *g;

    if (pg && strcmp(pg, "%{GLOBAL}") != 0) {
        const char *name = gw_route_expand_name(r, pg, script_name, &err);
        g = name ? gw_group_find(name) : NULL;
        if (!g) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01016)
                          "WSGIProcessGroup '%s' names no WSGIDaemonProcess%s"
                          "%s", pg, err ? ": " : "", err ? err : "");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    else
        g = sc->default_group ? sc->default_group : gw_global->main_default;
    if (!g || !g->socket_path) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01017)
                      "no daemon group serves %s: add process-group= to its "
                      "WSGIScriptAlias or a WSGIProcessGroup", r->uri);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* A group defined inside a VirtualHost is that site's alone (mod_wsgi):
     * another site naming it, say through .htaccess, is refused. */
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
    *out = g;
    return OK;
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
    t->callable = hs ? "handle_request"
                : (a && a->callable) ? a->callable
                : dc->callable ? dc->callable : "application";
    t->script = hs ? hs->path : r->filename;
    return target_body(r, dc, t);
}

/* The request packet to a process of the group, and START back from the
 * one that takes it; only then the body, so a stale process (RETRY) can
 * hand the request on before any of the client's body is gone.  The
 * packet (made for one connect and no RETRY) is made again when it took
 * more, for mod_wsgi.daemon_connects and mod_wsgi.daemon_restarts.  OK
 * with l connected to that process, or the HTTP status (logged). */
static int hand_over(gw_link *l, const gw_target *t, char *packet,
                     apr_size_t packet_len)
{
    static const char no_body[GW_CHUNK_HDR_LEN];
    request_rec *r = l->r;
    apr_time_t retry_until = apr_time_now() + l->g->socket_timeout;
    int status, connects = 0;
    int in_packet[2] = { 1, 0 };   /* connects, restarts */

    for (int tries = 1;; tries++) {
        l->pos = l->len = 0;
        l->peer_pid = 0;
        if ((status = gw_link_open(l)) != OK)
            return status;
        connects += l->connects;
        if (connects != in_packet[0] || tries - 1 != in_packet[1]) {
            in_packet[0] = connects;
            in_packet[1] = tries - 1;
            gw_modwsgi_env_tries(r, connects, tries - 1);
            if ((status = encode_request(r, t, &packet, &packet_len))
                != OK) {
                gw_link_close(l);
                return status;
            }
        }
        struct iovec out[2] = { { packet, packet_len },
                                { (void *)no_body, sizeof(no_body) } };
        apr_status_t rv = gw_link_sendv(l, out, t->bodyless ? 2 : 1);
        gw_link_outcome got = GW_LINK_STALE;
        if (rv == APR_SUCCESS)
            got = gw_link_wait_for_start(l, &status);
        else if (!l->reused) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, GWLOGNO(01019)
                          "daemon group '%s' closed the connection before "
                          "reading the request; answering 502", l->g->name);
            gw_link_close(l);
            return HTTP_BAD_GATEWAY;
        }
        if (got == GW_LINK_TAKEN)
            return OK;
        gw_link_close(l);
        if (got == GW_LINK_FAILED)
            return status;
        if (got == GW_LINK_STALE) {
            tries--;        /* not a try: the link was only found closed */
            connects--;     /* nor a connect */
            continue;
        }
        if (apr_time_now() >= retry_until) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01037)
                          "daemon group '%s' answered RETRY %d times (its "
                          "processes are being replaced after a script "
                          "change) for socket-timeout; answering 503",
                          l->g->name, tries);
            apr_table_setn(r->err_headers_out, "Retry-After",
                           GW_RETRY_AFTER);
            return HTTP_SERVICE_UNAVAILABLE;
        }
        apr_sleep(apr_time_from_msec(
            tries * GW_RETRY_PAUSE_MS < GW_RETRY_PAUSE_MAX_MS
            ? tries * GW_RETRY_PAUSE_MS : GW_RETRY_PAUSE_MAX_MS));
    }
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
    if ((status = target_of(r, hs, &t)) != OK)
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
    if ((status = hand_over(l, &t, packet, packet_len)) != OK)
        return status;
    if (!t.bodyless && (status = gw_body_send(l, t.chunked)) != OK) {
        gw_link_close(l);
        return status;
    }
    status = gw_relay_response(l);
    gw_link_finish(l);
    return status;
}
