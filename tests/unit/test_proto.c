/*
 * test_proto.c - cmocka unit tests for proto/gw_proto.c.
 *
 * Expected wire bytes are written out by hand from the format described
 * in gw_proto.h and docs/protocol.md, never produced by the encoder under
 * test, so an encoder bug cannot hide behind a matching decoder bug.
 *
 * Decoder inputs that probe bounds are copied into heap buffers of exactly
 * the tested length, so that valgrind or ASan catch any read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gw_proto.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exact-size heap copy: one byte beyond is outside the allocation. */
static unsigned char *dup_exact(const void *src, size_t len)
{
    unsigned char *p = malloc(len ? len : 1);

    assert_non_null(p);
    if (len) {
        memcpy(p, src, len);
    }
    return p;
}

/* Appends a pair in the kv wire format without using the code under test;
 * klen/vlen are written as given so hostile blocks can be built too. */
static size_t raw_pair(unsigned char *out, size_t pos,
                       const char *k, size_t klen,
                       const char *v, size_t vlen)
{
    out[pos++] = (unsigned char)(klen & 0xff);
    out[pos++] = (unsigned char)(klen >> 8);
    memcpy(out + pos, k, klen);
    pos += klen;
    out[pos++] = (unsigned char)(vlen & 0xff);
    out[pos++] = (unsigned char)(vlen >> 8);
    memcpy(out + pos, v, vlen);
    return pos + vlen;
}

static size_t raw_pair_s(unsigned char *out, size_t pos,
                         const char *k, const char *v)
{
    return raw_pair(out, pos, k, strlen(k), v, strlen(v));
}

static void assert_kv(const gw_kv *kv, const char *k, const char *v)
{
    assert_int_equal(kv->klen, strlen(k));
    assert_memory_equal(kv->key, k, kv->klen);
    assert_int_equal(kv->vlen, strlen(v));
    if (kv->vlen) {
        assert_memory_equal(kv->val, v, kv->vlen);
    }
}

/* ------------------------------------------------------------------ */
/* Request encoder                                                     */
/* ------------------------------------------------------------------ */

static void test_req_exact_bytes(void **state)
{
    /* ("REQUEST_METHOD", "GET"), ("a", "")
     *   pair 1: 2 + 14 + 2 + 3 = 21 bytes
     *   pair 2: 2 +  1 + 2 + 0 =  5 bytes
     *   datasize = 26 = 0x001a, packet = 30 bytes */
    static const unsigned char expect[] = {
        0x00, 0x1a, 0x00, 0x00,
        0x0e, 0x00,
        'R', 'E', 'Q', 'U', 'E', 'S', 'T', '_', 'M', 'E', 'T', 'H', 'O', 'D',
        0x03, 0x00, 'G', 'E', 'T',
        0x01, 0x00, 'a', 0x00, 0x00
    };
    unsigned char buf[64];
    gw_enc e;

    (void)state;
    memset(buf, 0xee, sizeof(buf));
    gw_req_begin(&e, buf, sizeof(buf));
    assert_int_equal(e.start, 4);
    assert_int_equal(e.len, 4);
    assert_int_equal(e.overflow, 0);
    assert_int_equal(gw_enc_add(&e, "REQUEST_METHOD", 14, "GET", 3), GW_OK);
    assert_int_equal(gw_enc_add(&e, "a", 1, "", 0), GW_OK);
    assert_int_equal(gw_req_finish(&e), sizeof(expect));
    assert_memory_equal(buf, expect, sizeof(expect));
    /* Nothing written past the packet. */
    assert_int_equal(buf[sizeof(expect)], 0xee);
}

static void test_req_datasize_high_byte(void **state)
{
    /* One pair "k" => 300 bytes: datasize = 2+1+2+300 = 305 = 0x0131. */
    unsigned char buf[400], val[300];
    gw_enc e;

    (void)state;
    memset(val, 'v', sizeof(val));
    gw_req_begin(&e, buf, sizeof(buf));
    assert_int_equal(gw_enc_add(&e, "k", 1, (char *)val, 300), GW_OK);
    assert_int_equal(gw_req_finish(&e), 309);
    assert_int_equal(buf[0], 0x00);
    assert_int_equal(buf[1], 0x31);
    assert_int_equal(buf[2], 0x01);
    assert_int_equal(buf[3], 0x00);
    assert_int_equal(buf[4], 0x01);
    assert_int_equal(buf[5], 0x00);
    assert_int_equal(buf[6], 'k');
    assert_int_equal(buf[7], 0x2c);     /* 300 = 0x012c */
    assert_int_equal(buf[8], 0x01);
}

static void test_req_roundtrip(void **state)
{
    static const char *pairs[][2] = {
        { "REQUEST_METHOD", "POST" },
        { "SCRIPT_NAME", "" },
        { "PATH_INFO", "/a/b" },
        { "QUERY_STRING", "" },
        { "CONTENT_LENGTH", "5" },
        { "HTTP_HOST", "example.org" },
        { GW_VAR_SCRIPT, "/srv/app/app.wsgi" },
        { GW_VAR_APP_GROUP, "" },
        { GW_VAR_CALLABLE, "application" },
    };
    unsigned char buf[1024];
    size_t plen, ds, n, i;
    gw_kv kv[16];
    gw_enc e;

    (void)state;
    gw_req_begin(&e, buf, sizeof(buf));
    for (i = 0; i < ARRAY_LEN(pairs); i++) {
        assert_int_equal(gw_enc_add(&e, pairs[i][0], strlen(pairs[i][0]),
                                    pairs[i][1], strlen(pairs[i][1])),
                         GW_OK);
    }
    plen = gw_req_finish(&e);
    assert_true(plen > 4);

    assert_int_equal(gw_req_parse_header(buf, &ds), GW_OK);
    assert_int_equal(ds, plen - 4);
    assert_int_equal(gw_kv_decode(buf + 4, ds, kv, ARRAY_LEN(kv), &n),
                     GW_OK);
    assert_int_equal(n, ARRAY_LEN(pairs));
    for (i = 0; i < n; i++) {
        assert_kv(&kv[i], pairs[i][0], pairs[i][1]);
    }
    assert_ptr_equal(gw_kv_find(kv, n, GW_VAR_SCRIPT), &kv[6]);
    assert_ptr_equal(gw_kv_find(kv, n, GW_VAR_APP_GROUP), &kv[7]);
    assert_ptr_equal(gw_kv_find(kv, n, GW_VAR_CALLABLE), &kv[8]);
    assert_int_equal(gw_kv_find(kv, n, GW_VAR_APP_GROUP)->vlen, 0);
}

