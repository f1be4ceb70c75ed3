/*
 * gw_conn.h - one connection from an Apache child, seen from the daemon.
 *
 * A gw_conn is owned by one worker thread and reused for every connection
 * it serves, so its buffers are allocated once.  Nothing here touches
 * Python: every function may block in a syscall, so callers that hold the
 * GIL release it first (the gw_conn_*_nosys() helpers say when a call is
 * guaranteed to stay in memory).
 *
 * Read side: the request packet is in rbuf when the connection is handed
 * to the worker (the intake reads it, gw_intake.h); the decoded vars point
 * into it and stay valid until gw_conn_reset(), because the request body is
 * buffered in the part of rbuf *after* the packet.  The body is exactly
 * CONTENT_LENGTH bytes, or (without CONTENT_LENGTH) a sequence of
 * length-prefixed chunks ending with an empty one (see gw_proto.h); chunk
 * headers are removed in place as bytes arrive.  EOF before the end of
 * either is a truncated body.  Nothing past the body is ever handed out.
 *
 * Write side: frames are appended to wbuf so that small ones (headers, a
 * short body, END) leave in one syscall; a large payload is sent straight
 * from the caller's memory with one sendmsg() carrying whatever was
 * buffered, the frame header and the payload.  MSG_NOSIGNAL: a vanished
 * peer is an EPIPE, never a SIGPIPE.
 */
#ifndef GW_CONN_H
#define GW_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gw_proto.h"

/* Body read buffer; the whole rbuf also holds the largest request packet.
 * Small on purpose: every worker thread has one, and reads of this size
 * or more go straight from the socket into the caller's memory, so a
 * bigger buffer would only add a copy and resident memory. */
#define GW_CONN_BODY_BUF   (32u << 10)
#define GW_CONN_RBUF_SIZE  (GW_UWSGI_HDR_LEN + GW_VARS_MAX + GW_CONN_BODY_BUF)
#define GW_CONN_WBUF_SIZE  (64u << 10)
/* Payloads at least this long bypass wbuf (no copy). */
#define GW_CONN_DIRECT_MIN (16u << 10)
/* Files at least this long are passed as a descriptor (FILE frame). */
#define GW_CONN_PASS_FD_MIN (64u << 10)

/* kept value: the connection was handed to the ASGI event loop
 * (interp/gw_asgi.h), which gives it back (gw_intake_return). */
#define GW_CONN_HANDED     2

/* rerr value for a body that ended before CONTENT_LENGTH bytes. */
#define GW_CONN_ETRUNC     (-1)

typedef struct {
    int fd;

    unsigned char *rbuf;
    size_t rcap;
    size_t rbase;          /* the body area starts here, after the packet */
    size_t rpos, rlen;     /* buffered body bytes are rbuf[rpos, rlen) */
    int body_chunked;      /* no CONTENT_LENGTH: chunk-framed body */
    gw_dechunker dechunk;  /* chunked mode: where the framing stands */
    int body_done;         /* the socket has nothing more of the body */
    uint64_t body_total;   /* CONTENT_LENGTH (length mode only) */
    uint64_t body_left;    /* length mode: bytes not yet read from fd */
    uint64_t body_seen;    /* bytes read from fd so far (for messages) */
    int rerr;              /* 0, errno of a failed read, or GW_CONN_ETRUNC */

    unsigned char *wbuf;
    size_t wcap;
    size_t wlen;
    int werr;              /* sticky errno of the first failed write */

    int may_keep;          /* set by the caller: the link may stay open */
    int kept;              /* END_KEEP went out: the link stays open */
    int linked;            /* the intake's: fd is in its set of kept
                            * links (gw_intake_next, gw_intake_unlink) */
} gw_conn;

/* Allocates the buffers (once per worker).  0, or -1 after logging. */
int gw_conn_init(gw_conn *c);
/* Starts a new request on fd (a fresh connection or a kept link). */
void gw_conn_reset(gw_conn *c, int fd);
/* Whether the response may end with END_KEEP: the caller allows it, the
 * whole body has left the socket (the application need not have read
 * it) and no read or write failed.  Anything else must close. */
int gw_conn_keepable(const gw_conn *c);

/* Gives the whole pages inside [p, p + len) back to the system; they read
 * as zeros when touched again.  For scratch buffers of an idle worker
 * only: nothing may be kept in them. */
