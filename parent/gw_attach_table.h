/*
 * gw_attach_table.h - the attached daemons as gateway-ctl status shows
 * them: the Apache parent, which runs them, publishes a row per record
 * in a shared mapping after every change; the control process
 * (parent/gw_control_cmd.c) reads it.
 *
 * The mapping is made in post_config before the control process is
 * forked, and marked MADV_DONTFORK but while that fork happens: no
 * Apache child, daemon process or runner has it.  The parent writes it
 * (one writer, the MPM's main loop) under a sequence count that is odd
 * while it writes; the reader copies it until it gets a copy made while
 * the count stood still, and checks every string of it for its NUL.
 */
#ifndef GW_ATTACH_TABLE_H
#define GW_ATTACH_TABLE_H

#include "gw_attach.h"

/* Rows, at most; more attached daemons than that are counted, not
 * shown. */
#define GW_ATTACH_TABLE_MAX 256

typedef struct {
    char group[GW_KEPT_NAME_MAX];
    char name[GW_KEPT_NAME_MAX];
    char last_exit[GW_ATTACH_EXIT_MAX];   /* "" : none yet */
    int state;              /* GW_ATTACH_*; GW_ATTACH_FREE: no process
                             * (its start failed) */
    int pid;                /* 0: none */
    int restarting;         /* being stopped, to start again */
    int ctl_stopped;        /* being stopped, to stay STOPPED */
    int after_wait;         /* a delay before its command: after='s */
    int restarts;           /* processes started for it, but the first */
    int from_file;          /* a worker file's entry, not WSGIAttachDaemon */
    apr_time_t started;     /* its command runs from then on */
} gw_attach_row;

/* post_config, in the parent, before the control process's fork. */
void gw_attach_table_create(apr_pool_t *pconf);

/* After any change of the records: the rows written again.  Nothing
 * without a table, nor in another process than the one that made it. */
void gw_attach_table_publish(void);

/* Around the control process's fork: the mapping is inherited by that
 * child alone. */
void gw_attach_table_fork_begin(void);
void gw_attach_table_fork_end(void);

/* The control process: group's rows (NULL: every group's), copied into
 * p, and how many (*more: beyond GW_ATTACH_TABLE_MAX, not shown).  -1
 * when there is no table or no steady copy could be had. */
int gw_attach_table_read(apr_pool_t *p, const char *group,
                         gw_attach_row **rows, int *more);

/* The state gateway-ctl shows for row at now: running, starting,
 * back-off, pending, stopping, restarting, stopped, not started. */
const char *gw_attach_row_state(const gw_attach_row *row, apr_time_t now);

#endif
