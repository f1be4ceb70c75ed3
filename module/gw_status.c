/*
 * gw_status.c - the status page (see gw_status.h).
 *
 * Runs in Apache children.  One pass gathers a snapshot of every group
 * and process slot (gw_status_model.h: parent's records + checked daemon
 * counters); the renderers turn it into HTML (the handler, and mod_status's page), JSON
 * (?json), OpenMetrics for Prometheus (?format=openmetrics) and
 * mod_status's plain ?auto lines.
 */
#include "gw_status.h"
#include "gw_status_model.h"

#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_status.h"
#include "gw_tally.h"
#include "apr_strings.h"
#include "apr_lib.h"

#include <string.h>

APLOG_USE_MODULE(gateway);

/* ---- the model --------------------------------------------------------- */

/* The snapshot (module/gw_status_model.h), by the names the renderers
 * use. */
typedef gw_status_proc st_proc;
typedef gw_status_group st_group;
typedef gw_status_model st_model;

/* Once per child and process: a daemon scribbling into its segment is
 * worth one line, not one per page view.  A small ring of pids; a race
 * between two threads only costs a repeated line. */
#define GW_WARNED_RING 64
static pid_t warned[GW_WARNED_RING];
static unsigned warned_next;

static void warn_garbage(request_rec *r, const gw_group *g, const st_proc *pr)
{
    for (int i = 0; i < GW_WARNED_RING; i++)
        if (warned[i] == pr->info.pid)
            return;
    warned[__atomic_fetch_add(&warned_next, 1, __ATOMIC_RELAXED)
           % GW_WARNED_RING] = pr->info.pid;
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, GWLOGNO(01050)
                  "daemon process %ld of group '%s' wrote %d value(s) out of "
                  "range into its status segment%s; they are ignored on the "
                  "status page (a bug or a compromised application: nothing "
                  "else reads that segment)", (long)pr->info.pid, g->name,
                  pr->sbv.rejected, pr->sbv.header_ok ? ""
                  : ", over the header the parent wrote too");
}

static void model_build(request_rec *r, st_model *m)
{
    gw_status_model_build(r->pool, m);
    for (int i = 0; i < m->ngroups; i++)
        for (int j = 0; j < m->groups[i].g->processes; j++) {
            const st_proc *pr = &m->groups[i].procs[j];
            if (pr->sbv.rejected && pr->info.pid > 0)
                warn_garbage(r, m->groups[i].g, pr);
        }
}

static const char *user_of(const gw_group *g)
{
    return g->user_name ? g->user_name : "";
}

/* ---- HTML ------------------------------------------------------------- */

static const char *h(request_rec *r, const char *s)
{
    return ap_escape_html(r->pool, s ? s : "");
}

static const char *ms_text(apr_pool_t *p, apr_int64_t ms)
{
    if (ms < 0)
        return "-";
    if (ms < 10000)
        return apr_psprintf(p, "%" APR_INT64_T_FMT " ms", ms);
    return apr_psprintf(p, "%" APR_INT64_T_FMT " s", ms / 1000);
}

static const char *in_flight_text(request_rec *r, const st_proc *pr)
{
    const char *out = "";
    /* Oldest first would need sorting; by thread is as readable. */
    for (int k = 0; k < pr->sbv.busy; k++)
        out = apr_psprintf(r->pool, "%s%sthread %d: %s", out, k ? ", " : "",
                           pr->sbv.busy_thread[k],
                           ms_text(r->pool, pr->sbv.age_ms[k]));
    return *out ? out : "-";
}

