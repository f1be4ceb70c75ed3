/*
 * gw_ctl_print.c - gateway-ctl's output: the server's records as a table
 * for people or as JSON for scripts (see gw_ctl.h).
 */
#include "gw_ctl.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Keys whose values are text; every other value is a whole number. */
static int text_key(const char *key)
{
    static const char *const text[] = {
        "name", "user", "control", "state", "last_exit", "group", "action",
        "reason", "source", "file", NULL
    };
    for (int i = 0; text[i]; i++)
        if (!strcmp(text[i], key))
            return 1;
    return 0;
}

/* ---- JSON ------------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3
             : (c >> 3) == 0x1e ? 4 : 0;

    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    if ((n == 2 && c < 0xc2) || (n == 3 && c == 0xe0 && s[1] < 0xa0)
        || (n == 3 && c == 0xed && s[1] >= 0xa0) || (n == 4 && c > 0xf4)
        || (n == 4 && c == 0xf0 && s[1] < 0x90)
        || (n == 4 && c == 0xf4 && s[1] >= 0x90))
        return 0;                   /* overlong, surrogate, beyond U+10FFFF */
    return n;
}

/* s as a JSON string; a byte that is not valid UTF-8 becomes U+FFFD. */
static void json_str(FILE *out, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;

    fputc('"', out);
    while (*u) {
        size_t n = utf8_len(u);
        if (n == 0) {
            fputs("\\ufffd", out);
            u++;
        }
        else if (n > 1) {
            fwrite(u, 1, n, out);
            u += n;
        }
        else {
            if (*u == '"' || *u == '\\')
                fprintf(out, "\\%c", *u);
            else if (*u < 0x20 || *u == 0x7f)
                fprintf(out, "\\u%04x", *u);
            else
                fputc(*u, out);
            u++;
        }
    }
    fputc('"', out);
}

/* A number as the server wrote it: digits, a leading minus at most. */
static int number_ok(const char *v)
{
    size_t i = v[0] == '-' ? 1 : 0;
    if (!v[i] || strlen(v) > 20)
        return 0;
    for (; v[i]; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    return 1;
}

/* The fields of r as the members of a JSON object, but skip. */
static void json_fields(FILE *out, const gw_ctl_record *r, const char *skip)
{
    int first = 1;

    for (int i = 0; i < r->n; i++) {
        if (skip && !strcmp(r->key[i], skip))
            continue;
        fprintf(out, "%s\"%s\": ", first ? "" : ", ", r->key[i]);
        first = 0;
        const char *v = gw_ctl_val(r, r->key[i]);
        if (!v)
            fputs("null", out);
        else if (text_key(r->key[i]) || !number_ok(v))
            json_str(out, v);
        else
            fputs(v, out);
    }
}

/* "name": [{...}, ...] of the records of kind in rec[from, to), their
 * "group" left out. */
static void json_list(FILE *out, const gw_ctl_reply *rp, int from, int to,
                      const char *kind, const char *name)
{
    int n = 0;

    fprintf(out, "\"%s\": [", name);
    for (int i = from; i < to; i++)
        if (!strcmp(rp->rec[i].kind, kind)) {
            fprintf(out, "%s\n  {", n++ ? "," : "");
            json_fields(out, &rp->rec[i], "group");
            fputs("}", out);
        }
    fputs("]", out);
}

/* {"groups": [{...group..., "slots": [{...process...}], "workers":
 * [{...worker...}]}]}: the status page's names for the group and its
 * slots. */
static void status_json(FILE *out, const gw_ctl_reply *rp)
{
    int groups = 0;
    const char *more = NULL;

    fputs("{\"groups\": [", out);
    for (int i = 1; i < rp->n; i++) {
        const gw_ctl_record *r = &rp->rec[i];
        if (!strcmp(r->kind, "more"))
            more = gw_ctl_val(r, "workers");
        if (strcmp(r->kind, "group"))
            continue;
        int end = i + 1;
        while (end < rp->n && strcmp(rp->rec[end].kind, "group"))
            end++;
        fprintf(out, "%s\n {", groups++ ? "," : "");
        json_fields(out, r, NULL);
        fputs(", ", out);
        json_list(out, rp, i + 1, end, "process", "slots");
        fputs(", ", out);
        json_list(out, rp, i + 1, end, "worker", "workers");
        fputs("}", out);
    }
    fputs(groups ? "\n]" : "]", out);
    if (more && number_ok(more))
        fprintf(out, ", \"more_workers\": %s", more);
    fputs("}\n", out);
}

/* ---- tables ----------------------------------------------------------- */

static const char *or_dash(const char *v)
{
    return v ? v : "-";
}

static void uptime_text(char *buf, size_t cap, const char *ms)
{
    if (!ms) {
        snprintf(buf, cap, "-");
        return;
    }
    long long s = atoll(ms) / 1000;
    if (s < 60)
        snprintf(buf, cap, "%llds", s);
    else if (s < 3600)
        snprintf(buf, cap, "%lldm%02llds", s / 60, s % 60);
    else if (s < 86400)
        snprintf(buf, cap, "%lldh%02lldm", s / 3600, s / 60 % 60);
    else
        snprintf(buf, cap, "%lldd%02lldh", s / 86400, s / 3600 % 24);
}

static void bytes_text(char *buf, size_t cap, const char *bytes)
{
    if (!bytes) {
        snprintf(buf, cap, "-");
        return;
    }
    double b = (double)atoll(bytes);
    if (b < 1024 * 1024)
        snprintf(buf, cap, "%.0fK", b / 1024);
    else if (b < 1024.0 * 1024 * 1024)
        snprintf(buf, cap, "%.1fM", b / (1024 * 1024));
    else
        snprintf(buf, cap, "%.2fG", b / (1024.0 * 1024 * 1024));
}

static void started_text(char *buf, size_t cap, const char *unix_s)
{
    struct tm tm;
    time_t t = unix_s ? (time_t)atoll(unix_s) : 0;

    if (!unix_s || !localtime_r(&t, &tm)
        || !strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm))
        snprintf(buf, cap, "-");
}

