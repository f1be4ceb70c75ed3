/*
 * gw_attach_table.c - the attached daemons' rows for gateway-ctl status
 * (see gw_attach_table.h).  Written in the Apache parent, read in the
 * control process; both run as root.
 */
#include "gw_attach_table.h"

#include "apr_strings.h"

#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct {
    unsigned seq;                  /* odd while the parent writes */
    int n, more;
    gw_attach_row row[GW_ATTACH_TABLE_MAX];
} gw_attach_table;

/* A reader gives up after this many copies that were written meanwhile
 * (each write takes microseconds; this is never reached but by a bug). */
#define GW_ATTACH_TABLE_TRIES 1000

static struct {
    gw_attach_table *t;
    pid_t owner;                   /* the parent that made it */
} tab;

static apr_status_t table_unmap(void *data)
{
    (void)data;
    /* Another process never had it (MADV_DONTFORK): the address may be
     * something else of its own there. */
    if (tab.t && getpid() == tab.owner)
        munmap(tab.t, sizeof(*tab.t));
    tab.t = NULL;
    return APR_SUCCESS;
}

void gw_attach_table_create(apr_pool_t *pconf)
{
    void *m = mmap(NULL, sizeof(gw_attach_table), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (m == MAP_FAILED)
        return;                    /* status shows no attached daemons */
    if (madvise(m, sizeof(gw_attach_table), MADV_DONTFORK) != 0) {
        munmap(m, sizeof(gw_attach_table));
        return;
    }
    tab.t = m;
    tab.owner = getpid();
    apr_pool_cleanup_register(pconf, NULL, table_unmap,
                              apr_pool_cleanup_null);
}

void gw_attach_table_fork_begin(void)
{
    if (tab.t)
        (void)madvise(tab.t, sizeof(*tab.t), MADV_DOFORK);
}

void gw_attach_table_fork_end(void)
{
    if (tab.t && getpid() == tab.owner)
        (void)madvise(tab.t, sizeof(*tab.t), MADV_DONTFORK);
}

/* ---- the parent's side ------------------------------------------------- */

static void row_fill(gw_attach_row *w, const gw_attach *a)
{
    const gw_attach_kept *r = a->k;

    memset(w, 0, sizeof(*w));
    apr_cpystrn(w->group, a->group->name, sizeof(w->group));
    apr_cpystrn(w->name, a->name, sizeof(w->name));
    w->from_file = a->worker_file != NULL;
    if (!r)
        return;                    /* GW_ATTACH_FREE: not started */
    apr_cpystrn(w->last_exit, r->last_exit, sizeof(w->last_exit));
    w->state = r->state;
    w->pid = r->pid > 0 ? (int)r->pid : 0;
    w->restarting = r->restarting;
    w->ctl_stopped = r->ctl_stopped;
    w->after_wait = r->after_wait;
    w->restarts = r->starts > 1 ? r->starts - 1 : 0;
    w->started = r->started;
}

void gw_attach_table_publish(void)
{
    gw_attach_table *t = tab.t;

    if (!t || getpid() != tab.owner || !gw_global)
        return;
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int n = 0, more = 0;

    __atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    for (int i = 0; i < gw_global->attached->nelts; i++) {
        if (list[i]->dropped)
            continue;              /* gone from its file */
        if (n == GW_ATTACH_TABLE_MAX)
            more++;
        else
            row_fill(&t->row[n++], list[i]);
    }
    t->n = n;
    t->more = more;
    __atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
}

/* ---- the control process's side --------------------------------------- */

/* One copy made while the count stood still: 0, or -1. */
static int steady_copy(gw_attach_table *into)
{
    const gw_attach_table *t = tab.t;

    for (int k = 0; k < GW_ATTACH_TABLE_TRIES; k++) {
        unsigned before = __atomic_load_n(&t->seq, __ATOMIC_ACQUIRE);
        if (before & 1) {
            sched_yield();
            continue;
        }
        memcpy(into, t, sizeof(*into));
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&t->seq, __ATOMIC_RELAXED) == before)
            return 0;
    }
    return -1;
}

static int row_ok(const gw_attach_row *w)
{
    return memchr(w->group, '\0', sizeof(w->group))
           && memchr(w->name, '\0', sizeof(w->name))
           && memchr(w->last_exit, '\0', sizeof(w->last_exit));
}

int gw_attach_table_read(apr_pool_t *p, const char *group,
                         gw_attach_row **rows, int *more)
{
    gw_attach_table *copy;
    int n = 0;

    *rows = NULL;
    *more = 0;
    if (!tab.t)
        return -1;
    copy = apr_palloc(p, sizeof(*copy));
    if (steady_copy(copy) != 0 || copy->n < 0
        || copy->n > GW_ATTACH_TABLE_MAX)
        return -1;
    *rows = apr_pcalloc(p, sizeof(gw_attach_row) * (apr_size_t)(copy->n
                                                                  + 1));
    for (int i = 0; i < copy->n; i++)
        if (row_ok(&copy->row[i])
            && (!group || !strcmp(copy->row[i].group, group)))
            (*rows)[n++] = copy->row[i];
    *more = copy->more > 0 ? copy->more : 0;
    return n;
}

const char *gw_attach_row_state(const gw_attach_row *w, apr_time_t now)
{
    switch (w->state) {
    case GW_ATTACH_PENDING:
        return "pending";
    case GW_ATTACH_STOPPED:
        return "stopped";
    case GW_ATTACH_RUNNING:
        if (w->ctl_stopped)
            return "stopping";
        if (w->restarting)
            return "restarting";
        if (now < w->started)
            return w->after_wait ? "starting" : "back-off";
        return "running";
    default:
        return "not started";
    }
}
