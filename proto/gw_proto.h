/*
 * gw_proto.h - the wire protocol between an Apache child and a daemon.
 *
 * Pure C11: no APR, no httpd, no Python.  It is linked into the Apache
 * module, into the daemon executable, into the cmocka unit tests and into
 * the fuzz targets, so nothing here may allocate or log.  Every decoder
 * treats its input as hostile: lengths are checked before any byte is read.
 *
 * Request (Apache child -> daemon): one uwsgi packet, then the body.
 *   byte 0      modifier1 = 0 (WSGI request)
 *   bytes 1-2   datasize, little endian: length of the vars block
 *   byte 3      modifier2 = 0
 *   vars block  repeated { u16le klen, key[klen], u16le vlen, val[vlen] }
 *   body        CONTENT_LENGTH bytes when CONTENT_LENGTH is present;
 *               otherwise (a chunked request body) chunks of
 *               { u32le len, data[len] } ending with a chunk of len 0, so
 *               a body cut short is told from a complete one.
 * Gateway control values travel as vars whose keys start with "gateway."
 * (see GW_VAR_*): lower case with a dot, which no HTTP_* CGI variable
 * derived from a client header can ever be.
 *
 * Response (daemon -> Apache child): a sequence of frames.
 *   frame header (8 bytes): u8 type, u8 flags (0), u16 reserved (0),
 *                           u32le payload length
 *   GW_FRAME_FILE     payload: u64le offset, u64le length.  Sent with one
 *                     file descriptor (SCM_RIGHTS) of a regular file: the
 *                     body continues with those bytes of that file, which
 *                     the Apache child sends itself (sendfile/mmap) instead
 *                     of the daemon copying them through the socket.
 *   GW_FRAME_RETRY    payload: u32le pid.  Sent instead of START when the
 *                     process is stale (its WSGI script or restart-file=
 *                     changed): it takes nothing, recycles itself, and the
 *                     Apache child sends the request again (no body has
 *                     left the Apache child yet: it waits for START).  The
 *                     pid tells the supervisor which process refused a
 *                     request as stale (gw_slots_note_retry).
 *   GW_FRAME_START    payload: u32le pid.  Sent by the daemon process as
 *                     soon as it has read the request packet, before
 *                     anything else: until it arrives the request is queued
 *                     (no process took it), and from then on the Apache
 *                     child can name the process in its log lines
 *                     (SO_PEERCRED names the socket's creator instead)
 *                     and count the request against it for the
 *                     supervisor (gw_slots_note_start).
 *   GW_FRAME_HEADERS  payload: kv pairs in the vars encoding; the first pair
 *                     is (":status", "200 OK"), then one pair per header.
 *   GW_FRAME_BODY     payload: response body bytes.
 *   GW_FRAME_END      payload: empty.  The response is complete; anything
 *                     else (EOF, a short frame) means the daemon broke.
 *                     The daemon closes the connection after it.
 *   GW_FRAME_END_KEEP payload: empty.  END, and the connection stays open:
 *                     the daemon has read the whole request body and will
 *                     take the next request packet on it (a kept link).
 *                     The Apache child may send one, or close it.  A kept
 *                     link that fails before START (EOF, a reset: the
 *                     process closed it idle, or is gone) took nothing, so
 *                     the request goes again over a fresh connection.
 *   GW_FRAME_ABORT    payload: a short reason (text).  The application
 *                     failed; before HEADERS this becomes a 500, after it
 *                     the client connection is aborted.
 *   GW_FRAME_FORBIDDEN payload: a short reason (text).  The daemon refuses
 *                     to run the request's WSGI script (its owner or mode
 *                     is not what script-user=/script-group= require):
 *                     the Apache child answers 403 itself, as mod_wsgi
 *                     does.  Only before HEADERS; the connection closes.
 *   GW_FRAME_ANSWER   payload: an auth hook's answer (gw_hook.h), in place
 *                     of HEADERS and body when the request was a hook
 *                     call (gateway.hook); END or END_KEEP follows.  In
 *                     the response to a WSGI request it is a protocol
 *                     error.
 *   GW_FRAME_WEBSOCKET payload: kv pairs in the vars encoding.  The
 *                     answer, instead of HEADERS, to a request the Apache
 *                     child sent as a WebSocket handshake it checked
 *                     (GW_VAR_WEBSOCKET): the first pair is
 *                     (GW_WS_REPLY_KEY, "accept") or (GW_WS_REPLY_KEY,
 *                     "deny"); an accept may go on with
 *                     (GW_WS_SUBPROTOCOL_KEY, a token), then one pair per
 *                     extra header of the 101 response.  On accept the
 *                     Apache child sends 101 and from then on relays
 *                     bytes both ways without reading them (no more
 *                     frames of this protocol on the connection, which
 *                     neither side keeps); on deny it answers 403.
 */
