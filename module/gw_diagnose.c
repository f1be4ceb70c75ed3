/*
 * gw_diagnose.c - configtest diagnostics (see gw_diagnose.h).
 *
 * Directives of other modules (Alias, DocumentRoot, <Location>, Require,
 * Allow) are read from the parsed configuration tree, not from those
 * modules' private records: what the sysadmin wrote, with file:line.
 */
#include "gw_diagnose.h"
#include "gw_authconf.h"
#include "gw_options.h"
#include "gw_config.h"
#include "gw_socketdir.h"
#include "gw_compat.h"
#include "gw_workerfile_config.h"

#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "mpm_common.h"
#include "ap_regex.h"
#include "util_cfgtree.h"
#include "apr_strings.h"
#include "apr_file_info.h"

#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* More concurrent Python threads than this for one app is worth a note:
 * typical apps need far fewer (mod_wsgi's advice: start with 2 x 15). */
#define GW_SIZING_NOTE 64
/* Bounds of the look for application files under an aliased directory. */
#define GW_SCAN_DEPTH   3
#define GW_SCAN_ENTRIES 2000

/* A directive of interest found in the tree. */
typedef struct {
    const char *name;        /* Alias, DocumentRoot, <Location, ... */
    const char *url;         /* URL path or regex (Location*, Alias) */
    const char *path;        /* file system path (Alias, DocumentRoot) */
    const char *where;       /* file:line */
    const ap_directive_t *vhost;  /* enclosing <VirtualHost, or NULL */
    int allows_all;          /* a Location* granting access to all */
    int runs_scripts;        /* a Location* with SetHandler wsgi-script */
} gw_seen;

typedef struct {
    apr_pool_t *p;
    server_rec *s;
    apr_array_header_t *seen;   /* gw_seen */
    apr_array_header_t *mounts; /* gw_seen (WSGIScriptAlias) */
    int errors;
} gw_diag;

static const char *where_of(apr_pool_t *p, const ap_directive_t *d)
{
    return apr_psprintf(p, "%s:%d", d->filename, d->line_num);
}

/* "/app/" and "/app" name the same mount; "/" stays "/". */
static const char *url_norm(apr_pool_t *p, const char *u)
{
    size_t n = strlen(u);
    while (n > 1 && u[n - 1] == '/')
        n--;
    return apr_pstrndup(p, u, n);
}

/* Is path `inner` the directory `outer` or below it? */
static int path_within(const char *outer, const char *inner)
{
    size_t n = strlen(outer);
    while (n > 1 && outer[n - 1] == '/')
        n--;
    return !strncmp(outer, inner, n) && (inner[n] == '\0' || inner[n] == '/');
}

static void collect(gw_diag *d, const ap_directive_t *node,
                    const ap_directive_t *vhost)
{
    for (; node; node = node->next) {
        const char *name = node->directive;
        const char *args = node->args ? node->args : "";
        const char *a = args;

        if (!strcasecmp(name, "<VirtualHost")) {
            collect(d, node->first_child, node);
            continue;
        }
        gw_seen *sn = NULL;
        if (!strcasecmp(name, "Alias") || !strcasecmp(name, "WSGIScriptAlias")
            || !strcasecmp(name, "DocumentRoot")) {
            sn = apr_array_push(strcasecmp(name, "WSGIScriptAlias")
                                ? d->seen : d->mounts);
            memset(sn, 0, sizeof(*sn));
            sn->name = name;
            if (strcasecmp(name, "DocumentRoot"))
                sn->url = url_norm(d->p, ap_getword_conf(d->p, &a));
            sn->path = ap_server_root_relative(d->p,
                                               ap_getword_conf(d->p, &a));
        }
        else if (!strcasecmp(name, "<Location")
                 || !strcasecmp(name, "<LocationMatch")) {
            char *u = ap_getword_conf(d->p, &a);
            size_t n = strlen(u);
            if (n && u[n - 1] == '>')
                u[n - 1] = '\0';
            if (u[0] == '"' || u[0] == '\'')      /* "<Location "/">" */
                u = apr_pstrndup(d->p, u + 1, strlen(u) - 2);
            sn = apr_array_push(d->seen);
            memset(sn, 0, sizeof(*sn));
            sn->name = name;
            sn->url = u;
            for (const ap_directive_t *c = node->first_child; c; c = c->next) {
                const char *ca = c->args ? c->args : "";
                if ((!strcasecmp(c->directive, "Allow")
                     && ap_strcasestr(ca, "from") && ap_strcasestr(ca, "all"))
                    || (!strcasecmp(c->directive, "Require")
                        && ap_strcasestr(ca, "all")
                        && ap_strcasestr(ca, "granted")))
                    sn->allows_all = 1;
                if (!strcasecmp(c->directive, "SetHandler")
                    && !strcasecmp(ca, "wsgi-script"))
                    sn->runs_scripts = 1;
            }
        }
        if (sn) {
            sn->where = where_of(d->p, node);
            sn->vhost = vhost;
        }
        if (node->first_child && strcasecmp(name, "<Location")
            && strcasecmp(name, "<LocationMatch"))
            collect(d, node->first_child, vhost);
    }
}

/* Same server: one is global (it applies everywhere) or both sit in the
 * same <VirtualHost>. */
static int same_scope(const gw_seen *a, const gw_seen *b)
{
    return !a->vhost || !b->vhost || a->vhost == b->vhost;
}

static const char *dir_of(apr_pool_t *p, const char *file)
{
    char *d = apr_pstrdup(p, file);
    char *slash = strrchr(d, '/');
    if (slash && slash != d)
        *slash = '\0';
    return d;
}

/* A file that should never be downloadable: Python code, a database, the
 * WSGI script.  Bounded breadth-first look under dir; the first one found
 * or NULL. */
static const char *find_app_file(apr_pool_t *p, const char *dir, int depth,
                                 int *budget)
{
    DIR *dh = opendir(dir);
    struct dirent *e;
    const char *found = NULL;
    apr_array_header_t *subdirs = apr_array_make(p, 4, sizeof(char *));

    if (!dh)
        return NULL;
    while (!found && (e = readdir(dh)) && (*budget)-- > 0) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        if (n[0] == '.')
            continue;
        size_t dl = strlen(dir);
        char *full = apr_pstrcat(p, dir, dl && dir[dl - 1] == '/' ? "" : "/",
                                 n, NULL);
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            *(char **)apr_array_push(subdirs) = full;
        else if ((len > 3 && !strcmp(n + len - 3, ".py"))
                 || (len > 5 && !strcmp(n + len - 5, ".wsgi"))
                 || (len > 7 && !strcmp(n + len - 7, ".sqlite"))
                 || (len > 3 && !strcmp(n + len - 3, ".db")))
            found = full;
    }
    closedir(dh);
    for (int i = 0; !found && depth > 1 && i < subdirs->nelts; i++)
        found = find_app_file(p, ((char **)subdirs->elts)[i], depth - 1,
                              budget);
    return found;
}

