/*
 * test_control.c - cmocka unit tests for proto/gw_control.c: gateway-ctl's
 * requests, which the control process parses as root from any local
 * user, and the reply records the command parses.
 *
 * Expected results are written out by hand from the grammar in
 * gw_control.h.  Every request is copied into a heap buffer of exactly
 * its length, so that valgrind catches a read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_control.h"

static char *dup_exact(const void *src, size_t len)
{
    char *p = malloc(len ? len : 1);

    assert_non_null(p);
    if (len)
        memcpy(p, src, len);
    return p;
}

/* Parses the first len bytes of text as a request, from a buffer of
 * exactly that size: the parser's result. */
static int parse_n(const char *text, size_t len, gw_ctl_request *rq,
                   const char **why)
{
    char *buf = dup_exact(text, len);
    int rc = gw_ctl_request_parse(buf, len, rq, why);
    free(buf);
    return rc;
}

static int parse(const char *text, gw_ctl_request *rq, const char **why)
{
    return parse_n(text, strlen(text), rq, why);
}

/* ---- requests --------------------------------------------------------- */

#define UNKNOWN "unknown command (status, restart, logs, reload-workers, " \
                "stop-worker, start-worker)"

static void test_request_parse(void **state)
{
    gw_ctl_request rq;
    const char *why = NULL;
    (void)state;

    assert_int_equal(parse("status\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_STATUS);
    assert_string_equal(rq.group, "");
    assert_int_equal(parse("status shop\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_STATUS);
    assert_string_equal(rq.group, "shop");
    assert_int_equal(parse("restart shop-2.example_org:x\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_RESTART);
    assert_string_equal(rq.group, "shop-2.example_org:x");
    assert_int_equal(parse("logs shop\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_LOGS);
    assert_string_equal(rq.group, "shop");
    assert_int_equal(rq.follow, 0);
    assert_int_equal(parse("logs shop follow\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_LOGS);
    assert_string_equal(rq.group, "shop");
    assert_int_equal(rq.follow, 1);
    /* A group may be called follow. */
    assert_int_equal(parse("logs follow\n", &rq, &why), 0);
    assert_string_equal(rq.group, "follow");
    assert_int_equal(rq.follow, 0);
    assert_int_equal(parse("reload-workers shop\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_RELOAD_WORKERS);
    assert_string_equal(rq.group, "shop");
    assert_string_equal(rq.worker, "");
    assert_int_equal(parse("stop-worker shop celery.beat-1\n", &rq, &why),
                     0);
    assert_int_equal(rq.verb, GW_CTL_STOP_WORKER);
    assert_string_equal(rq.group, "shop");
    assert_string_equal(rq.worker, "celery.beat-1");
    assert_int_equal(parse("start-worker shop follow\n", &rq, &why), 0);
    assert_int_equal(rq.verb, GW_CTL_START_WORKER);
    assert_string_equal(rq.worker, "follow");
    assert_int_equal(rq.follow, 0);
    assert_true(gw_ctl_verb_relayed(GW_CTL_STOP_WORKER));
    assert_false(gw_ctl_verb_relayed(GW_CTL_RESTART));
    assert_string_equal(gw_ctl_verb_word(GW_CTL_RELOAD_WORKERS),
                        "reload-workers");
    assert_null(gw_ctl_verb_word(0));
    /* Every visible byte is a name's. */
    assert_int_equal(parse("restart !\"#%&'()*+,./~{}\n", &rq, &why), 0);
    assert_string_equal(rq.group, "!\"#%&'()*+,./~{}");
}

static void test_request_longest_name(void **state)
{
    char line[GW_CTL_REQUEST_MAX + 8];
    gw_ctl_request rq;
    const char *why = NULL;
    (void)state;

    strcpy(line, "restart ");
    memset(line + 8, 'n', GW_CTL_NAME_MAX);
    strcpy(line + 8 + GW_CTL_NAME_MAX, "\n");
    assert_int_equal(parse(line, &rq, &why), 0);
    assert_int_equal(strlen(rq.group), GW_CTL_NAME_MAX);
    /* One byte more is too long a word. */
    memset(line + 8, 'n', GW_CTL_NAME_MAX + 1);
    strcpy(line + 8 + GW_CTL_NAME_MAX + 1, "\n");
    why = NULL;
    assert_int_equal(parse(line, &rq, &why), -1);
    assert_string_equal(why, "a word longer than 127 bytes");
    assert_string_equal(rq.group, "");
}

static void test_request_refuses(void **state)
{
    static const struct {
        const char *text;
        const char *why;
    } bad[] = {
        { "", "a request is one line ending in LF" },
        { "status", "a request is one line ending in LF" },
        { "\n", "empty request" },
        { "status\r\n", "a request holds visible ASCII and single spaces "
          "only" },
        { "status\tshop\n", "a request holds visible ASCII and single "
          "spaces only" },
        { "status  shop\n", "words are separated by one space, with none "
          "before or after them" },
        { " status\n", "words are separated by one space, with none before "
          "or after them" },
        { "status \n", "words are separated by one space, with none before "
          "or after them" },
        { "status shop \n", "words are separated by one space, with none "
          "before or after them" },
        { "status\nrestart shop\n", "bytes after the request's LF" },
        { "status\n\n", "bytes after the request's LF" },
        { "Status\n", UNKNOWN },
        { "stop shop\n", UNKNOWN },
        { "statusx\n", UNKNOWN },
        { "restart\n", "this command needs a daemon group's name" },
        { "status a b\n", "this command takes one daemon group's name at "
          "most" },
        { "restart a b\n", "this command takes one daemon group's name at "
          "most" },
        { "restart a b c\n", "this command takes one daemon group's name "
          "at most" },
        { "restart a b c d\n", "too many words" },
        { "logs\n", "this command needs a daemon group's name" },
        { "logs shop fallow\n", "logs takes a daemon group's name and, "
          "after it, at most the word follow" },
        { "logs shop follow x\n", "logs takes a daemon group's name and, "
          "after it, at most the word follow" },
        { "status shop follow\n", "this command takes one daemon group's "
          "name at most" },
        { "restart shop follow\n", "this command takes one daemon group's "
          "name at most" },
        { "reload-workers\n", "this command needs a daemon group's name" },
        { "reload-workers a b\n", "this command takes one daemon group's "
          "name at most" },
        { "stop-worker shop\n", "this command needs a daemon group's name "
          "and an attached daemon's name" },
        { "start-worker\n", "this command needs a daemon group's name and "
          "an attached daemon's name" },
        { "stop-worker shop a b\n", "this command takes a daemon group's "
          "name and an attached daemon's name" },
        { "stop-worker shop "
          "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
          "\n", "an attached daemon's name is at most 64 bytes" },
        { "Stop-worker shop a\n", UNKNOWN },
        { "restart sh\xc3\xb6p\n", "a request holds visible ASCII and "
          "single spaces only" },
        { "restart shop\x7f\n", "a request holds visible ASCII and single "
          "spaces only" },
    };
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        gw_ctl_request rq;
        const char *why = NULL;
        if (parse(bad[i].text, &rq, &why) != -1)
            fail_msg("accepted: %s", bad[i].text);
        if (!why || strcmp(why, bad[i].why))
            fail_msg("%s: said '%s', not '%s'", bad[i].text,
                     why ? why : "(nothing)", bad[i].why);
    }
}

static void test_request_refuses_a_nul(void **state)
{
    gw_ctl_request rq;
    const char *why = NULL;
    (void)state;

    assert_int_equal(parse_n("restart sh\0p\n", 13, &rq, &why), -1);
    assert_string_equal(why, "a request holds visible ASCII and single "
                        "spaces only");
}

static void test_request_refuses_more_than_the_maximum(void **state)
{
    char line[GW_CTL_REQUEST_MAX + 2];
    gw_ctl_request rq;
    const char *why = NULL;
    (void)state;

    memset(line, 'a', sizeof(line));
    line[sizeof(line) - 1] = '\n';
    assert_int_equal(parse_n(line, sizeof(line), &rq, &why), -1);
    assert_string_equal(why, "a request longer than 256 bytes");
}

static void test_request_format_round_trip(void **state)
{
    char buf[GW_CTL_REQUEST_MAX + 1];
    gw_ctl_request rq, back;
    const char *why = NULL;
    (void)state;

    memset(&rq, 0, sizeof(rq));
    rq.verb = GW_CTL_STATUS;
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), 7);
    assert_string_equal(buf, "status\n");
    rq.verb = GW_CTL_RESTART;
    strcpy(rq.group, "shop");
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), 13);
    assert_string_equal(buf, "restart shop\n");
    assert_int_equal(parse(buf, &back, &why), 0);
    assert_int_equal(back.verb, GW_CTL_RESTART);
    assert_string_equal(back.group, "shop");
    /* No room for the NUL: refused, not cut. */
    assert_int_equal(gw_ctl_request_format(&rq, buf, 13), -1);
    rq.verb = GW_CTL_LOGS;
    rq.follow = 1;
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), 17);
    assert_string_equal(buf, "logs shop follow\n");
    assert_int_equal(parse(buf, &back, &why), 0);
    assert_int_equal(back.follow, 1);
    rq.follow = 0;
    rq.verb = GW_CTL_STOP_WORKER;
    strcpy(rq.worker, "celery");
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), 24);
    assert_string_equal(buf, "stop-worker shop celery\n");
    assert_int_equal(parse(buf, &back, &why), 0);
    assert_int_equal(back.verb, GW_CTL_STOP_WORKER);
    assert_string_equal(back.worker, "celery");
    /* The longest request fits. */
    memset(rq.group, 'g', GW_CTL_NAME_MAX);
    rq.group[GW_CTL_NAME_MAX] = '\0';
    memset(rq.worker, 'w', GW_CTL_WORKER_MAX);
    rq.worker[GW_CTL_WORKER_MAX] = '\0';
    rq.verb = GW_CTL_START_WORKER;
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)),
                     13 + GW_CTL_NAME_MAX + 1 + GW_CTL_WORKER_MAX + 1);
    assert_int_equal(parse(buf, &back, &why), 0);
    assert_string_equal(back.worker, rq.worker);
}

