/*
 * gw_tally.c - per-group response counts and time histograms (see
 * gw_tally.h).  The parent creates the memory; Apache children add to it
 * with relaxed atomic adds (readers want each value whole, not a
 * consistent snapshot: a scrape racing a request is off by that one).
 */
#include "gw_tally.h"
#include "gw_log.h"

#include "apr_shm.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

extern module AP_MODULE_DECLARE_DATA gateway_module;

const apr_int64_t gw_tally_le_us[GW_TALLY_BUCKETS] = {
    5000, 10000, 25000, 50000, 100000, 250000, 500000,
    1000000, 2500000, 5000000, 10000000
};
const char *const gw_tally_le_text[GW_TALLY_BUCKETS] = {
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
    "1.0", "2.5", "5.0", "10.0"
};

/* What the child keeps about a request of a group, as userdata of the
 * request's pool: the module's slot of r->request_config is the mount
 * the request was routed by (gw_route.c), and a request answered before
 * it went to a group never gets a note. */
#define GW_TALLY_NOTE "gateway-tally-note"

/* What the child keeps about a request of a group. */
typedef struct {
    gw_tally *t;
    apr_time_t handed;      /* gw_tally_mark: when it went to the group */
    int taken;
} gw_tally_note;

int gw_tally_create(apr_pool_t *pconf, server_rec *s)
{
    apr_array_header_t *groups = gw_global->groups;
    gw_group **gs = (gw_group **)groups->elts;
    apr_shm_t *shm;

    if (groups->nelts == 0)
        return OK;
    apr_size_t size = sizeof(gw_tally) * (apr_size_t)groups->nelts;
    apr_status_t rv = apr_shm_create(&shm, size, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, GWLOGNO(02170)
                     "cannot create shared memory for the response counts "
                     "of %d daemon groups", groups->nelts);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    gw_tally *t = apr_shm_baseaddr_get(shm);
    memset(t, 0, size);
    for (int i = 0; i < groups->nelts; i++)
        gs[i]->tally = t++;
    return OK;
}

void gw_tally_mark(request_rec *r, gw_group *g)
{
    if (!g->tally || r->main)
        return;
    gw_tally_note *n = apr_pcalloc(r->pool, sizeof(*n));
    n->t = g->tally;
    n->handed = apr_time_now();
    apr_pool_userdata_setn(n, GW_TALLY_NOTE, NULL, r->pool);
    __atomic_fetch_add(&n->t->waiting, 1, __ATOMIC_RELAXED);
}

/* The request left the queue: taken by a process, or answered without
 * one (503, 504, the client gone).  Once. */
static void left_queue(gw_tally_note *n)
{
    if (n->taken)
        return;
    n->taken = 1;
    __atomic_fetch_sub(&n->t->waiting, 1, __ATOMIC_RELAXED);
}

static void add_to(gw_tally_histogram *h, apr_int64_t us)
{
    int b = 0;

    if (us < 0)
        us = 0;                 /* the clock stepped back */
    while (b < GW_TALLY_BUCKETS && us > gw_tally_le_us[b])
        b++;
    __atomic_fetch_add(&h->count[b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&h->sum_us, (apr_uint64_t)us, __ATOMIC_RELAXED);
}

static gw_tally_note *note_of(request_rec *r)
{
    void *n = NULL;

    apr_pool_userdata_get(&n, GW_TALLY_NOTE, r->pool);
    return n;
}

void gw_tally_taken(request_rec *r)
{
    gw_tally_note *n = note_of(r);
    if (!n || n->taken)
        return;                 /* a retry's second START: waited once */
    left_queue(n);
    add_to(&n->t->queue, apr_time_now() - n->handed);
}

/* The request logged is the one the client sent; after an internal
 * redirect (ErrorDocument, a Location the app sent) the one our handler
 * ran and the status the client got are further down its ->next chain,
 * as mod_log_config's %>s finds them. */
static int count_logged(request_rec *r)
{
    gw_tally_note *n = NULL;
    request_rec *last = r;

    for (request_rec *q = r; q; q = q->next) {
        if (!n)
            n = note_of(q);
        last = q;
    }
    if (!n)
        return DECLINED;
    left_queue(n);
    if (last->status >= 100 && last->status <= 599)
        __atomic_fetch_add(&n->t->by_class[last->status / 100 - 1], 1,
                           __ATOMIC_RELAXED);
    add_to(&n->t->duration, apr_time_now() - r->request_time);
    return DECLINED;
}

static void copy_histogram(const gw_tally_histogram *h,
                           gw_tally_histogram *out)
{
    for (int b = 0; b <= GW_TALLY_BUCKETS; b++)
        out->count[b] = __atomic_load_n(&h->count[b], __ATOMIC_RELAXED);
    out->sum_us = __atomic_load_n(&h->sum_us, __ATOMIC_RELAXED);
}

void gw_tally_read(const gw_group *g, gw_tally *out)
{
    memset(out, 0, sizeof(*out));
    if (!g->tally)
        return;
    out->waiting = __atomic_load_n(&g->tally->waiting, __ATOMIC_RELAXED);
    for (int c = 0; c < 5; c++)
        out->by_class[c] = __atomic_load_n(&g->tally->by_class[c],
                                           __ATOMIC_RELAXED);
    copy_histogram(&g->tally->duration, &out->duration);
    copy_histogram(&g->tally->queue, &out->queue);
}

void gw_tally_register_hooks(void)
{
    ap_hook_log_transaction(count_logged, NULL, NULL, APR_HOOK_MIDDLE);
}
