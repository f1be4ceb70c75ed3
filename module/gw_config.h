/*
 * gw_config.h - configuration records and directive table.
 *
 * Runs at config time in the Apache parent (as root).  The records built
 * here are read afterwards by the supervisor (parent) and, through fork,
 * by every Apache child.
 */
#ifndef GW_CONFIG_H
#define GW_CONFIG_H

#include "httpd.h"
#include "http_config.h"
#include "gw_proxy.h"
#include "gw_fds.h"
#include "gw_mount.h"
#include "ap_regex.h"
#include <sys/types.h>

extern module AP_MODULE_DECLARE_DATA gateway_module;

/* Our own log ids, in the style of httpd's APLOGNO: every error log line
 * starts with a unique "GWnnnnn: ", documented in docs/errors.md. */
#define GWLOGNO(n) "GW" #n ": "

typedef struct gw_proc gw_proc;    /* one daemon process slot (supervisor) */
/* What the parent publishes of a slot (module/gw_slots.h). */
typedef struct gw_slot_status gw_slot_status;
typedef struct gw_tally gw_tally;
/* A slot's status segment (module/gw_scoreboard_read.h). */
typedef struct gw_sb_slot gw_sb_slot;

/* One WSGIDaemonProcess (or the implicit default group of a server). */
typedef struct gw_group {
    const char *name;
    const char *defined_at;          /* "file:line", for diagnostics */
    server_rec *vhost;               /* defining VirtualHost, NULL: global */
    int index;                       /* position in the group list */
    int implicit;                    /* the default group of a server */
    apr_array_header_t *options;     /* the option words as written
                                      * (const char *), for DUMP_WSGI */

    /* Options (mod_wsgi names).  A NULL name means "Apache's own". */
    const char *user_name;
    const char *group_name;
    uid_t uid;
    gid_t gid;
    int processes;
    int multiprocess;                /* processes= given at all (mod_wsgi:
                                      * wsgi.multiprocess, even for 1) */
    int threads;
    const char *home;
    int home_set;                    /* home= given: failing chdir is fatal */
    const char *python_home;
    const char *python_path;
    const char *display_name;
    const char *lang;
    const char *locale;
    int umask;                       /* -1: inherit Apache's */
    const char *socket_user;
    uid_t socket_uid;
    /* script-user= / script-group= (mod_wsgi's, one at most): the owner or
     * group every WSGI script run in the group must have (the daemon
     * checks, daemon/gw_scriptowner.h).  NULL: any. */
    const char *script_user;
    uid_t script_uid;
    const char *script_group;
    gid_t script_gid;
    int listen_backlog;
    apr_interval_time_t connect_timeout;
    apr_interval_time_t socket_timeout; /* 0: Apache's Timeout */
    apr_interval_time_t shutdown_timeout;
    apr_interval_time_t graceful_timeout;
    /* Recycling and timeouts (mod_wsgi's); 0: off. */
    long maximum_requests;
    apr_interval_time_t restart_interval;
    apr_interval_time_t inactivity_timeout;
    apr_interval_time_t request_timeout;
    apr_interval_time_t deadlock_timeout;
    apr_interval_time_t startup_timeout;
    apr_interval_time_t queue_timeout;
    int header_buffer_size;          /* largest response header block */
    const char *restart_file;        /* restart-file=: touch to recycle */
    const char *worker_file;         /* worker-file=: the developer's extra
                                      * processes (gw_workerfile_config.h) */
    const char *chroot_dir;          /* chroot=, or NULL */
    long long memory_limit;          /* RLIMIT_DATA bytes, 0: none */
    long long virtual_memory_limit;  /* RLIMIT_AS bytes, 0: none */
    long long cpu_time_limit;        /* RLIMIT_CPU seconds, 0: none */
    long long maximum_rss;           /* soft: recycle beyond it, 0: off */
    const char *python_eggs;         /* python-eggs=: PYTHON_EGG_CACHE */
    gid_t *supp_gids;                /* supplementary-groups=: gid first */
    int nsupp;                       /* 0: initgroups (the user's own) */
    int cpu_priority;                /* cpu-priority=: setpriority */
    long long stack_size;            /* stack-size=: RLIMIT_STACK, 0 off */
    int asgi;                        /* protocol=asgi (docs/asgi.md) */
    unsigned from_global;            /* GW_FROM_*: taken from WSGIPython* */
    const char *control_group;       /* control-group=: who may use
                                      * gateway-ctl on it; NULL: root only */
    gid_t control_gid;

    /* Set by the supervisor in post_config, inherited by Apache children. */
    const char *socket_path;
    int listen_fd;
    int delegation_fd;               /* memfd: secret + scripts (daemon fd 4) */
    char secret[GW_SECRET_SIZE];     /* its socket's (parent/gw_kept.h) */
    gw_proc *procs;                  /* the parent's own records */
    gw_slot_status *slots;           /* shared with the children */
    gw_tally *tally;                 /* the children's counts (gw_tally.h) */
    gw_sb_slot *sb;                  /* the daemons' status segments */
} gw_group;

/* Which of a group's settings are the WSGIPython* defaults. */
#define GW_FROM_HOME 1u
#define GW_FROM_PATH 2u
#define GW_FROM_EGGS 4u

/* One WSGIScriptAlias. */
typedef struct {
    const char *defined_at;          /* "file:line" */
    server_rec *server;              /* where it was written */
    const char *url;                 /* mount point, no trailing slash */
    const char *path;                /* script file */
    const char *process_group;       /* process-group= or NULL */
    const char *application_group;   /* application-group= or NULL */
    const char *callable;            /* callable-object= or NULL */
    int pass_auth;                   /* pass-authorization=: -1 unset */
    ap_regex_t *regex;               /* WSGIScriptAliasMatch, else NULL */
    int is_dir;                      /* path is a directory of scripts */
} gw_alias;

