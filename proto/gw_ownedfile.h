/*
 * gw_ownedfile.h - opening a file that root reads on behalf of one user
 * (the worker file a developer writes for a daemon group, see
 * gw_workerfile.h), only when nobody else could have written it.
 *
 * The file must be a regular file owned by root, by that user or by the
 * owner of its directory (a deploy user's checkout), not writable by its
 * group or by others; its directory must not be writable by its group or
 * others, unless it is a sticky directory of root's (as /tmp).  A file of root's with more
 * than one hard link is refused too: someone may have linked a file of
 * root's that is not meant for this.  Every check is made on the open
 * descriptors (fstat), never on the path again: the directory is opened
 * first, the file relative to it with O_NOFOLLOW (its last component is
 * never a symbolic link) and O_NONBLOCK (a FIFO put in its place cannot
 * block the opener).  Symbolic links in the directory's path are
 * followed (a deploy's "current" link): what counts is the directory
 * they lead to, which must pass the same checks.
 *
 * Pure C: no APR, no httpd.  Unit-tested in tests/unit/test_workerfile.c.
 */
#ifndef GW_OWNEDFILE_H
#define GW_OWNEDFILE_H

#include <stddef.h>
#include <sys/types.h>

/* path (absolute) opened for reading, or -1 with the reason, a phrase
 * to follow the path ("is writable by its group ..."), in why. */
int gw_ownedfile_open(const char *path, uid_t uid, char *why, size_t size);

/* All of fd, at most max bytes, NUL-terminated (malloc'd; *len without
 * the NUL); NULL with errno, EFBIG when the file holds more than max. */
char *gw_ownedfile_read(int fd, size_t max, size_t *len);

#endif
