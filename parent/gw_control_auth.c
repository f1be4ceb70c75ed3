/*
 * gw_control_auth.c - the peer of a control connection and what it may
 * control (see gw_control_auth.h).  Runs in the control process.
 */
#include "gw_control_auth.h"

#include "apr_strings.h"
#include "unixd.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The user's groups: getgrouplist() from their primary group, growing
 * the list until it fits. */
static void groups_of(apr_pool_t *p, const char *name, gid_t primary,
                      gw_ctl_peer *peer)
{
    int room = 32, n = room;
    gid_t *gl = apr_palloc(p, sizeof(gid_t) * (apr_size_t)room);

    /* -1: more than n of them; n now says how many. */
    while (getgrouplist(name, primary, gl, &n) < 0) {
        room = n = n > room ? n : room * 2;
        gl = apr_palloc(p, sizeof(gid_t) * (apr_size_t)room);
    }
    peer->groups = gl;
    peer->ngroups = n;
}

int gw_ctl_peer_get(apr_pool_t *p, int fd, gw_ctl_peer *peer)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    struct passwd pw, *found = NULL;
    char buf[4096];

    memset(peer, 0, sizeof(*peer));
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0
        || len != sizeof(cred))
        return -1;
    peer->pid = cred.pid;
    peer->uid = cred.uid;
    peer->name = "?";
    /* A user without a passwd entry has no groups to be in. */
    if (getpwuid_r(cred.uid, &pw, buf, sizeof(buf), &found) != 0 || !found)
        return 0;
    peer->name = apr_pstrdup(p, pw.pw_name);
    if (cred.uid != 0)
        groups_of(p, pw.pw_name, pw.pw_gid, peer);
    return 0;
}

const char *gw_ctl_peer_text(apr_pool_t *p, const gw_ctl_peer *peer)
{
    return apr_psprintf(p, "uid %ld (%s, pid %ld)", (long)peer->uid,
                        peer->name, (long)peer->pid);
}

const char *gw_ctl_peer_refusal(apr_pool_t *p, const gw_ctl_peer *peer,
                                const gw_group *g)
{
    if (peer->uid == 0)
        return NULL;
    if (peer->uid == ap_unixd_config.user_id)
        return apr_psprintf(p, "uid %ld (%s) is Apache's User: every Apache "
                            "child runs as it, and whatever code they run, "
                            "so it controls no daemon group",
                            (long)peer->uid, peer->name);
    if (!g->control_group)
        return apr_psprintf(p, "daemon group '%s' has no control-group=: "
                            "only root may control it", g->name);
    for (int i = 0; i < peer->ngroups; i++)
        if (peer->groups[i] == g->control_gid)
            return NULL;
    return apr_psprintf(p, "uid %ld (%s) is not in group %s, the "
                        "control-group= of daemon group '%s'",
                        (long)peer->uid, peer->name, g->control_group,
                        g->name);
}