/* Does a <Location> (not a regex) with SetHandler wsgi-script cover the
 * whole of the Alias's URL?  Then its files run as scripts and are not
 * served as they are: keystone's "Alias /identity /usr/bin/keystone-wsgi-
 * public" with <Location /identity> SetHandler wsgi-script. */
static int alias_runs_scripts(const gw_diag *d, const gw_seen *alias)
{
    const gw_seen *sn = (const gw_seen *)d->seen->elts;

    for (int i = 0; alias->url && i < d->seen->nelts; i++)
        if (sn[i].runs_scripts && !strcasecmp(sn[i].name, "<Location")
            && same_scope(&sn[i], alias)
            && gw_mount_match(alias->url, url_norm(d->p, sn[i].url)) >= 0)
            return 1;
    return 0;
}

/* 3: an Alias whose URL covers a mount answers first: the app is never
 * reached.  4: an Alias or DocumentRoot that serves application code. */
static void check_aliases(gw_diag *d)
{
    gw_seen *sn = (gw_seen *)d->seen->elts;
    gw_seen *m = (gw_seen *)d->mounts->elts;

    for (int i = 0; i < d->seen->nelts; i++) {
        if (strcasecmp(sn[i].name, "Alias") && strcasecmp(sn[i].name,
                                                          "DocumentRoot"))
            continue;
        for (int j = 0; j < d->mounts->nelts; j++) {
            if (!same_scope(&sn[i], &m[j]))
                continue;
            if (sn[i].url && gw_mount_match(m[j].url, sn[i].url) >= 0)
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, d->s,
                             GWLOGNO(00050) "Alias %s at %s covers "
                             "WSGIScriptAlias %s at %s: mod_alias answers "
                             "first, so the application is never reached; "
                             "remove the Alias or narrow it to the static "
                             "files (e.g. Alias %s/static/ ...)",
                             sn[i].url, sn[i].where, m[j].url, m[j].where,
                             strcmp(m[j].url, "/") ? m[j].url : "");
        }
        if (!sn[i].path || alias_runs_scripts(d, &sn[i]))
            continue;
        int budget = GW_SCAN_ENTRIES;
        const char *file = NULL;
        for (int j = 0; j < d->mounts->nelts && !file; j++)
            if (path_within(sn[i].path, m[j].path))
                file = m[j].path;
        if (!file)
            file = find_app_file(d->p, sn[i].path, GW_SCAN_DEPTH, &budget);
        if (file)
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, d->s, GWLOGNO(00051)
                         "%s %s at %s makes application files downloadable "
                         "(for example %s): serve only the directory of "
                         "static files (Alias /static/ .../static/) and keep "
                         "code and databases outside every Alias and "
                         "DocumentRoot", sn[i].name, sn[i].path, sn[i].where,
                         file);
    }
}

