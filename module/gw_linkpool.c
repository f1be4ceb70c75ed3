/*
 * gw_linkpool.c - idle links to daemon groups, per Apache child
 * (gw_linkpool.h).
 */
#include "gw_linkpool.h"

#include "ap_mpm.h"
#include "apr_thread_mutex.h"

#include <unistd.h>

typedef struct {
    apr_thread_mutex_t *lock;   /* NULL: this group keeps no links */
    int *fds;                   /* idle links, the most recent last */
    int n, cap;
} gw_linkset;

static gw_linkset *sets;        /* one per group, by gw_group.index */
static int nsets;

static apr_status_t linkpool_cleanup(void *data)
{
    (void)data;
    for (int i = 0; i < nsets; i++)
        while (sets[i].n > 0)
            close(sets[i].fds[--sets[i].n]);
    nsets = 0;
    return APR_SUCCESS;
}

void gw_linkpool_child_init(apr_pool_t *pchild)
{
    int threads = 1;

    if (ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads) != APR_SUCCESS
        || threads < 1)
        threads = 1;
    nsets = gw_global->groups->nelts;
    sets = apr_pcalloc(pchild, sizeof(*sets) * (nsets ? nsets : 1));
    for (int i = 0; i < nsets; i++) {
        /* Without the lock the group simply connects every time. */
        if (apr_thread_mutex_create(&sets[i].lock, APR_THREAD_MUTEX_DEFAULT,
                                    pchild) != APR_SUCCESS) {
            sets[i].lock = NULL;
            continue;
        }
        sets[i].cap = threads;
        sets[i].fds = apr_palloc(pchild, sizeof(int) * (apr_size_t)threads);
    }
    apr_pool_cleanup_register(pchild, NULL, linkpool_cleanup,
                              apr_pool_cleanup_null);
}

static gw_linkset *set_of(const gw_group *g)
{
    if (g->index < 0 || g->index >= nsets || !sets[g->index].lock
        || ((gw_group **)gw_global->groups->elts)[g->index] != g)
        return NULL;
    return &sets[g->index];
}

int gw_linkpool_take(gw_group *g)
{
    gw_linkset *s = set_of(g);
    int fd = -1;

    if (!s)
        return -1;
    apr_thread_mutex_lock(s->lock);
    if (s->n > 0)
        fd = s->fds[--s->n];    /* the most recent: least likely stale */
    apr_thread_mutex_unlock(s->lock);
    return fd;
}

void gw_linkpool_give(gw_group *g, int fd)
{
    gw_linkset *s = set_of(g);
    int kept = 0;

    if (s) {
        apr_thread_mutex_lock(s->lock);
        if (s->n < s->cap) {
            s->fds[s->n++] = fd;
            kept = 1;
        }
        apr_thread_mutex_unlock(s->lock);
    }
    if (!kept)
        close(fd);
}
