/*
 * test_mount.c - cmocka unit tests for module/gw_mount.c, the rule by
 * which a mount point (WSGIScriptAlias URL, trailing slashes already
 * removed by the configuration) covers a request path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "gw_mount.h"

static void test_root_mount_covers_everything_with_no_prefix(void **s)
{
    (void)s;
    assert_int_equal(gw_mount_match("/", "/"), 0);
    assert_int_equal(gw_mount_match("/anything/at/all", "/"), 0);
    assert_int_equal(gw_mount_match("", "/"), 0);
}

static void test_a_mount_covers_itself_and_what_is_below_it(void **s)
{
    (void)s;
    assert_int_equal(gw_mount_match("/app", "/app"), 4);
    assert_int_equal(gw_mount_match("/app/", "/app"), 4);
    assert_int_equal(gw_mount_match("/app/x/y", "/app"), 4);
    assert_int_equal(gw_mount_match("/a/b/c", "/a/b"), 4);
}

static void test_a_mount_does_not_cover_a_longer_segment(void **s)
{
    (void)s;
    assert_int_equal(gw_mount_match("/apple", "/app"), -1);
    assert_int_equal(gw_mount_match("/app.wsgi", "/app"), -1);
    assert_int_equal(gw_mount_match("/ap", "/app"), -1);
    assert_int_equal(gw_mount_match("/", "/app"), -1);
    assert_int_equal(gw_mount_match("/other/app", "/app"), -1);
    /* Case matters, as in mod_alias on Linux. */
    assert_int_equal(gw_mount_match("/App", "/app"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_mount_covers_everything_with_no_prefix),
        cmocka_unit_test(test_a_mount_covers_itself_and_what_is_below_it),
        cmocka_unit_test(test_a_mount_does_not_cover_a_longer_segment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
