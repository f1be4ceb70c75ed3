/*
 * fuzz_chunks.c - libFuzzer target: request-body chunk framing.
 *
 * A request without CONTENT_LENGTH carries its body as chunks
 * { u32le len, data[len] } ending with a chunk of len 0 (gw_proto.h).  The
 * daemon removes the framing incrementally, in place, from whatever recv()
 * returned, with gw_dechunk() from the codec (daemon/gw_conn.c calls it).
 * This target property-tests it against a second decoder built on
 * gw_chunk_decode():
 *   - ref_decode(): one-shot, over the whole stream, written to be
 *     obviously right;
 *   - gw_dechunk(): the daemon's incremental de-chunker, fed the stream in
 *     arbitrary pieces, each copied into an exact-size buffer so ASan sees
 *     any read or write past a piece.
 * Properties:
 *   - gw_chunk_encode/gw_chunk_decode are exact inverses and little endian;
 *   - round trip (mode 0): data split into chunks by gw_chunk_encode()
 *     decodes back to the same data, whatever the chunk sizes and however
 *     the stream is re-split on reading, and bytes after the last chunk
 *     are dropped;
 *   - any stream (mode 1, hostile peer): after every piece, the
 *     incremental output equals the one-shot decode of the bytes fed so
 *     far, and the end is seen exactly when the empty chunk's header is
 *     complete, never earlier or later.
 *
 * Input: byte 0 mode (bit 0: 0 round trip, 1 raw stream; bits 1-2: how
 * many garbage bytes follow the last chunk in mode 0), then a count and
 * that many chunk-size bytes (b + 1, or (b & 0x7f) * 64 + 64 when bit 7 is
 * set; used in turn), then a count and that many read-size bytes (b + 1,
 * used in turn), then the payload.  Missing counts mean "one chunk" /
 * "one read".
 *
 * Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
 *       tests/fuzz/fuzz_chunks.c proto/gw_proto.c -o /tmp/fuzz_chunks
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_proto.h"

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
           | (uint32_t)p[3] << 24;
}

/* One-shot decode of s[0, len): body bytes to out, is_data[i] says
 * whether s[i] is a body byte, *done_at is the offset just past the empty
 * chunk's header (SIZE_MAX when the stream has none).  Returns the body
 * length. */
static size_t ref_decode(const unsigned char *s, size_t len,
                         unsigned char *out, unsigned char *is_data,
                         size_t *done_at)
{
    size_t pos = 0, k = 0;

    memset(is_data, 0, len);
    *done_at = SIZE_MAX;
    while (len - pos >= GW_CHUNK_HDR_LEN) {
        uint32_t n = gw_chunk_decode(s + pos);
        size_t take;

        if (n != le32(s + pos)) {
            abort();
        }
        pos += GW_CHUNK_HDR_LEN;
        if (n == 0) {
            *done_at = pos;
            break;
        }
        take = len - pos < n ? len - pos : n;
        memset(is_data + pos, 1, take);
        memcpy(out + k, s + pos, take);
        k += take;
        pos += take;
    }
    return k;
}

/* Feeds s[0, len) to gw_dechunk() in pieces of the sizes in rd[0, nrd)
 * (used in turn; one piece when nrd is 0) and checks it against
 * ref_decode() after every piece. */
