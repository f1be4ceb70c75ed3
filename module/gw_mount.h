/*
 * gw_mount.h - which URLs a mount point (WSGIScriptAlias) covers.
 */
#ifndef GW_MOUNT_H
#define GW_MOUNT_H

#include <sys/types.h>

/* Length of uri matched by the mount url ("/" matches everything with
 * length 0, "/app" matches "/app" and "/app/..." but not "/apple"), or
 * -1.  The request path and configtest use the same rule. */
ssize_t gw_mount_match(const char *uri, const char *url);

#endif