void gw_release_pages(void *p, size_t len);

/* Between connections: gives the pages of both buffers back. */
void gw_conn_release(gw_conn *c);

/* Decodes the request packet, which is all in rbuf[0, rlen) already
 * (gw_intake_next() waits for that), perhaps with body bytes after it.
 * On success *n pairs in kv point into the connection's buffer and the
 * body state is set up from CONTENT_LENGTH.  0, or -1 after logging why
 * (nothing can be answered: the caller just closes). */
int gw_conn_decode_request(gw_conn *c, gw_kv *kv, size_t max, size_t *n);

/* ---- request body (call without the GIL unless *_nosys says 1) ---- */

/* Bytes of the body buffered in memory right now. */
static inline size_t gw_conn_body_avail(const gw_conn *c)
{
    return c->rlen - c->rpos;
}

static inline const unsigned char *gw_conn_body_ptr(const gw_conn *c)
{
    return c->rbuf + c->rpos;
}

static inline void gw_conn_body_consume(gw_conn *c, size_t n)
{
    c->rpos += n;
}

/* 1 when the body is fully consumed (gw_conn_body_fill would return 0
 * without a syscall). */
static inline int gw_conn_body_at_end(const gw_conn *c)
{
    return c->rpos == c->rlen && c->body_done;
}

/* Makes body bytes available in the buffer when none are: returns the
 * number available (> 0), 0 at the end of the body, or -1 with c->rerr
 * set (errno value or GW_CONN_ETRUNC). */
ssize_t gw_conn_body_fill(gw_conn *c);

/* Reads up to len body bytes into dst, blocking until len bytes or the end
 * of the body; large reads go straight from the socket into dst.  Returns
 * the count (short only at the end), or -1 with c->rerr set. */
ssize_t gw_conn_body_read(gw_conn *c, void *dst, size_t len);

/* Upper bound of the body bytes still to come, or -1 when unknown (a
 * chunked body whose last chunk has not arrived yet). */
int64_t gw_conn_body_remaining(const gw_conn *c);

/* Human-readable text for c->rerr (static or thread-local storage). */
const char *gw_conn_rerr_str(const gw_conn *c, char *buf, size_t cap);

/* ---- response frames ---- */

/* 1 when gw_conn_frame(c, ..., len) would only copy into wbuf, so the
 * caller may keep holding the GIL. */
static inline int gw_conn_frame_nosys(const gw_conn *c, size_t len)
{
    return len < GW_CONN_DIRECT_MIN
           && c->wlen + GW_FRAME_HDR_LEN + len <= c->wcap;
}

/* Queues (or sends) one frame; payloads over GW_FRAME_MAX become several
 * frames of the same type.  0, or -1 with c->werr set; once a write failed
 * every later call fails at once. */
int gw_conn_frame(gw_conn *c, unsigned type, const void *data, size_t len);

/* Sends whatever wbuf holds.  0, or -1 with c->werr set. */
int gw_conn_flush(gw_conn *c);

/* Sends len bytes of the regular file fd starting at off.  From
 * GW_CONN_PASS_FD_MIN bytes up the descriptor itself goes to the Apache
 * child (a FILE frame with SCM_RIGHTS) and Apache sends the bytes; smaller
 * parts are pread() straight into wbuf as BODY frames (no GIL).  *sent
 * gets the bytes sent; a file shorter than expected stops early with 0
 * (and *sent < len).  -1 with c->werr set on a socket error, or -1 with
 * c->werr == 0 and errno set when pread failed. */
int gw_conn_send_file(gw_conn *c, int fd, off_t off, uint64_t len,
                      uint64_t *sent);

/* Ends the response with an ABORT frame carrying reason (the caller has
 * logged why): a 500 before the headers, a cut connection after them. */
void gw_conn_abort(gw_conn *c, const char *reason);

/* Refuses the request's script with a FORBIDDEN frame carrying reason
 * (the caller has logged it): the Apache child answers 403.  Only before
 * the headers (gw_scriptowner.h). */
void gw_conn_forbidden(gw_conn *c, const char *reason);

/* 1 when werr means the peer went away (EPIPE, ECONNRESET). */
int gw_conn_peer_gone(const gw_conn *c);

#endif
