/*
 * gw_attach_order.c - the order among a group's attached daemons (see
 * gw_attach_order.h).  Runs in the Apache parent.
 */
#include "gw_attach_order.h"

#include <string.h>

gw_attach *gw_attach_order_find(const gw_group *g, const char *name)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;

    for (int i = 0; i < gw_global->attached->nelts; i++)
        if (list[i]->group == g && !list[i]->dropped
            && !strcmp(list[i]->name, name))
            return list[i];
    return NULL;
}

int gw_attach_order_after(const gw_attach *a, const gw_attach *b)
{
    for (int i = 0; a->after && i < a->after->nelts; i++)
        if (a->group == b->group
            && !strcmp(APR_ARRAY_IDX(a->after, i, const char *), b->name))
            return 1;
    return 0;
}

int gw_attach_order_ready(const gw_attach *a, apr_time_t now, int *wait,
                          const char **because)
{
    *wait = 0;
    *because = NULL;
    for (int i = 0; a->after && i < a->after->nelts; i++) {
        const char *name = APR_ARRAY_IDX(a->after, i, const char *);
        const gw_attach *d = gw_attach_order_find(a->group, name);
        const gw_attach_kept *r = d ? d->k : NULL;
        if (!r || r->state != GW_ATTACH_RUNNING || r->restarting
            || r->pid <= 0) {
            *because = name;
            return 0;
        }
        /* r->started is after any back-off of its own */
        apr_time_t at = r->started + apr_time_from_sec(GW_ATTACH_ORDER_SETTLE_S);
        if (at > now) {
            int s = (int)((at - now + APR_USEC_PER_SEC - 1) / APR_USEC_PER_SEC);
            if (s > *wait) {
                *wait = s;
                *because = name;
            }
        }
    }
    return 1;
}

int gw_attach_order_held(const gw_attach *a, const char **because)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;

    for (int i = 0; i < gw_global->attached->nelts; i++) {
        const gw_attach_kept *r = list[i]->k;
        if (list[i]->dropped || !r || r->pid <= 0
            || !gw_attach_order_after(list[i], a))
            continue;
        if ((r->state == GW_ATTACH_RUNNING && r->restarting)
            || r->state == GW_ATTACH_STOPPING) {
            *because = list[i]->name;
            return 1;
        }
    }
    return 0;
}
