/*
 * gw_kept.c - state of the Apache parent that outlives a configuration
 * generation (see gw_kept.h).
 */
#include "gw_kept.h"

#include "apr_strings.h"

#define GW_KEPT_KEY "gateway-kept"

gw_kept *gw_kept_get(server_rec *s)
{
    apr_pool_t *pp = s->process->pool;
    void *data = NULL;

    apr_pool_userdata_get(&data, GW_KEPT_KEY, pp);
    if (data)
        return data;
    gw_kept *k = apr_pcalloc(pp, sizeof(*k));
    k->sockets = apr_array_make(pp, 4, sizeof(gw_kept_socket));
    k->retired = apr_array_make(pp, 4, sizeof(gw_kept_retired));
    k->logpipes = apr_array_make(pp, 8, sizeof(gw_kept_logpipe));
    k->logger.ctl = -1;
    /* apr_pool_cleanup_null lives in APR, not in this module. */
    apr_pool_userdata_set(k, GW_KEPT_KEY, apr_pool_cleanup_null, pp);
    return k;
}
