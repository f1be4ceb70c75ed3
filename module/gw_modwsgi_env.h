/*
 * gw_modwsgi_env.h - the mod_wsgi.* variables that mod_wsgi's Apache
 * child puts into a request's CGI environment, so that the application
 * finds them in its environ: what only the Apache child knows (the
 * handler, the listener, the request's times and log id, how the request
 * reached the daemon).  The daemon adds the rest (interp/gw_environ.c).
 *
 * They travel as ordinary request variables; like mod_wsgi's, they
 * replace any of the same name (SetEnv, mod_rewrite's [E=]).  Runs in
 * Apache children.
 */
#ifndef GW_MODWSGI_ENV_H
#define GW_MODWSGI_ENV_H

#include "httpd.h"

/* Sets them in r->subprocess_env, just before the request packet is
 * made: mod_wsgi.queue_start says when the Apache child began handing
 * the request to the daemon.  handler_script: the WSGIHandlerScript that
 * serves r, or NULL. */
void gw_modwsgi_env_set(request_rec *r, const char *handler_script);

/* mod_wsgi.daemon_connects and mod_wsgi.daemon_restarts: the connect
 * attempts it took (a kept link counts as one) and the times a stale
 * process sent the request back (RETRY).  gw_modwsgi_env_set() sets 1
 * and 0; a hand-over that needed more sets them again, and the packet is
 * made again with them. */
void gw_modwsgi_env_tries(request_rec *r, int connects, int restarts);

#endif
