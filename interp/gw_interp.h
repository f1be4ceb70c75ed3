/*
 * gw_interp.h - the Python side of a daemon process.
 *
 * Runs in the daemon only (linked with libpython); never in Apache.
 * gw_interp_init() starts Python in the main thread and releases the GIL;
 * each worker thread then owns a gw_worker and calls gw_worker_serve() for
 * every request, without holding the GIL.
 */
#ifndef GW_INTERP_H
#define GW_INTERP_H

#include <stddef.h>

#include "gw_conn.h"

typedef struct {
    const char *group;        /* daemon process group name */
    const char *python_home;  /* python-home= or NULL */
    const char *python_path;  /* python-path= (':'-separated) or NULL */
    int threads;              /* threads= : wsgi.multithread when > 1 */
    int processes;            /* processes= */
    int multiprocess;         /* wsgi.multiprocess: processes= given at
                               * all, as in mod_wsgi (even processes=1) */
    /* Starts this process's graceful recycle with an exit status (the
     * daemon main's); used when the process turns out to be stale. */
    int (*recycle)(int status);
} gw_interp_config;

typedef struct gw_worker gw_worker;

/* Main thread, once.  Returns 0, or -1 after logging why. */
int gw_interp_init(const gw_interp_config *cfg);

/* One per worker thread.  NULL after logging on failure. */
gw_worker *gw_worker_new(void);

/* WSGIImportScript: loads script into the interpreter of app_group ("" is
 * the main one) with w's thread state, before requests are taken.  0, or
 * -1 after logging (-2: it failed with a MemoryError). */
int gw_worker_import(gw_worker *w, const char *app_group, const char *script);

/* w's connection: gw_intake_next() puts the next request into it. */
gw_conn *gw_worker_conn(gw_worker *w);

/* Serves the request whose packet gw_intake_next() put into w's
 * connection: runs the application and writes the response frames.
 * With may_keep set, a clean response ends with END_KEEP, and 1 says
 * the connection may carry the next request; 0 that it must be closed.
 * Its fd stays the caller's (gw_intake.h) either way. */
int gw_worker_serve(gw_worker *w, int may_keep);

/* The worker has been idle a while: gives its buffers' pages back (they
 * hold nothing between connections).  Without the GIL. */
void gw_worker_idle(gw_worker *w);

/* ---- for the watchdog (daemon/gw_watchdog.c) ---- */

/* Takes the GIL (on the main interpreter) and drops it again; returns
 * only once the GIL was had.  Called from one dedicated thread. */
void gw_interp_gil_probe(void);

/* "the request for URI (script PATH)" of the request w is running, into
 * buf (cut to cap, NUL-terminated); "" when it has read none yet.  Reads
 * w from another thread without a lock: meant for a request that has been
 * running for seconds, and the caller re-checks that it still runs; the
 * result is always within w's buffers. */
size_t gw_worker_describe(const gw_worker *w, char *buf, size_t cap);

#endif
