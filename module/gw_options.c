/*
 * gw_options.c - WSGIDaemonProcess's options, one row each (see
 * gw_options.h).  Runs at config time in the Apache parent.
 */
#include "gw_options.h"

#include "http_config.h"
#include "apr_strings.h"
#include "httpd.h"
#include "gw_compat.h"
#include "gw_control.h"

#include <unistd.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    OPT_INT,        /* int */
    OPT_LONG,       /* long */
    OPT_LLONG,      /* long long (bytes, rlimits) */
    OPT_SECONDS,    /* apr_interval_time_t, written in whole seconds */
    OPT_OCTAL,      /* int, a mode written in octal; -1: none */
    OPT_STRING      /* const char * */
} opt_type;

typedef struct gw_option gw_option;
typedef const char *(*opt_parse_fn)(cmd_parms *cmd, gw_group *g,
                                    const gw_option *o, const char *v);

struct gw_option {
    const char *name;           /* as mod_wsgi spells it */
    opt_type type;              /* how the value is kept (and shown) */
    long long lo, hi;           /* numbers: the range taken */
    long long def;              /* numbers: the default (seconds for
                                 * OPT_SECONDS) */
    size_t off;                 /* in gw_group */
    /* The hand-over key: its range bounds this option's (a value Apache
     * takes is one the daemon takes), and with copy set the value goes to
     * the daemon under it (gw_options_handover). */
    const char *ho;
    int copy;
    opt_parse_fn parse;         /* a parser of its own, or NULL */
};

#define OFF(f) offsetof(gw_group, f)

/* ---- parsers of their own ----------------------------------------------- */

/* user= and group= accept a name or "#id", like mod_wsgi and User. */
const char *gw_options_resolve_user(cmd_parms *cmd, gw_group *g,
                                    const char *v)
{
    struct passwd *pw = (v[0] == '#') ? getpwuid((uid_t)atol(v + 1))
                                      : getpwnam(v);
    if (!pw)
        return apr_psprintf(cmd->pool, "GW00013: WSGIDaemonProcess %s: user=%s does "
                            "not exist (create it with useradd, or fix the "
                            "name)", g->name, v);
    if (pw->pw_uid == 0)
        return apr_psprintf(cmd->pool, "GW00014: WSGIDaemonProcess %s: user=%s is "
                            "root; a daemon group never runs as root: choose "
                            "an unprivileged user", g->name, v);
    g->user_name = apr_pstrdup(cmd->pool, pw->pw_name);
    g->uid = pw->pw_uid;
    if (!g->group_name)
        g->gid = pw->pw_gid;
    if (!g->home)
        g->home = apr_pstrdup(cmd->pool, pw->pw_dir);
    return NULL;
}

const char *gw_options_resolve_group(cmd_parms *cmd, gw_group *g,
                                     const char *v)
{
    struct group *gr = (v[0] == '#') ? getgrgid((gid_t)atol(v + 1))
                                     : getgrnam(v);
    if (!gr)
        return apr_psprintf(cmd->pool, "GW00015: WSGIDaemonProcess %s: group=%s does "
                            "not exist", g->name, v);
    if (gr->gr_gid == 0)
        return apr_psprintf(cmd->pool, "GW00016: WSGIDaemonProcess %s: group=%s is "
                            "root's group; choose an unprivileged group",
                            g->name, v);
    g->group_name = apr_pstrdup(cmd->pool, gr->gr_name);
    g->gid = gr->gr_gid;
    return NULL;
}

static const char *opt_user(cmd_parms *cmd, gw_group *g,
                            const gw_option *o, const char *v)
{
    (void)o;
    return gw_options_resolve_user(cmd, g, v);
}

/* Applied in a first pass by cmd_daemon_process (user= decides the
 * default group): nothing to do here. */
static const char *opt_group(cmd_parms *cmd, gw_group *g,
                             const gw_option *o, const char *v)
{
    (void)cmd, (void)g, (void)o, (void)v;
    return NULL;
}

static const char *opt_number(cmd_parms *cmd, gw_group *g,
                              const gw_option *o, const char *v);

