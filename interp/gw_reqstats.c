/*
 * gw_reqstats.c - what this daemon process has served (gw_reqstats.h).
 */
#include "gw_reqstats.h"
#include "gw_log.h"

#include <stdlib.h>
#include <time.h>

static struct {
    uint64_t requests;
    int active;
    double busy;            /* seconds, up to last_us */
    int64_t last_us;        /* when active last changed */
    int64_t start_us;
    gw_reqstats_thread **threads;   /* by id - 1 */
    int nthreads, cap;
} rs;

int64_t gw_reqstats_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void gw_reqstats_init(void)
{
    rs.start_us = rs.last_us = gw_reqstats_now_us();
}

/* mod_wsgi's request_busy_time: thread-seconds spent in requests, the
 * requests in flight times the time they were. */
static void reqstats_account(int64_t now_us)
{
    if (now_us > rs.last_us)
        rs.busy += rs.active * (double)(now_us - rs.last_us) / 1e6;
    rs.last_us = now_us;
}

/* A thread's id on its first request.  Without room to list it (out of
 * memory) it still gets an id; only process_metrics() misses it. */
static void reqstats_register(gw_reqstats_thread *t)
{
    t->id = ++rs.nthreads;
    if (t->id > rs.cap) {
        int cap = rs.cap ? rs.cap * 2 : 16;
        gw_reqstats_thread **n = realloc(rs.threads, sizeof(*n) * cap);
        if (!n) {
            gw_log(GW_LOG_WARN, "GW04086: out of memory listing worker "
                   "thread %d for mod_wsgi.process_metrics(); its requests "
                   "are counted but the thread is not listed", t->id);
            return;
        }
        for (int i = rs.cap; i < cap; i++)
            n[i] = NULL;
        rs.threads = n;
        rs.cap = cap;
    }
    rs.threads[t->id - 1] = t;
}

void gw_reqstats_begin(gw_reqstats_thread *t, int64_t now_us)
{
    if (t->id == 0)
        reqstats_register(t);
    reqstats_account(now_us);
    rs.active++;
    t->requests++;
}

void gw_reqstats_end(int64_t now_us)
{
    reqstats_account(now_us);
    rs.active--;
    rs.requests++;
}

uint64_t gw_reqstats_total(void)
{
    return rs.requests;
}

void gw_reqstats_snapshot(gw_reqstats_process *p, int64_t now_us)
{
    reqstats_account(now_us);
    p->requests = rs.requests;
    p->active = rs.active;
    p->threads = rs.nthreads;
    p->busy_seconds = rs.busy;
    p->start_us = rs.start_us;
}

const gw_reqstats_thread *gw_reqstats_thread_at(int id)
{
    if (id < 1 || id > rs.nthreads || id > rs.cap)
        return NULL;   /* NULL too for one that could not be listed */
    return rs.threads[id - 1];
}