static void test_request_format_refuses(void **state)
{
    char buf[GW_CTL_REQUEST_MAX + 1];
    gw_ctl_request rq;
    (void)state;

    memset(&rq, 0, sizeof(rq));
    rq.verb = GW_CTL_RESTART;               /* needs a group */
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    strcpy(rq.group, "my shop");
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    rq.verb = 0;
    strcpy(rq.group, "shop");
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    rq.verb = GW_CTL_STATUS;
    rq.follow = 1;                          /* only logs follows */
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    rq.follow = 0;
    memset(rq.group, 'x', sizeof(rq.group));  /* no NUL in it */
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    strcpy(rq.group, "shop");
    rq.verb = GW_CTL_STOP_WORKER;           /* needs a worker */
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    strcpy(rq.worker, "a b");
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
    strcpy(rq.worker, "celery");
    rq.verb = GW_CTL_RELOAD_WORKERS;        /* takes none */
    assert_int_equal(gw_ctl_request_format(&rq, buf, sizeof(buf)), -1);
}

/* ---- relays and answers ----------------------------------------------- */

static int relay_n(const char *text, size_t len, gw_ctl_relay *r,
                   const char **why)
{
    char *buf = dup_exact(text, len);
    int rc = gw_ctl_relay_parse(buf, len, r, why);
    free(buf);
    return rc;
}

