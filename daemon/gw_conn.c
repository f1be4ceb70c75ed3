/*
 * gw_conn.c - buffered request reading and response framing (gw_conn.h).
 */
#include "gw_conn.h"
#include "gw_delegation.h"
#include "gw_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int gw_conn_init(gw_conn *c)
{
    memset(c, 0, sizeof(*c));
    c->fd = -1;
    c->rcap = GW_CONN_RBUF_SIZE;
    c->wcap = GW_CONN_WBUF_SIZE;
    c->rbuf = malloc(c->rcap);
    c->wbuf = malloc(c->wcap);
    if (!c->rbuf || !c->wbuf) {
        gw_log(GW_LOG_CRIT, "GW05001: cannot allocate %zu bytes of "
               "connection buffers for a worker thread: out of memory",
               c->rcap + c->wcap);
        free(c->rbuf);
        free(c->wbuf);
        c->rbuf = c->wbuf = NULL;
        return -1;
    }
    return 0;
}

void gw_conn_reset(gw_conn *c, int fd)
{
    c->fd = fd;
    c->rbase = c->rpos = c->rlen = 0;
    c->body_chunked = 0;
    c->body_done = 1;
    c->body_total = c->body_left = c->body_seen = 0;
    c->rerr = 0;
    c->wlen = 0;
    c->werr = 0;
    c->kept = 0;
    c->linked = 0;
}

int gw_conn_keepable(const gw_conn *c)
{
    return c->may_keep && c->body_done && !c->rerr && !c->werr;
}

void gw_release_pages(void *p, size_t len)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + len) & ~(page - 1);

    /* Advisory: a failure only means the memory stays resident. */
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_DONTNEED);
}

void gw_conn_release(gw_conn *c)
{
    gw_release_pages(c->rbuf, c->rcap);
    gw_release_pages(c->wbuf, c->wcap);
}

/* ---- decoding the request packet ---------------------------------- */

/* Removes chunk headers in place (gw_dechunk); body_done follows the
 * de-chunker's end. */
static size_t conn_dechunk(gw_conn *c, unsigned char *buf, size_t len)
{
    size_t n = gw_dechunk(&c->dechunk, buf, len);
    c->body_done = c->dechunk.done;
    return n;
}

/* Sets the body state up from CONTENT_LENGTH and the bytes that arrived
 * together with the packet. */
static int conn_body_setup(gw_conn *c, const gw_kv *kv, size_t n)
{
    const gw_kv *cl = gw_kv_find(kv, n, "CONTENT_LENGTH");
    size_t buffered = c->rlen - c->rbase;

    c->rpos = c->rbase;
    if (!cl) {
        c->body_chunked = 1;
        c->body_done = 0;
        memset(&c->dechunk, 0, sizeof(c->dechunk));
        buffered = conn_dechunk(c, c->rbuf + c->rbase, buffered);
        c->rlen = c->rbase + buffered;
        c->body_seen = buffered;
        return 0;
    }
    if (gw_parse_length(cl->val, cl->vlen, &c->body_total) != GW_OK) {
        gw_log(GW_LOG_ERR, "GW05005: invalid CONTENT_LENGTH \"%.*s\" in "
               "the request packet; request dropped", (int)cl->vlen,
               cl->val);
        return -1;
    }
    c->body_chunked = 0;
    /* The peer never sends more than the body; if it did, the excess is
     * not ours to hand to the application. */
    if (buffered > c->body_total) {
        buffered = (size_t)c->body_total;
        c->rlen = c->rbase + buffered;
    }
    c->body_seen = buffered;
    c->body_left = c->body_total - buffered;
    c->body_done = c->body_left == 0;
    return 0;
}

/* Who is connected, for the lines about a peer that did not prove it is
 * one of our Apache children: -1 each when the kernel cannot say. */
static void conn_peer(const gw_conn *c, long *pid, long *uid)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    *pid = *uid = -1;
    if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
        *pid = (long)cred.pid;
        *uid = (long)cred.uid;
    }
}

/* The secret before anything else of the packet is looked at: a peer
 * without it (nginx uwsgi_pass or mod_proxy_uwsgi pointed at the group
 * socket, say, whose packets have an empty CONTENT_LENGTH and no
 * gateway.* values) is refused as what it is, never taken for a
 * mismatched build.  It gets START and ABORT, as any refused request. */