static void test_req_no_vars(void **state)
{
    static const unsigned char expect[] = { 0, 0, 0, 0 };
    unsigned char buf[4];
    size_t ds, n = 99;
    gw_kv kv[1];
    gw_enc e;

    (void)state;
    gw_req_begin(&e, buf, sizeof(buf));
    assert_int_equal(gw_req_finish(&e), 4);
    assert_memory_equal(buf, expect, 4);
    assert_int_equal(gw_req_parse_header(buf, &ds), GW_OK);
    assert_int_equal(ds, 0);
    assert_int_equal(gw_kv_decode(buf + 4, 0, kv, 1, &n), GW_OK);
    assert_int_equal(n, 0);
    /* A full buffer refuses even an empty pair (needs 4 bytes). */
    assert_int_equal(gw_enc_add(&e, "", 0, "", 0), GW_ETOOBIG);
    assert_int_equal(gw_req_finish(&e), 0);
}

static void test_enc_empty_key_and_value(void **state)
{
    static const unsigned char expect[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
    unsigned char buf[16];
    size_t n;
    gw_kv kv[2];
    gw_enc e;

    (void)state;
    gw_kv_begin(&e, buf, sizeof(buf));
    assert_int_equal(e.start, 0);
    assert_int_equal(e.len, 0);
    assert_int_equal(gw_enc_add(&e, NULL, 0, NULL, 0), GW_OK);
    assert_int_equal(gw_enc_add(&e, "", 0, "", 0), GW_OK);
    assert_int_equal(e.len, 8);
    assert_memory_equal(buf, expect, 8);
    assert_int_equal(gw_kv_decode(buf, e.len, kv, 2, &n), GW_OK);
    assert_int_equal(n, 2);
    assert_int_equal(kv[0].klen, 0);
    assert_int_equal(kv[0].vlen, 0);
    assert_int_equal(kv[1].klen, 0);
    assert_int_equal(kv[1].vlen, 0);
}

static void test_enc_65535_value(void **state)
{
    /* A 65535-byte value is legal in a kv block (HEADERS payload). */
    size_t cap = 4 + 1 + 65535;
    unsigned char *buf = malloc(cap);
    char *val = malloc(65536);
    size_t n;
    gw_kv kv[1];
    gw_enc e;

    (void)state;
    assert_non_null(buf);
    assert_non_null(val);
    memset(val, 'x', 65536);
    gw_kv_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, "k", 1, val, 65535), GW_OK);
    assert_int_equal(e.len, cap);
    assert_int_equal(buf[3], 0xff);
    assert_int_equal(buf[4], 0xff);
    assert_int_equal(gw_kv_decode(buf, e.len, kv, 1, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(kv[0].vlen, 65535);
    assert_ptr_equal(kv[0].val, (char *)buf + 5);

    /* 65536 does not fit a u16, whatever the buffer size. */
    gw_kv_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, "k", 1, val, 65536), GW_ETOOBIG);
    assert_int_equal(e.overflow, 1);
    gw_kv_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, val, 65536, "v", 1), GW_ETOOBIG);
    assert_int_equal(e.overflow, 1);
    /* ... and the failure is sticky even for a pair that would fit. */
    assert_int_equal(gw_enc_add(&e, "a", 1, "b", 1), GW_ETOOBIG);
    assert_int_equal(e.len, 0);

    /* 65535-byte key is fine too. */
    gw_kv_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, val, 65535, "", 0), GW_OK);
    assert_int_equal(gw_kv_decode(buf, e.len, kv, 1, &n), GW_OK);
    assert_int_equal(kv[0].klen, 65535);
    free(buf);
    free(val);
}

static void test_req_vars_limit(void **state)
{
    size_t cap = 4 + 80000;
    unsigned char *buf = malloc(cap);
    char *val = malloc(65535);
    size_t ds;
    gw_enc e;

    (void)state;
    assert_non_null(buf);
    assert_non_null(val);
    memset(val, 'y', 65535);

    /* Exactly GW_VARS_MAX: 2 + 1 + 2 + 65530 = 65535. */
    gw_req_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, "k", 1, val, 65530), GW_OK);
    assert_int_equal(gw_req_finish(&e), 4 + 65535);
    assert_int_equal(buf[1], 0xff);
    assert_int_equal(buf[2], 0xff);
    assert_int_equal(gw_req_parse_header(buf, &ds), GW_OK);
    assert_int_equal(ds, 65535);

    /* One more byte: the datasize cannot express it. */
    gw_req_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, "k", 1, val, 65531), GW_OK);
    assert_int_equal(gw_req_finish(&e), 0);

    /* A single max-size value can never fit a request. */
    gw_req_begin(&e, buf, cap);
    assert_int_equal(gw_enc_add(&e, "k", 1, val, 65535), GW_OK);
    assert_int_equal(gw_req_finish(&e), 0);

    /* Many small pairs adding up past the limit. */
    gw_req_begin(&e, buf, cap);
    for (ds = 0; ds < 14; ds++) {
        assert_int_equal(gw_enc_add(&e, "HTTP_COOKIE", 11, val, 5000), GW_OK);
    }
    assert_int_equal(gw_req_finish(&e), 0);
    free(buf);
    free(val);
}

static void test_enc_overflow_cap(void **state)
{
    /* ("ab", "cde") needs 2+2+2+3 = 9 bytes after the 4-byte header. */
    unsigned char buf[13];
    gw_enc e;

    (void)state;
    gw_req_begin(&e, buf, 13);
    assert_int_equal(gw_enc_add(&e, "ab", 2, "cde", 3), GW_OK);
    assert_int_equal(gw_req_finish(&e), 13);

    gw_req_begin(&e, buf, 12);
    assert_int_equal(gw_enc_add(&e, "ab", 2, "cde", 3), GW_ETOOBIG);
    assert_int_equal(e.overflow, 1);
    assert_int_equal(e.len, 4);
    /* Sticky: a smaller pair that would fit still fails. */
    assert_int_equal(gw_enc_add(&e, "", 0, "", 0), GW_ETOOBIG);
    assert_int_equal(e.len, 4);
    assert_int_equal(gw_req_finish(&e), 0);

    /* kv encoder: overflow without a header. */
    gw_kv_begin(&e, buf, 8);
    assert_int_equal(gw_enc_add(&e, "ab", 2, "cde", 3), GW_ETOOBIG);
    assert_int_equal(e.overflow, 1);
    assert_int_equal(e.len, 0);
}

static void test_req_begin_tiny_cap(void **state)
{
    unsigned char buf[4] = { 0x55, 0x55, 0x55, 0x55 };
    size_t cap;
    gw_enc e;

    (void)state;
    for (cap = 0; cap < 4; cap++) {
        gw_req_begin(&e, buf, cap);
        assert_int_equal(e.start, 4);
        assert_int_equal(e.overflow, 1);
        assert_int_equal(gw_enc_add(&e, "", 0, "", 0), GW_ETOOBIG);
        assert_int_equal(gw_req_finish(&e), 0);
    }
    gw_req_begin(&e, NULL, 0);
    assert_int_equal(gw_req_finish(&e), 0);
    /* Nothing was written. */
    assert_int_equal(buf[0], 0x55);
    assert_int_equal(buf[3], 0x55);
}

