/*
 * test_websocket.c - cmocka unit tests for proto/gw_websocket.c.
 *
 * The frames are RFC 6455's own examples (section 5.7) and bytes written
 * out by hand from section 5.2, never produced by the encoder under
 * test; the encoder is checked against the same bytes.  Inputs are fed
 * in exact-size heap copies so valgrind sees any read past them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_websocket.h"

/* RFC 6455 5.7: the masking key of its masked examples. */
static const unsigned char MASK[4] = { 0x37, 0xfa, 0x21, 0x3d };
/* 5.7: a single-frame masked text message containing "Hello". */
static const unsigned char HELLO_MASKED[] = {
    0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58
};

/* The events of a whole input, as text: "D:Hello" (message payload;
 * consecutive pieces are joined, since how a payload is cut into DATA
 * events depends only on how the input arrived), "E:1" (a message end
 * and its opcode), "P:..." ping, "O:..." pong, "C:1000:..." close with
 * its reason, "F:1002" failure. */
typedef struct {
    char log[4096];
    size_t n;
    int in_data;            /* the last note was DATA: join the next */
} events;

static void note(events *e, const char *fmt, const void *data, size_t len,
                 unsigned num)
{
    char num_s[16];
    int k = snprintf(num_s, sizeof(num_s), "%u", num);

    assert_true(k > 0 && e->n + strlen(fmt) + len + (size_t)k + 2
                < sizeof(e->log));
    for (const char *f = fmt; *f; f++) {
        if (*f == '#') {
            memcpy(e->log + e->n, num_s, (size_t)k);
            e->n += (size_t)k;
        }
        else if (*f == '$') {
            memcpy(e->log + e->n, data, len);
            e->n += len;
        }
        else
            e->log[e->n++] = *f;
    }
    e->log[e->n++] = ' ';
    e->log[e->n] = '\0';
}

static void note_data(events *e, const void *data, size_t len)
{
    if (e->in_data) {
        assert_true(e->n + len + 1 < sizeof(e->log));
        e->n--;                 /* the space after the last piece */
        memcpy(e->log + e->n, data, len);
        e->n += len;
        e->log[e->n++] = ' ';
        e->log[e->n] = '\0';
        return;
    }
    note(e, "D:$", data, len, 0);
    e->in_data = 1;
}

/* Feeds the reader one piece: every event it gives is noted. */
static void feed(gw_ws_reader *r, events *e, const void *src, size_t len)
{
    unsigned char *buf = malloc(len ? len : 1);
    size_t pos = 0;

    assert_non_null(buf);
    memcpy(buf, src, len);
    for (;;) {
        gw_ws_event ev;
        size_t used = 99;
        gw_ws_event_kind k = gw_ws_read(r, buf + pos, len - pos, &used, &ev);
        assert_true(used <= len - pos);
        pos += used;
        if (k == GW_WS_NEED) {
            assert_int_equal(pos, len);
            free(buf);
            return;
        }
        if (k == GW_WS_DATA) {
            assert_true(ev.len > 0);
            note_data(e, ev.data, ev.len);
            continue;
        }
        e->in_data = 0;
        if (k == GW_WS_END)
            note(e, "E:#", NULL, 0, ev.opcode);
        else if (k == GW_WS_PING)
            note(e, "P:$", ev.data, ev.len, 0);
        else if (k == GW_WS_PONG)
            note(e, "O:$", ev.data, ev.len, 0);
        else if (k == GW_WS_CLOSE)
            note(e, "C:#:$", ev.data, ev.len, ev.code);
        else {
            assert_int_equal(k, GW_WS_FAIL);
            assert_non_null(ev.why);
            note(e, "F:#", NULL, 0, ev.code);
        }
    }
}

/* The events of input fed whole, and again byte by byte: the same. */
static const char *events_of(int expect_mask, uint64_t max,
                             const void *in, size_t len)
{
    static events whole, bytewise;
    gw_ws_reader r;

    memset(&whole, 0, sizeof(whole));
    memset(&bytewise, 0, sizeof(bytewise));
    gw_ws_reader_init(&r, expect_mask, max);
    feed(&r, &whole, in, len);
    gw_ws_reader_init(&r, expect_mask, max);
    for (size_t i = 0; i < len; i++)
        feed(&r, &bytewise, (const unsigned char *)in + i, 1);
    feed(&r, &bytewise, "", 0);
    assert_string_equal(bytewise.log, whole.log);
    return whole.log;
}

