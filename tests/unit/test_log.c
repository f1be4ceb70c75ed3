/*
 * test_log.c - cmocka unit tests for the daemon's log lines
 * (proto/gw_log.c): the escaping of what the request or the application
 * put into a message, and that a line stays one line.
 *
 * Expected escapes are those of Apache's ap_escape_errorlog_item()
 * (server/util.c), written out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_log.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void expect_escape(const char *in, size_t len, const char *want)
{
    char out[256];
    size_t n = gw_log_escape(out, sizeof(out), in, len);

    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void test_escape_bytes(void **state)
{
    (void)state;
    /* Printable ASCII, the double quote and '%' are kept as they are. */
    expect_escape("/a?b=\"c\"&d=%41 ~", 16, "/a?b=\"c\"&d=%41 ~");
    expect_escape("\b\n\r\t\v", 5, "\\b\\n\\r\\t\\v");
    expect_escape("a\\b", 3, "a\\\\b");
    expect_escape("\x1b[2J", 4, "\\x1b[2J");
    expect_escape("\x7f\x80\xc3\xa9\xff", 5, "\\x7f\\x80\\xc3\\xa9\\xff");
    /* The length bounds the input, not a NUL: NUL is escaped too. */
    expect_escape("a\0b", 3, "a\\x00b");
    expect_escape("\x01\x1f", 2, "\\x01\\x1f");
    expect_escape("", 0, "");
}

/* Every byte value: printable ASCII but the backslash as itself, every
 * other byte as an escape, so the output never holds a control byte. */
static void test_escape_every_byte(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        char in = (char)c;
        char out[8];
        size_t n = gw_log_escape(out, sizeof(out), &in, 1);

        for (size_t i = 0; i < n; i++) {
            unsigned char o = (unsigned char)out[i];
            assert_true(o >= 0x20 && o < 0x7f);
        }
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            assert_int_equal(n, 1);
        }
        else {
            assert_true(n == 2 || n == 4);
            assert_int_equal(out[0], '\\');
        }
    }
}

/* Output that does not fit is cut before an escape, never inside one,
 * and says so with "..."; it always ends with a NUL within cap. */
static void test_escape_cut(void **state)
{
    char out[16];
    size_t n;

    (void)state;
    memset(out, 'Z', sizeof(out));
    n = gw_log_escape(out, 8, "abcdefgh", 8);   /* 8 bytes + NUL: cut */
    assert_string_equal(out, "abcd...");
    assert_int_equal(n, 7);
    assert_int_equal(out[9], 'Z');
    n = gw_log_escape(out, 9, "abcdefgh", 8);   /* fits exactly */
    assert_string_equal(out, "abcdefgh");
    assert_int_equal(n, 8);
    /* "ab" then "\x01" (4 bytes) would leave no room for "...". */
    n = gw_log_escape(out, 8, "ab\x01" "cd", 5);
    assert_string_equal(out, "ab...");
    assert_int_equal(n, 5);
    n = gw_log_escape(out, 9, "a\n\n\n\n", 5);
    assert_string_equal(out, "a\\n\\n...");
    n = gw_log_escape(out, 1, "abc", 3);
    assert_string_equal(out, "");
    assert_int_equal(n, 0);
    assert_int_equal(gw_log_escape(out, 0, "abc", 3), 0);
}

/* What gw_log() writes to stderr, read back through a pipe. */
static char *captured(void (*emit)(void))
{
    static char buf[2 * GW_LOG_LINE_MAX];
    int p[2], saved = dup(STDERR_FILENO);
    ssize_t n;

    assert_int_equal(pipe(p), 0);
    assert_true(dup2(p[1], STDERR_FILENO) >= 0);
    emit();
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    close(p[1]);
    n = read(p[0], buf, sizeof(buf) - 1);
    close(p[0]);
    assert_true(n > 0);
    buf[n] = '\0';
    return buf;
}

static void emit_forged_uri(void)
{
    static const char uri[] = "/x\n[Wed Dec 02 00:00:00.000000 2026] "
                              "[core:crit] [pid 1] AH00000: forged";

    gw_log(GW_LOG_ERR, "XX00001: refused request %.*s: wrong secret",
           (int)sizeof(uri) - 1, uri);
}

static void emit_text(void)
{
    gw_log_text(GW_LOG_ERR, "XX00002", "one\r\x1b[2J\ntwo\\", 13);
}

static void emit_long(void)
{
    static char text[GW_LOG_LINE_MAX];

    memset(text, '\n', sizeof(text));
    gw_log(GW_LOG_ERR, "XX00003: %.*s", (int)sizeof(text), text);
}

/* The message is escaped whatever the format put into it: one line. */
static void test_log_line_is_one_line(void **state)
{
    char *out;

    (void)state;
    gw_log_init("grp", GW_LOG_DEBUG);
    out = captured(emit_forged_uri);
    assert_non_null(strstr(out, "] [gateway:error] [pid "));
    assert_non_null(strstr(out, "[group grp] XX00001: refused request "
                                "/x\\n[Wed Dec 02 00:00:00.000000 2026] "
                                "[core:crit] [pid 1] AH00000: forged: "
                                "wrong secret\n"));
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);

    /* gw_log_text: one line per text line, each escaped. */
    out = captured(emit_text);
    char *second = strchr(out, '\n') + 1;
    assert_non_null(strstr(out, "XX00002: one\\r\\x1b[2J\n"));
    assert_non_null(strstr(second, "XX00002: two\\\\\n"));
    assert_ptr_equal(strchr(second, '\n'), out + strlen(out) - 1);

    /* Far too long once escaped: cut, marked, still one line. */
    out = captured(emit_long);
    assert_true(strlen(out) <= GW_LOG_LINE_MAX);
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
    assert_non_null(strstr(out, "\\n\\n...\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_bytes),
        cmocka_unit_test(test_escape_every_byte),
        cmocka_unit_test(test_escape_cut),
        cmocka_unit_test(test_log_line_is_one_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
