/*
 * gw_authcall.h - an auth hook call (proto/gw_hook.h): mod_wsgi's
 * check_password, get_realm_hash, groups_for_user or allow_access of a
 * WSGIAuthUserScript, WSGIAuthGroupScript or WSGIAccessScript, called in
 * place of a WSGI application.
 *
 * Runs in the daemon, in the worker thread that took the request, with
 * the GIL held in the application group's interpreter: the script is
 * the same module a WSGI request for it loads (gw_script.h), so Django's
 * documented set-up, one wsgi.py for both, shares its settings and
 * database connections.  The daemon has checked the call (daemon/
 * gw_request.c); what the function returns is only turned into an
 * ANSWER frame here, and the Apache child decides what it means.
 */
#ifndef GW_AUTHCALL_H
#define GW_AUTHCALL_H

#include "gw_interp.h"
#include "gw_script.h"

/* Calls call->hook's function of call->script with (environ, args...)
 * and answers START's request: ANSWER then END (END_KEEP when the link
 * may stay), or ABORT when the script cannot be loaded, lacks the
 * function, raises, or returns what the hook may not (logged with the
 * traceback).  process_group and app_group name the interpreter for
 * environ's mod_wsgi.* keys.  GIL held; returns with it held. */
void gw_authcall_run(const gw_app_call *call, gw_script_cache *scripts,
                     const char *process_group, const char *app_group);

/* Shared with the dispatch call (gw_dispatchcall.h): */

/* A hook's environ: the request's CGI variables as str (latin-1), the
 * control values left out, with mod_wsgi.process_group and
 * mod_wsgi.application_group naming the interpreter it runs in and
 * errors as wsgi.errors.  New reference, or NULL with a Python
 * exception. */
PyObject *gw_authcall_environ(const gw_app_call *call,
                              const char *process_group,
                              const char *app_group, PyObject *errors);


/* Sends the answer p[0, len) of hook `what` (gw_hook_function()): the
 * (empty) body off the link, then ANSWER and END, or END_KEEP when the
 * link can carry the next request.  Without the GIL. */
void gw_authcall_send(gw_conn *c, const unsigned char *p, size_t len,
                      const char *what);

#endif
