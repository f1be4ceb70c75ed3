/*
 * gw_control_auth.h - who is on the other end of a control connection,
 * and which daemon groups they may control.
 *
 * Runs in the control process (root).  The peer is who the kernel says
 * connected (SO_PEERCRED: the uid of the process that called connect(),
 * which the client cannot choose); what they may do follows from the
 * configuration (control-group=) and the group database as it is at the
 * request (getgrouplist: the user's primary group and every group that
 * lists them), so adding a developer to the group needs no restart, and
 * removing one takes effect at their next request.
 */
#ifndef GW_CONTROL_AUTH_H
#define GW_CONTROL_AUTH_H

#include "gw_config.h"

typedef struct {
    pid_t pid;
    uid_t uid;
    const char *name;        /* the user's name, or "?" when it has none */
    gid_t *groups;           /* from the group database; none for root */
    int ngroups;
} gw_ctl_peer;

/* The peer of the connected socket fd, its groups looked up (from p).
 * 0, or -1 when the kernel does not say (the connection is dropped). */
int gw_ctl_peer_get(apr_pool_t *p, int fd, gw_ctl_peer *peer);

/* "uid 1001 (alice, pid 4242)", for replies and log lines. */
const char *gw_ctl_peer_text(apr_pool_t *p, const gw_ctl_peer *peer);

/* NULL when peer may control g, else why not, in words for the reply
 * and the log: root may control every group; Apache's User none (every
 * Apache child runs as it, and whatever code they run); anyone else the
 * groups whose control-group= they are in. */
const char *gw_ctl_peer_refusal(apr_pool_t *p, const gw_ctl_peer *peer,
                                const gw_group *g);

#endif