/* A masked frame as a client writes it, built by hand from RFC 6455 5.2
 * (lengths under 126 only): the mask is MASK. */
static size_t client_frame(unsigned char *out, unsigned first,
                           const char *payload, size_t len)
{
    out[0] = (unsigned char)first;
    out[1] = (unsigned char)(0x80 | len);
    memcpy(out + 2, MASK, 4);
    for (size_t i = 0; i < len; i++)
        out[6 + i] = (unsigned char)payload[i] ^ MASK[i & 3];
    return 6 + len;
}

static void test_rfc_examples_decode(void **state)
{
    (void)state;
    /* 5.7's unmasked examples, read as a client reads a server. */
    static const unsigned char hello[] = {
        0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f };
    static const unsigned char fragmented[] = {
        0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f };
    static const unsigned char ping[] = {
        0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f };
    static const unsigned char pong_masked[] = {
        0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };

    assert_string_equal(events_of(0, 0, hello, sizeof(hello)),
                        "D:Hello E:1 ");
    assert_string_equal(events_of(1, 0, HELLO_MASKED, sizeof(HELLO_MASKED)),
                        "D:Hello E:1 ");
    assert_string_equal(events_of(0, 0, fragmented, sizeof(fragmented)),
                        "D:Hello E:1 ");
    assert_string_equal(events_of(0, 0, ping, sizeof(ping)), "P:Hello ");
    assert_string_equal(events_of(1, 0, pong_masked, sizeof(pong_masked)),
                        "O:Hello ");
}

