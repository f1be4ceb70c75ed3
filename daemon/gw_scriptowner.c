/*
 * gw_scriptowner.c - script-user= and script-group= (gw_scriptowner.h).
 */
#include "gw_scriptowner.h"
#include "gw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const gw_handover *handed;

void gw_scriptowner_init(const gw_handover *h)
{
    handed = h;
}

int gw_scriptowner_required(void)
{
    return handed && (handed->script_uid >= 0 || handed->script_gid >= 0);
}

gw_so_rule gw_scriptowner_judge(const struct stat *st, int is_dir,
                                long long uid, long long gid)
{
    if (!is_dir && !S_ISREG(st->st_mode))
        return GW_SO_NOT_REGULAR;
    if (uid >= 0 && (long long)st->st_uid != uid)
        return GW_SO_OWNER;
    if (gid >= 0 && (long long)st->st_gid != gid)
        return GW_SO_GROUP;
    /* script-group= lets the group's members change the scripts (that is
     * what it names); script-user= lets no one but the owner. */
    if (uid >= 0 && (st->st_mode & S_IWGRP))
        return GW_SO_GROUP_WRITABLE;
    if ((uid >= 0 || gid >= 0) && (st->st_mode & S_IWOTH))
        return GW_SO_WORLD_WRITABLE;
    return GW_SO_OK;
}

/* "user NAME (uid N)" or "group NAME (gid N)"; just "uid N" when the name
 * cannot be looked up (under chroot= there may be no /etc/passwd).  The
 * _r calls: worker threads refuse requests concurrently. */
static void who(char *out, size_t cap, int group, unsigned long id)
{
    size_t len = 16384;
    char *buf = malloc(len);
    const char *name = NULL;
    struct passwd pw, *pwp = NULL;
    struct group gr, *grp = NULL;

    if (buf && !group && getpwuid_r((uid_t)id, &pw, buf, len, &pwp) == 0
        && pwp)
        name = pwp->pw_name;
    if (buf && group && getgrgid_r((gid_t)id, &gr, buf, len, &grp) == 0
        && grp)
        name = grp->gr_name;
    if (name)
        snprintf(out, cap, "%s %s (%s %lu)", group ? "group" : "user", name,
                 group ? "gid" : "uid", id);
    else
        snprintf(out, cap, "%s %lu", group ? "gid" : "uid", id);
    free(buf);
}

/* The refusal's text for rule, broken by st (path's, or its directory
 * dir's), into why. */
static void explain(gw_so_rule rule, const struct stat *st, const char *path,
                    const char *dir, char *why, size_t cap)
{
    char subject[PATH_MAX + 64], has[320];
    const char *opt = handed->script_uid >= 0 ? "script-user" : "script-group";
    const char *need = handed->script_uid >= 0 ? handed->script_user
                                               : handed->script_group;
    unsigned mode = (unsigned)st->st_mode & 07777;

    if (dir)
        snprintf(subject, sizeof(subject), "the directory %s of WSGI script "
                 "%s", dir, path);
    else
        snprintf(subject, sizeof(subject), "WSGI script %s", path);
    switch (rule) {
    case GW_SO_NOT_REGULAR:
        snprintf(why, cap, "%s is not a regular file", subject);
        break;
    case GW_SO_OWNER:
        who(has, sizeof(has), 0, (unsigned long)st->st_uid);
        snprintf(why, cap, "%s is owned by %s, not by script-user=%s (uid "
                 "%lld)", subject, has, need ? need : "?",
                 handed->script_uid);
        break;
    case GW_SO_GROUP:
        who(has, sizeof(has), 1, (unsigned long)st->st_gid);
        snprintf(why, cap, "%s has %s, not script-group=%s (gid %lld)",
                 subject, has, need ? need : "?", handed->script_gid);
        break;
    case GW_SO_GROUP_WRITABLE:
        snprintf(why, cap, "%s is writable by its group (mode %04o): "
                 "script-user=%s wants no one else able to change it",
                 subject, mode, need ? need : "?");
        break;
    case GW_SO_WORLD_WRITABLE:
    default:
        snprintf(why, cap, "%s is writable by anyone (mode %04o), which "
                 "%s= does not allow", subject, mode, opt);
        break;
    }
}

/* The directory part of path into dir (cap bytes): "/" for "/a.wsgi".
 * The file's name within it, or NULL when path has no usable one. */
static const char *split(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t n;

    if (!slash || !slash[1])
        return NULL;
    n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= cap)
        return NULL;
    memcpy(dir, path, n);
    dir[n] = '\0';
    return slash + 1;
}

int gw_scriptowner_open(const char *path, const char *uri, int urilen,
                        char *why, size_t cap)
{
    char dir[PATH_MAX];
    const char *name = split(path, dir, sizeof(dir));
    struct stat dst, fst;
    int dfd = -1, fd = -1, err;
    gw_so_rule rule;

    if (!name) {
        errno = EINVAL;
        goto cannot;
    }
    /* O_PATH: the directory needs no read permission, only search.  The
     * file is opened relative to it, so it lies in the directory judged
     * (a symlink it may be is followed, as Apache and mod_wsgi do: the
     * file judged below is the one it leads to). */
    dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fstat(dfd, &dst) != 0)
        goto cannot;
    /* O_NONBLOCK: a FIFO put there must not hang the thread; it is then
     * refused as no regular file. */
    fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &fst) != 0)
        goto cannot;
    close(dfd);
    /* The file first, then its directory, as mod_wsgi. */
    rule = gw_scriptowner_judge(&fst, 0, handed->script_uid,
                                handed->script_gid);
    if (rule != GW_SO_OK)
        explain(rule, &fst, path, NULL, why, cap);
    else if ((rule = gw_scriptowner_judge(&dst, 1, handed->script_uid,
                                          handed->script_gid)) != GW_SO_OK)
        explain(rule, &dst, path, dir, why, cap);
    if (rule == GW_SO_OK)
        return fd;
    close(fd);
    gw_log(GW_LOG_ERR, "GW03080: %s (request %.*s): refused, answering 403",
           why, urilen, uri);
    return -1;

cannot:
    err = errno;
    if (fd >= 0)
        close(fd);
    if (dfd >= 0)
        close(dfd);
    snprintf(why, cap, "cannot open WSGI script %s to check it for %s=: %s",
             path, handed->script_uid >= 0 ? "script-user" : "script-group",
             strerror(err));
    gw_log(GW_LOG_ERR, "GW03081: %s (request %.*s): refused, answering 403",
           why, urilen, uri);
    return -1;
}
