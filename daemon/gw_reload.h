/*
 * gw_reload.h - is this daemon process stale?  (WSGIScriptReloading and
 * restart-file=, in the daemon.)
 *
 * mod_wsgi restarts a daemon process when its WSGI script changes, so
 * `touch app.wsgi` deploys new code.  Each process remembers the mtime of
 * every script it loaded and of restart-file= at its start; a request
 * finding one changed is answered RETRY (the Apache child sends it again)
 * while the process recycles itself gracefully.  Pure C, no Python: the
 * check runs before anything is imported.
 */
#ifndef GW_RELOAD_H
#define GW_RELOAD_H

#include <sys/stat.h>

/* Daemon start: restart-file= (NULL: none) and WSGIScriptReloading. */
void gw_reload_init(const char *restart_file, int script_reloading);

/* A script was loaded from a file with this mtime. */
void gw_reload_note(const char *path, const struct timespec *mtime);

/* Why this process should not serve a request for script, or NULL. */
const char *gw_reload_stale(const char *script);

#endif
