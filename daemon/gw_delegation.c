/*
 * gw_delegation.c - refuse requests the configuration did not delegate
 * to this group (see gw_delegation.h).
 */
#include "gw_delegation.h"
#include "gw_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GW_DELEGATION_MAX (4u << 20)   /* a sane bound for the hand-over */

static char secret[GW_SECRET_HEX];
static char **scripts;       /* sorted, for bsearch */
static size_t nscripts;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int gw_delegation_load(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);

    for (;;) {
        if (!buf) {
            gw_log(GW_LOG_CRIT, "GW03020: out of memory reading the "
                   "delegation hand-over");
            return -1;
        }
        ssize_t r = pread(fd, buf + len, cap - len - 1, (off_t)len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            gw_log(GW_LOG_CRIT, "GW03021: cannot read the delegation "
                   "hand-over on fd %d: %s", fd, strerror(errno));
            free(buf);
            return -1;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len + 1 == cap) {
            if (cap >= GW_DELEGATION_MAX) {
                gw_log(GW_LOG_CRIT, "GW03022: delegation hand-over larger "
                       "than %u bytes", GW_DELEGATION_MAX);
                free(buf);
                return -1;
            }
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    close(fd);
    buf[len] = '\0';

    int have_secret = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (!strncmp(line, "secret ", 7) && strlen(line + 7) == GW_SECRET_HEX) {
            memcpy(secret, line + 7, GW_SECRET_HEX);
            have_secret = 1;
        }
        else if (!strncmp(line, "script /", 8)) {
            char **ns = realloc(scripts, (nscripts + 1) * sizeof(*scripts));
            if (!ns)
                return -1;
            scripts = ns;
            scripts[nscripts++] = line + 7;   /* buf lives for good */
        }
        else {
            gw_log(GW_LOG_CRIT, "GW03023: unreadable line in the delegation "
                   "hand-over: %.60s", line);
            return -1;
        }
    }
    if (!have_secret) {
        gw_log(GW_LOG_CRIT, "GW03024: the delegation hand-over has no "
               "secret");
        return -1;
    }
    qsort(scripts, nscripts, sizeof(*scripts), cmp_str);
    gw_log(GW_LOG_DEBUG, "GW03025: %zu script(s) delegated to this group",
           nscripts);
    return 0;
}

/* Constant time: how much of the secret matched must not show in timing. */
static int secret_ok(const gw_kv *kv)
{
    unsigned char diff = 0;

    if (!kv || kv->vlen != GW_SECRET_HEX)
        return 0;
    for (size_t i = 0; i < GW_SECRET_HEX; i++)
        diff |= (unsigned char)(kv->val[i] ^ secret[i]);
    return diff == 0;
}

int gw_delegation_allows(const gw_kv *vars, size_t n, const char *script,
                         const char *uri, int urilen)
{
    const gw_kv *s = gw_kv_find(vars, n, GW_VAR_SECRET);

    /* A control value given twice is a forgery attempt, not a slip: the
     * module sends each exactly once. */
    static const char *const controls[] = {
        GW_VAR_SCRIPT, GW_VAR_APP_GROUP, GW_VAR_CALLABLE, GW_VAR_SECRET, NULL
    };
    for (int i = 0; controls[i]; i++) {
        const gw_kv *first = gw_kv_find(vars, n, controls[i]);
        if (first && gw_kv_find(first + 1, n - (size_t)(first - vars) - 1,
                                controls[i])) {
            gw_log(GW_LOG_ERR, "GW03028: refused request %.*s: control "
                   "value %s given twice", urilen, uri, controls[i]);
            return 0;
        }
    }
    if (!secret_ok(s)) {
        gw_log(GW_LOG_ERR, "GW03026: refused request %.*s for %s: %s; only "
               "Apache children of this configuration generation may send "
               "requests", urilen, uri, script,
               s ? "wrong secret" : "no secret");
        return 0;
    }
    if (!bsearch(&script, scripts, nscripts, sizeof(*scripts), cmp_str)) {
        gw_log(GW_LOG_ERR, "GW03027: refused request %.*s: script %s was not "
               "delegated to this group by the configuration "
               "(WSGIScriptAlias ... process-group=); nothing imported",
               urilen, uri, script);
        return 0;
    }
    return 1;
}
