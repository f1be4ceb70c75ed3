/*
 * gw_websocket.c - RFC 6455 frames and handshake checks (see
 * gw_websocket.h).  Linked into the daemon, the Apache module, the unit
 * tests and the fuzzers: no allocation, no library beyond <string.h>.
 *
 * The reader is a small state machine over the bytes as they come: a
 * frame header is gathered (it may be split across reads) and judged
 * whole before any of its payload is looked at; a data frame's payload
 * is handed out as it arrives, unmasked where it lies, so a message is
 * never copied here; a control frame's payload (125 bytes at most) is
 * gathered in the reader, since it is only acted on complete.
 */
#include <string.h>

#include "gw_websocket.h"

enum { RD_HEADER, RD_PAYLOAD, RD_DONE };

/* The UTF-8 state: the continuation bytes still expected (bits 0-7) and
 * the range the next one must fall in (bits 8-15 low, 16-23 high),
 * which is narrower than 0x80-0xbf right after E0, ED, F0 and F4: that
 * is what rules out overlong forms, surrogates and code points above
 * U+10FFFF. */
#define UTF8_BAD 0xffffffffu

static uint32_t utf8_expect(unsigned need, unsigned lo, unsigned hi)
{
    return need | (uint32_t)lo << 8 | (uint32_t)hi << 16;
}

/* The state after lead byte b, or UTF8_BAD. */
static uint32_t utf8_lead(unsigned b)
{
    if (b < 0x80)
        return 0;
    if (b >= 0xc2 && b <= 0xdf)
        return utf8_expect(1, 0x80, 0xbf);
    if (b == 0xe0)
        return utf8_expect(2, 0xa0, 0xbf);
    if (b == 0xed)
        return utf8_expect(2, 0x80, 0x9f);
    if (b >= 0xe1 && b <= 0xef)
        return utf8_expect(2, 0x80, 0xbf);
    if (b == 0xf0)
        return utf8_expect(3, 0x90, 0xbf);
    if (b >= 0xf1 && b <= 0xf3)
        return utf8_expect(3, 0x80, 0xbf);
    if (b == 0xf4)
        return utf8_expect(3, 0x80, 0x8f);
    return UTF8_BAD;            /* 0x80-0xc1 (stray or overlong), f5-ff */
}

int gw_ws_utf8_feed(uint32_t *state, const unsigned char *p, size_t n)
{
    uint32_t st = *state;

    for (size_t i = 0; i < n && st != UTF8_BAD; i++) {
        unsigned need = st & 0xff;
        if (need == 0) {
            /* ASCII runs are the common case: skip them quickly. */
            if (p[i] < 0x80)
                continue;
            st = utf8_lead(p[i]);
            continue;
        }
        if (p[i] < ((st >> 8) & 0xff) || p[i] > ((st >> 16) & 0xff))
            st = UTF8_BAD;
        else
            st = need == 1 ? 0 : utf8_expect(need - 1, 0x80, 0xbf);
    }
    *state = st;
    return st == UTF8_BAD ? -1 : 0;
}

int gw_ws_utf8_valid(const unsigned char *p, size_t n)
{
    uint32_t st = 0;

    return gw_ws_utf8_feed(&st, p, n) == 0 && st == 0;
}

int gw_ws_close_code_valid(unsigned code)
{
    if (code >= 3000 && code <= 4999)
        return 1;
    return code >= 1000 && code <= 1014 && code != 1004 && code != 1005
           && code != 1006;
}

/* ---- reading -------------------------------------------------------- */

void gw_ws_reader_init(gw_ws_reader *r, int expect_mask,
                       uint64_t max_message)
{
    memset(r, 0, sizeof(*r));
    r->expect_mask = expect_mask;
    r->max_message = max_message;
    r->state = RD_HEADER;
}

static gw_ws_event_kind fail(gw_ws_reader *r, gw_ws_event *ev,
                             unsigned code, const char *why)
{
    r->state = RD_DONE;
    ev->code = code;
    ev->why = why;
    return GW_WS_FAIL;
}

/* The header's length once its first two bytes are in. */
static unsigned header_len(const unsigned char *h)
{
    unsigned len7 = h[1] & 0x7f;

    return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0)
           + ((h[1] & 0x80) ? 4 : 0);
}

/* The length field; -1 in *bad for a 64-bit length with its top bit set
 * (RFC 6455 5.2: it must be 0). */
static uint64_t header_payload_len(const unsigned char *h, int *bad)
{
    unsigned len7 = h[1] & 0x7f;
    uint64_t n = 0;

    *bad = 0;
    if (len7 < 126)
        return len7;
    if (len7 == 126)
        return (uint64_t)h[2] << 8 | h[3];
    for (int i = 0; i < 8; i++)
        n = n << 8 | h[2 + i];
    if (n >> 63)
        *bad = 1;
    return n;
}

