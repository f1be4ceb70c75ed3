/*
 * gw_watchdog.h - recycling and timeouts of a daemon process.
 *
 * Runs in the daemon.  mod_wsgi's WSGIDaemonProcess options, all off (0)
 * by default except deadlock-timeout (300 s):
 *
 *   maximum-requests=N    after N requests, stop gracefully (exit 103)
 *   restart-interval=S    after S s of life, stop gracefully (exit 104)
 *   inactivity-timeout=S  S s without any request once one has been
 *                         served, stop gracefully (exit 105)
 *   request-timeout=S     a request running S+1 s (the Apache child has
 *                         answered 504 at S): stop gracefully, not waiting
 *                         for the stuck request(s) (exit 106)
 *   deadlock-timeout=S    the Python GIL could not be taken for S s: exit
 *                         at once (exit 107)
 *   startup-timeout=S     not ready S s after start: exit at once (108)
 *   maximum-rss=BYTES     (ours) the resident set is over BYTES after a
 *                         request: stop gracefully (exit 115), before a
 *                         leak reaches memory-limit='s MemoryError
 *
 * "Gracefully" is the SIGTERM path of gw_daemon.c: stop accepting, let the
 * requests in flight finish (up to shutdown-timeout), exit; the supervisor
 * starts a fresh process and queued connections wait for it in the
 * group socket's backlog, so a recycle loses nothing.
 *
 * One watchdog thread per process wakes once a second (or at the next
 * request deadline) when any option is on; a second thread takes and drops
 * the GIL once a second for deadlock-timeout.  Workers only do the two
 * inline calls below around each request: relaxed atomic stores and, with
 * maximum-requests, one atomic add.
 */
#ifndef GW_WATCHDOG_H
#define GW_WATCHDOG_H

#include "gw_request.h"
#include "gw_clock.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

typedef struct {
    int threads;                 /* worker threads (slots) */
    long maximum_requests;       /* 0: off, as the rest */
    int restart_interval;        /* seconds */
    int inactivity_timeout;
    int request_timeout;
    int deadlock_timeout;
    int startup_timeout;
    long long maximum_rss;       /* bytes */
} gw_watchdog_config;

/* Starts a graceful stop that ends with exit status `status`; returns 1,
 * or 0 when a stop (a signal or an earlier recycle) is already under way.
 * Provided by the daemon main; may be called from any thread. */
typedef int (*gw_watchdog_stop_fn)(int status);

/* Main thread, before gw_interp_init() and after blocking signals (the
 * threads inherit the mask).  0, or -1 after logging. */
int gw_watchdog_start(const gw_watchdog_config *c, gw_watchdog_stop_fn stop);

/* Main thread, once Python runs and the workers are started: ends the
 * startup-timeout and starts the GIL probe.  0, or -1 after logging. */
int gw_watchdog_ready(void);

/* Worker slot i (0 <= i < threads) belongs to request q (for messages). */
void gw_watchdog_worker(int i, gw_request *q);

/* Requests in flight that have outlived request-timeout (0 when it is
 * off): a stop does not wait for them. */
int gw_watchdog_stuck(void);

/* ---- hot path ---------------------------------------------------------- */

typedef struct {
    alignas(64) _Atomic int_least64_t started;  /* ms; 0: idle */
    gw_request *_Atomic worker;
} gw_watchdog_slot;

extern struct gw_watchdog_shared {
    gw_watchdog_slot *slots;
    long maximum_requests;
    long long maximum_rss;              /* bytes; 0: off */
    atomic_long requests;
    _Atomic int_least64_t last_end;     /* ms; 0: nothing served yet */
} gw_watchdog_shared;

void gw_watchdog_maximum_reached(void);
/* maximum-rss=: recycles the process if its resident set is over it. */
void gw_watchdog_rss_check(void);

/* A worker took a connection / is done with it. */
static inline void gw_watchdog_begin(int i)
{
    atomic_store_explicit(&gw_watchdog_shared.slots[i].started,
                          gw_clock_coarse_ms(), memory_order_relaxed);
    if (gw_watchdog_shared.maximum_requests > 0
        && atomic_fetch_add_explicit(&gw_watchdog_shared.requests, 1,
                                     memory_order_relaxed) + 1
           == gw_watchdog_shared.maximum_requests)
        gw_watchdog_maximum_reached();
}

static inline void gw_watchdog_end(int i)
{
    int_least64_t now = gw_clock_coarse_ms();
    atomic_store_explicit(&gw_watchdog_shared.slots[i].started, 0,
                          memory_order_relaxed);
    atomic_store_explicit(&gw_watchdog_shared.last_end, now,
                          memory_order_relaxed);
    if (gw_watchdog_shared.maximum_rss > 0)
        gw_watchdog_rss_check();
}

#endif
