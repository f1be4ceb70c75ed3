/*
 * gw_asgi.h - ASGI 3.0 applications in a daemon process of a group with
 * protocol=asgi (docs/asgi.md).
 *
 * Runs in the daemon.  One thread per process runs one asyncio event
 * loop for every request of the process.  The worker threads stay what
 * they are for WSGI (daemon/gw_intake.h, gw_request.h): they take a
 * connection, read its packet, check the secret, the script's delegation
 * and staleness, send START; then, instead of calling the application,
 * they hand the connection over (gw_asgi_submit), which costs them no
 * GIL, and are free for the next one.  The loop owns the handed
 * connection from then on: it reads the body, writes the response frames
 * (the same ones a WSGI response uses, proto/gw_proto.h) without
 * blocking, and gives the link back to the intake (kept for the next
 * request, or closed) when the response is over.  So a slow client or a
 * long response holds no thread, only a task on the loop.
 *
 * Lifespan: the scripts the group is given by name are loaded and their
 * lifespan startup run before the process counts as ready
 * (gw_asgi_start); a script reached through a directory mount is
 * started at its first request.  gw_asgi_stop runs the shutdown.
 *
 * The application runs in the main interpreter: an event loop belongs to
 * one interpreter, and one loop serves the process.
 */
#ifndef GW_ASGI_H
#define GW_ASGI_H

#include <stddef.h>

#include "gw_interp.h"

typedef struct {
    const char *const *scripts; /* delegated by name: started at once */
    size_t nscripts;
    int threads;                /* the loop's default executor's size */
    int request_timeout;        /* seconds, 0: none */
    int kill_timeout;           /* seconds after a stop began that the
                                 * process may be killed, at the earliest
                                 * (0: as gw_asgi_stop's timeout): open
                                 * WebSockets are closed before it */
    /* The daemon's intake (daemon/gw_intake.h), which interp/ does not
     * include: whether a finished response may keep its link, and the
     * link given back (keep: wait for its next request; else closed). */
    int (*may_keep)(void);
    void (*conn_return)(int fd, int keep);
    void (*conn_unlink)(gw_conn *c);    /* before the hand-over */
} gw_asgi_config;

/* Main thread, after gw_interp_init() and before any worker: starts the
 * loop thread and waits until every named script's lifespan startup is
 * over.  0, or the exit status (gw_exit.h) after logging why. */
int gw_asgi_start(const gw_asgi_config *cfg);

/* 1 once gw_asgi_start() succeeded: requests go to gw_asgi_submit(). */
int gw_asgi_enabled(void);

/* A worker thread, without the GIL, after START: the connection goes to
 * the loop, and call->conn->kept becomes GW_CONN_HANDED (the worker
 * neither closes nor keeps it).  On failure the response is aborted and
 * the connection stays the worker's, as after a WSGI request. */
void gw_asgi_submit(const gw_app_call *call);

/* Main thread, stopping (the intake takes nothing more): in-flight
 * requests finish, WebSockets still open near the end get 1001, the
 * lifespan shutdown runs; at most timeout seconds in all. */
void gw_asgi_stop(int timeout);

#endif
