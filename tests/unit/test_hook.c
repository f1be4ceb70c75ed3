/*
 * test_hook.c - cmocka unit tests for proto/gw_hook.c: the hooks'
 * control values and the ANSWER payload (the auth hooks' and dispatch's
 * names).
 *
 * Expected bytes are written out by hand from gw_hook.h, never produced
 * by the encoder under test.  Decoder inputs are copied into heap buffers
 * of exactly their length, so valgrind catches a read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gw_hook.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static unsigned char *dup_exact(const void *src, size_t len)
{
    unsigned char *p = malloc(len ? len : 1);

    assert_non_null(p);
    if (len)
        memcpy(p, src, len);
    return p;
}

static gw_kv kv(const char *k, const char *v, size_t vlen)
{
    gw_kv out = { k, v, (uint16_t)strlen(k), (uint16_t)vlen };
    return out;
}

static int decode(int hook, const void *bytes, size_t len, int *answer,
                  gw_answer_item *items, size_t max, size_t *n)
{
    unsigned char *p = dup_exact(bytes, len);
    int rc = gw_answer_decode(hook, p, len, answer, items, max, n);
    /* items point into p: copy what the caller checks before freeing */
    static char copy[4][GW_ANSWER_ITEM_MAX];
    for (size_t i = 0; i < *n && i < 4; i++) {
        if (!items[i].p)
            continue;               /* a dispatch name that is None */
        memcpy(copy[i], items[i].p, items[i].len);
        items[i].p = copy[i];
    }
    free(p);
    return rc;
}

/* ---- the request side ------------------------------------------------ */

static void test_hook_names_and_args(void **state)
{
    int n;
    const char *const *a;

    (void)state;
    assert_string_equal(gw_hook_function(GW_HOOK_CHECK_PASSWORD),
                        "check_password");
    assert_string_equal(gw_hook_function(GW_HOOK_GET_REALM_HASH),
                        "get_realm_hash");
    assert_string_equal(gw_hook_function(GW_HOOK_GROUPS_FOR_USER),
                        "groups_for_user");
    assert_string_equal(gw_hook_function(GW_HOOK_ALLOW_ACCESS),
                        "allow_access");
    assert_null(gw_hook_function(0));
    assert_null(gw_hook_function(GW_HOOK_MAX + 1));
    a = gw_hook_args(GW_HOOK_CHECK_PASSWORD, &n);
    assert_int_equal(n, 2);
    assert_string_equal(a[0], "gateway.user");
    assert_string_equal(a[1], "gateway.password");
    a = gw_hook_args(GW_HOOK_GET_REALM_HASH, &n);
    assert_int_equal(n, 2);
    assert_string_equal(a[1], "gateway.realm");
    a = gw_hook_args(GW_HOOK_GROUPS_FOR_USER, &n);
    assert_int_equal(n, 1);
    assert_string_equal(a[0], "gateway.user");
    a = gw_hook_args(GW_HOOK_ALLOW_ACCESS, &n);
    assert_int_equal(n, 1);
    assert_string_equal(a[0], "gateway.host");
    assert_null(gw_hook_args(7, &n));
    assert_int_equal(n, 0);
}

static void test_hook_decode(void **state)
{
    gw_hook_call c;
    gw_kv v[4];

    (void)state;
    /* No gateway.hook: a WSGI request. */
    v[0] = kv("REQUEST_METHOD", "GET", 3);
    assert_int_equal(gw_hook_decode(v, 1, &c), GW_OK);
    assert_int_equal(c.hook, 0);

    v[1] = kv("gateway.hook", "check_password", 14);
    v[2] = kv("gateway.password", "s3cret", 6);
    v[3] = kv("gateway.user", "", 0);
    assert_int_equal(gw_hook_decode(v, 4, &c), GW_OK);
    assert_int_equal(c.hook, GW_HOOK_CHECK_PASSWORD);
    assert_int_equal(c.nargs, 2);
    assert_int_equal(c.arglen[0], 0);           /* empty is an argument */
    assert_int_equal(c.arglen[1], 6);
    assert_memory_equal(c.arg[1], "s3cret", 6);

    /* An argument missing. */
    assert_int_equal(gw_hook_decode(v, 3, &c), GW_EBADVALUE);
    assert_int_equal(c.hook, 0);
    /* A NUL inside one: it would reach Python cut short. */
    v[2] = kv("gateway.password", "s3\0cret", 7);
    assert_int_equal(gw_hook_decode(v, 4, &c), GW_EBADVALUE);
    assert_int_equal(c.hook, 0);
    /* Unknown, a prefix or a longer name. */
    static const char *const bad[] = { "application", "check_passwor",
                                       "check_password2", "" };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        v[1] = kv("gateway.hook", bad[i], strlen(bad[i]));
        assert_int_equal(gw_hook_decode(v, 4, &c), GW_EBADVALUE);
        assert_int_equal(c.hook, 0);
    }
    v[1] = kv("gateway.hook", "allow_access", 12);
    v[2] = kv("gateway.host", "192.0.2.1", 9);
    assert_int_equal(gw_hook_decode(v, 3, &c), GW_OK);
    assert_int_equal(c.hook, GW_HOOK_ALLOW_ACCESS);
    assert_int_equal(c.nargs, 1);
    assert_memory_equal(c.arg[0], "192.0.2.1", 9);
}

