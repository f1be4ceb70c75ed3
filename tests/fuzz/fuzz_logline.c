/*
 * fuzz_logline.c - libFuzzer target: what gateway-logger makes of the
 * bytes a (hostile) daemon process writes to its fd 1 and 2, and of its
 * control messages (proto/gw_logline.h).
 *
 * Input: byte 0 selects the mode (low bit) and, in mode 0, seeds the
 * read sizes and the "writer went quiet" flushes; the rest is the data.
 *   mode 0, a pipe's bytes: fed to gw_logbuf_feed() in pieces of 1 to 256
 *     bytes (each copied into an exact-size buffer), with a quiet flush
 *     (gw_logbuf_flush(more 1)) now and then, and a final flush.  Every
 *     piece becomes a line with gw_logline_build().  Properties:
 *       - every line starts with "[DATE] [gateway:", carries the
 *         registered pid and "[group shop] " at the place the format
 *         puts them, ends with its one newline, and holds no other byte
 *         below 0x20, no DEL and no UTF-8 C1 control: nothing the
 *         process writes can end a line, start one of its own or drive
 *         a terminal;
 *       - a line is never longer than GW_LOGLINE_OUT_MAX, nor a piece
 *         than GW_LOGLINE_PIECE;
 *       - the pieces put back together (a newline after each piece that
 *         is not continued) are the input: nothing lost, nothing added
 *         (but the newline a last unfinished line gets);
 *       - a piece is marked as continuing the previous one exactly when
 *         that one was marked as continued, and a piece that is not the
 *         end of its line is never taken for a record;
 *       - a piece that parses as a record re-encodes to itself.
 *   mode 1, a control message: if gw_logctl_parse() accepts it, a
 *     "pipe" message is rebuilt byte for byte by gw_logctl_pipe_msg()
 *     and its fields are in range.
 *
 * Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
 *       tests/fuzz/fuzz_logline.c proto/gw_logline.c -o /tmp/fuzz_logline
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_logline.h"

#define DATE "Mon Nov 23 18:42:21.123456 2026"

typedef struct {
    unsigned char *recon;        /* the pieces put back together */
    size_t recon_len, recon_cap;
    int last_flags;
    char line[GW_LOGLINE_OUT_MAX];
} state;

static const gw_logline_src src = { 4242, GW_LOGCTL_KIND_DAEMON, "shop", 4 };

static void check_line(const char *line, size_t n, int is_rec)
{
    static const char head[] = "[" DATE "] [gateway:";
    const char *p;

    if (n == 0 || n > GW_LOGLINE_OUT_MAX || line[n - 1] != '\n'
        || memcmp(line, head, sizeof(head) - 1))
        abort();
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 || c == 0x7f
            || (c == 0xc2 && (unsigned char)line[i + 1] >= 0x80
                && (unsigned char)line[i + 1] <= 0x9f))
            abort();
    }
    p = memchr(line + sizeof(head) - 1, ']', n - sizeof(head) + 1);
    if (!p)
        abort();
    if (is_rec ? strncmp(p, "] [pid 4242:tid ", 16)
               : strncmp(p, "] [pid 4242] [group shop] GW07010: ", 35))
        abort();
    if (is_rec) {
        p = memchr(p + 16, ']', (size_t)(line + n - p - 16));
        if (!p || strncmp(p, "] [group shop] ", 15))
            abort();
    }
}

static void on_piece(void *ctx, const char *text, size_t len, int flags)
{
    state *st = ctx;
    gw_logrec rec;
    int is_rec = flags == 0 && gw_logrec_parse(text, len, &rec) == 0;

    if (len > GW_LOGLINE_PIECE)
        abort();
    check_line(st->line, gw_logline_build(st->line, sizeof(st->line), DATE,
                                          &src, text, len, flags), is_rec);
    if (is_rec) {
        char again[GW_LOGLINE_PIECE + 32];
        int k = snprintf(again, sizeof(again), "\x01%d %ld ", rec.level,
                         rec.tid);
        if (k < 0 || (size_t)k + rec.text_len != len
            || memcmp(again, text, (size_t)k)
            || rec.text != text + k)
            abort();
    }
    if (st->recon_len + len + 1 > st->recon_cap)
        abort();
    memcpy(st->recon + st->recon_len, text, len);
    st->recon_len += len;
    if (!(flags & GW_LOGLINE_CONT_OUT))
        st->recon[st->recon_len++] = '\n';
    /* the marks pair up: "continued" then "continuation" */
    if (!!(flags & GW_LOGLINE_CONT_IN)
        != !!(st->last_flags & GW_LOGLINE_CONT_OUT))
        abort();
    st->last_flags = flags;
}

static void check_stream(uint8_t seed, const uint8_t *data, size_t size)
{
    static state st;
    gw_logbuf b;
    uint32_t r = seed * 2654435761u + 1;
    size_t pos = 0;

    st.recon_cap = size + 1;
    st.recon = malloc(st.recon_cap);
    if (!st.recon)
        return;
    st.recon_len = 0;
    st.last_flags = 0;
    gw_logbuf_init(&b);
    while (pos < size) {
        r = r * 1103515245u + 12345u;
        size_t piece = ((r >> 16) & 0xff) + 1;
        if (piece > size - pos)
            piece = size - pos;
        char *buf = malloc(piece);
        if (!buf)
            break;
        memcpy(buf, data + pos, piece);
        gw_logbuf_feed(&b, buf, piece, on_piece, &st);
        free(buf);
        pos += piece;
        if (((r >> 8) & 7) == 0)
            gw_logbuf_flush(&b, 1, on_piece, &st);
    }
    gw_logbuf_flush(&b, 0, on_piece, &st);
    if (pos == size) {
        int exact = st.recon_len == size && !memcmp(st.recon, data, size);
        int plus_nl = st.recon_len == size + 1 && size > 0
                      && data[size - 1] != '\n'
                      && !memcmp(st.recon, data, size)
                      && st.recon[size] == '\n';
        if (!exact && !plus_nl)
            abort();
    }
    free(st.recon);
}

static void check_ctl(const uint8_t *data, size_t size)
{
    char *msg = malloc(size ? size : 1);
    gw_logctl c;

    if (!msg)
        return;
    memcpy(msg, data, size);
    if (gw_logctl_parse(msg, size, &c) == 0 && c.type == GW_LOGCTL_PIPE) {
        char group[GW_LOGCTL_GROUP_MAX + 1];
        char again[GW_LOGCTL_MSG_MAX];
        if (c.pid < 1 || c.pid > 2147483647L || c.group_len < 1
            || c.group_len > GW_LOGCTL_GROUP_MAX
            || c.group < msg || c.group + c.group_len != msg + size)
            abort();
        memcpy(group, c.group, c.group_len);
        group[c.group_len] = '\0';
        size_t n = gw_logctl_pipe_msg(again, sizeof(again), c.pid, c.kind,
                                      group);
        if (n != size || memcmp(again, msg, size))
            abort();
    }
    else if (gw_logctl_parse(msg, size, &c) == 0
             && (c.type != GW_LOGCTL_LOG || size != 3))
        abort();
    free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        check_ctl(data + 1, size - 1);
    else
        check_stream(data[0], data + 1, size - 1);
    return 0;
}
