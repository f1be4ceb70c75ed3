/*
 * gw_handover.c - the hand-over from the Apache parent to a daemon
 * process (see gw_handover.h): one table of keys, formatted by the
 * parent, parsed by the daemon.
 */
#include "gw_handover.h"
#include "gw_log.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GW_HANDOVER_MAX (4u << 20)   /* a sane bound for the hand-over */

#define NUM(k, lo, hi, f, req) \
    { k, GW_HO_NUMBER, lo, hi, offsetof(gw_handover, f), req }
#define TEXT(k, f, req) \
    { k, GW_HO_TEXT, 0, 0, offsetof(gw_handover, f), req }

/* The one list of keys.  Timeouts are whole seconds up to GW_SECONDS_MAX
 * (their options take the same bounds); counts and sizes are what the
 * options allow. */
const gw_ho_field gw_handover_fields[] = {
    TEXT("group", group, 1),
    NUM("threads", 1, 1000, threads, 1),
    NUM("processes", 1, 1000, processes, 1),
    NUM("multiprocess", 0, 1, multiprocess, 1),
    TEXT("python-home", python_home, 0),
    TEXT("python-path", python_path, 0),
    NUM("peer-uid", 0, INT32_MAX, peer_uid, 1),
    NUM("shutdown-timeout", 0, GW_SECONDS_MAX, shutdown_timeout, 1),
    NUM("kill-timeout", 0, GW_SECONDS_MAX, kill_timeout, 0),
    NUM("log-level", GW_LOG_CRIT, GW_LOG_DEBUG, log_level, 1),
    NUM("maximum-requests", 0, LLONG_MAX, maximum_requests, 0),
    NUM("maximum-rss", 0, LLONG_MAX, maximum_rss, 0),
    NUM("restart-interval", 0, GW_SECONDS_MAX, restart_interval, 0),
    NUM("inactivity-timeout", 0, GW_SECONDS_MAX, inactivity_timeout, 0),
    NUM("request-timeout", 0, GW_SECONDS_MAX, request_timeout, 0),
    NUM("deadlock-timeout", 0, GW_SECONDS_MAX, deadlock_timeout, 0),
    NUM("startup-timeout", 0, GW_SECONDS_MAX, startup_timeout, 0),
    TEXT("restart-file", restart_file, 0),
    NUM("script-reloading", 0, 1, script_reloading, 0),
    /* mod_wsgi's Python settings (one block: module/gw_compat.c) */
    TEXT("python-eggs", python_eggs, 0),
    NUM("python-optimize", 0, 2, python_optimize, 0),
    TEXT("python-hash-seed", python_hash_seed, 0),
    TEXT("python-warnings", python_warnings, 0),
    NUM("dont-write-bytecode", 0, 1, dont_write_bytecode, 0),
    NUM("restrict-stdin", 0, 1, restrict_stdin, 0),
    NUM("restrict-stdout", 0, 1, restrict_stdout, 0),
    NUM("restrict-signal", 0, 1, restrict_signal, 0),
    /* uid_t and gid_t: 0 .. 2^32-2, (uid_t)-1 is no id */
    NUM("script-uid", -1, 4294967294LL, script_uid, 0),
    TEXT("script-user", script_user, 0),
    NUM("script-gid", -1, 4294967294LL, script_gid, 0),
    TEXT("script-group", script_group, 0),
    NUM("asgi", 0, 1, asgi, 0),
    TEXT("secret", secret, 1),
    { NULL, GW_HO_NUMBER, 0, 0, 0, 0 }
};

#define FIELD(h, f, type) ((type *)(void *)((char *)(h) + (f)->offset))
#define CFIELD(h, f, type) \
    ((const type *)(const void *)((const char *)(h) + (f)->offset))

const gw_ho_field *gw_handover_field(const char *key)
{
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++)
        if (!strcmp(f->key, key))
            return f;
    return NULL;
}

/* ---- formatting (the parent) -------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
    int oom;
} ho_out;

static void out_add(ho_out *o, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);

    if (o->oom)
        return;
    if (o->len + la + lb + lc + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 1024;
        while (cap < o->len + la + lb + lc + 1)
            cap *= 2;
        char *nb = realloc(o->buf, cap);
        if (!nb) {
            o->oom = 1;
            return;
        }
        o->buf = nb;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, a, la);
    memcpy(o->buf + o->len + la, b, lb);
    memcpy(o->buf + o->len + la + lb, c, lc);
    o->len += la + lb + lc;
    o->buf[o->len] = '\0';
}

static int out_list(ho_out *o, const char *key, const char *const *v,
                    size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr(v[i], '\n'))
            return -1;
        out_add(o, key, " ", v[i]);
        out_add(o, "\n", "", "");
    }
    return 0;
}

char *gw_handover_format(const gw_handover *h, const char **bad)
{
    ho_out o = { NULL, 0, 0, 0 };
    char num[32];

    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        const char *v = num;
        if (f->type == GW_HO_NUMBER) {
            long long n = *CFIELD(h, f, long long);
            if (n < f->lo || n > f->hi)
                goto bad;
            snprintf(num, sizeof(num), "%lld", n);
        }
        else {
            v = *CFIELD(h, f, char *);
            if ((!v && f->required) || (v && strchr(v, '\n')))
                goto bad;
            if (!v)
                continue;
        }
        out_add(&o, f->key, " ", v);
        out_add(&o, "\n", "", "");
        continue;
bad:
        free(o.buf);
        *bad = f->key;
        return NULL;
    }
    if (out_list(&o, "script", h->scripts, h->nscripts) != 0
        || out_list(&o, "script-dir", h->script_dirs, h->nscript_dirs) != 0
        || out_list(&o, "import-script", h->imports, h->nimports) != 0) {
        free(o.buf);
        *bad = "script";
        return NULL;
    }
    if (o.oom || !o.buf) {
        free(o.buf);
        return NULL;
    }
    return o.buf;
}

/* ---- parsing (the daemon) ----------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int number(const char *v, long long lo, long long hi, long long *out)
{
    char *end;

    /* Digits only, as the parent writes them: strtoll alone would take
     * leading blanks and a '+'. */
    if (!((*v >= '0' && *v <= '9') || (*v == '-' && v[1] >= '0'
                                        && v[1] <= '9')))
        return -1;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (*end || errno || n < lo || n > hi)
        return -1;
    *out = n;
    return 0;
}

