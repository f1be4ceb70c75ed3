/*
 * test_logline.c - cmocka unit tests for proto/gw_logline.c, what
 * gateway-logger makes of the bytes a daemon process writes to its fd 1
 * and 2, and of the Apache parent's control messages.
 *
 * Expected lines are written out by hand from the formats in
 * gw_logline.h.  Inputs that probe bounds are copied into heap buffers of
 * exactly their length, so that valgrind catches a read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_logline.h"

#define DATE "Mon Nov 23 18:42:21.123456 2026"

static char *dup_exact(const void *src, size_t len)
{
    char *p = malloc(len ? len : 1);

    assert_non_null(p);
    if (len)
        memcpy(p, src, len);
    return p;
}

/* ---- splitting ------------------------------------------------------------- */

typedef struct {
    int n;
    char text[8][GW_LOGLINE_PIECE + 1];
    size_t len[8];
    int flags[8];
} pieces;

static void collect(void *ctx, const char *text, size_t len, int flags)
{
    pieces *p = ctx;

    assert_true(p->n < 8);
    assert_true(len <= GW_LOGLINE_PIECE);
    memcpy(p->text[p->n], text, len);
    p->text[p->n][len] = '\0';
    p->len[p->n] = len;
    p->flags[p->n] = flags;
    p->n++;
}

static void test_split_lines_across_reads(void **state)
{
    (void)state;
    static pieces p;
    gw_logbuf b;

    memset(&p, 0, sizeof(p));
    gw_logbuf_init(&b);
    gw_logbuf_feed(&b, "one\ntw", 6, collect, &p);
    assert_int_equal(p.n, 1);
    gw_logbuf_feed(&b, "o\n\nthree", 8, collect, &p);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.text[0], "one");
    assert_string_equal(p.text[1], "two");
    assert_string_equal(p.text[2], "");
    assert_int_equal(p.flags[0] | p.flags[1] | p.flags[2], 0);
    /* the partial line comes out at the end of the input only */
    gw_logbuf_flush(&b, 0, collect, &p);
    assert_int_equal(p.n, 4);
    assert_string_equal(p.text[3], "three");
    assert_int_equal(p.flags[3], 0);
    gw_logbuf_flush(&b, 0, collect, &p);
    assert_int_equal(p.n, 4);
}

static void test_split_overlong_line_is_marked(void **state)
{
    (void)state;
    static pieces p;
    static char big[2 * GW_LOGLINE_PIECE + 10];
    gw_logbuf b;

    memset(&p, 0, sizeof(p));
    memset(big, 'a', sizeof(big));
    big[sizeof(big) - 1] = '\n';
    gw_logbuf_init(&b);
    /* one byte at a time: the same pieces as in one read */
    for (size_t i = 0; i < sizeof(big); i++)
        gw_logbuf_feed(&b, big + i, 1, collect, &p);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.len[0], GW_LOGLINE_PIECE);
    assert_int_equal(p.flags[0], GW_LOGLINE_CONT_OUT);
    assert_int_equal(p.len[1], GW_LOGLINE_PIECE);
    assert_int_equal(p.flags[1], GW_LOGLINE_CONT_IN | GW_LOGLINE_CONT_OUT);
    assert_int_equal(p.len[2], 9);
    assert_int_equal(p.flags[2], GW_LOGLINE_CONT_IN);
}

static void test_split_exactly_one_piece_needs_no_continuation(void **state)
{
    (void)state;
    static pieces p;
    static char line[GW_LOGLINE_PIECE + 3];
    gw_logbuf b;

    memset(&p, 0, sizeof(p));
    memset(line, 'b', sizeof(line));
    line[GW_LOGLINE_PIECE] = '\n';
    line[GW_LOGLINE_PIECE + 1] = 'c';
    line[GW_LOGLINE_PIECE + 2] = '\n';
    gw_logbuf_init(&b);
    gw_logbuf_feed(&b, line, GW_LOGLINE_PIECE, collect, &p);
    assert_int_equal(p.n, 0);
    gw_logbuf_feed(&b, line + GW_LOGLINE_PIECE, 3, collect, &p);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.len[0], GW_LOGLINE_PIECE);
    assert_int_equal(p.flags[0], 0);
    assert_string_equal(p.text[1], "c");
    assert_int_equal(p.flags[1], 0);
}