static void test_finish_needs_req_encoder(void **state)
{
    unsigned char buf[16];
    gw_enc e;

    (void)state;
    gw_kv_begin(&e, buf, sizeof(buf));
    assert_int_equal(gw_enc_add(&e, "a", 1, "b", 1), GW_OK);
    assert_int_equal(gw_req_finish(&e), 0);
    assert_int_equal(buf[0], 1);        /* the pair was not overwritten */
}

/* ------------------------------------------------------------------ */
/* Request decoder                                                     */
/* ------------------------------------------------------------------ */

static void test_parse_header_modifiers(void **state)
{
    unsigned char h[4];
    size_t ds;
    unsigned i;

    (void)state;
    h[0] = 0; h[1] = 0x34; h[2] = 0x12; h[3] = 0;
    assert_int_equal(gw_req_parse_header(h, &ds), GW_OK);
    assert_int_equal(ds, 0x1234);

    for (i = 1; i < 256; i++) {
        size_t untouched = 777;

        h[0] = (unsigned char)i; h[3] = 0;
        assert_int_equal(gw_req_parse_header(h, &untouched), GW_EBADTYPE);
        assert_int_equal(untouched, 777);
        h[0] = 0; h[3] = (unsigned char)i;
        assert_int_equal(gw_req_parse_header(h, &ds), GW_EBADTYPE);
    }
}

/* A valid three-pair block, with pair boundaries recorded. */
static size_t build_block(unsigned char *b, size_t *bounds)
{
    size_t pos = 0;

    bounds[0] = 0;
    pos = raw_pair_s(b, pos, "PATH_INFO", "/x");
    bounds[1] = pos;
    pos = raw_pair_s(b, pos, "", "empty-key");
    bounds[2] = pos;
    pos = raw_pair_s(b, pos, "E", "");
    bounds[3] = pos;
    return pos;
}

static void test_kv_decode_truncated_everywhere(void **state)
{
    unsigned char block[128];
    size_t bounds[4];
    size_t len, cut, n;
    gw_kv kv[8];

    (void)state;
    len = build_block(block, bounds);
    assert_int_equal(len, 15 + 13 + 5);

    for (cut = 0; cut <= len; cut++) {
        unsigned char *p = dup_exact(block, cut);
        int rc = gw_kv_decode(p, cut, kv, ARRAY_LEN(kv), &n);
        size_t b;
        int boundary = -1;

        for (b = 0; b < 4; b++) {
            if (bounds[b] == cut) {
                boundary = (int)b;
            }
        }
        if (boundary >= 0) {
            assert_int_equal(rc, GW_OK);
            assert_int_equal(n, (size_t)boundary);
        }
        else {
            assert_int_equal(rc, GW_ETRUNC);
            assert_int_equal(n, 0);
        }
        free(p);
    }
    assert_int_equal(gw_kv_decode(block, len, kv, ARRAY_LEN(kv), &n), GW_OK);
    assert_kv(&kv[0], "PATH_INFO", "/x");
    assert_kv(&kv[1], "", "empty-key");
    assert_kv(&kv[2], "E", "");
}

static void test_req_truncated_everywhere(void **state)
{
    /* A whole request whose datasize claims more than the bytes present:
     * the caller bounds the decode by what it actually holds. */
    unsigned char pkt[64];
    size_t plen, cut, ds, n;
    gw_kv kv[4];
    gw_enc e;

    (void)state;
    gw_req_begin(&e, pkt, sizeof(pkt));
    assert_int_equal(gw_enc_add(&e, "KEY", 3, "value", 5), GW_OK);
    plen = gw_req_finish(&e);
    assert_int_equal(plen, 4 + 12);

    for (cut = 4; cut < plen; cut++) {
        unsigned char *p = dup_exact(pkt, cut);
        size_t have;

        assert_int_equal(gw_req_parse_header(p, &ds), GW_OK);
        have = cut - 4 < ds ? cut - 4 : ds;
        assert_int_equal(gw_kv_decode(p + 4, have, kv, 4, &n),
                         have == 0 ? GW_OK : GW_ETRUNC);
        free(p);
    }
}

static void test_kv_decode_hostile_lengths(void **state)
{
    static const unsigned char huge_klen[] = { 0xff, 0xff, 'a', 'b' };
    static const unsigned char huge_vlen[] = { 0x01, 0x00, 'k', 0xff, 0xff };
    static const unsigned char one[] = { 0x00 };
    static const unsigned char trailing[] = { 0, 0, 0, 0, 0x07 };
    unsigned char *p;
    size_t n;
    gw_kv kv[4];

    (void)state;
    p = dup_exact(huge_klen, sizeof(huge_klen));
    assert_int_equal(gw_kv_decode(p, sizeof(huge_klen), kv, 4, &n),
                     GW_ETRUNC);
    free(p);
    p = dup_exact(huge_vlen, sizeof(huge_vlen));
    assert_int_equal(gw_kv_decode(p, sizeof(huge_vlen), kv, 4, &n),
                     GW_ETRUNC);
    free(p);
    p = dup_exact(one, 1);
    assert_int_equal(gw_kv_decode(p, 1, kv, 4, &n), GW_ETRUNC);
    free(p);
    /* A complete pair followed by one stray byte. */
    p = dup_exact(trailing, sizeof(trailing));
    assert_int_equal(gw_kv_decode(p, sizeof(trailing), kv, 4, &n),
                     GW_ETRUNC);
    free(p);
    /* Empty input with no output array at all. */
    assert_int_equal(gw_kv_decode(NULL, 0, NULL, 0, &n), GW_OK);
    assert_int_equal(n, 0);
}

static void test_kv_decode_too_many(void **state)
{
    unsigned char block[128];
    size_t bounds[4];
    size_t len, n = 42;
    gw_kv kv[3];

    (void)state;
    len = build_block(block, bounds);
    assert_int_equal(gw_kv_decode(block, len, kv, 3, &n), GW_OK);
    assert_int_equal(n, 3);
    assert_int_equal(gw_kv_decode(block, len, kv, 2, &n), GW_ETOOMANY);
    assert_int_equal(n, 0);
    assert_int_equal(gw_kv_decode(block, len, kv, 1, &n), GW_ETOOMANY);
    assert_int_equal(gw_kv_decode(block, len, NULL, 0, &n), GW_ETOOMANY);
    /* The limit only matters once a further pair is present. */
    assert_int_equal(gw_kv_decode(block, bounds[2], kv, 2, &n), GW_OK);
    assert_int_equal(n, 2);
}

