/*
 * gw_reqstats.h - what this daemon process has served: requests done per
 * process and per worker thread, requests in flight and the time spent
 * busy, as mod_wsgi reports them (the environ's mod_wsgi.total_requests,
 * mod_wsgi.thread_id, mod_wsgi.thread_requests and the mod_wsgi module's
 * process_metrics()).
 *
 * Every function but gw_reqstats_init() and gw_reqstats_now_us() runs
 * with the GIL held: every interpreter of the process shares the one GIL
 * (Py_NewInterpreter() makes them so), which is what serialises these
 * counters, so a request pays no lock of its own for them.
 */
#ifndef GW_REQSTATS_H
#define GW_REQSTATS_H

#include <stddef.h>
#include <stdint.h>

/* One worker thread's part, in its gw_worker. */
typedef struct {
    int id;                 /* mod_wsgi.thread_id: 1, 2, ... in the order
                             * the threads first served a request; 0
                             * before the first */
    uint64_t requests;      /* requests this thread has begun, the one
                             * in hand included (mod_wsgi counts them
                             * so) */
} gw_reqstats_thread;

/* A snapshot for process_metrics(). */
typedef struct {
    uint64_t requests;      /* finished by the process */
    int active;             /* in the application right now */
    int threads;            /* worker threads that served one (ids 1..) */
    double busy_seconds;    /* the sum over time of requests in flight */
    int64_t start_us;       /* when the process started Python */
} gw_reqstats_process;

/* Microseconds since the epoch (mod_wsgi's apr_time_now()). */
int64_t gw_reqstats_now_us(void);

/* Once, at start, before any request. */
void gw_reqstats_init(void);

/* A request enters the application on thread t at now_us, and leaves
 * it: the thread's count goes up on entry, the process's on leaving, as
 * mod_wsgi's do. */
void gw_reqstats_begin(gw_reqstats_thread *t, int64_t now_us);
void gw_reqstats_end(int64_t now_us);

/* Requests the process has finished. */
uint64_t gw_reqstats_total(void);

/* The process's figures now, with busy time brought up to now_us. */
void gw_reqstats_snapshot(gw_reqstats_process *p, int64_t now_us);

/* The thread with id (1..threads), or NULL (past the end, or a thread
 * that could not be listed). */
const gw_reqstats_thread *gw_reqstats_thread_at(int id);

#endif
