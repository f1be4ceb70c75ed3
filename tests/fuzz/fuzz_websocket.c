/*
 * fuzz_websocket.c - libFuzzer target: the RFC 6455 frame reader the
 * daemon runs on what a WebSocket client sends (proto/gw_websocket.c).
 *
 * Properties:
 *   - any stream (mode 1, a hostile client): read whole and read in
 *     arbitrary pieces (each copied into an exact-size buffer, so ASan
 *     sees a read past it), the events are the same: the same ends,
 *     pings, pongs, closes and failures in the same order, the same
 *     message bytes between them (except that a failure may come a
 *     piece earlier for whole input: a text piece with a bad byte is
 *     never handed out); and each run keeps the promises a server
 *     relies on: payload only inside a message, no message over the
 *     limit, every text message that ends is UTF-8, control payloads of
 *     at most 125 bytes, close codes that may be on the wire (or 1005),
 *     UTF-8 close reasons, failures only with 1002, 1007 or 1009, and
 *     nothing after a close or a failure;
 *   - round trip (mode 0): messages built from the input, cut into
 *     fragments with pings and pongs between them, framed and masked as
 *     a client does with gw_ws_header_encode() and gw_ws_mask(), read
 *     back in pieces are exactly those messages, then the close.
 *
 * Input: byte 0 mode (bit 0: 0 round trip, 1 raw stream; bit 1: frames
 * masked, as from a client, in mode 1; bits 2-3: the size limit, none,
 * 16, 125 or 4096 bytes), then a count and that many read-size bytes
 * (b + 1, used in turn), then the payload.
 *
 * Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
 *       tests/fuzz/fuzz_websocket.c proto/gw_websocket.c -o /tmp/fuzz_ws
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_websocket.h"

static const uint64_t LIMITS[4] = { 0, 16, 125, 4096 };

/* One event; DATA pieces of a run are joined into one. */
typedef struct {
    gw_ws_event_kind kind;
    unsigned opcode, code;
    unsigned char *data;
    size_t len, cap;
} event;

typedef struct {
    event *ev;
    size_t n, cap;
} run;

static void run_free(run *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->ev[i].data);
    free(r->ev);
}

static void add(run *r, gw_ws_event_kind k, const gw_ws_event *ev)
{
    if (k == GW_WS_DATA && r->n && r->ev[r->n - 1].kind == GW_WS_DATA) {
        event *last = &r->ev[r->n - 1];
        if (last->len + ev->len > last->cap) {
            last->cap = (last->len + ev->len) * 2;
            last->data = realloc(last->data, last->cap);
            if (!last->data)
                abort();
        }
        memcpy(last->data + last->len, ev->data, ev->len);
        last->len += ev->len;
        return;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->ev = realloc(r->ev, r->cap * sizeof(*r->ev));
        if (!r->ev)
            abort();
    }
    event *e = &r->ev[r->n++];
    e->kind = k;
    e->opcode = ev->opcode;
    e->code = ev->code;
    e->len = k == GW_WS_FAIL || k == GW_WS_END ? 0 : ev->len;
    e->cap = e->len ? e->len : 1;
    e->data = malloc(e->cap);
    if (!e->data)
        abort();
    if (e->len)
        memcpy(e->data, ev->data, e->len);
}

/* The promises of one event in its place (see the top). */
static void check_event(gw_ws_reader *rd, gw_ws_event_kind k,
                        const gw_ws_event *ev, int *in_msg, int *over,
                        uint64_t *msg_len, uint32_t *utf8, unsigned *op)
{
    if (*over)
        abort();                        /* nothing after CLOSE/FAIL */
    switch (k) {
    case GW_WS_DATA:
        if (ev->len == 0 || (ev->opcode != GW_WS_OP_TEXT
                             && ev->opcode != GW_WS_OP_BINARY))
            abort();
        if (*in_msg && ev->opcode != *op)
            abort();
        *in_msg = 1;
        *op = ev->opcode;
        *msg_len += ev->len;
        if (rd->max_message && *msg_len > rd->max_message)
            abort();
        if (ev->opcode == GW_WS_OP_TEXT
            && gw_ws_utf8_feed(utf8, ev->data, ev->len) != 0)
            abort();
        break;
    case GW_WS_END:
        if (ev->opcode != GW_WS_OP_TEXT && ev->opcode != GW_WS_OP_BINARY)
            abort();
        if (*in_msg && ev->opcode != *op)
            abort();
        if (ev->opcode == GW_WS_OP_TEXT && *utf8 != 0)
            abort();
        *in_msg = 0;
        *msg_len = 0;
        *utf8 = 0;
        break;
    case GW_WS_PING:
    case GW_WS_PONG:
        if (ev->len > GW_WS_CONTROL_MAX)
            abort();
        break;
    case GW_WS_CLOSE:
        if ((ev->code != GW_WS_CLOSE_NO_STATUS
             && !gw_ws_close_code_valid(ev->code))
            || ev->len > GW_WS_REASON_MAX
            || (ev->code == GW_WS_CLOSE_NO_STATUS && ev->len)
            || !gw_ws_utf8_valid(ev->data, ev->len))
            abort();
        *over = 1;
        break;
    case GW_WS_FAIL:
        if ((ev->code != GW_WS_CLOSE_PROTOCOL
             && ev->code != GW_WS_CLOSE_INVALID
             && ev->code != GW_WS_CLOSE_TOO_BIG) || !ev->why)
            abort();
        *over = 1;
        break;
    default:
        abort();
    }
}

