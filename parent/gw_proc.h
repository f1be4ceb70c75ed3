/*
 * gw_proc.h - one daemon process slot, as the Apache parent records it.
 *
 * Apache parent (root) only: g->procs[] (module/gw_config.h names the
 * type, opaque there).  The supervisor starts and restarts the slot's
 * process (gw_supervisor.c), judges how it ended (gw_deathcause.c) and
 * retires it when the configuration is unloaded (gw_retired.c).  What
 * Apache children may see of the slot is in its shared record, status
 * (module/gw_slots.h).
 */
#ifndef GW_PROC_H
#define GW_PROC_H

#include "gw_config.h"
#include "gw_slots.h"
#include "apr_thread_proc.h"

struct gw_proc {
    gw_group *group;
    int slot;
    apr_proc_t proc;
    apr_time_t started;
    int early_deaths;
    apr_time_t streak_start;      /* start of the first of early_deaths */
    const char *killed_for;       /* the supervisor SIGKILLed it: why */
    int running;
    gw_slot_status *status;
    int seen_idx;                 /* status->seen[] of the running process */
    /* The previous process claimed a recycle that was not confirmed when
     * it ended (its exit status and life), or 0: judged again at the
     * next death (gw_deathcause_settle_doubt). */
    int doubt_num;
    apr_time_t doubt_lived;
};

#endif
