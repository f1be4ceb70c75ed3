/*
 * test_delegation.c - cmocka unit tests for daemon/gw_delegation.c: a
 * daemon process runs only the scripts the configuration delegated to
 * its group, for requests that carry its group's secret.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "gw_delegation.h"
#include "gw_hook.h"

#define SECRET "0123456789abcdef0123456789abcdef" \
               "0123456789abcdef0123456789abcdef"

static const char *scripts[] = { "/srv/a/app.wsgi", "/srv/b/app.wsgi" };
static const char *dirs[] = { "/srv/apps", "/srv/more/" };
static gw_handover handed;

static int setup(void **state)
{
    (void)state;
    memset(&handed, 0, sizeof(handed));
    handed.secret = SECRET;
    handed.scripts = scripts;      /* sorted, as the parser leaves them */
    handed.nscripts = 2;
    handed.script_dirs = dirs;
    handed.nscript_dirs = 2;
    gw_delegation_init(&handed);
    return 0;
}

static int allows(const char *script)
{
    return gw_delegation_allows(script, "/u", 2);
}

static void test_scripts_delegated_by_name_are_allowed(void **state)
{
    (void)state;
    assert_true(allows("/srv/a/app.wsgi"));
    assert_true(allows("/srv/b/app.wsgi"));
    assert_false(allows("/srv/c/app.wsgi"));
    assert_false(allows("/srv/a/app.wsgi2"));
    assert_false(allows("/srv/a/app.wsg"));
    assert_false(allows(""));
}

static void test_only_plain_paths_below_a_delegated_directory(void **s)
{
    (void)s;
    assert_true(allows("/srv/apps/x.wsgi"));
    assert_true(allows("/srv/apps/sub/x.wsgi"));
    assert_true(allows("/srv/more/x.wsgi"));   /* dir given with a '/' */
    assert_false(allows("/srv/apps"));         /* the directory itself */
    assert_false(allows("/srv/apps/"));
    assert_false(allows("/srv/appsx/x.wsgi"));
    assert_false(allows("/srv/apps/../b/evil.wsgi"));
    assert_false(allows("/srv/apps/sub/../../etc/x"));
    assert_false(allows("/srv/apps/./x.wsgi"));
    assert_false(allows("/srv/apps//x.wsgi"));
    assert_false(allows("/srv/apps/x/.."));
    assert_false(allows("/srv/apps/x/."));
    assert_false(allows("srv/apps/x.wsgi"));
    /* "..." and ".x" are names, not steps. */
    assert_true(allows("/srv/apps/.../x"));
    assert_true(allows("/srv/apps/.x"));
}

static void test_no_script_by_name_only_directories(void **state)
{
    (void)state;
    handed.scripts = NULL;
    handed.nscripts = 0;
    assert_false(allows("/srv/a/app.wsgi"));
    assert_true(allows("/srv/apps/app.wsgi"));
}

static gw_kv kv(const char *k, const char *v)
{
    gw_kv p = { k, v, (uint16_t)strlen(k), (uint16_t)strlen(v) };
    return p;
}

static void test_the_secret_must_match_exactly(void **state)
{
    (void)state;
    gw_kv ok[] = { kv(GW_VAR_SCRIPT, "/srv/a/app.wsgi"),
                   kv(GW_VAR_SECRET, SECRET) };
    assert_true(gw_delegation_authentic(ok, 2, "/u", 2));
    char wrong[] = SECRET;
    wrong[GW_SECRET_HEX - 1] = '0';
    gw_kv bad[] = { kv(GW_VAR_SECRET, wrong) };
    assert_false(gw_delegation_authentic(bad, 1, "/u", 2));
    wrong[GW_SECRET_HEX - 1] = 'f';
    wrong[0] = '1';
    assert_false(gw_delegation_authentic(bad, 1, "/u", 2));
    gw_kv shorter[] = { kv(GW_VAR_SECRET, "0123456789abcdef") };
    assert_false(gw_delegation_authentic(shorter, 1, "/u", 2));
    gw_kv longer[] = { kv(GW_VAR_SECRET, SECRET "0") };
    assert_false(gw_delegation_authentic(longer, 1, "/u", 2));
    gw_kv none[] = { kv(GW_VAR_SCRIPT, "/srv/a/app.wsgi") };
    assert_false(gw_delegation_authentic(none, 1, "/u", 2));
    assert_false(gw_delegation_authentic(NULL, 0, "/u", 2));
}

static void test_a_control_value_given_twice_is_refused(void **state)
{
    (void)state;
    const char *controls[] = { GW_VAR_SCRIPT, GW_VAR_APP_GROUP,
                               GW_VAR_CALLABLE, GW_VAR_SECRET,
                               GW_VAR_HOOK, GW_VAR_USER, GW_VAR_PASSWORD,
                               GW_VAR_REALM, GW_VAR_HOST };
    for (size_t i = 0; i < sizeof(controls) / sizeof(*controls); i++) {
        const char *v = i == 3 ? SECRET : "x";
        gw_kv twice[] = { kv(GW_VAR_SECRET, SECRET), kv("REQUEST_URI", "/"),
                          kv(controls[i], v), kv(controls[i], v) };
        /* For the secret itself the first pair is already one. */
        size_t n = 4, off = i == 3 ? 1 : 0;
        assert_false(gw_delegation_authentic(twice + off, n - off, "/u", 2));
        gw_kv once[] = { kv(GW_VAR_SECRET, SECRET), kv(controls[i], v) };
        if (i != 3)
            assert_true(gw_delegation_authentic(once, 2, "/u", 2));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_scripts_delegated_by_name_are_allowed,
                               setup),
        cmocka_unit_test_setup(
            test_only_plain_paths_below_a_delegated_directory, setup),
        cmocka_unit_test_setup(test_no_script_by_name_only_directories,
                               setup),
        cmocka_unit_test_setup(test_the_secret_must_match_exactly, setup),
        cmocka_unit_test_setup(test_a_control_value_given_twice_is_refused,
                               setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