static void html_group(request_rec *r, const st_model *m, const st_group *sg,
                       const char *hx, int notable)
{
    const gw_group *g = sg->g;

    ap_rprintf(r, "<%s>Group %s</%s>\n<p>user %s (uid %ld), %d x %d "
               "threads; %d busy, %d idle; %" APR_UINT64_T_FMT
               " requests</p>\n", hx, h(r, g->name), hx, h(r, user_of(g)),
               (long)g->uid, g->processes, g->threads, sg->busy, sg->idle,
               sg->requests);
    if (!notable)
        ap_rputs("<table border=\"1\" cellpadding=\"3\">\n<tr><th>slot</th>"
                 "<th>pid</th><th>generation</th><th>state</th>"
                 "<th>started</th><th>uptime</th><th>requests</th>"
                 "<th>busy</th><th>idle</th><th>in flight (age)</th>"
                 "<th>last exit</th></tr>\n", r);
    for (int j = 0; j < g->processes; j++) {
        const st_proc *pr = &sg->procs[j];
        const char *started = pr->info.pid > 0
            ? ap_ht_time(r->pool, pr->info.started, "%Y-%m-%d %H:%M:%S", 0)
            : "-";
        const char *last = pr->info.last_exit[0] ? pr->info.last_exit : "-";
        const char *pid = pr->info.pid > 0
            ? apr_psprintf(r->pool, "%ld", (long)pr->info.pid) : "-";
        const char *counters = !pr->sbv.present ? " (no counters)"
            : pr->sbv.rejected ? apr_psprintf(r->pool, " (%d garbage "
                                              "value(s) ignored)",
                                              pr->sbv.rejected) : "";
        int idle = pr->uptime_ms >= 0 ? pr->sbv.threads - pr->sbv.busy : 0;
        if (notable)
            ap_rprintf(r, "<p>slot %d: pid %s, generation %lu, %s%s, started "
                       "%s, up %s, %" APR_UINT64_T_FMT " requests, %d busy, "
                       "%d idle, in flight: %s; last exit: %s</p>\n",
                       j, pid, m->generation, h(r, pr->state), counters,
                       h(r, started), ms_text(r->pool, pr->uptime_ms),
                       pr->sbv.requests, pr->sbv.busy, idle,
                       in_flight_text(r, pr), h(r, last));
        else
            ap_rprintf(r, "<tr><td>%d</td><td>%s</td><td>%lu</td>"
                       "<td>%s%s</td><td>%s</td><td>%s</td><td>%"
                       APR_UINT64_T_FMT "</td><td>%d</td><td>%d</td>"
                       "<td>%s</td><td>%s</td></tr>\n",
                       j, pid, m->generation, h(r, pr->state), counters,
                       h(r, started), ms_text(r->pool, pr->uptime_ms),
                       pr->sbv.requests, pr->sbv.busy, idle,
                       in_flight_text(r, pr), h(r, last));
    }
    if (!notable)
        ap_rputs("</table>\n", r);
}

static void html_body(request_rec *r, const st_model *m, const char *hx,
                      int notable)
{
    ap_rprintf(r, "<p>Configuration generation %lu; %d group(s), %d "
               "process(es) running; %d thread(s) busy, %d idle; %"
               APR_UINT64_T_FMT " requests taken by the current "
               "processes</p>\n", m->generation, m->ngroups, m->running,
               m->busy, m->idle, m->requests);
    for (int i = 0; i < m->ngroups; i++)
        html_group(r, m, &m->groups[i], hx, notable);
}

/* ---- JSON -------------------------------------------------------------- */

/* s as a JSON string: valid UTF-8 passes (except what must be escaped,
 * and <, >, & as \u escapes so the text is inert in HTML too); a byte that
 * is not part of valid UTF-8 becomes U+FFFD. */
static const char *json_str(apr_pool_t *p, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)u);
    char *out = apr_palloc(p, n * 6 + 3), *o = out;

    *o++ = '"';
    for (size_t i = 0; i < n; ) {
        unsigned c = u[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3
                   : (c >> 3) == 0x1e ? 4 : 0;
        int ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; k++)
            ok = (u[i + k] & 0xc0) == 0x80;
        if (ok && len == 2)
            ok = c >= 0xc2;                      /* no overlong forms */
        if (ok && len == 3)
            ok = (c != 0xe0 || u[i + 1] >= 0xa0)
                 && (c != 0xed || u[i + 1] < 0xa0); /* no surrogates */
        if (ok && len == 4)
            ok = c <= 0xf4 && (c != 0xf0 || u[i + 1] >= 0x90)
                 && (c != 0xf4 || u[i + 1] < 0x90);
        if (!ok) {
            memcpy(o, "\\ufffd", 6);
            o += 6;
            i++;
            continue;
        }
        if (len > 1) {
            memcpy(o, u + i, len);
            o += len;
            i += len;
            continue;
        }
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        }
        else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) {
            apr_snprintf(o, 7, "\\u%04x", c);
            o += 6;
        }
        else
            *o++ = (char)c;
        i++;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