static void test_relay_parse_and_format(void **state)
{
    static const char text[] = "7 1001 4242 gwtest-dev stop-worker shop "
                               "celery\n";
    gw_ctl_relay r;
    const char *why = NULL;
    char out[GW_CTL_RELAY_MAX + 1];
    (void)state;

    assert_int_equal(relay_n(text, strlen(text), &r, &why), 0);
    assert_int_equal(r.id, 7);
    assert_int_equal(r.uid, 1001);
    assert_int_equal(r.pid, 4242);
    assert_string_equal(r.user, "gwtest-dev");
    assert_int_equal(r.rq.verb, GW_CTL_STOP_WORKER);
    assert_string_equal(r.rq.worker, "celery");
    assert_int_equal(gw_ctl_relay_format(&r, out, sizeof(out)),
                     (int)strlen(text));
    assert_string_equal(out, text);
    /* The largest numbers, root, no name. */
    static const char big[] = "2147483647 4294967294 2147483647 ? "
                              "reload-workers shop\n";
    assert_int_equal(relay_n(big, strlen(big), &r, &why), 0);
    assert_int_equal(r.uid, 4294967294UL);
    static const char root[] = "1 0 1 root status\n";
    assert_int_equal(relay_n(root, strlen(root), &r, &why), 0);
    assert_int_equal(r.uid, 0);
    /* Not formatted: id 0, a name with a space, no request. */
    r.id = 0;
    assert_int_equal(gw_ctl_relay_format(&r, out, sizeof(out)), -1);
    r.id = 1;
    strcpy(r.user, "a b");
    assert_int_equal(gw_ctl_relay_format(&r, out, sizeof(out)), -1);
    strcpy(r.user, "root");
    r.rq.verb = 0;
    assert_int_equal(gw_ctl_relay_format(&r, out, sizeof(out)), -1);
}

