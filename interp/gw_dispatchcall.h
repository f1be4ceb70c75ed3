/*
 * gw_dispatchcall.h - a WSGIDispatchScript call (proto/gw_hook.h, hook
 * "dispatch"): mod_wsgi's process_group(), application_group() and
 * callable_object() of the script, called in place of a WSGI
 * application, all three in one round trip.
 *
 * Runs in the daemon, in the worker thread that took the call, with the
 * GIL held in the interpreter the directive's application-group= names
 * (%{GLOBAL} by default, as mod_wsgi).  What the functions return is
 * only turned into a NAMES answer here; the Apache child decides what a
 * name means and whether the request may go there (module/gw_dispatch.h).
 */
#ifndef GW_DISPATCHCALL_H
#define GW_DISPATCHCALL_H

#include "gw_interp.h"
#include "gw_script.h"

/* Calls the functions the script defines, in mod_wsgi's order, and
 * answers START's request: ANSWER (names) then END or END_KEEP; ABORT
 * when one raised or returned what it may not (logged with the
 * traceback).  A script that cannot be loaded answers no names at all,
 * as mod_wsgi then keeps the configured values (logged).  process_group
 * and app_group name the interpreter for environ's mod_wsgi.* keys;
 * script_reloading is mod_wsgi.script_reloading's value.  GIL held;
 * returns with it held. */
void gw_dispatchcall_run(const gw_app_call *call, gw_script_cache *scripts,
                         const char *process_group, const char *app_group,
                         int script_reloading);

#endif
