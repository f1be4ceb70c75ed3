/*
 * gw_link.h - an Apache child's connection to a daemon group, for one
 * request: connect (or take a kept link), send the request packet, wait
 * until a process takes it (START), and read the response's frames.
 *
 * Runs in Apache children.  The daemon is untrusted: what it sends is
 * length-checked here before gw_relay.c looks at a frame, and the
 * descriptors it passes (FILE frames) are kept in a bounded queue.
 */
#ifndef GW_LINK_H
#define GW_LINK_H

#include "gw_config.h"
#include "gw_proto.h"

#include "httpd.h"
#include "apr_buckets.h"

#include <sys/uio.h>

#define GW_READ_BUF         (64 * 1024)
/* The link's buffer: GW_READ_BUF, plus room for one frame header before
 * a spill's worth of bytes (gw_link_header). */
#define GW_LINK_BUF         (GW_READ_BUF + GW_FRAME_HDR_LEN)
/* Descriptors (FILE frames) received ahead of their frames: a daemon
 * sending more at once is broken or hostile. */
#define GW_MAX_FDS          4
/* A 503 for a group that may recover says when to try again. */
#define GW_RETRY_AFTER      "5"

typedef struct {
    request_rec *r;
    gw_group *g;
    int fd;                /* -1: none */
    int reused;            /* fd is a kept link (gw_linkpool.h) */
    int connects;          /* connect() attempts of the last
                            * gw_link_open(); 1 for a kept link */
    int keep;              /* END_KEEP came and nothing is left unread */
    pid_t peer_pid;
    apr_bucket_alloc_t *ba;
    char *buf;             /* GW_LINK_BUF bytes (gw_relaybuf.h) */
    apr_size_t pos, len;
    char *spill;           /* a relay buffer (gw_relaybuf.h), or NULL */
    apr_size_t nspill;     /* bytes that followed the header, in spill */
    apr_interval_time_t timeout; /* for each wait on the daemon now */
    int fds[GW_MAX_FDS];   /* descriptors received, not yet used (FIFO) */
    int nfds;
    apr_off_t declared;    /* the app's Content-Length, or -1 */
    apr_off_t sent;        /* body bytes passed on so far */
    int overrun;           /* the app sent more than it declared */
    const char *redirect;  /* CGI-style local Location to serve instead */
    int websocket;         /* a checked WebSocket handshake: the daemon
                            * may answer WEBSOCKET (gw_tunnel.h) */
} gw_link;

/* What became of a request sent on a link (gw_link_wait_for_start). */
typedef enum {
    GW_LINK_TAKEN,         /* START: a process took it */
    GW_LINK_RETRY,         /* RETRY: a stale process; send it again */
    GW_LINK_STALE,         /* a kept link the daemon had closed: again,
                            * on a fresh connection, not counted a try */
    GW_LINK_FAILED         /* an HTTP status to answer, logged */
} gw_link_outcome;

/* A link for request r to group g, in r's pool (whose cleanup closes the
 * descriptors it received and did not use); not connected yet. */
gw_link *gw_link_new(request_rec *r, gw_group *g);

/* A kept link to the group if there is one, else a new connection whose
 * listener is checked to be the Apache parent's.  OK, or an HTTP status
 * (logged). */
int gw_link_open(gw_link *l);

/* Sends all of iov, waiting up to socket-timeout= whenever the daemon's
 * side is full.  APR_SUCCESS or the error. */
apr_status_t gw_link_sendv(gw_link *l, struct iovec *iov, int n);

/* After the packet: waits for the process that takes it (see
 * gw_link_outcome); *status is set for GW_LINK_FAILED. */
gw_link_outcome gw_link_wait_for_start(gw_link *l, int *status);

/* Makes the packet again for the connects and RETRYs the hand-over took
 * so far, when they differ from what the packet holds: OK, or the HTTP
 * status (logged).  NULL when one packet serves every try. */
typedef int (*gw_link_repack)(request_rec *r, void *ctx, int connects,
                              int restarts, char **packet,
                              apr_size_t *packet_len);

/* The request packet to a process of the group (a new link, or a kept
 * one), then START back from the process that takes it; a stale one's
 * RETRY sends it again, after a pause, until socket-timeout=.  With
 * bodyless set, the empty chunk that says "no body" goes with the
 * packet.  Only after START may the body follow, so a RETRY hands the
 * request on before any of the client's body is gone.  OK with l
 * connected to that process, or the HTTP status (logged). */
int gw_link_submit(gw_link *l, char *packet, apr_size_t packet_len,
                   int bodyless, gw_link_repack repack, void *ctx);

/* One read from the daemon, keeping the descriptors that come with it;
 * waits up to timeout (0: not at all).  APR_SUCCESS with *n = 0 is EOF. */
apr_status_t gw_link_recv(gw_link *l, char *buf, apr_size_t *n,
                          apr_interval_time_t timeout);

/* Reads until at least `want` bytes are buffered; pending output in out
 * is flushed to the client whenever the daemon has nothing for us. */
apr_status_t gw_link_fill(gw_link *l, apr_size_t want,
                          apr_bucket_brigade *out);

/* Makes the next frame header available at l->buf + l->pos; a payload
 * that arrived with it may wait in l->spill (gw_link_unspill). */
apr_status_t gw_link_header(gw_link *l, apr_bucket_brigade *out);
void gw_link_unspill(gw_link *l);

/* The request is over: a link at a request boundary goes back to the
 * pool, anything else is closed. */
void gw_link_finish(gw_link *l);
void gw_link_close(gw_link *l);

#endif