/* Reads s[0, len) in pieces of the sizes in sizes (one piece when
 * there are none) into out, checking each event.  Pieces of a long
 * stream are 64 times larger: read in pieces of a few bytes, a 64 KiB
 * message would take most of the time the fuzzer has. */
static void read_all(const unsigned char *s, size_t len, int expect_mask,
                     uint64_t limit, const uint8_t *sizes, size_t nsizes,
                     run *out)
{
    size_t scale = len > 16384 ? 64 : 1;
    gw_ws_reader rd;
    size_t pos = 0, k = 0;
    int in_msg = 0, over = 0;
    uint64_t msg_len = 0;
    uint32_t utf8 = 0;
    unsigned op = 0;

    gw_ws_reader_init(&rd, expect_mask, limit);
    do {
        size_t piece = nsizes ? ((size_t)sizes[k++ % nsizes] + 1) * scale
                              : len - pos;
        if (piece > len - pos)
            piece = len - pos;
        unsigned char *buf = malloc(piece ? piece : 1);
        if (!buf)
            abort();
        memcpy(buf, s + pos, piece);
        size_t at = 0;
        for (;;) {
            gw_ws_event ev;
            size_t used = 0;
            gw_ws_event_kind kind = gw_ws_read(&rd, buf + at, piece - at,
                                               &used, &ev);
            if (used > piece - at)
                abort();
            at += used;
            if (kind == GW_WS_NEED) {
                if (at != piece)
                    abort();
                break;
            }
            check_event(&rd, kind, &ev, &in_msg, &over, &msg_len, &utf8,
                        &op);
            add(out, kind, &ev);
        }
        free(buf);
        pos += piece;
    } while (pos < len);
}

static void same_events(const run *whole, const run *pieces)
{
    size_t n = whole->n;
    /* Whole input may fail one DATA run earlier (see the top). */
    int whole_failed = n && whole->ev[n - 1].kind == GW_WS_FAIL;

    if (pieces->n != n && !(whole_failed && pieces->n == n + 1
                            && pieces->ev[n - 1].kind == GW_WS_DATA))
        abort();
    for (size_t i = 0; i < n; i++) {
        const event *a = &whole->ev[i], *b = &pieces->ev[i];
        int last_data = whole_failed && i + 2 >= n;
        if (pieces->n == n + 1 && i == n - 1) {
            if (a->kind != GW_WS_FAIL || b->kind != GW_WS_DATA
                || pieces->ev[n].kind != GW_WS_FAIL
                || a->code != pieces->ev[n].code)
                abort();
            continue;
        }
        if (a->kind != b->kind || a->opcode != b->opcode
            || a->code != b->code)
            abort();
        if (a->kind == GW_WS_DATA && last_data) {
            if (a->len > b->len || memcmp(a->data, b->data, a->len))
                abort();
        }
        else if (a->len != b->len || memcmp(a->data, b->data, a->len))
            abort();
    }
}

/* ---- round trip ------------------------------------------------------ */

typedef struct {
    unsigned char *buf;
    size_t len, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->buf = realloc(b->buf, b->cap);
        if (!b->buf)
            abort();
    }
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

/* One frame as a client sends it, masked with mask. */
static void client_frame(bytes *b, int fin, unsigned op,
                         const unsigned char *p, size_t n,
                         const unsigned char mask[4])
{
    unsigned char h[GW_WS_HEADER_MAX];
    size_t hl = gw_ws_header_encode(h, fin, op, n, mask);

    put(b, h, hl);
    size_t at = b->len;
    put(b, p, n);
    gw_ws_mask(b->buf + at, n, mask, 0);
}

