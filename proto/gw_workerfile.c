/*
 * gw_workerfile.c - the worker file's parser (see gw_workerfile.h for
 * the grammar).  Runs in the Apache parent, as root, on a file the
 * developer writes: everything is bounded up front (size, line length,
 * entries, words), each byte is looked at once, and the first thing that
 * is not exactly the grammar refuses the whole file, naming its line.
 */
#include "gw_workerfile.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One id per kind of refusal (docs/errors.md). */
static const char ID_TEXT[]    = "GW00131";  /* size, bytes, line length */
static const char ID_SYNTAX[]  = "GW00132";  /* names, words, quotes */
static const char ID_SETTING[] = "GW00133";  /* key=value settings */
static const char ID_ENTRY[]   = "GW00134";  /* commands, names, count */
static const char ID_AFTER[]   = "GW00135";  /* after= */

static const struct { const char *name; int sig; } wf_signals[] = {
    { "TERM", SIGTERM }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
    { "HUP", SIGHUP }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
    { NULL, 0 }
};

/* The name the grammar takes for sig ("TERM"). */
static const char *signal_name(int sig)
{
    for (int i = 0; wf_signals[i].name; i++)
        if (wf_signals[i].sig == sig)
            return wf_signals[i].name;
    return "?";
}

typedef struct {
    char *text;
    int quoted;
} wf_word;

typedef struct {
    gw_wf_error *err;
    gw_wf_entry *list;       /* GW_WF_MAX_ENTRIES, in file order */
    size_t n;
    unsigned line;
    wf_word words[GW_WF_MAX_WORDS];
    size_t nwords;
} wf_parser;

