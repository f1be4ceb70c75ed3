/*
 * test_workerfile.c - cmocka unit tests for proto/gw_workerfile.c (the
 * worker file's grammar: what it takes, what it refuses, on which line,
 * with which id) and proto/gw_ownedfile.c (which files root agrees to
 * read on a user's behalf).
 *
 * Inputs are copied into heap buffers of exactly their length, not
 * NUL-terminated, so that valgrind catches a read past the end.  The
 * ownership tests that need another owner run only as root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw_workerfile.h"
#include "gw_ownedfile.h"

static int parse(const char *text, gw_wf *wf, gw_wf_error *err)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);

    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = gw_wf_parse(copy, n, wf, err);
    free(copy);
    return rc;
}

/* The file is refused on `line` with `id`, and the text holds `part`. */
static void refused(const char *text, unsigned line, const char *id,
                    const char *part)
{
    gw_wf wf;
    gw_wf_error err;

    if (parse(text, &wf, &err) == 0)
        fail_msg("taken, expected %s on line %u: %s", id, line, text);
    assert_int_equal(wf.n, 0);
    assert_null(wf.entries);
    if (strcmp(err.id, id) || err.line != line || !strstr(err.text, part))
        fail_msg("for %s\ngot %s line %u: %s\nexpected %s line %u: ...%s...",
                 text, err.id, err.line, err.text, id, line, part);
}

/* ---- what is taken ------------------------------------------------------- */

static void test_entries_with_defaults_and_settings(void **state)
{
    (void)state;
    gw_wf wf;
    gw_wf_error err;
    const char *text =
        "# the shop's workers\n"
        "\n"
        "celery: /srv/shop/venv/bin/celery -A shop worker --loglevel=INFO\n"
        "   beat:\tstop-signal=SIGINT reload-signal=none stop-timeout=30 "
        "restart-delay=5 /srv/shop/venv/bin/celery -A shop beat  \n"
        "x.y_z-1: stop-signal=quit reload-signal=USR2 /bin/true";

    assert_int_equal(parse(text, &wf, &err), 0);
    assert_int_equal(wf.n, 3);
    gw_wf_entry *e = &wf.entries[0];
    assert_string_equal(e->name, "celery");
    assert_int_equal(e->line, 3);
    assert_int_equal(e->stop_signal, SIGTERM);
    assert_int_equal(e->reload_signal, SIGHUP);
    assert_int_equal(e->stop_timeout, -1);
    assert_int_equal(e->restart_delay, 0);
    assert_int_equal(e->nafter, 0);
    assert_null(e->after[0]);
    assert_int_equal(e->argc, 5);
    assert_string_equal(e->argv[0], "/srv/shop/venv/bin/celery");
    assert_string_equal(e->argv[4], "--loglevel=INFO");
    assert_null(e->argv[5]);
    e = &wf.entries[1];
    assert_string_equal(e->name, "beat");
    assert_int_equal(e->line, 4);
    assert_int_equal(e->stop_signal, SIGINT);
    assert_int_equal(e->reload_signal, 0);
    assert_int_equal(e->stop_timeout, 30);
    assert_int_equal(e->restart_delay, 5);
    assert_int_equal(e->argc, 4);
    assert_string_equal(e->argv[3], "beat");
    e = &wf.entries[2];
    assert_string_equal(e->name, "x.y_z-1");
    assert_int_equal(e->stop_signal, SIGQUIT);
    assert_int_equal(e->reload_signal, SIGUSR2);
    assert_int_equal(e->argc, 1);
    gw_wf_free(&wf);
    assert_int_equal(wf.n, 0);
}

static void test_empty_file_and_comments_only(void **state)
{
    (void)state;
    gw_wf wf;
    gw_wf_error err;

    assert_int_equal(parse("", &wf, &err), 0);
    assert_int_equal(wf.n, 0);
    gw_wf_free(&wf);
    assert_int_equal(parse("# nothing\n\n   \t\n  # indented\n", &wf, &err),
                     0);
    assert_int_equal(wf.n, 0);
    gw_wf_free(&wf);
}

