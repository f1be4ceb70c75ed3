/*
 * test_reload.c - cmocka unit tests for daemon/gw_reload.c: when a daemon
 * process counts as stale (restart-file= changed, or a loaded WSGI script
 * changed while WSGIScriptReloading is on), on real files in a temporary
 * directory whose times the test sets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw_reload.h"

static char dir[] = "/tmp/gw-test-reload.XXXXXX";

static const char *path(const char *name)
{
    static char buf[4][256];
    static int i;
    char *p = buf[i++ % 4];
    snprintf(p, 256, "%s/%s", dir, name);
    return p;
}

/* Creates or updates file with mtime seconds. */
static void set_file(const char *file, time_t seconds)
{
    int fd = open(file, O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    close(fd);
    struct timespec t[2] = { { seconds, 0 }, { seconds, 0 } };
    assert_int_equal(utimensat(AT_FDCWD, file, t, 0), 0);
}

static void note(const char *file)
{
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    gw_reload_note(file, &st.st_mtim);
}

static void test_restart_file_touched_removed_or_created(void **state)
{
    const char *rf = path("restart.txt");
    (void)state;
    set_file(rf, 1000);
    gw_reload_init(rf, 1);
    assert_null(gw_reload_stale("/nowhere.wsgi"));
    set_file(rf, 1001);
    assert_string_equal(gw_reload_stale("/nowhere.wsgi"),
                        "restart-file= changed");
    /* A new process takes the new time as its baseline. */
    gw_reload_init(rf, 1);
    assert_null(gw_reload_stale("/nowhere.wsgi"));
    unlink(rf);
    assert_non_null(gw_reload_stale("/nowhere.wsgi"));
    /* Absent at start: counts once it appears. */
    gw_reload_init(rf, 1);
    assert_null(gw_reload_stale("/nowhere.wsgi"));
    set_file(rf, 5);
    assert_non_null(gw_reload_stale("/nowhere.wsgi"));
    /* With script reloading off, the restart file still counts. */
    gw_reload_init(rf, 0);
    set_file(rf, 6);
    assert_non_null(gw_reload_stale("/nowhere.wsgi"));
    unlink(rf);
}

static void test_a_changed_script_makes_the_process_stale(void **state)
{
    const char *a = path("a.wsgi"), *b = path("b.wsgi");
    (void)state;
    gw_reload_init(NULL, 1);
    set_file(a, 2000);
    set_file(b, 2000);
    note(a);
    assert_null(gw_reload_stale(a));
    /* A script this process never loaded is not watched. */
    set_file(b, 2001);
    assert_null(gw_reload_stale(b));
    /* The first load is the baseline: a second note does not move it. */
    set_file(a, 2002);
    note(a);
    assert_string_equal(gw_reload_stale(a), "the WSGI script changed");
    /* Back to an older time is a change too (a deploy of older files). */
    set_file(a, 1999);
    assert_non_null(gw_reload_stale(a));
    /* Removed: nothing to compare, not stale (the request then fails to
     * load it and says so). */
    unlink(a);
    assert_null(gw_reload_stale(a));
    unlink(b);
}

static void test_script_reloading_off_ignores_script_changes(void **state)
{
    const char *c = path("c.wsgi");
    (void)state;
    gw_reload_init(NULL, 0);
    set_file(c, 3000);
    note(c);
    set_file(c, 3001);
    assert_null(gw_reload_stale(c));
    gw_reload_init(NULL, 1);
    assert_non_null(gw_reload_stale(c));
    unlink(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restart_file_touched_removed_or_created),
        cmocka_unit_test(test_a_changed_script_makes_the_process_stale),
        cmocka_unit_test(test_script_reloading_off_ignores_script_changes),
    };
    if (!mkdtemp(dir))
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
