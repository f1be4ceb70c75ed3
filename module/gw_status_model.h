/*
 * gw_status_model.h - what mod_gateway shows of its daemon groups: one
 * snapshot of every group and process slot, for the status page
 * (module/gw_status.c) and gateway-ctl (parent/gw_control_cmd.c).
 *
 * Runs in any process forked from the Apache parent after post_config
 * (an Apache child, the control process): it reads only memory they all
 * inherit, the parent's records of each slot (module/gw_slots.h),
 * trusted, and each daemon's own counters, checked value by value
 * (module/gw_scoreboard_read.h), plus /proc for the resident set.
 */
#ifndef GW_STATUS_MODEL_H
#define GW_STATUS_MODEL_H

#include "gw_config.h"
#include "gw_slots.h"
#include "gw_scoreboard_read.h"

typedef struct {
    int slot;
    gw_slot_info info;         /* the parent's: trusted */
    gw_sb_view sbv;            /* the daemon's: checked */
    const char *state;         /* "running", "starting", "stuck",
                                * "back-off", "not started" */
    apr_int64_t uptime_ms;     /* -1: not running */
    apr_int64_t rss_bytes;     /* -1: unknown */
} gw_status_proc;

typedef struct {
    const gw_group *g;
    gw_status_proc *procs;     /* g->processes of them */
    int busy, idle, rejected;
    apr_uint64_t requests;
} gw_status_group;

typedef struct {
    unsigned long generation;
    gw_status_group *groups;   /* in the order of gw_global->groups */
    int ngroups;
    int busy, idle, running;
    apr_uint64_t requests;
} gw_status_model;

/* A snapshot of every group, allocated from p.  A slot whose daemon
 * wrote garbage into its segment has sbv.rejected > 0: the caller says
 * so in its own log (the values themselves are left out already). */
void gw_status_model_build(apr_pool_t *p, gw_status_model *m);

#endif
