/*
 * gw_request.c - one request in a daemon worker thread (gw_request.h).
 */
#include "gw_request.h"
#include "gw_delegation.h"
#include "gw_exit.h"
#include "gw_hook.h"
#include "gw_log.h"
#include "gw_reload.h"
#include "gw_scriptowner.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static gw_recycle_fn recycle;

void gw_request_setup(gw_recycle_fn fn)
{
    recycle = fn;
}

int gw_request_init(gw_request *q)
{
    memset(q->kv, 0, sizeof(q->kv));
    q->script[0] = '\0';
    if (gw_conn_init(&q->conn) < 0)
        return -1;
    q->py = gw_worker_new();
    return q->py ? 0 : -1;
}

void gw_request_idle(gw_request *q)
{
    gw_conn_release(&q->conn);
    gw_release_pages(q->kv, sizeof(q->kv));
    gw_worker_idle(q->py);
}

static const gw_kv *request_var(gw_request *q, size_t n, const char *key)
{
    return gw_kv_find(q->kv, n, key);
}

/* START (this process takes the request) or RETRY (it is stale and takes
 * nothing), with our pid (see gw_proto.h).  Flushed at once: the Apache
 * child sends the body only after START. */
static int request_send_first(gw_request *q, unsigned type)
{
    unsigned char pid[GW_START_LEN];

    gw_pid_encode(pid, (uint32_t)getpid());
    if (gw_conn_frame(&q->conn, type, pid, sizeof(pid)) < 0
        || gw_conn_flush(&q->conn) < 0)
        return -1;
    return 0;
}

static void request_handle(gw_request *q, size_t n, int64_t taken_us)
{
    const gw_kv *script = request_var(q, n, GW_VAR_SCRIPT);
    const gw_kv *group = request_var(q, n, GW_VAR_APP_GROUP);
    const gw_kv *callable = request_var(q, n, GW_VAR_CALLABLE);
    const gw_kv *uri = request_var(q, n, "REQUEST_URI");
    const char *uris = uri ? uri->val : "?";
    int urilen = uri ? uri->vlen : 1;

    /* First of all: a packet without this generation's secret (or with
     * a control value twice) causes nothing but its refusal, whatever
     * else it says. */
    if (!gw_delegation_authentic(q->kv, n, uris, urilen)) {
        if (request_send_first(q, GW_FRAME_START) == 0)
            gw_conn_abort(&q->conn, "request refused by the daemon");
        return;
    }
    if (!script || script->vlen == 0 || script->vlen >= sizeof(q->script)
        || memchr(script->val, '\0', script->vlen)) {
        gw_log(GW_LOG_ERR, "GW04019: request %.*s carries no usable %s "
               "(absent, empty, too long or holding NUL); answered with an "
               "error", urilen, uris, GW_VAR_SCRIPT);
        if (request_send_first(q, GW_FRAME_START) == 0)
            gw_conn_abort(&q->conn, "no WSGI script");
        return;
    }
    memcpy(q->script, script->val, script->vlen);
    q->script[script->vlen] = '\0';
    /* A stale process takes nothing: the Apache child sends the request
     * again, to a process that loads the new code. */
    const char *stale = gw_reload_stale(q->script);
    if (stale) {
        if (recycle && recycle(GW_EXIT_RELOAD))
            gw_log(GW_LOG_INFO, "GW04070: %s (request %.*s): recycling this "
                   "process; the request goes to a fresh one", stale,
                   urilen, uris);
        (void)request_send_first(q, GW_FRAME_RETRY);
        return;
    }
    if (request_send_first(q, GW_FRAME_START) < 0)
        return;
    if (!gw_delegation_allows(q->script, uris, urilen)) {
        gw_conn_abort(&q->conn, "request refused by the daemon");
        return;
    }
    /* A hook call (gw_hook.h: an auth hook, or a dispatch script's
     * functions) runs functions of the script in place of its
     * application; one that names no hook the module knows is refused
     * before anything is imported. */
    gw_hook_call hook;
    if (gw_hook_decode(q->kv, n, &hook) != GW_OK) {
        gw_log(GW_LOG_ERR, "GW03082: request %.*s for script %s names an "
               "unknown hook (auth or dispatch) in %s, or lacks one of its "
               "arguments; refused, nothing imported", urilen, uris, q->script,
               GW_VAR_HOOK);
        gw_conn_abort(&q->conn, "request refused by the daemon");
        return;
    }
    /* script-user=/script-group=: opened and judged here, and the
     * interpreter reads this descriptor, never the path (so what was
     * judged is what runs).  Every request, as mod_wsgi, though the
     * script is loaded only once: a script whose owner changed is refused
     * from then on. */
    int fd = -1;
    if (gw_scriptowner_required()) {
        char why[GW_SCRIPTOWNER_WHY_MAX];
        fd = gw_scriptowner_open(q->script, uris, urilen, why, sizeof(why));
        if (fd < 0) {
            gw_conn_forbidden(&q->conn, why);
            return;
        }
    }

    gw_app_call call = {
        .conn = &q->conn, .vars = q->kv, .nvars = n, .script = q->script,
        .script_fd = fd,
        .app_group = group ? group->val : "", .aglen = group ? group->vlen : 0,
        .callable = callable ? callable->val : NULL,
        .clen = callable ? callable->vlen : 0, .uri = uris, .urilen = urilen,
        .daemon_start_us = taken_us,
        .hook = hook.hook ? &hook : NULL,
    };
    gw_worker_run(q->py, &call);
    if (fd >= 0)
        close(fd);
}