static void test_quoted_words(void **state)
{
    (void)state;
    gw_wf wf;
    gw_wf_error err;
    const char *text =
        "q: '/opt/my app/bin/run' 'a $b *c' \"d \\\"e\\\" \\\\ \\$f \\`g\\`"
        " \\x\" '' \"it's\" 'tab\there' caf\xc3\xa9 #notacomment\n";

    /* '#' is not a safe character: only a line may start a comment */
    refused(text, 1, "GW00132", "'#' outside quotes");
    text = "q: '/opt/my app/bin/run' 'a $b *c' \"d \\\"e\\\" \\\\ \\$f "
           "\\`g\\` \\x\" '' \"it's\" 'tab\there' caf\xc3\xa9\n";
    assert_int_equal(parse(text, &wf, &err), 0);
    gw_wf_entry *e = &wf.entries[0];
    assert_int_equal(e->argc, 7);
    assert_string_equal(e->argv[0], "/opt/my app/bin/run");
    assert_string_equal(e->argv[1], "a $b *c");
    assert_string_equal(e->argv[2], "d \"e\" \\ $f `g` \\x");
    assert_string_equal(e->argv[3], "");
    assert_string_equal(e->argv[4], "it's");
    assert_string_equal(e->argv[5], "tab\there");
    assert_string_equal(e->argv[6], "caf\xc3\xa9");
    gw_wf_free(&wf);
}

static void test_after_orders_entries_stably(void **state)
{
    (void)state;
    gw_wf wf;
    gw_wf_error err;
    const char *text =
        "web-hook: after=worker,proxy /bin/c\n"
        "worker: after=proxy /bin/b\n"
        "other: /bin/d\n"
        "proxy: /bin/a\n";

    assert_int_equal(parse(text, &wf, &err), 0);
    assert_int_equal(wf.n, 4);
    /* each after what it names, otherwise in the file's order */
    assert_string_equal(wf.entries[0].name, "other");
    assert_string_equal(wf.entries[1].name, "proxy");
    assert_string_equal(wf.entries[2].name, "worker");
    assert_string_equal(wf.entries[3].name, "web-hook");
    assert_int_equal(wf.entries[3].nafter, 2);
    assert_string_equal(wf.entries[3].after[0], "worker");
    assert_string_equal(wf.entries[3].after[1], "proxy");
    assert_null(wf.entries[3].after[2]);
    assert_int_equal(wf.entries[3].line, 1);
    gw_wf_free(&wf);
}

static void test_format_parses_back_to_the_same(void **state)
{
    (void)state;
    gw_wf a, b;
    gw_wf_error err;
    const char *text =
        "b: after=a stop-timeout=0 '/x y/z' 'it'\"'\"s' \"it's \\$1\" ''\n"
        "a: reload-signal=none restart-delay=3600 /bin/a\n";

    refused(text, 1, "GW00132", "closing quote must end its word");
    text = "b: after=a stop-timeout=0 '/x y/z' \"it's \\$1 \\\\ \\`\" ''\n"
           "a: reload-signal=none restart-delay=3600 /bin/a\n";
    assert_int_equal(parse(text, &a, &err), 0);
    char *out = gw_wf_format(&a);
    assert_non_null(out);
    assert_string_equal(out,
        "a: stop-signal=TERM reload-signal=none restart-delay=3600 /bin/a\n"
        "b: stop-signal=TERM reload-signal=HUP stop-timeout=0 "
        "restart-delay=0 after=a '/x y/z' \"it's \\$1 \\\\ \\`\" ''\n");
    assert_int_equal(parse(out, &b, &err), 0);
    assert_int_equal(b.n, 2);
    assert_string_equal(b.entries[1].argv[1], "it's $1 \\ `");
    assert_string_equal(b.entries[1].argv[0], "/x y/z");
    char *again = gw_wf_format(&b);
    assert_string_equal(out, again);
    free(again);
    free(out);
    gw_wf_free(&a);
    gw_wf_free(&b);
}

