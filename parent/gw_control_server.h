/*
 * gw_control_server.h - the control process: gateway-ctl's server.
 *
 * Forked from the Apache parent (gw_control_parent.c) without exec, so it
 * has this generation's configuration and the mappings the status page
 * reads; it stays root, to signal the groups' processes (SIGUSR1, see
 * gw_control_cmd.h).  It runs no application code and no other module's:
 * one single-threaded poll() loop over the control socket.  Per client:
 * the request within GW_CTL_READ_TIME of the connection, at most
 * GW_CTL_REQUEST_MAX bytes, the reply written within GW_CTL_WRITE_TIME;
 * at most GW_CTL_CLIENTS at once, GW_CTL_PER_UID of them of one uid.  A
 * client past a bound is dropped; a connection beyond them is told
 * "busy" and closed.  A follower ("logs GROUP follow") stays: at most
 * GW_CTL_FOLLOWERS of the entries, GW_CTL_FOLLOWERS_PER_UID of one uid,
 * each with at most GW_CTL_FOLLOW_BUF bytes waiting for it, and dropped
 * when it reads none of them for GW_CTL_FOLLOW_STALL.  A worker command
 * waits, without being polled, for the parent's answer (at most
 * GW_CTL_PARENT_TIME), which arrives on chan_fd with its id.
 */
#ifndef GW_CONTROL_SERVER_H
#define GW_CONTROL_SERVER_H

#include "httpd.h"

#define GW_CTL_CLIENTS     16
#define GW_CTL_PER_UID     4
#define GW_CTL_READ_TIME   apr_time_from_sec(2)
#define GW_CTL_WRITE_TIME  apr_time_from_sec(5)
#define GW_CTL_FOLLOWERS   8
#define GW_CTL_FOLLOWERS_PER_UID 2
#define GW_CTL_FOLLOW_BUF  (1 << 20)
#define GW_CTL_FOLLOW_STALL apr_time_from_sec(10)
/* How often a follower's log is looked at for new lines. */
#define GW_CTL_FOLLOW_POLL_MS 300

/* How long a worker command waits for the Apache parent's answer
 * (parent/gw_control_bell.h): it comes within milliseconds, but a parent
 * busy with a restart or a stop answers later, or not at all. */
#define GW_CTL_PARENT_TIME apr_time_from_sec(10)

/* In the new process, right after the fork: never returns.  listen_fd is
 * the control socket, chan_fd its end of the pair to the parent (-1:
 * none), parent the Apache parent (the process exits when it goes),
 * delay the back-off before serving. */
void gw_control_serve(server_rec *s, int listen_fd, int chan_fd,
                      pid_t parent, int delay) __attribute__((noreturn));

#endif
