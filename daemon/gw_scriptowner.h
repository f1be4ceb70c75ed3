/*
 * gw_scriptowner.h - script-user= and script-group=: only WSGI scripts of
 * the required owner (or group) run in this daemon group.
 *
 * Runs in the daemon: in a worker thread before the request reaches the
 * interpreter, and at start for each WSGIImportScript.  The script is
 * opened here, its directory first and then the file within it (openat),
 * and each is judged by fstat on the descriptor that was opened; the
 * interpreter then reads that same descriptor (gw_app_call.script_fd).
 * So the file judged is the file run: a file renamed into place after
 * the check, or a directory swapped above it, is not what gets loaded,
 * and no Apache child (even a subverted one) can skip the check, which a
 * check by path before the request is sent could not promise.
 *
 * The rules are mod_wsgi 4.9.4's (wsgi_execute_remote, made there by the
 * Apache child, by path, for every request):
 *
 *   script-user=U   the script and its directory are owned by U, and
 *                   neither is writable by its group or by others
 *   script-group=G  the script and its directory have group G, and
 *                   neither is writable by others
 *
 * A refused request gets 403 (a FORBIDDEN frame, gw_proto.h); nothing of
 * the script is read.
 */
#ifndef GW_SCRIPTOWNER_H
#define GW_SCRIPTOWNER_H

#include <stddef.h>
#include <sys/stat.h>

#include "gw_handover.h"

/* What a refusal's text may take, for the log line and the frame. */
#define GW_SCRIPTOWNER_WHY_MAX 1024

/* Keeps h's script-user=/script-group= (h outlives every request). */
void gw_scriptowner_init(const gw_handover *h);

/* 1 when the group has either option: scripts are then opened (and
 * judged) here, never by the interpreter itself. */
int gw_scriptowner_required(void);

/* Which rule st breaks: st is the script's (is_dir 0) or its directory's
 * (is_dir 1); uid and gid are the required owner and group, -1 for none
 * (one of them at most is set). */
typedef enum {
    GW_SO_OK = 0,
    GW_SO_NOT_REGULAR,       /* the script is no regular file */
    GW_SO_OWNER,             /* st_uid is not the required uid */
    GW_SO_GROUP,             /* st_gid is not the required gid */
    GW_SO_GROUP_WRITABLE,    /* script-user=: group may write */
    GW_SO_WORLD_WRITABLE     /* others may write */
} gw_so_rule;
gw_so_rule gw_scriptowner_judge(const struct stat *st, int is_dir,
                                long long uid, long long gid);

/* Opens path (absolute) read-only for loading if it and its directory
 * pass the rules: the descriptor, which the caller closes.  Otherwise -1,
 * after logging why (GW03080, GW03081), with the reason, for the Apache
 * child's line, in why (cap bytes, cut to fit).  uri names the request in
 * the log line. */
int gw_scriptowner_open(const char *path, const char *uri, int urilen,
                        char *why, size_t cap);

#endif
