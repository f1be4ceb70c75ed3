/*
 * gw_websocket.h - RFC 6455 WebSocket frames and the handshake's checks.
 *
 * Pure C11: no APR, no httpd, no Python, no allocation, no logging.  The
 * daemon frames and unframes the WebSocket messages of its ASGI
 * applications with it (interp/gw_asgi_ws.c); the Apache child only
 * checks the client's handshake with it (module/gw_tunnel.c) and then
 * relays bytes it never parses; the unit tests and a fuzz target drive
 * the rest.  Every reader treats its input as hostile: a client sends
 * whatever it likes.
 *
 * Reading: a gw_ws_reader is fed the bytes of the connection as they
 * arrive, in pieces of any size, and gives back one event per call
 * (gw_ws_read): pieces of a message's payload (unmasked in place, in the
 * caller's buffer), the end of a message, a ping, a pong, a close, or a
 * failure with the close code to fail the connection with (RFC 6455
 * 7.1.7).  It enforces what a server owes its peer: client frames
 * masked, no reserved bits or opcodes (no extension is ever negotiated),
 * control frames of at most 125 bytes and never fragmented, continuation
 * frames only inside a fragmented message, valid close codes, UTF-8
 * text (checked as it arrives, so an invalid byte fails at once), and a
 * message size limit, checked at each frame's header before any of its
 * payload is held.
 *
 * Writing: gw_ws_header_encode() writes a frame header (a server's
 * frames are not masked; the tests and fuzzers mask theirs as a client
 * does), gw_ws_close_payload() a close frame's body.
 */
#ifndef GW_WEBSOCKET_H
#define GW_WEBSOCKET_H

#include <stddef.h>
#include <stdint.h>

/* RFC 6455 1.3: appended to Sec-WebSocket-Key before its SHA-1 is
 * taken for Sec-WebSocket-Accept. */
#define GW_WS_GUID          "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define GW_WS_KEY_LEN       24      /* base64 of 16 bytes */
#define GW_WS_VERSION       "13"

#define GW_WS_HEADER_MAX    14      /* 2 + 8 (length) + 4 (mask) */
#define GW_WS_CONTROL_MAX   125     /* a control frame's payload */
#define GW_WS_REASON_MAX    123     /* a close reason: 125 - the code */

/* The size limit of one message (all its frames) a daemon accepts from
 * a client unless told otherwise: uvicorn's default ws_max_size, which
 * the applications moved here were written against.  Above it the
 * connection is failed with 1009. */
#define GW_WS_MAX_MESSAGE   (16u << 20)

enum gw_ws_opcode {
    GW_WS_OP_CONT   = 0x0,
    GW_WS_OP_TEXT   = 0x1,
    GW_WS_OP_BINARY = 0x2,
    GW_WS_OP_CLOSE  = 0x8,
    GW_WS_OP_PING   = 0x9,
    GW_WS_OP_PONG   = 0xa
};

/* Close codes (RFC 6455 7.4.1 and IANA's registry). */
#define GW_WS_CLOSE_NORMAL      1000
#define GW_WS_CLOSE_GOING_AWAY  1001
#define GW_WS_CLOSE_PROTOCOL    1002
#define GW_WS_CLOSE_NO_STATUS   1005    /* never sent: a close without code */
#define GW_WS_CLOSE_ABNORMAL    1006    /* never sent: no close frame came */
#define GW_WS_CLOSE_INVALID     1007    /* text that is not UTF-8 */
#define GW_WS_CLOSE_TOO_BIG     1009
#define GW_WS_CLOSE_INTERNAL    1011

/* 1 when code may travel in a close frame: 1000-1003, 1007-1014 (the
 * codes defined so far) and 3000-4999 (registered and private ones);
 * 1004-1006, 1015 and everything else are not.  Both directions use
 * this one list. */
int gw_ws_close_code_valid(unsigned code);

/* ---- UTF-8 (text messages, close reasons) -------------------------- */

/* Incremental UTF-8 check (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF).  Start with a state of 0; feed pieces in
 * order.  Returns 0, or -1 once invalid (sticky).  The text is complete
 * and valid when the state is 0 again after the last piece. */
int gw_ws_utf8_feed(uint32_t *state, const unsigned char *p, size_t n);
int gw_ws_utf8_valid(const unsigned char *p, size_t n);

/* ---- reading frames ------------------------------------------------- */