static void json_body(request_rec *r, const st_model *m)
{
    apr_pool_t *p = r->pool;

    ap_rprintf(r, "{\"generation\": %lu, \"busy\": %d, \"idle\": %d, "
               "\"requests\": %" APR_UINT64_T_FMT ", \"groups\": [",
               m->generation, m->busy, m->idle, m->requests);
    for (int i = 0; i < m->ngroups; i++) {
        const st_group *sg = &m->groups[i];
        const gw_group *g = sg->g;
        ap_rprintf(r, "%s\n {\"name\": %s, \"user\": %s, \"uid\": %ld, "
                   "\"processes\": %d, \"threads\": %d, \"busy\": %d, "
                   "\"idle\": %d, \"requests\": %" APR_UINT64_T_FMT ", "
                   "\"slots\": [", i ? "," : "", json_str(p, g->name),
                   json_str(p, user_of(g)), (long)g->uid, g->processes,
                   g->threads, sg->busy, sg->idle, sg->requests);
        for (int j = 0; j < g->processes; j++) {
            const st_proc *pr = &sg->procs[j];
            int idle = pr->uptime_ms >= 0 ? pr->sbv.threads - pr->sbv.busy
                                          : 0;
            ap_rprintf(r, "%s\n  {\"slot\": %d, \"pid\": %s, "
                       "\"generation\": %lu, \"state\": %s, \"started\": %s, "
                       "\"uptime_ms\": %s, \"requests\": %" APR_UINT64_T_FMT
                       ", \"busy\": %d, \"idle\": %d, \"in_flight\": [",
                       j ? "," : "", j, pr->info.pid > 0
                       ? apr_psprintf(p, "%ld", (long)pr->info.pid) : "null",
                       m->generation, json_str(p, pr->state),
                       pr->info.pid > 0 ? apr_psprintf(p, "%" APR_INT64_T_FMT,
                           (apr_int64_t)apr_time_sec(pr->info.started))
                       : "null", pr->uptime_ms >= 0
                       ? apr_psprintf(p, "%" APR_INT64_T_FMT, pr->uptime_ms)
                       : "null", pr->sbv.requests, pr->sbv.busy, idle);
            for (int k = 0; k < pr->sbv.busy; k++)
                ap_rprintf(r, "%s{\"thread\": %d, \"age_ms\": %"
                           APR_INT64_T_FMT "}", k ? ", " : "",
                           pr->sbv.busy_thread[k], pr->sbv.age_ms[k]);
            ap_rprintf(r, "], \"rss_bytes\": %s", pr->rss_bytes >= 0
                       ? apr_psprintf(p, "%" APR_INT64_T_FMT, pr->rss_bytes)
                       : "null");
            ap_rputs(", \"ended\": {", r);
            for (int c = 0, n = 0; c < GW_ENDED_N; c++)
                if (pr->info.ended[c])
                    ap_rprintf(r, "%s\"%s\": %u", n++ ? ", " : "",
                               gw_ended_names[c], pr->info.ended[c]);
            ap_rputs("}", r);
            ap_rprintf(r, ", \"oldest_age_ms\": %s, \"last_exit\": %s, "
                       "\"early_deaths\": %d, \"counters\": %s, "
                       "\"rejected\": %d}", pr->sbv.oldest_ms >= 0
                       ? apr_psprintf(p, "%" APR_INT64_T_FMT,
                                      pr->sbv.oldest_ms) : "null",
                       pr->info.last_exit[0]
                       ? json_str(p, pr->info.last_exit) : "null",
                       pr->info.early_deaths,
                       !pr->sbv.present ? "\"none\""
                       : pr->sbv.rejected ? "\"garbage\"" : "\"ok\"",
                       pr->sbv.rejected);
        }
        ap_rputs("]}", r);
    }
    ap_rputs("\n]}\n", r);
}

/* ---- mod_status ?auto ------------------------------------------------ */

/* A group name on one plain-text line: printable ASCII only. */
static const char *plain(apr_pool_t *p, const char *s)
{
    char *o = apr_pstrdup(p, s ? s : "");
    for (char *c = o; *c; c++)
        if (!apr_isprint(*c) || (unsigned char)*c >= 0x80)
            *c = '?';
    return o;
}

static void auto_body(request_rec *r, const st_model *m)
{
    ap_rprintf(r, "GatewayGeneration: %lu\nGatewayGroups: %d\n"
               "GatewayProcesses: %d\nGatewayBusyThreads: %d\n"
               "GatewayIdleThreads: %d\nGatewayRequests: %" APR_UINT64_T_FMT
               "\n", m->generation, m->ngroups, m->running, m->busy,
               m->idle, m->requests);
    for (int i = 0; i < m->ngroups; i++) {
        const st_group *sg = &m->groups[i];
        ap_rprintf(r, "GatewayGroup: %s processes=%d threads=%d busy=%d "
                   "idle=%d requests=%" APR_UINT64_T_FMT "\n",
                   plain(r->pool, sg->g->name), sg->g->processes,
                   sg->g->threads, sg->busy, sg->idle, sg->requests);
    }
}