/* Appends v to a list of the hand-over (lists are short: a few scripts
 * per group).  0 or GW_HO_ENOMEM. */
static int push(const char ***list, size_t *n, const char *v)
{
    const char **nl = realloc(*list, (*n + 1) * sizeof(*nl));
    if (!nl)
        return GW_HO_ENOMEM;
    *list = nl;
    nl[(*n)++] = v;
    return 0;
}

static int is_hex(const char *v, size_t len)
{
    if (strlen(v) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
            return 0;
    return 1;
}

/* One "key value" line: 0, GW_HO_EBAD or GW_HO_ENOMEM. */
static int parse_line(char *line, gw_handover *h, unsigned char *seen)
{
    char *v = strchr(line, ' ');

    if (!v)
        return GW_HO_EBAD;
    *v++ = '\0';
    if (!strcmp(line, "script"))
        return v[0] == '/' ? push(&h->scripts, &h->nscripts, v) : GW_HO_EBAD;
    if (!strcmp(line, "script-dir"))
        return v[0] == '/' ? push(&h->script_dirs, &h->nscript_dirs, v)
                           : GW_HO_EBAD;
    if (!strcmp(line, "import-script"))
        return strchr(v, '\t') ? push(&h->imports, &h->nimports, v)
                               : GW_HO_EBAD;
    const gw_ho_field *f = gw_handover_field(line);
    if (!f || seen[f - gw_handover_fields]++)
        return GW_HO_EBAD;       /* unknown, or given twice */
    if (f->type == GW_HO_NUMBER)
        return number(v, f->lo, f->hi, FIELD(h, f, long long)) ? GW_HO_EBAD
                                                                : 0;
    if (!strcmp(f->key, "secret") && !is_hex(v, GW_SECRET_HEX))
        return GW_HO_EBAD;
    if (!*v && f->required)
        return GW_HO_EBAD;       /* "group " would leave it unset */
    *FIELD(h, f, const char *) = *v ? v : NULL;
    return 0;
}

int gw_handover_parse(char *text, gw_handover *h, const char **bad)
{
    unsigned char seen[sizeof(gw_handover_fields)
                       / sizeof(gw_handover_fields[0])];

    memset(h, 0, sizeof(*h));
    memset(seen, 0, sizeof(seen));
    h->script_reloading = 1;
    /* Absent: no owner required (0 would be root's). */
    h->script_uid = h->script_gid = -1;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *space = strchr(line, ' ');
        int rc = parse_line(line, h, seen);
        if (rc != 0) {
            if (space)
                *space = ' ';    /* parse_line cut the line at its key */
            *bad = line;
            gw_handover_free(h);
            return rc;
        }
    }
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        if (f->required && !seen[f - gw_handover_fields]) {
            *bad = f->key;
            gw_handover_free(h);
            return GW_HO_EMISSING;
        }
    }
    /* None delegated by name (only directories or patterns): scripts is
     * NULL, which qsort must not be given even for zero elements. */
    if (h->nscripts > 1)
        qsort(h->scripts, h->nscripts, sizeof(*h->scripts), cmp_str);
    return 0;
}

void gw_handover_free(gw_handover *h)
{
    free(h->scripts);
    free(h->script_dirs);
    free(h->imports);
    h->scripts = h->script_dirs = h->imports = NULL;
    h->nscripts = h->nscript_dirs = h->nimports = 0;
}

/* ---- the daemon's side -------------------------------------------------- */

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

int gw_handover_load(int fd, gw_handover *h)
{
    char *buf = read_all(fd);
    const char *bad = "";

    if (!buf)
        return -1;
    close(fd);
    int rc = gw_handover_parse(buf, h, &bad);
    if (rc == 0) {
        h->loaded = buf;          /* the strings in h point into it */
        return 0;
    }
    switch (rc) {
    case GW_HO_ENOMEM:
        gw_log(GW_LOG_CRIT, "GW03025: out of memory reading the supervisor's "
               "hand-over");
        break;
    case GW_HO_EMISSING:
        gw_log(GW_LOG_CRIT, "GW03024: the supervisor's hand-over lacks its "
               "%s setting", bad);
        break;
    default:
        gw_log(GW_LOG_CRIT, "GW03023: unreadable line in the supervisor's "
               "hand-over: %.60s", bad);
        break;
    }
    free(buf);
    return -1;
}