static void test_relay_refuses(void **state)
{
    static const char *const bad[] = {
        "",
        "7 1001 4242 dev",
        "7 1001 4242 dev ",
        "0 1001 4242 dev status\n",
        "07 1001 4242 dev status\n",
        "7 01 4242 dev status\n",
        "7  1001 4242 dev status\n",
        "2147483648 1 1 dev status\n",
        "7 4294967295 1 dev status\n",
        "7 1 2147483648 dev status\n",
        "12345678901 1 1 dev status\n",
        "-7 1 1 dev status\n",
        "7 1 1 abcdefghijklmnopqrstuvwxyz0123456 status\n",  /* 33 bytes */
        "7 1 1 dev status\nstatus\n",
        "7 1 1 dev stop-worker shop\n",
        "7 1 1 d\x01v status\n",
        "7 1 1 dev status",
    };
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        gw_ctl_relay r;
        const char *why = NULL;
        if (relay_n(bad[i], strlen(bad[i]), &r, &why) != -1)
            fail_msg("accepted: '%s'", bad[i]);
        assert_non_null(why);
        assert_int_equal(r.rq.verb, 0);
    }
}

static int check(const char *text)
{
    char *buf = dup_exact(text, strlen(text));
    int rc = gw_ctl_reply_check(buf, strlen(text));
    free(buf);
    return rc;
}

static void test_reply_check(void **state)
{
    (void)state;
    assert_int_equal(check("ok\nend\n"), 0);
    assert_int_equal(check("ok\nworker group=shop name=a pid=-\nend\n"), 0);
    assert_int_equal(check("error code=refused message=no\n"), 0);
    assert_int_equal(check(""), -1);
    assert_int_equal(check("ok\n"), -1);
    assert_int_equal(check("ok\nend"), -1);
    assert_int_equal(check("ok\nend\nend\n"), -1);
    assert_int_equal(check("ok\nok\nend\n"), -1);
    assert_int_equal(check("ok\nerror code=x\nend\n"), -1);
    assert_int_equal(check("error code=x\nend\n"), -1);
    assert_int_equal(check("end\n"), -1);
    assert_int_equal(check("ok\nworker a=%41\nend\n"), -1);
    assert_int_equal(check("ok\n\nend\n"), -1);
}

