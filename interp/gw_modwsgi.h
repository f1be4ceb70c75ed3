/*
 * gw_modwsgi.h - the `mod_wsgi` Python module an application imports, as
 * mod_wsgi 4.9.4's daemon mode provides it in every interpreter.
 *
 * Attributes: version (4, 9, 4), FileWrapper (wsgi.file_wrapper),
 * process_group, application_group, maximum_processes (processes=),
 * threads_per_process (threads=), process_metrics(), server_metrics()
 * (None, as mod_wsgi's without WSGIServerMetrics), subscribe_shutdown()
 * and shutdown_callbacks.  Like mod_wsgi, an importable `mod_wsgi`
 * package (pip's mod_wsgi, for mod_wsgi-express) is imported first and
 * given the attributes; otherwise the module is made empty.
 * docs/migrating-from-mod_wsgi.md lists what mod_wsgi has that this
 * lacks, and why.
 */
#ifndef GW_MODWSGI_H
#define GW_MODWSGI_H

/* The mod_wsgi release whose directives and Python API mod_gateway
 * implements: mod_wsgi.version and environ['mod_wsgi.version']. */
#define GW_MODWSGI_MAJOR 4
#define GW_MODWSGI_MINOR 9
#define GW_MODWSGI_MICRO 4

typedef struct {
    const char *process_group;
    const char *application_group;
    int processes;            /* processes= */
    int threads;              /* threads= */
} gw_modwsgi_config;

/* Makes `import mod_wsgi` work in the current interpreter.  GIL held.
 * Logs what fails; the interpreter stays usable without the module. */
void gw_modwsgi_install(const gw_modwsgi_config *c);

/* Whether any interpreter's application called subscribe_shutdown():
 * when none did, stopping calls no Python.  Without the GIL. */
int gw_modwsgi_shutdown_subscribed(void);

/* mod_wsgi's "process_stopping" event: calls the current interpreter's
 * (application group's) shutdown_callbacks as
 * callback("process_stopping", shutdown_reason=reason), logging what
 * they raise.  GIL held. */
void gw_modwsgi_stopping(const char *group, const char *reason);

#endif
