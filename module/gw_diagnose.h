/*
 * gw_diagnose.h - configtest diagnostics for the classic mod_wsgi mistakes.
 *
 * Runs in the Apache parent after the whole configuration is read: on
 * `apachectl configtest` (apache2 -t) and on every start and restart, so
 * a mistake is reported with its file:line and the fix before it becomes
 * a 404, a 503 or a security hole.  Errors fail the configuration;
 * warnings and notes do not.
 */
#ifndef GW_DIAGNOSE_H
#define GW_DIAGNOSE_H

#include "httpd.h"

/* check_config hook: OK, or an error status when a mistake is fatal. */
int gw_diagnose(apr_pool_t *p, server_rec *s);

/* CoreDumpDirectory is set while daemon groups are configured: one
 * notice (GW00080) that Apache children stay non-dumpable anyway, and
 * why (mod_gateway.c: gw_child_nodump).  configtest prints it; at a start
 * or restart post_config logs it, into the error log. */
void gw_diagnose_coredump(server_rec *s);

/* test_config hook: with -D DUMP_WSGI, prints the resolved picture
 * (groups, mounts, which virtual hosts may use which group) to stdout. */
void gw_diagnose_dump(apr_pool_t *p, server_rec *s);

#endif
