/*
 * gw_control_parent.h - gateway-ctl's control socket and the control process
 * that serves it, seen from the Apache parent.
 *
 * When a WSGIDaemonProcess has control-group= (module/gw_options.c), the
 * parent makes one UNIX socket, WSGISocketPrefix + GW_CONTROL_SUFFIX, in
 * the root-owned socket directory, mode 0666: any local user may connect,
 * and each request is authorised by the peer's credentials
 * (SO_PEERCRED, parent/gw_control_auth.h), never by who could reach the
 * file.  The parent itself never reads a client: it forks a control
 * process (parent/gw_control_server.h) that does, with a poll() loop and
 * hard bounds on bytes and time per client, and answers at once, which
 * Apache's monitor hook (about every 10 s) could not.  That process is
 * restarted with back-off when it dies, and replaced, with the socket, at
 * every restart of Apache: it serves the configuration it was forked
 * with.  docs/SECURITY.md ("The control socket") says why this is safe.
 */
#ifndef GW_CONTROL_PARENT_H
#define GW_CONTROL_PARENT_H

#include "httpd.h"
#include "apr_pools.h"

/* The control socket is the socket prefix plus this. */
#define GW_CONTROL_SUFFIX ".control.sock"

/* post_config (real pass), after gw_supervisor_start: the socket and the
 * control process, when a group has control-group=.  Never fails the
 * start: gateway-ctl missing is logged (GW02180), the web is served. */
int gw_control_start(apr_pool_t *pconf, server_rec *s);

/* drop_privileges, in every Apache child and in mod_cgid's daemon (both
 * forked from the parent without exec): the control socket is not
 * theirs to accept on. */
void gw_control_close_inherited(void);

/* monitor hook: the worker commands waiting for the parent are served
 * (parent/gw_control_bell.h), also when no bell could be forked. */
void gw_control_monitor(void);

#endif
