/*
 * gw_workerfile_config.h - worker-file= of WSGIDaemonProcess (ours, not
 * mod_wsgi's): the extra processes of a daemon group that its developer
 * lists in a file versioned with the code.  Each entry becomes the same
 * record a WSGIAttachDaemon line makes (gw_attach_config.h), run and
 * supervised as one (parent/gw_attach.c); the parent keeps the set across
 * restarts and reads the file again (parent/gw_workerset.h).
 *
 * Runs in the Apache parent, as root: at configtest
 * (gw_workerfile_check), and in post_config and on a code change
 * (parent/gw_workerset.c).  The file is opened only when nobody but root
 * and the group's user could have written it (proto/gw_ownedfile.h),
 * and parsed with a strict, bounded grammar (proto/gw_workerfile.h).
 * See docs/attached-daemons.md, "Worker files".
 */
#ifndef GW_WORKERFILE_CONFIG_H
#define GW_WORKERFILE_CONFIG_H

#include "gw_config.h"

/* g's worker file, checked and read: its text (from p) in *text and
 * *len; NULL with the message to log in *err ("GW00130: FILE: ..."). */
const char *gw_workerfile_read(apr_pool_t *p, const gw_group *g,
                               size_t *len, const char **err);

/* The gw_attach records (from p, in start order) that text, read from
 * g's worker file, makes; NULL with the message in *err ("GW0011x:
 * FILE:LINE: ...").  Checks the names against g's WSGIAttachDaemon
 * lines too. */
apr_array_header_t *gw_workerfile_records(apr_pool_t *p, gw_group *g,
                                          const char *text, size_t len,
                                          const char **err);

/* apache2 -t: every group's worker file read and parsed; each refusal
 * logged as a warning, never an error: the file is the developer's, and
 * a mistake in it must not stop the sysadmin's configtest, start or
 * `apachectl graceful` for every site (the group then runs without its
 * entries, or with its last good set: parent/gw_workerset.c). */
void gw_workerfile_check(apr_pool_t *p, server_rec *s);

#endif