#ifndef GW_PROTO_H
#define GW_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define GW_UWSGI_HDR_LEN   4
#define GW_UWSGI_MOD_WSGI  0
#define GW_VARS_MAX        65535u      /* datasize is a u16 */

#define GW_CHUNK_HDR_LEN   4           /* request body chunk: u32le len */

#define GW_FRAME_HDR_LEN   8
#define GW_FRAME_MAX       (16u << 20) /* larger frames are a protocol error */

#define GW_VAR_SCRIPT      "gateway.script"
#define GW_VAR_APP_GROUP   "gateway.application_group"
#define GW_VAR_CALLABLE    "gateway.callable"
#define GW_VAR_SECRET      "gateway.secret"
/* "1": the Apache child checked the request's WebSocket handshake and
 * will tunnel it when the daemon answers WEBSOCKET accept. */
#define GW_VAR_WEBSOCKET   "gateway.websocket"
#define GW_VAR_PREFIX      "gateway."
#define GW_STATUS_KEY      ":status"
#define GW_WS_REPLY_KEY    ":websocket"
#define GW_WS_SUBPROTOCOL_KEY ":subprotocol"

enum gw_frame_type {
    GW_FRAME_HEADERS = 1,
    GW_FRAME_BODY    = 2,
    GW_FRAME_END     = 3,
    GW_FRAME_ABORT   = 4,
    GW_FRAME_START   = 5,
    GW_FRAME_FILE    = 6,
    GW_FRAME_RETRY   = 7,
    GW_FRAME_END_KEEP = 8,
    GW_FRAME_FORBIDDEN = 9,
    GW_FRAME_ANSWER  = 10,
    GW_FRAME_WEBSOCKET = 11
};
#define GW_FRAME_TYPE_MAX  GW_FRAME_WEBSOCKET

#define GW_START_LEN       4           /* START, RETRY payload: u32le pid */
#define GW_FIRST_LEN       (GW_FRAME_HDR_LEN + GW_START_LEN)
#define GW_FILE_LEN        16          /* FILE payload: u64le off, u64le len */

enum gw_proto_rc {
    GW_OK        = 0,
    GW_ETRUNC    = -1,  /* input ends inside an item */
    GW_ETOOBIG   = -2,  /* output would not fit / exceeds a protocol limit */
    GW_EBADTYPE  = -3,  /* unknown modifier or frame type, nonzero reserved */
    GW_ETOOMANY  = -4,  /* more items than the caller's array holds */
    GW_EBADNAME  = -5,  /* header name empty or not an HTTP token */
    GW_EBADVALUE = -6,  /* CR, LF, NUL or other CTL in a value/reason */
    GW_EBADSTATUS= -7,  /* status not "NNN reason" with 100 <= NNN <= 999 */
    GW_ENOTFINAL = -8,  /* a well-formed status that is not a final one */
    GW_EBADPID   = -9,  /* START/RETRY pid 0 or beyond INT32_MAX */
    GW_EBADREPLY = -10, /* WEBSOCKET: not accept/deny, or misplaced parts */
    GW_ERESERVED = -11  /* WEBSOCKET: a header a 101 may not carry */
};

/* The statuses a response may end with (RFC 9110 15: 1xx are interim,
 * nothing above 5xx is defined).  WSGI has no interim responses: the
 * status given to start_response() is the response's final one. */
#define GW_STATUS_FINAL_MIN 200
#define GW_STATUS_FINAL_MAX 599

/* A key/value pair pointing into someone else's buffer (not NUL-ended). */
typedef struct {
    const char *key;
    const char *val;
    uint16_t klen;
    uint16_t vlen;
} gw_kv;

/* Incremental encoder for a vars block (or a HEADERS payload) into a
 * caller-owned buffer.  For a request, reserve GW_UWSGI_HDR_LEN bytes: use
 * gw_req_begin(); for a HEADERS payload use gw_kv_begin(). */