static void test_kv_find(void **state)
{
    unsigned char block[128];
    size_t pos = 0, n;
    gw_kv kv[8];

    (void)state;
    pos = raw_pair_s(block, pos, "gateway.scrip", "short");
    pos = raw_pair_s(block, pos, "GATEWAY.SCRIPT", "upper");
    pos = raw_pair(block, pos, "gateway.script\0x", 16, "nul", 3);
    pos = raw_pair_s(block, pos, "gateway.script", "first");
    pos = raw_pair_s(block, pos, "gateway.script", "second");
    pos = raw_pair_s(block, pos, "", "empty");
    assert_int_equal(gw_kv_decode(block, pos, kv, 8, &n), GW_OK);
    assert_int_equal(n, 6);

    /* Exact, case-sensitive; not a prefix; first match wins. */
    assert_ptr_equal(gw_kv_find(kv, n, "gateway.script"), &kv[3]);
    assert_ptr_equal(gw_kv_find(kv, n, "GATEWAY.SCRIPT"), &kv[1]);
    assert_ptr_equal(gw_kv_find(kv, n, "gateway.scrip"), &kv[0]);
    assert_null(gw_kv_find(kv, n, "gateway.scripts"));
    assert_null(gw_kv_find(kv, n, "gateway.Script"));
    assert_null(gw_kv_find(kv, n, "gateway."));
    assert_ptr_equal(gw_kv_find(kv, n, ""), &kv[5]);
    assert_null(gw_kv_find(kv, 0, "gateway.script"));
    assert_null(gw_kv_find(NULL, 0, "x"));
    assert_null(gw_kv_find(kv, n, NULL));
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

static void test_frame_exact_bytes(void **state)
{
    static const unsigned char expect[8] = {
        0x02, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12
    };
    unsigned char h[8];

    (void)state;
    gw_frame_encode(h, GW_FRAME_BODY, 0x12345678u);
    assert_memory_equal(h, expect, 8);
}

static void test_frame_roundtrip(void **state)
{
    static const unsigned types[] = {
        GW_FRAME_HEADERS, GW_FRAME_BODY, GW_FRAME_END, GW_FRAME_ABORT,
        GW_FRAME_START, GW_FRAME_FILE, GW_FRAME_RETRY, GW_FRAME_END_KEEP,
        GW_FRAME_FORBIDDEN, GW_FRAME_ANSWER, GW_FRAME_WEBSOCKET
    };
    static const uint32_t lens[] = {
        0, 1, 255, 256, 65535, 65536, 0x00abcdefu, GW_FRAME_MAX
    };
    unsigned char h[8];
    size_t i, j;

    (void)state;
    for (i = 0; i < ARRAY_LEN(types); i++) {
        for (j = 0; j < ARRAY_LEN(lens); j++) {
            unsigned t = 99;
            uint32_t l = 99;
            unsigned char *p;

            gw_frame_encode(h, types[i], lens[j]);
            p = dup_exact(h, 8);
            assert_int_equal(gw_frame_decode(p, &t, &l), GW_OK);
            assert_int_equal(t, types[i]);
            assert_int_equal(l, lens[j]);
            free(p);
        }
    }
}

static void test_frame_bad(void **state)
{
    unsigned char h[8];
    unsigned t, i;
    uint32_t l;

    (void)state;
    /* Unknown types. */
    for (i = 0; i < 256; i++) {
        int want = (i >= 1 && i <= GW_FRAME_TYPE_MAX) ? GW_OK : GW_EBADTYPE;

        memset(h, 0, 8);
        h[0] = (unsigned char)i;
        assert_int_equal(gw_frame_decode(h, &t, &l), want);
    }
    /* Nonzero flags or reserved bytes, each one alone. */
    for (i = 1; i < 4; i++) {
        unsigned v;

        for (v = 1; v < 256; v <<= 1) {
            gw_frame_encode(h, GW_FRAME_END, 0);
            h[i] = (unsigned char)v;
            assert_int_equal(gw_frame_decode(h, &t, &l), GW_EBADTYPE);
        }
    }
    /* Length limit. */
    gw_frame_encode(h, GW_FRAME_BODY, GW_FRAME_MAX + 1);
    assert_int_equal(gw_frame_decode(h, &t, &l), GW_ETOOBIG);
    assert_int_equal(l, GW_FRAME_MAX + 1);
    gw_frame_encode(h, GW_FRAME_BODY, 0xffffffffu);
    assert_int_equal(gw_frame_decode(h, &t, &l), GW_ETOOBIG);
    assert_int_equal(l, 0xffffffffu);
    /* Hand-built: type HEADERS, len 0x01000001 (= GW_FRAME_MAX + 1). */
    memcpy(h, "\x01\x00\x00\x00\x01\x00\x00\x01", 8);
    assert_int_equal(gw_frame_decode(h, &t, &l), GW_ETOOBIG);
    /* Hand-built: exactly GW_FRAME_MAX = 0x01000000. */
    memcpy(h, "\x01\x00\x00\x00\x00\x00\x00\x01", 8);
    assert_int_equal(gw_frame_decode(h, &t, &l), GW_OK);
    assert_int_equal(l, 16u << 20);
}

/* ------------------------------------------------------------------ */
/* Header validation                                                   */
/* ------------------------------------------------------------------ */

struct vcase {
    const char *s;
    size_t len;         /* 0: use strlen */
    int rc;
};

#define VC(str, rc) { str, sizeof(str) - 1, rc }

static void test_header_names(void **state)
{
    static const struct vcase cases[] = {
        VC("Content-Type", GW_OK),
        VC("x", GW_OK),
        VC("X-Custom_Header.1", GW_OK),
        VC("!#$%&'*+-.^_`|~09azAZ", GW_OK),
        VC("", GW_EBADNAME),
        VC("X\r\nSet-Cookie: a=b", GW_EBADNAME),
        VC("X\nSet-Cookie", GW_EBADNAME),
        VC("X-Foo:", GW_EBADNAME),
        VC(":status", GW_EBADNAME),
        VC("X Foo", GW_EBADNAME),
        VC("X-Foo ", GW_EBADNAME),
        VC(" X-Foo", GW_EBADNAME),
        VC("X\tFoo", GW_EBADNAME),
        VC("X\0Foo", GW_EBADNAME),
        VC("X(Foo)", GW_EBADNAME),
        VC("X\"", GW_EBADNAME),
        VC("a,b", GW_EBADNAME),
        VC("a/b", GW_EBADNAME),
        VC("a;b", GW_EBADNAME),
        VC("a=b", GW_EBADNAME),
        VC("a@b", GW_EBADNAME),
        VC("a[b]", GW_EBADNAME),
        VC("a{b}", GW_EBADNAME),
        VC("a\\b", GW_EBADNAME),
        VC("a<b>", GW_EBADNAME),
        VC("a?", GW_EBADNAME),
        VC("caf\xc3\xa9", GW_EBADNAME),
        VC("a\x7f", GW_EBADNAME),
    };
    size_t i;
    unsigned c;

    (void)state;
    for (i = 0; i < ARRAY_LEN(cases); i++) {
        unsigned char *p = dup_exact(cases[i].s, cases[i].len);

        if (gw_check_header_name((char *)p, cases[i].len) != cases[i].rc) {
            fail_msg("name case %zu (\"%s\"): expected %d", i, cases[i].s,
                     cases[i].rc);
        }
        free(p);
    }
    /* Every single byte, against the RFC 9110 tchar list. */
    for (c = 0; c < 256; c++) {
        char ch = (char)c;
        int tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c != 0 && strchr("!#$%&'*+-.^_`|~", (int)c));

        assert_int_equal(gw_check_header_name(&ch, 1),
                         tchar ? GW_OK : GW_EBADNAME);
    }
    /* The length is what counts, not a NUL. */
    assert_int_equal(gw_check_header_name("ab\r\n", 2), GW_OK);
}

