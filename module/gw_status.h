/*
 * gw_status.h - the status page: `SetHandler gateway-status` (HTML, or
 * JSON with ?json) and a mod_gateway section in mod_status's
 * /server-status.
 *
 * Runs in Apache children.  What it shows comes from two places
 * (proto/gw_scoreboard.h): the parent's records of each process slot,
 * trusted, and each daemon's own counters, checked value by value before
 * use (parent/gw_scoreboard_parent.c).  Everything from the configuration
 * (group and user names) is escaped for HTML or JSON.
 */
#ifndef GW_STATUS_H
#define GW_STATUS_H

#include "httpd.h"

#define GW_STATUS_HANDLER "gateway-status"

/* From the module's register_hooks: the handler and mod_status's
 * status_hook (an optional hook: nothing happens without mod_status). */
void gw_status_register_hooks(apr_pool_t *p);

#endif