/* Microseconds since the epoch, as mod_wsgi's times are. */
static int64_t request_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int gw_request_serve(gw_request *q, int may_keep)
{
    /* mod_wsgi.daemon_start: a worker takes the request. */
    int64_t taken_us = request_now_us();
    size_t n;

    q->conn.may_keep = may_keep;
    if (gw_conn_decode_request(&q->conn, q->kv, GW_MAX_VARS, &n) == 0)
        request_handle(q, n, taken_us);
    q->conn.fd = -1;
    return q->conn.kept;
}

/* Copies n bytes at p if they lie inside [lo, lo + cap). */
static int describe_in(const unsigned char *lo, size_t cap, const char *p,
                       size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    return u && u >= lo && n <= cap && (size_t)(u - lo) <= cap - n;
}

size_t gw_request_describe(const gw_request *q, char *buf, size_t cap)
{
    const unsigned char *rb = q->conn.rbuf;
    size_t rcap = q->conn.rcap, slen = strnlen(q->script, sizeof(q->script));
    const char *uri = NULL;
    int ulen = 0;

    if (cap == 0)
        return 0;
    buf[0] = '\0';
    if (slen == 0 || slen == sizeof(q->script) || !rb)
        return 0;
    /* The pairs decoded for this request come first; every pointer is
     * checked against rbuf, so a torn read cannot leave it. */
    for (size_t i = 0; i < GW_MAX_VARS; i++) {
        gw_kv kv = q->kv[i];
        if (!describe_in(rb, rcap, kv.key, kv.klen))
            break;
        if (kv.klen == 11 && memcmp(kv.key, "REQUEST_URI", 11) == 0) {
            if (describe_in(rb, rcap, kv.val, kv.vlen)) {
                uri = kv.val;
                ulen = kv.vlen > 200 ? 200 : kv.vlen;
            }
            break;
        }
    }
    int sl = slen > 300 ? 300 : (int)slen;
    int n = uri ? snprintf(buf, cap, "the request for %.*s (script %.*s)",
                           ulen, uri, sl, q->script)
                : snprintf(buf, cap, "a request for script %.*s", sl,
                           q->script);
    /* The URI may hold control characters: gw_log() escapes the line. */
    return n > 0 ? ((size_t)n < cap ? (size_t)n : cap - 1) : 0;
}