static const char *opt_processes(cmd_parms *cmd, gw_group *g,
                                 const gw_option *o, const char *v)
{
    const char *err = opt_number(cmd, g, o, v);
    if (!err)
        g->multiprocess = 1;    /* as mod_wsgi, even for 1 */
    return err;
}

static const char *opt_home(cmd_parms *cmd, gw_group *g,
                            const gw_option *o, const char *v)
{
    (void)o;
    if (v[0] != '/')
        return apr_psprintf(cmd->pool, "GW00018: WSGIDaemonProcess %s: "
                            "home=%s must be an absolute path", g->name, v);
    g->home = v;
    g->home_set = 1;
    return NULL;
}

static const char *opt_socket_user(cmd_parms *cmd, gw_group *g,
                                   const gw_option *o, const char *v)
{
    struct passwd *pw = (v[0] == '#') ? getpwuid((uid_t)atol(v + 1))
                                      : getpwnam(v);
    (void)o;
    if (!pw)
        return apr_psprintf(cmd->pool, "GW00019: WSGIDaemonProcess %s: "
                            "socket-user=%s does not exist", g->name, v);
    g->socket_user = apr_pstrdup(cmd->pool, pw->pw_name);
    g->socket_uid = pw->pw_uid;
    return NULL;
}

static const char *opt_chroot(cmd_parms *cmd, gw_group *g,
                              const gw_option *o, const char *v)
{
    (void)o;
    if (v[0] != '/' || !strcmp(v, "/"))
        return apr_psprintf(cmd->pool, "GW00048: WSGIDaemonProcess %s: "
                            "chroot=%s must be an absolute path other "
                            "than /", g->name, v);
    g->chroot_dir = v;
    return NULL;
}

static const char *opt_restart_file(cmd_parms *cmd, gw_group *g,
                                    const gw_option *o, const char *v)
{
    (void)o;
    if (v[0] != '/' || strchr(v, '\n'))
        return apr_psprintf(cmd->pool, "GW00044: WSGIDaemonProcess %s: "
                            "restart-file=%s must be an absolute path",
                            g->name, v);
    g->restart_file = v;
    return NULL;
}

/* worker-file= (ours): read by the parent (gw_workerfile_config.h). */
static const char *opt_worker_file(cmd_parms *cmd, gw_group *g,
                                   const gw_option *o, const char *v)
{
    (void)o;
    if (v[0] != '/' || v[strlen(v) - 1] == '/' || strpbrk(v, "\n\t"))
        return apr_psprintf(cmd->pool, "GW00136: WSGIDaemonProcess %s: "
                            "worker-file=%s must be the absolute path of a "
                            "file", g->name, v);
    g->worker_file = v;
    return NULL;
}

/* supplementary-groups=a,b: mod_wsgi's setgroups list, the group's own
 * gid first (parent/gw_spawn.c sets it instead of initgroups). */
static const char *opt_supp_groups(cmd_parms *cmd, gw_group *g,
                                   const gw_option *o, const char *v)
{
    (void)o;
    long max = sysconf(_SC_NGROUPS_MAX);
    if (max < 1)
        max = NGROUPS_MAX;
    g->supp_gids = apr_pcalloc(cmd->pool, sizeof(gid_t) * (apr_size_t)max);
    g->nsupp = 1;                   /* [0]: the gid, at spawn */
    while (*v) {
        const char *name = ap_getword(cmd->pool, &v, ',');
        if (!*name)
            continue;
        struct group *gr = (name[0] == '#') ? getgrgid((gid_t)atol(name + 1))
                                            : getgrnam(name);
        if (!gr || gr->gr_gid == 0)
            return apr_psprintf(cmd->pool, "GW00105: WSGIDaemonProcess %s: "
                                "supplementary-groups=: group '%s' %s", g->name,
                                name, gr ? "is root's group; remove it"
                                         : "does not exist");
        if (g->nsupp >= max)
            return apr_psprintf(cmd->pool, "GW00107: WSGIDaemonProcess %s: "
                                "supplementary-groups=: more than %ld groups",
                                g->name, max);
        g->supp_gids[g->nsupp++] = gr->gr_gid;
    }
    return NULL;
}

