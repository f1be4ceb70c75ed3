/*
 * gw_watchdog.c - recycling and timeouts of a daemon process (see
 * gw_watchdog.h).
 */
#include "gw_watchdog.h"
#include "gw_exit.h"
#include "gw_interp.h"
#include "gw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct gw_watchdog_shared gw_watchdog_shared;

static struct {
    gw_watchdog_config cfg;
    gw_watchdog_stop_fn stop;
    int_least64_t born;                 /* ms, at gw_watchdog_start */
    atomic_int ready;
    atomic_int stopping;                /* a recycle was asked for */
    _Atomic int_least64_t gil_ok;       /* ms of the last GIL probe */
    atomic_int probing;                 /* the GIL probe thread runs */
    int statm_fd;                       /* /proc/self/statm, maximum-rss= */
    long page_size;
} wd;

#define GW_WD_TICK_MS 1000
/* The daemon notices a stuck request this long after request-timeout, so
 * that the Apache child's 504 (its GW01030 line) comes first. */
#define GW_WD_STUCK_SLACK_MS 1000
#define GW_WD_LABEL 512

static int_least64_t stuck_after_ms(void)
{
    return (int_least64_t)wd.cfg.request_timeout * 1000
           + GW_WD_STUCK_SLACK_MS;
}

/* What slot i is running, for a message: "the request for URI (script
 * PATH)", or "a request" when that cannot be told (the request ended
 * while we looked, or had not been read yet). */
static void slot_label(int i, int_least64_t started, char *buf, size_t cap)
{
    gw_watchdog_slot *s = &gw_watchdog_shared.slots[i];
    gw_request *q = atomic_load_explicit(&s->worker, memory_order_acquire);

    buf[0] = '\0';
    if (q)
        gw_request_describe(q, buf, cap);
    /* The worker wrote the request long before (it has been running for
     * seconds); if the slot changed meanwhile, what we copied may be a
     * mix of two requests. */
    if (!buf[0] || atomic_load_explicit(&s->started, memory_order_acquire)
                   != started)
        snprintf(buf, cap, "a request");
}

/* 1 when any request is in flight. */
static int any_running(void)
{
    for (int i = 0; i < wd.cfg.threads; i++)
        if (atomic_load_explicit(&gw_watchdog_shared.slots[i].started,
                                 memory_order_relaxed))
            return 1;
    return 0;
}

/* "LABEL (N s), ..." for up to GW_WD_SHOWN requests in flight, oldest
 * first, into buf; returns how many run in all. */
