/*
 * gw_control_logs.c - a daemon group's error log lines for gateway-ctl
 * (see gw_control_logs.h).  Runs in the control process, as root.
 */
#include "gw_control_logs.h"
#include "gw_control.h"

#include "apr_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What one follow step reads at most: the rest waits for the next. */
#define GW_CTL_LOG_STEP (256 << 10)

static const char *log_path;       /* NULL: not a file */

void gw_ctl_logs_init(apr_pool_t *p, server_rec *s)
{
    const char *f = s->error_fname;

    log_path = NULL;
    if (!f || !*f || f[0] == '|' || !strncmp(f, "syslog", 6))
        return;
    log_path = ap_server_root_relative(p, f);
}

/* Whether the n bytes at l are a line of g's (gw_control_logs.h). */
static int line_of(const char *l, size_t n, const gw_group *g)
{
    size_t gl = strlen(g->name);
    const char *t = memmem(l, n, "[group ", 7);

    if (t) {
        size_t left = n - (size_t)(t - l);
        return left >= 7 + gl + 2 && !memcmp(t + 7, g->name, gl)
               && t[7 + gl] == ']' && t[8 + gl] == ' ';
    }
    if (!memmem(l, n, "[gateway:", 9))
        return 0;
    const char *q = memmem(l, n, "group '", 7);
    size_t left = q ? n - (size_t)(q - l) : 0;
    return q && left >= 7 + gl + 1 && !memcmp(q + 7, g->name, gl)
           && q[7 + gl] == '\'';
}

/* One "line" record of the n bytes at l (at most GW_CTL_LOG_TEXT_MAX of
 * them: more is cut=1). */
static const char *line_record(apr_pool_t *p, const char *l, size_t n,
                               int cut)
{
    if (n > GW_CTL_LOG_TEXT_MAX) {
        n = GW_CTL_LOG_TEXT_MAX;
        cut = 1;
    }
    char *text = apr_pstrmemdup(p, l, n);
    size_t e = gw_ctl_encode(NULL, 0, text);
    char *enc = apr_palloc(p, e + 1);
    gw_ctl_encode(enc, e + 1, text);
    return apr_pstrcat(p, "line", cut ? " cut=1" : "", " text=", enc, "\n",
                       NULL);
}