static void group_line(FILE *out, const gw_ctl_record *r)
{
    fprintf(out, "group %s: user %s, %s process(es) x %s thread(s), "
            "control-group %s; %s busy, %s idle, %s request(s)\n",
            or_dash(gw_ctl_val(r, "name")), or_dash(gw_ctl_val(r, "user")),
            or_dash(gw_ctl_val(r, "processes")),
            or_dash(gw_ctl_val(r, "threads")),
            gw_ctl_val(r, "control") ? gw_ctl_val(r, "control")
                                     : "(none: root only)",
            or_dash(gw_ctl_val(r, "busy")), or_dash(gw_ctl_val(r, "idle")),
            or_dash(gw_ctl_val(r, "requests")));
    fprintf(out, "  %-4s %-8s %-11s %-19s %-8s %8s %-7s %7s  %s\n", "SLOT",
            "PID", "STATE", "STARTED", "UPTIME", "REQUESTS", "BUSY", "RSS",
            "LAST EXIT");
}

static void process_line(FILE *out, const gw_ctl_record *r, int threads)
{
    char up[32], rss[32], started[32], busy[32];
    const char *b = gw_ctl_val(r, "busy"), *age = gw_ctl_val(r, "oldest_ms");

    uptime_text(up, sizeof(up), gw_ctl_val(r, "uptime_ms"));
    bytes_text(rss, sizeof(rss), gw_ctl_val(r, "rss_bytes"));
    started_text(started, sizeof(started), gw_ctl_val(r, "started"));
    if (b)
        snprintf(busy, sizeof(busy), "%s/%d", b, threads);
    else
        snprintf(busy, sizeof(busy), "-");
    fprintf(out, "  %-4s %-8s %-11s %-19s %-8s %8s %-7s %7s  %s",
            or_dash(gw_ctl_val(r, "slot")), or_dash(gw_ctl_val(r, "pid")),
            or_dash(gw_ctl_val(r, "state")), started, up,
            or_dash(gw_ctl_val(r, "requests")), busy, rss,
            or_dash(gw_ctl_val(r, "last_exit")));
    if (age)
        fprintf(out, " (oldest request in flight: %.1f s)",
                (double)atoll(age) / 1000);
    fputc('\n', out);
}

/* One attached daemon's line, the header before the group's first. */
static void worker_line(FILE *out, const gw_ctl_record *r, int first)
{
    char started[32];

    if (first)
        fprintf(out, "  %-20s %-8s %-11s %-19s %8s  %s\n", "WORKER", "PID",
                "STATE", "STARTED", "RESTARTS", "LAST EXIT");
    started_text(started, sizeof(started), gw_ctl_val(r, "started"));
    fprintf(out, "  %-20s %-8s %-11s %-19s %8s  %s\n",
            or_dash(gw_ctl_val(r, "name")), or_dash(gw_ctl_val(r, "pid")),
            or_dash(gw_ctl_val(r, "state")), started,
            or_dash(gw_ctl_val(r, "restarts")),
            or_dash(gw_ctl_val(r, "last_exit")));
}

