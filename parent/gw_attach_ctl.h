/*
 * gw_attach_ctl.h - gateway-ctl's worker commands, carried out by the
 * Apache parent (the control process relays them once it has authorised
 * the caller, parent/gw_control_bell.h):
 *
 *  stop-worker GROUP NAME   the attached daemon NAME of GROUP (a worker
 *                           file's entry or a WSGIAttachDaemon name=) is
 *                           stopped as a restart stops it (stop-signal,
 *                           stop-timeout; what runs after= it first) and
 *                           then kept STOPPED: supervision does not start
 *                           it again until start-worker, reload-workers,
 *                           a change of the group's code (restart-file=,
 *                           a script) or Apache's restart
 *  start-worker GROUP NAME  a stopped one started again (after what it
 *                           runs after=); one being stopped by
 *                           stop-worker starts again once it has exited
 *  reload-workers GROUP     the group's worker file read now
 *                           (gw_workerset.h): changed entries restarted,
 *                           removed ones stopped, new ones started, every
 *                           stopped one started; a refused file changes
 *                           nothing and its file:line is the reply
 *
 * Runs in the Apache parent, as root.
 */
#ifndef GW_ATTACH_CTL_H
#define GW_ATTACH_CTL_H

#include "gw_attach.h"
#include "gw_control.h"

/* post_config, from gw_attach_start. */
void gw_attach_ctl_init(apr_pool_t *pconf, server_rec *s);

/* The reply records (proto/gw_control.h) to the relayed request r, from
 * p; logs what it did. */
const char *gw_attach_ctl_run(apr_pool_t *p, const gw_ctl_relay *r);

/* For gw_workerset.c's reload-workers:
 * one "worker" record about a; */
const char *gw_attach_ctl_record(apr_pool_t *p, const gw_attach *a,
                                 const char *action, const char *reason);
/* a's running process has another configuration now (gw_attach_update
 * done): restarted with it, stop-signal first, and what runs after it
 * after it.  The action for the reply ("restarting", or "none" when it
 * has no process to restart); */
const char *gw_attach_ctl_changed(gw_attach *a);
/* a, stopped by stop-worker, is started again: 1, or 0 when it was not
 * stopped. */
int gw_attach_ctl_unpark(gw_attach *a);

#endif
