/*
 * fuzz_headers.c - libFuzzer target: the Apache child's view of a
 * response.
 *
 * The input is treated as the byte stream a (possibly hostile) daemon
 * writes back: 8-byte frame headers, each followed by its payload.  The
 * property that matters most is the one that keeps the HTTP response
 * intact: whatever gw_headers_decode() accepts must pass the very checks
 * Apache relies on before copying a header into r->headers_out, so a
 * daemon can never smuggle CR/LF into the client's response, and its
 * status must be a final one (200-599), so the body cannot be read as a
 * response of its own after a 1xx.  An ANSWER frame (a hook's answer,
 * gw_hook.h) is decoded for every hook: what decodes is an answer that
 * hook may give, with items that are names (no control character)
 * inside the payload, and re-encodes to the same bytes; what does not
 * decode leaves no answer behind, so it can never be taken for a grant.
 * A dispatch answer (NAMES) decodes to exactly its three slots, each
 * None or a name within bounds: a daemon cannot name a fourth thing, nor
 * a name the Apache child would copy past the payload.
 * The same holds for the WEBSOCKET
 * frame that answers a WebSocket handshake: its subprotocol and extra
 * headers go into the 101 the Apache child writes, so they meet the same
 * checks, and none of them may be one the child writes itself (Upgrade,
 * Connection, Sec-WebSocket-Accept) or one that would change what the
 * client expects of the bytes that follow (Sec-WebSocket-Extensions).
 *
 * Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
 *       tests/fuzz/fuzz_headers.c proto/gw_proto.c proto/gw_hook.c \
 *       -o /tmp/fuzz_headers
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_hook.h"
#include "gw_proto.h"

#define MAX_HEADERS 256
#define MAX_ITEMS   (GW_ANSWER_MAX / 3 + 1)

static gw_kv kv[MAX_HEADERS];

/* GW_ENOTFINAL: out[0] is the status pair, inside the payload, a valid
 * status line outside the final range (the Apache child logs it). */
static void check_not_final(const unsigned char *p, size_t len)
{
    int code = -1;

    if ((const unsigned char *)kv[0].val < p
        || (const unsigned char *)kv[0].val + kv[0].vlen > p + len
        || kv[0].klen != strlen(GW_STATUS_KEY)
        || memcmp(kv[0].key, GW_STATUS_KEY, kv[0].klen) != 0
        || gw_check_status(kv[0].val, kv[0].vlen, &code) != GW_OK
        || (code >= GW_STATUS_FINAL_MIN && code <= GW_STATUS_FINAL_MAX)) {
        abort();
    }
}

static void check_headers(const unsigned char *p, size_t len)
{
    size_t n, i;
    int code = -1, code2 = -1, rc;

    rc = gw_headers_decode(p, len, kv, MAX_HEADERS, &n, &code);
    if (rc != GW_OK) {
        if (n != 0 || code != 0) {
            abort();
        }
        if (rc == GW_ENOTFINAL) {
            check_not_final(p, len);
        }
        return;
    }
    /* Only a final status reaches the client: a 1xx would let it read
     * the body as the next response. */
    if (n < 1 || code < GW_STATUS_FINAL_MIN || code > GW_STATUS_FINAL_MAX) {
        abort();
    }
    if (kv[0].klen != strlen(GW_STATUS_KEY)
        || memcmp(kv[0].key, GW_STATUS_KEY, kv[0].klen) != 0
        || gw_check_status(kv[0].val, kv[0].vlen, &code2) != GW_OK
        || code2 != code) {
        abort();
    }
    for (i = 0; i < n; i++) {
        /* Pointers must stay inside the payload. */
        if ((const unsigned char *)kv[i].key < p
            || (const unsigned char *)kv[i].val < p
            || (const unsigned char *)kv[i].key + kv[i].klen > p + len
            || (const unsigned char *)kv[i].val + kv[i].vlen > p + len) {
            abort();
        }
        if (i == 0) {
            continue;
        }
        if (gw_check_header_name(kv[i].key, kv[i].klen) != GW_OK
            || gw_check_header_value(kv[i].val, kv[i].vlen) != GW_OK
            || memchr(kv[i].val, '\r', kv[i].vlen)
            || memchr(kv[i].val, '\n', kv[i].vlen)
            || memchr(kv[i].val, '\0', kv[i].vlen)
            || memchr(kv[i].key, ':', kv[i].klen)) {
            abort();
        }
    }
}

