/*
 * gw_hookcall.c - one hook call to a daemon group (see gw_hookcall.h).
 * Runs in Apache children.
 *
 * The call is a request packet like a WSGI request's (gw_packet.c) with
 * gateway.hook and the arguments among its control values and no body,
 * handed over the same way (gw_link_submit: kept links, RETRY from a
 * stale process, the group's timeouts).  The response is START, ANSWER
 * and END (or END_KEEP), or START and ABORT.
 */
#include "gw_hookcall.h"
#include "gw_config.h"
#include "gw_link.h"
#include "gw_packet.h"
#include "gw_route.h"
#include "gw_slots.h"

#include "http_config.h"
#include "http_log.h"
#include "util_script.h"
#include "apr_strings.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

/* A call in progress, for its log lines. */
typedef struct {
    request_rec *r;
    const gw_auth_script *as;
    int hook;
    const char *function;      /* as log lines name it: "check_password()" */
    gw_link *l;
} gw_call;

/* The dispatch call names the three functions it may call. */
static const char dispatch_functions[] =
    "process_group()/application_group()/callable_object()";

/* The CGI variables of r as the hook's environ has them (mod_wsgi's
 * Auth_environ): Apache's common ones and the request line's.  Built on
 * a copy, since r->subprocess_env is the handler's to fill later; no
 * PATH_TRANSLATED either, whose look-up is a subrequest that would run
 * these checks again.  Without Authorization (the password travels as
 * an argument, to the hook alone), REMOTE_USER (not checked yet while
 * check_password runs) and CONTENT_LENGTH: a hook call has no body. */
static apr_table_t *hook_env(request_rec *r)
{
    apr_table_t *saved = r->subprocess_env;

    r->subprocess_env = apr_table_copy(r->pool, saved);
    ap_add_common_vars(r);
    apr_table_t *env = r->subprocess_env;
    r->subprocess_env = saved;

    apr_table_setn(env, "SERVER_PROTOCOL", r->protocol);
    apr_table_setn(env, "REQUEST_METHOD", r->method);
    apr_table_setn(env, "QUERY_STRING", r->args ? r->args : "");
    apr_table_setn(env, "REQUEST_URI", r->unparsed_uri);
    if (!r->path_info || !*r->path_info) {
        apr_table_setn(env, "SCRIPT_NAME", r->uri);
        apr_table_setn(env, "PATH_INFO", "");
    }
    else {
        int at = ap_find_path_info(r->uri, r->path_info);
        apr_table_setn(env, "SCRIPT_NAME", apr_pstrndup(r->pool, r->uri,
                                                        (apr_size_t)at));
        apr_table_setn(env, "PATH_INFO", r->path_info);
    }
    static const char *const drop[] = {
        "PATH", "CONTENT_LENGTH", "HTTP_AUTHORIZATION",
        "HTTP_PROXY_AUTHORIZATION", "REMOTE_USER", NULL
    };
    for (int i = 0; drop[i]; i++)
        apr_table_unset(env, drop[i]);
    return env;
}

/* The interpreter: application-group=, mod_wsgi's way (its
 * wsgi_server_group): %{GLOBAL} when absent, %{SERVER} and %{HOST}
 * expanded, any other form a literal name. */
static const char *hook_app_group(request_rec *r, const char *ag,
                                  const char *script_name)
{
    const char *err = NULL;

    if (!ag)
        return "";
    if (strcmp(ag, "%{GLOBAL}") && strcmp(ag, "%{SERVER}")
        && strcmp(ag, "%{HOST}"))
        return ag;
    return gw_route_expand_name(r, ag, script_name, &err);
}

/* The daemon group: process-group= on the directive, else dflt when
 * given, else the request's own (its mount's process-group=,
 * WSGIProcessGroup, the implicit group).  NULL after logging. */
static gw_group *hook_group(gw_call *c, const char *script_name,
                            gw_group *dflt)
{
    request_rec *r = c->r;

    if (!c->as->process_group && dflt)
        return dflt;
    gw_dir_conf *dc = ap_get_module_config(r->per_dir_config,
                                           &gateway_module);
    gw_alias *a = ap_get_module_config(r->request_config, &gateway_module);
    const char *pg = c->as->process_group ? c->as->process_group
                   : (a && a->process_group) ? a->process_group
                   : dc->process_group;
    const char *what = c->as->process_group
                       ? apr_pstrcat(r->pool, c->as->directive,
                                     " process-group=", NULL)
                       : "WSGIProcessGroup";
    gw_group *g = NULL;

    if (gw_route_group(r, pg, what, script_name, &g) == OK && !g)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01120)
                      "no daemon group runs %s %s (at %s) for %s: give it "
                      "process-group=G, or give the URL a WSGIProcessGroup "
                      "(mod_wsgi ran it in the Apache child, which never "
                      "runs Python here)", c->as->directive, c->as->path,
                      c->as->defined_at, r->uri);
    return g;
}