/* ---- the answer ------------------------------------------------------ */

static void test_answer_exact_bytes(void **state)
{
    unsigned char buf[64];
    gw_answer_enc e;
    static const unsigned char list[] = {
        4, 2, 0, 'a', 'b', 1, 0, 'c'
    };
    static const unsigned char text[] = { 3, 3, 0, 'b', 'o', 'b' };

    (void)state;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "ab", 2), GW_OK);
    assert_int_equal(gw_answer_add(&e, "c", 1), GW_OK);
    assert_int_equal(gw_answer_finish(&e), sizeof(list));
    assert_memory_equal(buf, list, sizeof(list));

    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_TEXT);
    assert_int_equal(gw_answer_add(&e, "bob", 3), GW_OK);
    assert_int_equal(gw_answer_finish(&e), sizeof(text));
    assert_memory_equal(buf, text, sizeof(text));

    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_FALSE);
    assert_int_equal(gw_answer_finish(&e), 1);
    assert_int_equal(buf[0], 2);
}

static void test_answer_encoder_refuses(void **state)
{
    unsigned char buf[8];
    char big[GW_ANSWER_ITEM_MAX + 1];
    gw_answer_enc e;

    (void)state;
    memset(big, 'x', sizeof(big));
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "", 0), GW_EBADVALUE);
    assert_int_equal(gw_answer_finish(&e), 0);
    /* sticky */
    assert_int_equal(gw_answer_add(&e, "a", 1), GW_EBADVALUE);

    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "a\nb", 3), GW_EBADVALUE);
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "a\tb", 3), GW_EBADVALUE);
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "\x7f", 1), GW_EBADVALUE);
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, big, sizeof(big)), GW_EBADVALUE);

    /* 1 + (2 + 5) = 8 fits exactly; one more byte does not. */
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "12345", 5), GW_OK);
    assert_int_equal(gw_answer_finish(&e), 8);
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    assert_int_equal(gw_answer_add(&e, "123456", 6), GW_ETOOBIG);
    assert_int_equal(gw_answer_finish(&e), 0);

    gw_answer_begin(&e, buf, 0, GW_ANSWER_NONE);
    assert_int_equal(gw_answer_finish(&e), 0);
}

