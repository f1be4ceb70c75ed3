/*
 * gw_script.h - loading WSGI script files, once per interpreter.
 *
 * A script is read, compiled under its real path (so tracebacks show it)
 * and executed into a fresh module "_gateway_<hex hash of the path>" that
 * is registered in sys.modules.  The module is cached per interpreter by
 * path; a failed load is not cached, so fixing the file fixes the next
 * request.  Loading is serialised per interpreter: compiling and executing
 * may release the GIL, and two requests must not load one script twice.
 */
#ifndef GW_SCRIPT_H
#define GW_SCRIPT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>

typedef struct {
    PyObject *modules;       /* dict: path (str) -> module */
    pthread_mutex_t lock;    /* held while loading; taken without the GIL */
} gw_script_cache;

/* In the interpreter the cache belongs to, GIL held.  0 or -1 (logged). */
int gw_script_cache_init(gw_script_cache *sc);

/* The callable named by callable[0, clen) of the script at path (NUL-
 * terminated), loading the script on first use: from fd when it is not
 * -1 (the daemon opened the script, daemon/gw_scriptowner.h; it stays
 * the caller's), else from path.  New reference, or NULL after logging
 * why (the exception is cleared).  uri only names the request in log
 * lines.  GIL held. */
PyObject *gw_script_app(gw_script_cache *sc, const char *path, int fd,
                        const char *callable, size_t clen,
                        const char *uri, int urilen);

/* The module of the script at path, loaded as gw_script_app() loads it
 * (fd alike), for a caller that looks up names of its own in it (a
 * dispatch script's functions).  New reference, or NULL after logging
 * why (the exception is cleared).  GIL held. */
PyObject *gw_script_module(gw_script_cache *sc, const char *path, int fd,
                           const char *uri, int urilen);

/* WSGIImportScript: loads the script into the cache (as a request would,
 * fd alike) without looking for a callable.  0, or -1 after logging; -2
 * when the failure was a MemoryError. */
int gw_script_import(gw_script_cache *sc, const char *path, int fd);

/* The main interpreter's cache (gw_interp.c), where the ASGI event loop
 * loads its scripts (gw_asgi.h). */
gw_script_cache *gw_interp_main_scripts(void);

#endif