/* The answer's items, copied out of the link's buffer into r's pool. */
static void hook_result(request_rec *r, int answer,
                        const gw_answer_item *it, size_t n,
                        gw_hook_result *res)
{
    res->answer = answer;
    res->text = answer == GW_ANSWER_TEXT
                ? apr_pstrndup(r->pool, it[0].p, it[0].len) : NULL;
    res->list = apr_array_make(r->pool, (int)n + 1, sizeof(const char *));
    for (size_t i = 0; answer == GW_ANSWER_LIST && i < n; i++)
        *(const char **)apr_array_push(res->list) =
            apr_pstrndup(r->pool, it[i].p, it[i].len);
    for (size_t i = 0; answer == GW_ANSWER_NAMES && i < n; i++)
        res->names[i] = it[i].p ? apr_pstrndup(r->pool, it[i].p, it[i].len)
                                : NULL;
}

/* The ANSWER payload, decoded as hostile. */
static int hook_answer(gw_call *c, const char *p, uint32_t len,
                       gw_hook_result *res)
{
    /* The most items len bytes hold: 3 bytes each at least, after the
     * answer's own; a dispatch answer has its three slots always. */
    size_t max = len / 3 + GW_DISPATCH_NAMES, n;
    gw_answer_item *it = apr_palloc(c->r->pool, max * sizeof(*it));
    int answer;
    int rc = gw_answer_decode(c->hook, (const unsigned char *)p, len,
                              &answer, it, max, &n);

    if (rc != GW_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, c->r, GWLOGNO(01121)
                      "daemon process %ld of group '%s' answered the %s "
                      "call of %s %s with a malformed answer (%s, %lu "
                      "bytes); taken as an error, never as granted",
                      (long)c->l->peer_pid, c->l->g->name, c->function,
                      c->as->directive, c->as->path, gw_proto_strerror(rc),
                      (unsigned long)len);
        return -1;
    }
    hook_result(c->r, answer, it, n, res);
    return 0;
}

static gw_hookcall_outcome hook_broken(gw_call *c, const char *what,
                                       apr_status_t rv)
{
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, c->r, GWLOGNO(01122)
                  "daemon process %ld of group '%s' broke off the %s call "
                  "of %s %s: %s", (long)c->l->peer_pid, c->l->g->name,
                  c->function, c->as->directive, c->as->path, what);
    return GW_HOOKCALL_ERROR;
}

static gw_hookcall_outcome hook_abort(gw_call *c, const char *p,
                                      uint32_t len)
{
    request_rec *r = c->r;

    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01123)
                  "%s of %s %s failed in daemon group '%s' (pid %ld): %s "
                  "(the daemon logs why, with any traceback)", c->function,
                  c->as->directive, c->as->path, c->l->g->name,
                  (long)c->l->peer_pid,
                  /* daemon text: escaped, it must not forge lines */
                  ap_escape_logitem(r->pool, apr_pstrndup(r->pool, p,
                                    len > 256 ? 256 : len)));
    return GW_HOOKCALL_FAILED;
}

/* The frames after START: ANSWER then END or END_KEEP, or ABORT. */
static gw_hookcall_outcome hook_read(gw_call *c, gw_hook_result *res)
{
    gw_link *l = c->l;
    int answered = 0;

    if (l->g->request_timeout > 0 && l->g->request_timeout < l->timeout)
        l->timeout = l->g->request_timeout;
    for (;;) {
        unsigned type;
        uint32_t flen;
        apr_status_t rv = gw_link_header(l, NULL);
        if (rv != APR_SUCCESS)
            return hook_broken(c, APR_STATUS_IS_TIMEUP(rv)
                               ? "no answer within its timeout"
                               : "the connection closed", rv);
        int rc = gw_frame_decode((unsigned char *)l->buf + l->pos, &type,
                                 &flen);
        if (rc != GW_OK || flen > GW_ANSWER_MAX)
            return hook_broken(c, "a frame that is not the protocol's", 0);
        l->pos += GW_FRAME_HDR_LEN;
        gw_link_unspill(l);
        if (l->len - l->pos < flen
            && (rv = gw_link_fill(l, flen, NULL)) != APR_SUCCESS)
            return hook_broken(c, "the connection closed inside a frame",
                               rv);
        const char *p = l->buf + l->pos;
        l->pos += flen;
        if (type == GW_FRAME_ANSWER && !answered) {
            if (hook_answer(c, p, flen, res) < 0)
                return GW_HOOKCALL_ERROR;
            answered = 1;
        }
        else if ((type == GW_FRAME_END || type == GW_FRAME_END_KEEP)
                 && answered) {
            l->keep = type == GW_FRAME_END_KEEP;
            return GW_HOOKCALL_ANSWERED;
        }
        else if (type == GW_FRAME_ABORT && !answered)
            return hook_abort(c, p, flen);
        else
            return hook_broken(c, apr_psprintf(c->r->pool, "frame type %u "
                                               "out of place", type), 0);
    }
}