/* ---- ?format=openmetrics (Prometheus) -------------------------------- */

/* A label value: backslash, double quote and newline escaped, as the
 * OpenMetrics text format asks. */
static const char *om_label(apr_pool_t *p, const char *s)
{
    char *o = apr_palloc(p, 2 * strlen(s) + 1), *q = o;
    for (; *s; s++) {
        if (*s == '\\' || *s == '"' || *s == '\n')
            *q++ = '\\';
        *q++ = *s == '\n' ? 'n' : *s;
    }
    *q = '\0';
    return o;
}

static void om_head(request_rec *r, const char *name, const char *type,
                    const char *help)
{
    ap_rprintf(r, "# TYPE %s %s\n# HELP %s %s\n", name, type, name, help);
}

/* One sample per running process slot of every group; `what` picks the
 * value.  Slots without a process are left out (no sample, not 0). */
typedef enum {
    OM_REQUESTS, OM_BUSY, OM_IDLE, OM_START, OM_OLDEST, OM_RSS
} om_what;

static void om_slots(request_rec *r, const st_model *m, const char *name,
                     om_what what)
{
    for (int i = 0; i < m->ngroups; i++) {
        const st_group *sg = &m->groups[i];
        const char *g = om_label(r->pool, sg->g->name);
        for (int j = 0; j < sg->g->processes; j++) {
            const st_proc *pr = &sg->procs[j];
            if (pr->uptime_ms < 0 || (what == OM_RSS && pr->rss_bytes < 0))
                continue;
            ap_rprintf(r, "%s{group=\"%s\",slot=\"%d\"} ", name, g, j);
            switch (what) {
            case OM_REQUESTS:
                ap_rprintf(r, "%" APR_UINT64_T_FMT "\n", pr->sbv.requests);
                break;
            case OM_BUSY:
                ap_rprintf(r, "%d\n", pr->sbv.busy);
                break;
            case OM_IDLE:
                ap_rprintf(r, "%d\n", pr->sbv.threads - pr->sbv.busy);
                break;
            case OM_START:
                ap_rprintf(r, "%" APR_INT64_T_FMT ".%03d\n",
                           (apr_int64_t)apr_time_sec(pr->info.started),
                           (int)(apr_time_msec(pr->info.started) % 1000));
                break;
            case OM_OLDEST:
                ap_rprintf(r, "%" APR_INT64_T_FMT ".%03d\n",
                           pr->sbv.oldest_ms > 0 ? pr->sbv.oldest_ms / 1000
                                                 : 0,
                           (int)(pr->sbv.oldest_ms > 0
                                 ? pr->sbv.oldest_ms % 1000 : 0));
                break;
            case OM_RSS:
                ap_rprintf(r, "%" APR_INT64_T_FMT "\n", pr->rss_bytes);
                break;
            }
        }
    }
}

/* Per group: configured processes and threads, and each slot's state
 * as a 0/1 set and its early deaths. */
