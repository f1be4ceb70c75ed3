/*
 * gw_control_reply.c - reply records as the root side writes them (see
 * gw_control_reply.h).
 */
#include "gw_control_reply.h"
#include "gw_control.h"

#include "apr_strings.h"

const char *gw_ctl_kv(apr_pool_t *p, const char *key, const char *v)
{
    if (!v || !*v)
        v = "-";
    size_t n = gw_ctl_encode(NULL, 0, v);
    char *e = apr_palloc(p, n + 1);
    gw_ctl_encode(e, n + 1, v);
    return apr_pstrcat(p, " ", key, "=", e, NULL);
}

const char *gw_ctl_kn(apr_pool_t *p, const char *key, apr_int64_t v)
{
    return gw_ctl_kv(p, key, v < 0 ? NULL
                     : apr_psprintf(p, "%" APR_INT64_T_FMT, v));
}

const char *gw_ctl_error_text(apr_pool_t *p, const char *code,
                              const char *message)
{
    return apr_pstrcat(p, "error", gw_ctl_kv(p, "code", code),
                       gw_ctl_kv(p, "message", message), "\n", NULL);
}