static void test_answer_parse(void **state)
{
    static const char text[] = "42\nok\nend\n";
    unsigned long id = 0;
    size_t off = 0;
    (void)state;

    char *buf = dup_exact(text, strlen(text));
    assert_int_equal(gw_ctl_answer_parse(buf, strlen(text), &id, &off), 0);
    assert_int_equal(id, 42);
    assert_int_equal(off, 3);
    free(buf);
    static const char *const bad[] = {
        "", "42", "42\n", "042\nok\nend\n", "0\nok\nend\n",
        "42 \nok\nend\n", "2147483648\nok\nend\n", "42\nok\n",
        "x\nok\nend\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        buf = dup_exact(bad[i], strlen(bad[i]));
        if (gw_ctl_answer_parse(buf, strlen(bad[i]), &id, &off) != -1)
            fail_msg("accepted: '%s'", bad[i]);
        free(buf);
    }
}

static void test_name_ok(void **state)
{
    char name[GW_CTL_NAME_MAX + 2];
    (void)state;

    assert_true(gw_ctl_name_ok("shop"));
    assert_true(gw_ctl_name_ok("~"));
    assert_false(gw_ctl_name_ok(""));
    assert_false(gw_ctl_name_ok("my shop"));
    assert_false(gw_ctl_name_ok("sh\xc3\xb6p"));
    memset(name, 'n', GW_CTL_NAME_MAX);
    name[GW_CTL_NAME_MAX] = '\0';
    assert_true(gw_ctl_name_ok(name));
    name[GW_CTL_NAME_MAX] = 'n';
    name[GW_CTL_NAME_MAX + 1] = '\0';
    assert_false(gw_ctl_name_ok(name));
}

/* ---- reply records ---------------------------------------------------- */

static void test_encode(void **state)
{
    char out[64];
    (void)state;

    assert_int_equal(gw_ctl_encode(out, sizeof(out), "running"), 7);
    assert_string_equal(out, "running");
    assert_int_equal(gw_ctl_encode(out, sizeof(out), "not started"), 13);
    assert_string_equal(out, "not%20started");
    assert_int_equal(gw_ctl_encode(out, sizeof(out), "100%\n\xff="), 13);
    assert_string_equal(out, "100%25%0A%FF=");
    assert_int_equal(gw_ctl_encode(out, sizeof(out), ""), 0);
    assert_string_equal(out, "");
    /* Too small: as snprintf, the length needed, and a terminated cut. */
    assert_int_equal(gw_ctl_encode(out, 4, "a b"), 5);
    assert_string_equal(out, "a%2");
    assert_int_equal(gw_ctl_encode(NULL, 0, "a b"), 5);
}

static void test_record_parse(void **state)
{
    char line[] = "process group=shop slot=0 state=not%20started "
                  "last_exit=exited%20with%20status%20109%20(100%25) "
                  "empty=";
    gw_ctl_record rec;
    (void)state;

    assert_int_equal(gw_ctl_record_parse(line, &rec), 0);
    assert_string_equal(rec.kind, "process");
    assert_int_equal(rec.n, 5);
    assert_string_equal(gw_ctl_record_get(&rec, "group"), "shop");
    assert_string_equal(gw_ctl_record_get(&rec, "slot"), "0");
    assert_string_equal(gw_ctl_record_get(&rec, "state"), "not started");
    assert_string_equal(gw_ctl_record_get(&rec, "last_exit"),
                        "exited with status 109 (100%)");
    assert_string_equal(gw_ctl_record_get(&rec, "empty"), "");
    assert_null(gw_ctl_record_get(&rec, "pid"));

    char bare[] = "end";
    assert_int_equal(gw_ctl_record_parse(bare, &rec), 0);
    assert_string_equal(rec.kind, "end");
    assert_int_equal(rec.n, 0);
}