static void test_limits_are_taken_up_to_the_bound(void **state)
{
    (void)state;
    gw_wf wf;
    gw_wf_error err;
    char *text = malloc(GW_WF_MAX_SIZE + 1);
    size_t o = 0;

    assert_non_null(text);
    /* 32 entries; a line of exactly GW_WF_MAX_LINE bytes */
    for (int i = 0; i < GW_WF_MAX_ENTRIES; i++)
        o += (size_t)sprintf(text + o, "w%d: /bin/x\n", i);
    o += (size_t)sprintf(text + o, "#");
    memset(text + o, 'c', GW_WF_MAX_LINE - 1);
    o += GW_WF_MAX_LINE - 1;
    text[o++] = '\n';
    /* pad to exactly GW_WF_MAX_SIZE with comment lines */
    while (o < GW_WF_MAX_SIZE) {
        size_t n = GW_WF_MAX_SIZE - o > 100 ? 100 : GW_WF_MAX_SIZE - o;
        memset(text + o, '#', n);
        text[o + n - 1] = '\n';
        o += n;
    }
    assert_int_equal(gw_wf_parse(text, o, &wf, &err), 0);
    assert_int_equal(wf.n, GW_WF_MAX_ENTRIES);
    gw_wf_free(&wf);
    free(text);
}

/* ---- what is refused ----------------------------------------------------- */

static void test_refused_text(void **state)
{
    (void)state;
    char *big = malloc(GW_WF_MAX_SIZE + 2);
    gw_wf wf;
    gw_wf_error err;

    assert_non_null(big);
    memset(big, '#', GW_WF_MAX_SIZE + 1);
    assert_int_equal(gw_wf_parse(big, GW_WF_MAX_SIZE + 1, &wf, &err), -1);
    assert_string_equal(err.id, "GW00131");
    assert_int_equal(err.line, 0);
    assert_non_null(strstr(err.text, "at most 65536"));
    /* a line one byte too long */
    memset(big, 'a', GW_WF_MAX_LINE + 1);
    memcpy(big, "\n#", 2);
    assert_int_equal(gw_wf_parse(big, GW_WF_MAX_LINE + 2, &wf, &err), -1);
    assert_string_equal(err.id, "GW00131");
    assert_int_equal(err.line, 2);
    free(big);

    assert_int_equal(gw_wf_parse("a: /bin/x\nb\0: /bin/y\n", 21, &wf, &err),
                     -1);
    assert_string_equal(err.id, "GW00131");
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.text, "NUL byte in column 2"));
    refused("a: /bin/x\r\n", 1, "GW00131", "Unix line ends");
    refused("\n\na: /bin/x \x1b[2J\n", 3, "GW00131",
            "control character 0x1b in column 11");
    refused("a: /bin/x\x7f\n", 1, "GW00131", "0x7f");
}