static void test_answer_decode_ok(void **state)
{
    gw_answer_item it[4];
    size_t n = 99;
    int answer = 99;
    static const unsigned char none[] = { 0 }, yes[] = { 1 }, no[] = { 2 };
    static const unsigned char user[] = { 3, 5, 0, 'a', 'l', 'i', 'c', 'e' };
    static const unsigned char groups[] = { 4, 1, 0, 'x', 2, 0, 0xe9, 'y' };
    static const unsigned char empty[] = { 4 };

    (void)state;
    assert_int_equal(decode(GW_HOOK_CHECK_PASSWORD, none, 1, &answer, it, 4,
                            &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_NONE);
    assert_int_equal(n, 0);
    assert_int_equal(decode(GW_HOOK_CHECK_PASSWORD, yes, 1, &answer, it, 4,
                            &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_TRUE);
    assert_int_equal(decode(GW_HOOK_ALLOW_ACCESS, no, 1, &answer, it, 4,
                            &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_FALSE);
    assert_int_equal(decode(GW_HOOK_CHECK_PASSWORD, user, sizeof(user),
                            &answer, it, 4, &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_TEXT);
    assert_int_equal(n, 1);
    assert_int_equal(it[0].len, 5);
    assert_memory_equal(it[0].p, "alice", 5);
    assert_int_equal(decode(GW_HOOK_GET_REALM_HASH, user, sizeof(user),
                            &answer, it, 4, &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_TEXT);
    /* obs-text (latin-1) is fine, a list may be empty */
    assert_int_equal(decode(GW_HOOK_GROUPS_FOR_USER, groups, sizeof(groups),
                            &answer, it, 4, &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_LIST);
    assert_int_equal(n, 2);
    assert_memory_equal(it[0].p, "x", 1);
    assert_memory_equal(it[1].p, "\xe9y", 2);
    assert_int_equal(decode(GW_HOOK_GROUPS_FOR_USER, empty, 1, &answer, it,
                            4, &n), GW_OK);
    assert_int_equal(n, 0);
}

static void assert_refused(int hook, const unsigned char *b, size_t len,
                           size_t max, int want)
{
    gw_answer_item it[4];
    size_t n = 99;
    int answer = 99;

    assert_int_equal(decode(hook, b, len, &answer, it, max, &n), want);
    assert_int_equal(answer, -1);
    assert_int_equal(n, 0);
}

static void test_answer_decode_refuses(void **state)
{
    static const unsigned char yes[] = { 1 };
    static const unsigned char text[] = { 3, 1, 0, 'a' };
    static const unsigned char list[] = { 4, 1, 0, 'a', 1, 0, 'b' };
    static const unsigned char true_with_item[] = { 1, 1, 0, 'a' };
    static const unsigned char text_two[] = { 3, 1, 0, 'a', 1, 0, 'b' };
    static const unsigned char text_none[] = { 3 };
    static const unsigned char cut_len[] = { 4, 1 };
    static const unsigned char cut_item[] = { 4, 3, 0, 'a', 'b' };
    static const unsigned char empty_item[] = { 4, 0, 0 };
    static const unsigned char ctl[] = { 4, 2, 0, 'a', '\r' };
    static const unsigned char nul[] = { 3, 2, 0, 'a', 0 };
    static const unsigned char unknown[] = { 9 };
    static const unsigned char big_hdr[] = { 4, 0x01, 0x04 };  /* 1025 */

    (void)state;
    assert_refused(GW_HOOK_CHECK_PASSWORD, yes, 0, 4, GW_ETRUNC);
    /* answers a hook cannot give */
    assert_refused(GW_HOOK_GROUPS_FOR_USER, yes, sizeof(yes), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_GET_REALM_HASH, yes, sizeof(yes), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_ALLOW_ACCESS, text, sizeof(text), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_CHECK_PASSWORD, list, sizeof(list), 4,
                   GW_EBADTYPE);
    assert_refused(0, yes, sizeof(yes), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_MAX + 1, yes, sizeof(yes), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_CHECK_PASSWORD, unknown, 1, 4, GW_EBADTYPE);
    /* the wrong number of items: a stray byte after True is no True */
    assert_refused(GW_HOOK_CHECK_PASSWORD, true_with_item,
                   sizeof(true_with_item), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_CHECK_PASSWORD, text_two, sizeof(text_two), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_CHECK_PASSWORD, text_none, 1, 4, GW_EBADTYPE);
    /* items out of bounds or not names */
    assert_refused(GW_HOOK_GROUPS_FOR_USER, cut_len, sizeof(cut_len), 4,
                   GW_ETRUNC);
    assert_refused(GW_HOOK_GROUPS_FOR_USER, cut_item, sizeof(cut_item), 4,
                   GW_ETRUNC);
    assert_refused(GW_HOOK_GROUPS_FOR_USER, empty_item, sizeof(empty_item),
                   4, GW_EBADVALUE);
    assert_refused(GW_HOOK_GROUPS_FOR_USER, ctl, sizeof(ctl), 4,
                   GW_EBADVALUE);
    assert_refused(GW_HOOK_CHECK_PASSWORD, nul, sizeof(nul), 4,
                   GW_EBADVALUE);
    assert_refused(GW_HOOK_GROUPS_FOR_USER, list, sizeof(list), 1,
                   GW_ETOOMANY);

    unsigned char *big = calloc(1, 3 + 1025);
    assert_non_null(big);
    memcpy(big, big_hdr, 3);
    memset(big + 3, 'g', 1025);
    assert_refused(GW_HOOK_GROUPS_FOR_USER, big, 3 + 1025, 4, GW_EBADVALUE);
    free(big);

    unsigned char *huge = calloc(1, GW_ANSWER_MAX + 1);
    assert_non_null(huge);
    huge[0] = GW_ANSWER_LIST;
    assert_refused(GW_HOOK_GROUPS_FOR_USER, huge, GW_ANSWER_MAX + 1, 4,
                   GW_ETOOBIG);
    free(huge);
}

/* What the encoder writes, the decoder reads back unchanged. */
static void test_answer_roundtrip(void **state)
{
    unsigned char buf[256];
    gw_answer_enc e;
    gw_answer_item it[4];
    size_t n;
    int answer;

    (void)state;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_LIST);
    gw_answer_add(&e, "staff", 5);
    gw_answer_add(&e, "secret-agents", 13);
    size_t len = gw_answer_finish(&e);
    assert_int_equal(decode(GW_HOOK_GROUPS_FOR_USER, buf, len, &answer, it,
                            4, &n), GW_OK);
    assert_int_equal(n, 2);
    assert_memory_equal(it[1].p, "secret-agents", 13);
}

/* ---- dispatch: three optional names ---------------------------------- */

static void test_dispatch_hook(void **state)
{
    gw_hook_call c;
    gw_kv v[2];
    int n = 99;

    (void)state;
    assert_string_equal(gw_hook_function(GW_HOOK_DISPATCH), "dispatch");
    assert_non_null(gw_hook_args(GW_HOOK_DISPATCH, &n));
    assert_int_equal(n, 0);
    assert_string_equal(gw_dispatch_function(GW_NAME_PROCESS_GROUP),
                        "process_group");
    assert_string_equal(gw_dispatch_function(GW_NAME_APPLICATION_GROUP),
                        "application_group");
    assert_string_equal(gw_dispatch_function(GW_NAME_CALLABLE_OBJECT),
                        "callable_object");
    assert_null(gw_dispatch_function(-1));
    assert_null(gw_dispatch_function(GW_DISPATCH_NAMES));

    v[0] = kv("REQUEST_URI", "/a", 2);
    v[1] = kv("gateway.hook", "dispatch", 8);
    assert_int_equal(gw_hook_decode(v, 2, &c), GW_OK);
    assert_int_equal(c.hook, GW_HOOK_DISPATCH);
    assert_int_equal(c.nargs, 0);
    /* the Python names are no hook of their own */
    v[1] = kv("gateway.hook", "process_group", 13);
    assert_int_equal(gw_hook_decode(v, 2, &c), GW_EBADVALUE);
    assert_int_equal(c.hook, 0);
}

static void test_names_exact_bytes(void **state)
{
    unsigned char buf[64];
    gw_answer_enc e;
    const char *name[GW_DISPATCH_NAMES] = { NULL, "", "app" };
    const size_t len[GW_DISPATCH_NAMES] = { 0, 0, 3 };
    const char *all[GW_DISPATCH_NAMES] = { "ga", "i", "c" };
    const size_t alen[GW_DISPATCH_NAMES] = { 2, 1, 1 };
    const char *none[GW_DISPATCH_NAMES] = { NULL, NULL, NULL };
    static const unsigned char want[] = { 5, 6, 0, 0, 3, 0, 'a', 'p', 'p' };
    static const unsigned char want_all[] = {
        5, 7, 2, 0, 'g', 'a', 1, 0, 'i', 1, 0, 'c'
    };
    static const unsigned char want_none[] = { 5, 0 };

    (void)state;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_OK);
    assert_int_equal(gw_answer_finish(&e), sizeof(want));
    assert_memory_equal(buf, want, sizeof(want));
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, all, alen), GW_OK);
    assert_int_equal(gw_answer_finish(&e), sizeof(want_all));
    assert_memory_equal(buf, want_all, sizeof(want_all));
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, none, len), GW_OK);
    assert_int_equal(gw_answer_finish(&e), sizeof(want_none));
    assert_memory_equal(buf, want_none, sizeof(want_none));
}

