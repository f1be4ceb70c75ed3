/*
 * gw_hook.c - hook calls and their answers (see gw_hook.h).
 *
 * Linked into Apache, into the daemon and into the fuzzers: no
 * allocation, no logging.  gw_answer_decode() runs in the Apache child
 * on bytes a daemon wrote, so it checks every length before it reads.
 */
#include <string.h>

#include "gw_hook.h"

static const struct {
    const char *function;
    const char *args[GW_HOOK_ARGS_MAX + 1];
} hooks[GW_HOOK_MAX + 1] = {
    [GW_HOOK_CHECK_PASSWORD]  = { "check_password",
                                  { GW_VAR_USER, GW_VAR_PASSWORD, NULL } },
    [GW_HOOK_GET_REALM_HASH]  = { "get_realm_hash",
                                  { GW_VAR_USER, GW_VAR_REALM, NULL } },
    [GW_HOOK_GROUPS_FOR_USER] = { "groups_for_user",
                                  { GW_VAR_USER, NULL } },
    [GW_HOOK_ALLOW_ACCESS]    = { "allow_access", { GW_VAR_HOST, NULL } },
    [GW_HOOK_DISPATCH]        = { "dispatch", { NULL } },
};

static const char *const dispatch_functions[GW_DISPATCH_NAMES] = {
    [GW_NAME_PROCESS_GROUP]     = "process_group",
    [GW_NAME_APPLICATION_GROUP] = "application_group",
    [GW_NAME_CALLABLE_OBJECT]   = "callable_object",
};

/* The NAMES byte: one bit per name, no other. */
#define NAMES_MASK ((1u << GW_DISPATCH_NAMES) - 1)

const char *gw_hook_function(int hook)
{
    return hook >= 1 && hook <= GW_HOOK_MAX ? hooks[hook].function : NULL;
}

const char *gw_dispatch_function(int i)
{
    return i >= 0 && i < GW_DISPATCH_NAMES ? dispatch_functions[i] : NULL;
}

const char *const *gw_hook_args(int hook, int *n)
{
    *n = 0;
    if (hook < 1 || hook > GW_HOOK_MAX)
        return NULL;
    while (hooks[hook].args[*n])
        (*n)++;
    return hooks[hook].args;
}

int gw_hook_decode(const gw_kv *vars, size_t n, gw_hook_call *out)
{
    const gw_kv *h = gw_kv_find(vars, n, GW_VAR_HOOK);
    const char *const *args;
    int hook, nargs;

    memset(out, 0, sizeof(*out));
    if (!h)
        return GW_OK;
    for (hook = 1; hook <= GW_HOOK_MAX; hook++)
        if (h->vlen == strlen(hooks[hook].function)
            && memcmp(h->val, hooks[hook].function, h->vlen) == 0)
            break;
    if (hook > GW_HOOK_MAX)
        return GW_EBADVALUE;
    args = gw_hook_args(hook, &nargs);
    for (int i = 0; i < nargs; i++) {
        const gw_kv *a = gw_kv_find(vars, n, args[i]);
        /* Python gets each as a C string: a NUL would cut it short, and
         * a password that ends early is another password. */
        if (!a || (a->vlen && memchr(a->val, '\0', a->vlen))) {
            memset(out, 0, sizeof(*out));
            return GW_EBADVALUE;
        }
        out->arg[i] = a->val;
        out->arglen[i] = a->vlen;
    }
    out->hook = hook;
    out->nargs = nargs;
    return GW_OK;
}

int gw_answer_allowed(int hook, int answer)
{
    switch (hook) {
    case GW_HOOK_CHECK_PASSWORD:
        return answer == GW_ANSWER_NONE || answer == GW_ANSWER_TRUE
               || answer == GW_ANSWER_FALSE || answer == GW_ANSWER_TEXT;
    case GW_HOOK_GET_REALM_HASH:
        return answer == GW_ANSWER_NONE || answer == GW_ANSWER_TEXT;
    case GW_HOOK_GROUPS_FOR_USER:
        return answer == GW_ANSWER_LIST;
    case GW_HOOK_ALLOW_ACCESS:
        return answer == GW_ANSWER_NONE || answer == GW_ANSWER_TRUE
               || answer == GW_ANSWER_FALSE;
    case GW_HOOK_DISPATCH:
        return answer == GW_ANSWER_NAMES;
    default:
        return 0;
    }
}

/* An item is a name or a hash: min..GW_ANSWER_ITEM_MAX bytes (min 1,
 * or 0 for a dispatch name) and no control character (not even HTAB).
 * A user name becomes REMOTE_USER and goes into log lines; a group name
 * is compared with a Require line's words, none of which holds one
 * either; a dispatch name chooses a daemon group, an interpreter or a
 * callable, and goes into log lines. */
