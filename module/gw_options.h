/*
 * gw_options.h - WSGIDaemonProcess's options: one row per option.
 *
 * Runs at config time in the Apache parent.  Each row (gw_options.c)
 * says the option's name as mod_wsgi spells it, how its value is read,
 * its bounds, its default, where it lives in gw_group, and the key it is
 * handed to the daemon under (proto/gw_handover.h), whose bounds it takes:
 * parsing, the defaults of a new group, DUMP_WSGI and the hand-over all
 * come from the table, so an option is added in one place and its range
 * cannot differ between Apache and the daemon.
 */
#ifndef GW_OPTIONS_H
#define GW_OPTIONS_H

#include "gw_config.h"
#include "gw_handover.h"

/* user= and group= (a name or "#id", like mod_wsgi and User); the
 * second runs first, as user= decides the group's default. */
const char *gw_options_resolve_user(cmd_parms *cmd, gw_group *g,
                                    const char *v);
const char *gw_options_resolve_group(cmd_parms *cmd, gw_group *g,
                                     const char *v);

/* Sets every table default of g (a new group). */
void gw_options_defaults(gw_group *g);

/* WSGIDaemonProcess's name=value for g.  NULL, or the error to report. */
const char *gw_options_set(cmd_parms *cmd, gw_group *g, const char *opt,
                           const char *v);

/* The hand-over's values that come straight from options. */
void gw_options_handover(const gw_group *g, gw_handover *h);

/* DUMP_WSGI: every option with its effective value and where it came
 * from ("set" or "default"), one per line, each line starting with
 * indent. */
const char *gw_options_dump(apr_pool_t *p, const gw_group *g,
                            const char *indent);

#endif