static void test_header_values(void **state)
{
    static const struct vcase cases[] = {
        VC("", GW_OK),
        VC("text/html; charset=utf-8", GW_OK),
        VC("a\tb", GW_OK),
        VC(" spaced ", GW_OK),
        VC("caf\xc3\xa9 \x80\xff", GW_OK),
        VC("\"quoted\", (comment) ~!@#$%^&*", GW_OK),
        VC("a\r\nSet-Cookie: a=b", GW_EBADVALUE),
        VC("a\nSet-Cookie: a=b", GW_EBADVALUE),
        VC("a\rSet-Cookie: a=b", GW_EBADVALUE),
        VC("a\0b", GW_EBADVALUE),
        VC("\r", GW_EBADVALUE),
        VC("\n", GW_EBADVALUE),
        VC("a\x01", GW_EBADVALUE),
        VC("a\x0b", GW_EBADVALUE),
        VC("a\x0c", GW_EBADVALUE),
        VC("a\x1b[31m", GW_EBADVALUE),
        VC("a\x1f", GW_EBADVALUE),
        VC("a\x7f", GW_EBADVALUE),
    };
    size_t i;
    unsigned c;

    (void)state;
    for (i = 0; i < ARRAY_LEN(cases); i++) {
        unsigned char *p = dup_exact(cases[i].s, cases[i].len);

        if (gw_check_header_value((char *)p, cases[i].len) != cases[i].rc) {
            fail_msg("value case %zu: expected %d", i, cases[i].rc);
        }
        free(p);
    }
    for (c = 0; c < 256; c++) {
        char ch = (char)c;
        int ok = c == '\t' || (c >= 0x20 && c != 0x7f);

        assert_int_equal(gw_check_header_value(&ch, 1),
                         ok ? GW_OK : GW_EBADVALUE);
    }
    assert_int_equal(gw_check_header_value("ok\r\n", 2), GW_OK);
    assert_int_equal(gw_check_header_value(NULL, 0), GW_OK);
}

static void test_status(void **state)
{
    static const struct {
        const char *s;
        size_t len;
        int rc;
        int code;
    } cases[] = {
#define SC(str, rc, code) { str, sizeof(str) - 1, rc, code }
        SC("200 OK", GW_OK, 200),
        SC("404 ", GW_OK, 404),
        SC("100 Continue", GW_OK, 100),
        SC("999 Whatever", GW_OK, 999),
        SC("500 Internal Server Error", GW_OK, 500),
        SC("201 Cr\xc3\xa9\xc3\xa9", GW_OK, 201),
        SC("299 a\tb", GW_OK, 299),
        SC("200", GW_EBADSTATUS, 0),
        SC("20 OK", GW_EBADSTATUS, 0),
        SC("2000 OK", GW_EBADSTATUS, 0),
        SC("099 Low", GW_EBADSTATUS, 0),
        SC("000 Zero", GW_EBADSTATUS, 0),
        SC("20a OK", GW_EBADSTATUS, 0),
        SC("a00 OK", GW_EBADSTATUS, 0),
        SC("200\tOK", GW_EBADSTATUS, 0),
        SC("200-OK", GW_EBADSTATUS, 0),
        SC(" 200 OK", GW_EBADSTATUS, 0),
        SC("-200 OK", GW_EBADSTATUS, 0),
        SC("+20 OK", GW_EBADSTATUS, 0),
        SC("OK", GW_EBADSTATUS, 0),
        SC("", GW_EBADSTATUS, 0),
        SC("\xd9\xa0\xd9\xa0 x", GW_EBADSTATUS, 0),
        SC("200\r\nX: y", GW_EBADSTATUS, 0),
        SC("200 OK\r\nX: y", GW_EBADVALUE, 0),
        SC("200 OK\nSet-Cookie: a=b", GW_EBADVALUE, 0),
        SC("200 OK\0", GW_EBADVALUE, 0),
        SC("200 \x7f", GW_EBADVALUE, 0),
#undef SC
    };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(cases); i++) {
        unsigned char *p = dup_exact(cases[i].s, cases[i].len);
        int code = -1;
        int rc = gw_check_status((char *)p, cases[i].len, &code);

        if (rc != cases[i].rc) {
            fail_msg("status case %zu: got %d expected %d", i, rc,
                     cases[i].rc);
        }
        if (rc == GW_OK) {
            assert_int_equal(code, cases[i].code);
        }
        free(p);
    }
    /* Length, not NUL, bounds the string; code may be NULL. */
    assert_int_equal(gw_check_status("200 OK", 3, NULL), GW_EBADSTATUS);
    assert_int_equal(gw_check_status("200 OK", 4, NULL), GW_OK);
}

/* ------------------------------------------------------------------ */
/* HEADERS payload                                                     */
/* ------------------------------------------------------------------ */

static void test_headers_decode_ok(void **state)
{
    unsigned char b[256];
    size_t pos = 0, n = 0;
    int code = 0;
    gw_kv kv[8];

    (void)state;
    pos = raw_pair_s(b, pos, ":status", "201 Created");
    pos = raw_pair_s(b, pos, "Content-Type", "text/plain");
    pos = raw_pair_s(b, pos, "Set-Cookie", "a=b");
    pos = raw_pair_s(b, pos, "Set-Cookie", "c=d");
    pos = raw_pair_s(b, pos, "X-Empty", "");
    assert_int_equal(gw_headers_decode(b, pos, kv, 8, &n, &code), GW_OK);
    assert_int_equal(n, 5);
    assert_int_equal(code, 201);
    assert_kv(&kv[0], ":status", "201 Created");
    assert_kv(&kv[1], "Content-Type", "text/plain");
    assert_kv(&kv[3], "Set-Cookie", "c=d");
    assert_kv(&kv[4], "X-Empty", "");

    /* Status alone, encoded with the encoder this time. */
    {
        gw_enc e;

        gw_kv_begin(&e, b, sizeof(b));
        assert_int_equal(gw_enc_add(&e, GW_STATUS_KEY, 7, "204 ", 4), GW_OK);
        assert_int_equal(gw_headers_decode(b, e.len, kv, 1, &n, &code),
                         GW_OK);
        assert_int_equal(n, 1);
        assert_int_equal(code, 204);
    }
}

