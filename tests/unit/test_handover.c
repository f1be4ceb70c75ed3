/*
 * test_handover.c - cmocka unit tests for proto/gw_handover.c, the one
 * table of keys the Apache parent formats and a daemon process parses.
 *
 * The tests walk gw_handover_fields rather than naming its keys, so a key
 * added to the table is tested at its bounds without a line here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gw_handover.h"

#define SECRET "0123456789abcdef0123456789abcdef" \
               "0123456789abcdef0123456789abcdef"

static long long *num_at(gw_handover *h, const gw_ho_field *f)
{
    return (long long *)(void *)((char *)h + f->offset);
}

static const char **text_at(gw_handover *h, const gw_ho_field *f)
{
    return (const char **)(void *)((char *)h + f->offset);
}

/* A hand-over every field of which is set, at its lowest value. */
static void fill(gw_handover *h)
{
    memset(h, 0, sizeof(*h));
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        if (f->type == GW_HO_NUMBER)
            *num_at(h, f) = f->lo;
        else
            *text_at(h, f) = f->key;    /* any text without a newline */
    }
    h->secret = SECRET;
}

/* Formats h, checks it formats, parses the text into out. */
static char *round_trip(const gw_handover *h, gw_handover *out)
{
    const char *bad = NULL;
    char *text = gw_handover_format(h, &bad);

    assert_non_null(text);
    assert_int_equal(gw_handover_parse(text, out, &bad), 0);
    return text;
}

static void test_every_field_round_trips_at_both_bounds(void **state)
{
    (void)state;
    for (int top = 0; top < 2; top++) {
        gw_handover h, got;
        fill(&h);
        for (const gw_ho_field *f = gw_handover_fields; f->key; f++)
            if (f->type == GW_HO_NUMBER && top)
                *num_at(&h, f) = f->hi;
        char *text = round_trip(&h, &got);
        for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
            if (f->type == GW_HO_NUMBER)
                assert_true(*num_at(&got, f) == *num_at(&h, f));
            else
                assert_string_equal(*text_at(&got, f), *text_at(&h, f));
        }
        gw_handover_free(&got);
        free(text);
    }
}

/* One line of a valid text replaced by "key value". */
static int parse_with(const char *key, const char *value, const char **bad)
{
    gw_handover h, got;
    char line[128];
    const char *b = NULL;

    fill(&h);
    char *text = gw_handover_format(&h, &b);
    assert_non_null(text);
    snprintf(line, sizeof(line), "%s %s\n", key, value);
    size_t n = strlen(text) + strlen(line) + 1;
    char *all = malloc(n);
    assert_non_null(all);
    /* The key's own line is dropped, the new one appended. */
    all[0] = '\0';
    for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
        size_t k = strlen(key);
        if (!(strncmp(l, key, k) == 0 && l[k] == ' ')) {
            strcat(all, l);
            strcat(all, "\n");
        }
    }
    strcat(all, line);
    static char badline[256];
    const char *b2 = NULL;
    int rc = gw_handover_parse(all, &got, &b2);
    if (rc == 0)
        gw_handover_free(&got);
    /* *bad would point into all: the caller gets a copy. */
    snprintf(badline, sizeof(badline), "%s", b2 ? b2 : "");
    *bad = badline;
    free(all);
    free(text);
    return rc;
}

static void test_numbers_outside_their_range_are_refused(void **state)
{
    (void)state;
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        if (f->type != GW_HO_NUMBER)
            continue;
        char v[40];
        const char *bad = NULL;
        /* Parsing: one past each bound (strtoll saturates past
         * LLONG_MAX and says ERANGE: also refused). */
        if (f->hi < LLONG_MAX)
            snprintf(v, sizeof(v), "%lld", f->hi + 1);
        else
            snprintf(v, sizeof(v), "%lld0", f->hi);
        assert_int_equal(parse_with(f->key, v, &bad), GW_HO_EBAD);
        assert_non_null(bad);
        assert_memory_equal(bad, f->key, strlen(f->key));
        snprintf(v, sizeof(v), "%lld", f->lo - 1);
        assert_int_equal(parse_with(f->key, v, &bad), GW_HO_EBAD);
        /* Not a whole number. */
        assert_int_equal(parse_with(f->key, "", &bad), GW_HO_EBAD);
        assert_int_equal(parse_with(f->key, "1x", &bad), GW_HO_EBAD);
        assert_int_equal(parse_with(f->key, " 1", &bad), GW_HO_EBAD);
        assert_int_equal(parse_with(f->key, "+1", &bad), GW_HO_EBAD);
        assert_int_equal(parse_with(f->key, "-", &bad), GW_HO_EBAD);
        assert_int_equal(parse_with(f->key, "0x1", &bad), GW_HO_EBAD);
        /* Formatting refuses the same and names the key. */
        gw_handover h;
        fill(&h);
        if (f->hi < LLONG_MAX) {
            *num_at(&h, f) = f->hi + 1;
            bad = NULL;
            assert_null(gw_handover_format(&h, &bad));
            assert_string_equal(bad, f->key);
        }
        *num_at(&h, f) = f->lo - 1;
        bad = NULL;
        assert_null(gw_handover_format(&h, &bad));
        assert_string_equal(bad, f->key);
    }
}

