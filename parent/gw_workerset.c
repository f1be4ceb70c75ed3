/*
 * gw_workerset.c - the worker files' entries as the Apache parent runs
 * them (see gw_workerset.h).  Runs in the Apache parent, as root.
 *
 * Memory: records are made in pconf at a start or restart.  A file read
 * again for new code gives its records' new settings (command, argv,
 * environment) from a pool of its own, a child of the process pool, which
 * the next reading or the generation's end destroys: a deploy every
 * minute for months costs no memory.  The records themselves stay where
 * they are (the MPM's other_child registration points at them).
 */
#include "gw_workerset.h"
#include "gw_attach.h"
#include "gw_workerfile_config.h"

#include "http_log.h"
#include "apr_strings.h"

#include <stdlib.h>
#include <string.h>

APLOG_USE_MODULE(gateway);

#define GW_WORKERSET_KEY "gateway-workerset"

/* A group's last set read well, across generations (process pool;
 * plain data: path and text are malloc'd). */
typedef struct {
    char group[GW_KEPT_NAME_MAX];
    char *path;
    char *text;
    size_t len;
    apr_time_t when;
} ws_good;

/* This generation's record of a group with a worker file. */
typedef struct {
    gw_group *g;
    apr_pool_t *pool;               /* of the last reading, or NULL */
    apr_array_header_t *code_files; /* gw_attach_code_files */
    apr_uint64_t stamp;
} ws_group;

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    apr_array_header_t *groups;     /* ws_group */
} ws;

/* ---- the last set read well -------------------------------------------- */

static apr_array_header_t *goods(void)
{
    apr_pool_t *pp = ws.s->process->pool;
    void *data = NULL;

    apr_pool_userdata_get(&data, GW_WORKERSET_KEY, pp);
    if (!data) {
        data = apr_array_make(pp, 4, sizeof(ws_good));
        apr_pool_userdata_set(data, GW_WORKERSET_KEY, apr_pool_cleanup_null,
                              pp);
    }
    return data;
}

static ws_good *good_find(const char *group)
{
    apr_array_header_t *l = goods();
    ws_good *v = (ws_good *)l->elts;

    for (int i = 0; i < l->nelts; i++)
        if (v[i].text && !strcmp(v[i].group, group))
            return &v[i];
    return NULL;
}

static void good_clear(ws_good *w)
{
    free(w->path);
    free(w->text);
    memset(w, 0, sizeof(*w));
}

static void good_store(const gw_group *g, const char *text, size_t len)
{
    ws_good *w = good_find(g->name);
    apr_array_header_t *l = goods();

    for (int i = 0; !w && i < l->nelts; i++)
        if (!((ws_good *)l->elts)[i].text)
            w = &((ws_good *)l->elts)[i];
    if (!w)
        w = apr_array_push(l);
    else
        good_clear(w);
    char *t = malloc(len + 1), *p = strdup(g->worker_file);
    if (!t || !p) {
        free(t);
        free(p);
        return;         /* out of memory: no last good set to fall back to */
    }
    memcpy(t, text, len);
    t[len] = '\0';
    apr_cpystrn(w->group, g->name, sizeof(w->group));
    w->path = p;
    w->text = t;
    w->len = len;
    w->when = apr_time_now();
}

/* A group that has no worker file any more forgets its set. */
static void goods_prune(void)
{
    apr_array_header_t *l = goods();
    ws_good *v = (ws_good *)l->elts;

    for (int i = 0; i < l->nelts; i++) {
        const gw_group *g = v[i].text ? gw_group_find(v[i].group) : NULL;
        if (v[i].text && (!g || !g->worker_file))
            good_clear(&v[i]);
    }
}

/* ---- reading ------------------------------------------------------------ */

static const char *when_text(apr_pool_t *p, apr_time_t t)
{
    char buf[APR_CTIME_LEN];
    apr_ctime(buf, t);
    return apr_pstrdup(p, buf);
}

/* g's file read into records (from p), or NULL with *err. */
static apr_array_header_t *read_file(apr_pool_t *p, gw_group *g,
                                     const char **text, size_t *len,
                                     const char **err)
{
    if (!(*text = gw_workerfile_read(p, g, len, err)))
        return NULL;
    return gw_workerfile_records(p, g, *text, *len, err);
}

static const char *names(apr_pool_t *p, const apr_array_header_t *recs)
{
    const char *out = "";
    for (int i = 0; i < recs->nelts; i++)
        out = apr_pstrcat(p, out, i ? ", " : "",
                          APR_ARRAY_IDX(recs, i, gw_attach *)->name, NULL);
    return out;
}

/* At a start or restart: the file's set, else the last one read well,
 * else none. */