static void expect_headers_rc(const unsigned char *b, size_t len,
                              size_t max, int want)
{
    unsigned char *p = dup_exact(b, len);
    size_t n = 99;
    int code = 99;
    gw_kv kv[8];

    assert_int_equal(gw_headers_decode(p, len, kv, max, &n, &code), want);
    assert_int_equal(n, 0);
    assert_int_equal(code, 0);
    free(p);
}

static void test_headers_decode_fail(void **state)
{
    unsigned char b[256] = { 0 };
    size_t pos, cut, st;

    (void)state;
    /* Empty payload: no status. */
    expect_headers_rc(b, 0, 8, GW_EBADSTATUS);

    /* Truncated at every offset that is not a pair boundary. */
    pos = raw_pair_s(b, 0, ":status", "200 OK");
    st = pos;
    pos = raw_pair_s(b, pos, "A", "b");
    for (cut = 1; cut < pos; cut++) {
        if (cut != st) {
            expect_headers_rc(b, cut, 8, GW_ETRUNC);
        }
    }

    /* Too many pairs for the caller's array. */
    expect_headers_rc(b, pos, 1, GW_ETOOMANY);

    /* First key is not ":status" (wrong name, wrong case, not first). */
    pos = raw_pair_s(b, 0, "Content-Type", "text/plain");
    pos = raw_pair_s(b, pos, ":status", "200 OK");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, ":STATUS", "200 OK");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, ":status ", "200 OK");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, ":statu", "200 OK");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, "", "200 OK");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);

    /* Bad status values. */
    pos = raw_pair_s(b, 0, ":status", "200");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, ":status", "OK");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, ":status", "");
    expect_headers_rc(b, pos, 8, GW_EBADSTATUS);
    pos = raw_pair_s(b, 0, ":status", "200 OK\r\nSet-Cookie: a=b");
    expect_headers_rc(b, pos, 8, GW_EBADVALUE);

    /* Bad header name, including an injection attempt. */
    pos = raw_pair_s(b, 0, ":status", "200 OK");
    pos = raw_pair_s(b, pos, "X\r\nSet-Cookie: a=b", "v");
    expect_headers_rc(b, pos, 8, GW_EBADNAME);
    pos = raw_pair_s(b, 0, ":status", "200 OK");
    pos = raw_pair_s(b, pos, "", "v");
    expect_headers_rc(b, pos, 8, GW_EBADNAME);
    pos = raw_pair_s(b, 0, ":status", "200 OK");
    pos = raw_pair_s(b, pos, ":status", "302 Found");
    expect_headers_rc(b, pos, 8, GW_EBADNAME);

    /* Bad header value, after a good header. */
    pos = raw_pair_s(b, 0, ":status", "200 OK");
    pos = raw_pair_s(b, pos, "X-Ok", "fine");
    pos = raw_pair_s(b, pos, "X-Bad", "a\r\nSet-Cookie: a=b");
    expect_headers_rc(b, pos, 8, GW_EBADVALUE);
    pos = raw_pair_s(b, 0, ":status", "200 OK");
    pos = raw_pair(b, pos, "X-Nul", 5, "a\0b", 3);
    expect_headers_rc(b, pos, 8, GW_EBADVALUE);
}

/* Only a final status (200-599) passes: a 1xx would be sent as an interim
 * response and the body taken for the next one.  Everything else is
 * checked first, so GW_ENOTFINAL leaves a valid status pair in out[0]. */
static void test_headers_decode_not_final(void **state)
{
    static const char *const interim[] = {
        "100 Continue", "101 Switching Protocols", "103 Early Hints",
        "199 X", "600 X", "999 X"
    };
    static const struct {
        const char *s;
        int code;
    } final[] = { { "200 OK", 200 }, { "599 X", 599 } };
    unsigned char b[256];
    size_t i, pos, n;
    int code;
    gw_kv kv[8];

    (void)state;
    for (i = 0; i < ARRAY_LEN(interim); i++) {
        unsigned char *p;

        pos = raw_pair_s(b, 0, ":status", interim[i]);
        pos = raw_pair_s(b, pos, "Content-Type", "text/plain");
        p = dup_exact(b, pos);
        n = 99;
        code = 99;
        memset(kv, 0, sizeof(kv));
        assert_int_equal(gw_headers_decode(p, pos, kv, 8, &n, &code),
                         GW_ENOTFINAL);
        assert_int_equal(n, 0);
        assert_int_equal(code, 0);
        assert_kv(&kv[0], ":status", interim[i]);
        free(p);
    }
    for (i = 0; i < ARRAY_LEN(final); i++) {
        pos = raw_pair_s(b, 0, ":status", final[i].s);
        assert_int_equal(gw_headers_decode(b, pos, kv, 8, &n, &code), GW_OK);
        assert_int_equal(code, final[i].code);
    }
    /* Any other fault wins over the status range. */
    pos = raw_pair_s(b, 0, ":status", "100 Continue");
    pos = raw_pair_s(b, pos, "X-Bad", "a\r\nSet-Cookie: a=b");
    expect_headers_rc(b, pos, 8, GW_EBADVALUE);
    pos = raw_pair_s(b, 0, ":status", "100 Continue");
    pos = raw_pair_s(b, pos, "X Bad", "v");
    expect_headers_rc(b, pos, 8, GW_EBADNAME);
}

static void test_chunk_header(void **state)
{
    (void)state;
    unsigned char b[GW_CHUNK_HDR_LEN];
    static const unsigned char want[] = { 0x04, 0x03, 0x02, 0x01 };

    gw_chunk_encode(b, 0x01020304u);
    assert_memory_equal(b, want, sizeof(want));
    assert_int_equal(gw_chunk_decode(want), 0x01020304u);
    gw_chunk_encode(b, 0);
    assert_int_equal(gw_chunk_decode(b), 0);
    gw_chunk_encode(b, 0xffffffffu);
    assert_int_equal(gw_chunk_decode(b), 0xffffffffu);
}

/* START and RETRY: the first frame, carrying the sender's pid. */
static void expect_first(const unsigned char *f, int rc, unsigned type,
                         uint32_t pid)
{
    unsigned t = 99;
    uint32_t p = 99;
    unsigned char *copy = dup_exact(f, GW_FIRST_LEN);

    assert_int_equal(gw_first_decode(copy, &t, &p), rc);
    assert_int_equal(t, type);
    assert_int_equal(p, pid);
    free(copy);
}

