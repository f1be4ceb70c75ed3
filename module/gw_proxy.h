/*
 * gw_proxy.h - front-end proxy headers (mod_wsgi's WSGITrustedProxyHeaders
 * and WSGITrustedProxies), in an Apache child.
 *
 * Headers such as X-Forwarded-For are client data unless the configuration
 * says otherwise.  When a header is trusted, it replaces what it stands for
 * (REMOTE_ADDR, the scheme, HTTP_HOST, SERVER_PORT), and every other header
 * of the same meaning is removed, so an application reading an alias the
 * sysadmin did not think of (X-Real-IP beside X-Forwarded-For) cannot be
 * fooled (mod_wsgi's CVE-2022-2255).  A trusted header from a client that
 * is not a listed proxy is removed as well.
 */
#ifndef GW_PROXY_H
#define GW_PROXY_H

#include "httpd.h"
#include "apr_network_io.h"

typedef struct {
    apr_array_header_t *headers;   /* trusted, as CGI names (HTTP_X_...) */
    apr_array_header_t *proxies;   /* apr_ipsubnet_t *, or NULL: any */
} gw_proxy_conf;

/* Directive helpers: return an error string or NULL. */
const char *gw_proxy_add_header(apr_pool_t *p, gw_proxy_conf *c,
                                const char *name);
const char *gw_proxy_add_proxy(apr_pool_t *p, gw_proxy_conf *c,
                               const char *addr);

/* Rewrites r->subprocess_env (after ap_add_common_vars) as described. */
void gw_proxy_apply(request_rec *r, const gw_proxy_conf *c);

#endif
