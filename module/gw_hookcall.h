/*
 * gw_hookcall.h - one hook call (proto/gw_hook.h) from an Apache child to
 * a daemon group: which group and interpreter run the script, the
 * request packet, the daemon's ANSWER read back and decoded.
 *
 * Runs in Apache children: during Apache's access checks for the auth
 * hooks (gw_authhook.c says what an answer means for them), in the
 * handler for a dispatch script (gw_dispatch.c).  The daemon runs
 * application code: its answer is decoded as hostile, and anything that
 * is not a well-formed answer of this hook is GW_HOOKCALL_ERROR, never an
 * answer.
 */
#ifndef GW_HOOKCALL_H
#define GW_HOOKCALL_H

#include "gw_authconf.h"
#include "gw_hook.h"

#include "httpd.h"

typedef enum {
    GW_HOOKCALL_ANSWERED,   /* *res holds the function's answer */
    GW_HOOKCALL_FAILED,     /* the script failed: it raised, returned
                             * what it may not, could not be loaded, or
                             * the daemon refused it (ABORT; logged) */
    GW_HOOKCALL_ERROR       /* no answer: no group, the group unavailable,
                             * the protocol broken (logged) */
} gw_hookcall_outcome;

typedef struct {
    int answer;                  /* GW_ANSWER_* */
    const char *text;            /* GW_ANSWER_TEXT: NUL-terminated */
    apr_array_header_t *list;    /* GW_ANSWER_LIST: const char * */
    /* GW_ANSWER_NAMES: name i (GW_NAME_*) NUL-terminated, NULL: None */
    const char *names[GW_DISPATCH_NAMES];
} gw_hook_result;

/* Calls hook's function of script as with the arguments the hook takes
 * (gw_hook_args: one or two, the rest NULL), in the daemon group given by
 * its process-group= or else the request's own, and the interpreter its
 * application-group= names (mod_wsgi: %{GLOBAL} unless given). */
gw_hookcall_outcome gw_hookcall(request_rec *r, const gw_auth_script *as,
                                int hook, const char *arg1,
                                const char *arg2, gw_hook_result *res);

/* Calls the dispatch functions of WSGIDispatchScript ds with env as
 * their environ (a table the caller made for them), in the daemon group
 * its process-group= names or else g, the group the request would go to;
 * the interpreter as for an auth hook.  res->names holds the answer. */
struct gw_group;
gw_hookcall_outcome gw_hookcall_dispatch(request_rec *r,
                                         const gw_auth_script *ds,
                                         struct gw_group *g,
                                         apr_table_t *env,
                                         gw_hook_result *res);

#endif