static void test_quiet_flush_marks_the_continuation(void **state)
{
    (void)state;
    static pieces p;
    gw_logbuf b;

    memset(&p, 0, sizeof(p));
    gw_logbuf_init(&b);
    gw_logbuf_feed(&b, "progress 10%", 12, collect, &p);
    gw_logbuf_flush(&b, 1, collect, &p);
    gw_logbuf_flush(&b, 1, collect, &p);       /* nothing new: nothing */
    gw_logbuf_feed(&b, " 20%\n", 5, collect, &p);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.text[0], "progress 10%");
    assert_int_equal(p.flags[0], GW_LOGLINE_CONT_OUT);
    assert_string_equal(p.text[1], " 20%");
    assert_int_equal(p.flags[1], GW_LOGLINE_CONT_IN);
}

/* ---- records --------------------------------------------------------------- */

static void test_record_parse(void **state)
{
    (void)state;
    static const char ok[] = "\x01" "3 4242 GW03001: hello";
    char *in = dup_exact(ok, sizeof(ok) - 1);
    gw_logrec r;

    assert_int_equal(gw_logrec_parse(in, sizeof(ok) - 1, &r), 0);
    assert_int_equal(r.level, 3);
    assert_int_equal(r.tid, 4242);
    assert_int_equal(r.text_len, strlen("GW03001: hello"));
    assert_memory_equal(r.text, "GW03001: hello", r.text_len);
    free(in);

    /* empty text is a record too */
    in = dup_exact("\x01" "0 1 ", 5);
    assert_int_equal(gw_logrec_parse(in, 5, &r), 0);
    assert_int_equal(r.text_len, 0);
    free(in);

    in = dup_exact("\x01" "5 2147483647 x", 14);
    assert_int_equal(gw_logrec_parse(in, 14, &r), 0);
    assert_int_equal(r.tid, 2147483647L);
    free(in);
}

static void test_record_parse_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "\x01",
        "\x01" "3",
        "\x01" "3 ",
        "\x01" "3 12",            /* no space after the tid */
        "\x01" "6 12 x",          /* level out of range */
        "\x01" "a 12 x",
        "\x01" "3  12 x",         /* two spaces */
        "\x01" "3 012 x",         /* leading zero */
        "\x01" "3 0 x",
        "\x01" "3 -1 x",
        "\x01" "3 +1 x",
        "\x01" "3 2147483648 x",  /* above 2^31-1 */
        "\x01" "3 12345678901 x", /* 11 digits */
        "\x01" "3 12x x",
        "\x01" "3:12 x",
        "3 12 x",                 /* no mark */
        " \x01" "3 12 x",
        "[core:crit] [pid 1] AH00000: x",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len = strlen(bad[i]);
        char *in = dup_exact(bad[i], len);
        gw_logrec r;
        if (gw_logrec_parse(in, len, &r) == 0)
            fail_msg("accepted bad record %zu: %s", i, bad[i] + 1);
        free(in);
    }
}

/* ---- escaping -------------------------------------------------------------- */

static void test_escape(void **state)
{
    (void)state;
    /* Apache's own mapping (ap_escape_errorlog_item): the usual escapes,
     * \xHH for the rest of the controls and for every byte from 0x80 up
     * (UTF-8 text and its C1 controls alike), the backslash doubled. */
    static const char in[] = "a\r\x1b[2J\tb\x7f\x01\\x00 \xc3\xa9"
                             "\xc2\x9b" "1m";
    static const char want[] = "a\\r\\x1b[2J\\tb\\x7f\\x01\\\\x00 "
                               "\\xc3\\xa9\\xc2\\x9b1m";
    char out[256];
    size_t used = 0;

    size_t n = gw_logline_escape(out, sizeof(out), in, sizeof(in) - 1, 0,
                                 &used);
    assert_int_equal(n, sizeof(want) - 1);
    assert_memory_equal(out, want, n);
    assert_int_equal(used, sizeof(in) - 1);

    /* a NUL is a byte like any other */
    n = gw_logline_escape(out, sizeof(out), "x\0y", 3, 0, NULL);
    assert_int_equal(n, 6);
    assert_memory_equal(out, "x\\x00y", 6);

    /* text escaped already keeps its backslashes, and only those */
    n = gw_logline_escape(out, sizeof(out), "a\\nb\n\xc3", 6, 1, NULL);
    assert_int_equal(n, 10);
    assert_memory_equal(out, "a\\nb\\n\\xc3", 10);
}

/* Every byte: its escape holds no control byte, and only printable
 * ASCII but the backslash stands for itself. */
static void test_escape_every_byte(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        char esc[4];
        size_t n = gw_logline_escape_byte((unsigned char)c, esc, 0);

        for (size_t i = 0; i < n; i++)
            assert_true((unsigned char)esc[i] >= 0x20
                        && (unsigned char)esc[i] < 0x7f);
        if (c >= 0x20 && c < 0x7f && c != '\\')
            assert_int_equal(n, 1);
        else
            assert_true(esc[0] == '\\' && (n == 2 || n == 4));
    }
}

