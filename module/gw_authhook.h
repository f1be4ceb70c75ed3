/*
 * gw_authhook.h - mod_wsgi's auth hooks in Apache's access checks:
 *
 *   AuthBasicProvider wsgi     check_password() of WSGIAuthUserScript
 *   AuthDigestProvider wsgi    get_realm_hash() of WSGIAuthUserScript
 *   Require wsgi-group G...    groups_for_user() of WSGIAuthGroupScript
 *   WSGIAccessScript           allow_access(), an access checker
 *
 * Runs in Apache children; each function runs in a daemon group
 * (gw_hookcall.h), never here.  What an answer means is mod_wsgi
 * 4.9.4's; what no answer (a failure) means is never a grant.
 */
#ifndef GW_AUTHHOOK_H
#define GW_AUTHHOOK_H

#include "httpd.h"

/* register_hooks: the "wsgi" authn provider, the "wsgi-group" authz
 * provider and the access checker. */
void gw_authhook_register(apr_pool_t *p);

#endif
