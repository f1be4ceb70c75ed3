/*
 * test_scriptowner.c - cmocka unit tests for daemon/gw_scriptowner.c,
 * script-user= and script-group=: mod_wsgi's rules on a script and its
 * directory, and the opening that judges the descriptors it opened, on
 * real files in a temporary directory (owned by whoever runs the test).
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

#include "gw_scriptowner.h"

static char dir[] = "/tmp/gw-test-scriptowner.XXXXXX";
static char sub[64], script[128];

static struct stat with(unsigned mode, uid_t uid, gid_t gid)
{
    struct stat st;
    memset(&st, 0, sizeof(st));
    st.st_mode = mode;
    st.st_uid = uid;
    st.st_gid = gid;
    return st;
}

static void test_script_user_wants_the_owner_and_no_other_writer(void **s)
{
    (void)s;
    struct stat ok = with(S_IFREG | 0644, 1001, 50);
    assert_int_equal(gw_scriptowner_judge(&ok, 0, 1001, -1), GW_SO_OK);
    /* Any group: script-user= asks nothing of it. */
    ok.st_gid = 0;
    assert_int_equal(gw_scriptowner_judge(&ok, 0, 1001, -1), GW_SO_OK);
    struct stat other = with(S_IFREG | 0644, 1002, 50);
    assert_int_equal(gw_scriptowner_judge(&other, 0, 1001, -1), GW_SO_OWNER);
    /* root is an owner like any other: script-user=root. */
    struct stat root = with(S_IFREG | 0644, 0, 0);
    assert_int_equal(gw_scriptowner_judge(&root, 0, 0, -1), GW_SO_OK);
    assert_int_equal(gw_scriptowner_judge(&root, 0, 1001, -1), GW_SO_OWNER);
    struct stat gw = with(S_IFREG | 0664, 1001, 50);
    assert_int_equal(gw_scriptowner_judge(&gw, 0, 1001, -1),
                     GW_SO_GROUP_WRITABLE);
    struct stat ww = with(S_IFREG | 0646, 1001, 50);
    assert_int_equal(gw_scriptowner_judge(&ww, 0, 1001, -1),
                     GW_SO_WORLD_WRITABLE);
    /* The directory alike, and it is no regular file. */
    struct stat d = with(S_IFDIR | 0755, 1001, 50);
    assert_int_equal(gw_scriptowner_judge(&d, 1, 1001, -1), GW_SO_OK);
    d.st_mode = S_IFDIR | 0775;
    assert_int_equal(gw_scriptowner_judge(&d, 1, 1001, -1),
                     GW_SO_GROUP_WRITABLE);
    d.st_mode = S_IFDIR | 0757;      /* anyone may add a file */
    assert_int_equal(gw_scriptowner_judge(&d, 1, 1001, -1),
                     GW_SO_WORLD_WRITABLE);
    d.st_uid = 0;
    assert_int_equal(gw_scriptowner_judge(&d, 1, 1001, -1), GW_SO_OWNER);
    /* A script that is a directory, a FIFO: refused whoever owns it. */
    struct stat fifo = with(S_IFIFO | 0644, 1001, 50);
    assert_int_equal(gw_scriptowner_judge(&fifo, 0, 1001, -1),
                     GW_SO_NOT_REGULAR);
}

static void test_script_group_wants_the_group_and_lets_it_write(void **s)
{
    (void)s;
    struct stat ok = with(S_IFREG | 0664, 1002, 50);
    assert_int_equal(gw_scriptowner_judge(&ok, 0, -1, 50), GW_SO_OK);
    struct stat other = with(S_IFREG | 0644, 1002, 51);
    assert_int_equal(gw_scriptowner_judge(&other, 0, -1, 50), GW_SO_GROUP);
    struct stat ww = with(S_IFREG | 0666, 1002, 50);
    assert_int_equal(gw_scriptowner_judge(&ww, 0, -1, 50),
                     GW_SO_WORLD_WRITABLE);
    struct stat d = with(S_IFDIR | 0775, 0, 50);
    assert_int_equal(gw_scriptowner_judge(&d, 1, -1, 50), GW_SO_OK);
    d.st_mode = S_IFDIR | 0777;
    assert_int_equal(gw_scriptowner_judge(&d, 1, -1, 50),
                     GW_SO_WORLD_WRITABLE);
}