static void test_escape_never_cuts_an_escape(void **state)
{
    (void)state;
    char out[16];
    size_t used = 9;

    /* "ab" fits, the escape of \x01 (4 bytes) does not: stop before it */
    memset(out, '#', sizeof(out));
    assert_int_equal(gw_logline_escape(out, 5, "ab\x01" "cd", 5, 0, &used), 2);
    assert_int_equal(used, 2);
    assert_int_equal(out[2], '#');
    assert_int_equal(gw_logline_escape(out, 6, "ab\x01" "cd", 5, 0, &used), 6);
    assert_int_equal(used, 3);
    assert_memory_equal(out, "ab\\x01", 6);
    /* \n is two bytes, whole or not at all */
    assert_int_equal(gw_logline_escape(out, 1, "\n", 1, 0, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(gw_logline_escape(out, 2, "\n", 1, 0, &used), 2);
    assert_int_equal(used, 1);
}

/* ---- building lines ------------------------------------------------------- */

static const gw_logline_src daemon = { 4242, GW_LOGCTL_KIND_DAEMON,
                                       "shop", 4 };
static const gw_logline_src attach = { 77, GW_LOGCTL_KIND_ATTACH,
                                       "shop", 4 };

static void expect_line(const gw_logline_src *src, const char *text,
                        size_t len, int flags, const char *want)
{
    static char out[GW_LOGLINE_OUT_MAX];
    char *in = dup_exact(text, len);
    size_t n = gw_logline_build(out, sizeof(out), DATE, src, in, len, flags);

    free(in);
    if (n != strlen(want) || memcmp(out, want, n))
        fail_msg("got  %.*s\nwant %s", (int)n, out, want);
}

static void test_build_record(void **state)
{
    (void)state;
    static const char rec[] = "\x01" "1 4243 GW04010: boom \x1b[2J";
    expect_line(&daemon, rec, sizeof(rec) - 1, 0,
                "[" DATE "] [gateway:error] [pid 4242:tid 4243] "
                "[group shop] GW04010: boom \\x1b[2J\n");
}

static void test_build_raw_output(void **state)
{
    (void)state;
    static const char forged[] = "[Mon Nov 23 18:42:21.123456 2026] "
                                 "[core:crit] [pid 1] AH00000: x\r";
    expect_line(&daemon, forged, sizeof(forged) - 1, 0,
                "[" DATE "] [gateway:notice] [pid 4242] [group shop] "
                "GW07010: output of daemon process: [Mon Nov 23 "
                "18:42:21.123456 2026] [core:crit] [pid 1] AH00000: "
                "x\\r\n");
    expect_line(&attach, "hi", 2, 0,
                "[" DATE "] [gateway:notice] [pid 77] [group shop] "
                "GW07010: output of attached process: hi\n");
    /* a record that is a piece of a longer line is raw */
    expect_line(&daemon, "\x01" "1 5 x", 6, GW_LOGLINE_CONT_OUT,
                "[" DATE "] [gateway:notice] [pid 4242] [group shop] "
                "GW07010: output of daemon process: \\x011 5 x[...]\n");
    expect_line(&daemon, "\x01" "1 5 x", 6, GW_LOGLINE_CONT_IN,
                "[" DATE "] [gateway:notice] [pid 4242] [group shop] "
                "GW07010: output of daemon process: [...]\\x011 5 x\n");
}

static void test_build_escapes_the_group(void **state)
{
    (void)state;
    static const gw_logline_src odd = { 9, GW_LOGCTL_KIND_DAEMON,
                                        "a]\nb", 4 };
    expect_line(&odd, "\x01" "2 9 w", 6, 0,
                "[" DATE "] [gateway:warn] [pid 9:tid 9] [group a]\\nb] "
                "w\n");
}

static void test_build_worst_case_fits_and_small_cap_cuts(void **state)
{
    (void)state;
    static char text[GW_LOGLINE_PIECE];
    static char group[GW_LOGCTL_GROUP_MAX];
    static char out[GW_LOGLINE_OUT_MAX];
    gw_logline_src src = { 2147483647L, GW_LOGCTL_KIND_ATTACH, group,
                           sizeof(group) };

    memset(text, '\x1b', sizeof(text));
    memset(group, '\n', sizeof(group));
    size_t n = gw_logline_build(out, sizeof(out), DATE, &src, text,
                                sizeof(text), GW_LOGLINE_CONT_IN
                                | GW_LOGLINE_CONT_OUT);
    assert_true(n <= sizeof(out));
    assert_int_equal(out[n - 1], '\n');
    /* whole: ends with the last escape and the marker */
    assert_memory_equal(out + n - 10, "\\x1b[...]\n", 10);
    assert_null(memchr(out, '\n', n - 1));

    /* a small buffer: cut, still one line ending in a newline */
    n = gw_logline_build(out, 40, DATE, &src, text, sizeof(text), 0);
    assert_int_equal(n, 40);
    assert_int_equal(out[39], '\n');
    assert_null(memchr(out, '\n', 39));
}

/* ---- control messages ------------------------------------------------------ */

static void test_ctl_parse(void **state)
{
    (void)state;
    gw_logctl c;
    char *in = dup_exact("log", 3);

    assert_int_equal(gw_logctl_parse(in, 3, &c), 0);
    assert_int_equal(c.type, GW_LOGCTL_LOG);
    free(in);

    in = dup_exact("pipe 1234 d my group", 20);
    assert_int_equal(gw_logctl_parse(in, 20, &c), 0);
    assert_int_equal(c.type, GW_LOGCTL_PIPE);
    assert_int_equal(c.pid, 1234);
    assert_int_equal(c.kind, 'd');
    assert_int_equal(c.group_len, 8);
    assert_memory_equal(c.group, "my group", 8);
    free(in);
}

static void test_ctl_parse_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "lo", "logs", "log ", "LOG", "pipe", "pipe ", "pipe 12",
        "pipe 12 d", "pipe 12 d ", "pipe 12 x g", "pipe 12 dd g",
        "pipe 012 d g", "pipe 0 d g", "pipe -1 d g", "pipe 2147483648 d g",
        "pipe  12 d g", "pipe 12  d g", "pipe 12 d\tg", "Pipe 12 d g",
    };
    gw_logctl c;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len = strlen(bad[i]);
        char *in = dup_exact(bad[i], len);
        if (gw_logctl_parse(in, len, &c) == 0)
            fail_msg("accepted bad control message '%s'", bad[i]);
        free(in);
    }
    /* a NUL in the group name, and a name one byte too long */
    char *in = dup_exact("pipe 12 a g\0h", 13);
    assert_int_equal(gw_logctl_parse(in, 13, &c), -1);
    free(in);
    static char longmsg[9 + GW_LOGCTL_GROUP_MAX + 1];
    memcpy(longmsg, "pipe 1 a ", 9);
    memset(longmsg + 9, 'g', GW_LOGCTL_GROUP_MAX + 1);
    in = dup_exact(longmsg, sizeof(longmsg));
    assert_int_equal(gw_logctl_parse(in, sizeof(longmsg), &c), -1);
    assert_int_equal(gw_logctl_parse(in, sizeof(longmsg) - 1, &c), 0);
    free(in);
}