static int fail(wf_parser *p, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(wf_parser *p, const char *id, const char *fmt, ...)
{
    va_list ap;

    p->err->line = p->line;
    p->err->id = id;
    va_start(ap, fmt);
    vsnprintf(p->err->text, sizeof(p->err->text), fmt, ap);
    va_end(ap);
    return -1;
}

/* A word of the file for a message: at most 60 bytes, anything but
 * printable ASCII as \xHH (the message goes to a log and a terminal). */
static const char *shown(const char *s, char *buf, size_t size)
{
    size_t o = 0;

    for (; *s && o + 5 < size && o < 60; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f && c != '\\')
            buf[o++] = (char)c;
        else
            o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
    }
    if (*s && o + 4 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

static int valid_name(const char *n, size_t len)
{
    if (len == 0 || len > GW_WF_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = n[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

/* What an unquoted word may hold: nothing a shell would treat
 * specially, so a line never means something else to the reader who
 * takes it for a shell command. */
static int safe_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c >= 0x80
           || (c && strchr("-_./:=,+@%^!", c));
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* ---- words --------------------------------------------------------------- */

static int oom(wf_parser *p)
{
    return fail(p, ID_TEXT, "out of memory");
}

/* A quoted word at s[*i] (the quote); the text without its quotes. */
static int quoted_word(wf_parser *p, const char *s, size_t n, size_t *i,
                       char **out)
{
    char q = s[*i];
    char *buf = malloc(n + 1);
    size_t o = 0, j = *i + 1;

    if (!buf)
        return oom(p);
    for (; j < n && s[j] != q; j++) {
        char c = s[j];
        if (q == '"' && c == '\\' && j + 1 < n
            && strchr("\"\\$`", s[j + 1])) {
            buf[o++] = s[++j];
            continue;
        }
        if (q == '"' && (c == '$' || c == '`')) {
            free(buf);
            return fail(p, ID_SYNTAX, "'%c' in double quotes: nothing is "
                        "expanded here (no shell); write \\%c, or use "
                        "single quotes, for the character itself", c, c);
        }
        buf[o++] = c;
    }
    if (j >= n) {
        free(buf);
        return fail(p, ID_SYNTAX, "a %s quote is not closed on this line "
                    "(a word cannot span lines)",
                    q == '"' ? "double" : "single");
    }
    if (j + 1 < n && s[j + 1] != ' ' && s[j + 1] != '\t') {
        free(buf);
        return fail(p, ID_SYNTAX, "a closing quote must end its word: "
                    "quote whole words ('a b'), not parts of one");
    }
    buf[o] = '\0';
    *i = j + 1;
    *out = buf;
    return 0;
}

static int plain_word(wf_parser *p, const char *s, size_t n, size_t *i,
                      char **out)
{
    size_t j = *i;
    char b[80];

    for (; j < n && s[j] != ' ' && s[j] != '\t'; j++) {
        unsigned char c = (unsigned char)s[j];
        if (safe_char(c))
            continue;
        size_t end = j;
        while (end < n && s[end] != ' ' && s[end] != '\t')
            end++;
        char *w = dup_n(s + *i, end - *i);
        if (!w)
            return oom(p);
        if (c == '\'' || c == '"')
            fail(p, ID_SYNTAX, "a quote inside the word '%s': quote whole "
                 "words ('a b'), not parts of one", shown(w, b, sizeof(b)));
        else
            fail(p, ID_SYNTAX, "'%c' outside quotes (in '%s'): no shell "
                 "runs this line, so there are no variables, globs, pipes "
                 "or redirections; put the word in single quotes to pass "
                 "it as it is", c, shown(w, b, sizeof(b)));
        free(w);
        return -1;
    }
    if (!(*out = dup_n(s + *i, j - *i)))
        return oom(p);
    *i = j;
    return 0;
}

static void words_free(wf_parser *p)
{
    for (size_t i = 0; i < p->nwords; i++)
        free(p->words[i].text);
    p->nwords = 0;
}

/* Splits the line into p->words. */
static int split(wf_parser *p, const char *s, size_t n)
{
    size_t i = 0;

    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            return 0;
        if (p->nwords >= GW_WF_MAX_WORDS)
            return fail(p, ID_TEXT, "more than %d words on one line",
                        GW_WF_MAX_WORDS);
        wf_word *w = &p->words[p->nwords];
        w->quoted = s[i] == '\'' || s[i] == '"';
        int rc = w->quoted ? quoted_word(p, s, n, &i, &w->text)
                           : plain_word(p, s, n, &i, &w->text);
        if (rc)
            return rc;
        p->nwords++;
    }
}

/* ---- settings ------------------------------------------------------------ */

static int parse_signal(wf_parser *p, const char *key, const char *v,
                        int allow_none, int *out)
{
    const char *n = strncasecmp(v, "SIG", 3) ? v : v + 3;
    char b[80];

    if (allow_none && !strcasecmp(v, "none")) {
        *out = 0;
        return 0;
    }
    for (int i = 0; wf_signals[i].name; i++)
        if (!strcasecmp(n, wf_signals[i].name)) {
            *out = wf_signals[i].sig;
            return 0;
        }
    return fail(p, ID_SETTING, "%s=%s is not a signal the runner passes "
                "on: use TERM, INT, QUIT, HUP, USR1 or USR2%s", key,
                shown(v, b, sizeof(b)), allow_none ? " (or none)" : "");
}

static int parse_seconds(wf_parser *p, const char *key, const char *v,
                         int max, int *out)
{
    long n = 0;
    char b[80];
    size_t i = 0;

    for (; v[i] >= '0' && v[i] <= '9' && n <= max; i++)
        n = n * 10 + (v[i] - '0');
    if (i == 0 || v[i] || n > max)
        return fail(p, ID_SETTING, "%s=%s is not a whole number of seconds "
                    "from 0 to %d", key, shown(v, b, sizeof(b)), max);
    *out = (int)n;
    return 0;
}

static int parse_after(wf_parser *p, gw_wf_entry *e, const char *v)
{
    size_t count = 1;
    char b[80];

    for (const char *c = v; *c; c++)
        count += *c == ',';
    if (count > GW_WF_MAX_ENTRIES)
        return fail(p, ID_AFTER, "after= names more than %d entries",
                    GW_WF_MAX_ENTRIES);
    free(e->after);
    if (!(e->after = calloc(count + 1, sizeof(char *))))
        return oom(p);
    for (const char *c = v;;) {
        const char *end = strchr(c, ',');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        if (!valid_name(c, len))
            return fail(p, ID_AFTER, "after=%s: each name must be 1 to %d "
                        "letters, digits, '-', '_' or '.', the names "
                        "separated by single commas", shown(v, b, sizeof(b)),
                        GW_WF_NAME_MAX);
        if (!(e->after[e->nafter] = dup_n(c, len)))
            return oom(p);
        e->nafter++;
        for (size_t k = 0; k + 1 < e->nafter; k++)
            if (!strcmp(e->after[k], e->after[e->nafter - 1]))
                return fail(p, ID_AFTER, "after= names '%s' twice",
                            e->after[k]);
        if (!end)
            return 0;
        c = end + 1;
    }
}

/* key=value: which key it is, that it is given once, its value. */
static int setting(wf_parser *p, gw_wf_entry *e, const char *w,
                   unsigned *seen)
{
    static const char *const keys[] = { "stop-signal", "reload-signal",
        "stop-timeout", "restart-delay", "after", NULL };
    const char *eq = strchr(w, '=');
    size_t klen = (size_t)(eq - w);
    const char *v = eq + 1;
    char b[80];
    int k = 0;

    while (keys[k] && (strlen(keys[k]) != klen || strncmp(w, keys[k], klen)))
        k++;
    if (!keys[k]) {
        char *key = dup_n(w, klen);
        if (!key)
            return oom(p);
        fail(p, ID_SETTING, "unknown setting '%s=': use stop-signal=, "
             "reload-signal=, stop-timeout=, restart-delay= or after=",
             shown(key, b, sizeof(b)));
        free(key);
        return -1;
    }
    if (*seen & (1u << k))
        return fail(p, ID_SETTING, "%s= is given twice", keys[k]);
    *seen |= 1u << k;
    switch (k) {
    case 0:
        return parse_signal(p, keys[k], v, 0, &e->stop_signal);
    case 1:
        return parse_signal(p, keys[k], v, 1, &e->reload_signal);
    case 2:
        return parse_seconds(p, keys[k], v, GW_WF_TIMEOUT_MAX,
                             &e->stop_timeout);
    case 3:
        return parse_seconds(p, keys[k], v, GW_WF_DELAY_MAX,
                             &e->restart_delay);
    default:
        return parse_after(p, e, v);
    }
}

/* ---- entries ------------------------------------------------------------- */

static void entry_free(gw_wf_entry *e)
{
    free(e->name);
    for (size_t i = 0; e->after && i < e->nafter; i++)
        free(e->after[i]);
    free(e->after);
    for (size_t i = 0; e->argv && i < e->argc; i++)
        free(e->argv[i]);
    free(e->argv);
    memset(e, 0, sizeof(*e));
}

/* The words of an entry's line: NAME: setting* /command arg*. */
static int entry(wf_parser *p)
{
    wf_word *w = p->words;
    size_t nlen = strlen(w[0].text);
    char b[80];

    if (w[0].quoted || nlen < 2 || w[0].text[nlen - 1] != ':')
        return fail(p, ID_SYNTAX, "'%s' does not start an entry: each line "
                    "is 'NAME: [SETTING=VALUE ...] /absolute/command "
                    "[ARG ...]', or a comment starting with '#'",
                    shown(w[0].text, b, sizeof(b)));
    if (!valid_name(w[0].text, nlen - 1))
        return fail(p, ID_SYNTAX, "the name in '%s' must be 1 to %d letters, "
                    "digits, '-', '_' or '.'", shown(w[0].text, b, sizeof(b)),
                    GW_WF_NAME_MAX);
    for (size_t i = 0; i < p->n; i++)
        if (strlen(p->list[i].name) == nlen - 1
            && !strncmp(p->list[i].name, w[0].text, nlen - 1))
            return fail(p, ID_ENTRY, "the name '%s' is already used on line "
                        "%u; give each entry its own", p->list[i].name,
                        p->list[i].line);
    if (p->n >= GW_WF_MAX_ENTRIES)
        return fail(p, ID_ENTRY, "more than %d entries", GW_WF_MAX_ENTRIES);

    gw_wf_entry *e = &p->list[p->n++];
    memset(e, 0, sizeof(*e));
    e->line = p->line;
    e->stop_signal = SIGTERM;
    e->reload_signal = SIGHUP;
    e->stop_timeout = -1;
    if (!(e->name = dup_n(w[0].text, nlen - 1))
        || !(e->after = calloc(1, sizeof(char *))))
        return oom(p);

    size_t i = 1;
    unsigned seen = 0;
    for (; i < p->nwords && !w[i].quoted && w[i].text[0] != '/'; i++) {
        if (!strchr(w[i].text, '='))
            return fail(p, ID_ENTRY, "'%s' is neither a setting "
                        "(stop-signal=, reload-signal=, stop-timeout=, "
                        "restart-delay=, after=) nor the command's absolute "
                        "path: the command runs without a shell or PATH "
                        "search, e.g. /srv/app/venv/bin/celery",
                        shown(w[i].text, b, sizeof(b)));
        if (setting(p, e, w[i].text, &seen))
            return -1;
    }
    if (i >= p->nwords)
        return fail(p, ID_ENTRY, "entry '%s' has no command: give its "
                    "absolute path and arguments after the settings",
                    e->name);
    if (w[i].text[0] != '/')
        return fail(p, ID_ENTRY, "the command '%s' is not an absolute path: "
                    "it runs without a shell or PATH search",
                    shown(w[i].text, b, sizeof(b)));
    e->argc = p->nwords - i;
    if (!(e->argv = calloc(e->argc + 1, sizeof(char *))))
        return oom(p);
    for (size_t k = 0; k < e->argc; k++) {
        e->argv[k] = w[i + k].text;     /* taken over from the words */
        w[i + k].text = NULL;
    }
    return 0;
}

static int line(wf_parser *p, const char *s, size_t n)
{
    size_t i = 0;

    if (n > GW_WF_MAX_LINE)
        return fail(p, ID_TEXT, "the line is %zu bytes long; at most %d are "
                    "taken", n, GW_WF_MAX_LINE);
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return fail(p, ID_TEXT, "control character 0x%02x in column "
                        "%zu: a worker file is plain text%s", c, k + 1,
                        c == '\r' ? " (a carriage return: save it with "
                        "Unix line ends, LF only)" : "");
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || s[i] == '#')
        return 0;
    int rc = split(p, s + i, n - i);
    if (!rc)
        rc = entry(p);
    words_free(p);
    return rc;
}

/* ---- after= -------------------------------------------------------------- */

static size_t find(const wf_parser *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->list[i].name, name))
            return i;
    return p->n;
}

static int check_after(wf_parser *p)
{
    for (size_t i = 0; i < p->n; i++) {
        gw_wf_entry *e = &p->list[i];
        p->line = e->line;
        for (size_t k = 0; k < e->nafter; k++) {
            if (!strcmp(e->after[k], e->name))
                return fail(p, ID_AFTER, "entry '%s' cannot run after= "
                            "itself", e->name);
            if (find(p, e->after[k]) == p->n)
                return fail(p, ID_AFTER, "after=%s: there is no entry '%s' "
                            "in this file", e->after[k], e->after[k]);
        }
    }
    return 0;
}

/* The cycle through the first entry left unordered, for the message:
 * each entry left has an after= that is left too. */
static int cycle(wf_parser *p, const int *placed)
{
    size_t path[GW_WF_MAX_ENTRIES], len = 0, cur = 0, from = 0, o = 0;
    int on[GW_WF_MAX_ENTRIES] = { 0 };
    char text[256] = "";

    while (placed[cur])
        cur++;
    while (!on[cur]) {
        on[cur] = 1;
        path[len++] = cur;
        const gw_wf_entry *e = &p->list[cur];
        for (size_t k = 0; k < e->nafter; k++) {
            size_t d = find(p, e->after[k]);
            if (!placed[d]) {
                cur = d;
                break;
            }
        }
    }
    while (path[from] != cur)
        from++;
    /* "a after b after a": at most 32 names of 64 bytes, cut at 255 */
    for (size_t k = from; k <= len && o < sizeof(text) - 1; k++) {
        int w = snprintf(text + o, sizeof(text) - o, "%s%s",
                         k > from ? " after " : "",
                         p->list[k < len ? path[k] : cur].name);
        o += w > 0 ? (size_t)w : 0;
    }
    p->line = p->list[cur].line;
    return fail(p, ID_AFTER, "after= makes a cycle: %s; no order can start "
                "them", text);
}

/* A stable order: each entry after the entries its after= names, and
 * otherwise in the order of the file. */
static int order(wf_parser *p, gw_wf *out)
{
    int placed[GW_WF_MAX_ENTRIES] = { 0 };
    size_t done = 0;

    if (!(out->entries = calloc(p->n ? p->n : 1, sizeof(gw_wf_entry))))
        return oom(p);
    while (done < p->n) {
        size_t before = done;
        for (size_t i = 0; i < p->n; i++) {
            if (placed[i])
                continue;
            size_t k = 0;
            while (k < p->list[i].nafter
                   && placed[find(p, p->list[i].after[k])])
                k++;
            if (k < p->list[i].nafter)
                continue;
            placed[i] = 1;
            out->entries[done++] = p->list[i];
        }
        if (done == before) {
            free(out->entries);
            out->entries = NULL;
            return cycle(p, placed);
        }
    }
    out->n = done;
    return 0;
}

/* ---- the file ------------------------------------------------------------ */

int gw_wf_parse(const char *text, size_t len, gw_wf *out, gw_wf_error *err)
{
    wf_parser p;
    int rc = 0;

    memset(&p, 0, sizeof(p));
    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    p.err = err;
    if (len > GW_WF_MAX_SIZE)
        return fail(&p, ID_TEXT, "the file is %zu bytes; a worker file may "
                    "have at most %d", len, GW_WF_MAX_SIZE);
    if (!(p.list = calloc(GW_WF_MAX_ENTRIES, sizeof(gw_wf_entry))))
        return oom(&p);
    for (size_t at = 0; at < len && !rc;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        const char *nul = memchr(text + at, '\0', n);
        p.line++;
        if (nul)
            rc = fail(&p, ID_TEXT, "a NUL byte in column %zu: a worker file "
                      "is text", (size_t)(nul - (text + at)) + 1);
        else
            rc = line(&p, text + at, n);
        at += n + 1;
    }
    if (!rc)
        rc = check_after(&p);
    if (!rc)
        rc = order(&p, out);
    if (rc)
        for (size_t i = 0; i < p.n; i++)
            entry_free(&p.list[i]);
    free(p.list);
    return rc;
}

void gw_wf_free(gw_wf *wf)
{
    for (size_t i = 0; i < wf->n; i++)
        entry_free(&wf->entries[i]);
    free(wf->entries);
    memset(wf, 0, sizeof(*wf));
}

/* ---- formatting ---------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, size;
    int failed;
} wf_out;

static void put(wf_out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->size) {
        size_t size = (o->size ? o->size * 2 : 256) + n;
        char *b = realloc(o->buf, size);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->size = size;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void puts_(wf_out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* A word as the grammar reads it back: plain when it can be, in single
 * quotes unless it holds one, else in double quotes with escapes. */
static void put_word(wf_out *o, const char *w)
{
    int plain = *w != '\0';

    for (const char *c = w; *c && plain; c++)
        plain = safe_char((unsigned char)*c);
    if (plain) {
        puts_(o, w);
        return;
    }
    if (!strchr(w, '\'')) {
        put(o, "'", 1);
        puts_(o, w);
        put(o, "'", 1);
        return;
    }
    put(o, "\"", 1);
    for (const char *c = w; *c; c++) {
        if (strchr("\"\\$`", *c))
            put(o, "\\", 1);
        put(o, c, 1);
    }
    put(o, "\"", 1);
}

char *gw_wf_format(const gw_wf *wf)
{
    wf_out o = { NULL, 0, 0, 0 };
    char num[64];

    puts_(&o, "");
    for (size_t i = 0; i < wf->n; i++) {
        const gw_wf_entry *e = &wf->entries[i];
        puts_(&o, e->name);
        snprintf(num, sizeof(num), ": stop-signal=%s reload-signal=%s",
                 signal_name(e->stop_signal), e->reload_signal
                 ? signal_name(e->reload_signal) : "none");
        puts_(&o, num);
        if (e->stop_timeout >= 0) {
            snprintf(num, sizeof(num), " stop-timeout=%d", e->stop_timeout);
            puts_(&o, num);
        }
        snprintf(num, sizeof(num), " restart-delay=%d", e->restart_delay);
        puts_(&o, num);
        for (size_t k = 0; k < e->nafter; k++) {
            puts_(&o, k ? "," : " after=");
            puts_(&o, e->after[k]);
        }
        for (size_t k = 0; k < e->argc; k++) {
            put(&o, " ", 1);
            put_word(&o, e->argv[k]);
        }
        put(&o, "\n", 1);
    }
    if (o.failed) {
        free(o.buf);
        return NULL;
    }
    return o.buf;
}