/* A control frame is complete (its payload in r->ctl). */
static gw_ws_event_kind control_event(gw_ws_reader *r, gw_ws_event *ev)
{
    r->state = RD_HEADER;
    ev->data = r->ctl;
    ev->len = r->ctl_len;
    if (r->opcode == GW_WS_OP_PING)
        return GW_WS_PING;
    if (r->opcode == GW_WS_OP_PONG)
        return GW_WS_PONG;
    /* Close: nothing, or a code and a UTF-8 reason (RFC 6455 5.5.1). */
    if (r->ctl_len == 1)
        return fail(r, ev, GW_WS_CLOSE_PROTOCOL, "close frame of 1 byte");
    ev->code = GW_WS_CLOSE_NO_STATUS;
    ev->data = r->ctl + (r->ctl_len ? 2 : 0);
    ev->len = r->ctl_len ? r->ctl_len - 2u : 0;
    if (r->ctl_len) {
        ev->code = (unsigned)r->ctl[0] << 8 | r->ctl[1];
        if (!gw_ws_close_code_valid(ev->code))
            return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                        "close frame with an invalid code");
        if (!gw_ws_utf8_valid(ev->data, ev->len))
            return fail(r, ev, GW_WS_CLOSE_INVALID,
                        "close reason that is not UTF-8");
    }
    r->state = RD_DONE;
    return GW_WS_CLOSE;
}

/* The end of a message: a text one must have ended a UTF-8 sequence. */
static gw_ws_event_kind message_end(gw_ws_reader *r, gw_ws_event *ev)
{
    unsigned op = r->msg_opcode;

    r->end_pending = 0;
    r->msg_opcode = 0;
    if (op == GW_WS_OP_TEXT && r->utf8 != 0)
        return fail(r, ev, GW_WS_CLOSE_INVALID,
                    "text message that is not UTF-8");
    ev->opcode = op;
    ev->data = NULL;
    ev->len = 0;
    return GW_WS_END;
}

/* A whole header is in r->hdr: judged before any payload is read.
 * GW_WS_NEED to go on reading, or the event it makes (a failure, or an
 * empty control frame or message end). */
static gw_ws_event_kind header_done(gw_ws_reader *r, gw_ws_event *ev)
{
    const unsigned char *h = r->hdr;
    int bad;

    r->fin = (h[0] & 0x80) != 0;
    r->opcode = h[0] & 0x0f;
    r->masked = (h[1] & 0x80) != 0;
    r->left = header_payload_len(h, &bad);
    r->offset = 0;
    if (r->masked)
        memcpy(r->mask, h + r->hdr_have - 4, 4);
    r->hdr_have = 0;
    if (h[0] & 0x70)
        return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                    "reserved bits set (no extension was negotiated)");
    if (r->masked != r->expect_mask)
        return fail(r, ev, GW_WS_CLOSE_PROTOCOL, r->expect_mask
                    ? "unmasked frame from a client"
                    : "masked frame from a server");
    if (bad)
        return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                    "payload length with its top bit set");
    if (r->opcode >= GW_WS_OP_CLOSE) {
        if (r->opcode > GW_WS_OP_PONG)
            return fail(r, ev, GW_WS_CLOSE_PROTOCOL, "reserved opcode");
        if (!r->fin)
            return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                        "fragmented control frame");
        if (r->left > GW_WS_CONTROL_MAX)
            return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                        "control frame over 125 bytes");
        r->ctl_len = 0;
        r->state = RD_PAYLOAD;
        return r->left == 0 ? control_event(r, ev) : GW_WS_NEED;
    }
    if (r->opcode > GW_WS_OP_BINARY)
        return fail(r, ev, GW_WS_CLOSE_PROTOCOL, "reserved opcode");
    if (r->opcode == GW_WS_OP_CONT && !r->msg_opcode)
        return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                    "continuation frame outside a message");
    if (r->opcode != GW_WS_OP_CONT) {
        if (r->msg_opcode)
            return fail(r, ev, GW_WS_CLOSE_PROTOCOL,
                        "new message inside a fragmented one");
        r->msg_opcode = r->opcode;
        r->msg_len = 0;
        r->utf8 = 0;
    }
    if (r->max_message && r->left > r->max_message - r->msg_len)
        return fail(r, ev, GW_WS_CLOSE_TOO_BIG,
                    "message over the size limit");
    r->msg_len += r->left;
    r->state = RD_PAYLOAD;
    if (r->left == 0) {
        r->state = RD_HEADER;
        if (r->fin)
            return message_end(r, ev);
    }
    return GW_WS_NEED;
}

/* Takes header bytes; the event of a completed header, or NEED. */
static gw_ws_event_kind read_header(gw_ws_reader *r, const unsigned char *p,
                                    size_t len, size_t *used,
                                    gw_ws_event *ev)
{
    size_t i = 0;

    while (i < len) {
        r->hdr[r->hdr_have++] = p[i++];
        if (r->hdr_have >= 2 && r->hdr_have == header_len(r->hdr)) {
            *used = i;
            return header_done(r, ev);
        }
    }
    *used = i;
    return GW_WS_NEED;
}