void gw_ctl_print_status(FILE *out, const gw_ctl_reply *rp, int json)
{
    int threads = 0, groups = 0, workers = 0;

    if (json) {
        status_json(out, rp);
        return;
    }
    for (int i = 1; i < rp->n; i++) {
        const gw_ctl_record *r = &rp->rec[i];
        if (!strcmp(r->kind, "group")) {
            const char *t = gw_ctl_val(r, "threads");
            threads = t ? atoi(t) : 0;
            workers = 0;
            fputs(groups++ ? "\n" : "", out);
            group_line(out, r);
        }
        else if (!strcmp(r->kind, "process"))
            process_line(out, r, threads);
        else if (!strcmp(r->kind, "worker"))
            worker_line(out, r, !workers++);
        else if (!strcmp(r->kind, "more"))
            fprintf(out, "(%s more attached daemons, not shown)\n",
                    or_dash(gw_ctl_val(r, "workers")));
    }
}

/* ---- the worker commands ---------------------------------------------- */

static void workers_json(FILE *out, const gw_ctl_reply *rp)
{
    fputs("{", out);
    for (int i = 1; i < rp->n; i++)
        if (!strcmp(rp->rec[i].kind, "reload")) {
            fputs("\"reload\": {", out);
            json_fields(out, &rp->rec[i], NULL);
            fputs("}, ", out);
        }
    json_list(out, rp, 1, rp->n, "worker", "workers");
    fputs("}\n", out);
}

void gw_ctl_print_workers(FILE *out, const gw_ctl_reply *rp, int json)
{
    if (json) {
        workers_json(out, rp);
        return;
    }
    for (int i = 1; i < rp->n; i++) {
        const gw_ctl_record *r = &rp->rec[i];
        const char *reason = gw_ctl_val(r, "reason");
        if (!strcmp(r->kind, "reload"))
            fprintf(out, "group %s: worker-file %s read: %s entries, %s new, "
                    "%s removed, %s changed\n",
                    or_dash(gw_ctl_val(r, "group")),
                    or_dash(gw_ctl_val(r, "file")),
                    or_dash(gw_ctl_val(r, "entries")),
                    or_dash(gw_ctl_val(r, "new")),
                    or_dash(gw_ctl_val(r, "removed")),
                    or_dash(gw_ctl_val(r, "changed")));
        else if (!strcmp(r->kind, "worker"))
            fprintf(out, "group %s worker %s (pid %s): %s%s%s\n",
                    or_dash(gw_ctl_val(r, "group")),
                    or_dash(gw_ctl_val(r, "name")),
                    or_dash(gw_ctl_val(r, "pid")),
                    or_dash(gw_ctl_val(r, "action")), reason ? ": " : "",
                    reason ? reason : "");
    }
}

void gw_ctl_print_restart(FILE *out, const gw_ctl_reply *rp, int json)
{
    if (json) {
        fputs("{\"processes\": [", out);
        for (int i = 1; i < rp->n; i++) {
            fprintf(out, "%s\n {", i > 1 ? "," : "");
            json_fields(out, &rp->rec[i], NULL);
            fputs("}", out);
        }
        fputs("\n]}\n", out);
        return;
    }
    for (int i = 1; i < rp->n; i++) {
        const gw_ctl_record *r = &rp->rec[i];
        const char *action = or_dash(gw_ctl_val(r, "action"));
        const char *reason = gw_ctl_val(r, "reason");
        fprintf(out, "group %s slot %s: pid %s ",
                or_dash(gw_ctl_val(r, "group")),
                or_dash(gw_ctl_val(r, "slot")), or_dash(gw_ctl_val(r, "pid")));
        if (!strcmp(action, "signalled"))
            fputs("finishes its requests, then a new process starts\n", out);
        else if (!strcmp(action, "deferred"))
            fprintf(out, "is %s\n", or_dash(reason));
        else
            fprintf(out, "not restarted: %s\n", or_dash(reason));
    }
}

void gw_ctl_print_line(FILE *out, const gw_ctl_record *r, int json)
{
    const char *text = gw_ctl_record_get(r, "text");

    if (strcmp(r->kind, "line") || !text)
        return;
    if (json) {
        fputs("{\"line\": ", out);
        json_str(out, text);
        fprintf(out, ", \"cut\": %s}\n", gw_ctl_val(r, "cut") ? "true"
                                                             : "false");
        return;
    }
    fprintf(out, "%s%s\n", text, gw_ctl_val(r, "cut") ? " [...]" : "");
}
