/*
 * test_proxy.c - cmocka unit tests for module/gw_proxy.c, trusted
 * front-end proxy headers (WSGITrustedProxyHeaders, WSGITrustedProxies):
 * what a request's CGI variables become, on a request_rec that holds just
 * what gw_proxy_apply reads (its pool, subprocess_env, useragent_ip).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "apr_general.h"
#include "apr_strings.h"
#include "gw_proxy.h"

static apr_pool_t *pool;

typedef struct {
    request_rec r;
    gw_proxy_conf c;
} fixture;

static int setup(void **state)
{
    fixture *f;
    apr_pool_create(&pool, NULL);
    f = apr_pcalloc(pool, sizeof(*f));
    f->r.pool = pool;
    f->r.subprocess_env = apr_table_make(pool, 8);
    f->r.useragent_ip = "10.0.0.1";
    apr_table_set(f->r.subprocess_env, "REMOTE_ADDR", "10.0.0.1");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    apr_pool_destroy(pool);
    return 0;
}

static void env(fixture *f, const char *k, const char *v)
{
    apr_table_set(f->r.subprocess_env, k, v);
}

static const char *get(fixture *f, const char *k)
{
    return apr_table_get(f->r.subprocess_env, k);
}

static void trust(fixture *f, const char *header)
{
    assert_null(gw_proxy_add_header(pool, &f->c, header));
}

static void proxy(fixture *f, const char *net)
{
    assert_null(gw_proxy_add_proxy(pool, &f->c, net));
}

static void test_nothing_trusted_leaves_the_request_alone(void **state)
{
    fixture *f = *state;
    env(f, "HTTP_X_FORWARDED_FOR", "1.2.3.4");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REMOTE_ADDR"), "10.0.0.1");
    assert_string_equal(get(f, "HTTP_X_FORWARDED_FOR"), "1.2.3.4");
}

static void test_trusted_header_sets_the_client_and_aliases_go(void **s)
{
    fixture *f = *s;
    trust(f, "X-Forwarded-For");
    env(f, "HTTP_X_FORWARDED_FOR", "1.2.3.4, 5.6.7.8");
    env(f, "HTTP_X_REAL_IP", "6.6.6.6");       /* an alias: forged */
    env(f, "HTTP_X_CLIENT_IP", "6.6.6.6");
    gw_proxy_apply(&f->r, &f->c);
    /* No proxy list: every hop is trusted, the leftmost is the client. */
    assert_string_equal(get(f, "REMOTE_ADDR"), "1.2.3.4");
    assert_non_null(get(f, "HTTP_X_FORWARDED_FOR"));
    assert_null(get(f, "HTTP_X_REAL_IP"));
    assert_null(get(f, "HTTP_X_CLIENT_IP"));
}

static void test_with_proxies_the_first_untrusted_hop_from_the_right(void **s)
{
    fixture *f = *s;
    trust(f, "X-Forwarded-For");
    proxy(f, "10.0.0.0/8");
    /* 1.2.3.4 was written by the client: not believed. */
    env(f, "HTTP_X_FORWARDED_FOR", "1.2.3.4,5.6.7.8,\t10.9.9.9");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REMOTE_ADDR"), "5.6.7.8");
}

static void test_every_hop_a_proxy_gives_the_leftmost(void **state)
{
    fixture *f = *state;
    trust(f, "X-Forwarded-For");
    proxy(f, "10.0.0.0/8");
    env(f, "HTTP_X_FORWARDED_FOR", "10.1.1.1, 10.2.2.2");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REMOTE_ADDR"), "10.1.1.1");
}

static void test_an_empty_list_changes_nothing(void **state)
{
    fixture *f = *state;
    trust(f, "X-Forwarded-For");
    env(f, "HTTP_X_FORWARDED_FOR", " , ,");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REMOTE_ADDR"), "10.0.0.1");
}

static void test_from_a_client_that_is_no_proxy_the_header_goes(void **s)
{
    fixture *f = *s;
    trust(f, "X-Forwarded-For");
    trust(f, "X-Forwarded-Proto");
    proxy(f, "10.0.0.0/8");
    f->r.useragent_ip = "192.0.2.9";
    apr_table_set(f->r.subprocess_env, "REMOTE_ADDR", "192.0.2.9");
    env(f, "HTTP_X_FORWARDED_FOR", "1.2.3.4");
    env(f, "HTTP_X_FORWARDED_PROTO", "https");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REMOTE_ADDR"), "192.0.2.9");
    assert_null(get(f, "HTTP_X_FORWARDED_FOR"));
    assert_null(get(f, "HTTP_X_FORWARDED_PROTO"));
    assert_null(get(f, "HTTPS"));
}

static void test_scheme_host_and_port(void **state)
{
    fixture *f = *state;
    trust(f, "X-Forwarded-Proto");
    trust(f, "X-Forwarded-Host");
    trust(f, "X-Forwarded-Port");
    env(f, "HTTP_X_FORWARDED_PROTO", "HTTPS");
    env(f, "HTTP_X_SCHEME", "http");           /* alias: goes */
    env(f, "HTTP_X_FORWARDED_HOST", "shop.example");
    env(f, "HTTP_X_FORWARDED_PORT", "8443");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REQUEST_SCHEME"), "https");
    assert_string_equal(get(f, "HTTPS"), "on");
    assert_null(get(f, "HTTP_X_SCHEME"));
    assert_string_equal(get(f, "HTTP_HOST"), "shop.example");
    assert_string_equal(get(f, "SERVER_PORT"), "8443");

    /* "http" from the proxy turns HTTPS off. */
    env(f, "HTTP_X_FORWARDED_PROTO", "http");
    gw_proxy_apply(&f->r, &f->c);
    assert_string_equal(get(f, "REQUEST_SCHEME"), "http");
    assert_null(get(f, "HTTPS"));
}

static void test_bad_directive_arguments_are_refused(void **state)
{
    fixture *f = *state;
    const char *e = gw_proxy_add_header(pool, &f->c, "X-Forwarded For");
    assert_non_null(e);
    assert_non_null(strstr(e, "GW00040"));
    e = gw_proxy_add_header(pool, &f->c, "X-Unknown");
    assert_non_null(strstr(e, "GW00041"));
    e = gw_proxy_add_proxy(pool, &f->c, "10.0.0.0/33");
    assert_non_null(strstr(e, "GW00042"));
    e = gw_proxy_add_proxy(pool, &f->c, "not-an-ip");
    assert_non_null(strstr(e, "GW00042"));
    assert_null(gw_proxy_add_proxy(pool, &f->c, "::1"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_nothing_trusted_leaves_the_request_alone),
        T(test_trusted_header_sets_the_client_and_aliases_go),
        T(test_with_proxies_the_first_untrusted_hop_from_the_right),
        T(test_every_hop_a_proxy_gives_the_leftmost),
        T(test_an_empty_list_changes_nothing),
        T(test_from_a_client_that_is_no_proxy_the_header_goes),
        T(test_scheme_host_and_port),
        T(test_bad_directive_arguments_are_refused),
    };
    apr_initialize();
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    apr_terminate();
    return rc;
}