static void test_names_encoder_refuses(void **state)
{
    unsigned char buf[8];
    static char big[GW_ANSWER_ITEM_MAX + 1];
    gw_answer_enc e;
    const char *name[GW_DISPATCH_NAMES] = { "a\r\nb", NULL, NULL };
    size_t len[GW_DISPATCH_NAMES] = { 4, 0, 0 };

    (void)state;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_EBADVALUE);
    assert_int_equal(gw_answer_finish(&e), 0);
    name[0] = "a\0b";
    len[0] = 3;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_EBADVALUE);
    /* longer than an item may be, then longer than the buffer */
    memset(big, 'x', sizeof(big));
    name[0] = big;
    len[0] = sizeof(big);
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_EBADVALUE);
    /* 1 + 1 + (2 + 4) = 8 fits exactly; one more byte does not */
    name[0] = "1234";
    len[0] = 4;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_OK);
    assert_int_equal(gw_answer_finish(&e), 8);
    name[0] = "12345";
    len[0] = 5;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_ETOOBIG);
    assert_int_equal(gw_answer_finish(&e), 0);
    gw_answer_begin(&e, buf, 1, GW_ANSWER_NAMES);
    name[0] = NULL;
    assert_int_equal(gw_answer_names(&e, name, len), GW_ETOOBIG);

    /* the daemon's own check, before it encodes */
    assert_true(gw_answer_name_ok("", 0));
    assert_true(gw_answer_name_ok("gr\xfcppe", 6));
    assert_true(gw_answer_name_ok(big, GW_ANSWER_ITEM_MAX));
    assert_false(gw_answer_name_ok(big, GW_ANSWER_ITEM_MAX + 1));
    assert_false(gw_answer_name_ok("a\rb", 3));
    assert_false(gw_answer_name_ok("a\x7f", 2));
}