/* 5: access granted by URL (<Location>) rather than by directory. */
static void check_locations(gw_diag *d)
{
    gw_seen *sn = (gw_seen *)d->seen->elts;
    gw_seen *m = (gw_seen *)d->mounts->elts;

    for (int i = 0; i < d->seen->nelts; i++) {
        if (!sn[i].allows_all)
            continue;
        int is_match = !strcasecmp(sn[i].name, "<LocationMatch");
        ap_regex_t *re = NULL;
        if (is_match && !(re = ap_pregcomp(d->p, sn[i].url, 0)))
            continue;
        for (int j = 0; j < d->mounts->nelts; j++) {
            int covers = is_match
                ? ap_regexec(re, m[j].url, 0, NULL, 0) == 0
                : gw_mount_match(m[j].url, url_norm(d->p, sn[i].url)) >= 0;
            if (!covers || !same_scope(&sn[i], &m[j]))
                continue;
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, d->s, GWLOGNO(00052)
                         "%s %s> at %s grants access to all, covering "
                         "WSGIScriptAlias %s at %s: access by URL opens "
                         "whatever file a URL maps to; grant it with "
                         "<Directory %s> (or <Files>) instead",
                         sn[i].name, sn[i].url, sn[i].where, m[j].url,
                         m[j].where, dir_of(d->p, m[j].path));
            break;
        }
    }
}

static const char *vhost_name(server_rec *s)
{
    return s && s->server_hostname ? s->server_hostname : "(unnamed)";
}

/* 1: a WSGIDaemonProcess repeating a name (gw_config.c recorded it and
 * made no group of it, so this is the only place it shows). */
static void check_duplicates(gw_diag *d)
{
    gw_duplicate *dup = (gw_duplicate *)gw_global->duplicates->elts;

    for (int i = 0; i < gw_global->duplicates->nelts; i++) {
        const gw_group *first = gw_group_find(dup[i].name);
        if (!first)
            continue;       /* cannot happen: the first one is kept */
        const char *fix = first->vhost
            ? apr_psprintf(d->p, "Either define the group once at global "
                           "scope, outside every VirtualHost, and refer to "
                           "it (process-group= or WSGIProcessGroup) from "
                           "each VirtualHost; or delete the definition at "
                           "%s and refer to the one at %s from VirtualHosts "
                           "with the same ServerName (%s), such as a site's "
                           "HTTP and HTTPS VirtualHosts", dup[i].defined_at,
                           first->defined_at, vhost_name(first->vhost))
            : apr_psprintf(d->p, "Delete the definition at %s and refer to "
                           "the global group (process-group= or "
                           "WSGIProcessGroup) from each VirtualHost",
                           dup[i].defined_at);
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00022)
                     "WSGIDaemonProcess %s at %s: the name is already used "
                     "at %s (%s%s); group names are global, so the second "
                     "definition is refused.  %s.  Otherwise give each "
                     "group its own name", dup[i].name, dup[i].defined_at,
                     first->defined_at,
                     first->vhost ? "inside the VirtualHost of ServerName "
                                  : "at global scope",
                     first->vhost ? vhost_name(first->vhost) : "", fix);
        d->errors++;
    }
}

