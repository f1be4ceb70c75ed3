/*
 * gw_mount.c - which URLs a mount point covers (see gw_mount.h).  Pure
 * C: the request path and configtest use it, the unit tests too.
 */
#include "gw_mount.h"

#include <string.h>

ssize_t gw_mount_match(const char *uri, const char *url)
{
    size_t n = strlen(url);
    if (n == 1 && url[0] == '/')
        return 0;
    if (strncmp(uri, url, n) != 0 || (uri[n] != '\0' && uri[n] != '/'))
        return -1;
    return (ssize_t)n;
}
