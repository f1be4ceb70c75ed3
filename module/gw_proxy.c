/*
 * gw_proxy.c - front-end proxy headers (see gw_proxy.h).  Runs in Apache
 * children, per request, only when WSGITrustedProxyHeaders is configured.
 */
#include "gw_proxy.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "http_core.h"

/* Headers that mean the same thing: trusting one removes the others. */
enum { GW_PX_ADDR, GW_PX_SCHEME, GW_PX_HOST, GW_PX_PORT, GW_PX_CLASSES };

static const struct {
    const char *env;
    int cls;
} known[] = {
    { "HTTP_X_FORWARDED_FOR", GW_PX_ADDR },
    { "HTTP_X_CLIENT_IP", GW_PX_ADDR },
    { "HTTP_X_REAL_IP", GW_PX_ADDR },
    { "HTTP_X_FORWARDED_PROTO", GW_PX_SCHEME },
    { "HTTP_X_FORWARDED_SCHEME", GW_PX_SCHEME },
    { "HTTP_X_SCHEME", GW_PX_SCHEME },
    { "HTTP_X_FORWARDED_HTTPS", GW_PX_SCHEME },
    { "HTTP_X_FORWARDED_SSL", GW_PX_SCHEME },
    { "HTTP_X_FORWARDED_HOST", GW_PX_HOST },
    { "HTTP_X_FORWARDED_SERVER", GW_PX_HOST },
    { "HTTP_X_FORWARDED_PORT", GW_PX_PORT },
    { NULL, 0 }
};

static int class_of(const char *env)
{
    for (int i = 0; known[i].env; i++)
        if (!strcmp(known[i].env, env))
            return known[i].cls;
    return -1;
}

const char *gw_proxy_add_header(apr_pool_t *p, gw_proxy_conf *c,
                                const char *name)
{
    char *env = apr_pstrcat(p, "HTTP_", name, NULL);
    for (char *q = env + 5; *q; q++) {
        if (*q == '-')
            *q = '_';
        else if (apr_isalnum(*q))
            *q = (char)apr_toupper(*q);
        else
            return apr_psprintf(p, "GW00040: WSGITrustedProxyHeaders: '%s' "
                                "is not a header name", name);
    }
    if (class_of(env) < 0)
        return apr_psprintf(p, "GW00041: WSGITrustedProxyHeaders: '%s' is "
                            "not a proxy header mod_gateway knows (X-Forwarded"
                            "-For, X-Client-IP, X-Real-IP, X-Forwarded-Proto, "
                            "X-Forwarded-Scheme, X-Scheme, X-Forwarded-HTTPS, "
                            "X-Forwarded-SSL, X-Forwarded-Host, "
                            "X-Forwarded-Server, X-Forwarded-Port)", name);
    if (!c->headers)
        c->headers = apr_array_make(p, 4, sizeof(const char *));
    *(const char **)apr_array_push(c->headers) = env;
    return NULL;
}

const char *gw_proxy_add_proxy(apr_pool_t *p, gw_proxy_conf *c,
                               const char *addr)
{
    char *ip = apr_pstrdup(p, addr), *mask = strchr(ip, '/');
    apr_ipsubnet_t *sub;

    if (mask)
        *mask++ = '\0';
    if (apr_ipsubnet_create(&sub, ip, mask, p) != APR_SUCCESS)
        return apr_psprintf(p, "GW00042: WSGITrustedProxies: '%s' is not an "
                            "IP address or network (a.b.c.d, a.b.c.d/nn, "
                            "IPv6 alike)", addr);
    if (!c->proxies)
        c->proxies = apr_array_make(p, 4, sizeof(apr_ipsubnet_t *));
    *(apr_ipsubnet_t **)apr_array_push(c->proxies) = sub;
    return NULL;
}