static void round_trip(const uint8_t *in, size_t len, const uint8_t *sizes,
                       size_t nsizes)
{
    bytes wire = { 0 }, want = { 0 };
    unsigned char mask[4] = { 0x5a, 0xa5, 0x0f, 0xf0 };
    size_t pos = 0;
    unsigned nmsg = 0, nlong = 0;
    static unsigned char msg[70000];

    if (len >= 4) {
        memcpy(mask, in, 4);
        pos = 4;
    }
    /* Each message: a kind byte, a length byte, then its bytes (text
     * made ASCII, with an "é" for every byte >= 0xc0 so that multi-byte
     * characters get cut between fragments).  Kind: bit 0 binary (else
     * text), bits 1-2 the fragments less one, bit 3 a ping (bit 4: a
     * pong) between fragments, bits 5-7 all set a long message (bit 4:
     * with a 64-bit length, else a 16-bit one). */
    while (pos + 2 <= len && nmsg < 64) {
        unsigned kind = in[pos], n = in[pos + 1];
        size_t mlen = 0;
        pos += 2;
        int text = (kind & 1) == 0;
        size_t take = n < len - pos ? n : len - pos;
        for (size_t i = 0; i < take; i++) {
            unsigned char c = in[pos + i];
            if (text && c >= 0xc0) {
                msg[mlen++] = 0xc3;
                msg[mlen++] = 0xa9;
            }
            else
                msg[mlen++] = text ? (unsigned char)(c & 0x7f) : c;
        }
        pos += take;
        if ((kind & 0xe0) == 0xe0 && nlong++ < 2) {
            /* a long one (rarely, and two at most: they are slow to
             * read in small pieces): 16-bit or 64-bit lengths */
            size_t to = (kind & 0x10) ? 66000 : 300 + mlen;
            memset(msg + mlen, 'z', to - mlen);
            mlen = to;
        }
        size_t nfrag = 1 + ((kind >> 1) & 3);
        size_t at = 0;
        for (size_t f = 0; f < nfrag; f++) {
            size_t part = f + 1 == nfrag ? mlen - at : (mlen - at) / 2;
            client_frame(&wire, f + 1 == nfrag,
                         f ? GW_WS_OP_CONT
                           : text ? GW_WS_OP_TEXT : GW_WS_OP_BINARY,
                         msg + at, part, mask);
            at += part;
            if (kind & 0x08 && f + 1 < nfrag)
                client_frame(&wire, 1, (kind & 0x10) ? GW_WS_OP_PONG
                             : GW_WS_OP_PING, mask, 4, mask);
        }
        put(&want, &text, sizeof(text));
        put(&want, &mlen, sizeof(mlen));
        put(&want, msg, mlen);
        nmsg++;
    }
    unsigned char close[GW_WS_CONTROL_MAX];
    size_t cl = gw_ws_close_payload(close, 4000 + nmsg, "done", 4);
    if (cl != 6)
        abort();
    client_frame(&wire, 1, GW_WS_OP_CLOSE, close, cl, mask);

    run got = { 0 };
    read_all(wire.buf, wire.len, 1, 0, sizes, nsizes, &got);
    /* The messages in order, each as DATA (unless empty) then END, with
     * the control frames between them, then the close. */
    size_t w = 0;
    unsigned seen = 0;
    for (size_t i = 0; i < got.n; i++) {
        event *e = &got.ev[i];
        if (e->kind == GW_WS_PING || e->kind == GW_WS_PONG) {
            if (e->len != 4 || memcmp(e->data, mask, 4))
                abort();
            continue;
        }
        if (e->kind == GW_WS_CLOSE) {
            if (e->code != 4000 + nmsg || e->len != 4
                || memcmp(e->data, "done", 4) || i + 1 != got.n
                || seen != nmsg || w != want.len)
                abort();
            break;
        }
        int text;
        size_t mlen;
        memcpy(&text, want.buf + w, sizeof(text));
        memcpy(&mlen, want.buf + w + sizeof(text), sizeof(mlen));
        w += sizeof(text) + sizeof(mlen);
        unsigned op = text ? GW_WS_OP_TEXT : GW_WS_OP_BINARY;
        /* the data may be split by control frames: join it */
        size_t have = 0;
        while (e->kind == GW_WS_DATA || e->kind == GW_WS_PING
               || e->kind == GW_WS_PONG) {
            if (e->kind == GW_WS_DATA) {
                if (e->opcode != op || have + e->len > mlen
                    || memcmp(e->data, want.buf + w + have, e->len))
                    abort();
                have += e->len;
            }
            e = &got.ev[++i];
        }
        if (e->kind != GW_WS_END || e->opcode != op || have != mlen)
            abort();
        w += mlen;
        seen++;
    }
    if (!got.n || got.ev[got.n - 1].kind != GW_WS_CLOSE)
        abort();
    run_free(&got);
    free(wire.buf);
    free(want.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sizes = NULL;
    size_t nsizes = 0, pos = 1;

    if (size < 1)
        return 0;
    unsigned mode = data[0];
    if (pos < size) {
        nsizes = data[pos++];
        if (nsizes > size - pos)
            nsizes = size - pos;
        sizes = data + pos;
        pos += nsizes;
    }
    if (!(mode & 1)) {
        round_trip(data + pos, size - pos, sizes, nsizes);
        return 0;
    }
    run whole = { 0 }, pieces = { 0 };
    int expect_mask = (mode >> 1) & 1;
    uint64_t limit = LIMITS[(mode >> 2) & 3];
    read_all(data + pos, size - pos, expect_mask, limit, NULL, 0, &whole);
    read_all(data + pos, size - pos, expect_mask, limit, sizes, nsizes,
             &pieces);
    same_events(&whole, &pieces);
    run_free(&whole);
    run_free(&pieces);
    return 0;
}
