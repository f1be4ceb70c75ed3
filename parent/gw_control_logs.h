/*
 * gw_control_logs.h - "logs GROUP [follow]": a daemon group's lines of
 * Apache's main error log, for the members of its control-group, who
 * cannot read that log (root's, and every other group's lines are in it).
 *
 * Runs in the control process (root), which opens the log by the name
 * the configuration gives it (ErrorLog of the main server: a file; a
 * piped or syslog error log cannot be read back).  A line is the group's
 * when
 *  - its first "[group " is "[group G] ": gateway-logger tags every line
 *    of a process with its group, before the text, and an application
 *    cannot write a line without that tag (docs/SECURITY.md property 11),
 *    so another group's line, even one whose text says "[group G]", is
 *    never shown; or
 *  - it has no such tag, is one of mod_gateway's ("[gateway:"), and its
 *    first "group '" is "group 'G'": the parent's and the Apache
 *    children's lines about the group (GW02002, GW01020...).
 * A line longer than GW_CTL_LOG_TEXT_MAX bytes is cut (cut=1).
 */
#ifndef GW_CONTROL_LOGS_H
#define GW_CONTROL_LOGS_H

#include "gw_config.h"

/* Lines "logs G" shows, at most: the last ones within the last
 * GW_CTL_LOG_SCAN bytes of the log. */
#define GW_CTL_LOG_LINES    100
#define GW_CTL_LOG_SCAN     (4 << 20)
/* A line's text in a record: encoded, it fits GW_CTL_LINE_MAX. */
#define GW_CTL_LOG_TEXT_MAX 1300

typedef struct {
    const gw_group *g;
    const char *path;
    int fd;                        /* the log, -1: not open */
    dev_t dev;
    ino_t ino;
    off_t off;                     /* read up to here */
    char part[GW_CTL_LOG_TEXT_MAX + 1];  /* the start of a line not ended */
    size_t partlen;
    int partcut;                   /* it was longer than part */
} gw_ctl_follow;

/* Control process start: which file the main error log is (NULL: not a
 * file). */
void gw_ctl_logs_init(apr_pool_t *p, server_rec *s);

/* "logs G": the records of its last lines (from p), or NULL with *why.
 * With f, f is left at the end of the log, for gw_ctl_logs_more. */
const char *gw_ctl_logs_tail(apr_pool_t *p, const gw_group *g,
                             gw_ctl_follow *f, const char **why);

/* follow: the records of g's lines written since the last call ("" when
 * none), following the log across a rotation (a new file at the same
 * name); NULL when the log cannot be read any more. */
const char *gw_ctl_logs_more(apr_pool_t *p, gw_ctl_follow *f);

void gw_ctl_logs_close(gw_ctl_follow *f);

#endif
