/*
 * gw_control.h - gateway-ctl's control protocol: the requests a local
 * user sends to the control socket, and the records of the replies.
 *
 * Shared by the server (the control process the Apache parent starts,
 * parent/gw_control.h) and the command (runner/gw_ctl_main.c).  Pure C:
 * no APR, no httpd.
 */
#ifndef GW_CONTROL_H
#define GW_CONTROL_H

#include <stddef.h>

/* The longest daemon group name a request can carry (the name of a group
 * with control-group=): as the parent's own records keep it
 * (parent/gw_kept.h, 128 bytes with the NUL). */
#define GW_CTL_NAME_MAX 127

/* Whether a group name can be written in a request: 1 to
 * GW_CTL_NAME_MAX bytes of visible ASCII (0x21-0x7e), so a request is
 * words separated by single spaces, and a name prints as itself. */
static inline int gw_ctl_name_ok(const char *name)
{
    size_t n = 0;

    for (; name[n]; n++)
        if ((unsigned char)name[n] < 0x21 || (unsigned char)name[n] > 0x7e
            || n >= GW_CTL_NAME_MAX)
            return 0;
    return n > 0;
}

#endif