/* script-user= and script-group= (a name or "#id", as mod_wsgi): the
 * owner, or the group, every WSGI script run in the group must have.
 * root is fine (script-user=root: scripts only root can change); an
 * unknown name or id is refused, as mod_wsgi's (ap_uname2id) stops
 * Apache.  mod_wsgi takes one of the two at most. */
static const char *opt_script_owner(cmd_parms *cmd, gw_group *g,
                                    const gw_option *o, const char *v)
{
    int user = !strcmp(o->name, "script-user");
    struct passwd *pw = NULL;
    struct group *gr = NULL;
    /* "#id": digits only, so that a typo cannot name uid 0 (atol). */
    char *end = NULL;
    unsigned long id = v[0] == '#' ? strtoul(v + 1, &end, 10) : 0;
    int numeric = v[0] == '#' && v[1] >= '0' && v[1] <= '9' && !*end
                  && id < (unsigned long)(uid_t)-1;

    if (v[0] != '#' || numeric) {
        if (user)
            pw = numeric ? getpwuid((uid_t)id) : getpwnam(v);
        else
            gr = numeric ? getgrgid((gid_t)id) : getgrnam(v);
    }
    if (!pw && !gr)
        return apr_psprintf(cmd->pool, "GW00110: WSGIDaemonProcess %s: "
                            "%s=%s: no such %s (give a name, or #%s of an "
                            "existing one)", g->name, o->name, v,
                            user ? "user" : "group", user ? "uid" : "gid");
    if (user ? g->script_group != NULL : g->script_user != NULL)
        return apr_psprintf(cmd->pool, "GW00111: WSGIDaemonProcess %s: "
                            "script-user= and script-group= together; "
                            "mod_wsgi takes one of them only: keep the one "
                            "that names who may change the scripts",
                            g->name);
    if (user) {
        g->script_user = apr_pstrdup(cmd->pool, pw->pw_name);
        g->script_uid = pw->pw_uid;
    }
    else {
        g->script_group = apr_pstrdup(cmd->pool, gr->gr_name);
        g->script_gid = gr->gr_gid;
    }
    return NULL;
}

/* control-group=NAME or #gid, ours (mod_wsgi has no such option): the
 * unix group whose members may run gateway-ctl on this group
 * (parent/gw_control_parent.h).  The group must exist now, as for group=; who
 * is in it is looked up at each request, so adding a developer to it
 * needs no restart. */
static const char *opt_control_group(cmd_parms *cmd, gw_group *g,
                                     const gw_option *o, const char *v)
{
    char *end = NULL;
    unsigned long id = v[0] == '#' ? strtoul(v + 1, &end, 10) : 0;
    struct group *gr = v[0] != '#' ? getgrnam(v)
                       : v[1] >= '0' && v[1] <= '9' && !*end
                         ? getgrgid((gid_t)id) : NULL;

    (void)o;
    if (!gr)
        return apr_psprintf(cmd->pool, "GW00125: WSGIDaemonProcess %s: "
                            "control-group=%s does not exist: create it "
                            "(groupadd) and add the developers to it "
                            "(usermod -aG), or fix the name", g->name, v);
    if (!gw_ctl_name_ok(g->name))
        return apr_psprintf(cmd->pool, "GW00126: WSGIDaemonProcess %s: "
                            "control-group= needs a group name gateway-ctl "
                            "can name: 1 to %d characters of visible ASCII, "
                            "no spaces", g->name, GW_CTL_NAME_MAX);
    g->control_group = apr_pstrdup(cmd->pool, gr->gr_name);
    g->control_gid = gr->gr_gid;
    return NULL;
}