static void test_refused_syntax(void **state)
{
    (void)state;
    refused("celery /bin/x\n", 1, "GW00132", "'celery' does not start an "
            "entry");
    refused("celery:/bin/x\n", 1, "GW00132", "does not start an entry");
    refused("celery :/bin/x\n", 1, "GW00132", "does not start an entry");
    refused("'celery' : /bin/x\n", 1, "GW00132", "does not start an entry");
    refused(": /bin/x\n", 1, "GW00132", "does not start an entry");
    refused("ce/ry: /bin/x\n", 1, "GW00132", "the name in 'ce/ry:' must be");
    refused("a: /bin/x 0:$PORT\n", 1, "GW00132", "'$' outside quotes (in "
            "'0:$PORT')");
    refused("a: /bin/x a&&b\n", 1, "GW00132", "'&' outside quotes");
    refused("a: /bin/x >log\n", 1, "GW00132", "redirections");
    refused("a: /bin/x *.py\n", 1, "GW00132", "'*' outside quotes");
    refused("a: /bin/x ~/y\n", 1, "GW00132", "'~' outside quotes");
    refused("a: /bin/x a\\ b\n", 1, "GW00132", "'\\' outside quotes");
    refused("a: /bin/x a'b'\n", 1, "GW00132", "a quote inside the word");
    refused("a: /bin/x 'a'b\n", 1, "GW00132", "closing quote must end");
    refused("a: /bin/x 'ab\n", 1, "GW00132", "single quote is not closed");
    refused("a: /bin/x \"a\\\"\n", 1, "GW00132", "double quote is not "
            "closed");
    refused("a: /bin/x \"$HOME\"\n", 1, "GW00132", "'$' in double quotes");
    refused("a: /bin/x \"`id`\"\n", 1, "GW00132", "'`' in double quotes");
}

static void test_refused_settings(void **state)
{
    (void)state;
    refused("a: stop-signal=KILL /bin/x\n", 1, "GW00133", "stop-signal=KILL "
            "is not a signal");
    refused("a: stop-signal=none /bin/x\n", 1, "GW00133", "stop-signal=none "
            "is not a signal");
    refused("a: reload-signal=9 /bin/x\n", 1, "GW00133", "(or none)");
    refused("a: stop-timeout=86401 /bin/x\n", 1, "GW00133", "from 0 to "
            "86400");
    refused("a: stop-timeout=99999999999999999999 /bin/x\n", 1, "GW00133",
            "from 0 to 86400");
    refused("a: stop-timeout=-1 /bin/x\n", 1, "GW00133", "whole number");
    refused("a: stop-timeout= /bin/x\n", 1, "GW00133", "whole number");
    refused("a: stop-timeout=5s /bin/x\n", 1, "GW00133", "whole number");
    refused("a: restart-delay=3601 /bin/x\n", 1, "GW00133", "0 to 3600");
    refused("a: stop-timeout=1 stop-timeout=2 /bin/x\n", 1, "GW00133",
            "stop-timeout= is given twice");
    refused("a: name=b /bin/x\n", 1, "GW00133", "unknown setting 'name='");
    refused("a: =b /bin/x\n", 1, "GW00133", "unknown setting '='");
}

static void test_refused_entries(void **state)
{
    (void)state;
    refused("a: python3 worker.py\n", 1, "GW00134", "'python3' is neither a "
            "setting");
    refused("a: stop-timeout=3\n", 1, "GW00134", "entry 'a' has no command");
    refused("a:\n", 1, "GW00134", "has no command");
    refused("a: 'bin/x'\n", 1, "GW00134", "'bin/x' is not an absolute path");
    refused("a: /bin/x\n\nb: /bin/y\na: /bin/z\n", 4, "GW00134",
            "'a' is already used on line 1");

    char text[2048];
    size_t o = 0;
    for (int i = 0; i <= GW_WF_MAX_ENTRIES; i++)
        o += (size_t)sprintf(text + o, "w%d: /bin/x\n", i);
    refused(text, GW_WF_MAX_ENTRIES + 1, "GW00134", "more than 32 entries");

    o = (size_t)sprintf(text, "a: /bin/x");
    for (int i = 0; i < GW_WF_MAX_WORDS - 1; i++)
        o += (size_t)sprintf(text + o, " %d", i % 10);
    refused(text, 1, "GW00131", "more than 256 words");
}

