/*
 * gw_workerfile_config.c - a daemon group's worker-file=, read and made
 * into attached daemon records (see gw_workerfile_config.h).  Runs in
 * the Apache parent, as root.
 */
#include "gw_workerfile_config.h"
#include "gw_attach_config.h"
#include "gw_ownedfile.h"
#include "gw_workerfile.h"      /* the grammar (proto/) */

#include "http_log.h"
#include "apr_strings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

const char *gw_workerfile_read(apr_pool_t *p, const gw_group *g,
                               size_t *len, const char **err)
{
    char why[512];
    const char *text = NULL;
    int fd = gw_ownedfile_open(g->worker_file, g->uid, why, sizeof(why));

    if (fd >= 0) {
        char *got = gw_ownedfile_read(fd, GW_WF_MAX_SIZE, len);
        int e = errno;
        close(fd);
        if (got)
            text = apr_pstrmemdup(p, got, *len);
        else if (e == EFBIG)
            apr_snprintf(why, sizeof(why), "is larger than %d bytes, the "
                         "most a worker file may have", GW_WF_MAX_SIZE);
        else
            apr_snprintf(why, sizeof(why), "cannot be read: %s",
                         strerror(e));
        free(got);
    }
    if (!text)
        *err = apr_psprintf(p, "GW00130: worker-file= of daemon group '%s': "
                            "%s %s", g->name, g->worker_file, why);
    return text;
}

/* "GW0011x: FILE:LINE: TEXT (worker-file= of daemon group 'G')" */
static const char *parse_error(apr_pool_t *p, const gw_group *g,
                               const gw_wf_error *e)
{
    return apr_psprintf(p, "%s: %s%s: %s (worker-file= of daemon group '%s')",
                        e->id, g->worker_file, e->line
                        ? apr_psprintf(p, ":%u", e->line) : "", e->text,
                        g->name);
}

/* The WSGIAttachDaemon line of g that already uses name, or NULL. */
static const gw_attach *directive_named(const gw_group *g, const char *name)
{
    gw_attach **list = (gw_attach **)gw_global->attached->elts;

    for (int i = 0; i < gw_global->attached->nelts; i++)
        if (list[i]->group == g && !list[i]->worker_file
            && !strcmp(list[i]->name, name))
            return list[i];
    return NULL;
}

static apr_array_header_t *strings(apr_pool_t *p, char **v, size_t n)
{
    apr_array_header_t *a = apr_array_make(p, (int)n + 1,
                                           sizeof(const char *));
    for (size_t i = 0; i < n; i++)
        *(const char **)apr_array_push(a) = apr_pstrdup(p, v[i]);
    return a;
}

/* What a WSGIAttachDaemon line would say, from the entry. */
static gw_attach *record(apr_pool_t *p, gw_group *g, const gw_wf_entry *e)
{
    gw_attach *a = apr_pcalloc(p, sizeof(*a));

    a->group = g;
    a->name = apr_pstrdup(p, e->name);
    a->defined_at = apr_psprintf(p, "%s:%u", g->worker_file, e->line);
    a->stop_signal = e->stop_signal;
    a->reload_signal = e->reload_signal;
    a->stop_timeout = e->stop_timeout < 0 ? -1
                      : apr_time_from_sec(e->stop_timeout);
    a->command = strings(p, e->argv, e->argc);
    a->worker_file = apr_pstrdup(p, g->worker_file);
    a->after = e->nafter ? strings(p, e->after, e->nafter) : NULL;
    a->restart_delay = e->restart_delay;
    return a;
}

apr_array_header_t *gw_workerfile_records(apr_pool_t *p, gw_group *g,
                                          const char *text, size_t len,
                                          const char **err)
{
    gw_wf wf;
    gw_wf_error e;

    if (gw_wf_parse(text, len, &wf, &e) != 0) {
        *err = parse_error(p, g, &e);
        return NULL;
    }
    apr_array_header_t *out = apr_array_make(p, (int)wf.n + 1,
                                             sizeof(gw_attach *));
    for (size_t i = 0; i < wf.n; i++) {
        const gw_attach *d = directive_named(g, wf.entries[i].name);
        if (d) {
            *err = apr_psprintf(p, "GW00137: %s:%u: the name '%s' is "
                                "already used by the WSGIAttachDaemon line "
                                "at %s for this group; give the entry "
                                "another name (worker-file= of daemon group "
                                "'%s')", g->worker_file, wf.entries[i].line,
                                d->name, d->defined_at, g->name);
            gw_wf_free(&wf);
            return NULL;
        }
        *(gw_attach **)apr_array_push(out) = record(p, g, &wf.entries[i]);
    }
    gw_wf_free(&wf);
    return out;
}

void gw_workerfile_check(apr_pool_t *p, server_rec *s)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        const char *err = NULL, *text;
        size_t len;
        if (!g->worker_file)
            continue;
        if (!(text = gw_workerfile_read(p, g, &len, &err))
            || !gw_workerfile_records(p, g, text, len, &err))
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, "%s; not fatal: "
                         "Apache starts, and the group runs without the "
                         "file's entries (or with its last good set) until "
                         "it is fixed", err);
    }
}