/* The first frame, START or RETRY: its pid goes to the supervisor's
 * records (gw_slots_note_start/_retry), so only a positive pid_t in
 * a frame of exactly the right shape may decode, and it must re-encode to
 * the same bytes. */
static void check_first(const unsigned char *in)
{
    unsigned char f[GW_FIRST_LEN], again[GW_FIRST_LEN];
    unsigned type = 99, t2;
    uint32_t pid = 99, len;
    int rc;

    memcpy(f, in, sizeof(f));
    rc = gw_first_decode(f, &type, &pid);
    if (rc != GW_OK) {
        if (type != 0 || pid != 0
            || (rc != GW_EBADTYPE && rc != GW_ETOOBIG && rc != GW_EBADPID)) {
            abort();
        }
        return;
    }
    if ((type != GW_FRAME_START && type != GW_FRAME_RETRY)
        || pid == 0 || pid > 0x7fffffffu
        || gw_frame_decode(f, &t2, &len) != GW_OK || t2 != type
        || len != GW_START_LEN) {
        abort();
    }
    gw_frame_encode(again, type, GW_START_LEN);
    gw_pid_encode(again + GW_FRAME_HDR_LEN, pid);
    if (memcmp(again, f, sizeof(f)) != 0) {
        abort();
    }
}

/* The FILE payload: any GW_FILE_LEN bytes decode, or are refused with
 * both values 0; what decodes stays within off_t and re-encodes to the
 * same bytes. */
static void check_file(const unsigned char *in)
{
    unsigned char f[GW_FILE_LEN], again[GW_FILE_LEN];
    uint64_t off = 1, len = 1;

    memcpy(f, in, sizeof(f));
    if (gw_file_decode(f, &off, &len) != GW_OK) {
        if (off != 0 || len != 0)
            abort();
        return;
    }
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off)
        abort();
    gw_file_encode(again, off, len);
    if (memcmp(again, f, sizeof(f)) != 0)
        abort();
}

static gw_answer_item items[MAX_ITEMS];
static unsigned char reanswer[GW_ANSWER_MAX];

/* An item inside the payload, of a name's length, without a control
 * character; min is 1, or 0 for a dispatch name. */
static void check_item(const gw_answer_item *item, const unsigned char *p,
                       size_t len, size_t min)
{
    const unsigned char *it = (const unsigned char *)item->p;

    if (it < p || it + item->len > p + len || item->len < min
        || item->len > GW_ANSWER_ITEM_MAX)
        abort();
    for (size_t j = 0; j < item->len; j++)
        if (it[j] < 0x20 || it[j] == 0x7f)
            abort();
}

/* NAMES: the three slots, re-encoded to the same bytes. */
static void check_names(const unsigned char *p, size_t len, size_t n)
{
    const char *name[GW_DISPATCH_NAMES];
    size_t nlen[GW_DISPATCH_NAMES];
    gw_answer_enc e;

    if (n != GW_DISPATCH_NAMES)
        abort();
    for (int i = 0; i < GW_DISPATCH_NAMES; i++) {
        if (items[i].p)
            check_item(&items[i], p, len, 0);
        else if (items[i].len != 0)
            abort();
        name[i] = items[i].p;
        nlen[i] = items[i].len;
    }
    gw_answer_begin(&e, reanswer, sizeof(reanswer), GW_ANSWER_NAMES);
    if (gw_answer_names(&e, name, nlen) != GW_OK
        || gw_answer_finish(&e) != len || memcmp(reanswer, p, len) != 0)
        abort();
}

static void check_answer_for(int hook, const unsigned char *p, size_t len)
{
    size_t n = 99, i;
    int answer = 99;
    gw_answer_enc e;

    if (gw_answer_decode(hook, p, len, &answer, items, MAX_ITEMS, &n)
        != GW_OK) {
        if (answer != -1 || n != 0)
            abort();
        return;
    }
    if (!gw_answer_allowed(hook, answer)
        || (answer == GW_ANSWER_NAMES) != (hook == GW_HOOK_DISPATCH))
        abort();
    if (answer == GW_ANSWER_NAMES) {
        check_names(p, len, n);
        return;
    }
    if ((answer == GW_ANSWER_TEXT && n != 1)
        || (answer != GW_ANSWER_TEXT && answer != GW_ANSWER_LIST && n != 0))
        abort();
    gw_answer_begin(&e, reanswer, sizeof(reanswer), answer);
    for (i = 0; i < n; i++) {
        check_item(&items[i], p, len, 1);
        if (gw_answer_add(&e, items[i].p, items[i].len) != GW_OK)
            abort();
    }
    if (gw_answer_finish(&e) != len || memcmp(reanswer, p, len) != 0)
        abort();
}

