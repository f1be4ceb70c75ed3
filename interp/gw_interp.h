/*
 * gw_interp.h - the Python side of a daemon process.
 *
 * Runs in the daemon only (linked with libpython); never in Apache.
 * gw_interp_init() starts Python in the main thread and releases the GIL;
 * each worker thread then owns a gw_worker and, for every request the
 * daemon has read and checked (daemon/gw_request.h), calls
 * gw_worker_run() without holding the GIL.  Nothing here decides whether
 * a request may run: interp/ includes only proto/ and the daemon's
 * connection interface (gw_conn.h).
 */
#ifndef GW_INTERP_H
#define GW_INTERP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "gw_conn.h"
#include "gw_hook.h"

typedef struct {
    const char *group;        /* daemon process group name */
    const char *python_home;  /* python-home= or NULL */
    const char *python_path;  /* python-path= (':'-separated) or NULL */
    int threads;              /* threads= : wsgi.multithread when > 1 */
    int processes;            /* processes= */
    int multiprocess;         /* wsgi.multiprocess: processes= given at
                               * all, as in mod_wsgi (even processes=1) */
    int run_once;             /* wsgi.run_once: threads=1 and
                               * maximum-requests=1, as in mod_wsgi */
    int script_reloading;     /* WSGIScriptReloading, for the environ */
    /* mod_wsgi's Python settings (proto/gw_handover.h has their keys) */
    const char *python_eggs;  /* PYTHON_EGG_CACHE, or NULL */
    int optimize;             /* WSGIPythonOptimize 0..2 */
    const char *hash_seed;    /* WSGIPythonHashSeed, NULL: random */
    const char *warnings;     /* WSGIPythonWarnings, tab-separated */
    int dont_write_bytecode;
    int restrict_stdin, restrict_stdout, restrict_signal;
    /* A WSGI script was loaded, with this modification time: for the
     * daemon's check of stale scripts (daemon/gw_reload.h). */
    void (*script_loaded)(const char *path, const struct timespec *mtime);
} gw_interp_config;

typedef struct gw_worker gw_worker;

/* Main thread, once.  Returns 0, or -1 after logging why. */
int gw_interp_init(const gw_interp_config *cfg);

/* One per worker thread.  NULL after logging on failure. */
gw_worker *gw_worker_new(void);

/* WSGIImportScript: loads script into the interpreter of app_group ("" is
 * the main one) with w's thread state, before requests are taken; from
 * fd when it is not -1 (as gw_app_call.script_fd).  0, or -1 after
 * logging (-2: it failed with a MemoryError). */
int gw_worker_import(gw_worker *w, const char *app_group, const char *script,
                     int fd);

/* A request the daemon has read and checked, for its application. */
typedef struct {
    gw_conn *conn;
    const gw_kv *vars;           /* decoded request vars (in conn's buffer) */
    size_t nvars;
    const char *script;          /* delegated to this group, NUL-ended */
    int script_fd;               /* script, opened by the daemon (script-
                                  * user=, daemon/gw_scriptowner.h): read
                                  * from it, never from the path; -1: open
                                  * the path */
    const char *app_group;       /* aglen bytes; "" the main interpreter */
    size_t aglen;
    const char *callable;        /* clen bytes; "application" when 0 */
    size_t clen;
    const char *uri;             /* REQUEST_URI, for log lines */
    int urilen;
    int64_t daemon_start_us;     /* when a worker took it (microseconds
                                  * since the epoch: mod_wsgi.daemon_start) */
    const gw_hook_call *hook;    /* a hook to call instead of the
                                  * application (gw_authcall.h,
                                  * gw_dispatchcall.h); NULL for a WSGI
                                  * request */
} gw_app_call;

/* Runs the application of call->script (or its auth hook) in its
 * application group's interpreter and writes its response to
 * call->conn; whatever fails ends the response with an ABORT frame.
 * The caller has sent START. */
void gw_worker_run(gw_worker *w, const gw_app_call *call);

/* Script loading (interp/gw_script.c) reports each script's modification
 * time here, for the daemon (gw_interp_config.script_loaded). */
void gw_interp_note_loaded(const char *path, const struct timespec *mtime);

/* The worker has been idle a while: gives its buffers' pages back (they
 * hold nothing between connections).  Without the GIL. */
void gw_worker_idle(gw_worker *w);

/* ---- stopping (daemon/gw_daemon.c) ---- */

/* The process stops for reason (mod_wsgi's shutdown_reason: "" or e.g.
 * "restart_interval"): starts the applications' shutdown callbacks
 * (mod_wsgi.subscribe_shutdown) in a thread of their own and returns at
 * once; nothing when no application has subscribed yet, or when they
 * were started already (so it is called again once the requests in
 * flight are done, which may have subscribed).  Main thread, without the
 * GIL. */
void gw_interp_stopping(const char *reason);

/* Waits for those callbacks until deadline (CLOCK_REALTIME): 0 when they
 * are done (or there were none), -1 when they were still running. */
int gw_interp_stopping_wait(const struct timespec *deadline);

/* ---- for the watchdog (daemon/gw_watchdog.c) ---- */

/* Takes the GIL (on the main interpreter) and drops it again; returns
 * only once the GIL was had.  Called from one dedicated thread. */
void gw_interp_gil_probe(void);

#endif