static void om_groups(request_rec *r, const st_model *m)
{
    static const char *const states[] = {
        "running", "starting", "stuck", "back-off", "not started", NULL
    };

    for (int t = 0; t < 2; t++) {
        const char *name = t ? "gateway_group_threads"
                             : "gateway_group_processes";
        om_head(r, name, "gauge", t
                ? "Worker threads of each process of the group (threads=)."
                : "Daemon processes the group is configured with "
                  "(processes=).");
        for (int i = 0; i < m->ngroups; i++)
            ap_rprintf(r, "%s{group=\"%s\"} %d\n", name,
                       om_label(r->pool, m->groups[i].g->name),
                       t ? m->groups[i].g->threads
                         : m->groups[i].g->processes);
    }
    om_head(r, "gateway_process_state", "stateset",
            "What the supervisor knows of each process slot.");
    for (int i = 0; i < m->ngroups; i++) {
        const st_group *sg = &m->groups[i];
        const char *g = om_label(r->pool, sg->g->name);
        for (int j = 0; j < sg->g->processes; j++)
            for (int k = 0; states[k]; k++)
                ap_rprintf(r, "gateway_process_state{group=\"%s\",slot="
                           "\"%d\",gateway_process_state=\"%s\"} %d\n",
                           g, j, states[k],
                           !strcmp(sg->procs[j].state, states[k]));
    }
    om_head(r, "gateway_restarts", "counter",
            "Processes of the slot that ended, by cause (the supervisor's "
            "count, this configuration generation).");
    for (int i = 0; i < m->ngroups; i++) {
        const st_group *sg = &m->groups[i];
        const char *g = om_label(r->pool, sg->g->name);
        for (int j = 0; j < sg->g->processes; j++)
            for (int c = 0; c < GW_ENDED_N; c++)
                ap_rprintf(r, "gateway_restarts_total{group=\"%s\",slot="
                           "\"%d\",cause=\"%s\"} %u\n", g, j,
                           gw_ended_names[c], sg->procs[j].info.ended[c]);
    }
    om_head(r, "gateway_process_early_deaths", "gauge",
            "Deaths in a row within 5 s of start (the back-off's count).");
    for (int i = 0; i < m->ngroups; i++)
        for (int j = 0; j < m->groups[i].g->processes; j++)
            ap_rprintf(r, "gateway_process_early_deaths{group=\"%s\","
                       "slot=\"%d\"} %d\n",
                       om_label(r->pool, m->groups[i].g->name), j,
                       m->groups[i].procs[j].info.early_deaths);
}

/* The Apache children's own counts per group (gw_tally.h): responses by
 * status class and two histograms, in seconds. */
static void om_seconds(request_rec *r, apr_uint64_t us)
{
    ap_rprintf(r, "%" APR_UINT64_T_FMT ".%06" APR_UINT64_T_FMT "\n",
               us / 1000000, us % 1000000);
}

static void om_histogram(request_rec *r, const char *name, const char *g,
                         const gw_tally_histogram *h)
{
    apr_uint64_t sum = 0;

    for (int b = 0; b <= GW_TALLY_BUCKETS; b++) {
        sum += h->count[b];
        if (b < GW_TALLY_BUCKETS)
            ap_rprintf(r, "%s_bucket{group=\"%s\",le=\"%s\"} %"
                       APR_UINT64_T_FMT "\n", name, g,
                       gw_tally_le_text[b], sum);
        else
            ap_rprintf(r, "%s_bucket{group=\"%s\",le=\"+Inf\"} %"
                       APR_UINT64_T_FMT "\n", name, g, sum);
    }
    ap_rprintf(r, "%s_count{group=\"%s\"} %" APR_UINT64_T_FMT "\n", name,
               g, sum);
    ap_rprintf(r, "%s_sum{group=\"%s\"} ", name, g);
    om_seconds(r, h->sum_us);
}

static void om_tallies(request_rec *r, const st_model *m)
{
    gw_tally *t = apr_palloc(r->pool, sizeof(*t) * (apr_size_t)
                             (m->ngroups > 0 ? m->ngroups : 1));

    for (int i = 0; i < m->ngroups; i++)
        gw_tally_read(m->groups[i].g, &t[i]);
    om_head(r, "gateway_responses", "counter",
            "Responses to the group's requests by status class, as "
            "Apache sent them (this configuration generation).");
    for (int i = 0; i < m->ngroups; i++)
        for (int c = 0; c < 5; c++)
            ap_rprintf(r, "gateway_responses_total{group=\"%s\",code=\"%dxx"
                       "\"} %" APR_UINT64_T_FMT "\n",
                       om_label(r->pool, m->groups[i].g->name), c + 1,
                       t[i].by_class[c]);
    om_head(r, "gateway_queue_length", "gauge",
            "Requests handed to the group that no process has taken yet.");
    for (int i = 0; i < m->ngroups; i++)
        ap_rprintf(r, "gateway_queue_length{group=\"%s\"} %"
                   APR_UINT64_T_FMT "\n",
                   om_label(r->pool, m->groups[i].g->name), t[i].waiting);
    om_head(r, "gateway_request_duration_seconds", "histogram",
            "From the request's arrival to its log line.");
    for (int i = 0; i < m->ngroups; i++)
        om_histogram(r, "gateway_request_duration_seconds",
                     om_label(r->pool, m->groups[i].g->name),
                     &t[i].duration);
    om_head(r, "gateway_queue_seconds", "histogram",
            "From the hand-over to the group until a process took the "
            "request (its START).");
    for (int i = 0; i < m->ngroups; i++)
        om_histogram(r, "gateway_queue_seconds",
                     om_label(r->pool, m->groups[i].g->name), &t[i].queue);
}

