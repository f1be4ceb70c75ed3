/*
 * gw_hook.h - mod_wsgi's auth hooks as a request to a daemon, and the
 * daemon's answer.
 *
 * WSGIAuthUserScript, WSGIAuthGroupScript and WSGIAccessScript name a
 * script whose function Apache calls during its access checks.  Python
 * never runs in an Apache child, so the call goes to a daemon process as
 * a request packet like any other (gw_proto.h), with no body and three
 * more control values:
 *
 *   gateway.hook       the function: check_password, get_realm_hash,
 *                      groups_for_user or allow_access
 *   gateway.user       its arguments after environ, as the hook takes
 *   gateway.password   them (gw_hook_args): (user, password), (user,
 *   gateway.realm      realm), (user), (host)
 *   gateway.host
 *
 * The daemon answers START, then one ANSWER frame (GW_FRAME_ANSWER) and
 * END or END_KEEP; or START and ABORT when the function raised or
 * returned something it may not.  The ANSWER payload:
 *
 *   byte 0    the answer: GW_ANSWER_NONE (None), _TRUE, _FALSE, _TEXT
 *             (one item: the user name check_password may return, or
 *             get_realm_hash's hash) or _LIST (groups_for_user's group
 *             names, zero or more items)
 *   items     back to back, each u16le len (1..GW_ANSWER_ITEM_MAX) and
 *             that many bytes, none of them a control character
 *
 * The daemon runs application code, so the Apache child decodes the
 * answer as hostile (gw_answer_decode): an answer the hook cannot give,
 * an item out of bounds or a stray byte is an error, and an error is
 * never taken for "granted".
 *
 * Pure C11: no APR, no httpd, no Python (linked everywhere gw_proto.c is).
 */
#ifndef GW_HOOK_H
#define GW_HOOK_H

#include <stddef.h>
#include <stdint.h>

#include "gw_proto.h"

#define GW_VAR_HOOK        "gateway.hook"
#define GW_VAR_USER        "gateway.user"
#define GW_VAR_PASSWORD    "gateway.password"
#define GW_VAR_REALM       "gateway.realm"
#define GW_VAR_HOST        "gateway.host"

enum gw_hook {
    GW_HOOK_CHECK_PASSWORD  = 1,   /* (environ, user, password) */
    GW_HOOK_GET_REALM_HASH  = 2,   /* (environ, user, realm) */
    GW_HOOK_GROUPS_FOR_USER = 3,   /* (environ, user) */
    GW_HOOK_ALLOW_ACCESS    = 4    /* (environ, host) */
};
#define GW_HOOK_MAX        GW_HOOK_ALLOW_ACCESS
#define GW_HOOK_ARGS_MAX   2

enum gw_answer {
    GW_ANSWER_NONE  = 0,
    GW_ANSWER_TRUE  = 1,
    GW_ANSWER_FALSE = 2,
    GW_ANSWER_TEXT  = 3,
    GW_ANSWER_LIST  = 4
};

/* A user name, a hash or a group name longer than this is no answer any
 * real script gives; refusing it bounds what the Apache child copies. */
#define GW_ANSWER_ITEM_MAX 1024
/* The largest ANSWER payload: it must fit the Apache child's read
 * buffer with room to spare (module/gw_link.h, GW_READ_BUF). */
#define GW_ANSWER_MAX      (60u << 10)

/* The Python function a hook calls ("check_password", ...), or NULL for
 * a number that is no hook. */
const char *gw_hook_function(int hook);

/* The control values holding hook's arguments, in call order; *n gets
 * their count (0 for no hook). */
const char *const *gw_hook_args(int hook, int *n);

/* A hook call as the daemon decoded it: pointers into the packet. */
typedef struct {
    int hook;                              /* 0: a WSGI request */
    const char *arg[GW_HOOK_ARGS_MAX];
    size_t arglen[GW_HOOK_ARGS_MAX];
    int nargs;
} gw_hook_call;

/* From a request's vars: GW_OK with out->hook 0 when there is no
 * gateway.hook (a WSGI request), GW_OK with the hook and its arguments,
 * or GW_EBADVALUE (out->hook 0) when the hook is unknown or an argument
 * is absent or holds a NUL byte (it goes to Python as a C string). */
int gw_hook_decode(const gw_kv *vars, size_t n, gw_hook_call *out);

/* Whether hook may give answer (check_password: None, True, False or a
 * user name; get_realm_hash: None or a hash; groups_for_user: a list;
 * allow_access: None, True or False). */
int gw_answer_allowed(int hook, int answer);

/* Encoder for an ANSWER payload into a caller-owned buffer. */
typedef struct {
    unsigned char *buf;
    size_t cap, len;
    int failed;        /* sticky: GW_ETOOBIG or GW_EBADVALUE, else 0 */
} gw_answer_enc;

void gw_answer_begin(gw_answer_enc *e, unsigned char *buf, size_t cap,
                     int answer);
/* One item: GW_OK, GW_EBADVALUE (empty, longer than GW_ANSWER_ITEM_MAX,
 * or holding a control character) or GW_ETOOBIG (beyond cap or
 * GW_ANSWER_MAX); either error sticks. */
int gw_answer_add(gw_answer_enc *e, const char *item, size_t len);
/* The payload's length, or 0 when anything failed (or cap < 1). */
size_t gw_answer_finish(const gw_answer_enc *e);

typedef struct {
    const char *p;     /* into the payload, not NUL-terminated */
    size_t len;
} gw_answer_item;

/* Decodes an ANSWER payload for hook.  GW_OK with *answer, and *n items
 * (at most max) pointing into p: exactly one for GW_ANSWER_TEXT, none for
 * NONE/TRUE/FALSE, any number for LIST.  Otherwise GW_ETRUNC (empty, or
 * an item cut short), GW_EBADTYPE (an answer the hook cannot give, or
 * the wrong number of items), GW_EBADVALUE (an item empty, too long or
 * with a control character), GW_ETOOBIG (over GW_ANSWER_MAX) or
 * GW_ETOOMANY (more than max items); then *answer is -1 and *n 0. */
int gw_answer_decode(int hook, const unsigned char *p, size_t len,
                     int *answer, gw_answer_item *items, size_t max,
                     size_t *n);

#endif
