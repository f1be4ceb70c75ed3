/*
 * gw_compat.h - mod_wsgi 4.9.4 directives that mean something else, or
 * nothing, in daemon mode (docs/migrating-from-mod_wsgi.md has the table).
 *
 * Runs at config time in the Apache parent.  The WSGIPython* directives
 * become the defaults of every daemon group without its own setting
 * (mod_wsgi's embedded-mode interpreter settings, now the daemons');
 * WSGIRestrict{Stdin,Stdout,Signal} restrict the daemons' Python; the
 * rest are accepted and noted by configtest (GW00100).
 */
#ifndef GW_COMPAT_H
#define GW_COMPAT_H

#include "httpd.h"
#include "http_config.h"

/* The main server's Python settings (all GLOBAL_ONLY, as mod_wsgi). */
typedef struct {
    const char *home, *home_at;        /* WSGIPythonHome, file:line */
    const char *path, *path_at;        /* WSGIPythonPath */
    const char *eggs, *eggs_at;        /* WSGIPythonEggs */
    const char *hash_seed, *hash_seed_at; /* "random" or 0..4294967295 */
    int optimize;                      /* WSGIPythonOptimize, -1 unset */
    const char *optimize_at;
    int dont_write_bytecode;           /* -1 unset */
    const char *dont_write_bytecode_at;
    apr_array_header_t *warnings;      /* WSGIPythonWarnings, in order */
    int restrict_stdin;                /* -1 unset (mod_wsgi: Off) */
    int restrict_stdout;               /* -1 unset (mod_wsgi: Off) */
    int restrict_signal;               /* -1 unset (mod_wsgi: On) */
} gw_python_conf;

/* A directive or option accepted with no effect here, for GW00100. */
typedef struct {
    const char *what;                  /* "WSGIAcceptMutex default" */
    const char *why;
    const char *defined_at;
} gw_noted;

void gw_compat_reset(apr_pool_t *pconf);

/* Records a class-3 directive or option for configtest's notice. */
void gw_compat_note(apr_pool_t *p, const char *what, const char *why,
                    const char *defined_at);

extern gw_python_conf *gw_python;
extern apr_array_header_t *gw_noted_list;   /* gw_noted */

/* The directive table entries (gw_config.c includes them). */
#define GW_COMPAT_DIRECTIVES                                                \
    GW_PY("WSGIPythonHome", "prefix of the Python (a virtualenv) of every " \
          "daemon group without python-home="),                             \
    GW_PY("WSGIPythonPath", "':'-separated directories for sys.path of "    \
          "every daemon group without python-path="),                       \
    GW_PY("WSGIPythonEggs", "PYTHON_EGG_CACHE of every daemon group "       \
          "without python-eggs="),                                          \
    GW_PY("WSGIPythonHashSeed", "random or 0..4294967295: PYTHONHASHSEED "  \
          "of every daemon process"),                                       \
    GW_PY("WSGIPythonOptimize", "0, 1 or 2: sys.flags.optimize of every "   \
          "daemon process"),                                                \
    GW_PY("WSGIPythonWarnings", "a -W option for every daemon process "     \
          "(repeatable)"),                                                  \
    GW_PY("WSGIDontWriteBytecode", "On: daemon processes write no .pyc"),   \
    GW_PY("WSGIRestrictStdin", "On: sys.stdin raises OSError in daemons"),  \
    GW_PY("WSGIRestrictStdout", "On: sys.stdout raises OSError in "         \
          "daemons"),                                                       \
    GW_PY("WSGIRestrictSignal", "On (default): signal.signal() in an "     \
          "application is ignored"),                                        \
    GW_NOTE("WSGISocketRotation", RSRC_CONF),                               \
    GW_NOTE("WSGIAcceptMutex", RSRC_CONF),                                  \
    GW_NOTE("WSGILazyInitialization", RSRC_CONF),                           \
    GW_NOTE("WSGIVerboseDebugging", RSRC_CONF),                             \
    GW_NOTE("WSGIDestroyInterpreter", RSRC_CONF),                           \
    GW_NOTE("WSGIRestrictEmbedded", RSRC_CONF),                             \
    GW_NOTE("WSGICaseSensitivity", RSRC_CONF),                              \
    GW_NOTE("WSGIPassApacheRequest", ACCESS_CONF | RSRC_CONF),              \
    GW_NOTE("WSGIErrorOverride", OR_FILEINFO),                              \
    GW_NOTE("WSGIMapHEADToGET", OR_FILEINFO),                               \
    GW_NOTE("WSGIIgnoreActivity", OR_FILEINFO),                             \
    GW_NOTE("WSGIEnableSendfile", OR_FILEINFO),                             \
    GW_NOTE("WSGIGroupAuthoritative", OR_AUTHCFG),                          \
    GW_NOTE("WSGIServerMetrics", RSRC_CONF),                                \
    GW_NOTE("WSGINewRelicConfigFile", RSRC_CONF),                           \
    GW_NOTE("WSGINewRelicEnvironment", RSRC_CONF)

#define GW_PY(n, help) \
    AP_INIT_TAKE1(n, gw_compat_python, NULL, RSRC_CONF, help)
#define GW_NOTE(n, ctx) \
    AP_INIT_RAW_ARGS(n, gw_compat_noted, NULL, ctx, \
                     "mod_wsgi's; accepted, no effect in daemon mode")

const char *gw_compat_python(cmd_parms *cmd, void *dc, const char *v);
const char *gw_compat_noted(cmd_parms *cmd, void *dc, const char *args);

/* "WSGIPythonHome at file:line" for option python-home, etc. */
const char *gw_compat_source(const char *option);

/* Gives g the WSGIPython* defaults it has no option of its own for
 * (implicit groups too), marking them in g->from_global. */
struct gw_group;
void gw_compat_inherit(struct gw_group *g);

/* configtest: GW00100 for each noted directive or option. */
void gw_compat_diagnose(server_rec *s);

#endif
