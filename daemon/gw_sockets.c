/*
 * gw_sockets.c - the groups' listening sockets (see gw_sockets.h).  Runs
 * in the Apache parent, as root.
 */
#include "gw_sockets.h"
#include "gw_kept.h"

#include "apr_strings.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

const char *gw_sockets_check_dir(apr_pool_t *p, const char *prefix)
{
    char *dir = apr_pstrdup(p, prefix);
    char *slash = strrchr(dir, '/');
    struct stat st;

    if (!slash)
        return apr_psprintf(p, "WSGISocketPrefix %s is not an absolute path",
                            prefix);
    *(slash == dir ? slash + 1 : slash) = '\0';
    if (stat(dir, &st) != 0)
        return apr_psprintf(p, "socket directory %s (WSGISocketPrefix %s): "
                            "%s; create it (owner root, mode 0755)", dir,
                            prefix, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return apr_psprintf(p, "socket directory %s is not a directory", dir);
    if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
        return apr_psprintf(p, "socket directory %s is owner uid %ld mode "
                            "%04o: it must be owned by root and writable by "
                            "no one else, or other users could replace a "
                            "daemon's socket; point WSGISocketPrefix at a "
                            "directory such as /var/run/apache2/wsgi",
                            dir, (long)st.st_uid,
                            (unsigned)(st.st_mode & 07777));
    return NULL;
}

static void socket_remove(gw_kept_socket *ks)
{
    struct stat st;

    if (ks->fd >= 0)
        close(ks->fd);
    ks->fd = -1;
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

const char *gw_sockets_attach(apr_pool_t *p, server_rec *s, gw_group *g)
{
    gw_kept *k = gw_kept_get(s);
    gw_kept_socket *ks = (gw_kept_socket *)k->sockets->elts, *mine = NULL;
    struct sockaddr_un sa;

    if (strlen(g->name) >= GW_KEPT_NAME_MAX)
        return apr_psprintf(p, "group name longer than %d bytes",
                            GW_KEPT_NAME_MAX - 1);
    for (int i = 0; i < k->sockets->nelts; i++) {
        if (ks[i].fd < 0 || ks[i].used || strcmp(ks[i].group, g->name))
            continue;
        if (ks[i].owner == g->socket_uid && ks[i].backlog == g->listen_backlog
            && !strncmp(ks[i].path, gw_global->socket_prefix,
                        strlen(gw_global->socket_prefix))) {
            mine = &ks[i];
            break;
        }
        socket_remove(&ks[i]);  /* settings changed: a fresh socket */
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
        const char *err = socket_create(p, g, mine);
        if (err) {
            socket_remove(mine);
            return err;
        }
    }
    mine->used = 1;
    g->socket_path = apr_pstrdup(p, mine->path);
    g->listen_fd = mine->fd;
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