static int conn_authentic(gw_conn *c, const gw_kv *kv, size_t n)
{
    const gw_kv *uri = gw_kv_find(kv, n, "REQUEST_URI");
    unsigned char pid[GW_START_LEN];

    if (gw_delegation_authentic(kv, n, uri ? uri->val : "?",
                                uri ? (int)uri->vlen : 1))
        return 1;
    gw_pid_encode(pid, (uint32_t)getpid());
    if (gw_conn_frame(c, GW_FRAME_START, pid, sizeof(pid)) == 0
        && gw_conn_flush(c) == 0)
        gw_conn_abort(c, "request refused by the daemon");
    return 0;
}

int gw_conn_decode_request(gw_conn *c, gw_kv *kv, size_t max, size_t *n)
{
    size_t datasize;
    int rc = gw_req_parse_header(c->rbuf, &datasize);

    if (rc != GW_OK) {
        /* No request packet at all, so no secret in it: whoever sent
         * this is not one of our Apache children (an HTTP or TLS client,
         * a uwsgi client with other modifiers). */
        long pid, uid;
        conn_peer(c, &pid, &uid);
        gw_log(GW_LOG_ERR, "GW03070: refused an unauthenticated peer (pid "
               "%ld uid %ld): it sent bytes that are not a request packet "
               "of this server's Apache children (%02x %02x %02x %02x: %s); "
               "connection closed, nothing run", pid, uid, c->rbuf[0],
               c->rbuf[1], c->rbuf[2], c->rbuf[3], gw_proto_strerror(rc));
        return -1;
    }
    rc = gw_kv_decode(c->rbuf + GW_UWSGI_HDR_LEN, datasize, kv, max, n);
    if (rc != GW_OK && rc != GW_ETOOMANY) {
        /* Vars that do not even decode hold no secret either: a uwsgi
         * header followed by something else, from whoever connected. */
        long pid, uid;
        conn_peer(c, &pid, &uid);
        gw_log(GW_LOG_ERR, "GW03071: refused an unauthenticated peer (pid "
               "%ld uid %ld): the %zu-byte vars block after its uwsgi "
               "header does not decode (%s); connection closed, nothing "
               "run", pid, uid, datasize, gw_proto_strerror(rc));
        return -1;
    }
    if (rc != GW_OK) {
        gw_log(GW_LOG_ERR, "GW05008: cannot decode the %zu-byte vars block "
               "of a request (at most %zu vars): %s; request dropped",
               datasize, max, gw_proto_strerror(rc));
        return -1;
    }
    c->rbase = GW_UWSGI_HDR_LEN + datasize;
    if (!conn_authentic(c, kv, *n))
        return -1;
    return conn_body_setup(c, kv, *n);
}

/* ---- reading the body --------------------------------------------- */

/* One read() of at most want body bytes into dst.  > 0, 0 at the end of
 * the body, -1 with rerr set. */
static ssize_t conn_body_sysread(gw_conn *c, void *dst, size_t want)
{
    if (c->rerr)
        return -1;
    if (c->body_done)
        return 0;
    if (!c->body_chunked && want > c->body_left)
        want = (size_t)c->body_left;
    for (;;) {
        ssize_t r = read(c->fd, dst, want);
        if (r > 0 && c->body_chunked) {
            r = (ssize_t)conn_dechunk(c, dst, (size_t)r);
            c->body_seen += (uint64_t)r;
            if (r == 0 && !c->body_done)
                continue;       /* only chunk headers arrived */
            return r;
        }
        if (r > 0) {
            c->body_seen += (uint64_t)r;
            c->body_left -= (uint64_t)r;
            c->body_done = c->body_left == 0;
            return r;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            /* A reset is the peer closing with our START frame unread:
             * the same truncation as EOF, and said the same way. */
            c->rerr = errno == ECONNRESET ? GW_CONN_ETRUNC : errno;
            return -1;
        }
        /* EOF before CONTENT_LENGTH or the last chunk: the client or the
         * Apache child went away mid-upload.  The application must see an
         * error, never silently short data. */
        c->rerr = GW_CONN_ETRUNC;
        return -1;
    }
}

ssize_t gw_conn_body_fill(gw_conn *c)
{
    ssize_t r;

    if (c->rpos < c->rlen)
        return (ssize_t)(c->rlen - c->rpos);
    r = conn_body_sysread(c, c->rbuf + c->rbase, c->rcap - c->rbase);
    if (r > 0) {
        c->rpos = c->rbase;
        c->rlen = c->rbase + (size_t)r;
    }
    return r;
}

