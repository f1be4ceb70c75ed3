/*
 * gw_route.h - from a URL to a script, and the names of its process and
 * application groups (mod_wsgi's %{GLOBAL}, %{SERVER}, %{RESOURCE},
 * %{ENV:var} or a literal name).  Runs in Apache children.
 */
#ifndef GW_ROUTE_H
#define GW_ROUTE_H

#include "httpd.h"

/* translate_name hook: a WSGIScriptAlias(Match) URL becomes its script
 * file (and PATH_INFO, split off by the core's directory walk). */
int gw_translate_name(request_rec *r);

/* Expands a %{...} form of a group name for request r; NULL with *err
 * set on a form mod_wsgi does not know. */
const char *gw_route_expand_name(request_rec *r, const char *v,
                                 const char *script_name, const char **err);

#endif