/* Takes payload bytes of the current frame. */
static gw_ws_event_kind read_payload(gw_ws_reader *r, unsigned char *p,
                                     size_t len, size_t *used,
                                     gw_ws_event *ev)
{
    size_t n = r->left < len ? (size_t)r->left : len;

    if (r->masked)
        gw_ws_mask(p, n, r->mask, r->offset);
    r->offset += n;
    r->left -= n;
    *used = n;
    if (r->opcode >= GW_WS_OP_CLOSE) {
        memcpy(r->ctl + r->ctl_len, p, n);
        r->ctl_len += (unsigned)n;
        return r->left == 0 ? control_event(r, ev) : GW_WS_NEED;
    }
    if (r->left == 0) {
        r->state = RD_HEADER;
        r->end_pending = r->fin;
    }
    if (r->msg_opcode == GW_WS_OP_TEXT
        && gw_ws_utf8_feed(&r->utf8, p, n) < 0)
        return fail(r, ev, GW_WS_CLOSE_INVALID,
                    "text message that is not UTF-8");
    if (n == 0)
        return GW_WS_NEED;
    ev->data = p;
    ev->len = n;
    ev->opcode = r->msg_opcode;
    return GW_WS_DATA;
}

gw_ws_event_kind gw_ws_read(gw_ws_reader *r, unsigned char *buf, size_t len,
                            size_t *used, gw_ws_event *ev)
{
    size_t pos = 0;

    memset(ev, 0, sizeof(*ev));
    if (r->state == RD_DONE) {
        *used = len;
        return GW_WS_NEED;
    }
    if (r->end_pending) {
        *used = 0;
        return message_end(r, ev);
    }
    while (pos < len) {
        size_t n = 0;
        gw_ws_event_kind k = r->state == RD_HEADER
            ? read_header(r, buf + pos, len - pos, &n, ev)
            : read_payload(r, buf + pos, len - pos, &n, ev);
        pos += n;
        if (k != GW_WS_NEED) {
            *used = r->state == RD_DONE ? len : pos;
            return k;
        }
    }
    *used = pos;
    return GW_WS_NEED;
}

/* ---- writing -------------------------------------------------------- */

size_t gw_ws_header_encode(unsigned char *out, int fin, unsigned opcode,
                           uint64_t len, const unsigned char *mask)
{
    size_t n = 2;

    out[0] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
    if (len < 126)
        out[1] = (unsigned char)len;
    else if (len <= 0xffff) {
        out[1] = 126;
        out[2] = (unsigned char)(len >> 8);
        out[3] = (unsigned char)len;
        n = 4;
    }
    else {
        out[1] = 127;
        for (int i = 0; i < 8; i++)
            out[2 + i] = (unsigned char)(len >> (56 - 8 * i));
        n = 10;
    }
    if (mask) {
        out[1] |= 0x80;
        memcpy(out + n, mask, 4);
        n += 4;
    }
    return n;
}

void gw_ws_mask(unsigned char *p, size_t n, const unsigned char mask[4],
                uint64_t offset)
{
    for (size_t i = 0; i < n; i++)
        p[i] ^= mask[(offset + i) & 3];
}

size_t gw_ws_close_payload(unsigned char *out, unsigned code,
                           const char *reason, size_t rlen)
{
    if (!gw_ws_close_code_valid(code) || rlen > GW_WS_REASON_MAX
        || !gw_ws_utf8_valid((const unsigned char *)reason, rlen))
        return 0;
    out[0] = (unsigned char)(code >> 8);
    out[1] = (unsigned char)code;
    if (rlen)
        memcpy(out + 2, reason, rlen);
    return 2 + rlen;
}

/* ---- the handshake -------------------------------------------------- */

static int is_b64(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')
           || (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';
}

int gw_ws_key_valid(const char *key, size_t len)
{
    if (len != GW_WS_KEY_LEN || key[22] != '=' || key[23] != '=')
        return 0;
    for (size_t i = 0; i < 22; i++)
        if (!is_b64(key[i]))
            return 0;
    return 1;
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int same(const char *a, const char *b, size_t n, int nocase)
{
    if (!nocase)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

int gw_ws_list_has(const char *list, size_t len, const char *token,
                   size_t tlen, int nocase)
{
    size_t i = 0;

    while (i < len) {
        while (i < len && (list[i] == ' ' || list[i] == '\t'
                           || list[i] == ','))
            i++;
        size_t b = i;
        while (i < len && list[i] != ',')
            i++;
        size_t e = i;
        while (e > b && (list[e - 1] == ' ' || list[e - 1] == '\t'))
            e--;
        if (e - b == tlen && tlen && same(list + b, token, tlen, nocase))
            return 1;
    }
    return 0;
}