static void test_unknown_repeated_and_malformed_lines_are_refused(void **s)
{
    const char *bad = NULL;
    (void)s;
    assert_int_equal(parse_with("no-such-key", "1", &bad), GW_HO_EBAD);
    assert_string_equal(bad, "no-such-key 1");
    /* The first key again after the whole text. */
    gw_handover h, got;
    fill(&h);
    char *text = gw_handover_format(&h, &bad);
    assert_non_null(text);
    size_t n = strlen(text);
    char *twice = malloc(2 * n + 1);
    assert_non_null(twice);
    memcpy(twice, text, n);
    memcpy(twice + n, text, n + 1);
    assert_int_equal(gw_handover_parse(twice, &got, &bad), GW_HO_EBAD);
    assert_memory_equal(bad, gw_handover_fields[0].key,
                        strlen(gw_handover_fields[0].key));
    free(twice);
    free(text);
    /* A line without a value; a secret that is not GW_SECRET_HEX
     * lowercase hex digits; relative script paths; an import without
     * its tab. */
    char noval[] = "group\n";
    assert_int_equal(gw_handover_parse(noval, &got, &bad), GW_HO_EBAD);
    assert_int_equal(parse_with("secret", "0123", &bad), GW_HO_EBAD);
    assert_int_equal(parse_with("secret", SECRET "0", &bad), GW_HO_EBAD);
    char upper[] = SECRET;
    upper[0] = 'A';
    assert_int_equal(parse_with("secret", upper, &bad), GW_HO_EBAD);
    assert_int_equal(parse_with("script", "app.wsgi", &bad), GW_HO_EBAD);
    assert_int_equal(parse_with("script-dir", "srv", &bad), GW_HO_EBAD);
    assert_int_equal(parse_with("import-script", "/srv/a.wsgi", &bad),
                     GW_HO_EBAD);
    /* A required text with an empty value would parse as unset, which
     * the daemon cannot run with and the parent cannot format. */
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++)
        if (f->type == GW_HO_TEXT && f->required)
            assert_int_equal(parse_with(f->key, "", &bad), GW_HO_EBAD);
}

static void test_text_with_a_newline_is_not_formatted(void **state)
{
    (void)state;
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        if (f->type != GW_HO_TEXT)
            continue;
        gw_handover h;
        const char *bad = NULL;
        fill(&h);
        *text_at(&h, f) = "a\nprocesses 1000";
        assert_null(gw_handover_format(&h, &bad));
        assert_string_equal(bad, f->key);
    }
    gw_handover h;
    const char *bad = NULL;
    const char *scripts[] = { "/srv/a.wsgi\nsecret x" };
    fill(&h);
    h.scripts = scripts;
    h.nscripts = 1;
    assert_null(gw_handover_format(&h, &bad));
    assert_string_equal(bad, "script");
}

static void test_each_required_key_missing_is_named(void **state)
{
    (void)state;
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        gw_handover h, got;
        const char *bad = NULL;
        fill(&h);
        if (f->type == GW_HO_TEXT)
            *text_at(&h, f) = NULL;
        char *text;
        if (f->type == GW_HO_TEXT && f->required) {
            /* The parent refuses to leave it out ... */
            assert_null(gw_handover_format(&h, &bad));
            assert_string_equal(bad, f->key);
            fill(&h);
        }
        text = gw_handover_format(&h, &bad);
        assert_non_null(text);
        /* ... and the daemon refuses a text that lacks it. */
        char *cut = malloc(strlen(text) + 1);
        assert_non_null(cut);
        cut[0] = '\0';
        for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n"))
            if (!(strncmp(l, f->key, strlen(f->key)) == 0
                  && l[strlen(f->key)] == ' ')) {
                strcat(cut, l);
                strcat(cut, "\n");
            }
        int rc = gw_handover_parse(cut, &got, &bad);
        if (f->required) {
            assert_int_equal(rc, GW_HO_EMISSING);
            assert_string_equal(bad, f->key);
        }
        else {
            assert_int_equal(rc, 0);
            if (f->type == GW_HO_TEXT)
                assert_null(*text_at(&got, f));
            gw_handover_free(&got);
        }
        free(cut);
        free(text);
    }
}