/* Accepted, no effect here: configtest says why. */
static const char *opt_noted(cmd_parms *cmd, gw_group *g,
                             const gw_option *o, const char *v)
{
    static const struct { const char *name, *why; } why[] = {
        { "eviction-timeout", "there is no eviction signal here; a reload "
          "waits graceful-timeout=" },
        { "send-buffer-size", "the daemon socket is a UNIX socket with the "
          "kernel's buffer sizes" },
        { "receive-buffer-size", "the daemon socket is a UNIX socket with "
          "the kernel's buffer sizes" },
        { "response-buffer-size", "the Apache child relays the response as "
          "it arrives, in its own buffers" },
        { "response-socket-timeout", "Apache's Timeout bounds each write to "
          "the client" },
        { "server-metrics", "the status page always has the metrics" },
        { "newrelic-config-file", "configure the agent in the application" },
        { "newrelic-environment", "configure the agent in the application" },
        { "socket-rotation", "each configuration generation gets sockets of "
          "its own" },
        { "mute-output", "the daemon's stdout and stderr go to the error "
          "log, as the application's print()" },
        { NULL, NULL }
    };
    const char *reason = "";
    for (int i = 0; why[i].name; i++)
        if (!strcmp(why[i].name, o->name))
            reason = why[i].why;
    if (cmd->pool == cmd->server->process->pconf)
        gw_compat_note(cmd->pool, apr_psprintf(cmd->pool, "WSGIDaemonProcess "
                       "%s option %s=%s", g->name, o->name, v), reason,
                       g->defined_at);
    return NULL;
}

/* The Apache child reads a response's header block in one buffer of
 * GW_HEADER_BLOCK_MAX bytes.  mod_wsgi takes any size from 8192 and 0 for
 * its default: 0 is the default here too, and a larger size loads with a
 * notice and the largest the child reads, so the configuration starts. */
#define GW_HEADER_BLOCK_MAX 65528

static const char *opt_header_buffer(cmd_parms *cmd, gw_group *g,
                                     const gw_option *o, const char *v)
{
    char *end;

    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (v[0] >= '0' && v[0] <= '9' && !*end && !errno
        && n > GW_HEADER_BLOCK_MAX) {
        g->header_buffer_size = GW_HEADER_BLOCK_MAX;
        if (cmd->pool == cmd->server->process->pconf)
            gw_compat_note(cmd->pool, apr_psprintf(cmd->pool,
                           "WSGIDaemonProcess %s option %s=%s", g->name,
                           o->name, v), "the Apache child reads at most "
                           APR_STRINGIFY(GW_HEADER_BLOCK_MAX) " bytes of "
                           "response headers, so that is the size used",
                           g->defined_at);
        return NULL;
    }
    if (!strcmp(v, "0")) {
        g->header_buffer_size = (int)o->def;
        return NULL;
    }
    return opt_number(cmd, g, o, v);
}

/* protocol=wsgi (the default) or asgi: what the group's scripts'
 * callables are.  One event loop per process serves an ASGI group, so
 * this is the group's, not a mount's (docs/asgi.md). */
static const char *opt_protocol(cmd_parms *cmd, gw_group *g,
                                const gw_option *o, const char *v)
{
    (void)o;
    if (!ap_cstr_casecmp(v, "wsgi") || !ap_cstr_casecmp(v, "asgi")) {
        g->asgi = !ap_cstr_casecmp(v, "asgi");
        return NULL;
    }
    return apr_psprintf(cmd->pool, "GW02240: WSGIDaemonProcess %s: "
                        "protocol=%s is neither wsgi (PEP 3333, the "
                        "default) nor asgi (ASGI 3 applications, see "
                        "docs/asgi.md)", g->name, v);
}

/* ---- the table ---------------------------------------------------------- */

/* mod_wsgi's defaults, so an existing configuration behaves the same. */
#define NUM(n, t, lo, hi, def, f, ho, copy) \
    { n, t, lo, hi, def, OFF(f), ho, copy, NULL }
#define SECS(n, def, f, ho, copy) \
    { n, OPT_SECONDS, 0, GW_SECONDS_MAX, def, OFF(f), ho, copy, NULL }
#define STR(n, f, ho) { n, OPT_STRING, 0, 0, 0, OFF(f), ho, ho != NULL, NULL }
#define OWN(n, t, lo, hi, def, f, fn) \
    { n, t, lo, hi, def, OFF(f), NULL, 0, fn }
/* A floor for memory limits: a typo such as memory-limit=512 (meant MiB)
 * would otherwise be a crash loop. */
#define GW_MEMORY_FLOOR (16LL << 20)