static int item_ok(const unsigned char *p, size_t len, size_t min)
{
    if (len < min || len > GW_ANSWER_ITEM_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (p[i] < 0x20 || p[i] == 0x7f)
            return 0;
    return 1;
}

int gw_answer_name_ok(const char *p, size_t len)
{
    return item_ok((const unsigned char *)p, len, 0);
}

void gw_answer_begin(gw_answer_enc *e, unsigned char *buf, size_t cap,
                     int answer)
{
    e->buf = buf;
    e->cap = cap < GW_ANSWER_MAX ? cap : GW_ANSWER_MAX;
    e->len = 0;
    e->failed = cap < 1 ? GW_ETOOBIG : 0;
    if (!e->failed)
        buf[e->len++] = (unsigned char)answer;
}

static int answer_add(gw_answer_enc *e, const char *item, size_t len,
                      size_t min)
{
    if (e->failed)
        return e->failed;
    if (!item_ok((const unsigned char *)item, len, min))
        return e->failed = GW_EBADVALUE;
    /* len <= cap holds while nothing failed, so cap - len cannot wrap. */
    if (e->cap - e->len < 2 + len)
        return e->failed = GW_ETOOBIG;
    e->buf[e->len++] = (unsigned char)(len & 0xff);
    e->buf[e->len++] = (unsigned char)(len >> 8);
    memcpy(e->buf + e->len, item, len);
    e->len += len;
    return GW_OK;
}

int gw_answer_add(gw_answer_enc *e, const char *item, size_t len)
{
    return answer_add(e, item, len, 1);
}

int gw_answer_names(gw_answer_enc *e,
                    const char *const name[GW_DISPATCH_NAMES],
                    const size_t len[GW_DISPATCH_NAMES])
{
    unsigned mask = 0;

    if (e->failed)
        return e->failed;
    for (int i = 0; i < GW_DISPATCH_NAMES; i++)
        mask |= name[i] ? 1u << i : 0;
    if (e->cap - e->len < 1)
        return e->failed = GW_ETOOBIG;
    e->buf[e->len++] = (unsigned char)mask;
    for (int i = 0; i < GW_DISPATCH_NAMES; i++)
        if (name[i] && answer_add(e, name[i], len[i], 0) != GW_OK)
            return e->failed;
    return GW_OK;
}

size_t gw_answer_finish(const gw_answer_enc *e)
{
    return e->failed ? 0 : e->len;
}

/* The items from pos on, each at least min bytes: exactly filling the
 * payload. */
static int decode_items(const unsigned char *p, size_t len, size_t pos,
                        size_t min, gw_answer_item *items, size_t max,
                        size_t *n)
{
    size_t count = 0;

    while (pos < len) {
        if (len - pos < 2)
            return GW_ETRUNC;
        size_t il = (size_t)p[pos] | ((size_t)p[pos + 1] << 8);
        pos += 2;
        if (len - pos < il)
            return GW_ETRUNC;
        if (!item_ok(p + pos, il, min))
            return GW_EBADVALUE;
        if (count == max)
            return GW_ETOOMANY;
        items[count].p = (const char *)p + pos;
        items[count].len = il;
        count++;
        pos += il;
    }
    *n = count;
    return GW_OK;
}

/* A NAMES payload: the byte saying which names follow, then exactly
 * those, spread over the GW_DISPATCH_NAMES slots. */
static int decode_names(const unsigned char *p, size_t len,
                        gw_answer_item *items, size_t max)
{
    gw_answer_item given[GW_DISPATCH_NAMES];
    size_t count = 0, k = 0;
    unsigned mask;
    int rc;

    if (len < 2)
        return GW_ETRUNC;
    mask = p[1];
    if (mask & ~NAMES_MASK)
        return GW_EBADTYPE;
    if (max < GW_DISPATCH_NAMES)
        return GW_ETOOMANY;
    rc = decode_items(p, len, 2, 0, given, GW_DISPATCH_NAMES, &count);
    if (rc == GW_ETOOMANY)
        return GW_EBADTYPE;         /* more names than there are */
    if (rc != GW_OK)
        return rc;
    for (int i = 0; i < GW_DISPATCH_NAMES; i++) {
        if (!(mask & (1u << i))) {
            items[i].p = NULL;
            items[i].len = 0;
        }
        else if (k < count)
            items[i] = given[k++];
        else
            return GW_EBADTYPE;     /* a bit set, its name missing */
    }
    return k == count ? GW_OK : GW_EBADTYPE;
}

int gw_answer_decode(int hook, const unsigned char *p, size_t len,
                     int *answer, gw_answer_item *items, size_t max,
                     size_t *n)
{
    size_t count = 0;
    int rc;

    /* Outputs that mean nothing until the end: a caller that forgets the
     * return code still finds no answer it could take for a grant. */
    *answer = -1;
    *n = 0;
    if (len == 0)
        return GW_ETRUNC;
    if (len > GW_ANSWER_MAX)
        return GW_ETOOBIG;
    if (!gw_answer_allowed(hook, p[0]))
        return GW_EBADTYPE;
    if (p[0] == GW_ANSWER_NAMES) {
        if ((rc = decode_names(p, len, items, max)) != GW_OK)
            return rc;
        *answer = p[0];
        *n = GW_DISPATCH_NAMES;
        return GW_OK;
    }
    if ((rc = decode_items(p, len, 1, 1, items, max, &count)) != GW_OK)
        return rc;
    if ((p[0] == GW_ANSWER_TEXT && count != 1)
        || (p[0] != GW_ANSWER_TEXT && p[0] != GW_ANSWER_LIST && count != 0))
        return GW_EBADTYPE;
    *answer = p[0];
    *n = count;
    return GW_OK;
}
