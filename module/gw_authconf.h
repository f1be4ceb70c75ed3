/*
 * gw_authconf.h - mod_wsgi's hook script directives: the auth hooks'
 * WSGIAuthUserScript, WSGIAuthGroupScript and WSGIAccessScript, and
 * WSGIDispatchScript.
 *
 * Parsed at config time in the Apache parent, and per request in an
 * Apache child for .htaccess (AllowOverride AuthConfig, as mod_wsgi; not
 * WSGIDispatchScript, which mod_wsgi allows only in the configuration
 * files).  Each names a script and, optionally, application-group=
 * (mod_wsgi's: the interpreter; %{GLOBAL} by default) and process-group=
 * (ours: the daemon group that runs it; by default the request's own).
 * Scripts named in the configuration files are recorded here for the
 * groups' hand-over (a daemon runs only what was delegated to it) and
 * for configtest; .htaccess adds none, so a script it names runs only
 * when the configuration files delegate it too (docs/configuration.md).
 */
#ifndef GW_AUTHCONF_H
#define GW_AUTHCONF_H

#include "httpd.h"
#include "http_config.h"

struct gw_group;

typedef struct gw_auth_script {
    const char *directive;           /* "WSGIAuthUserScript", ... */
    const char *path;                /* absolute */
    const char *process_group;       /* process-group= or NULL */
    const char *application_group;   /* application-group= or NULL */
    const char *defined_at;          /* "file:line" */
    server_rec *server;              /* where it was written */
    /* What gives it a group when it has no process-group= of its own,
     * as far as its place in the configuration files tells: */
    int section_group;               /* a WSGIProcessGroup in a section
                                      * around it */
    const char *location;            /* its <Location PATH>, or NULL */
    int dispatch;                    /* WSGIDispatchScript */
} gw_auth_script;

/* pre_config: a fresh record of the scripts for this configuration. */
void gw_authconf_reset(apr_pool_t *pconf);

/* The directive handler; cmd->info is the offset of the gw_dir_conf
 * field it sets. */
const char *gw_authconf_script(cmd_parms *cmd, void *dc, const char *args);

#define GW_AUTH_DIRECTIVE(name, field, help)                               \
    AP_INIT_RAW_ARGS(name, gw_authconf_script,                             \
                     (void *)APR_OFFSETOF(gw_dir_conf, field), OR_AUTHCFG, \
                     "script [process-group=G] [application-group=A]: "    \
                     help)
#define GW_AUTH_DIRECTIVES                                                 \
    GW_AUTH_DIRECTIVE("WSGIAuthUserScript", auth_user, "check_password() " \
                      "or get_realm_hash() for AuthBasicProvider / "       \
                      "AuthDigestProvider wsgi"),                          \
    GW_AUTH_DIRECTIVE("WSGIAuthGroupScript", auth_group,                   \
                      "groups_for_user() for Require wsgi-group"),         \
    GW_AUTH_DIRECTIVE("WSGIAccessScript", access, "allow_access(): "       \
                      "True allows, False refuses (403), None defers"),    \
    AP_INIT_RAW_ARGS("WSGIDispatchScript", gw_authconf_script,             \
                     (void *)APR_OFFSETOF(gw_dir_conf, dispatch),          \
                     ACCESS_CONF | RSRC_CONF, "script [process-group=G] "  \
                     "[application-group=A]: its process_group(), "       \
                     "application_group() and callable_object() choose "  \
                     "where each WSGI request runs")

/* Adds the "script PATH" hand-over lines of the hook scripts group g may
 * run to out: those with process-group= naming g, and those without one
 * (or with a %{...} form), which run in the request's group, like a
 * mount without process-group=. */
void gw_authconf_delegated(apr_pool_t *p, const struct gw_group *g,
                           apr_array_header_t *out);

/* Whether a WSGIDispatchScript may send requests of server s (NULL: of
 * any server) to group g: one written in s, or in the main server (whose
 * server level and sections reach every virtual host), and g one that s
 * may use (defined at global scope or in a virtual host of s's
 * ServerName, as gw_route_group() checks per request).  The scripts of
 * s's mounts are then delegated to g as well (gw_config_delegated). */
int gw_authconf_dispatch_may_send(const server_rec *s,
                                  const struct gw_group *g);

/* Whether an auth script may be asked for a request that no group
 * serves (a static file, say): it has no process-group=, no
 * WSGIProcessGroup around it or at its server's level, and is not in a
 * <Location> inside a mount that names its group.  It then runs in the
 * main server's implicit group, as Apache's User: mod_wsgi ran it in
 * the Apache child, as that user. */
int gw_authconf_need_default(void);

/* The scripts of the configuration files (gw_auth_script, the dispatch
 * scripts among them), for configtest. */
const apr_array_header_t *gw_authconf_scripts(void);

#endif