static void check_stream(const unsigned char *s, size_t len,
                         const uint8_t *rd, size_t nrd,
                         const unsigned char *want, size_t want_len,
                         int want_done)
{
    unsigned char *ref = malloc(len ? len : 1);
    unsigned char *is_data = malloc(len ? len : 1);
    unsigned char *got = malloc(len ? len : 1);
    gw_dechunker st;
    size_t ref_len, done_at, pos = 0, got_len = 0, ref_seen = 0, r = 0;

    if (ref == NULL || is_data == NULL || got == NULL) {
        free(ref);
        free(is_data);
        free(got);
        return;
    }
    ref_len = ref_decode(s, len, ref, is_data, &done_at);
    if (want != NULL && (ref_len != want_len || memcmp(ref, want, want_len)
                         || (done_at != SIZE_MAX) != want_done)) {
        abort();
    }

    memset(&st, 0, sizeof(st));
    while (pos < len) {
        size_t piece = nrd ? (size_t)rd[r++ % nrd] + 1 : len;
        unsigned char *buf;
        size_t n, i;

        if (piece > len - pos) {
            piece = len - pos;
        }
        buf = malloc(piece);
        if (buf == NULL) {
            break;
        }
        memcpy(buf, s + pos, piece);
        n = gw_dechunk(&st, buf, piece);
        for (i = pos; i < pos + piece; i++) {
            ref_seen += is_data[i];
        }
        pos += piece;
        /* What came out so far is exactly the one-shot decode of the
         * bytes fed so far. */
        if (n > piece || got_len + n != ref_seen
            || memcmp(buf, ref + got_len, n) != 0) {
            abort();
        }
        memcpy(got + got_len, buf, n);
        got_len += n;
        free(buf);
        /* The end is seen exactly when the empty chunk's header is
         * complete; while inside a chunk header the state says so. */
        if (st.done != (done_at != SIZE_MAX && pos >= done_at)
            || st.hdr_have >= GW_CHUNK_HDR_LEN
            || (st.hdr_have != 0 && st.left != 0)) {
            abort();
        }
    }
    if (got_len != ref_len || memcmp(got, ref, ref_len) != 0) {
        abort();
    }
    free(ref);
    free(is_data);
    free(got);
}

static void check_header_codec(const uint8_t *data, size_t size)
{
    unsigned char h[GW_CHUNK_HDR_LEN], in[GW_CHUNK_HDR_LEN] = {0};
    uint32_t v;

    memcpy(in, data, size < sizeof(in) ? size : sizeof(in));
    v = le32(in);
    gw_chunk_encode(h, v);
    if (memcmp(h, in, sizeof(h)) != 0 || gw_chunk_decode(h) != v) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *cs = NULL, *rd = NULL, *payload;
    size_t ncs = 0, nrd = 0, pos = 1, plen;
    unsigned mode;

    check_header_codec(data, size);
    if (size < 1) {
        return 0;
    }
    mode = data[0];
    if (pos < size) {
        ncs = data[pos++];
        if (ncs > size - pos) {
            ncs = size - pos;
        }
        cs = data + pos;
        pos += ncs;
    }
    if (pos < size) {
        nrd = data[pos++];
        if (nrd > size - pos) {
            nrd = size - pos;
        }
        rd = data + pos;
        pos += nrd;
    }
    payload = data + pos;
    plen = size - pos;

    if (mode & 1) {
        /* Raw stream from a hostile or broken peer. */
        check_stream(payload, plen, rd, nrd, NULL, 0, 0);
        return 0;
    }

    /* Round trip: frame the payload the way the Apache child does. */
    {
        size_t garbage = (mode >> 1) & 3, nchunks_max, cap, len = 0;
        size_t off = 0, i = 0;
        unsigned char *s;

        /* Every chunk but the last carries at least one byte. */
        nchunks_max = plen + 1;
        cap = plen + GW_CHUNK_HDR_LEN * (nchunks_max + 1) + garbage;
        s = malloc(cap);
        if (s == NULL) {
            return 0;
        }
        while (off < plen) {
            size_t n = plen - off;

            if (ncs) {
                uint8_t b = cs[i++ % ncs];
                size_t want = b & 0x80 ? (size_t)(b & 0x7f) * 64 + 64
                                       : (size_t)b + 1;
                if (want < n) {
                    n = want;
                }
            }
            gw_chunk_encode(s + len, (uint32_t)n);
            len += GW_CHUNK_HDR_LEN;
            memcpy(s + len, payload + off, n);
            len += n;
            off += n;
        }
        gw_chunk_encode(s + len, 0);
        len += GW_CHUNK_HDR_LEN;
        memset(s + len, 0xa5, garbage);    /* not body: must be dropped */
        len += garbage;
        check_stream(s, len, rd, nrd, payload, plen, 1);
        free(s);
    }
    return 0;
}