ssize_t gw_conn_body_read(gw_conn *c, void *dst, size_t len)
{
    unsigned char *out = dst;
    size_t got = 0;

    while (got < len) {
        size_t avail = c->rlen - c->rpos;
        ssize_t r;

        if (avail > 0) {
            size_t take = avail < len - got ? avail : len - got;
            memcpy(out + got, c->rbuf + c->rpos, take);
            c->rpos += take;
            got += take;
            continue;
        }
        /* A read of a body buffer's worth or more (asked for in all)
         * takes every byte straight from the socket: no copy. */
        int direct = len >= GW_CONN_BODY_BUF;
        if (direct)
            r = conn_body_sysread(c, out + got, len - got);
        else
            r = gw_conn_body_fill(c);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        if (direct)
            got += (size_t)r;
    }
    return (ssize_t)got;
}

int64_t gw_conn_body_remaining(const gw_conn *c)
{
    uint64_t buffered = c->rlen - c->rpos;

    if (c->body_chunked)
        return c->body_done ? (int64_t)buffered : -1;
    return (int64_t)(buffered + c->body_left);
}

const char *gw_conn_rerr_str(const gw_conn *c, char *buf, size_t cap)
{
    if (c->rerr == GW_CONN_ETRUNC) {
        if (c->body_chunked)
            snprintf(buf, cap, "request body truncated: the connection "
                     "closed after %llu bytes of a chunked body, before its "
                     "last chunk", (unsigned long long)c->body_seen);
        else
            snprintf(buf, cap, "request body truncated: the client closed "
                     "the connection after %llu of %llu bytes",
                     (unsigned long long)c->body_seen,
                     (unsigned long long)c->body_total);
        return buf;
    }
    snprintf(buf, cap, "reading the request body failed: %s",
             strerror(c->rerr));
    return buf;
}

/* ---- writing frames ----------------------------------------------- */

/* Sends every byte of iov[0..cnt), resuming after partial writes. */
static int conn_sendv(gw_conn *c, struct iovec *iov, int cnt)
{
    struct msghdr mh;

    memset(&mh, 0, sizeof(mh));
    while (cnt > 0) {
        if (iov->iov_len == 0) {
            iov++;
            cnt--;
            continue;
        }
        mh.msg_iov = iov;
        mh.msg_iovlen = (size_t)cnt;
        ssize_t w = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            c->werr = w < 0 ? errno : EIO;
            errno = c->werr;
            return -1;
        }
        size_t left = (size_t)w;
        while (cnt > 0 && left >= iov->iov_len) {
            left -= iov->iov_len;
            iov++;
            cnt--;
        }
        if (cnt > 0) {
            iov->iov_base = (char *)iov->iov_base + left;
            iov->iov_len -= left;
        }
    }
    return 0;
}

int gw_conn_flush(gw_conn *c)
{
    struct iovec iov;

    if (c->werr) {
        errno = c->werr;
        return -1;
    }
    if (c->wlen == 0)
        return 0;
    iov.iov_base = c->wbuf;
    iov.iov_len = c->wlen;
    c->wlen = 0;
    return conn_sendv(c, &iov, 1);
}

static void conn_append(gw_conn *c, unsigned type, const void *data,
                        size_t len)
{
    gw_frame_encode(c->wbuf + c->wlen, type, (uint32_t)len);
    if (len)
        memcpy(c->wbuf + c->wlen + GW_FRAME_HDR_LEN, data, len);
    c->wlen += GW_FRAME_HDR_LEN + len;
}

int gw_conn_frame(gw_conn *c, unsigned type, const void *data, size_t len)
{
    const unsigned char *p = data;

    if (c->werr) {
        errno = c->werr;
        return -1;
    }
    do {
        size_t chunk = len > GW_FRAME_MAX ? GW_FRAME_MAX : len;

        if (gw_conn_frame_nosys(c, chunk)) {
            conn_append(c, type, p, chunk);
        } else if (chunk < GW_CONN_DIRECT_MIN) {
            if (gw_conn_flush(c) < 0)
                return -1;
            conn_append(c, type, p, chunk);
        } else {
            /* Whatever is queued, the frame header and the payload leave
             * in one syscall, without copying the payload. */
            unsigned char hdr[GW_FRAME_HDR_LEN];
            struct iovec iov[3];

            gw_frame_encode(hdr, type, (uint32_t)chunk);
            iov[0].iov_base = c->wbuf;
            iov[0].iov_len = c->wlen;
            iov[1].iov_base = hdr;
            iov[1].iov_len = sizeof(hdr);
            iov[2].iov_base = (void *)p;
            iov[2].iov_len = chunk;
            c->wlen = 0;
            if (conn_sendv(c, iov, 3) < 0)
                return -1;
        }
        p += chunk;
        len -= chunk;
    } while (len > 0);
    return 0;
}