static void test_refused_after(void **state)
{
    (void)state;
    refused("a: /bin/x\nb: after=c /bin/y\n", 2, "GW00135", "no entry 'c'");
    refused("a: after=a /bin/x\n", 1, "GW00135", "'a' cannot run after= "
            "itself");
    refused("a: after=b,b /bin/x\nb: /bin/y\n", 1, "GW00135", "'b' twice");
    refused("a: after=b, /bin/x\n", 1, "GW00135", "each name must be");
    refused("a: after= /bin/x\n", 1, "GW00135", "each name must be");
    refused("a: after=b;c /bin/x\n", 1, "GW00132", "';' outside quotes");
    refused("z: /bin/z\na: after=c /bin/x\nb: after=a /bin/y\n"
            "c: after=b,z /bin/w\n", 2, "GW00135",
            "cycle: a after c after b after a");
}

/* ---- gw_ownedfile ------------------------------------------------------- */

static char dir[64];

static int mkfile(const char *name, const char *text, mode_t mode)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        return -1;
    fchmod(fd, mode);
    close(fd);
    return 0;
}

static int open_in(const char *name, uid_t uid, char *why, size_t size)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return gw_ownedfile_open(path, uid, why, size);
}

static int setup_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/gw-test-workerfile.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    return chmod(dir, 0755);
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_owned_file_of_the_user_is_read(void **state)
{
    (void)state;
    char why[512];
    size_t len;

    assert_int_equal(mkfile("Procfile", "a: /bin/x\n", 0644), 0);
    int fd = open_in("Procfile", getuid(), why, sizeof(why));
    assert_true(fd >= 0);
    char *text = gw_ownedfile_read(fd, 64, &len);
    assert_non_null(text);
    assert_int_equal(len, 10);
    assert_string_equal(text, "a: /bin/x\n");
    free(text);
    /* larger than max: EFBIG */
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    errno = 0;
    assert_null(gw_ownedfile_read(fd, 9, &len));
    assert_int_equal(errno, EFBIG);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    text = gw_ownedfile_read(fd, 10, &len);
    assert_non_null(text);
    free(text);
    close(fd);
}