static void openmetrics_body(request_rec *r, const st_model *m)
{
    om_head(r, "gateway_generation", "gauge",
            "Apache's configuration generation (graceful restarts).");
    ap_rprintf(r, "gateway_generation %lu\n", m->generation);
    om_groups(r, m);
    om_head(r, "gateway_process_requests", "counter",
            "Requests the process has taken since it started (its own "
            "count, checked by Apache).");
    om_slots(r, m, "gateway_process_requests_total", OM_REQUESTS);
    om_head(r, "gateway_process_busy_threads", "gauge",
            "Worker threads running a request now.");
    om_slots(r, m, "gateway_process_busy_threads", OM_BUSY);
    om_head(r, "gateway_process_idle_threads", "gauge",
            "Worker threads waiting for a request.");
    om_slots(r, m, "gateway_process_idle_threads", OM_IDLE);
    om_head(r, "gateway_process_start_time_seconds", "gauge",
            "When the process started (Unix time).");
    om_slots(r, m, "gateway_process_start_time_seconds", OM_START);
    om_head(r, "gateway_process_oldest_request_seconds", "gauge",
            "Age of the oldest request the process is running (0: idle).");
    om_slots(r, m, "gateway_process_oldest_request_seconds", OM_OLDEST);
    om_head(r, "gateway_process_resident_memory_bytes", "gauge",
            "The process's resident set size (from /proc).");
    om_slots(r, m, "gateway_process_resident_memory_bytes", OM_RSS);
    om_tallies(r, m);
    ap_rputs("# EOF\n", r);
}

/* ---- hooks ----------------------------------------------------------- */

typedef enum { FMT_HTML, FMT_JSON, FMT_OPENMETRICS } st_format;

/* ?json (or json=...) or ?format=json|openmetrics; anything else: HTML. */
static st_format wanted_format(const request_rec *r)
{
    const char *a = r->args;

    while (a && *a) {
        size_t n = strcspn(a, "&;");
        if ((n == 4 && !strncmp(a, "json", 4))
            || (n > 4 && !strncmp(a, "json=", 5))
            || (n == 11 && !strncmp(a, "format=json", 11)))
            return FMT_JSON;
        if (n == 18 && !strncmp(a, "format=openmetrics", 18))
            return FMT_OPENMETRICS;
        a += n;
        if (*a)
            a++;
    }
    return FMT_HTML;
}

static const char *const format_types[] = {
    "text/html; charset=utf-8", "application/json",
    "application/openmetrics-text; version=1.0.0; charset=utf-8"
};

static int gw_status_handler(request_rec *r)
{
    st_model m;

    if (!r->handler || strcmp(r->handler, GW_STATUS_HANDLER))
        return DECLINED;
    r->allowed = (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET)
        return HTTP_METHOD_NOT_ALLOWED;
    st_format fmt = wanted_format(r);
    ap_set_content_type(r, format_types[fmt]);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    if (r->header_only)
        return OK;
    model_build(r, &m);
    if (fmt == FMT_JSON) {
        json_body(r, &m);
        return OK;
    }
    if (fmt == FMT_OPENMETRICS) {
        openmetrics_body(r, &m);
        return OK;
    }
    ap_rputs(DOCTYPE_HTML_4_01 "<html><head><meta http-equiv=\"Content-Type\" "
             "content=\"text/html; charset=utf-8\">\n<title>mod_gateway "
             "status</title></head><body>\n<h1>mod_gateway status</h1>\n",
             r);
    html_body(r, &m, "h2", 0);
    ap_rputs("</body></html>\n", r);
    return OK;
}

static int gw_status_hook(request_rec *r, int flags)
{
    st_model m;

    model_build(r, &m);
    if (flags & AP_STATUS_SHORT) {
        auto_body(r, &m);
        return OK;
    }
    ap_rputs("<hr />\n<h2>mod_gateway</h2>\n", r);
    html_body(r, &m, "h3", (flags & AP_STATUS_NOTABLE) != 0);
    return OK;
}

void gw_status_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_hook_handler(gw_status_handler, NULL, NULL, APR_HOOK_MIDDLE);
    APR_OPTIONAL_HOOK(ap, status_hook, gw_status_hook, NULL, NULL,
                      APR_HOOK_MIDDLE);
}