static void test_header_encode_exact(void **state)
{
    unsigned char h[GW_WS_HEADER_MAX];
    (void)state;

    /* 5.7: "Hello" unmasked, masked; 256 bytes; 64 KiB. */
    assert_int_equal(gw_ws_header_encode(h, 1, GW_WS_OP_TEXT, 5, NULL), 2);
    assert_memory_equal(h, "\x81\x05", 2);
    assert_int_equal(gw_ws_header_encode(h, 1, GW_WS_OP_TEXT, 5, MASK), 6);
    assert_memory_equal(h, HELLO_MASKED, 6);
    assert_int_equal(gw_ws_header_encode(h, 1, GW_WS_OP_BINARY, 256, NULL),
                     4);
    assert_memory_equal(h, "\x82\x7e\x01\x00", 4);
    assert_int_equal(gw_ws_header_encode(h, 1, GW_WS_OP_BINARY, 65536,
                                         NULL), 10);
    assert_memory_equal(h, "\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
    /* the largest 7-bit and 16-bit lengths, a fragment, a close */
    assert_int_equal(gw_ws_header_encode(h, 1, GW_WS_OP_BINARY, 125, NULL),
                     2);
    assert_memory_equal(h, "\x82\x7d", 2);
    assert_int_equal(gw_ws_header_encode(h, 0, GW_WS_OP_TEXT, 65535, NULL),
                     4);
    assert_memory_equal(h, "\x01\x7e\xff\xff", 4);
    assert_int_equal(gw_ws_header_encode(h, 1, GW_WS_OP_CLOSE, 0, NULL), 2);
    assert_memory_equal(h, "\x88\x00", 2);

    unsigned char p[5];
    memcpy(p, "Hello", 5);
    gw_ws_mask(p, 5, MASK, 0);
    assert_memory_equal(p, HELLO_MASKED + 6, 5);
    /* from an offset: the key turns with it */
    memcpy(p, "Hello", 5);
    gw_ws_mask(p, 2, MASK, 0);
    gw_ws_mask(p + 2, 3, MASK, 2);
    assert_memory_equal(p, HELLO_MASKED + 6, 5);
}

static void test_long_lengths_decode(void **state)
{
    (void)state;
    size_t n = 4 + 300;
    unsigned char *f = malloc(n);
    assert_non_null(f);
    f[0] = 0x82;
    f[1] = 0x7e;
    f[2] = 0x01;
    f[3] = 0x2c;            /* 300 */
    memset(f + 4, 'x', 300);
    gw_ws_reader r;
    events e;
    memset(&e, 0, sizeof(e));
    gw_ws_reader_init(&r, 0, 0);
    feed(&r, &e, f, n);
    assert_int_equal(strlen(e.log), 2 + 300 + 1 + 4);
    assert_string_equal(e.log + 303, "E:2 ");
    free(f);

    /* 64-bit length: 70000 bytes, then the next frame */
    n = 10 + 70000 + 2;
    f = calloc(1, n);
    assert_non_null(f);
    memcpy(f, "\x82\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10);
    memcpy(f + 10 + 70000, "\x8a\x00", 2);
    gw_ws_reader_init(&r, 0, 0);
    size_t pos = 0, data = 0;
    int ends = 0, pongs = 0;
    for (;;) {
        gw_ws_event ev;
        size_t used;
        gw_ws_event_kind k = gw_ws_read(&r, f + pos, n - pos, &used, &ev);
        pos += used;
        if (k == GW_WS_NEED)
            break;
        data += k == GW_WS_DATA ? ev.len : 0;
        ends += k == GW_WS_END;
        pongs += k == GW_WS_PONG;
    }
    assert_int_equal(data, 70000);
    assert_int_equal(ends, 1);
    assert_int_equal(pongs, 1);
    free(f);
}

static void test_fragments_and_control_between(void **state)
{
    unsigned char in[256];
    size_t n = 0;
    (void)state;

    n += client_frame(in + n, 0x01, "ab", 2);        /* text, not fin */
    n += client_frame(in + n, 0x89, "hi", 2);        /* ping between */
    n += client_frame(in + n, 0x00, "", 0);          /* empty fragment */
    n += client_frame(in + n, 0x80, "cd", 2);        /* last */
    n += client_frame(in + n, 0x82, "", 0);          /* empty binary */
    n += client_frame(in + n, 0x81, "", 0);          /* empty text */
    n += client_frame(in + n, 0x8a, "", 0);          /* empty pong */
    assert_string_equal(events_of(1, 0, in, n),
                        "D:ab P:hi D:cd E:1 E:2 E:1 O: ");
}

static void test_close_frames(void **state)
{
    unsigned char in[256];
    size_t n;
    (void)state;

    n = client_frame(in, 0x88, "\x03\xe8" "bye", 5);
    /* bytes after a close are not read */
    n += client_frame(in + n, 0x81, "late", 4);
    assert_string_equal(events_of(1, 0, in, n), "C:1000:bye ");
    n = client_frame(in, 0x88, "", 0);
    assert_string_equal(events_of(1, 0, in, n), "C:1005: ");
    n = client_frame(in, 0x88, "\x0f\xa0", 2);       /* 4000, private */
    assert_string_equal(events_of(1, 0, in, n), "C:4000: ");
    n = client_frame(in, 0x88, "\x03", 1);
    assert_string_equal(events_of(1, 0, in, n), "F:1002 ");
    static const unsigned bad[] = { 0, 999, 1004, 1005, 1006, 1015, 1016,
                                    2999, 5000, 65535 };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char p[2] = { (char)(bad[i] >> 8), (char)bad[i] };
        n = client_frame(in, 0x88, p, 2);
        assert_string_equal(events_of(1, 0, in, n), "F:1002 ");
    }
    n = client_frame(in, 0x88, "\x03\xe8\xff", 3);   /* reason not UTF-8 */
    assert_string_equal(events_of(1, 0, in, n), "F:1007 ");
}

static void test_protocol_errors(void **state)
{
    unsigned char in[512];
    size_t n;
    char big[126];
    (void)state;

    memset(big, 'x', sizeof(big));
    /* an unmasked client frame; a masked server frame */
    assert_string_equal(events_of(1, 0, "\x81\x00", 2), "F:1002 ");
    n = client_frame(in, 0x81, "a", 1);
    assert_string_equal(events_of(0, 0, in, n), "F:1002 ");
    /* reserved bits, reserved opcodes */
    for (unsigned first = 0x91; first <= 0xf1; first += 0x10) {
        n = client_frame(in, first, "a", 1);
        assert_string_equal(events_of(1, 0, in, n), "F:1002 ");
    }
    static const unsigned ops[] = { 3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        n = client_frame(in, 0x80 | ops[i], "a", 1);
        assert_string_equal(events_of(1, 0, in, n), "F:1002 ");
    }
    /* a fragmented ping; a ping of 126 bytes (16-bit length, by hand) */
    n = client_frame(in, 0x09, "a", 1);
    assert_string_equal(events_of(1, 0, in, n), "F:1002 ");
    memcpy(in, "\x89\xfe\x00\x7e", 4);
    memcpy(in + 4, MASK, 4);
    memcpy(in + 8, big, 126);
    assert_string_equal(events_of(1, 0, in, 134), "F:1002 ");
    /* a continuation without a message; a new message inside one */
    n = client_frame(in, 0x80, "a", 1);
    assert_string_equal(events_of(1, 0, in, n), "F:1002 ");
    n = client_frame(in, 0x01, "a", 1);
    n += client_frame(in + n, 0x81, "b", 1);
    assert_string_equal(events_of(1, 0, in, n), "D:a F:1002 ");
    /* a 64-bit length with its top bit set */
    memcpy(in, "\x82\xff\x80\x00\x00\x00\x00\x00\x00\x00", 10);
    memcpy(in + 10, MASK, 4);
    assert_string_equal(events_of(1, 0, in, 14), "F:1002 ");
}

static void test_text_must_be_utf8(void **state)
{
    unsigned char in[256];
    size_t n;
    (void)state;

    /* é split across two frames, then a valid end */
    n = client_frame(in, 0x01, "caf\xc3", 4);
    n += client_frame(in + n, 0x80, "\xa9!", 2);
    assert_string_equal(events_of(1, 0, in, n), "D:caf\xc3\xa9! E:1 ");
    /* a bad byte fails at once, before the message ends */
    n = client_frame(in, 0x01, "\xffok", 3);
    assert_string_equal(events_of(1, 0, in, n), "F:1007 ");
    /* a sequence cut by the end of the message */
    n = client_frame(in, 0x81, "\xe2\x82", 2);
    assert_string_equal(events_of(1, 0, in, n), "D:\xe2\x82 F:1007 ");
    /* binary is not checked */
    n = client_frame(in, 0x82, "\xff\xfe", 2);
    assert_string_equal(events_of(1, 0, in, n), "D:\xff\xfe E:2 ");
}

static void test_size_limit(void **state)
{
    unsigned char in[256];
    size_t n;
    (void)state;

    /* 10 bytes allowed: 10 in one frame pass, 11 over two frames fail
     * at the second frame's header, before its payload */
    n = client_frame(in, 0x82, "0123456789", 10);
    assert_string_equal(events_of(1, 10, in, n), "D:0123456789 E:2 ");
    n = client_frame(in, 0x02, "012345", 6);
    n += client_frame(in + n, 0x80, "6789a", 5);
    assert_string_equal(events_of(1, 10, in, n), "D:012345 F:1009 ");
    /* the limit is per message: the next one starts from 0 */
    n = client_frame(in, 0x82, "01234567", 8);
    n += client_frame(in + n, 0x82, "01234567", 8);
    assert_string_equal(events_of(1, 10, in, n),
                        "D:01234567 E:2 D:01234567 E:2 ");
    /* control frames do not count */
    n = client_frame(in, 0x02, "01234567", 8);
    n += client_frame(in + n, 0x89, "0123456789abc", 13);
    n += client_frame(in + n, 0x80, "89", 2);
    assert_string_equal(events_of(1, 10, in, n),
                        "D:01234567 P:0123456789abc D:89 E:2 ");
}

static void test_utf8(void **state)
{
    (void)state;
    static const struct { const char *s; int ok; } cases[] = {
        { "", 1 }, { "plain", 1 }, { "\xc3\xa9", 1 }, { "\xe2\x82\xac", 1 },
        { "\xf0\x9f\x98\x80", 1 }, { "\xf4\x8f\xbf\xbf", 1 },
        { "\xed\x9f\xbf", 1 },              /* U+D7FF */
        { "\xee\x80\x80", 1 },              /* U+E000 */
        { "\xc0\x80", 0 }, { "\xc1\xbf", 0 }, { "\xe0\x80\x80", 0 },
        { "\xe0\x9f\xbf", 0 }, { "\xf0\x80\x80\x80", 0 },
        { "\xf0\x8f\xbf\xbf", 0 },          /* overlong forms */
        { "\xed\xa0\x80", 0 }, { "\xed\xbf\xbf", 0 },   /* surrogates */
        { "\xf4\x90\x80\x80", 0 }, { "\xf5\x80\x80\x80", 0 },
        { "\xff", 0 }, { "\x80", 0 }, { "\xc3", 0 }, { "\xe2\x82", 0 },
        { "\xc3\x28", 0 }, { "a\xf0\x9f\x98", 0 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const unsigned char *p = (const unsigned char *)cases[i].s;
        size_t n = strlen(cases[i].s);
        assert_int_equal(gw_ws_utf8_valid(p, n), cases[i].ok);
        /* byte by byte, the same verdict */
        uint32_t st = 0;
        int rc = 0;
        for (size_t j = 0; j < n; j++)
            rc |= gw_ws_utf8_feed(&st, p + j, 1);
        assert_int_equal(rc == 0 && st == 0, cases[i].ok);
    }
    /* NUL is valid UTF-8 */
    assert_int_equal(gw_ws_utf8_valid((const unsigned char *)"a\0b", 3), 1);
}

static void test_close_codes_and_payload(void **state)
{
    unsigned char p[GW_WS_CONTROL_MAX];
    char reason[GW_WS_REASON_MAX + 1];
    (void)state;

    for (unsigned c = 0; c < 6000; c++) {
        int want = (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014)
                   || (c >= 3000 && c <= 4999);
        assert_int_equal(gw_ws_close_code_valid(c), want);
    }
    assert_int_equal(gw_ws_close_payload(p, 1001, "bye", 3), 5);
    assert_memory_equal(p, "\x03\xe9" "bye", 5);
    assert_int_equal(gw_ws_close_payload(p, 4999, "", 0), 2);
    assert_memory_equal(p, "\x13\x87", 2);
    assert_int_equal(gw_ws_close_payload(p, 1005, "", 0), 0);
    assert_int_equal(gw_ws_close_payload(p, 1000, "\xff", 1), 0);
    memset(reason, 'r', sizeof(reason));
    assert_int_equal(gw_ws_close_payload(p, 1000, reason, 123), 125);
    assert_int_equal(gw_ws_close_payload(p, 1000, reason, 124), 0);
}

static void test_control_payload_split(void **state)
{
    char payload[125];
    unsigned char in[6 + 125];
    (void)state;

    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (char)('a' + i % 26);
    size_t n = client_frame(in, 0x89, payload, 125);
    const char *log = events_of(1, 0, in, n);
    assert_int_equal(strlen(log), 2 + 125 + 1);
    assert_memory_equal(log + 2, payload, 125);
}

static void test_handshake_checks(void **state)
{
    (void)state;
    /* RFC 6455 1.3's sample key */
    assert_true(gw_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ==", 24));
    assert_true(gw_ws_key_valid("AAAAAAAAAAAAAAAAAAAA+/==", 24));
    assert_false(gw_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ=", 23));
    assert_false(gw_ws_key_valid("dGhlIHNhbXBsZSBub25jZQ===", 25));
    assert_false(gw_ws_key_valid("dGhlIHNhbXBsZSBub25jZQAA", 24));
    assert_false(gw_ws_key_valid("dGhlIHNhbXBsZSBub25jZ-==", 24));
    assert_false(gw_ws_key_valid("dGhlIHNhbXBsZSBub25j Q==", 24));
    assert_false(gw_ws_key_valid("", 0));

    const char *conn = "keep-alive, Upgrade";
    assert_true(gw_ws_list_has(conn, strlen(conn), "upgrade", 7, 1));
    assert_false(gw_ws_list_has(conn, strlen(conn), "upgrade", 7, 0));
    assert_true(gw_ws_list_has("upgrade", 7, "upgrade", 7, 1));
    assert_true(gw_ws_list_has(" ,\tUpgrade\t, ", 13, "upgrade", 7, 1));
    assert_false(gw_ws_list_has("upgraded", 8, "upgrade", 7, 1));
    assert_false(gw_ws_list_has("up grade", 8, "upgrade", 7, 1));
    assert_false(gw_ws_list_has("", 0, "upgrade", 7, 1));
    assert_false(gw_ws_list_has("a,,b", 4, "", 0, 1));
    const char *protos = "chat, superchat";
    assert_true(gw_ws_list_has(protos, strlen(protos), "superchat", 9, 0));
    assert_false(gw_ws_list_has(protos, strlen(protos), "Chat", 4, 0));
    assert_false(gw_ws_list_has(protos, strlen(protos), "super", 5, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc_examples_decode),
        cmocka_unit_test(test_header_encode_exact),
        cmocka_unit_test(test_long_lengths_decode),
        cmocka_unit_test(test_fragments_and_control_between),
        cmocka_unit_test(test_close_frames),
        cmocka_unit_test(test_protocol_errors),
        cmocka_unit_test(test_text_must_be_utf8),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_close_codes_and_payload),
        cmocka_unit_test(test_control_payload_split),
        cmocka_unit_test(test_handshake_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