static int is_proxy(apr_pool_t *p, const gw_proxy_conf *c, const char *ip)
{
    apr_sockaddr_t *sa;

    if (!c->proxies)
        return 1;       /* mod_wsgi: no list means any client may proxy */
    if (apr_sockaddr_info_get(&sa, ip, APR_UNSPEC, 0, APR_IPV4_ADDR_OK, p)
        != APR_SUCCESS)
        return 0;
    apr_ipsubnet_t **subs = (apr_ipsubnet_t **)c->proxies->elts;
    for (int i = 0; i < c->proxies->nelts; i++)
        if (apr_ipsubnet_test(subs[i], sa))
            return 1;
    return 0;
}

/* The client behind the proxies: walking from the right (the hop that
 * reached us), the first address that is not a listed proxy; anything
 * left of it was written by the client and is not to be believed.  With
 * no proxy list, the leftmost address (every hop is trusted). */
static const char *forwarded_client(request_rec *r, const gw_proxy_conf *c,
                                    const char *list)
{
    char *copy = apr_pstrdup(r->pool, list);
    apr_array_header_t *hops = apr_array_make(r->pool, 4, sizeof(char *));
    char *last;

    for (char *t = apr_strtok(copy, ", \t", &last); t;
         t = apr_strtok(NULL, ", \t", &last))
        *(char **)apr_array_push(hops) = t;
    if (hops->nelts == 0)
        return NULL;
    char **hv = (char **)hops->elts;
    if (!c->proxies)
        return hv[0];
    for (int i = hops->nelts - 1; i > 0; i--)
        if (!is_proxy(r->pool, c, hv[i]))
            return hv[i];
    return hv[0];
}

void gw_proxy_apply(request_rec *r, const gw_proxy_conf *c)
{
    apr_table_t *env = r->subprocess_env;
    const char *trusted[GW_PX_CLASSES] = { NULL };
    const char *value[GW_PX_CLASSES] = { NULL };

    if (!c->headers)
        return;
    int from_proxy = is_proxy(r->pool, c, r->useragent_ip);

    /* The first trusted header present in each class wins. */
    const char **h = (const char **)c->headers->elts;
    for (int i = 0; i < c->headers->nelts; i++) {
        int cls = class_of(h[i]);
        const char *v = apr_table_get(env, h[i]);
        if (v && !trusted[cls]) {
            trusted[cls] = h[i];
            value[cls] = v;
        }
    }
    /* Each class with a trusted header: every other alias goes.  From a
     * client that is not a listed proxy, the trusted one goes too. */
    for (int i = 0; known[i].env; i++) {
        int cls = known[i].cls;
        int is_trusted = trusted[cls] && !strcmp(trusted[cls], known[i].env);
        int class_configured = 0;
        for (int j = 0; j < c->headers->nelts; j++)
            if (class_of(h[j]) == cls)
                class_configured = 1;
        if (class_configured && (!is_trusted || !from_proxy))
            apr_table_unset(env, known[i].env);
    }
    if (!from_proxy)
        return;

    if (value[GW_PX_ADDR]) {
        const char *ip = forwarded_client(r, c, value[GW_PX_ADDR]);
        if (ip)
            apr_table_setn(env, "REMOTE_ADDR", ip);
    }
    if (value[GW_PX_SCHEME]) {
        const char *v = value[GW_PX_SCHEME];
        int https = !strcasecmp(v, "https") || !strcasecmp(v, "on")
                    || !strcasecmp(v, "1") || !strcasecmp(v, "true");
        apr_table_setn(env, "REQUEST_SCHEME", https ? "https" : "http");
        if (https)
            apr_table_setn(env, "HTTPS", "on");
        else
            apr_table_unset(env, "HTTPS");
    }
    if (value[GW_PX_HOST])
        apr_table_setn(env, "HTTP_HOST", value[GW_PX_HOST]);
    if (value[GW_PX_PORT])
        apr_table_setn(env, "SERVER_PORT", value[GW_PX_PORT]);
}