static void check_answer(const unsigned char *p, size_t len)
{
    /* 0 and one past the last: no hook, so nothing may decode. */
    for (int hook = 0; hook <= GW_HOOK_MAX + 1; hook++)
        check_answer_for(hook, p, len);
}

/* A WEBSOCKET payload: what decodes is an accept or a deny; a deny has
 * nothing else, an accept's subprotocol is a token and its headers pass
 * the checks of a response's and none is one a 101 may not carry (the
 * Apache child writes Upgrade, Connection and Sec-WebSocket-Accept
 * itself).  Everything points into the payload. */
static void check_ws_reply(const unsigned char *p, size_t len)
{
    size_t n = 99, i;
    int accept = 99;
    gw_kv sub;
    int rc = gw_ws_reply_decode(p, len, kv, MAX_HEADERS, &n, &accept, &sub);

    if (rc != GW_OK) {
        if (n != 0 || accept != 0 || sub.klen || sub.vlen)
            abort();
        if (rc == GW_ERESERVED
            && !gw_ws_reply_reserved(kv[0].key, kv[0].klen))
            abort();
        return;
    }
    if (accept != 0 && accept != 1)
        abort();
    if (!accept && (n != 0 || sub.vlen))
        abort();
    if (sub.vlen) {
        if ((const unsigned char *)sub.val < p
            || (const unsigned char *)sub.val + sub.vlen > p + len
            || gw_check_header_name(sub.val, sub.vlen) != GW_OK
            || memchr(sub.val, ',', sub.vlen) || memchr(sub.val, ' ',
                                                        sub.vlen))
            abort();
    }
    for (i = 0; i < n; i++) {
        if ((const unsigned char *)kv[i].key < p
            || (const unsigned char *)kv[i].val < p
            || (const unsigned char *)kv[i].key + kv[i].klen > p + len
            || (const unsigned char *)kv[i].val + kv[i].vlen > p + len
            || gw_check_header_name(kv[i].key, kv[i].klen) != GW_OK
            || gw_check_header_value(kv[i].val, kv[i].vlen) != GW_OK
            || gw_ws_reply_reserved(kv[i].key, kv[i].klen)
            || gw_is_hop_by_hop(kv[i].key, kv[i].klen)
            || memchr(kv[i].val, '\r', kv[i].vlen)
            || memchr(kv[i].val, '\n', kv[i].vlen)
            || memchr(kv[i].key, ':', kv[i].klen))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0;

    if (size >= GW_FILE_LEN)
        check_file(data);
    if (size >= GW_FIRST_LEN) {
        check_first(data);
    }

    while (size - pos >= GW_FRAME_HDR_LEN) {
        unsigned type;
        uint32_t len;
        unsigned char *payload;
        int rc;

        rc = gw_frame_decode(data + pos, &type, &len);
        if (rc != GW_OK) {
            if (rc != GW_EBADTYPE && rc != GW_ETOOBIG) {
                abort();
            }
            break;
        }
        if (type < GW_FRAME_HEADERS || type > GW_FRAME_TYPE_MAX
            || len > GW_FRAME_MAX) {
            abort();
        }
        pos += GW_FRAME_HDR_LEN;
        if (len > size - pos) {
            break;              /* short frame: the daemon broke */
        }
        /* Exact-size copy: the payload is usually followed by more
         * frames, which would hide a read past its end from ASan. */
        payload = malloc(len ? len : 1);
        if (payload == NULL) {
            break;
        }
        memcpy(payload, data + pos, len);
        pos += len;

        switch (type) {
        case GW_FRAME_HEADERS:
            check_headers(payload, len);
            break;
        case GW_FRAME_ANSWER:
            check_answer(payload, len);
            break;
        case GW_FRAME_WEBSOCKET:
            check_ws_reply(payload, len);
            break;
        case GW_FRAME_END:
            free(payload);
            return 0;
        default:
            break;
        }
        free(payload);
    }
    return 0;
}