static void test_ctl_pipe_msg_round_trip(void **state)
{
    (void)state;
    char out[GW_LOGCTL_MSG_MAX];
    gw_logctl c;
    size_t n = gw_logctl_pipe_msg(out, sizeof(out), 31337,
                                  GW_LOGCTL_KIND_ATTACH, "blog");

    assert_int_equal(n, strlen("pipe 31337 a blog"));
    assert_memory_equal(out, "pipe 31337 a blog", n);
    assert_int_equal(gw_logctl_parse(out, n, &c), 0);
    assert_int_equal(c.pid, 31337);
    assert_int_equal(c.kind, GW_LOGCTL_KIND_ATTACH);

    assert_int_equal(gw_logctl_pipe_msg(out, sizeof(out), 0, 'd', "g"), 0);
    assert_int_equal(gw_logctl_pipe_msg(out, sizeof(out), 5, 'x', "g"), 0);
    assert_int_equal(gw_logctl_pipe_msg(out, sizeof(out), 5, 'd', ""), 0);
    assert_int_equal(gw_logctl_pipe_msg(out, 10, 5, 'd', "g"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_lines_across_reads),
        cmocka_unit_test(test_split_overlong_line_is_marked),
        cmocka_unit_test(test_split_exactly_one_piece_needs_no_continuation),
        cmocka_unit_test(test_quiet_flush_marks_the_continuation),
        cmocka_unit_test(test_record_parse),
        cmocka_unit_test(test_record_parse_refuses),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_escape_every_byte),
        cmocka_unit_test(test_escape_never_cuts_an_escape),
        cmocka_unit_test(test_build_record),
        cmocka_unit_test(test_build_raw_output),
        cmocka_unit_test(test_build_escapes_the_group),
        cmocka_unit_test(test_build_worst_case_fits_and_small_cap_cuts),
        cmocka_unit_test(test_ctl_parse),
        cmocka_unit_test(test_ctl_parse_refuses),
        cmocka_unit_test(test_ctl_pipe_msg_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