/* One WSGIImportScript: preloaded by the group's processes at start. */
typedef struct {
    const char *path;
    const char *process_group;
    const char *application_group;   /* "" is %{GLOBAL} */
    const char *defined_at;
} gw_import_script;

/* One WSGIHandlerScript: `AddHandler NAME .ext` runs the script with the
 * requested file as SCRIPT_FILENAME (mod_wsgi's script-as-handler). */
typedef struct {
    const char *name;
    const char *path;
    const char *process_group;
    const char *application_group;
    const char *defined_at;
} gw_handler_script;

typedef struct {
    apr_array_header_t *aliases;     /* of gw_alias, this server's */
    gw_group *default_group;         /* implicit group, or NULL */
} gw_server_conf;

struct gw_auth_script;              /* module/gw_authconf.h */

typedef struct {
    const char *process_group;       /* WSGIProcessGroup */
    const char *application_group;   /* WSGIApplicationGroup */
    const char *callable;            /* WSGICallableObject */
    int pass_auth;                   /* WSGIPassAuthorization, -1 unset */
    int chunked;                     /* WSGIChunkedRequest, -1 unset */
    int internal_redirect;           /* GatewayInternalRedirect, -1 unset */
    apr_array_header_t *restrict_groups; /* WSGIRestrictProcess */
    gw_proxy_conf proxy;             /* WSGITrustedProxy{Headers,ies} */
    /* mod_wsgi's auth hooks (module/gw_authhook.h), NULL: none */
    const struct gw_auth_script *auth_user;   /* WSGIAuthUserScript */
    const struct gw_auth_script *auth_group;  /* WSGIAuthGroupScript */
    const struct gw_auth_script *access;      /* WSGIAccessScript */
    /* mod_wsgi's dispatch script (module/gw_dispatch.h), NULL: none */
    const struct gw_auth_script *dispatch;    /* WSGIDispatchScript */
} gw_dir_conf;

/* Global (main-server) settings and the list of all groups.  Rebuilt on
 * every configuration read; lives in pconf. */
typedef struct {
    apr_array_header_t *groups;      /* of gw_group * */
    const char *socket_prefix;       /* WSGISocketPrefix, absolute */
    const char *daemon_path;         /* GatewayDaemonPath */
    apr_array_header_t *dir_groups;  /* gw_group_ref: WSGIProcessGroup */
    apr_array_header_t *handler_scripts; /* gw_handler_script */
    apr_array_header_t *imports;     /* gw_import_script */
    apr_array_header_t *attached;    /* WSGIAttachDaemon: gw_attach *
                                      * (parent/gw_attach.h) */
    int script_reloading;            /* WSGIScriptReloading, default On */
    unsigned long generation;        /* of the configuration: 1 at the
                                      * first start, +1 at each restart */
    pid_t parent_pid;                /* the Apache parent, from post_config
                                      * (the supervisor): the process that
                                      * listens on every group's socket */
    struct gw_group *main_default;   /* the main server's implicit group */
    apr_array_header_t *duplicates;  /* gw_duplicate: reported by configtest */
    apr_array_header_t *dir_settings; /* gw_dir_setting, for DUMP_WSGI */
} gw_globals;

/* A second WSGIDaemonProcess with a name already taken.  It is not made
 * into a group (the name keeps meaning the first one); the check_config
 * diagnostics report it with the others (GW00022) and fail. */
typedef struct {
    const char *name;
    const char *defined_at;          /* "file:line" of the repeat */
    server_rec *server;              /* where the repeat was written */
} gw_duplicate;

/* A WSGIProcessGroup or WSGIApplicationGroup written inside a
 * <Directory>, <Location>, <Files> (or ...Match) section of the
 * configuration files (not .htaccess), for DUMP_WSGI. */
typedef struct {
    const char *directive;
    const char *value;
    const char *section;             /* "<Location /x>" */
    const char *defined_at;
    server_rec *server;
} gw_dir_setting;

/* A WSGIProcessGroup directive, for the checks at configtest. */
typedef struct {
    const char *name;
    const char *defined_at;
    server_rec *server;
} gw_group_ref;

extern gw_globals *gw_global;

extern const command_rec gw_directives[];

void *gw_create_server_conf(apr_pool_t *p, server_rec *s);
void *gw_merge_server_conf(apr_pool_t *p, void *base, void *add);
void *gw_create_dir_conf(apr_pool_t *p, char *dir);
void *gw_merge_dir_conf(apr_pool_t *p, void *base, void *add);

/* pre_config: a fresh global record for this configuration read. */
void gw_config_reset(apr_pool_t *pconf);

/* post_config: fills in defaults that depend on other modules' directives
 * (User, DefaultRuntimeDir) and creates the implicit groups.  Returns an
 * error message or NULL. */
const char *gw_config_finish(apr_pool_t *pconf, server_rec *s);

gw_group *gw_group_find(const char *name);

const gw_handler_script *gw_handler_script_find(const char *name);


/* What the configuration lets group g run, as hand-over lines for the
 * daemon's delegation check: "script FILE" or "script-dir DIR".  A mount
 * without a process-group= of its own counts for every group: a
 * WSGIProcessGroup, perhaps in .htaccess, picks its group per request. */
apr_array_header_t *gw_config_delegated(apr_pool_t *p, server_rec *main_s,
                                        const gw_group *g);

#endif