typedef enum {
    GW_WS_NEED = 0,     /* the input is used up: feed more */
    GW_WS_DATA,         /* the next piece of the current message */
    GW_WS_END,          /* the current message is complete */
    GW_WS_PING,         /* a ping: answer it with a pong of its payload */
    GW_WS_PONG,
    GW_WS_CLOSE,        /* the peer closes; nothing is read after it */
    GW_WS_FAIL          /* fail the connection; nothing is read after it */
} gw_ws_event_kind;

typedef struct {
    /* DATA: into the caller's buffer (unmasked there); PING, PONG: the
     * payload, CLOSE: the reason, both in the reader (valid until the
     * next call) */
    const unsigned char *data;
    size_t len;
    unsigned opcode;    /* DATA, END: GW_WS_OP_TEXT or GW_WS_OP_BINARY */
    unsigned code;      /* CLOSE: its code, GW_WS_CLOSE_NO_STATUS when it
                         * had none; FAIL: the code to close with, 1002
                         * (protocol), 1007 (not UTF-8) or 1009 (size) */
    const char *why;    /* FAIL: what was wrong (static text) */
} gw_ws_event;

typedef struct {
    int expect_mask;            /* 1: frames must be masked (a client's,
                                 * read by a server); 0: must not be */
    uint64_t max_message;       /* 0: no limit */

    int state;                  /* where in a frame the input stands */
    unsigned char hdr[GW_WS_HEADER_MAX];
    unsigned hdr_have;
    unsigned opcode;            /* the current frame's */
    int fin;
    unsigned char mask[4];
    int masked;
    uint64_t left;              /* payload bytes of the frame to come */
    uint64_t offset;            /* payload bytes of the frame seen */
    int end_pending;            /* a message's last byte went out as DATA:
                                 * END comes next */
    unsigned msg_opcode;        /* TEXT/BINARY in progress, 0: none */
    uint64_t msg_len;
    uint32_t utf8;
    unsigned char ctl[GW_WS_CONTROL_MAX];
    unsigned ctl_len;
} gw_ws_reader;

void gw_ws_reader_init(gw_ws_reader *r, int expect_mask,
                       uint64_t max_message);

/* Reads from buf[0, len) (which it may change: payloads are unmasked in
 * place) up to the next event, returned with *ev; *used is how many
 * bytes it took.  Call again with the rest (len may be 0: an END can be
 * due without more input) until it returns GW_WS_NEED, then feed the
 * next bytes.  After CLOSE or FAIL every byte is taken and ignored. */
gw_ws_event_kind gw_ws_read(gw_ws_reader *r, unsigned char *buf, size_t len,
                            size_t *used, gw_ws_event *ev);

/* ---- writing frames ------------------------------------------------- */

/* Writes the header of one frame carrying len payload bytes into out
 * (GW_WS_HEADER_MAX bytes of room) and returns its length.  mask NULL:
 * unmasked, as a server sends; else those 4 bytes, and the caller masks
 * the payload with gw_ws_mask(). */
size_t gw_ws_header_encode(unsigned char *out, int fin, unsigned opcode,
                           uint64_t len, const unsigned char *mask);

/* XORs n payload bytes with mask, the first of them being byte offset
 * of the frame's payload.  Masking and unmasking are the same. */
void gw_ws_mask(unsigned char *p, size_t n, const unsigned char mask[4],
                uint64_t offset);

/* A close frame's payload (2 + rlen bytes) into out (GW_WS_CONTROL_MAX
 * bytes of room): its length, or 0 when code may not be sent
 * (gw_ws_close_code_valid) or the reason is over GW_WS_REASON_MAX bytes
 * or not UTF-8. */
size_t gw_ws_close_payload(unsigned char *out, unsigned code,
                           const char *reason, size_t rlen);

/* ---- the opening handshake (RFC 6455 4.2.1) ------------------------- */

/* A Sec-WebSocket-Key: base64 of 16 bytes, so 22 base64 characters and
 * "==".  1 when valid. */
int gw_ws_key_valid(const char *key, size_t len);

/* Whether a comma-separated header value (Connection, Upgrade,
 * Sec-WebSocket-Protocol; optional whitespace around each element)
 * holds the element token.  nocase: compared in any case (Connection,
 * Upgrade); else exactly (subprotocols, RFC 6455 4.1). */
int gw_ws_list_has(const char *list, size_t len, const char *token,
                   size_t tlen, int nocase);

#endif
