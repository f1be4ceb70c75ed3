/*
 * gw_delegation.c - refuse requests the configuration did not delegate
 * to this group (see gw_delegation.h).
 */
#include "gw_delegation.h"
#include "gw_hook.h"
#include "gw_log.h"

#include <stdlib.h>
#include <string.h>

static const gw_handover *handed;

void gw_delegation_init(const gw_handover *h)
{
    handed = h;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is path absolute and plain: every segment between slashes non-empty
 * and neither "." nor "..", at the end too?  ".." could walk out of a
 * directory, and "DIR/..", "DIR/.", "DIR/" or "a//b" are other spellings
 * of something else than they seem to name. */
static int plain_path(const char *path)
{
    if (path[0] != '/')
        return 0;
    for (const char *seg = path + 1;; seg++) {
        size_t n = strcspn(seg, "/");
        if (n == 0 || (n == 1 && seg[0] == '.')
            || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return 0;
        seg += n;
        if (!*seg)
            return 1;
    }
}

/* Is script below one of the delegated directories?  Only a plain path
 * counts (plain_path). */
static int below_script_dir(const char *script)
{
    if (!plain_path(script))
        return 0;
    for (size_t i = 0; i < handed->nscript_dirs; i++) {
        const char *d = handed->script_dirs[i];
        size_t n = strlen(d);
        while (n > 1 && d[n - 1] == '/')
            n--;
        if (!strncmp(script, d, n) && script[n] == '/')
            return 1;
    }
    return 0;
}

/* Constant time: how much of the secret matched must not show in timing. */
static int secret_ok(const gw_kv *kv)
{
    unsigned char diff = 0;

    if (!kv || kv->vlen != GW_SECRET_HEX)
        return 0;
    for (size_t i = 0; i < GW_SECRET_HEX; i++)
        diff |= (unsigned char)(kv->val[i] ^ handed->secret[i]);
    return diff == 0;
}

int gw_delegation_authentic(const gw_kv *vars, size_t n, const char *uri,
                            int urilen)
{
    const gw_kv *s = gw_kv_find(vars, n, GW_VAR_SECRET);
    const gw_kv *script = gw_kv_find(vars, n, GW_VAR_SCRIPT);

    /* A control value given twice is a forgery attempt, not a slip: the
     * module sends each exactly once. */
    static const char *const controls[] = {
        GW_VAR_SCRIPT, GW_VAR_APP_GROUP, GW_VAR_CALLABLE, GW_VAR_SECRET,
        GW_VAR_HOOK, GW_VAR_USER, GW_VAR_PASSWORD, GW_VAR_REALM, GW_VAR_HOST,
        GW_VAR_WEBSOCKET, NULL
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
        gw_log(GW_LOG_ERR, "GW03026: refused request %.*s for %.*s: %s; "
               "only Apache children of this configuration generation may "
               "send requests", urilen, uri, script ? (int)script->vlen : 1,
               script ? script->val : "?", s ? "wrong secret" : "no secret");
        return 0;
    }
    return 1;
}

int gw_delegation_allows(const char *script, const char *uri, int urilen)
{
    /* No script delegated by name: scripts is NULL, which bsearch must
     * not be given even for zero elements. */
    if (!(handed->nscripts && bsearch(&script, handed->scripts,
                                      handed->nscripts,
                                      sizeof(*handed->scripts), cmp_str))
        && !below_script_dir(script)) {
        gw_log(GW_LOG_ERR, "GW03027: refused request %.*s: script %s was not "
               "delegated to this group by the configuration "
               "(WSGIScriptAlias ... process-group=); nothing imported",
               urilen, uri, script);
        return 0;
    }
    return 1;
}
