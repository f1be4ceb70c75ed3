/*
 * gw_socketdir.c - is WSGISocketPrefix a safe place for the groups'
 * sockets?  (see gw_socketdir.h)  Checked at configtest (gw_diagnose.c)
 * and by the supervisor before every start (parent/gw_supervisor.c), as
 * root.
 */
#include "gw_socketdir.h"

#include "apr_strings.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Symlinks followed on the way to the socket directory, at most: the
 * kernel's own limit (ELOOP). */
#define GW_SYMLINKS_MAX 40

/* The directory part of prefix ("/" for "/x"), or NULL when it has no
 * slash at all. */
static char *prefix_dir(apr_pool_t *p, const char *prefix)
{
    char *dir = apr_pstrdup(p, prefix);
    char *slash = strrchr(dir, '/');

    if (!slash)
        return NULL;
    *(slash == dir ? slash + 1 : slash) = '\0';
    return dir;
}

const char *gw_socketdir_check(apr_pool_t *p, const char *prefix)
{
    char *dir = prefix_dir(p, prefix);
    struct stat st;

    if (!dir)
        return apr_psprintf(p, "WSGISocketPrefix %s is not an absolute path",
                            prefix);
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

/* Could anyone but root rename an entry of the directory st away and put
 * another in its place?  Its owner could, and whoever may write to it,
 * unless it is sticky (as /tmp): then only root, the directory's owner
 * and the entry's own owner may (entries on the way must be root's). */
static int dir_swappable(const struct stat *st)
{
    return st->st_uid != 0
           || ((st->st_mode & (S_IWGRP | S_IWOTH))
               && !(st->st_mode & S_ISVTX));
}

static const char *path_join(apr_pool_t *p, const char *dir,
                             const char *name)
{
    return apr_pstrcat(p, dir, strcmp(dir, "/") ? "/" : "", name, NULL);
}

static const char *parent_of(apr_pool_t *p, const char *dir)
{
    const char *slash = strrchr(dir, '/');
    return slash == dir ? "/" : apr_pstrndup(p, dir, (size_t)(slash - dir));
}

/* As OpenSSH's safe_path, for each directory a name is looked up in on
 * the way to the socket directory, but walking the path as written, as
 * the kernel does, instead of the canonical path: a root-owned symlink in
 * a safe directory (Debian's /var/run -> /run) is fine, a symlink inside
 * a directory someone else may write to is not, whatever it points at
 * today.  `cur` is always a resolved path, so ".." is its parent. */
const char *gw_socketdir_check_ancestors(apr_pool_t *p, const char *prefix)
{
    const char *dir = prefix_dir(p, prefix);
    const char *cur = "/", *todo = dir, *why = NULL, *bad = NULL;
    int links = 0;
    struct stat st;

    if (!dir)
        return NULL;            /* gw_socketdir_check says so */
    for (;;) {
        todo += strspn(todo, "/");
        if (!*todo)
            return NULL;        /* cur is the socket directory itself */
        size_t n = strcspn(todo, "/");
        const char *name = apr_pstrndup(p, todo, n);
        todo += n;
        if (!strcmp(name, "."))
            continue;
        if (!strcmp(name, "..")) {
            cur = parent_of(p, cur);
            continue;
        }
        if (lstat(cur, &st) != 0) {
            bad = cur;
            break;
        }
        if (dir_swappable(&st)) {
            why = apr_psprintf(p, "directory %s, on the way to the socket "
                               "directory %s (WSGISocketPrefix %s), is owner "
                               "uid %ld mode %04o", cur, dir, prefix,
                               (long)st.st_uid,
                               (unsigned)(st.st_mode & 07777));
            break;
        }
        const char *next = path_join(p, cur, name);
        if (lstat(next, &st) != 0) {
            bad = next;
            break;
        }
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t len;
            if (st.st_uid != 0) {
                why = apr_psprintf(p, "symlink %s, on the way to the socket "
                                   "directory %s (WSGISocketPrefix %s), is "
                                   "owned by uid %ld, not root", next, dir,
                                   prefix, (long)st.st_uid);
                break;
            }
            if (++links > GW_SYMLINKS_MAX) {
                errno = ELOOP;
                bad = next;
                break;
            }
            if ((len = readlink(next, target, sizeof(target) - 1)) < 0) {
                bad = next;
                break;
            }
            target[len] = '\0';
            todo = apr_pstrcat(p, target, "/", todo, NULL);
            if (target[0] == '/')
                cur = "/";
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            bad = next;
            break;
        }
        cur = next;
    }
    if (bad)
        return apr_psprintf(p, "cannot examine %s, on the way to the socket "
                            "directory %s (WSGISocketPrefix %s): %s", bad,
                            dir, prefix, strerror(errno));
    return apr_pstrcat(p, why, ": whoever may change it could rename the "
                       "socket directory away and put one of their own, "
                       "with a listener of their own, in its place; every "
                       "directory above the sockets must be owned by root "
                       "and writable by no one else (or sticky, as /tmp), "
                       "every symlink owned by root.  Fix its owner or "
                       "mode, or point WSGISocketPrefix at a directory such "
                       "as /var/run/apache2/wsgi", NULL);
}
