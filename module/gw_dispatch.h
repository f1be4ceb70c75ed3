/*
 * gw_dispatch.h - mod_wsgi's WSGIDispatchScript: before a WSGI request
 * is handed to its daemon group, the script's process_group(),
 * application_group() and callable_object() may choose another group,
 * interpreter and callable for it.
 *
 * Runs in Apache children, in the handler; the functions run in a daemon
 * group (gw_hookcall.h), never here: the directive's process-group=, or
 * else the group the request would go to.  Their answer comes from a
 * process that runs application code, so it only ever chooses among what
 * the configuration would allow the request anyway: a group must be a
 * WSGIDaemonProcess this virtual host may use (the rules of
 * WSGIProcessGroup %{ENV:var}, gw_route_group()), an interpreter name is
 * expanded as WSGIApplicationGroup's are, and anything else is a 500,
 * never a fall-back to another group.
 */
#ifndef GW_DISPATCH_H
#define GW_DISPATCH_H

#include "httpd.h"

struct gw_group;

/* When a WSGIDispatchScript applies to r (nothing to do, OK, otherwise):
 * calls its functions, with environ the request's CGI variables as they
 * stand (r->subprocess_env) and the Apache child's mod_wsgi.* ones;
 * handler_script is the WSGIHandlerScript serving r, or NULL.  *g,
 * *app_group (expanded) and *callable hold what the configuration chose
 * and get what the functions chose instead.  OK, or the HTTP status
 * (logged): 500 when the script failed or chose a group or name that
 * cannot be, 403 for a group WSGIRestrictProcess leaves out. */
int gw_dispatch(request_rec *r, const char *handler_script,
                struct gw_group **g, const char **app_group,
                const char **callable);

#endif