typedef struct {
    unsigned char *buf;
    size_t cap;
    size_t len;       /* bytes written so far, including any reserved head */
    size_t start;     /* where the kv data begins (4 for a request) */
    int overflow;     /* set once anything did not fit; sticky */
} gw_enc;

void gw_req_begin(gw_enc *e, unsigned char *buf, size_t cap);
void gw_kv_begin(gw_enc *e, unsigned char *buf, size_t cap);
/* Appends one pair; returns GW_OK or GW_ETOOBIG (and sets e->overflow).
 * ETOOBIG means klen or vlen > 65535, or the pair does not fit in cap; in
 * both cases overflow is set and every later add fails too, so a caller
 * may add everything and check only gw_req_finish().  key/val may be NULL
 * when their length is 0. */
int gw_enc_add(gw_enc *e, const char *key, size_t klen,
               const char *val, size_t vlen);
/* Request only: writes the uwsgi header, returns the packet length or 0
 * when anything overflowed or the vars block exceeds GW_VARS_MAX (or the
 * encoder was not started with gw_req_begin()).  Send exactly the
 * returned number of bytes from buf; never rely on e->len. */
size_t gw_req_finish(gw_enc *e);

/* Parses the 4-byte uwsgi header: GW_OK and *datasize, or GW_EBADTYPE
 * (modifier1 != GW_UWSGI_MOD_WSGI or modifier2 != 0).  There is no length
 * argument: the caller must have read all GW_UWSGI_HDR_LEN bytes. */
int gw_req_parse_header(const unsigned char *hdr, size_t *datasize);

/* Decodes a kv block (request vars or HEADERS payload).  On GW_OK, *n
 * pairs point into data and exactly len bytes were consumed.  GW_ETRUNC
 * when an item is cut short, GW_ETOOMANY when there are more than max
 * pairs; on error *n is 0 (out[] may have been written).  Empty keys and
 * duplicate keys are accepted: the caller decides. */
int gw_kv_decode(const unsigned char *data, size_t len,
                 gw_kv *out, size_t max, size_t *n);

/* Looks a key up in decoded pairs (exact, case-sensitive; key is a C
 * string); the first match, or NULL when absent. */
const gw_kv *gw_kv_find(const gw_kv *kv, size_t n, const char *key);

/* Request body chunk header (bodies without CONTENT_LENGTH): writes or
 * reads GW_CHUNK_HDR_LEN bytes.  A chunk of length 0 ends the body. */
void gw_chunk_encode(unsigned char *out, uint32_t len);
uint32_t gw_chunk_decode(const unsigned char *in);

/* Incremental de-chunking of a chunk-framed request body, as bytes
 * arrive in pieces of any size.  Zero-initialise, then feed each piece to
 * gw_dechunk(): it removes the chunk headers in place and returns how many
 * body bytes remain at the start of buf; done is set at the empty chunk,
 * and whatever follows it is dropped. */
typedef struct {
    uint32_t left;                          /* bytes left in this chunk */
    unsigned char hdr[GW_CHUNK_HDR_LEN];    /* a header split by a read */
    unsigned hdr_have;
    int done;
} gw_dechunker;

size_t gw_dechunk(gw_dechunker *d, unsigned char *buf, size_t len);

/* Frame header: writes GW_FRAME_HDR_LEN bytes.  type should be an enum
 * gw_frame_type (only its low byte is sent) and len <= GW_FRAME_MAX;
 * neither is checked here, the peer's decoder rejects both. */
void gw_frame_encode(unsigned char *out, unsigned type, uint32_t len);
/* Decodes GW_FRAME_HDR_LEN bytes, which the caller must have read in
 * full.  GW_OK, GW_EBADTYPE (unknown type or nonzero flags/reserved) or
 * GW_ETOOBIG (len > GW_FRAME_MAX).  *type and *len are set even on error,
 * for logging only. */
int gw_frame_decode(const unsigned char *in, unsigned *type, uint32_t *len);

/* START and RETRY payload: writes GW_START_LEN bytes, the sender's pid. */
void gw_pid_encode(unsigned char *out, uint32_t pid);
/* The FILE payload (GW_FILE_LEN bytes): the offset and length of the
 * part of the file its descriptor stands for.  Decoding refuses (GW_ETOOBIG)
 * an offset or an end beyond INT64_MAX: off_t is signed. */
