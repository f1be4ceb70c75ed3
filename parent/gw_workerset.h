/*
 * gw_workerset.h - the worker files' entries (worker-file= of
 * WSGIDaemonProcess, module/gw_workerfile_config.h) as the Apache parent
 * runs them: each group's file is read at every start and restart into
 * attached daemons of the group (parent/gw_attach.c), and read again
 * when the group's code changes (its restart-file= is touched, a script
 * changes) or gateway-ctl reload-workers asks.  The last set read well
 * is kept across restarts: a file refused at a restart, a code change or
 * a reload-workers leaves its group with the set it had, and the refusal
 * is logged with its file:line.
 *
 * Runs in the Apache parent, as root.
 */
#ifndef GW_WORKERSET_H
#define GW_WORKERSET_H

#include "gw_config.h"

/* post_config, real pass, from gw_attach_start before anything starts:
 * every group's worker file read, its entries appended to
 * gw_global->attached. */
void gw_workerset_load(apr_pool_t *pconf, server_rec *s);

/* From gw_attach_code_check: for group g (NULL: every group) whose code
 * changed since its file was read, the file is read again and the
 * group's records updated (gw_attach_update, _add, _drop). */
void gw_workerset_code_check(const gw_group *g);

/* gateway-ctl reload-workers GROUP (parent/gw_attach_ctl.h): g's file
 * read now, as at a restart: changed entries restarted (stop-signal,
 * stop-timeout), removed ones stopped, new ones started; a refused file
 * changes nothing, and its error (file:line) is the reply.  The reply
 * records (from p); by is who asked, for the log. */
const char *gw_workerset_ctl_reload(apr_pool_t *p, gw_group *g,
                                    const char *by);

#endif
