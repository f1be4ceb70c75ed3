/*
 * gw_handover.c - reading the supervisor's hand-over (see gw_handover.h).
 */
#include "gw_handover.h"
#include "gw_log.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GW_HANDOVER_MAX (4u << 20)   /* a sane bound for the hand-over */
#define GW_HANDOVER_OOM (-2)         /* push(): out of memory, logged */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The whole memfd as one NUL-ended string (pread: the offset is shared
 * with the group's other processes). */
static char *read_all(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);

    while (buf) {
        ssize_t r = pread(fd, buf + len, cap - len - 1, (off_t)len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gw_log(GW_LOG_CRIT, "GW03021: cannot read the supervisor's "
                   "hand-over on fd %d: %s", fd, strerror(errno));
            free(buf);
            return NULL;
        }
        if (r == 0) {
            buf[len] = '\0';
            return buf;
        }
        len += (size_t)r;
        if (len + 1 == cap) {
            if (cap >= GW_HANDOVER_MAX) {
                gw_log(GW_LOG_CRIT, "GW03022: the supervisor's hand-over is "
                       "larger than %u bytes", GW_HANDOVER_MAX);
                free(buf);
                return NULL;
            }
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    gw_log(GW_LOG_CRIT, "GW03020: out of memory reading the supervisor's "
           "hand-over");
    return NULL;
}

static int number(const char *v, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi)
        return -1;
    *out = n;
    return 0;
}

/* Appends v to a list of the hand-over; GW_HANDOVER_OOM after logging
 * when out of memory.  (Lists are short: a few scripts per group.) */
static int push(const char ***list, size_t *n, const char *v)
{
    const char **nl = realloc(*list, (*n + 1) * sizeof(*nl));
    if (!nl) {
        gw_log(GW_LOG_CRIT, "GW03025: out of memory reading the supervisor's "
               "hand-over");
        return GW_HANDOVER_OOM;
    }
    *list = nl;
    nl[(*n)++] = v;
    return 0;
}

static int *seconds_field(gw_handover *h, const char *key)
{
    return !strcmp(key, "restart-interval") ? &h->restart_interval
         : !strcmp(key, "inactivity-timeout") ? &h->inactivity_timeout
         : !strcmp(key, "request-timeout") ? &h->request_timeout
         : !strcmp(key, "deadlock-timeout") ? &h->deadlock_timeout
         : !strcmp(key, "startup-timeout") ? &h->startup_timeout
         : NULL;
}

int gw_handover_load(int fd, gw_handover *h)
{
    char *buf = read_all(fd);
    long n = 0;
    int *seconds;

    if (!buf)
        return -1;
    close(fd);
    memset(h, 0, sizeof(*h));
    h->threads = h->processes = h->multiprocess = -1;
    h->peer_uid = (uid_t)-1;
    h->shutdown_timeout = h->log_level = -1;
    h->script_reloading = 1;

    /* buf is never freed: the strings below point into it for good. */
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *v = strchr(line, ' ');
        int bad = !v;
        if (v)
            *v++ = '\0';
        if (bad)
            ;
        else if (!strcmp(line, "group") && *v)
            h->group = v;
        else if (!strcmp(line, "threads"))
            bad = number(v, 1, 1000, &n) || !(h->threads = (int)n);
        else if (!strcmp(line, "processes"))
            bad = number(v, 1, 1000, &n) || !(h->processes = (int)n);
        else if (!strcmp(line, "multiprocess"))
            bad = number(v, 0, 1, &n) || ((h->multiprocess = (int)n), 0);
        else if (!strcmp(line, "python-home"))
            h->python_home = *v ? v : NULL;
        else if (!strcmp(line, "restart-file"))
            h->restart_file = *v ? v : NULL;
        else if (!strcmp(line, "script-reloading"))
            bad = number(v, 0, 1, &n) || ((h->script_reloading = (int)n), 0);
        else if (!strcmp(line, "python-path"))
            h->python_path = *v ? v : NULL;
        else if (!strcmp(line, "peer-uid")) {
            bad = number(v, 0, 0x7fffffffL, &n);
            h->peer_uid = (uid_t)n;
        }
        else if (!strcmp(line, "shutdown-timeout")) {
            bad = number(v, 0, 86400, &n);
            h->shutdown_timeout = (int)n;
        }
        else if (!strcmp(line, "log-level")) {
            bad = number(v, GW_LOG_CRIT, GW_LOG_DEBUG, &n);
            h->log_level = (int)n;
        }
        else if (!strcmp(line, "maximum-requests")) {
            bad = number(v, 0, LONG_MAX, &n);
            h->maximum_requests = n;
        }
        else if (!strcmp(line, "maximum-rss")) {
            bad = number(v, 0, LONG_MAX, &n);
            h->maximum_rss = n;
        }
        else if ((seconds = seconds_field(h, line)) != NULL) {
            bad = number(v, 0, 86400 * 365, &n);
            *seconds = (int)n;
        }
        else if (!strcmp(line, "secret") && strlen(v) == GW_SECRET_HEX)
            memcpy(h->secret, v, GW_SECRET_HEX);
        else if (!strcmp(line, "import-script") && strchr(v, '\t'))
            bad = push(&h->imports, &h->nimports, v);
        else if (!strcmp(line, "script-dir") && v[0] == '/')
            bad = push(&h->script_dirs, &h->nscript_dirs, v);
        else if (!strcmp(line, "script") && v[0] == '/')
            bad = push(&h->scripts, &h->nscripts, v);
        else
            bad = 1;
        if (bad == GW_HANDOVER_OOM)
            return -1;
        if (bad) {
            gw_log(GW_LOG_CRIT, "GW03023: unreadable line in the supervisor's "
                   "hand-over: %.60s", line);
            return -1;
        }
    }
    if (!h->group || h->threads < 0 || h->processes < 0
        || h->peer_uid == (uid_t)-1 || h->shutdown_timeout < 0
        || h->log_level < 0 || !h->secret[0]) {
        gw_log(GW_LOG_CRIT, "GW03024: the supervisor's hand-over lacks a "
               "setting (group, threads, processes, peer-uid, "
               "shutdown-timeout, log-level or secret)");
        return -1;
    }
    if (h->multiprocess < 0)
        h->multiprocess = h->processes > 1;
    /* None delegated by name (only directories or patterns): scripts is
     * NULL, which qsort must not be given even for zero elements. */
    if (h->nscripts > 1)
        qsort(h->scripts, h->nscripts, sizeof(*h->scripts), cmp_str);
    return 0;
}
