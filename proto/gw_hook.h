/*
 * gw_hook.h - mod_wsgi's hook scripts as a request to a daemon, and the
 * daemon's answer.
 *
 * WSGIAuthUserScript, WSGIAuthGroupScript and WSGIAccessScript name a
 * script whose function Apache calls during its access checks;
 * WSGIDispatchScript one whose process_group(), application_group() and
 * callable_object() choose where a WSGI request runs.  Python never runs
 * in an Apache child, so the call goes to a daemon process as a request
 * packet like any other (gw_proto.h), with no body and more control
 * values:
 *
 *   gateway.hook       the hook: check_password, get_realm_hash,
 *                      groups_for_user, allow_access (the function it
 *                      calls) or dispatch (all three dispatch functions
 *                      the script defines, in one round trip)
 *   gateway.user       its arguments after environ, as the hook takes
 *   gateway.password   them (gw_hook_args): (user, password), (user,
 *   gateway.realm      realm), (user), (host); dispatch takes none
 *   gateway.host
 *   gateway.content_length
 *                      dispatch: the request's CONTENT_LENGTH, for the
 *                      functions' environ (under its own name the
 *                      daemon would wait for a body the call lacks)
 *
 * The daemon answers START, then one ANSWER frame (GW_FRAME_ANSWER) and
 * END or END_KEEP; or START and ABORT when the function raised or
 * returned something it may not.  The ANSWER payload:
 *
 *   byte 0    the answer: GW_ANSWER_NONE (None), _TRUE, _FALSE, _TEXT
 *             (one item: the user name check_password may return, or
 *             get_realm_hash's hash), _LIST (groups_for_user's group
 *             names, zero or more items) or _NAMES (dispatch's)
 *   byte 1    _NAMES only: which names follow, bit i for name i
 *             (GW_NAME_*: process group, application group, callable
 *             object); a clear bit is None, "keep the configured one";
 *             the other bits are 0
 *   items     back to back, each u16le len (1..GW_ANSWER_ITEM_MAX; for
 *             _NAMES 0..GW_ANSWER_ITEM_MAX, "" being a name a function
 *             may return) and that many bytes, none of them a control
 *             character; for _NAMES exactly one per bit set, in order
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
#define GW_VAR_CONTENT_LENGTH "gateway.content_length"

enum gw_hook {
    GW_HOOK_CHECK_PASSWORD  = 1,   /* (environ, user, password) */
    GW_HOOK_GET_REALM_HASH  = 2,   /* (environ, user, realm) */
    GW_HOOK_GROUPS_FOR_USER = 3,   /* (environ, user) */
    GW_HOOK_ALLOW_ACCESS    = 4,   /* (environ, host) */
    GW_HOOK_DISPATCH        = 5    /* process_group(environ), ... */
};
#define GW_HOOK_MAX        GW_HOOK_DISPATCH
#define GW_HOOK_ARGS_MAX   2

enum gw_answer {
    GW_ANSWER_NONE  = 0,
    GW_ANSWER_TRUE  = 1,
    GW_ANSWER_FALSE = 2,
    GW_ANSWER_TEXT  = 3,
    GW_ANSWER_LIST  = 4,
    GW_ANSWER_NAMES = 5
};

/* The names of a dispatch answer, in order; each the answer of the
 * dispatch function gw_dispatch_function() names. */
enum gw_name {
    GW_NAME_PROCESS_GROUP     = 0,
    GW_NAME_APPLICATION_GROUP = 1,
    GW_NAME_CALLABLE_OBJECT   = 2
};
#define GW_DISPATCH_NAMES  3

/* A user name, a hash or a group name longer than this is no answer any
 * real script gives; refusing it bounds what the Apache child copies. */
#define GW_ANSWER_ITEM_MAX 1024
/* The largest ANSWER payload: it must fit the Apache child's read
 * buffer with room to spare (module/gw_link.h, GW_READ_BUF). */
#define GW_ANSWER_MAX      (60u << 10)

/* The hook's name in gateway.hook: the Python function an auth hook
 * calls ("check_password", ...) or "dispatch"; NULL for a number that is
 * no hook. */
const char *gw_hook_function(int hook);

/* The dispatch function whose answer is name i (GW_NAME_*):
 * "process_group", "application_group" or "callable_object"; NULL for
 * another i. */
const char *gw_dispatch_function(int i);

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
 * allow_access: None, True or False; dispatch: names). */
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
/* Whether p[0, len) may be a dispatch name: at most GW_ANSWER_ITEM_MAX
 * bytes, no control character ("" is one). */
int gw_answer_name_ok(const char *p, size_t len);

/* The names of a _NAMES answer, after gw_answer_begin(): name[i] of
 * len[i] bytes, or NULL for None.  Writes the byte saying which follow,
 * then each: GW_OK, or GW_EBADVALUE (a name longer than
 * GW_ANSWER_ITEM_MAX or holding a control character) or GW_ETOOBIG; the
 * error sticks.  Called once. */
int gw_answer_names(gw_answer_enc *e,
                    const char *const name[GW_DISPATCH_NAMES],
                    const size_t len[GW_DISPATCH_NAMES]);
/* The payload's length, or 0 when anything failed (or cap < 1). */
size_t gw_answer_finish(const gw_answer_enc *e);

typedef struct {
    const char *p;     /* into the payload, not NUL-terminated */
    size_t len;
} gw_answer_item;

/* Decodes an ANSWER payload for hook.  GW_OK with *answer, and *n items
 * (at most max) pointing into p: exactly one for GW_ANSWER_TEXT, none for
 * NONE/TRUE/FALSE, any number for LIST; for NAMES always
 * GW_DISPATCH_NAMES, item i name i (GW_NAME_*), its p NULL for None.
 * Otherwise GW_ETRUNC (empty, or an item or the NAMES byte cut short),
 * GW_EBADTYPE (an answer the hook cannot give, a NAMES byte with an
 * unknown bit, or the wrong number of items), GW_EBADVALUE (an item
 * empty where it may not be, too long or with a control character),
 * GW_ETOOBIG (over GW_ANSWER_MAX) or GW_ETOOMANY (more than max items);
 * then *answer is -1 and *n 0. */
int gw_answer_decode(int hook, const unsigned char *p, size_t len,
                     int *answer, gw_answer_item *items, size_t max,
                     size_t *n);

#endif