/* 2: a group named nowhere; a group of one VirtualHost used by another. */
static void check_group_refs(gw_diag *d)
{
    gw_group_ref *refs = (gw_group_ref *)gw_global->dir_groups->elts;
    apr_array_header_t *all = apr_array_copy(d->p, gw_global->dir_groups);

    for (server_rec *s = d->s; s; s = s->next) {
        gw_server_conf *sc = ap_get_module_config(s->module_config,
                                                  &gateway_module);
        gw_alias *a = (gw_alias *)sc->aliases->elts;
        for (int i = 0; i < sc->aliases->nelts; i++) {
            if (!a[i].process_group || a[i].server != s)
                continue;
            gw_group_ref *r = apr_array_push(all);
            r->name = a[i].process_group;
            r->defined_at = a[i].defined_at;
            r->server = a[i].server;
        }
    }
    gw_import_script *im = (gw_import_script *)gw_global->imports->elts;
    for (int i = 0; i < gw_global->imports->nelts; i++) {
        gw_group_ref *r = apr_array_push(all);
        r->name = im[i].process_group;
        r->defined_at = im[i].defined_at;
        r->server = NULL;
    }
    const apr_array_header_t *auth = gw_authconf_scripts();
    const gw_auth_script *as = (const gw_auth_script *)auth->elts;
    for (int i = 0; i < auth->nelts; i++) {
        if (!as[i].process_group)
            continue;
        gw_group_ref *r = apr_array_push(all);
        r->name = as[i].process_group;
        r->defined_at = as[i].defined_at;
        r->server = as[i].server;
    }
    refs = (gw_group_ref *)all->elts;
    for (int i = 0; i < all->nelts; i++) {
        if (refs[i].name[0] == '%')      /* %{GLOBAL}, %{ENV:...} */
            continue;
        gw_group *g = gw_group_find(refs[i].name);
        if (!g) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00053)
                         "process group '%s' used at %s is not defined: add "
                         "'WSGIDaemonProcess %s ...' (at global scope, or "
                         "in the VirtualHost that uses it) or fix the name",
                         refs[i].name, refs[i].defined_at, refs[i].name);
            d->errors++;
        }
        else if (g->vhost && refs[i].server
                 && strcasecmp(vhost_name(g->vhost),
                               vhost_name(refs[i].server))) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00054)
                         "process group '%s' used at %s (ServerName %s) is "
                         "defined at %s inside the VirtualHost of ServerName "
                         "%s: a group defined in a VirtualHost serves only "
                         "VirtualHosts of the same ServerName; define it at "
                         "global scope to share it", refs[i].name,
                         refs[i].defined_at, vhost_name(refs[i].server),
                         g->defined_at, vhost_name(g->vhost));
            d->errors++;
        }
    }
}

/* Can uid (with gid and its supplementary groups) read path?  Checks the
 * x bit of every parent directory and the r bit of the file, as the
 * kernel would (no ACLs). */
static int readable_by(apr_pool_t *p, const char *path, const gw_group *g)
{
    gid_t groups[64];
    int ngroups = 64;
    struct passwd *pw = getpwuid(g->uid);

    if (!pw || getgrouplist(pw->pw_name, g->gid, groups, &ngroups) < 0)
        ngroups = 0;
    char *copy = apr_pstrdup(p, path);
    for (char *slash = copy; slash; ) {
        slash = strchr(slash + 1, '/');
        if (slash)
            *slash = '\0';
        struct stat st;
        if (stat(*copy ? copy : "/", &st) != 0)
            return 0;
        mode_t need = slash ? S_IXUSR : S_IRUSR;
        int shift = 0;                   /* owner bits */
        if (st.st_uid != g->uid) {
            int in_group = st.st_gid == g->gid;
            for (int i = 0; i < ngroups && !in_group; i++)
                in_group = groups[i] == st.st_gid;
            shift = in_group ? 3 : 6;    /* group or other bits */
        }
        if (!(((mode_t)st.st_mode << shift) & need))
            return 0;
        if (slash)
            *slash = '/';
    }
    return 1;
}