static void first_frame(unsigned char *f, unsigned type, uint32_t len,
                        uint32_t pid)
{
    gw_frame_encode(f, type, len);
    gw_pid_encode(f + GW_FRAME_HDR_LEN, pid);
}

static void test_first_frame(void **state)
{
    static const unsigned char want[GW_FIRST_LEN] = {
        0x07, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
        0x39, 0x30, 0x00, 0x00
    };
    unsigned char f[GW_FIRST_LEN];

    (void)state;
    first_frame(f, GW_FRAME_RETRY, GW_START_LEN, 12345);
    assert_memory_equal(f, want, sizeof(want));
    expect_first(f, GW_OK, GW_FRAME_RETRY, 12345);
    first_frame(f, GW_FRAME_START, GW_START_LEN, 1);
    expect_first(f, GW_OK, GW_FRAME_START, 1);
    first_frame(f, GW_FRAME_START, GW_START_LEN, 0x7fffffffu);
    expect_first(f, GW_OK, GW_FRAME_START, 0x7fffffffu);
    /* No pid, or one that is negative as a pid_t. */
    first_frame(f, GW_FRAME_START, GW_START_LEN, 0);
    expect_first(f, GW_EBADPID, 0, 0);
    first_frame(f, GW_FRAME_RETRY, GW_START_LEN, 0x80000000u);
    expect_first(f, GW_EBADPID, 0, 0);
    first_frame(f, GW_FRAME_RETRY, GW_START_LEN, 0xffffffffu);
    expect_first(f, GW_EBADPID, 0, 0);
    /* The old, empty RETRY; other lengths; other types. */
    first_frame(f, GW_FRAME_RETRY, 0, 12345);
    expect_first(f, GW_EBADTYPE, 0, 0);
    first_frame(f, GW_FRAME_START, GW_START_LEN + 1, 12345);
    expect_first(f, GW_EBADTYPE, 0, 0);
    first_frame(f, GW_FRAME_HEADERS, GW_START_LEN, 12345);
    expect_first(f, GW_EBADTYPE, 0, 0);
    first_frame(f, GW_FRAME_END, GW_START_LEN, 12345);
    expect_first(f, GW_EBADTYPE, 0, 0);
    first_frame(f, GW_FRAME_FORBIDDEN, GW_START_LEN, 12345);
    expect_first(f, GW_EBADTYPE, 0, 0);
    /* A bad frame header says so. */
    first_frame(f, GW_FRAME_START, GW_START_LEN, 12345);
    f[2] = 1;
    expect_first(f, GW_EBADTYPE, 0, 0);
    first_frame(f, GW_FRAME_START, GW_FRAME_MAX + 1, 12345);
    expect_first(f, GW_ETOOBIG, 0, 0);
    first_frame(f, 0, GW_START_LEN, 12345);
    expect_first(f, GW_EBADTYPE, 0, 0);
}

static void test_strerror(void **state)
{
    static const int rcs[] = {
        GW_OK, GW_ETRUNC, GW_ETOOBIG, GW_EBADTYPE, GW_ETOOMANY,
        GW_EBADNAME, GW_EBADVALUE, GW_EBADSTATUS, GW_ENOTFINAL, GW_EBADPID,
        GW_EBADREPLY, GW_ERESERVED
    };
    size_t i, j;

    (void)state;
    assert_string_equal(gw_proto_strerror(GW_ETRUNC), "truncated input");
    assert_string_equal(gw_proto_strerror(1), "unknown error");
    assert_string_equal(gw_proto_strerror(-12), "unknown error");
    assert_string_equal(gw_proto_strerror(-1000), "unknown error");
    for (i = 0; i < ARRAY_LEN(rcs); i++) {
        const char *s = gw_proto_strerror(rcs[i]);

        assert_non_null(s);
        assert_string_not_equal(s, "unknown error");
        for (j = 0; j < i; j++) {
            assert_string_not_equal(s, gw_proto_strerror(rcs[j]));
        }
    }
}

/* A WEBSOCKET payload, decoded from an exact-size copy. */
static int ws_reply(const unsigned char *b, size_t len, gw_kv *kv,
                    size_t *n, int *accept, gw_kv *sub)
{
    unsigned char *p = dup_exact(b, len);
    int rc = gw_ws_reply_decode(p, len, kv, 8, n, accept, sub);

    if (rc != GW_OK) {
        assert_int_equal(*n, 0);
        assert_int_equal(*accept, 0);
        assert_int_equal(sub->klen + sub->vlen, 0);
    }
    free(p);
    return rc;
}

static void test_ws_reply_ok(void **state)
{
    unsigned char b[256];
    gw_kv kv[8], sub;
    size_t pos, n;
    int accept;

    (void)state;
    /* deny: nothing else */
    pos = raw_pair_s(b, 0, ":websocket", "deny");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_OK);
    assert_int_equal(accept, 0);
    assert_int_equal(n, 0);
    /* accept alone */
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    assert_int_equal(gw_ws_reply_decode(b, pos, kv, 8, &n, &accept, &sub),
                     GW_OK);
    assert_int_equal(accept, 1);
    assert_int_equal(n, 0);
    assert_int_equal(sub.vlen, 0);
    /* with a subprotocol and two headers: only the headers in kv */
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    pos = raw_pair_s(b, pos, ":subprotocol", "chat.v2");
    pos = raw_pair_s(b, pos, "Set-Cookie", "a=b");
    pos = raw_pair_s(b, pos, "X-Room", "lobby");
    assert_int_equal(gw_ws_reply_decode(b, pos, kv, 8, &n, &accept, &sub),
                     GW_OK);
    assert_int_equal(accept, 1);
    assert_int_equal(sub.vlen, 7);
    assert_memory_equal(sub.val, "chat.v2", 7);
    assert_int_equal(n, 2);
    assert_kv(&kv[0], "Set-Cookie", "a=b");
    assert_kv(&kv[1], "X-Room", "lobby");
    /* headers without a subprotocol */
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    pos = raw_pair_s(b, pos, "X-A", "1");
    assert_int_equal(gw_ws_reply_decode(b, pos, kv, 8, &n, &accept, &sub),
                     GW_OK);
    assert_int_equal(n, 1);
    assert_kv(&kv[0], "X-A", "1");
    assert_int_equal(sub.klen, 0);
}

