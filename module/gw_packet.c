/*
 * gw_packet.c - the request packet for a daemon group (see gw_packet.h).
 * Runs in Apache children.
 */
#include "gw_packet.h"
#include "gw_proto.h"

#include "http_log.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

int gw_packet_encode(request_rec *r, const apr_table_t *env,
                     const gw_group *g, const gw_control *controls,
                     char **out, apr_size_t *outlen)
{
    const apr_array_header_t *arr = apr_table_elts(env);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_size_t need = GW_UWSGI_HDR_LEN + 4 + sizeof(GW_VAR_SECRET)
                      + sizeof(g->secret);

    for (int i = 0; i < arr->nelts; i++)
        need += 4 + strlen(e[i].key) + strlen(e[i].val);
    for (const gw_control *c = controls; c->key; c++)
        need += 4 + strlen(c->key) + strlen(c->val);

    unsigned char *buf = apr_palloc(r->pool, need);
    gw_enc enc;
    gw_req_begin(&enc, buf, need);
    for (int i = 0; i < arr->nelts; i++) {
        if (!strncmp(e[i].key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1))
            continue;
        gw_enc_add(&enc, e[i].key, strlen(e[i].key), e[i].val,
                   strlen(e[i].val));
    }
    for (const gw_control *c = controls; c->key; c++)
        gw_enc_add(&enc, c->key, strlen(c->key), c->val, strlen(c->val));
    gw_enc_add(&enc, GW_VAR_SECRET, sizeof(GW_VAR_SECRET) - 1,
               g->secret, strlen(g->secret));
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