static apr_array_header_t *load_group(apr_pool_t *p, gw_group *g)
{
    const char *err, *text;
    size_t len;
    apr_array_header_t *recs = read_file(p, g, &text, &len, &err);

    if (recs) {
        good_store(g, text, len);
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, ws.s, GWLOGNO(02200)
                     "daemon group '%s': worker-file %s read: %d entr%s%s%s%s",
                     g->name, g->worker_file, recs->nelts,
                     recs->nelts == 1 ? "y" : "ies", recs->nelts ? " (" : "",
                     names(p, recs), recs->nelts ? ")" : "");
        return recs;
    }
    ws_good *good = good_find(g->name);
    const char *err2;
    apr_array_header_t *kept = good
        ? gw_workerfile_records(p, g, good->text, good->len, &err2) : NULL;
    if (kept) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, ws.s, GWLOGNO(02201)
                     "daemon group '%s': worker-file %s is refused; the "
                     "group keeps the %d entr%s read from %s at %s: %s",
                     g->name, g->worker_file, kept->nelts,
                     kept->nelts == 1 ? "y" : "ies", good->path,
                     when_text(p, good->when), err);
        return kept;
    }
    ap_log_error(APLOG_MARK, APLOG_ERR, 0, ws.s, GWLOGNO(02202)
                 "daemon group '%s': worker-file %s is refused, and no "
                 "earlier reading of it was taken: the group runs none of "
                 "its entries until it is fixed (and Apache restarted, or "
                 "its restart-file= touched): %s", g->name, g->worker_file,
                 err);
    return apr_array_make(p, 1, sizeof(gw_attach *));
}

static apr_status_t ws_end(void *data)
{
    (void)data;
    ws_group *v = (ws_group *)ws.groups->elts;
    for (int i = 0; i < ws.groups->nelts; i++)
        if (v[i].pool)
            apr_pool_destroy(v[i].pool);
    ws.groups = NULL;
    return APR_SUCCESS;
}

void gw_workerset_load(apr_pool_t *pconf, server_rec *s)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    ws.pconf = pconf;
    ws.s = s;
    ws.groups = apr_array_make(pconf, 2, sizeof(ws_group));
    /* Registered before gw_attach's own cleanup: runs after it, so the
     * records are intact while it stops their processes. */
    apr_pool_cleanup_register(pconf, NULL, ws_end, apr_pool_cleanup_null);
    goods_prune();
    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        if (!g->worker_file)
            continue;
        ws_group *w = apr_array_push(ws.groups);
        w->g = g;
        w->pool = NULL;
        w->code_files = gw_attach_code_files(pconf, g);
        w->stamp = gw_attach_code_stamp(w->code_files);
        apr_array_header_t *recs = load_group(pconf, g);
        for (int j = 0; j < recs->nelts; j++)
            *(gw_attach **)apr_array_push(gw_global->attached) =
                APR_ARRAY_IDX(recs, j, gw_attach *);
    }
}

/* ---- read again for new code ------------------------------------------- */

static gw_attach *take(apr_array_header_t *recs, const char *name)
{
    for (int i = 0; i < recs->nelts; i++) {
        gw_attach **n = &APR_ARRAY_IDX(recs, i, gw_attach *);
        if (*n && !strcmp((*n)->name, name)) {
            gw_attach *found = *n;
            *n = NULL;
            return found;
        }
    }
    return NULL;
}

static void reload(ws_group *w)
{
    gw_group *g = w->g;
    apr_pool_t *np;
    const char *err, *text;
    size_t len;

    apr_pool_create(&np, ws.s->process->pool);
    apr_array_header_t *recs = read_file(np, g, &text, &len, &err);
    if (!recs) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, ws.s, GWLOGNO(02209)
                     "daemon group '%s': its code changed, but worker-file "
                     "%s is refused: the group keeps its entries as they "
                     "were (and restarts them for the new code): %s",
                     g->name, g->worker_file, err);
        apr_pool_destroy(np);
        return;
    }
    ws_good *good = good_find(g->name);
    if (good && good->len == len && !memcmp(good->text, text, len)) {
        apr_pool_destroy(np);     /* the same set: restarted for new code */
        return;
    }
    good_store(g, text, len);
    int added = 0, removed = 0, n = recs->nelts;
    for (int i = 0; i < n; i++)
        gw_attach_prepare(np, APR_ARRAY_IDX(recs, i, gw_attach *));

    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int had = gw_global->attached->nelts;
    for (int i = 0; i < had; i++) {
        gw_attach *a = list[i];
        if (a->group != g || !a->worker_file || a->dropped)
            continue;
        gw_attach *fresh = take(recs, a->name);
        if (fresh)
            gw_attach_update(a, fresh);
        else {
            gw_attach_drop(a);
            removed++;
        }
    }
    /* New entries: the record itself in pconf, where the MPM's
     * registration may point at it for the rest of the generation. */
    for (int i = 0; i < n; i++) {
        gw_attach *fresh = APR_ARRAY_IDX(recs, i, gw_attach *);
        if (fresh) {
            gw_attach_add(apr_pmemdup(ws.pconf, fresh, sizeof(*fresh)));
            added++;
        }
    }
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, ws.s, GWLOGNO(02210)
                 "daemon group '%s': its code changed and worker-file %s was "
                 "read again: %d entr%s, %d new, %d removed", g->name,
                 g->worker_file, n, n == 1 ? "y" : "ies", added, removed);
    if (w->pool)
        apr_pool_destroy(w->pool);
    w->pool = np;
}

void gw_workerset_code_check(const gw_group *g)
{
    if (!ws.groups)
        return;
    ws_group *v = (ws_group *)ws.groups->elts;
    for (int i = 0; i < ws.groups->nelts; i++) {
        if (g && v[i].g != g)
            continue;
        apr_uint64_t stamp = gw_attach_code_stamp(v[i].code_files);
        if (stamp == v[i].stamp)
            continue;
        v[i].stamp = stamp;
        reload(&v[i]);
    }
}