static void test_record_round_trip_every_byte(void **state)
{
    char value[256], enc[3 * 256 + 1], line[3 * 256 + 16];
    gw_ctl_record rec;
    (void)state;

    for (int i = 1; i < 256; i++)
        value[i - 1] = (char)i;
    value[255] = '\0';
    assert_true(gw_ctl_encode(enc, sizeof(enc), value) < sizeof(enc));
    snprintf(line, sizeof(line), "x v=%s", enc);
    assert_int_equal(gw_ctl_record_parse(line, &rec), 0);
    assert_string_equal(gw_ctl_record_get(&rec, "v"), value);
}

static void test_record_refuses(void **state)
{
    static const char *const bad[] = {
        "",
        " ok",
        "ok ",
        "ok  a=1",
        "Ok",
        "ok a",
        "ok =1",
        "ok A=1",
        "ok a=1 ",
        "ok a=1 a=2",
        "ok a=x y",
        "ok a=%41",             /* A needs no encoding: one spelling */
        "ok a=%2",
        "ok a=%",
        "ok a=%2g",
        "ok a=%2a",             /* upper-case hex only */
        "ok a=%00",
        "ok a=\x01",
        "ok a=\xff",
        "ok a=b%",
        "ok abcdefghijklmnopqrstuvwxyz012345=1",     /* a 32-byte key */
    };
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *line = strdup(bad[i]);
        gw_ctl_record rec;
        assert_non_null(line);
        if (gw_ctl_record_parse(line, &rec) != -1)
            fail_msg("accepted: '%s'", bad[i]);
        free(line);
    }
}

static void test_record_limits(void **state)
{
    char line[GW_CTL_LINE_MAX + 64];
    gw_ctl_record rec;
    size_t n;
    (void)state;

    /* GW_CTL_FIELDS_MAX fields, then one more. */
    n = (size_t)snprintf(line, sizeof(line), "x");
    for (int i = 0; i < GW_CTL_FIELDS_MAX; i++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, " k%d=%d", i, i);
    char *copy = strdup(line);
    assert_int_equal(gw_ctl_record_parse(copy, &rec), 0);
    assert_int_equal(rec.n, GW_CTL_FIELDS_MAX);
    free(copy);
    snprintf(line + n, sizeof(line) - n, " k%d=1", GW_CTL_FIELDS_MAX);
    copy = strdup(line);
    assert_int_equal(gw_ctl_record_parse(copy, &rec), -1);
    free(copy);

    /* The longest line, its LF included, is GW_CTL_LINE_MAX. */
    memset(line, 'v', sizeof(line));
    memcpy(line, "x v=", 4);
    line[GW_CTL_LINE_MAX - 1] = '\0';
    copy = strdup(line);
    assert_int_equal(gw_ctl_record_parse(copy, &rec), 0);
    free(copy);
    line[GW_CTL_LINE_MAX - 1] = 'v';
    line[GW_CTL_LINE_MAX] = '\0';
    copy = strdup(line);
    assert_int_equal(gw_ctl_record_parse(copy, &rec), -1);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_parse),
        cmocka_unit_test(test_request_longest_name),
        cmocka_unit_test(test_request_refuses),
        cmocka_unit_test(test_request_refuses_a_nul),
        cmocka_unit_test(test_request_refuses_more_than_the_maximum),
        cmocka_unit_test(test_request_format_round_trip),
        cmocka_unit_test(test_request_format_refuses),
        cmocka_unit_test(test_relay_parse_and_format),
        cmocka_unit_test(test_relay_refuses),
        cmocka_unit_test(test_reply_check),
        cmocka_unit_test(test_answer_parse),
        cmocka_unit_test(test_name_ok),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_record_parse),
        cmocka_unit_test(test_record_round_trip_every_byte),
        cmocka_unit_test(test_record_refuses),
        cmocka_unit_test(test_record_limits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
