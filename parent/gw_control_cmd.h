/*
 * gw_control_cmd.h - what gateway-ctl's requests do, in the control
 * process (root).
 *
 *  status [GROUP]  the status model (module/gw_status_model.h) of GROUP,
 *                  or of every group the peer may control, as reply
 *                  records (proto/gw_control.h)
 *  restart GROUP   the graceful replacement a touched restart-file=
 *                  gives: each running process of GROUP gets SIGUSR1
 *                  (mod_wsgi's graceful restart, GW03018), stops taking
 *                  requests, finishes those in flight and exits 116, and
 *                  the supervisor starts a fresh one at once.  A
 *                  process younger than 5 s gets it once it is 5 s old:
 *                  its exit then is no early death (proto/gw_backoff.h),
 *                  and it has long blocked the signal (a process not
 *                  yet that far would die of it).
 *  logs GROUP [follow]
 *                  GROUP's last lines of the main error log
 *                  (gw_control_logs.h); with follow, the new ones as they
 *                  come, for as long as the client stays.
 *  reload-workers GROUP, stop-worker GROUP NAME, start-worker GROUP NAME
 *                  authorised here, carried out by the Apache parent,
 *                  which runs the attached daemons: relayed to it
 *                  (parent/gw_control_bell.h, parent/gw_attach_ctl.h).
 *
 * The pids come from the slots' shared records, which Apache children
 * could write too; before a signal the pid is pinned (pidfd) and checked
 * to be a gateway-daemon child of the Apache parent, running as the
 * group's user with the group's socket as its fd 3.
 */
#ifndef GW_CONTROL_CMD_H
#define GW_CONTROL_CMD_H

#include "gw_control.h"
#include "gw_control_auth.h"
#include "gw_control_logs.h"

/* Control process start, before it closes the parent's descriptors:
 * notes what a process of each group holds as its fd 3 (its socket). */
void gw_ctl_cmd_init(apr_pool_t *p, server_rec *s);

/* The reply to rq from peer (records ending in "end", or one "error"
 * record), from p; logs what it did.  For "logs GROUP follow" the reply
 * has no "end" and *follow is where to go on from (from p).  For a
 * worker command the caller may give, NULL is returned and *relay is
 * the relay to send the parent (from p), *id the id its answer will
 * carry. */
const char *gw_ctl_cmd_run(apr_pool_t *p, const gw_ctl_peer *peer,
                           const gw_ctl_request *rq, gw_ctl_follow **follow,
                           const char **relay, unsigned long *id);

/* About once a second: signals the deferred processes that are now old
 * enough. */
void gw_ctl_cmd_tick(apr_pool_t *p);

#endif
