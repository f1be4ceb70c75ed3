/*
 * gw_memfd.c - private, sealed memfds (see gw_memfd.h).
 */
#include "gw_memfd.h"

#include "apr_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int gw_memfd_private(apr_pool_t *p, const char *name, const char **err)
{
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);

    if (fd < 0) {
        *err = apr_psprintf(p, "memfd_create: %s", strerror(errno));
        return -1;
    }
    if (fchown(fd, 0, 0) != 0 || fchmod(fd, 0600) != 0) {
        *err = apr_psprintf(p, "making the %s memfd root's, mode 0600: %s",
                            name, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

const char *gw_memfd_fill_seal(apr_pool_t *p, int fd, const void *data,
                               size_t len, unsigned seals)
{
    size_t off = 0;

    while (off < len) {
        ssize_t w = pwrite(fd, (const char *)data + off, len - off,
                           (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return apr_psprintf(p, "writing the memfd: %s", strerror(errno));
        off += (size_t)w;
    }
    if (fcntl(fd, F_ADD_SEALS, seals) != 0)
        return apr_psprintf(p, "sealing the memfd: %s", strerror(errno));
    return NULL;
}
