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
#include "gw_attach_ctl.h"
#include "gw_control_reply.h"

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
                 "its entries until it is fixed (and gateway-ctl "
                 "reload-workers run, its restart-file= touched, or Apache "
                 "restarted): %s", g->name, g->worker_file, err);
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

/* What reload-workers did to one record, for its reply. */
typedef struct {
    gw_attach *a;
    const char *action;
} ws_note;

/* The group's records from its file take the prepared recs (from np):
 * matched by name and updated, the others dropped, new ones added.
 * notes (reload-workers), when not NULL, gets one entry per record
 * touched, and a changed one is restarted (a code change restarts every
 * one anyway).  *added, *removed, *changed count them. */
static void apply(ws_group *w, apr_array_header_t *recs,
                  apr_array_header_t *notes, int *added, int *removed,
                  int *changed)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int had = gw_global->attached->nelts;

    *added = *removed = *changed = 0;
    for (int i = 0; i < had; i++) {
        gw_attach *a = list[i];
        if (a->group != w->g || !a->worker_file || a->dropped)
            continue;
        gw_attach *fresh = take(recs, a->name);
        const char *action = "kept";
        if (!fresh) {
            action = a->k && a->k->pid > 0 ? "stopping" : "removed";
            gw_attach_drop(a);
            (*removed)++;
        }
        else {
            int differs = a->k && strcmp(a->k->signature, fresh->signature);
            gw_attach_update(a, fresh);
            if (differs && notes) {
                action = gw_attach_ctl_changed(a);
                (*changed)++;
            }
        }
        if (notes)
            *(ws_note *)apr_array_push(notes) = (ws_note){ a, action };
    }
    /* New entries: the record itself in pconf, where the MPM's
     * registration may point at it for the rest of the generation. */
    for (int i = 0; i < recs->nelts; i++) {
        gw_attach *fresh = APR_ARRAY_IDX(recs, i, gw_attach *);
        if (!fresh)
            continue;
        gw_attach *a = apr_pmemdup(ws.pconf, fresh, sizeof(*fresh));
        gw_attach_add(a);
        (*added)++;
        if (notes)
            *(ws_note *)apr_array_push(notes) = (ws_note){ a, "new" };
    }
}

/* g's file read again into np's records (prepared): NULL with *err. */
static apr_array_header_t *read_again(ws_group *w, apr_pool_t *np,
                                      const char **text, size_t *len,
                                      const char **err)
{
    apr_array_header_t *recs = read_file(np, w->g, text, len, err);

    for (int i = 0; recs && i < recs->nelts; i++)
        gw_attach_prepare(np, APR_ARRAY_IDX(recs, i, gw_attach *));
    return recs;
}

/* The new reading is the group's: the last one's pool goes. */
static void taken(ws_group *w, apr_pool_t *np, const char *text, size_t len)
{
    good_store(w->g, text, len);
    if (w->pool)
        apr_pool_destroy(w->pool);
    w->pool = np;
}

static void reload(ws_group *w)
{
    gw_group *g = w->g;
    apr_pool_t *np;
    const char *err, *text;
    size_t len;
    int added, removed, changed;

    apr_pool_create(&np, ws.s->process->pool);
    apr_array_header_t *recs = read_again(w, np, &text, &len, &err);
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
    int n = recs->nelts;
    apply(w, recs, NULL, &added, &removed, &changed);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, ws.s, GWLOGNO(02210)
                 "daemon group '%s': its code changed and worker-file %s was "
                 "read again: %d entr%s, %d new, %d removed", g->name,
                 g->worker_file, n, n == 1 ? "y" : "ies", added, removed);
    taken(w, np, text, len);
}

/* ---- read again by gateway-ctl reload-workers -------------------------- */

static ws_group *ws_of(const gw_group *g)
{
    ws_group *v = ws.groups ? (ws_group *)ws.groups->elts : NULL;

    for (int i = 0; v && i < ws.groups->nelts; i++)
        if (v[i].g == g)
            return &v[i];
    return NULL;
}