static void test_ws_reply_fail(void **state)
{
    unsigned char b[256] = { 0 };
    gw_kv kv[8], sub;
    size_t pos, n, cut;
    int accept;
    static const char *const reserved[] = {
        "Connection", "upgrade", "Transfer-Encoding", "Keep-Alive",
        "Sec-WebSocket-Accept", "sec-websocket-protocol",
        "Sec-WebSocket-Extensions", "Sec-WebSocket-Key",
        "Sec-WebSocket-Version", "Content-Length"
    };

    (void)state;
    assert_int_equal(ws_reply(b, 0, kv, &n, &accept, &sub), GW_EBADREPLY);
    /* truncated anywhere inside a pair */
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    size_t first = pos;
    pos = raw_pair_s(b, pos, "X-A", "1");
    for (cut = 1; cut < pos; cut++)
        if (cut != first)
            assert_int_equal(ws_reply(b, cut, kv, &n, &accept, &sub),
                             GW_ETRUNC);
    /* not accept or deny; the key in another case, not first */
    pos = raw_pair_s(b, 0, ":websocket", "Accept");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADREPLY);
    pos = raw_pair_s(b, 0, ":websocket", "");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADREPLY);
    pos = raw_pair_s(b, 0, ":WebSocket", "accept");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADREPLY);
    pos = raw_pair_s(b, 0, ":status", "101 Switching Protocols");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADREPLY);
    pos = raw_pair_s(b, 0, "X-A", "1");
    pos = raw_pair_s(b, pos, ":websocket", "accept");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADREPLY);
    /* a deny carries nothing more */
    pos = raw_pair_s(b, 0, ":websocket", "deny");
    pos = raw_pair_s(b, pos, "X-A", "1");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADREPLY);
    /* subprotocols: a token, right after the first pair, once */
    static const char *const bad_sub[] = { "", "a b", "chat,v2", "x\r\ny",
                                           "a:b", "\xe9" };
    for (size_t i = 0; i < ARRAY_LEN(bad_sub); i++) {
        pos = raw_pair_s(b, 0, ":websocket", "accept");
        pos = raw_pair_s(b, pos, ":subprotocol", bad_sub[i]);
        assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub),
                         GW_EBADREPLY);
    }
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    pos = raw_pair_s(b, pos, "X-A", "1");
    pos = raw_pair_s(b, pos, ":subprotocol", "chat");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADNAME);
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    pos = raw_pair_s(b, pos, ":subprotocol", "chat");
    pos = raw_pair_s(b, pos, ":subprotocol", "chat");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADNAME);
    /* invalid headers: as in a response */
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    pos = raw_pair_s(b, pos, "X-Bad", "a\r\nSet-Cookie: x=y");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADVALUE);
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    pos = raw_pair_s(b, pos, "X Bad", "1");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_EBADNAME);
    /* reserved headers: refused, and named in out[0] */
    for (size_t i = 0; i < ARRAY_LEN(reserved); i++) {
        unsigned char *p;
        pos = raw_pair_s(b, 0, ":websocket", "accept");
        pos = raw_pair_s(b, pos, "X-Fine", "1");
        pos = raw_pair_s(b, pos, reserved[i], "v");
        p = dup_exact(b, pos);
        assert_int_equal(gw_ws_reply_decode(p, pos, kv, 8, &n, &accept,
                                            &sub), GW_ERESERVED);
        assert_int_equal(n, 0);
        assert_int_equal(kv[0].klen, strlen(reserved[i]));
        assert_memory_equal(kv[0].key, reserved[i], kv[0].klen);
        assert_true(gw_ws_reply_reserved(reserved[i], strlen(reserved[i])));
        free(p);
    }
    assert_false(gw_ws_reply_reserved("Set-Cookie", 10));
    assert_false(gw_ws_reply_reserved("Sec-WebSocket", 13));
    /* more pairs than the caller's array */
    pos = raw_pair_s(b, 0, ":websocket", "accept");
    for (int i = 0; i < 8; i++)
        pos = raw_pair_s(b, pos, "X-A", "1");
    assert_int_equal(ws_reply(b, pos, kv, &n, &accept, &sub), GW_ETOOMANY);
}

/* The FILE payload: offset and length round trip, little-endian, and an
 * offset or end past INT64_MAX (off_t is signed) is refused. */
static void test_file_payload(void **state)
{
    unsigned char b[GW_FILE_LEN];
    uint64_t off = 1, len = 1;
    (void)state;

    gw_file_encode(b, 0x0102030405060708ull, 42);
    assert_int_equal(b[0], 0x08);
    assert_int_equal(b[7], 0x01);
    assert_int_equal(b[8], 42);
    assert_int_equal(gw_file_decode(b, &off, &len), GW_OK);
    assert_true(off == 0x0102030405060708ull && len == 42);
    gw_file_encode(b, (uint64_t)INT64_MAX - 10, 10);
    assert_int_equal(gw_file_decode(b, &off, &len), GW_OK);
    assert_true(off == (uint64_t)INT64_MAX - 10 && len == 10);
    gw_file_encode(b, (uint64_t)INT64_MAX - 10, 11);
    assert_int_equal(gw_file_decode(b, &off, &len), GW_ETOOBIG);
    assert_true(off == 0 && len == 0);
    gw_file_encode(b, (uint64_t)INT64_MAX + 1, 0);
    assert_int_equal(gw_file_decode(b, &off, &len), GW_ETOOBIG);
    gw_file_encode(b, 0, UINT64_MAX);
    assert_int_equal(gw_file_decode(b, &off, &len), GW_ETOOBIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_req_exact_bytes),
        cmocka_unit_test(test_req_datasize_high_byte),
        cmocka_unit_test(test_req_roundtrip),
        cmocka_unit_test(test_req_no_vars),
        cmocka_unit_test(test_enc_empty_key_and_value),
        cmocka_unit_test(test_enc_65535_value),
        cmocka_unit_test(test_req_vars_limit),
        cmocka_unit_test(test_enc_overflow_cap),
        cmocka_unit_test(test_req_begin_tiny_cap),
        cmocka_unit_test(test_finish_needs_req_encoder),
        cmocka_unit_test(test_parse_header_modifiers),
        cmocka_unit_test(test_kv_decode_truncated_everywhere),
        cmocka_unit_test(test_req_truncated_everywhere),
        cmocka_unit_test(test_kv_decode_hostile_lengths),
        cmocka_unit_test(test_kv_decode_too_many),
        cmocka_unit_test(test_kv_find),
        cmocka_unit_test(test_frame_exact_bytes),
        cmocka_unit_test(test_frame_roundtrip),
        cmocka_unit_test(test_frame_bad),
        cmocka_unit_test(test_header_names),
        cmocka_unit_test(test_header_values),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_headers_decode_ok),
        cmocka_unit_test(test_headers_decode_fail),
        cmocka_unit_test(test_headers_decode_not_final),
        cmocka_unit_test(test_chunk_header),
        cmocka_unit_test(test_first_frame),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_file_payload),
        cmocka_unit_test(test_ws_reply_ok),
        cmocka_unit_test(test_ws_reply_fail),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
