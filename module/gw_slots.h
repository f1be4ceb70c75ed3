/*
 * gw_slots.h - what the Apache parent publishes about each daemon process
 * slot, and what Apache children tell it back.
 *
 * One gw_slot_status per process slot of every group, in anonymous shared
 * memory the parent makes in post_config before the MPM forks its
 * children (g->slots).  The parent writes a slot's record when its
 * process starts and ends (parent/gw_supervisor.c); Apache children read
 * it (a quick 503 for a group that keeps failing, the status page) and
 * add what they saw of the process (its START and RETRY frames, a
 * request past request-timeout).  A daemon never sees this memory: exec
 * drops every mapping it inherited.
 */
#ifndef GW_SLOTS_H
#define GW_SLOTS_H

#include "gw_config.h"

/* What Apache children saw of one process: the requests it took (START)
 * and those it refused as stale (RETRY), counted by the children
 * themselves (gw_slots_note_start/_retry), never by the process.  A
 * young process's claim of a planned recycle is believed only when these
 * and the parent's own clock bear it out (parent/gw_deathcause.c).  All
 * accesses are atomic, relaxed but for the pid (see seen_reset in
 * parent/gw_supervisor.c): readers want each value whole, and the
 * request path pays one atomic add. */
typedef struct {
    pid_t pid;                     /* 0 while the parent resets it */
    apr_time_t started;            /* as pr->started */
    apr_uint32_t taken;
    apr_uint32_t refused;
} gw_seen;

/* Why a slot's processes ended, as the parent counts them (the metrics
 * page's restarts by cause).  The recycles are the planned ends the
 * parent confirmed; the timeouts and start failures are the exit status
 * the process gave, its own word; "killed" is the parent's kill. */
typedef enum {
    GW_ENDED_MAXREQ, GW_ENDED_INTERVAL, GW_ENDED_INACTIVE, GW_ENDED_RELOAD,
    GW_ENDED_RSS, GW_ENDED_STUCK, GW_ENDED_DEADLOCK, GW_ENDED_STARTUP,
    GW_ENDED_START_FAILED, GW_ENDED_USR1, GW_ENDED_KILLED, GW_ENDED_SIGNAL,
    GW_ENDED_EXIT,
    GW_ENDED_LOST, GW_ENDED_N
} gw_ended;

/* The cause's label value ("maximum-requests", "signal", ...). */
extern const char *const gw_ended_names[GW_ENDED_N];

/* Apache parent: the cause of one end.  lost: the MPM lost track of it;
 * killed: the parent killed it; signaled: num is the signal, else its
 * exit status; planned: a recycle the parent believes. */
gw_ended gw_slots_end_cause(int lost, int killed, int signaled, int planned,
                            int num);

/* What Apache children may know of a process slot: written by the parent
 * only (but for the counts in seen[]), in shared memory created before
 * the children fork. */
struct gw_slot_status {
    volatile apr_time_t started;   /* when it began (after any back-off) */
    volatile int early_deaths;
    volatile pid_t pid;            /* the slot's current process */
    volatile apr_time_t stuck_since; /* an Apache child gave up on it */
    /* The current process and the one before it: a START may be read
     * (and counted) after its sender has exited and been replaced. */
    volatile int seen_cur;
    gw_seen seen[2];
    char last_exit[160];
    volatile apr_uint32_t ended[GW_ENDED_N];  /* ends by cause, so far */
};

/* The Apache parent's pid, as post_config found it (getpid(): under
 * `apache2 -X` the one process is parent and child alike): the process
 * that created, bound and listens on every group's socket.  For the
 * Apache child's check of who is listening (module/gw_handler.c). */
pid_t gw_slots_parent(void);

/* Apache child: 1 when every process of the group keeps dying at start
 * (back-off in force), with *why saying how the last one ended; requests
 * then get a quick 503 instead of waiting in the socket's queue. */
int gw_slots_group_down(const gw_group *g, apr_pool_t *p,
                        const char **why);

/* What the parent published about one process slot of a group, copied
 * out of its shared record (the status page, in an Apache child). */
typedef struct {
    pid_t pid;                 /* 0: none started yet */
    apr_time_t started;        /* after any back-off: may lie ahead */
    int early_deaths;          /* deaths in a row within 5 s of start */
    apr_time_t stuck_since;    /* a child reported it past request-timeout */
    char last_exit[160];       /* how its last process ended, or "" */
    apr_uint32_t ended[GW_ENDED_N];  /* its processes' ends by cause */
} gw_slot_info;

/* 0 and *out filled, or -1 when g has no such slot (not started). */
int gw_slots_info(const gw_group *g, int slot, gw_slot_info *out);

/* Apache child: the process pid of g took a request (its START frame);
 * one atomic add at most.  What the supervisor believes of a recycle the
 * process claims when it exits (maximum-requests) rests on these counts,
 * kept in the parent's shared memory, which no daemon can reach. */
void gw_slots_note_start(const gw_group *g, pid_t pid);

/* Apache child: the process pid of g refused a request the client made at
 * `asked` (r->request_time) as stale (RETRY): the evidence for a reload
 * it claims when it exits.  One atomic add at most. */
void gw_slots_note_retry(const gw_group *g, pid_t pid, apr_time_t asked);

/* Apache child: the process pid of g left a request past request-timeout
 * (the child answered 504).  The parent kills it if it does not recycle
 * itself (a SIGSTOPped process cannot). */
void gw_slots_report_stuck(const gw_group *g, pid_t pid);

#endif