static void test_names_decode_ok(void **state)
{
    gw_answer_item it[4];
    size_t n = 99;
    int answer = 99;
    static const unsigned char none[] = { 5, 0 };
    static const unsigned char two[] = { 5, 5, 2, 0, 'g', 'b', 5, 0,
                                         'o', 't', 'h', 'e', 'r' };
    static const unsigned char empty[] = { 5, 2, 0, 0 };

    (void)state;
    assert_int_equal(decode(GW_HOOK_DISPATCH, none, sizeof(none), &answer,
                            it, 4, &n), GW_OK);
    assert_int_equal(answer, GW_ANSWER_NAMES);
    assert_int_equal(n, GW_DISPATCH_NAMES);
    for (int i = 0; i < GW_DISPATCH_NAMES; i++)
        assert_null(it[i].p);
    assert_int_equal(decode(GW_HOOK_DISPATCH, two, sizeof(two), &answer, it,
                            4, &n), GW_OK);
    assert_int_equal(n, GW_DISPATCH_NAMES);
    assert_int_equal(it[GW_NAME_PROCESS_GROUP].len, 2);
    assert_memory_equal(it[GW_NAME_PROCESS_GROUP].p, "gb", 2);
    assert_null(it[GW_NAME_APPLICATION_GROUP].p);
    assert_int_equal(it[GW_NAME_CALLABLE_OBJECT].len, 5);
    assert_memory_equal(it[GW_NAME_CALLABLE_OBJECT].p, "other", 5);
    /* "" is a name (mod_wsgi: %{GLOBAL}'s), not None */
    assert_int_equal(decode(GW_HOOK_DISPATCH, empty, sizeof(empty), &answer,
                            it, 4, &n), GW_OK);
    assert_null(it[GW_NAME_PROCESS_GROUP].p);
    assert_non_null(it[GW_NAME_APPLICATION_GROUP].p);
    assert_int_equal(it[GW_NAME_APPLICATION_GROUP].len, 0);
    assert_null(it[GW_NAME_CALLABLE_OBJECT].p);
}