/* The Python version a prefix holds: "3.11" from lib/python3.11. */
static const char *prefix_version(apr_pool_t *p, const char *home)
{
    DIR *dh = opendir(apr_pstrcat(p, home, "/lib", NULL));
    struct dirent *e;
    const char *v = NULL;

    if (!dh)
        return NULL;
    while ((e = readdir(dh)))
        if (!strncmp(e->d_name, "python3.", 8))
            v = apr_pstrdup(p, e->d_name + 6);
    closedir(dh);
    return v;
}

/* 6 and 7: what each group needs on this machine, and its size. */
static void check_groups(gw_diag *d)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;
    struct stat st;

    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        if (g->home_set && (stat(g->home, &st) != 0 || !S_ISDIR(st.st_mode))) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00055)
                         "WSGIDaemonProcess %s at %s: home=%s is not a "
                         "directory; create it or fix the path", g->name,
                         g->defined_at, g->home);
            d->errors++;
        }
        if (g->chroot_dir && (stat(g->chroot_dir, &st) != 0
                              || !S_ISDIR(st.st_mode))) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00049)
                         "WSGIDaemonProcess %s at %s: chroot=%s is not a "
                         "directory", g->name, g->defined_at, g->chroot_dir);
            d->errors++;
        }
        if (g->python_home && (g->from_global & GW_FROM_HOME)
            && !prefix_version(d->p, g->python_home))
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, d->s, GWLOGNO(00109)
                         "WSGIDaemonProcess %s has no python-home= of its "
                         "own: it takes WSGIPythonHome %s (%s), reported "
                         "below", g->name, g->python_home,
                         gw_python->home_at);
        if (g->python_home) {
            const char *v = prefix_version(d->p, g->python_home);
            if (!v) {
                ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00056)
                             "WSGIDaemonProcess %s at %s: python-home=%s is "
                             "not a Python installation prefix (no "
                             "lib/python3.*); point it at the virtualenv's "
                             "top directory (the one holding bin/ and lib/)",
                             g->name, g->defined_at, g->python_home);
                d->errors++;
            }
            else if (strcmp(v, GW_PY_VERSION)) {
                ap_log_error(APLOG_MARK, APLOG_ERR, 0, d->s, GWLOGNO(00057)
                             "WSGIDaemonProcess %s at %s: python-home=%s "
                             "holds Python %s, but gateway-daemon embeds "
                             "Python %s; recreate the virtualenv with "
                             "python%s or build mod_gateway --with-python "
                             "for %s", g->name, g->defined_at,
                             g->python_home, v, GW_PY_VERSION,
                             GW_PY_VERSION, v);
                d->errors++;
            }
        }
        long concurrency = (long)g->processes * g->threads;
        if (concurrency > GW_SIZING_NOTE)
            ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, d->s, GWLOGNO(00058)
                         "WSGIDaemonProcess %s at %s: processes=%d x "
                         "threads=%d = %ld concurrent Python threads for one "
                         "application; most need far fewer: start with "
                         "processes=2 and raise it when measurements say so",
                         g->name, g->defined_at, g->processes, g->threads,
                         concurrency);
    }
}

/* 6: scripts that are missing, or that the group's user cannot read. */
static void check_scripts(gw_diag *d)
{
    for (server_rec *s = d->s; s; s = s->next) {
        gw_server_conf *sc = ap_get_module_config(s->module_config,
                                                  &gateway_module);
        gw_dir_conf *dc = ap_get_module_config(s->lookup_defaults,
                                               &gateway_module);
        gw_alias *a = (gw_alias *)sc->aliases->elts;
        struct stat st;
        for (int i = 0; i < sc->aliases->nelts; i++) {
            if (a[i].server != s)
                continue;     /* inherited from the main server */
            if (stat(a[i].path, &st) != 0) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, d->s,
                             GWLOGNO(00059) "WSGIScriptAlias %s at %s: "
                             "script %s does not exist; requests will get "
                             "404", a[i].url, a[i].defined_at, a[i].path);
                continue;
            }
            const char *pg = a[i].process_group ? a[i].process_group
                           : dc && dc->process_group ? dc->process_group
                           : NULL;
            gw_group *g = pg && pg[0] != '%' ? gw_group_find(pg)
                                             : sc->default_group;
            if (g && S_ISREG(st.st_mode) && !readable_by(d->p, a[i].path, g))
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, d->s,
                             GWLOGNO(00060) "WSGIScriptAlias %s at %s: "
                             "script %s cannot be read by %s (uid %ld), the "
                             "user of process group '%s'; requests will get "
                             "500: give that user read access to the file "
                             "and search (x) access to its directories",
                             a[i].url, a[i].defined_at, a[i].path,
                             g->user_name, (long)g->uid, g->name);
        }
    }
}

