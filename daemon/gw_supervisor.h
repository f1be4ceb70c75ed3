/*
 * gw_supervisor.h - daemon process groups, seen from the Apache parent.
 *
 * Runs in the Apache parent (root): creates each group's socket, starts
 * its processes, restarts them when they die, and stops them and removes
 * the socket when the configuration is unloaded (restart or stop).
 */
#ifndef GW_SUPERVISOR_H
#define GW_SUPERVISOR_H

#include "gw_config.h"

/* post_config, both passes: what can be checked before Apache detaches
 * (socket directory, daemon executable), so `apachectl start` itself
 * fails and says why.  OK or an HTTP-style error, logged. */
int gw_supervisor_preflight(apr_pool_t *p, server_rec *s);

/* post_config, real (second) pass: returns OK or an HTTP-style error. */
int gw_supervisor_start(apr_pool_t *pconf, server_rec *s);

/* The Apache parent's pid, as post_config found it (getpid(): under
 * `apache2 -X` the one process is parent and child alike): the process
 * that created, bound and listens on every group's socket.  For the
 * Apache child's check of who is listening (module/gw_handler.c). */
pid_t gw_supervisor_parent(void);

/* Apache child: 1 when every process of the group keeps dying at start
 * (back-off in force), with *why saying how the last one ended; requests
 * then get a quick 503 instead of waiting in the socket's queue. */
int gw_supervisor_group_down(const gw_group *g, apr_pool_t *p,
                             const char **why);

/* What the parent published about one process slot of a group, copied
 * out of its shared record (the status page, in an Apache child). */
typedef struct {
    pid_t pid;                 /* 0: none started yet */
    apr_time_t started;        /* after any back-off: may lie ahead */
    int early_deaths;          /* deaths in a row within 5 s of start */
    apr_time_t stuck_since;    /* a child reported it past request-timeout */
    char last_exit[160];       /* how its last process ended, or "" */
} gw_slot_info;

/* 0 and *out filled, or -1 when g has no such slot (not started). */
int gw_supervisor_slot_info(const gw_group *g, int slot, gw_slot_info *out);

/* Apache child: the process pid of g took a request (its START frame);
 * one atomic add at most.  What the supervisor believes of a recycle the
 * process claims when it exits (maximum-requests) rests on these counts,
 * kept in the parent's shared memory, which no daemon can reach. */
void gw_supervisor_note_start(const gw_group *g, pid_t pid);

/* Apache child: the process pid of g refused a request the client made at
 * `asked` (r->request_time) as stale (RETRY): the evidence for a reload
 * it claims when it exits.  One atomic add at most. */
void gw_supervisor_note_retry(const gw_group *g, pid_t pid, apr_time_t asked);

/* Apache child: the process pid of g left a request past request-timeout
 * (the child answered 504).  The parent kills it if it does not recycle
 * itself (a SIGSTOPped process cannot). */
void gw_supervisor_report_stuck(const gw_group *g, pid_t pid);

/* monitor hook (Apache parent, periodically): kills stuck processes (see
 * above) and processes of earlier generations that outlived their
 * graceful-timeout. */
void gw_supervisor_monitor(void);

/* child_init: an Apache child has no business with the groups' listening
 * sockets; close its inherited copies. */
void gw_supervisor_child_init(void);

#endif