/* The packet of the call: the environ, the script, the interpreter, the
 * hook and more (its arguments; ended by a NULL key).  OK or an HTTP
 * status (logged). */
static int hook_packet(gw_call *c, apr_table_t *env, gw_group *g,
                       const gw_control *more, char **packet,
                       apr_size_t *len)
{
    const char *script_name = apr_table_get(env, "SCRIPT_NAME");
    gw_control controls[4 + GW_HOOK_ARGS_MAX] = {
        { GW_VAR_SCRIPT, c->as->path },
        { GW_VAR_APP_GROUP, hook_app_group(c->r,
                                           c->as->application_group,
                                           script_name) },
        { GW_VAR_HOOK, gw_hook_function(c->hook) },
    };

    for (int i = 0; i < GW_HOOK_ARGS_MAX && more[i].key; i++)
        controls[3 + i] = more[i];
    return gw_packet_encode(c->r, env, g, controls, packet, len);
}

/* The call in g: handed over, its answer read.  res gets no answer
 * (answer -1) unless the daemon gave one. */
static gw_hookcall_outcome hook_call(gw_call *c, gw_group *g,
                                     apr_table_t *env,
                                     const gw_control *more,
                                     gw_hook_result *res)
{
    request_rec *r = c->r;
    const char *why;
    char *packet;
    apr_size_t len;

    /* Until the daemon answered: no answer (not even None). */
    memset(res, 0, sizeof(*res));
    res->answer = -1;
    if (!g || hook_packet(c, env, g, more, &packet, &len) != OK)
        return GW_HOOKCALL_ERROR;
    if (gw_slots_group_down(g, r->pool, &why)) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01124)
                      "cannot call %s of %s %s: daemon group '%s' is not "
                      "running (its processes keep failing at start, the "
                      "last one %s)", c->function, c->as->directive,
                      c->as->path, g->name, why);
        return GW_HOOKCALL_ERROR;
    }
    c->l = gw_link_new(r, g);
    if (gw_link_submit(c->l, packet, len, 1, NULL, NULL) != OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01125)
                      "cannot call %s of %s %s: no process of daemon "
                      "group '%s' took the call (the line before says "
                      "why)", c->function, c->as->directive, c->as->path,
                      g->name);
        return GW_HOOKCALL_ERROR;
    }
    gw_hookcall_outcome out = hook_read(c, res);
    if (out == GW_HOOKCALL_ERROR)
        gw_link_close(c->l);
    gw_link_finish(c->l);
    if (out != GW_HOOKCALL_ANSWERED) {
        memset(res, 0, sizeof(*res));
        res->answer = -1;
    }
    return out;
}

gw_hookcall_outcome gw_hookcall(request_rec *r, const gw_auth_script *as,
                                int hook, const char *arg1,
                                const char *arg2, gw_hook_result *res)
{
    gw_call c = { r, as, hook, apr_pstrcat(r->pool, gw_hook_function(hook),
                                           "()", NULL), NULL };
    apr_table_t *env = hook_env(r);
    int nargs;
    const char *const *names = gw_hook_args(hook, &nargs);
    const char *args[GW_HOOK_ARGS_MAX] = { arg1, arg2 };
    gw_control more[GW_HOOK_ARGS_MAX + 1] = { { NULL, NULL } };

    for (int i = 0; i < nargs; i++) {
        more[i].key = names[i];
        more[i].val = args[i] ? args[i] : "";
    }
    return hook_call(&c, hook_group(&c, apr_table_get(env, "SCRIPT_NAME"),
                                    NULL), env, more, res);
}

gw_hookcall_outcome gw_hookcall_dispatch(request_rec *r,
                                         const gw_auth_script *ds,
                                         gw_group *g, apr_table_t *env,
                                         gw_hook_result *res)
{
    gw_call c = { r, ds, GW_HOOK_DISPATCH, dispatch_functions, NULL };
    /* Under its own name the daemon would wait for the request's body,
     * which stays here until the request itself is handed over. */
    const char *cl = apr_table_get(env, "CONTENT_LENGTH");
    gw_control more[2] = { { NULL, NULL }, { NULL, NULL } };

    if (cl) {
        more[0].key = GW_VAR_CONTENT_LENGTH;
        more[0].val = cl;
        apr_table_unset(env, "CONTENT_LENGTH");
    }
    return hook_call(&c, hook_group(&c, apr_table_get(env, "SCRIPT_NAME"),
                                    g), env, more, res);
}
