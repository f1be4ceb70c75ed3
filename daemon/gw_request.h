/*
 * gw_request.h - one request in a daemon worker thread: the packet the
 * intake has read (gw_intake.h), checked, then handed to the application
 * (interp/gw_interp.h).
 *
 * Runs in the daemon.  Everything that decides whether and where a
 * request runs is here, before any Python: the secret and the control
 * values (gw_delegation.h), whether this process is stale (gw_reload.h:
 * then RETRY, and the process recycles), START, and whether the script is
 * the group's to run.  The application's part is gw_worker_run().
 */
#ifndef GW_REQUEST_H
#define GW_REQUEST_H

#include <limits.h>
#include <stddef.h>

#include "gw_conn.h"
#include "gw_interp.h"

/* Most vars Apache can send: it limits request header fields to 100 by
 * default, plus some 40 CGI variables. */
#define GW_MAX_VARS 1024

/* A worker thread's request, reused for every one it serves. */
typedef struct {
    gw_conn conn;                /* gw_intake_next() fills it */
    gw_kv kv[GW_MAX_VARS];       /* the packet's vars, into conn's buffer */
    char script[PATH_MAX];       /* gateway.script, NUL-ended */
    gw_worker *py;               /* the thread's Python side */
} gw_request;

/* Starts this process's graceful recycle with an exit status (the daemon
 * main's); 1 when it was started by this call. */
typedef int (*gw_recycle_fn)(int status);

/* Once, before any request: who recycles a stale process. */
void gw_request_setup(gw_recycle_fn recycle);

/* In the worker thread: the buffers and the Python side.  0, or -1 after
 * logging. */
int gw_request_init(gw_request *q);

/* Serves the request whose packet is in q->conn.  With may_keep set, a
 * clean response ends with END_KEEP, and 1 says the connection may carry
 * the next request; 0 that it must be closed.  Its fd stays the
 * caller's (gw_intake.h) either way. */
int gw_request_serve(gw_request *q, int may_keep);

/* The worker has been idle a while: its buffers' pages go back. */
void gw_request_idle(gw_request *q);

/* "the request for URI (script PATH)" of the request q is running, into
 * buf (cut to cap, NUL-terminated); "" when it has read none yet.  Reads
 * q from another thread (the watchdog's) without a lock: meant for a
 * request that has been running for seconds, and the caller re-checks
 * that it still runs; the result is always within q's buffers. */
size_t gw_request_describe(const gw_request *q, char *buf, size_t cap);

#endif
