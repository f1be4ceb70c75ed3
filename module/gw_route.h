/*
 * gw_route.h - from a URL to a script, the names of its process and
 * application groups (mod_wsgi's %{GLOBAL}, %{SERVER}, %{RESOURCE},
 * %{ENV:var} or a literal name), and the daemon group that serves it.
 * Runs in Apache children.
 */
#ifndef GW_ROUTE_H
#define GW_ROUTE_H

#include "httpd.h"

/* translate_name hook: a WSGIScriptAlias(Match) URL becomes its script
 * file (and PATH_INFO, split off by the core's directory walk). */
int gw_translate_name(request_rec *r);

/* The callable's name for request r: a literal name, or %{ENV:var}'s
 * value ("application" when unset or for another %... form), as
 * mod_wsgi's WSGICallableObject. */
const char *gw_route_expand_callable(request_rec *r, const char *s);

/* Expands a %{...} form of a group name for request r; NULL with *err
 * set on a form mod_wsgi does not know. */
const char *gw_route_expand_name(request_rec *r, const char *v,
                                 const char *script_name, const char **err);

/* The daemon group named by pg for request r: a literal name or a
 * %{...} form; NULL or %{GLOBAL} for the server's implicit group (the
 * main server's when the server has none).  `what` names the setting
 * pg came from, for the log line of a name that is no group.  OK with
 * *out (NULL when no group serves r: the caller logs what to add), or
 * the HTTP status after logging: 500 for an unknown group or another
 * site's, 403 for one WSGIRestrictProcess does not allow here. */
struct gw_group;
int gw_route_group(request_rec *r, const char *pg, const char *what,
                   const char *script_name, struct gw_group **out);

#endif