static void test_names_decode_refuses(void **state)
{
    static const unsigned char names[] = { 5, 1, 1, 0, 'a' };
    static const unsigned char yes[] = { 1 };
    static const unsigned char no_byte[] = { 5 };
    static const unsigned char bit3[] = { 5, 8 };
    static const unsigned char high[] = { 5, 0x81, 1, 0, 'a' };
    static const unsigned char missing[] = { 5, 3, 1, 0, 'a' };
    static const unsigned char extra[] = { 5, 1, 1, 0, 'a', 1, 0, 'b' };
    static const unsigned char stray[] = { 5, 0, 'x' };
    static const unsigned char four[] = { 5, 7, 1, 0, 'a', 1, 0, 'b',
                                          1, 0, 'c', 1, 0, 'd' };
    static const unsigned char cut[] = { 5, 1, 4, 0, 'a', 'b' };
    static const unsigned char ctl[] = { 5, 1, 3, 0, 'a', '\n', 'b' };
    static const unsigned char nul[] = { 5, 4, 2, 0, 'a', 0 };
    static const unsigned char tab[] = { 5, 2, 2, 0, '\t', 'a' };

    (void)state;
    /* names are dispatch's answer, and dispatch gives nothing else */
    assert_refused(GW_HOOK_CHECK_PASSWORD, names, sizeof(names), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_GROUPS_FOR_USER, names, sizeof(names), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, yes, sizeof(yes), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, no_byte, sizeof(no_byte), 4,
                   GW_ETRUNC);
    assert_refused(GW_HOOK_DISPATCH, names, 0, 4, GW_ETRUNC);
    /* a bit for no name, a bit without its name, a name without its bit */
    assert_refused(GW_HOOK_DISPATCH, bit3, sizeof(bit3), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, high, sizeof(high), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, missing, sizeof(missing), 4,
                   GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, extra, sizeof(extra), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, four, sizeof(four), 4, GW_EBADTYPE);
    assert_refused(GW_HOOK_DISPATCH, stray, sizeof(stray), 4, GW_ETRUNC);
    assert_refused(GW_HOOK_DISPATCH, cut, sizeof(cut), 4, GW_ETRUNC);
    /* not names: CR LF, NUL, HTAB */
    assert_refused(GW_HOOK_DISPATCH, ctl, sizeof(ctl), 4, GW_EBADVALUE);
    assert_refused(GW_HOOK_DISPATCH, nul, sizeof(nul), 4, GW_EBADVALUE);
    assert_refused(GW_HOOK_DISPATCH, tab, sizeof(tab), 4, GW_EBADVALUE);
    /* room for fewer slots than there are names */
    assert_refused(GW_HOOK_DISPATCH, names, sizeof(names), 2, GW_ETOOMANY);

    unsigned char *big = calloc(1, 4 + 1025);
    assert_non_null(big);
    memcpy(big, "\x05\x01\x01\x04", 4);      /* one name of 1025 */
    memset(big + 4, 'g', 1025);
    assert_refused(GW_HOOK_DISPATCH, big, 4 + 1025, 4, GW_EBADVALUE);
    free(big);
}

static void test_names_roundtrip(void **state)
{
    unsigned char buf[256];
    gw_answer_enc e;
    gw_answer_item it[4];
    const char *name[GW_DISPATCH_NAMES] = { "gb", "%{GLOBAL}", NULL };
    const size_t len[GW_DISPATCH_NAMES] = { 2, 9, 0 };
    size_t n;
    int answer;

    (void)state;
    gw_answer_begin(&e, buf, sizeof(buf), GW_ANSWER_NAMES);
    assert_int_equal(gw_answer_names(&e, name, len), GW_OK);
    size_t blen = gw_answer_finish(&e);
    assert_int_equal(decode(GW_HOOK_DISPATCH, buf, blen, &answer, it, 4, &n),
                     GW_OK);
    assert_int_equal(n, GW_DISPATCH_NAMES);
    assert_memory_equal(it[0].p, "gb", 2);
    assert_int_equal(it[1].len, 9);
    assert_memory_equal(it[1].p, "%{GLOBAL}", 9);
    assert_null(it[2].p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hook_names_and_args),
        cmocka_unit_test(test_hook_decode),
        cmocka_unit_test(test_answer_exact_bytes),
        cmocka_unit_test(test_answer_encoder_refuses),
        cmocka_unit_test(test_answer_decode_ok),
        cmocka_unit_test(test_answer_decode_refuses),
        cmocka_unit_test(test_answer_roundtrip),
        cmocka_unit_test(test_dispatch_hook),
        cmocka_unit_test(test_names_exact_bytes),
        cmocka_unit_test(test_names_encoder_refuses),
        cmocka_unit_test(test_names_decode_ok),
        cmocka_unit_test(test_names_decode_refuses),
        cmocka_unit_test(test_names_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
