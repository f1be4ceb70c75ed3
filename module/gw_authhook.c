/*
 * gw_authhook.c - mod_wsgi's auth hooks in Apache's access checks (see
 * gw_authhook.h).  Runs in Apache children.
 *
 * mod_wsgi 4.9.4's meanings, hook by hook:
 *   check_password   True granted, False denied (401), None no such user
 *                    (401), a str granted as that user; a failure 500
 *   get_realm_hash   the hash, or None: no such user; a failure 500
 *   groups_for_user  granted when a group is among the Require line's;
 *                    denied when none is, or the script failed
 *   allow_access     True allowed, False refused (403), None no opinion
 *                    (the other checks decide); a failure refuses (403)
 * Beyond mod_wsgi: when no daemon answers at all (no group, the group
 * unavailable, a malformed answer) the request gets 500, logged, and
 * never passes.
 */
#include "gw_authhook.h"
#include "gw_config.h"
#include "gw_hookcall.h"

#include "ap_provider.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "mod_auth.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

static gw_dir_conf *dir_conf(request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &gateway_module);
}

/* ---- AuthBasicProvider / AuthDigestProvider wsgi --------------------- */

static const gw_auth_script *user_script(request_rec *r, const char *via)
{
    const gw_auth_script *as = dir_conf(r)->auth_user;

    if (!as)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01126)
                      "%s wsgi applies to %s, but no WSGIAuthUserScript "
                      "does: add one next to it; answering 500", via,
                      r->uri);
    return as;
}

static authn_status check_password(request_rec *r, const char *user,
                                   const char *password)
{
    const gw_auth_script *as = user_script(r, "AuthBasicProvider");
    gw_hook_result res;

    if (!as || gw_hookcall(r, as, GW_HOOK_CHECK_PASSWORD, user, password,
                           &res) != GW_HOOKCALL_ANSWERED)
        return AUTH_GENERAL_ERROR;
    switch (res.answer) {
    case GW_ANSWER_NONE:
        return AUTH_USER_NOT_FOUND;
    case GW_ANSWER_TRUE:
        return AUTH_GRANTED;
    case GW_ANSWER_FALSE:
        return AUTH_DENIED;
    case GW_ANSWER_TEXT:
        /* mod_wsgi: the name the script returns is the user's name */
        r->user = (char *)res.text;
        return AUTH_GRANTED;
    default:
        return AUTH_GENERAL_ERROR;
    }
}

static authn_status get_realm_hash(request_rec *r, const char *user,
                                   const char *realm, char **rethash)
{
    const gw_auth_script *as = user_script(r, "AuthDigestProvider");
    gw_hook_result res;

    if (!as || gw_hookcall(r, as, GW_HOOK_GET_REALM_HASH, user, realm,
                           &res) != GW_HOOKCALL_ANSWERED)
        return AUTH_GENERAL_ERROR;
    if (res.answer == GW_ANSWER_NONE)
        return AUTH_USER_NOT_FOUND;
    if (res.answer != GW_ANSWER_TEXT)
        return AUTH_GENERAL_ERROR;
    *rethash = (char *)res.text;
    return AUTH_USER_FOUND;
}

static const authn_provider authn_wsgi = {
    check_password,
    get_realm_hash
};

/* ---- Require wsgi-group ----------------------------------------------- */

static int in_list(const apr_array_header_t *list, const char *name)
{
    for (int i = 0; i < list->nelts; i++)
        if (!strcmp(((const char **)list->elts)[i], name))
            return 1;
    return 0;
}

static authz_status check_groups(request_rec *r, const char *require_args,
                                 const void *parsed)
{
    const gw_auth_script *as = dir_conf(r)->auth_group;
    gw_hook_result res;
    (void)parsed;

    if (!r->user)
        return AUTHZ_DENIED_NO_USER;
    if (!as) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01127)
                      "Require wsgi-group applies to %s, but no "
                      "WSGIAuthGroupScript does: add one next to it; "
                      "denied", r->uri);
        return AUTHZ_DENIED;
    }
    switch (gw_hookcall(r, as, GW_HOOK_GROUPS_FOR_USER, r->user, NULL,
                        &res)) {
    case GW_HOOKCALL_ANSWERED:
        break;
    case GW_HOOKCALL_FAILED:
        return AUTHZ_DENIED;        /* mod_wsgi's answer to a failure */
    default:
        return AUTHZ_GENERAL_ERROR;
    }
    const char *t = require_args, *w;
    while ((w = ap_getword_conf(r->pool, &t)) && w[0])
        if (in_list(res.list, w))
            return AUTHZ_GRANTED;
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01128)
                  "user '%s' may not access %s: groups_for_user() of %s "
                  "names %s of the groups Require wsgi-group %s asks for",
                  r->user, r->uri, as->path,
                  res.list->nelts ? "none" : "no group at all, so none",
                  require_args);
    return AUTHZ_DENIED;
}

static const authz_provider authz_wsgi_group = {
    check_groups,
    NULL
};

/* ---- WSGIAccessScript ---------------------------------------------- */

static int check_access(request_rec *r)
{
    const gw_auth_script *as = dir_conf(r)->access;
    gw_hook_result res;

    if (!as)
        return DECLINED;
    const char *host = ap_get_remote_host(r->connection, r->per_dir_config,
                                          REMOTE_HOST, NULL);
    if (!host)
        host = r->useragent_ip;
    switch (gw_hookcall(r, as, GW_HOOK_ALLOW_ACCESS, host, NULL, &res)) {
    case GW_HOOKCALL_ANSWERED:
        break;
    case GW_HOOKCALL_FAILED:
        return HTTP_FORBIDDEN;      /* mod_wsgi's answer to a failure */
    default:
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (res.answer == GW_ANSWER_NONE)
        return DECLINED;
    if (res.answer == GW_ANSWER_TRUE)
        return OK;
    /* With Satisfy Any, authentication may still let the client in: not
     * worth an error line then. */
    ap_log_rerror(APLOG_MARK, ap_satisfies(r) == SATISFY_ANY ? APLOG_INFO
                                                             : APLOG_ERR,
                  0, r, GWLOGNO(01129) "client %s denied access to %s by "
                  "allow_access() of WSGIAccessScript %s", host, r->uri,
                  as->path);
    return HTTP_FORBIDDEN;
}

void gw_authhook_register(apr_pool_t *p)
{
    /* As mod_wsgi orders its access checker. */
    static const char *const before[] = { "mod_ssl.c", NULL };
    static const char *const after[] = { "mod_authz_host.c", NULL };

    ap_register_auth_provider(p, AUTHN_PROVIDER_GROUP, "wsgi",
                              AUTHN_PROVIDER_VERSION, &authn_wsgi,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, "wsgi-group",
                              AUTHZ_PROVIDER_VERSION, &authz_wsgi_group,
                              AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_check_access(check_access, before, after, APR_HOOK_MIDDLE,
                         AP_AUTH_INTERNAL_PER_CONF);
}
