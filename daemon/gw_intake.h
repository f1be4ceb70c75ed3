/*
 * gw_intake.h - where a daemon worker's next request comes from.
 *
 * Two sources: new connections on the group socket (fd 3, shared by all
 * the group's processes), and kept links: connections an Apache child
 * kept open after a response that ended with END_KEEP (gw_proto.h), to
 * send its next request on.  A kept link saves the Apache child a
 * socket(), connect() and close() per request and this process an
 * accept(), a peer check and a close().
 *
 * A kept link belongs to this process, so a request sent on it could wait
 * for a busy process while another one of the group sits idle.  So while
 * every worker of this process is busy, and from the moment it stops, a
 * request arriving on a kept link is bounced: the link is closed unread.
 * The Apache child sees it fail before START (nothing was taken) and sends
 * the request again over a fresh connection, which whichever process is
 * free accepts, as it would have without kept links.
 *
 * Idle workers wait in one epoll set holding fd 3 (EPOLLEXCLUSIVE: a new
 * connection wakes one process, not all) and the epoll set of the kept
 * links, where each link is EPOLLONESHOT (exactly one thread gets its
 * request).  The bouncer thread waits on the links' set alone, and only
 * while the process is saturated or stopping.
 */
#ifndef GW_INTAKE_H
#define GW_INTAKE_H

#include <sys/types.h>

/* Once, before the workers start: listen_fd becomes non-blocking (every
 * process of the group wants the same), the epoll sets and the bouncer
 * thread are made.  0, or -1 after logging. */
int gw_intake_init(int listen_fd, int threads, uid_t peer_uid);

/* Waits up to timeout_ms for a connection with a request to read.
 * Returns its fd (the worker counts as busy until gw_intake_done()), with
 * *kept set when it is a kept link; -1 when the time ran out (or a
 * signal came) with nothing to serve.  Connections from any uid but
 * peer_uid are refused and closed here. */
int gw_intake_next(int timeout_ms, int *kept);

/* Whether the request just taken may end with END_KEEP: the process is
 * not stopping and holds fewer kept links than its limit (a quarter of
 * RLIMIT_NOFILE: the application needs descriptors too). */
int gw_intake_may_keep(void);

/* The request on fd is answered.  open: gw_worker_serve() left fd open
 * (END_KEEP went out), so it waits for its next request; otherwise fd is
 * closed already.  was_kept: what gw_intake_next() said of fd. */
void gw_intake_done(int fd, int open, int was_kept);

/* Requests taken by gw_intake_next() and not yet gw_intake_done(). */
int gw_intake_busy(void);

/* The process stops: no link is kept any more, and a request arriving on
 * an idle one is bounced to a fresh connection. */
void gw_intake_stop(void);

#endif