/* Hands the file itself to the Apache child: a FILE frame carrying fd
 * (SCM_RIGHTS).  The bytes then go from the page cache to the client
 * through Apache's sendfile/mmap path, never through this socket.  What
 * wbuf holds (the headers, usually) leaves in the same sendmsg. */
static int conn_pass_fd(gw_conn *c, int fd, off_t off, uint64_t len)
{
    unsigned char f[GW_FRAME_HDR_LEN + GW_FILE_LEN];
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    struct msghdr msg;
    size_t queued = c->wlen;

    if (queued + sizeof(f) > c->wcap) {
        if (gw_conn_flush(c) < 0)
            return -1;
        queued = 0;
    }
    gw_frame_encode(f, GW_FRAME_FILE, GW_FILE_LEN);
    gw_file_encode(f + GW_FRAME_HDR_LEN, (uint64_t)off, len);
    /* One contiguous message: the queued frames, then the FILE frame. */
    memcpy(c->wbuf + queued, f, sizeof(f));
    c->wlen = 0;
    unsigned char *p = c->wbuf;
    size_t left = queued + sizeof(f);
    struct iovec iov = { p, left };

    memset(&msg, 0, sizeof(msg));
    memset(&ctl, 0, sizeof(ctl));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = ctl.buf;
    msg.msg_controllen = sizeof(ctl.buf);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof(int));
    while (left > 0) {
        ssize_t w = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            c->werr = errno;
            return -1;
        }
        /* The descriptor travelled with the first byte; the rest, if the
         * write was short, goes without it. */
        p += w;
        left -= (size_t)w;
        iov.iov_base = p;
        iov.iov_len = left;
        msg.msg_control = NULL;
        msg.msg_controllen = 0;
    }
    return 0;
}

int gw_conn_send_file(gw_conn *c, int fd, off_t off, uint64_t len,
                      uint64_t *sent)
{
    struct stat st;

    *sent = 0;
    if (c->werr) {
        errno = c->werr;
        return -1;
    }
    /* Large parts of regular files travel as the descriptor itself; small
     * ones are cheaper copied in with the headers. */
    if (len >= GW_CONN_PASS_FD_MIN && fstat(fd, &st) == 0
        && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= (uint64_t)off + len) {
        if (conn_pass_fd(c, fd, off, len) < 0)
            return -1;
        *sent = len;
        return 0;
    }
    while (*sent < len) {
        /* Keep reads big: make room rather than pread a sliver. */
        if (c->wcap - c->wlen < GW_FRAME_HDR_LEN + GW_CONN_DIRECT_MIN
            && gw_conn_flush(c) < 0)
            return -1;
        size_t room = c->wcap - c->wlen - GW_FRAME_HDR_LEN;
        size_t want = len - *sent < room ? (size_t)(len - *sent) : room;
        ssize_t r = pread(fd, c->wbuf + c->wlen + GW_FRAME_HDR_LEN, want,
                          off + (off_t)*sent);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        gw_frame_encode(c->wbuf + c->wlen, GW_FRAME_BODY, (uint32_t)r);
        c->wlen += GW_FRAME_HDR_LEN + (size_t)r;
        *sent += (uint64_t)r;
    }
    return 0;
}

int gw_conn_peer_gone(const gw_conn *c)
{
    return c->werr == EPIPE || c->werr == ECONNRESET;
}

/* Nothing to add when these fail: the peer is gone or broken, and the
 * caller has logged the reason already. */
void gw_conn_abort(gw_conn *c, const char *reason)
{
    if (gw_conn_frame(c, GW_FRAME_ABORT, reason, strlen(reason)) == 0)
        (void)gw_conn_flush(c);
}

void gw_conn_forbidden(gw_conn *c, const char *reason)
{
    if (gw_conn_frame(c, GW_FRAME_FORBIDDEN, reason, strlen(reason)) == 0)
        (void)gw_conn_flush(c);
}
