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
 * connection wakes one process, not all), the epoll set of the kept
 * links, where each link is EPOLLONESHOT (exactly one thread gets its
 * request), and the epoll set of the parked connections (below).  The
 * bouncer thread waits on the links' set alone, and only while the
 * process is saturated or stopping.
 *
 * A worker serves only a connection whose whole request packet (uwsgi
 * header and vars block) has arrived: a peer that connects and sends
 * nothing, or sends slowly, must not hold a thread, and nobody has proved
 * who it is before the packet's secret is checked.  An Apache child
 * writes the packet at once, so the worker that accepts a connection (or
 * wakes for a kept link) normally finds it complete with one non-blocking
 * read into its own buffer.  Otherwise the connection is parked: its
 * bytes so far wait in a slot of their own, its fd in the parked set
 * (EPOLLONESHOT), and whichever idle worker sees it readable reads on.  A
 * parked connection that has not completed its packet 3 s after it was
 * parked is closed, and so is the oldest one beyond 1024 parked
 * connections or 4 MiB of their bytes, each with a log line naming the
 * peer (the figures and their reasons: gw_intake.c).
 */
#ifndef GW_INTAKE_H
#define GW_INTAKE_H

#include <sys/types.h>

#include "gw_conn.h"

/* Once, before Python starts: listen_fd becomes non-blocking (every
 * process of the group wants the same) and close-on-exec, a fork handler
 * keeps it and the connections out of children the application forks,
 * the epoll sets and the bouncer thread are made.  0, or -1 after
 * logging. */
int gw_intake_init(int listen_fd, int threads, uid_t peer_uid);

/* Waits up to timeout_ms for a connection whose whole request packet has
 * arrived.  Returns its fd, with c reset to it (gw_conn_reset()) and the
 * packet, perhaps followed by body bytes, in c->rbuf[0, c->rlen); the
 * worker counts as busy until gw_intake_done().  *kept is set when fd is
 * a kept link.  -1 when the time ran out with nothing to do; -2 when
 * something was done that leaves nothing to serve (a connection parked
 * or closed, another thread was quicker, a signal).  Connections from
 * any uid but peer_uid are refused and closed here.  Once the process
 * stops (gw_intake_stop()) only parked connections are taken up. */
int gw_intake_next(int timeout_ms, int *kept, gw_conn *c);

/* Connections parked now (accepted, their packet not complete yet): a
 * stopping process serves these before its workers leave. */
int gw_intake_parked(void);

/* Whether the request just taken may end with END_KEEP: the process is
 * not stopping and holds fewer kept links than its limit (a quarter of
 * RLIMIT_NOFILE: the application needs descriptors too). */
int gw_intake_may_keep(void);

/* The request on fd is answered.  open: gw_request_serve() left fd open
 * (END_KEEP went out), so it waits for its next request; GW_CONN_HANDED:
 * the ASGI event loop has it now (gw_intake_return() later); otherwise
 * fd is closed already.  was_kept: what gw_intake_next() said of fd. */
void gw_intake_done(int fd, int open, int was_kept);

/* Before c's connection goes to the ASGI event loop: a kept link leaves
 * the set of kept links now, as the loop may answer and give it back
 * (gw_intake_return, which registers it afresh) before the worker's
 * gw_intake_done().  Nothing for a new connection. */
void gw_intake_unlink(gw_conn *c);

/* The ASGI event loop's end of a connection gw_intake_done() saw
 * handed over (open == GW_CONN_HANDED): keep, it waits for its next
 * request as a kept link (unless the process stops or holds its most);
 * else it is closed.  Any thread. */
void gw_intake_return(int fd, int keep);

/* Requests taken by gw_intake_next() and not yet gw_intake_done(). */
int gw_intake_busy(void);

/* The process stops: no link is kept any more, and a request arriving on
 * an idle one is bounced to a fresh connection. */
void gw_intake_stop(void);

#endif