/* 7: CoreDumpDirectory would make Apache children dumpable, and any
 * process of Apache's User could then read the groups' secrets from
 * their memory; mod_gateway.c keeps them non-dumpable instead, and this
 * tells the sysadmin who set it why there are no core dumps. */
void gw_diagnose_coredump(server_rec *s)
{
    if (!ap_coredumpdir_configured || gw_global->groups->nelts == 0)
        return;
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, s, GWLOGNO(00080)
                 "CoreDumpDirectory %s is set, but Apache children stay "
                 "non-dumpable while daemon groups are configured: a "
                 "dumpable child would let any process of Apache's User "
                 "(a CGI script, say) read the groups' secrets from its "
                 "memory (/proc/PID/mem) and send requests as Apache.  "
                 "Core dumps of Apache children are off; the daemon "
                 "processes' are not affected", ap_coredump_dir);
}

int gw_diagnose(apr_pool_t *p, server_rec *s)
{
    gw_diag d = { p, s, apr_array_make(p, 8, sizeof(gw_seen)),
                  apr_array_make(p, 4, sizeof(gw_seen)), 0 };

    collect(&d, ap_conftree, NULL);
    check_duplicates(&d);
    check_group_refs(&d);
    check_aliases(&d);
    check_locations(&d);
    check_groups(&d);
    check_scripts(&d);
    gw_compat_diagnose(s);
    /* At a real start the supervisor checks the directory and the ones
     * above it itself, into the error log, and post_config gives the core
     * dump notice there; configtest has only this chance. */
    if (ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST)
        gw_diagnose_coredump(s);
    /* The developers' worker files: warnings, never a configtest
     * failure (gw_workerfile_config.h). */
    if (ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST)
        gw_workerfile_check(p, s);
    if (gw_global->groups->nelts > 0
        && ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST) {
        const char *prefix = gw_global->socket_prefix;
        const char *err = gw_socketdir_check(p, prefix);
        if (err) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, GWLOGNO(00061) "%s",
                         err);
            d.errors++;
        }
        else if ((err = gw_socketdir_check_ancestors(p, prefix))) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, GWLOGNO(00085) "%s",
                         err);
            d.errors++;
        }
    }
    return d.errors ? HTTP_INTERNAL_SERVER_ERROR : OK;
}

/* DUMP_WSGI: who may use group g.  A global group serves any virtual
 * host; one defined in a VirtualHost serves the servers of its
 * ServerName, listed with where they are defined. */
static const char *users_of(apr_pool_t *p, server_rec *s, const gw_group *g)
{
    if (!g->vhost)
        return "any VirtualHost";
    const char *list = NULL;
    for (server_rec *v = s; v; v = v->next) {
        if (!v->is_virtual || strcasecmp(vhost_name(v), vhost_name(g->vhost)))
            continue;
        const char *at = v->defn_name
            ? apr_psprintf(p, "%s:%u", v->defn_name, v->defn_line_number)
            : "(unknown)";
        /* httpd lists virtual hosts last defined first */
        list = list ? apr_pstrcat(p, at, ", ", list, NULL) : at;
    }
    return apr_psprintf(p, "VirtualHosts with ServerName %s (%s)",
                        vhost_name(g->vhost), list ? list : "none");
}

static const char *options_of(apr_pool_t *p, const gw_group *g)
{
    if (!g->options || g->options->nelts == 0)
        return g->implicit ? "none (the implicit group of a server: every "
                             "default)" : "none (every default)";
    const char **w = (const char **)g->options->elts;
    const char *out = w[0];
    for (int i = 1; i < g->options->nelts; i++)
        out = apr_pstrcat(p, out, " ", w[i], NULL);
    return out;
}

