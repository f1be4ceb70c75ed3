/*
 * gw_ctl.h - gateway-ctl, the developer's control point: what its two
 * files share.  gw_ctl_main.c talks to the control socket (the protocol:
 * proto/gw_control.h), gw_ctl_print.c shows the replies.
 *
 * Runs as whoever calls it (a developer, not root, no sudo): everything
 * it learns comes from the control process, which decides what the
 * caller may see and do.  No APR, no Python.
 */
#ifndef GW_CTL_H
#define GW_CTL_H

#include "gw_control.h"

#include <stdio.h>

/* Exit statuses. */
#define GW_CTL_OK        0
#define GW_CTL_REFUSED   1   /* the server said no (refused, no such group) */
#define GW_CTL_USAGE     2
#define GW_CTL_NO_SERVER 3   /* no control socket, or no sensible reply */
#define GW_CTL_NOT_UP    4   /* --wait: the new processes did not serve */

/* One reply: its records, the first "ok" or "error", an ok one ending
 * with "end" (taken off: n does not count it). */
typedef struct {
    char *buf;
    gw_ctl_record *rec;
    int n;
} gw_ctl_reply;

/* A record's value, NULL for absent or "-" (the reply's "none"). */
const char *gw_ctl_val(const gw_ctl_record *r, const char *key);

/* status: a table (groups, their process slots and attached daemons),
 * or JSON. */
void gw_ctl_print_status(FILE *out, const gw_ctl_reply *rp, int json);

/* restart: what was asked of each process. */
void gw_ctl_print_restart(FILE *out, const gw_ctl_reply *rp, int json);

/* reload-workers, stop-worker, start-worker: what was done to each
 * attached daemon. */
void gw_ctl_print_workers(FILE *out, const gw_ctl_reply *rp, int json);

/* logs: one "line" record, as the log has it (or as JSON). */
void gw_ctl_print_line(FILE *out, const gw_ctl_record *r, int json);

#endif