/* Reads [from, to) of fd into a buffer from p: its length, -1. */
static ssize_t read_range(int fd, apr_pool_t *p, off_t from, off_t to,
                          char **out)
{
    size_t want = (size_t)(to - from), got = 0;
    char *buf = apr_palloc(p, want + 1);

    while (got < want) {
        ssize_t n = pread(fd, buf + got, want - got, from + (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    *out = buf;
    return (ssize_t)got;
}

static int log_open(gw_ctl_follow *f, const char **why)
{
    struct stat st;

    f->fd = open(log_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (f->fd < 0 || fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = "the error log cannot be read as a file";
        if (f->fd >= 0)
            close(f->fd);
        f->fd = -1;
        return -1;
    }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->off = st.st_size;
    return 0;
}

const char *gw_ctl_logs_tail(apr_pool_t *p, const gw_group *g,
                             gw_ctl_follow *f, const char **why)
{
    gw_ctl_follow own;
    gw_ctl_follow *lf = f ? f : &own;
    const char *ring[GW_CTL_LOG_LINES];
    int nring = 0, first = 0;
    char *buf;

    if (!log_path) {
        *why = "Apache's main error log is not a file (a piped or syslog "
               "ErrorLog): gateway-ctl cannot read it back";
        return NULL;
    }
    memset(lf, 0, sizeof(*lf));
    lf->g = g;
    if (log_open(lf, why) != 0)
        return NULL;
    off_t end = lf->off, start = end > GW_CTL_LOG_SCAN
                                 ? end - GW_CTL_LOG_SCAN : 0;
    ssize_t n = read_range(lf->fd, p, start, end, &buf);
    if (n < 0) {
        *why = "the error log cannot be read";
        gw_ctl_logs_close(lf);
        return NULL;
    }
    size_t i = 0, done = 0;
    if (start > 0) {                /* the first line began before */
        const char *lf1 = memchr(buf, '\n', (size_t)n);
        i = done = lf1 ? (size_t)(lf1 - buf) + 1 : (size_t)n;
    }
    while (i < (size_t)n) {
        const char *nl = memchr(buf + i, '\n', (size_t)n - i);
        if (!nl)
            break;                  /* still being written: follow reads it */
        size_t len = (size_t)(nl - (buf + i));
        if (line_of(buf + i, len, g)) {
            ring[(first + nring) % GW_CTL_LOG_LINES] =
                line_record(p, buf + i, len, 0);
            if (nring < GW_CTL_LOG_LINES)
                nring++;
            else
                first = (first + 1) % GW_CTL_LOG_LINES;
        }
        i = done = (size_t)(nl - buf) + 1;
    }
    const char *out = "ok\n";
    for (int k = 0; k < nring; k++)
        out = apr_pstrcat(p, out, ring[(first + k) % GW_CTL_LOG_LINES],
                          NULL);
    lf->off = start + (off_t)done;
    if (!f) {
        gw_ctl_logs_close(lf);
        return apr_pstrcat(p, out, "end\n", NULL);
    }
    return out;
}

/* The bytes at b (n of them) of the log: whole lines become records of
 * g's, the start of an unfinished one waits in f->part. */
static const char *take(apr_pool_t *p, gw_ctl_follow *f, const char *b,
                        size_t n)
{
    const char *out = "";

    while (n > 0) {
        const char *nl = memchr(b, '\n', n);
        size_t k = nl ? (size_t)(nl - b) : n;
        size_t room = sizeof(f->part) - 1 - f->partlen;
        memcpy(f->part + f->partlen, b, k < room ? k : room);
        f->partlen += k < room ? k : room;
        f->partcut |= k > room;
        if (!nl)
            break;
        if (line_of(f->part, f->partlen, f->g))
            out = apr_pstrcat(p, out, line_record(p, f->part, f->partlen,
                                                  f->partcut), NULL);
        f->partlen = 0;
        f->partcut = 0;
        b += k + 1;
        n -= k + 1;
    }
    return out;
}

/* What was appended to the open log since f->off, at most one step. */
static const char *read_new(apr_pool_t *p, gw_ctl_follow *f, off_t size)
{
    char *buf;
    off_t to = size - f->off > GW_CTL_LOG_STEP ? f->off + GW_CTL_LOG_STEP
                                               : size;
    if (to <= f->off)
        return "";
    ssize_t n = read_range(f->fd, p, f->off, to, &buf);
    if (n <= 0)
        return n < 0 ? NULL : "";
    f->off += n;
    return take(p, f, buf, (size_t)n);
}

const char *gw_ctl_logs_more(apr_pool_t *p, gw_ctl_follow *f)
{
    struct stat st, now;
    const char *why;

    if (f->fd < 0 || fstat(f->fd, &st) != 0)
        return NULL;
    if (st.st_size < f->off) {      /* truncated: start over */
        f->off = 0;
        f->partlen = 0;
    }
    const char *out = read_new(p, f, st.st_size);
    if (!out)
        return NULL;
    /* Rotated (another file at the name): the old one is read to its
     * end first, then the new one from its start. */
    if (stat(log_path, &now) == 0 && (now.st_ino != f->ino
                                      || now.st_dev != f->dev)
        && f->off >= st.st_size) {
        close(f->fd);
        if (log_open(f, &why) != 0)
            return out;             /* none now: fd -1, NULL next time */
        f->off = 0;
        f->partlen = 0;
        const char *more = read_new(p, f, now.st_size);
        out = apr_pstrcat(p, out, more ? more : "", NULL);
    }
    return out;
}

void gw_ctl_logs_close(gw_ctl_follow *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}