/* The group's records stop-worker keeps stopped (its WSGIAttachDaemon
 * lines' too) start again: a reload brings back the whole set. */
static void unpark_all(const gw_group *g, apr_array_header_t *notes)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    int n = gw_global->attached->nelts;

    for (int i = 0; i < n; i++) {
        if (list[i]->group != g || list[i]->dropped
            || !gw_attach_ctl_unpark(list[i]))
            continue;
        ws_note *o = NULL;
        for (int k = 0; k < notes->nelts && !o; k++)
            if (APR_ARRAY_IDX(notes, k, ws_note).a == list[i])
                o = &APR_ARRAY_IDX(notes, k, ws_note);
        if (!o)
            o = apr_array_push(notes);
        *o = (ws_note){ list[i], "started" };
    }
}

/* The reply: a "reload" record, then one per record touched, with the
 * pid it has now (new ones have started, or wait for after=). */
static const char *reload_reply(apr_pool_t *p, const ws_group *w, int n,
                                const int *counts,
                                const apr_array_header_t *notes)
{
    const char *out = apr_pstrcat(p, "ok\nreload",
        gw_ctl_kv(p, "group", w->g->name),
        gw_ctl_kv(p, "file", w->g->worker_file), gw_ctl_kn(p, "entries", n),
        gw_ctl_kn(p, "new", counts[0]), gw_ctl_kn(p, "removed", counts[1]),
        gw_ctl_kn(p, "changed", counts[2]), "\n", NULL);

    for (int i = 0; i < notes->nelts; i++) {
        const ws_note *o = &APR_ARRAY_IDX(notes, i, ws_note);
        const char *action = o->action;
        if (!strcmp(action, "new") || !strcmp(action, "started"))
            action = !o->a->k ? "failed" : o->a->k->state
                     == GW_ATTACH_PENDING ? "pending" : "started";
        out = apr_pstrcat(p, out, gw_attach_ctl_record(p, o->a, action,
                          NULL), NULL);
    }
    return apr_pstrcat(p, out, "end\n", NULL);
}

const char *gw_workerset_ctl_reload(apr_pool_t *p, gw_group *g,
                                    const char *by)
{
    ws_group *w = ws_of(g);
    apr_pool_t *np;
    const char *err, *text;
    size_t len;
    int c[3];

    if (!w)
        return gw_ctl_error_text(p, "no-worker-file", apr_psprintf(p,
            "daemon group '%s' has no worker-file=: its attached daemons "
            "are WSGIAttachDaemon lines, which only an Apache restart reads",
            g->name));
    apr_pool_create(&np, ws.s->process->pool);
    apr_array_header_t *recs = read_again(w, np, &text, &len, &err);
    if (!recs) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, ws.s, GWLOGNO(02410)
                     "gateway-ctl reload-workers by %s: worker-file %s of "
                     "daemon group '%s' is refused; its entries run on as "
                     "they were: %s", by, g->worker_file, g->name, err);
        apr_pool_destroy(np);
        return gw_ctl_error_text(p, "worker-file", apr_psprintf(p, "%s; "
            "nothing was changed: the entries read before run on", err));
    }
    apr_array_header_t *notes = apr_array_make(p, 8, sizeof(ws_note));
    int n = recs->nelts;
    apply(w, recs, notes, &c[0], &c[1], &c[2]);
    taken(w, np, text, len);
    unpark_all(g, notes);
    gw_attach_settle();             /* new ones start (launch_pending) */
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, ws.s, GWLOGNO(02409)
                 "gateway-ctl reload-workers by %s: daemon group '%s': "
                 "worker-file %s read: %d entr%s, %d new, %d removed, %d "
                 "changed", by, g->name, g->worker_file, n,
                 n == 1 ? "y" : "ies", c[0], c[1], c[2]);
    return reload_reply(p, w, n, c, notes);
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