void gw_file_encode(unsigned char *out, uint64_t off, uint64_t len);
int gw_file_decode(const unsigned char *in, uint64_t *off, uint64_t *len);
/* Decodes the first frame of a response, GW_FIRST_LEN bytes the caller
 * has read in full: GW_OK when it is START or RETRY with a GW_START_LEN
 * payload holding a pid from 1 to INT32_MAX (a pid_t), with *type and
 * *pid set.  Otherwise the gw_frame_decode() error, GW_EBADTYPE (another
 * type, or another length) or GW_EBADPID, and *type and *pid are 0. */
int gw_first_decode(const unsigned char *in, unsigned *type, uint32_t *pid);

/* Validation shared by the daemon (start_response) and the Apache child
 * (untrusted daemon output).  Header names must be RFC 9110 tokens;
 * values and reasons must hold no CR, LF, NUL or other control character
 * (HTAB and obs-text 0x80-0xff are allowed). */
int gw_check_header_name(const char *name, size_t len);
int gw_check_header_value(const char *val, size_t len);
/* "200 OK": three digits (first 1-9), a space, a reason (may be empty
 * after the space; checked like a header value).  On GW_OK *code is the
 * number.  "200" without the space is GW_EBADSTATUS.  code may be NULL. */
int gw_check_status(const char *status, size_t len, int *code);

/* 1 when name (len bytes, any case) is a hop-by-hop header, which a WSGI
 * response may not carry (RFC 9110 7.6.1, PEP 3333): the daemon refuses
 * it in start_response() and the Apache child from a daemon, by this one
 * list. */
int gw_is_hop_by_hop(const char *name, size_t len);

/* A Content-Length (or CONTENT_LENGTH) value: 1 to 18 decimal digits, no
 * sign, no space.  GW_OK and *out, or GW_EBADVALUE. */
int gw_parse_length(const char *s, size_t len, uint64_t *out);

/* Decodes and validates a whole HEADERS payload: the first pair must be
 * GW_STATUS_KEY with a valid status, every other pair a valid header, and
 * the status a final one (GW_STATUS_FINAL_MIN..GW_STATUS_FINAL_MAX).
 * Returns the gw_kv_decode error, GW_EBADSTATUS (no pairs, first key not
 * ":status", bad status), GW_EBADVALUE, GW_EBADNAME, or GW_ENOTFINAL
 * (everything valid but the status is 1xx or above 599: an Apache child
 * that sent it on would let a client take the body for the next
 * response).  On error *n and *code are 0; on GW_ENOTFINAL only, out[0]
 * is the status pair, for the caller's log line.  code may be NULL. */
int gw_headers_decode(const unsigned char *data, size_t len,
                      gw_kv *out, size_t max, size_t *n, int *code);

/* 1 when a 101 response to a WebSocket handshake may not carry header
 * name (any case) from the application: the hop-by-hop ones (the Apache
 * child writes Upgrade and Connection itself), Sec-WebSocket-Accept
 * (the Apache child computes it), Sec-WebSocket-Protocol (it goes as
 * GW_WS_SUBPROTOCOL_KEY, checked against the client's offer),
 * Sec-WebSocket-Extensions (no extension is negotiated: the daemon
 * frames without any), Sec-WebSocket-Key, Sec-WebSocket-Version and
 * Content-Length (a 101 has no body). */
int gw_ws_reply_reserved(const char *name, size_t len);

/* Decodes and validates a whole WEBSOCKET payload.  On GW_OK, *accept
 * is 1 (accept) or 0 (deny), *subprotocol the chosen subprotocol (klen
 * and vlen 0 when none) and out[0, *n) the extra headers, each a valid
 * header that gw_ws_reply_reserved() allows.  Errors: the gw_kv_decode
 * error; GW_EBADREPLY (no pairs, the first not GW_WS_REPLY_KEY with
 * "accept" or "deny", a deny with anything after it, a subprotocol that
 * is not a token or not right after the first pair); GW_EBADNAME,
 * GW_EBADVALUE (an invalid header); GW_ERESERVED (a header
 * gw_ws_reply_reserved() refuses: out[0] is that pair, for the caller's
 * log line).  On error *n, *accept and *subprotocol are 0. */
int gw_ws_reply_decode(const unsigned char *data, size_t len, gw_kv *out,
                       size_t max, size_t *n, int *accept,
                       gw_kv *subprotocol);

const char *gw_proto_strerror(int rc);

#endif