void gw_diagnose_dump(apr_pool_t *p, server_rec *s)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    if (!ap_exists_config_define("DUMP_WSGI"))
        return;
    printf("WSGI daemon process groups:\n");
    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        printf("  %s (%s)\n    user %s (uid %ld), gid %ld, processes %d x "
               "threads %d, home %s\n    options: %s\n    socket "
               "%s.<pid>.<n>.sock, only %s (uid %ld) may connect\n    may "
               "be used by: %s\n",
               g->name, g->defined_at, g->user_name, (long)g->uid,
               (long)g->gid, g->processes, g->threads, g->home,
               options_of(p, g), gw_global->socket_prefix, g->socket_user,
               (long)g->socket_uid, users_of(p, s, g));
        if (g->python_home)
            printf("    python-home %s\n", g->python_home);
        printf("    every option (as set, from a WSGIPython* global, or "
               "its default):\n%s",
               gw_options_dump(p, g, "      "));
    }
    gw_python_conf *py = gw_python;
    printf("WSGI Python settings of every daemon process:\n");
    printf("  WSGIPythonOptimize %d (%s)\n", py->optimize < 0 ? 0
           : py->optimize, py->optimize_at ? py->optimize_at : "default");
    printf("  WSGIPythonHashSeed %s (%s)\n", py->hash_seed ? py->hash_seed
           : "random", py->hash_seed_at ? py->hash_seed_at : "default");
    printf("  WSGIDontWriteBytecode %s (%s)\n",
           py->dont_write_bytecode == 1 ? "On" : "Off",
           py->dont_write_bytecode_at ? py->dont_write_bytecode_at
                                      : "default");
    for (int i = 0; i < py->warnings->nelts; i++)
        printf("  WSGIPythonWarnings %s\n",
               APR_ARRAY_IDX(py->warnings, i, const char *));
    printf("  WSGIRestrictStdin %s, WSGIRestrictStdout %s, "
           "WSGIRestrictSignal %s\n", py->restrict_stdin == 1 ? "On" : "Off",
           py->restrict_stdout == 1 ? "On" : "Off",
           py->restrict_signal == 0 ? "Off" : "On");
    printf("WSGI mounts:\n");
    /* In the order of the configuration: the main server, then the
     * virtual hosts, which httpd lists last defined first. */
    apr_array_header_t *order = apr_array_make(p, 8, sizeof(server_rec *));
    for (server_rec *v = s->next; v; v = v->next)
        *(server_rec **)apr_array_push(order) = v;
    *(server_rec **)apr_array_push(order) = s;
    for (int k = order->nelts - 1; k >= 0; k--) {
        server_rec *v = ((server_rec **)order->elts)[k];
        gw_server_conf *sc = ap_get_module_config(v->module_config,
                                                  &gateway_module);
        gw_dir_conf *dc = ap_get_module_config(v->lookup_defaults,
                                               &gateway_module);
        gw_alias *a = (gw_alias *)sc->aliases->elts;
        for (int i = 0; i < sc->aliases->nelts; i++) {
            const char *pg = a[i].process_group ? a[i].process_group
                           : dc && dc->process_group ? dc->process_group
                           : sc->default_group ? sc->default_group->name
                           : gw_global->main_default
                             ? gw_global->main_default->name
                           : "(chosen per request)";
            /* A virtual host without a port in its ServerName: the one
             * of its address, so the HTTP and HTTPS sites of one name
             * tell apart. */
            unsigned port = v->port;
            if (!port && v->is_virtual && v->addrs)
                port = v->addrs->host_port;
            printf("  %s:%u%s -> %s\n    process group %s, application "
                   "group %s, callable %s (%s)\n", vhost_name(v), port,
                   a[i].url, a[i].path, pg,
                   a[i].application_group ? a[i].application_group
                   : dc && dc->application_group ? dc->application_group
                   : "%{RESOURCE}",
                   a[i].callable ? a[i].callable
                   : dc && dc->callable ? dc->callable : "application",
                   a[i].defined_at);
        }
    }
    gw_dir_setting *ds = (gw_dir_setting *)gw_global->dir_settings->elts;
    if (gw_global->dir_settings->nelts)
        printf("WSGI groups set in directory sections (they win over the "
               "server's for requests there, unless the mount names its "
               "own):\n");
    for (int i = 0; i < gw_global->dir_settings->nelts; i++)
        printf("  %s %s in %s (%s, ServerName %s)\n", ds[i].directive,
               ds[i].value, ds[i].section, ds[i].defined_at,
               vhost_name(ds[i].server));
    fflush(stdout);
}
