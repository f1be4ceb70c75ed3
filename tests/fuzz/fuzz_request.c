/*
 * fuzz_request.c - libFuzzer target: the daemon's view of a request.
 *
 * The input is treated as what the daemon reads from its socket: a uwsgi
 * header and a vars block bounded by both the datasize and the bytes that
 * actually arrived.  Besides "no crash, no out-of-bounds read", it checks
 * properties that the daemon relies on:
 *   - whatever decodes re-encodes to exactly the same bytes, so the
 *     decoder and encoder agree on the format;
 *   - a smaller pair array gives GW_ETOOMANY exactly when it is too small;
 *   - gw_kv_find returns the first pair with an exactly equal key;
 *   - a hook call (gw_hook_decode) names a known hook and has each
 *     of its arguments, the first of its name, without a NUL; anything
 *     else is no hook at all.
 *
 * Build:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
 *       tests/fuzz/fuzz_request.c proto/gw_proto.c proto/gw_hook.c \
 *       -o /tmp/fuzz_request
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_hook.h"
#include "gw_proto.h"

/* The smallest pair is 4 bytes, so a 64 KiB block holds at most this. */
#define MAX_PAIRS  (GW_VARS_MAX / 4 + 1)
#define SMALL_MAX  8

static gw_kv kv[MAX_PAIRS];
static gw_kv kv_small[SMALL_MAX];
static unsigned char reenc[GW_UWSGI_HDR_LEN + GW_VARS_MAX];

static void check_find(const gw_kv *pairs, size_t n, const char *key)
{
    const gw_kv *hit = gw_kv_find(pairs, n, key);
    size_t klen = strlen(key), i;

    for (i = 0; i < n; i++) {
        if (pairs[i].klen == klen && memcmp(pairs[i].key, key, klen) == 0) {
            break;
        }
    }
    if (i == n ? hit != NULL : hit != &pairs[i]) {
        abort();
    }
    if (hit && hit->vlen) {
        /* Touch the value so ASan sees any bad pointer. */
        volatile char c = hit->val[hit->vlen - 1];
        (void)c;
    }
}

static void check_hook(const gw_kv *pairs, size_t n)
{
    gw_hook_call c;
    const gw_kv *h = gw_kv_find(pairs, n, GW_VAR_HOOK);
    int rc = gw_hook_decode(pairs, n, &c), nargs;

    if (rc != GW_OK) {
        if (rc != GW_EBADVALUE || c.hook != 0 || c.nargs != 0)
            abort();
        return;
    }
    if (!h) {
        if (c.hook != 0)
            abort();
        return;
    }
    const char *fn = gw_hook_function(c.hook);
    const char *const *names = gw_hook_args(c.hook, &nargs);
    if (!fn || strlen(fn) != h->vlen || memcmp(fn, h->val, h->vlen) != 0
        || nargs != c.nargs)
        abort();
    for (int i = 0; i < nargs; i++) {
        const gw_kv *a = gw_kv_find(pairs, n, names[i]);
        if (!a || c.arg[i] != a->val || c.arglen[i] != a->vlen
            || (a->vlen && memchr(a->val, '\0', a->vlen)))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t datasize, avail, n, n_small, i, plen;
    unsigned char *vars;
    gw_enc e;
    int rc, rc_small;

    if (size < GW_UWSGI_HDR_LEN) {
        return 0;
    }
    if (gw_req_parse_header(data, &datasize) != GW_OK) {
        return 0;
    }
    if (datasize > GW_VARS_MAX) {
        abort();
    }
    avail = size - GW_UWSGI_HDR_LEN;
    if (avail > datasize) {
        avail = datasize;     /* the rest would be the request body */
    }

    /* Exact-size copy so a read one byte past the block is caught even
     * when more input (the body) follows it. */
    vars = malloc(avail ? avail : 1);
    if (vars == NULL) {
        return 0;
    }
    memcpy(vars, data + GW_UWSGI_HDR_LEN, avail);

    rc = gw_kv_decode(vars, avail, kv, MAX_PAIRS, &n);
    rc_small = gw_kv_decode(vars, avail, kv_small, SMALL_MAX, &n_small);
    if (rc != GW_OK && rc != GW_ETRUNC) {
        abort();              /* MAX_PAIRS can never be too few */
    }
    if (rc == GW_OK) {
        if (n <= SMALL_MAX ? (rc_small != GW_OK || n_small != n)
                           : rc_small != GW_ETOOMANY) {
            abort();
        }
    }
    else if (n != 0 || (rc_small != GW_ETRUNC && rc_small != GW_ETOOMANY)) {
        abort();
    }
    if (rc != GW_OK) {
        free(vars);
        return 0;
    }

    check_find(kv, n, GW_VAR_SCRIPT);
    check_find(kv, n, GW_VAR_APP_GROUP);
    check_find(kv, n, GW_VAR_CALLABLE);
    check_hook(kv, n);

    /* Round trip: the decoded pairs must encode back to the same bytes. */
    gw_req_begin(&e, reenc, sizeof(reenc));
    for (i = 0; i < n; i++) {
        if (gw_enc_add(&e, kv[i].key, kv[i].klen,
                       kv[i].val, kv[i].vlen) != GW_OK) {
            abort();
        }
    }
    plen = gw_req_finish(&e);
    if (plen != GW_UWSGI_HDR_LEN + avail
        || memcmp(reenc + GW_UWSGI_HDR_LEN, vars, avail) != 0
        || reenc[0] != data[0] || reenc[3] != data[3]) {
        abort();
    }
    /* With the whole block present the header must match too. */
    if (avail == datasize && memcmp(reenc, data, GW_UWSGI_HDR_LEN) != 0) {
        abort();
    }
    free(vars);
    return 0;
}