static const gw_option options[] = {
    OWN("user", OPT_STRING, 0, 0, 0, user_name, opt_user),
    OWN("group", OPT_STRING, 0, 0, 0, group_name, opt_group),
    { "processes", OPT_INT, 1, 1000, 1, OFF(processes), "processes", 1,
      opt_processes },
    NUM("threads", OPT_INT, 1, 1000, 15, threads, "threads", 1),
    NUM("umask", OPT_OCTAL, 0, 0777, -1, umask, NULL, 0),
    OWN("home", OPT_STRING, 0, 0, 0, home, opt_home),
    STR("python-home", python_home, "python-home"),
    STR("python-path", python_path, "python-path"),
    STR("display-name", display_name, NULL),
    STR("lang", lang, NULL),
    STR("locale", locale, NULL),
    OWN("socket-user", OPT_STRING, 0, 0, 0, socket_user, opt_socket_user),
    NUM("listen-backlog", OPT_INT, 1, 65535, 100, listen_backlog, NULL, 0),
    NUM("memory-limit", OPT_LLONG, GW_MEMORY_FLOOR, LLONG_MAX, 0,
        memory_limit, NULL, 0),
    NUM("virtual-memory-limit", OPT_LLONG, GW_MEMORY_FLOOR, LLONG_MAX, 0,
        virtual_memory_limit, NULL, 0),
    NUM("cpu-time-limit", OPT_LLONG, 1, LLONG_MAX, 0, cpu_time_limit,
        NULL, 0),
    /* Ours (mod_wsgi has none; uWSGI's reload-on-rss): the resident set
     * after which a process recycles gracefully, below a hard
     * memory-limit= so a leak is recycled instead of failing. */
    NUM("maximum-rss", OPT_LLONG, GW_MEMORY_FLOOR, LLONG_MAX, 0,
        maximum_rss, "maximum-rss", 1),
    SECS("connect-timeout", 15, connect_timeout, NULL, 0),
    SECS("socket-timeout", 0, socket_timeout, NULL, 0),
    /* The daemon waits up to the longer of these two (the supervisor
     * enforces the one that applies): both are bounded by its key. */
    SECS("shutdown-timeout", 5, shutdown_timeout, "shutdown-timeout", 0),
    SECS("graceful-timeout", 15, graceful_timeout, "shutdown-timeout", 0),
    NUM("maximum-requests", OPT_LONG, 0, LONG_MAX, 0, maximum_requests,
        "maximum-requests", 1),
    SECS("restart-interval", 0, restart_interval, "restart-interval", 1),
    SECS("inactivity-timeout", 0, inactivity_timeout, "inactivity-timeout",
         1),
    SECS("request-timeout", 0, request_timeout, "request-timeout", 1),
    SECS("deadlock-timeout", 300, deadlock_timeout, "deadlock-timeout", 1),
    SECS("startup-timeout", 0, startup_timeout, "startup-timeout", 1),
    OWN("chroot", OPT_STRING, 0, 0, 0, chroot_dir, opt_chroot),
    { "restart-file", OPT_STRING, 0, 0, 0, OFF(restart_file), "restart-file",
      1, opt_restart_file },
    SECS("queue-timeout", 0, queue_timeout, NULL, 0),
    OWN("worker-file", OPT_STRING, 0, 0, 0, worker_file, opt_worker_file),
    OWN("header-buffer-size", OPT_INT, 1024, GW_HEADER_BLOCK_MAX, 32768,
        header_buffer_size, opt_header_buffer),
    OWN("supplementary-groups", OPT_STRING, 0, 0, 0, name, opt_supp_groups),
    STR("python-eggs", python_eggs, NULL),
    /* nice value, set while still root (a negative one needs it) */
    NUM("cpu-priority", OPT_INT, -20, 19, 0, cpu_priority, NULL, 0),
    /* RLIMIT_STACK: glibc makes it the default stack of every thread */
    NUM("stack-size", OPT_LLONG, 16384, LLONG_MAX, 0, stack_size, NULL, 0),
    OWN("control-group", OPT_STRING, 0, 0, 0, control_group,
        opt_control_group),
    { "protocol", OPT_INT, 0, 1, 0, OFF(asgi), "asgi", 1, opt_protocol },
    OWN("script-user", OPT_STRING, 0, 0, 0, script_user, opt_script_owner),
    OWN("script-group", OPT_STRING, 0, 0, 0, script_group, opt_script_owner),
    OWN("eviction-timeout", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("send-buffer-size", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("receive-buffer-size", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("response-buffer-size", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("response-socket-timeout", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("server-metrics", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("newrelic-config-file", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("newrelic-environment", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("socket-rotation", OPT_STRING, 0, 0, 0, name, opt_noted),
    OWN("mute-output", OPT_STRING, 0, 0, 0, name, opt_noted),
    { NULL, OPT_INT, 0, 0, 0, 0, NULL, 0, NULL }
};


#define FIELD(g, o, type) ((type *)(void *)((char *)(g) + (o)->off))
#define CFIELD(g, o, type) \
    ((const type *)(const void *)((const char *)(g) + (o)->off))

/* The range o takes: its own, within its hand-over key's. */
static void opt_bounds(const gw_option *o, long long *lo, long long *hi)
{
    const gw_ho_field *f = o->ho ? gw_handover_field(o->ho) : NULL;

    *lo = o->lo;
    *hi = o->hi;
    if (f && f->type == GW_HO_NUMBER) {
        if (*lo < f->lo)
            *lo = f->lo;
        if (*hi > f->hi)
            *hi = f->hi;
    }
}

static const char *opt_number(cmd_parms *cmd, gw_group *g,
                              const gw_option *o, const char *v)
{
    long long lo, hi, n;
    char *end;

    opt_bounds(o, &lo, &hi);
    errno = 0;
    n = strtoll(v, &end, o->type == OPT_OCTAL ? 8 : 10);
    if (o->type == OPT_OCTAL && (*v == '\0' || *end || errno || n < lo
                                 || n > hi))
        return apr_psprintf(cmd->pool, "GW00017: WSGIDaemonProcess %s: "
                            "%s=%s is not an octal mode such as 0007",
                            g->name, o->name, v);
    if (*v == '\0' || *end || errno || n < lo || n > hi)
        return apr_psprintf(cmd->pool, "GW00012: %s: %s=%s is not a whole "
                            "number from %" APR_INT64_T_FMT " to %"
                            APR_INT64_T_FMT, cmd->cmd->name, o->name, v,
                            (apr_int64_t)lo, (apr_int64_t)hi);
    switch (o->type) {
    case OPT_INT:
    case OPT_OCTAL:
        *FIELD(g, o, int) = (int)n;
        break;
    case OPT_LONG:
        *FIELD(g, o, long) = (long)n;
        break;
    case OPT_LLONG:
        *FIELD(g, o, long long) = n;
        break;
    case OPT_SECONDS:
        *FIELD(g, o, apr_interval_time_t) = apr_time_from_sec(n);
        break;
    case OPT_STRING:
        break;
    }
    return NULL;
}

static const gw_option *opt_find(const char *name)
{
    for (const gw_option *o = options; o->name; o++)
        if (!strcmp(o->name, name))
            return o;
    return NULL;
}

void gw_options_defaults(gw_group *g)
{
    for (const gw_option *o = options; o->name; o++) {
        switch (o->type) {
        case OPT_INT:
        case OPT_OCTAL:
            *FIELD(g, o, int) = (int)o->def;
            break;
        case OPT_LONG:
            *FIELD(g, o, long) = (long)o->def;
            break;
        case OPT_LLONG:
            *FIELD(g, o, long long) = o->def;
            break;
        case OPT_SECONDS:
            *FIELD(g, o, apr_interval_time_t) = apr_time_from_sec(o->def);
            break;
        case OPT_STRING:
            break;
        }
    }
}

const char *gw_options_set(cmd_parms *cmd, gw_group *g, const char *opt,
                           const char *v)
{
    const gw_option *o = opt_find(opt);

    if (o && o->parse)
        return o->parse(cmd, g, o, v);
    if (o && o->type == OPT_STRING) {
        *FIELD(g, o, const char *) = v;
        return NULL;
    }
    if (o)
        return opt_number(cmd, g, o, v);
    return apr_psprintf(cmd->pool, "GW00021: WSGIDaemonProcess %s: unknown "
                        "option '%s'", g->name, opt);
}

void gw_options_handover(const gw_group *g, gw_handover *h)
{
    for (const gw_option *o = options; o->name; o++) {
        const gw_ho_field *f = o->copy ? gw_handover_field(o->ho) : NULL;
        if (!f)
            continue;
        void *to = (char *)h + f->offset;
        if (f->type == GW_HO_TEXT) {
            *(const char **)to = *CFIELD(g, o, const char *);
            continue;
        }
        long long n = 0;
        switch (o->type) {
        case OPT_INT:
        case OPT_OCTAL:
            n = *CFIELD(g, o, int);
            break;
        case OPT_LONG:
            n = *CFIELD(g, o, long);
            break;
        case OPT_LLONG:
            n = *CFIELD(g, o, long long);
            break;
        case OPT_SECONDS:
            n = apr_time_sec(*CFIELD(g, o, apr_interval_time_t));
            break;
        case OPT_STRING:
            break;
        }
        *(long long *)to = n;
    }
}

/* Whether g's WSGIDaemonProcess line gave option name. */
static int opt_given(const gw_group *g, const char *name)
{
    const char **w = (const char **)g->options->elts;
    size_t n = strlen(name);

    for (int i = 0; i < g->options->nelts; i++)
        if (!strncmp(w[i], name, n) && w[i][n] == '=')
            return 1;
    return 0;
}

static const char *opt_value(apr_pool_t *p, const gw_group *g,
                             const gw_option *o)
{
    switch (o->type) {
    case OPT_INT:
        return apr_itoa(p, *CFIELD(g, o, int));
    case OPT_OCTAL:
        return *CFIELD(g, o, int) < 0 ? "(Apache's)"
               : apr_psprintf(p, "%04o", *CFIELD(g, o, int));
    case OPT_LONG:
        return apr_ltoa(p, *CFIELD(g, o, long));
    case OPT_LLONG:
        return apr_psprintf(p, "%" APR_INT64_T_FMT,
                            (apr_int64_t)*CFIELD(g, o, long long));
    case OPT_SECONDS:
        return apr_psprintf(p, "%" APR_TIME_T_FMT,
                            apr_time_sec(*CFIELD(g, o, apr_interval_time_t)));
    case OPT_STRING:
        break;
    }
    const char *s = *CFIELD(g, o, const char *);
    return s ? s : "(none)";
}

/* Where g's value of o came from: its own option, a WSGIPython*
 * directive (the global default of every group without its own), or
 * mod_wsgi's default. */
static const char *opt_source(apr_pool_t *p, const gw_group *g,
                              const gw_option *o)
{
    static const struct { const char *opt; unsigned bit; } globals[] = {
        { "python-home", GW_FROM_HOME }, { "python-path", GW_FROM_PATH },
        { "python-eggs", GW_FROM_EGGS }, { NULL, 0 }
    };
    if (opt_given(g, o->name))
        return " (set)";
    for (int i = 0; globals[i].opt; i++)
        if (!strcmp(globals[i].opt, o->name) && (g->from_global
                                                 & globals[i].bit))
            return apr_psprintf(p, " (global %s)", gw_compat_source(o->name));
    return " (default)";
}

static const char *supp_value(apr_pool_t *p, const gw_group *g)
{
    const char *out = NULL;
    for (int i = 1; i < g->nsupp; i++) {
        struct group *gr = getgrgid(g->supp_gids[i]);
        const char *n = gr ? apr_pstrdup(p, gr->gr_name)
                           : apr_ltoa(p, (long)g->supp_gids[i]);
        out = out ? apr_pstrcat(p, out, ",", n, NULL) : n;
    }
    return out ? out : "(the user's own groups)";
}

const char *gw_options_dump(apr_pool_t *p, const gw_group *g,
                            const char *indent)
{
    const char *out = "";

    for (const gw_option *o = options; o->name; o++) {
        const char *v;
        if (o->parse == opt_supp_groups)
            v = supp_value(p, g);
        else if (o->parse == opt_protocol)
            v = g->asgi ? "asgi" : "wsgi";
        else if (o->parse == opt_noted) {
            if (!opt_given(g, o->name))
                continue;       /* nothing to say: it does nothing here */
            v = "(accepted, no effect here: see configtest)";
        }
        else
            v = opt_value(p, g, o);
        out = apr_pstrcat(p, out, indent, o->name, "=", v,
                          opt_source(p, g, o), "\n", NULL);
    }
    return out;
}
