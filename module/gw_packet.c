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
    /* Each length is measured once: strlen was a fifth of the packet's
     * cost when it was measured for the size and again for the copy. */
    apr_size_t *len = apr_palloc(r->pool, sizeof(*len) * 2
                                 * (apr_size_t)(arr->nelts ? arr->nelts : 1));

    for (int i = 0; i < arr->nelts; i++) {
        len[2 * i] = strlen(e[i].key);
        len[2 * i + 1] = strlen(e[i].val);
        need += 4 + len[2 * i] + len[2 * i + 1];
    }
    for (const gw_control *c = controls; c->key; c++)
        need += 4 + strlen(c->key) + strlen(c->val);

    unsigned char *buf = apr_palloc(r->pool, need);
    gw_enc enc;
    gw_req_begin(&enc, buf, need);
    for (int i = 0; i < arr->nelts; i++) {
        if (e[i].key[0] == GW_VAR_PREFIX[0]
            && !strncmp(e[i].key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1))
            continue;
        gw_enc_add(&enc, e[i].key, len[2 * i], e[i].val, len[2 * i + 1]);
    }
    for (const gw_control *c = controls; c->key; c++)
        gw_enc_add(&enc, c->key, strlen(c->key), c->val, strlen(c->val));
    gw_enc_add(&enc, GW_VAR_SECRET, sizeof(GW_VAR_SECRET) - 1,
               g->secret, strlen(g->secret));
    apr_size_t total = gw_req_finish(&enc);
    if (total == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, GWLOGNO(01013)
                      "request variables take %lu bytes, more than the "
                      "%u the protocol carries (very large or many request "
                      "headers); answering 431", (unsigned long)need,
                      GW_VARS_MAX);
        return HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    *out = (char *)buf;
    *outlen = total;
    return OK;
}
