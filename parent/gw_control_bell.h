/*
 * gw_control_bell.h - how gateway-ctl's worker commands reach the Apache
 * parent, which runs the attached daemons (parent/gw_attach_ctl.h).
 *
 * The control process (parent/gw_control_server.h) serves every client
 * and authorises it; a worker command it has authorised it passes on, as
 * one relay (proto/gw_control.h), over a SOCK_SEQPACKET socket pair made
 * here in post_config, and waits for the parent's answer.  The parent
 * runs no loop of its own: the MPM's main loop calls into this module
 * only for its monitor hook (about every 10 s) and when one of the
 * parent's children ends.  So the parent keeps a bell: a child forked
 * for nothing but to wait, in poll(), for the parent's end of the pair
 * to become readable, and then to exit.  Its end wakes the MPM's loop
 * (the parent's SIGCHLD handler, parent/gw_exitinfo.h) and the MPM calls
 * this module's callback for it, which reads every relay waiting,
 * carries each out and answers, and forks a new bell: a worker command
 * is served within a few milliseconds, never by a loop that could block
 * the parent.  The monitor hook serves too, and starts a bell that could
 * not be forked.
 *
 * The bell is root, non-dumpable, gone with the parent (parent-death
 * signal), and holds nothing but the parent's end of the pair: no input
 * reaches it but the readiness of that end.  The parent keeps the
 * control process's end open too, so that its own end never reports the
 * end of the stream (a control process that dies is replaced, and the
 * new one takes the same end).  Apache children close both ends
 * (gw_ctl_bell_close_inherited); everything else the parent forks
 * executes another program, and both ends are close-on-exec.
 *
 * Runs in the Apache parent, as root (the bell: its own child).
 */
#ifndef GW_CONTROL_BELL_H
#define GW_CONTROL_BELL_H

#include "httpd.h"

/* Relays served at most per wake-up; more wait for the next bell. */
#define GW_CTL_BELL_BATCH 16

/* post_config, from gw_control_start: the pair, and the first bell.  The
 * control process's end, or -1 (logged: the worker commands are then
 * answered "unavailable"). */
int gw_ctl_bell_start(apr_pool_t *pconf, server_rec *s);

/* monitor hook: serves what waits, and starts a missing bell. */
void gw_ctl_bell_monitor(void);

/* drop_privileges, in every Apache child and mod_cgid's daemon. */
void gw_ctl_bell_close_inherited(void);

#endif