static void test_without_either_option_nothing_is_asked(void **s)
{
    (void)s;
    struct stat any = with(S_IFREG | 0666, 1002, 51);
    assert_int_equal(gw_scriptowner_judge(&any, 0, -1, -1), GW_SO_OK);
    gw_handover h;
    memset(&h, 0, sizeof(h));
    h.script_uid = h.script_gid = -1;
    gw_scriptowner_init(&h);
    assert_int_equal(gw_scriptowner_required(), 0);
    h.script_uid = 0;              /* script-user=root */
    assert_int_equal(gw_scriptowner_required(), 1);
}

static void write_script(unsigned mode)
{
    int fd = open(script, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "x = 1\n", 6), 6);
    close(fd);
    assert_int_equal(chmod(script, mode), 0);
}

/* Opens the script under h's options: the descriptor (closed here) or -1,
 * with the reason in why. */
static int try_open(const gw_handover *h, char *why, size_t cap)
{
    gw_scriptowner_init(h);
    why[0] = '\0';
    int fd = gw_scriptowner_open(script, "/t", 2, why, cap);
    if (fd >= 0) {
        char buf[8];
        /* The descriptor is the script's, at its start. */
        assert_int_equal(read(fd, buf, 6), 6);
        assert_memory_equal(buf, "x = 1\n", 6);
        close(fd);
    }
    return fd;
}

static void test_open_judges_what_it_opened_and_says_why(void **s)
{
    (void)s;
    char why[GW_SCRIPTOWNER_WHY_MAX], want[600];
    gw_handover h;
    memset(&h, 0, sizeof(h));
    h.script_uid = (long long)getuid();
    h.script_user = "me";
    h.script_gid = -1;

    assert_int_equal(chmod(sub, 0755), 0);
    write_script(0644);
    assert_true(try_open(&h, why, sizeof(why)) >= 0);

    /* Another owner: named, with the one required. */
    h.script_uid = (long long)getuid() + 1;
    assert_int_equal(try_open(&h, why, sizeof(why)), -1);
    snprintf(want, sizeof(want), "WSGI script %s is owned by ", script);
    assert_memory_equal(why, want, strlen(want));
    snprintf(want, sizeof(want), ", not by script-user=me (uid %lld)",
             h.script_uid);
    assert_non_null(strstr(why, want));
    h.script_uid = (long long)getuid();

    /* Writable by its group, or its directory by others. */
    write_script(0664);
    assert_int_equal(try_open(&h, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "is writable by its group (mode 0664)"));
    write_script(0644);
    assert_int_equal(chmod(sub, 0757), 0);
    assert_int_equal(try_open(&h, why, sizeof(why)), -1);
    snprintf(want, sizeof(want), "the directory %s of WSGI script %s is "
             "writable by anyone (mode 0757), which script-user= does not "
             "allow", sub, script);
    assert_string_equal(why, want);
    assert_int_equal(chmod(sub, 0755), 0);

    /* script-group=: the group's members may write. */
    h.script_uid = -1;
    h.script_gid = (long long)getgid();
    h.script_group = "us";
    write_script(0664);
    assert_true(try_open(&h, why, sizeof(why)) >= 0);
    h.script_gid = (long long)getgid() + 1;
    assert_int_equal(try_open(&h, why, sizeof(why)), -1);
    assert_non_null(strstr(why, ", not script-group=us (gid "));

    /* A script that is not there (or not a file): refused, not 500. */
    h.script_gid = (long long)getgid();
    assert_int_equal(unlink(script), 0);
    assert_int_equal(try_open(&h, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "cannot open WSGI script"));
    assert_int_equal(mkfifo(script, 0644), 0);
    assert_int_equal(try_open(&h, why, sizeof(why)), -1);  /* no hang */
    assert_non_null(strstr(why, "is not a regular file"));
    assert_int_equal(unlink(script), 0);
}

static int setup(void **s)
{
    (void)s;
    if (!mkdtemp(dir))
        return -1;
    snprintf(sub, sizeof(sub), "%s/apps", dir);
    snprintf(script, sizeof(script), "%s/app.wsgi", sub);
    return mkdir(sub, 0755);
}

static int teardown(void **s)
{
    (void)s;
    unlink(script);
    rmdir(sub);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_script_user_wants_the_owner_and_no_other_writer),
        cmocka_unit_test(test_script_group_wants_the_group_and_lets_it_write),
        cmocka_unit_test(test_without_either_option_nothing_is_asked),
        cmocka_unit_test(test_open_judges_what_it_opened_and_says_why),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
