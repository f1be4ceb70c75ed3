/*
 * gw_exe.c - opening the executables the parent starts (see gw_exe.h).
 */
#include "gw_exe.h"
#include "gw_config.h"

#include "apr_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *gw_exe_sibling(apr_pool_t *p, const char *name)
{
    const char *dp = gw_global->daemon_path;
    const char *slash = strrchr(dp, '/');

    return slash ? apr_pstrcat(p, apr_pstrndup(p, dp,
                                (apr_size_t)(slash - dp + 1)), name, NULL)
                 : name;
}

static const char *exe_problem(int fd, int as_root)
{
    struct stat st;

    if (fd < 0 || fstat(fd, &st) != 0)
        return strerror(errno);
    if (!S_ISREG(st.st_mode) || !(st.st_mode & S_IXOTH))
        return "not a regular file executable by all";
    if (as_root && (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))))
        return "not owned by root or writable by others than root, and "
               "root executes it";
    return NULL;
}

int gw_exe_open(const char *path, int as_root, const char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    *why = exe_problem(fd, as_root);
    if (*why && fd >= 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}
