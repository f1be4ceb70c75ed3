/*
 * gw_ownedfile.c - a file root reads for a user, only when nobody else
 * could have written it (see gw_ownedfile.h).  Runs in the Apache parent,
 * as root.
 */
#include "gw_ownedfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int refuse(char *why, size_t size, int fd, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int refuse(char *why, size_t size, int fd, const char *fmt, ...)
{
    va_list ap;
    int e = errno;

    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
    if (fd >= 0)
        close(fd);
    errno = e;
    return -1;
}

/* "uid 1003 (shop)" */
static const char *who(uid_t uid, char *buf, size_t size)
{
    struct passwd *pw = getpwuid(uid);

    snprintf(buf, size, "uid %ld%s%s%s", (long)uid, pw ? " (" : "",
             pw ? pw->pw_name : "", pw ? ")" : "");
    return buf;
}

/* The directory may be anyone's (the deploy user's checkout, the
 * group's user's home): its owner alone may change what is in it, unless
 * it is a sticky directory of root's.  *owner: its owner. */
static int dir_check(int dfd, const char *dir, uid_t *owner, char *why,
                     size_t size)
{
    struct stat st;

    if (fstat(dfd, &st) != 0)
        return refuse(why, size, dfd, "cannot be checked: fstat of its "
                      "directory %s: %s", dir, strerror(errno));
    *owner = st.st_uid;
    if ((st.st_mode & (S_IWGRP | S_IWOTH))
        && !((st.st_mode & S_ISVTX) && st.st_uid == 0))
        return refuse(why, size, dfd, "is in the directory %s, which is "
                      "writable by its group or by others (mode %04o): "
                      "anyone of those could replace the file; chmod go-w "
                      "the directory", dir, (unsigned)(st.st_mode & 07777));
    return 0;
}

/* Owned by root, by the group's user or by the directory's owner (who
 * could put any file there anyway), writable by its owner alone. */
static int file_check(int fd, uid_t uid, uid_t dir_owner, char *why,
                      size_t size)
{
    struct stat st;
    char a[96], b[96], c[96];

    if (fstat(fd, &st) != 0)
        return refuse(why, size, fd, "cannot be checked: fstat: %s",
                      strerror(errno));
    if (!S_ISREG(st.st_mode))
        return refuse(why, size, fd, "is not a regular file");
    if (st.st_uid != 0 && st.st_uid != uid && st.st_uid != dir_owner)
        return refuse(why, size, fd, "is owned by %s; it must be owned by "
                      "root, by the group's user, %s, or by the owner of "
                      "its directory, %s", who(st.st_uid, a, sizeof(a)),
                      who(uid, b, sizeof(b)), who(dir_owner, c, sizeof(c)));
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return refuse(why, size, fd, "is writable by its group or by others "
                      "(mode %04o); only its owner may write it: chmod go-w "
                      "it", (unsigned)(st.st_mode & 07777));
    if (st.st_uid == 0 && st.st_uid != uid && st.st_nlink > 1)
        return refuse(why, size, fd, "is root's and has %lu hard links: "
                      "another name of a file of root's may have been put "
                      "here by someone else; make it a file of its own",
                      (unsigned long)st.st_nlink);
    return 0;
}

int gw_ownedfile_open(const char *path, uid_t uid, char *why, size_t size)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];

    if (path[0] != '/' || !slash || !slash[1] || !strcmp(slash + 1, ".")
        || !strcmp(slash + 1, ".."))
        return refuse(why, size, -1, "is not the absolute path of a file");
    size_t dlen = slash == path ? 1 : (size_t)(slash - path);
    if (dlen >= sizeof(dir))
        return refuse(why, size, -1, "is too long a path");
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';

    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return refuse(why, size, -1, "cannot be opened: its directory %s: "
                      "%s", dir, strerror(errno));
    uid_t dir_owner = 0;
    if (dir_check(dfd, dir, &dir_owner, why, size) != 0)
        return -1;
    int fd = openat(dfd, slash + 1, O_RDONLY | O_NOFOLLOW | O_NONBLOCK
                    | O_NOCTTY | O_CLOEXEC);
    int e = errno;
    close(dfd);
    if (fd < 0) {
        errno = e;
        if (e == ELOOP)
            return refuse(why, size, -1, "is a symbolic link; name the file "
                          "itself");
        if (e == ENOENT)
            return refuse(why, size, -1, "does not exist");
        return refuse(why, size, -1, "cannot be opened: %s", strerror(e));
    }
    if (file_check(fd, uid, dir_owner, why, size) != 0)
        return -1;
    return fd;
}

char *gw_ownedfile_read(int fd, size_t max, size_t *len)
{
    char *buf = malloc(max + 2);
    size_t got = 0;

    if (!buf)
        return NULL;
    /* One byte more than max: a file that grew past it is refused too. */
    while (got <= max) {
        ssize_t n = read(fd, buf + got, max + 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got > max) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    buf[got] = '\0';
    *len = got;
    return buf;
}