static void test_lists_round_trip_and_scripts_come_back_sorted(void **s)
{
    gw_handover h, got;
    const char *scripts[] = { "/srv/b.wsgi", "/srv/a.wsgi", "/srv/c d.wsgi" };
    const char *dirs[] = { "/srv/apps" };
    const char *imports[] = { "%{GLOBAL}\t/srv/a.wsgi", "x\t/srv/b.wsgi" };
    (void)s;

    fill(&h);
    h.scripts = scripts;
    h.nscripts = 3;
    h.script_dirs = dirs;
    h.nscript_dirs = 1;
    h.imports = imports;
    h.nimports = 2;
    char *text = round_trip(&h, &got);
    assert_int_equal(got.nscripts, 3);
    assert_string_equal(got.scripts[0], "/srv/a.wsgi");
    assert_string_equal(got.scripts[1], "/srv/b.wsgi");
    assert_string_equal(got.scripts[2], "/srv/c d.wsgi");
    assert_int_equal(got.nscript_dirs, 1);
    assert_string_equal(got.script_dirs[0], "/srv/apps");
    assert_int_equal(got.nimports, 2);
    assert_string_equal(got.imports[0], imports[0]);   /* order kept */
    assert_string_equal(got.imports[1], imports[1]);
    gw_handover_free(&got);
    assert_null(got.scripts);
    assert_int_equal(got.nscripts, 0);
    free(text);
}

/* Every prefix of a valid text that ends at a line boundary parses or
 * says which key is missing; cut inside a line, it never reads past the
 * end (valgrind checks the exact-size copies). */
static void test_truncated_text_is_refused_never_overread(void **state)
{
    gw_handover h, got;
    const char *bad = NULL;
    (void)state;

    fill(&h);
    char *text = gw_handover_format(&h, &bad);
    assert_non_null(text);
    size_t n = strlen(text);
    for (size_t len = 0; len < n; len++) {
        char *cut = malloc(len + 1);
        assert_non_null(cut);
        memcpy(cut, text, len);
        cut[len] = '\0';
        int rc = gw_handover_parse(cut, &got, &bad);
        assert_true(rc == GW_HO_EMISSING || rc == GW_HO_EBAD || rc == 0);
        if (rc == 0)
            gw_handover_free(&got);
        else
            assert_non_null(bad);
        free(cut);
    }
    free(text);
}

static void test_text_fields_keep_spaces_and_an_empty_value_is_none(void **s)
{
    gw_handover got;
    const char *bad = NULL;
    (void)s;
    assert_int_equal(parse_with("python-path", "/srv/a b:/srv/c", &bad), 0);
    gw_handover h;
    fill(&h);
    h.python_path = "/srv/a b:/srv/c";
    char *text = round_trip(&h, &got);
    assert_string_equal(got.python_path, "/srv/a b:/srv/c");
    gw_handover_free(&got);
    free(text);
}

/* No script-uid/script-gid line (a hand-over without script-user= from
 * an older parent, or a daemon test): no owner required, never uid 0. */
static void test_absent_script_owner_ids_mean_none_not_root(void **s)
{
    gw_handover got;
    const char *bad = NULL;
    char text[] = "group g\nthreads 1\nprocesses 1\nmultiprocess 0\n"
                  "peer-uid 33\nshutdown-timeout 5\nlog-level 3\n"
                  "secret " SECRET "\n";
    (void)s;
    assert_int_equal(gw_handover_parse(text, &got, &bad), 0);
    assert_true(got.script_uid == -1);
    assert_true(got.script_gid == -1);
    assert_null(got.script_user);
    assert_null(got.script_group);
    gw_handover_free(&got);
}

static void test_load_reads_the_memfd_and_closes_it(void **state)
{
    gw_handover h, got;
    const char *bad = NULL;
    (void)state;

    fill(&h);
    h.group = "shop";
    char *text = gw_handover_format(&h, &bad);
    assert_non_null(text);
    int fd = memfd_create("handover", MFD_CLOEXEC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(gw_handover_load(fd, &got), 0);
    assert_string_equal(got.group, "shop");
    assert_int_equal(fcntl(fd, F_GETFD), -1);     /* closed */
    assert_int_equal(errno, EBADF);
    gw_handover_free(&got);
    free(got.loaded);

    /* A text with an unknown key: -1 (and a GW03023 line). */
    fd = memfd_create("handover", MFD_CLOEXEC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "junk\n", 5), 5);
    assert_int_equal(gw_handover_load(fd, &got), -1);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_field_round_trips_at_both_bounds),
        cmocka_unit_test(test_numbers_outside_their_range_are_refused),
        cmocka_unit_test(test_unknown_repeated_and_malformed_lines_are_refused),
        cmocka_unit_test(test_text_with_a_newline_is_not_formatted),
        cmocka_unit_test(test_each_required_key_missing_is_named),
        cmocka_unit_test(test_lists_round_trip_and_scripts_come_back_sorted),
        cmocka_unit_test(test_truncated_text_is_refused_never_overread),
        cmocka_unit_test(test_text_fields_keep_spaces_and_an_empty_value_is_none),
        cmocka_unit_test(test_absent_script_owner_ids_mean_none_not_root),
        cmocka_unit_test(test_load_reads_the_memfd_and_closes_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