static void test_owned_file_refusals(void **state)
{
    (void)state;
    char why[512], path[128];

    assert_int_equal(mkfile("g", "", 0664), 0);
    assert_int_equal(open_in("g", getuid(), why, sizeof(why)), -1);
    assert_non_null(strstr(why, "is writable by its group or by others "
                           "(mode 0664)"));
    assert_int_equal(mkfile("o", "", 0602), 0);
    assert_int_equal(open_in("o", getuid(), why, sizeof(why)), -1);
    assert_non_null(strstr(why, "(mode 0602)"));
    assert_int_equal(open_in("missing", getuid(), why, sizeof(why)), -1);
    assert_string_equal(why, "does not exist");

    snprintf(path, sizeof(path), "%s/link", dir);
    assert_int_equal(symlink("Procfile", path), 0);
    assert_int_equal(open_in("link", getuid(), why, sizeof(why)), -1);
    assert_string_equal(why, "is a symbolic link; name the file itself");

    snprintf(path, sizeof(path), "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    /* O_NONBLOCK: returns at once, then refused as no regular file */
    assert_int_equal(open_in("fifo", getuid(), why, sizeof(why)), -1);
    assert_string_equal(why, "is not a regular file");
    snprintf(path, sizeof(path), "%s/sub", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(open_in("sub", getuid(), why, sizeof(why)), -1);
    assert_string_equal(why, "is not a regular file");

    assert_int_equal(gw_ownedfile_open("Procfile", getuid(), why,
                                       sizeof(why)), -1);
    assert_int_equal(gw_ownedfile_open("/tmp/", getuid(), why, sizeof(why)),
                     -1);
    assert_string_equal(why, "is not the absolute path of a file");

    /* the directory writable by others: refused, unless sticky and root's */
    assert_int_equal(chmod(dir, 0757), 0);
    assert_int_equal(open_in("Procfile", getuid(), why, sizeof(why)), -1);
    assert_non_null(strstr(why, "which is writable by its group or by others "
                           "(mode 0757)"));
    assert_int_equal(chmod(dir, 01777), 0);
    int fd = open_in("Procfile", getuid(), why, sizeof(why));
    if (getuid() == 0) {
        assert_true(fd >= 0);
        close(fd);
    }
    else
        assert_int_equal(fd, -1);   /* sticky, but not root's */
    assert_int_equal(chmod(dir, 0755), 0);
}

static void test_owned_file_owners(void **state)
{
    (void)state;
    char why[512], a[128], b[128];
    uid_t user = 65534;       /* nobody: the group's user here */

    if (getuid() != 0)
        skip();
    /* root's file, the user's group: taken */
    assert_int_equal(mkfile("root", "", 0644), 0);
    int fd = open_in("root", user, why, sizeof(why));
    assert_true(fd >= 0);
    close(fd);
    /* a second hard link to a file of root's: refused */
    snprintf(a, sizeof(a), "%s/root", dir);
    snprintf(b, sizeof(b), "%s/root2", dir);
    assert_int_equal(link(a, b), 0);
    assert_int_equal(open_in("root2", user, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "is root's and has 2 hard links"));
    assert_int_equal(unlink(b), 0);
    /* the user's own: taken */
    assert_int_equal(mkfile("mine", "", 0600), 0);
    snprintf(a, sizeof(a), "%s/mine", dir);
    assert_int_equal(chown(a, user, 0), 0);
    fd = open_in("mine", user, why, sizeof(why));
    assert_true(fd >= 0);
    close(fd);
    /* another user's, in a directory of root's: refused */
    assert_int_equal(open_in("mine", 65533, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "is owned by uid 65534"));
    assert_non_null(strstr(why, "root, by the group's user, uid 65533, or "
                                "by the owner of its directory, uid 0"));
    /* the directory's owner's (a deploy user's checkout): taken, for
     * the group's user and root's file alike */
    assert_int_equal(chown(dir, 65534, 0), 0);
    fd = open_in("mine", 65533, why, sizeof(why));
    assert_true(fd >= 0);
    close(fd);
    fd = open_in("root", 65533, why, sizeof(why));
    assert_true(fd >= 0);
    close(fd);
    /* neither root's, the user's nor the directory owner's: refused */
    assert_int_equal(chown(dir, 65532, 0), 0);
    assert_int_equal(open_in("mine", 65533, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "owner of its directory, uid 65532"));
    assert_int_equal(chown(dir, user, 0), 0);
    fd = open_in("root", user, why, sizeof(why));
    assert_true(fd >= 0);
    close(fd);
    /* sticky and writable, but the user's, not root's: refused */
    assert_int_equal(chmod(dir, 01777), 0);
    assert_int_equal(open_in("root", user, why, sizeof(why)), -1);
    assert_int_equal(chmod(dir, 0755), 0);
    assert_int_equal(chown(dir, 0, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_with_defaults_and_settings),
        cmocka_unit_test(test_empty_file_and_comments_only),
        cmocka_unit_test(test_quoted_words),
        cmocka_unit_test(test_after_orders_entries_stably),
        cmocka_unit_test(test_format_parses_back_to_the_same),
        cmocka_unit_test(test_limits_are_taken_up_to_the_bound),
        cmocka_unit_test(test_refused_text),
        cmocka_unit_test(test_refused_syntax),
        cmocka_unit_test(test_refused_settings),
        cmocka_unit_test(test_refused_entries),
        cmocka_unit_test(test_refused_after),
    };
    const struct CMUnitTest files[] = {
        cmocka_unit_test(test_owned_file_of_the_user_is_read),
        cmocka_unit_test(test_owned_file_refusals),
        cmocka_unit_test(test_owned_file_owners),
    };
    int failed = cmocka_run_group_tests_name("workerfile", tests, NULL, NULL);
    return failed + cmocka_run_group_tests_name("ownedfile", files, setup_dir,
                                                teardown_dir);
}