#define GW_WD_SHOWN 4
static int requests_running(int_least64_t now, char *buf, size_t cap)
{
    int_least64_t after = 0, started;
    char label[GW_WD_LABEL];
    size_t len = 0;
    int n = 0;

    buf[0] = '\0';
    for (int i = 0; i < wd.cfg.threads; i++)
        if (atomic_load_explicit(&gw_watchdog_shared.slots[i].started,
                                 memory_order_relaxed))
            n++;
    /* Oldest first: each round takes the oldest start after the last. */
    for (int shown = 0; shown < GW_WD_SHOWN && len < cap; shown++) {
        int best = -1;
        started = 0;
        for (int i = 0; i < wd.cfg.threads; i++) {
            int_least64_t t = atomic_load_explicit(
                &gw_watchdog_shared.slots[i].started, memory_order_relaxed);
            if (t > after && (best < 0 || t < started)) {
                best = i;
                started = t;
            }
        }
        if (best < 0)
            break;
        after = started;
        slot_label(best, started, label, sizeof(label));
        int w = snprintf(buf + len, cap - len, "%s%s (%lld s)",
                         shown ? ", " : "", label,
                         (long long)((now - started) / 1000));
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (n > GW_WD_SHOWN && len < cap)
        snprintf(buf + len, cap - len, ", ...");
    return n;
}

int gw_watchdog_stuck(void)
{
    int n = 0;

    if (wd.cfg.request_timeout <= 0 || !gw_watchdog_shared.slots)
        return 0;
    int_least64_t now = gw_clock_ms();
    for (int i = 0; i < wd.cfg.threads; i++) {
        int_least64_t t = atomic_load_explicit(
            &gw_watchdog_shared.slots[i].started, memory_order_relaxed);
        if (t && now - t >= stuck_after_ms())
            n++;
    }
    return n;
}

static int recycle(int status)
{
    atomic_store(&wd.stopping, 1);
    return wd.stop(status);
}

void gw_watchdog_maximum_reached(void)
{
    if (recycle(GW_EXIT_MAXREQ))
        gw_log(GW_LOG_INFO, "GW03030: recycling after %ld requests "
               "(maximum-requests): taking no more, finishing the requests "
               "in flight, then exiting for a fresh process",
               wd.cfg.maximum_requests);
}

/* The resident set in bytes, from the second field of /proc/self/statm:
 * one pread of a descriptor kept open (procfs makes the text anew at
 * offset 0), about a microsecond; -1 when it cannot be read. */
static long long resident_bytes(void)
{
    char buf[128];
    ssize_t n = pread(wd.statm_fd, buf, sizeof(buf) - 1, 0);
    unsigned long long size, rss;

    if (n <= 0)
        return -1;
    buf[n] = '\0';
    if (sscanf(buf, "%llu %llu", &size, &rss) != 2)
        return -1;
    return (long long)(rss * (unsigned long long)wd.page_size);
}

/* After each request: a process over maximum-rss= stops taking requests,
 * finishes those in flight and exits for a fresh one, which the next
 * requests (queued in the group's socket meanwhile) go to.  Checked after
 * every request, not once a second: a leak of megabytes per request would
 * be well past the soft limit, and at memory-limit='s MemoryError, by the
 * time a slower check looked. */
void gw_watchdog_rss_check(void)
{
    long long rss = resident_bytes();

    if (rss <= gw_watchdog_shared.maximum_rss
        || atomic_load_explicit(&wd.stopping, memory_order_relaxed))
        return;
    if (recycle(GW_EXIT_RSS))
        gw_log(GW_LOG_NOTICE, "GW03090: resident memory %lld MiB is over "
               "maximum-rss= (%lld MiB) after a request; recycling: taking "
               "no more requests, finishing those in flight, then exiting "
               "for a fresh process", rss >> 20,
               gw_watchdog_shared.maximum_rss >> 20);
}

/* ---- the GIL probe ------------------------------------------------------ */

static void *gil_probe_main(void *arg)
{
    (void)arg;
    for (;;) {
        gw_interp_gil_probe();
        atomic_store_explicit(&wd.gil_ok, gw_clock_ms(),
                              memory_order_relaxed);
        struct timespec ts = { GW_WD_TICK_MS / 1000,
                               (GW_WD_TICK_MS % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    return NULL;
}

/* ---- the watchdog -------------------------------------------------------- */

/* Checks everything once; returns how many ms it may sleep. */
static int_least64_t check(void)
{
    int_least64_t now = gw_clock_ms(), sleep_ms = GW_WD_TICK_MS;
    char label[GW_WD_LABEL];

    if (!atomic_load(&wd.ready)) {
        if (wd.cfg.startup_timeout > 0
            && now - wd.born >= (int_least64_t)wd.cfg.startup_timeout * 1000) {
            gw_log(GW_LOG_ERR, "GW03031: not ready %d s after start "
                   "(startup-timeout): Python start-up or the python-path "
                   ".pth files are still running; exiting for a fresh "
                   "process", wd.cfg.startup_timeout);
            _exit(GW_EXIT_STARTUP);
        }
        return sleep_ms;
    }

    if (atomic_load_explicit(&wd.probing, memory_order_relaxed)) {
        int_least64_t ok = atomic_load_explicit(&wd.gil_ok,
                                                memory_order_relaxed);
        if (now - ok >= (int_least64_t)wd.cfg.deadlock_timeout * 1000) {
            char running[GW_WD_SHOWN * (GW_WD_LABEL + 32)];
            int n = requests_running(now, running, sizeof(running));
            gw_log(GW_LOG_ERR, "GW03032: the Python GIL has been held for "
                   "%lld s (deadlock-timeout %d s): a thread is stuck in C "
                   "code without releasing it, or deadlocked; exiting at "
                   "once, cutting the %d request%s in flight%s%s",
                   (long long)((now - ok) / 1000), wd.cfg.deadlock_timeout,
                   n, n == 1 ? "" : "s", n ? ": " : "", running);
            _exit(GW_EXIT_DEADLOCK);
        }
    }

    if (atomic_load(&wd.stopping))
        return sleep_ms;

    if (wd.cfg.request_timeout > 0) {
        int stuck = -1;
        int_least64_t stuck_started = 0, started;
        for (int i = 0; i < wd.cfg.threads; i++) {
            started = atomic_load_explicit(
                &gw_watchdog_shared.slots[i].started, memory_order_relaxed);
            if (!started)
                continue;
            int_least64_t left = started + stuck_after_ms() - now;
            if (left <= 0 && (stuck < 0 || started < stuck_started)) {
                stuck = i;
                stuck_started = started;
            } else if (left > 0 && left < sleep_ms) {
                sleep_ms = left;
            }
        }
        if (stuck >= 0) {
            slot_label(stuck, stuck_started, label, sizeof(label));
            if (recycle(GW_EXIT_STUCK)) {
                int n = gw_watchdog_stuck();
                gw_log(GW_LOG_ERR, "GW03033: %s has been running for %lld s, "
                       "over request-timeout (%d s): taking no more "
                       "requests, letting the others in flight finish, then "
                       "exiting for a fresh process (%d stuck request%s "
                       "abandoned: a client still waiting got a 504, one "
                       "being answered is cut)", label,
                       (long long)((now - stuck_started) / 1000),
                       wd.cfg.request_timeout, n > 1 ? n : 1,
                       n > 1 ? "s" : "");
            }
            return GW_WD_TICK_MS;
        }
    }

    if (wd.cfg.restart_interval > 0
        && now - wd.born >= (int_least64_t)wd.cfg.restart_interval * 1000) {
        if (recycle(GW_EXIT_INTERVAL))
            gw_log(GW_LOG_INFO, "GW03034: recycling after %d s of life "
                   "(restart-interval): taking no more requests, finishing "
                   "those in flight, then exiting for a fresh process",
                   wd.cfg.restart_interval);
        return GW_WD_TICK_MS;
    }

    if (wd.cfg.inactivity_timeout > 0) {
        int_least64_t last = atomic_load_explicit(&gw_watchdog_shared.last_end,
                                                  memory_order_relaxed);
        if (last && !any_running()
            && now - last >= (int_least64_t)wd.cfg.inactivity_timeout * 1000
            && recycle(GW_EXIT_INACTIVE))
            gw_log(GW_LOG_INFO, "GW03035: recycling after %d s without "
                   "requests (inactivity-timeout): exiting to give the "
                   "memory back; a fresh process starts",
                   wd.cfg.inactivity_timeout);
    }
    return sleep_ms;
}

static void *watchdog_main(void *arg)
{
    (void)arg;
    for (;;) {
        int_least64_t ms = check();
        if (ms < 10)
            ms = 10;
        struct timespec ts = { (time_t)(ms / 1000),
                               (long)(ms % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    return NULL;
}

/* Small stacks: a daemon under virtual-memory-limit= must not pay 8 MiB
 * of address space for each of these.  The GIL probe runs a little of
 * Python's C code (making its thread state). */
#define GW_WD_STACK       (128u << 10)
#define GW_WD_PROBE_STACK (256u << 10)

static int start_thread(void *(*fn)(void *), size_t stack, const char *what,
                         const char *lost)
{
    pthread_attr_t attr;
    pthread_t t;
    int rc = pthread_attr_init(&attr);

    if (rc == 0) {
        if (stack < (size_t)PTHREAD_STACK_MIN)
            stack = PTHREAD_STACK_MIN;
        (void)pthread_attr_setstacksize(&attr, stack);
        (void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        rc = pthread_create(&t, &attr, fn, NULL);
        pthread_attr_destroy(&attr);
    }
    if (rc != 0)
        gw_log(GW_LOG_ERR, "GW03036: cannot start the %s thread: %s; %s "
               "not enforced in this process", what, strerror(rc), lost);
    return rc;
}

int gw_watchdog_start(const gw_watchdog_config *c, gw_watchdog_stop_fn stop)
{
    size_t size = sizeof(gw_watchdog_slot) * (size_t)(c->threads > 0
                                                      ? c->threads : 1);

    wd.cfg = *c;
    wd.stop = stop;
    wd.born = gw_clock_ms();
    gw_watchdog_shared.maximum_requests = c->maximum_requests;
    wd.statm_fd = -1;
    if (c->maximum_rss > 0) {
        wd.page_size = sysconf(_SC_PAGESIZE);
        wd.statm_fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
        if (wd.statm_fd < 0 || wd.page_size <= 0 || resident_bytes() < 0) {
            gw_log(GW_LOG_CRIT, "GW03091: cannot read this process's "
                   "resident memory (/proc/self/statm: %s) for "
                   "maximum-rss=; the process exits", strerror(errno));
            return -1;
        }
        gw_watchdog_shared.maximum_rss = c->maximum_rss;
    }
    /* aligned_alloc wants a multiple of the alignment: alignas makes the
     * slot's size one. */
    gw_watchdog_shared.slots = aligned_alloc(alignof(gw_watchdog_slot), size);
    if (!gw_watchdog_shared.slots) {
        gw_log(GW_LOG_CRIT, "GW03037: out of memory for %d worker slots; "
               "the process exits", c->threads);
        return -1;
    }
    memset(gw_watchdog_shared.slots, 0, size);
    if (c->restart_interval > 0 || c->inactivity_timeout > 0
        || c->request_timeout > 0 || c->deadlock_timeout > 0
        || c->startup_timeout > 0)
        start_thread(watchdog_main, GW_WD_STACK, "watchdog",
                     "restart-interval, inactivity-, request-, deadlock- "
                     "and startup-timeout are");
    return 0;
}

int gw_watchdog_ready(void)
{
    atomic_store(&wd.gil_ok, gw_clock_ms());
    atomic_store(&wd.ready, 1);
    if (wd.cfg.deadlock_timeout > 0
        && start_thread(gil_probe_main, GW_WD_PROBE_STACK, "GIL probe",
                        "deadlock-timeout is") == 0)
        atomic_store(&wd.probing, 1);
    return 0;
}

void gw_watchdog_worker(int i, gw_request *q)
{
    atomic_store_explicit(&gw_watchdog_shared.slots[i].worker, q,
                          memory_order_release);
}
