/*
 * gw_sockets.c - the groups' listening sockets (see gw_sockets.h).  Runs
 * in the Apache parent, as root.
 */
#include "gw_sockets.h"
#include "gw_kept.h"

#include "http_log.h"
#include "apr_strings.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

static void socket_remove(gw_kept_socket *ks)
{
    struct stat st;

    if (ks->fd >= 0)
        close(ks->fd);
    ks->fd = -1;
    explicit_bzero(ks->secret, sizeof(ks->secret));   /* opens nothing now */
    /* Only ever unlink a socket, never a file someone put there. */
    if (lstat(ks->path, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(ks->path);
}

static const char *socket_create(apr_pool_t *p, gw_group *g,
                                 gw_kept_socket *ks)
{
    struct sockaddr_un sa;
    struct stat st;

    if (lstat(ks->path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            return apr_psprintf(p, "%s exists and is not a socket; remove it",
                                ks->path);
        if (unlink(ks->path) != 0)
            return apr_psprintf(p, "cannot remove stale socket %s: %s",
                                ks->path, strerror(errno));
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return apr_psprintf(p, "socket(): %s", strerror(errno));
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, ks->path);

    /* umask 0077 around bind: the socket is born 0600 owned by root, and
     * only then handed to the one user allowed to connect. */
    mode_t old = umask(0077);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc != 0) {
        close(fd);
        return apr_psprintf(p, "cannot bind %s: %s", ks->path,
                            strerror(errno));
    }
    ks->fd = fd;
    /* Born 0700 (bind applies the umask to 0777); the x bit means nothing
     * on a socket, so say exactly what is meant. */
    if (chmod(ks->path, 0600) != 0)
        return apr_psprintf(p, "cannot chmod %s: %s", ks->path,
                            strerror(errno));
    if (chown(ks->path, g->socket_uid, (gid_t)-1) != 0)
        return apr_psprintf(p, "cannot chown %s to %s: %s", ks->path,
                            g->socket_user, strerror(errno));
    if (listen(fd, g->listen_backlog) != 0)
        return apr_psprintf(p, "cannot listen on %s: %s", ks->path,
                            strerror(errno));
    return NULL;
}

/* Adds "key=length:value" to the fingerprint: no two lists of fields
 * give the same bytes. */
static void identity_add(apr_sha1_ctx_t *ctx, apr_pool_t *p,
                         const char *key, const char *v)
{
    const char *f = apr_psprintf(p, "%s=%" APR_SIZE_T_FMT ":%s\n", key,
                                 strlen(v ? v : ""), v ? v : "");
    apr_sha1_update(ctx, f, (unsigned)strlen(f));
}

static int cmp_gid(const void *a, const void *b)
{
    gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The supplementary groups g's processes get: what gw_spawn.c's
 * initgroups() (or setgroups() of the one gid) gives them, sorted, as
 * "1,2,3". */
static const char *identity_groups(apr_pool_t *p, const gw_group *g)
{
    int n = 1;
    gid_t *gl = apr_palloc(p, sizeof(gid_t));

    gl[0] = g->gid;
    if (g->user_name && !g->implicit) {
        int room = n = 32;
        gl = apr_palloc(p, sizeof(gid_t) * (apr_size_t)room);
        /* -1: more than n of them; n now says how many. */
        while (getgrouplist(g->user_name, g->gid, gl, &n) < 0) {
            room = n = n > room ? n : room * 2;
            gl = apr_palloc(p, sizeof(gid_t) * (apr_size_t)room);
        }
    }
    qsort(gl, (size_t)n, sizeof(*gl), cmp_gid);
    const char *out = "";
    for (int i = 0; i < n; i++)
        out = apr_psprintf(p, "%s%s%ld", out, i ? "," : "", (long)gl[i]);
    return out;
}

/* g's identity: who its processes are (uid, gid, supplementary groups,
 * chroot=, home=) and what they may run (python-home=, python-path=,
 * the delegated scripts and directories, WSGIImportScript).  A socket,
 * and so its secret, is kept across a restart only for the same
 * identity.  What goes in is root's configuration and /etc/group, not
 * something an attacker chooses: SHA-1 only has to tell two
 * configurations apart, as for attached daemons (gw_attach.c). */
static void identity_of(apr_pool_t *p, server_rec *s, const gw_group *g,
                        unsigned char out[APR_SHA1_DIGESTSIZE])
{
    apr_sha1_ctx_t ctx;
    apr_array_header_t *sc = gw_config_delegated(p, s, g);
    gw_import_script *im = (gw_import_script *)gw_global->imports->elts;

    apr_sha1_init(&ctx);
    identity_add(&ctx, p, "uid", apr_ltoa(p, (long)g->uid));
    identity_add(&ctx, p, "gid", apr_ltoa(p, (long)g->gid));
    identity_add(&ctx, p, "groups", identity_groups(p, g));
    identity_add(&ctx, p, "chroot", g->chroot_dir);
    identity_add(&ctx, p, "home", g->home);
    identity_add(&ctx, p, "python-home", g->python_home);
    identity_add(&ctx, p, "python-path", g->python_path);
    /* The order of the mounts in the files changes nothing. */
    if (sc->nelts > 1)
        qsort(sc->elts, (size_t)sc->nelts, sizeof(const char *), cmp_str);
    for (int i = 0; i < sc->nelts; i++)
        identity_add(&ctx, p, "delegated", APR_ARRAY_IDX(sc, i,
                                                        const char *));
    for (int i = 0; i < gw_global->imports->nelts; i++)
        if (!strcmp(im[i].process_group, g->name))
            identity_add(&ctx, p, "import", apr_pstrcat(p,
                         im[i].application_group, "\t", im[i].path, NULL));
    apr_sha1_final(out, &ctx);
}

/* 32 random bytes in hex: what requests to one socket must carry. */
static const char *secret_make(apr_pool_t *p, char out[GW_SECRET_SIZE])
{
    unsigned char raw[32];

    if (apr_generate_random_bytes(raw, sizeof(raw)) != APR_SUCCESS)
        return apr_pstrdup(p, "cannot generate the socket's secret: the "
                           "system's random source is unavailable");
    for (size_t i = 0; i < sizeof(raw); i++)
        apr_snprintf(out + 2 * i, 3, "%02x", raw[i]);
    explicit_bzero(raw, sizeof(raw));
    return NULL;
}

/* What differs between the kept socket ks and what g needs, or NULL. */
static const char *socket_change(const gw_kept_socket *ks, const gw_group *g,
                                 const unsigned char *identity)
{
    if (ks->owner != g->socket_uid)
        return "socket-user=";
    if (ks->backlog != g->listen_backlog)
        return "listen-backlog=";
    if (strncmp(ks->path, gw_global->socket_prefix,
                strlen(gw_global->socket_prefix)))
        return "WSGISocketPrefix";
    if (memcmp(ks->identity, identity, sizeof(ks->identity)))
        return "its identity (user=, group=, supplementary groups, chroot=, "
               "home=, python-home=, python-path=, or the scripts it may "
               "run)";
    return NULL;
}

const char *gw_sockets_attach(apr_pool_t *p, server_rec *s, gw_group *g)
{
    gw_kept *k = gw_kept_get(s);
    gw_kept_socket *ks = (gw_kept_socket *)k->sockets->elts, *mine = NULL;
    struct sockaddr_un sa;
    unsigned char identity[APR_SHA1_DIGESTSIZE];
    const char *changed = NULL, *old = NULL;

    if (strlen(g->name) >= GW_KEPT_NAME_MAX)
        return apr_psprintf(p, "group name longer than %d bytes",
                            GW_KEPT_NAME_MAX - 1);
    identity_of(p, s, g, identity);
    for (int i = 0; i < k->sockets->nelts; i++) {
        if (ks[i].fd < 0 || ks[i].used || strcmp(ks[i].group, g->name))
            continue;
        if (!(changed = socket_change(&ks[i], g, identity))) {
            mine = &ks[i];
            break;
        }
        /* A fresh socket.  Closing ours does not stop a stray process of
         * the old identity that kept a copy from accepting on it, but
         * with its name gone nobody connects to it any more. */
        old = apr_pstrdup(p, ks[i].path);
        socket_remove(&ks[i]);
    }
    if (!mine) {
        /* prefix.parentpid.id.sock, mod_wsgi-like; the id never repeats
         * within this parent's life, so an old path is never reused. */
        char *path = apr_psprintf(p, "%s.%ld.%d.sock",
                                  gw_global->socket_prefix, (long)getpid(),
                                  k->next_socket_id);
        if (strlen(path) >= sizeof(sa.sun_path))
            return apr_psprintf(p, "socket path %s is longer than %zu bytes; "
                                "use a shorter WSGISocketPrefix", path,
                                sizeof(sa.sun_path) - 1);
        k->next_socket_id++;
        mine = apr_array_push(k->sockets);
        memset(mine, 0, sizeof(*mine));
        apr_cpystrn(mine->group, g->name, sizeof(mine->group));
        apr_cpystrn(mine->path, path, sizeof(mine->path));
        mine->fd = -1;
        mine->owner = g->socket_uid;
        mine->backlog = g->listen_backlog;
        memcpy(mine->identity, identity, sizeof(mine->identity));
        const char *err = secret_make(p, mine->secret);
        if (!err)
            err = socket_create(p, g, mine);
        if (err) {
            socket_remove(mine);
            return err;
        }
        if (old)
            ap_log_error(APLOG_MARK, APLOG_INFO, 0, s, GWLOGNO(02111)
                         "daemon group '%s': %s changed, so it has a new "
                         "socket %s and secret; the old socket %s is closed "
                         "and removed (requests still queued in it are not "
                         "served, Apache children of the earlier "
                         "configuration get 503 for this group)", g->name,
                         changed, mine->path, old);
    }
    mine->used = 1;
    g->socket_path = apr_pstrdup(p, mine->path);
    g->listen_fd = mine->fd;
    apr_cpystrn(g->secret, mine->secret, sizeof(g->secret));
    return NULL;
}

void gw_sockets_prune(server_rec *s)
{
    gw_kept *k = gw_kept_get(s);
    gw_kept_socket *ks = (gw_kept_socket *)k->sockets->elts;

    for (int i = 0; i < k->sockets->nelts; i++) {
        if (ks[i].fd >= 0 && !ks[i].used)
            socket_remove(&ks[i]);
        ks[i].used = 0;     /* for the next generation to claim */
    }
}

void gw_sockets_remove_all(server_rec *s)
{
    gw_kept *k = gw_kept_get(s);
    gw_kept_socket *ks = (gw_kept_socket *)k->sockets->elts;

    for (int i = 0; i < k->sockets->nelts; i++)
        if (ks[i].fd >= 0)
            socket_remove(&ks[i]);
}
