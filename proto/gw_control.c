/*
 * gw_control.c - gateway-ctl's requests and reply records (see
 * gw_control.h).  The request parser runs as root on bytes any local
 * user sends: it reads only the len bytes it is given, copies at most
 * GW_CTL_NAME_MAX of them, and refuses every input that is not exactly
 * one well-formed request.  The relay parser runs in the Apache parent
 * on what the control process sends it, with the same care.
 */
#include "gw_control.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *word;
    gw_ctl_verb verb;
    int min_args, max_args;        /* names after the word */
    const char *flag;              /* the one word allowed after them */
    int worker;                    /* the second name is a worker's */
    const char *too_few, *too_many;
} verbs[] = {
    { "status", GW_CTL_STATUS, 0, 1, NULL, 0, NULL,
      "this command takes one daemon group's name at most" },
    { "restart", GW_CTL_RESTART, 1, 1, NULL, 0,
      "this command needs a daemon group's name",
      "this command takes one daemon group's name at most" },
    { "logs", GW_CTL_LOGS, 1, 1, "follow", 0,
      "this command needs a daemon group's name",
      "logs takes a daemon group's name and, after it, at most the word "
      "follow" },
    { "reload-workers", GW_CTL_RELOAD_WORKERS, 1, 1, NULL, 0,
      "this command needs a daemon group's name",
      "this command takes one daemon group's name at most" },
    { "stop-worker", GW_CTL_STOP_WORKER, 2, 2, NULL, 1,
      "this command needs a daemon group's name and an attached daemon's "
      "name",
      "this command takes a daemon group's name and an attached daemon's "
      "name" },
    { "start-worker", GW_CTL_START_WORKER, 2, 2, NULL, 1,
      "this command needs a daemon group's name and an attached daemon's "
      "name",
      "this command takes a daemon group's name and an attached daemon's "
      "name" },
    { NULL, 0, 0, 0, NULL, 0, NULL, NULL }
};

#define GW_CTL_WORDS 4

static int visible(unsigned char c)
{
    return c >= 0x21 && c <= 0x7e;
}

const char *gw_ctl_verb_word(gw_ctl_verb v)
{
    for (int i = 0; verbs[i].word; i++)
        if (verbs[i].verb == v)
            return verbs[i].word;
    return NULL;
}

/* The request's words, checked byte by byte first: visible ASCII in
 * words of at most GW_CTL_NAME_MAX bytes, separated by single spaces,
 * the line ending in its one LF.  -1 with *why, or the number of words
 * (at most max, their starts and lengths in w and wl). */
static int split_words(const char *buf, size_t len, const char **w,
                       size_t *wl, int max, const char **why)
{
    int n = 0;
    size_t i = 0;

    if (len == 0 || buf[len - 1] != '\n') {
        *why = "a request is one line ending in LF";
        return -1;
    }
    len--;                              /* the LF */
    if (len == 0) {
        *why = "empty request";
        return -1;
    }
    while (i < len) {
        size_t start = i;
        while (i < len && visible((unsigned char)buf[i]))
            i++;
        if (i == start) {
            *why = buf[i] == ' ' ? "words are separated by one space, "
                                   "with none before or after them"
                                 : "a request holds visible ASCII and "
                                   "single spaces only";
            return -1;
        }
        if (i - start > GW_CTL_NAME_MAX) {
            *why = "a word longer than 127 bytes";
            return -1;
        }
        if (n == max) {
            *why = "too many words";
            return -1;
        }
        w[n] = buf + start;
        wl[n++] = i - start;
        if (i < len && buf[i] != ' ') {
            *why = "a request holds visible ASCII and single spaces only";
            return -1;
        }
        if (i < len && ++i == len) {
            *why = "words are separated by one space, with none before "
                   "or after them";
            return -1;
        }
    }
    return n;
}

static int word_is(const char *w, size_t wl, const char *word)
{
    return word && wl == strlen(word) && !memcmp(w, word, wl);
}

/* The names after verb v's word (n words in all) into rq: 0, or -1 with
 * *why. */
static int take_args(int v, const char **w, const size_t *wl, int n,
                     gw_ctl_request *rq, const char **why)
{
    int flagged = verbs[v].flag && n >= 3
                  && word_is(w[n - 1], wl[n - 1], verbs[v].flag);
    int args = n - 1 - flagged;

    if (args < verbs[v].min_args) {
        *why = verbs[v].too_few;
        return -1;
    }
    if (args > verbs[v].max_args) {
        *why = verbs[v].too_many;
        return -1;
    }
    if (verbs[v].worker && wl[2] > GW_CTL_WORKER_MAX) {
        *why = "an attached daemon's name is at most 64 bytes";
        return -1;
    }
    rq->verb = verbs[v].verb;
    rq->follow = flagged;
    if (args >= 1)
        memcpy(rq->group, w[1], wl[1]);         /* <= GW_CTL_NAME_MAX */
    if (verbs[v].worker)
        memcpy(rq->worker, w[2], wl[2]);        /* <= GW_CTL_WORKER_MAX */
    return 0;
}

int gw_ctl_request_parse(const char *buf, size_t len, gw_ctl_request *rq,
                         const char **why)
{
    const char *w[GW_CTL_WORDS];
    size_t wl[GW_CTL_WORDS];
    int n;

    memset(rq, 0, sizeof(*rq));
    if (len > GW_CTL_REQUEST_MAX) {
        *why = "a request longer than 256 bytes";
        return -1;
    }
    if (len > 0 && buf[len - 1] == '\n'
        && memchr(buf, '\n', len) != buf + len - 1) {
        *why = "bytes after the request's LF";
        return -1;
    }
    if ((n = split_words(buf, len, w, wl, GW_CTL_WORDS, why)) < 0)
        return -1;
    for (int v = 0; verbs[v].word; v++) {
        if (!word_is(w[0], wl[0], verbs[v].word))
            continue;
        if (take_args(v, w, wl, n, rq, why) == 0)
            return 0;
        memset(rq, 0, sizeof(*rq));
        return -1;
    }
    *why = "unknown command (status, restart, logs, reload-workers, "
           "stop-worker, start-worker)";
    return -1;
}

/* s, a NUL-terminated name of at most cap - 1 bytes, is one word a
 * request can carry. */
static int word_ok(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL && gw_ctl_name_ok(s);
}

int gw_ctl_request_format(const gw_ctl_request *rq, char *buf, size_t cap)
{
    int v = 0;

    while (verbs[v].word && verbs[v].verb != rq->verb)
        v++;
    if (!verbs[v].word || memchr(rq->group, '\0', sizeof(rq->group)) == NULL
        || memchr(rq->worker, '\0', sizeof(rq->worker)) == NULL
        || (rq->follow && !verbs[v].flag)
        || (rq->follow != 0 && rq->follow != 1))
        return -1;
    int has_group = rq->group[0] != '\0', has_worker = rq->worker[0] != 0;
    if ((verbs[v].min_args && !has_group)
        || (has_group && !word_ok(rq->group, sizeof(rq->group)))
        || has_worker != verbs[v].worker
        || (has_worker && !word_ok(rq->worker, sizeof(rq->worker))))
        return -1;
    size_t n = strlen(verbs[v].word) + (has_group ? 1 + strlen(rq->group)
                                                  : 0)
               + (has_worker ? 1 + strlen(rq->worker) : 0)
               + (rq->follow ? 1 + strlen(verbs[v].flag) : 0) + 1;
    if (n + 1 > cap || n > GW_CTL_REQUEST_MAX)
        return -1;
    snprintf(buf, cap, "%s%s%s%s%s%s%s\n", verbs[v].word,
             has_group ? " " : "", rq->group, has_worker ? " " : "",
             rq->worker, rq->follow ? " " : "",
             rq->follow ? verbs[v].flag : "");
    return (int)n;
}

/* ---- relays: the control process to the Apache parent ----------------- */

/* A decimal number at s (up to the next space): digits only, no leading
 * zero, at most max.  The bytes taken, or 0. */
static size_t number_take(const char *s, size_t len, unsigned long max,
                          unsigned long *out)
{
    size_t i = 0;
    unsigned long v = 0;

    while (i < len && s[i] >= '0' && s[i] <= '9' && i < 10) {
        v = v * 10 + (unsigned long)(s[i] - '0');
        i++;
    }
    if (i == 0 || (s[0] == '0' && i > 1) || v > max || i == len
        || s[i] != ' ')
        return 0;
    *out = v;
    return i + 1;
}

int gw_ctl_relay_parse(const char *buf, size_t len, gw_ctl_relay *r,
                       const char **why)
{
    size_t off = 0, k;

    memset(r, 0, sizeof(*r));
    *why = "a relay starts with its id, uid, pid and user, each followed "
           "by one space";
    if (len > GW_CTL_RELAY_MAX)
        return -1;
    if (!(k = number_take(buf, len, 2147483647UL, &r->id)) || r->id == 0)
        return -1;
    off += k;
    if (!(k = number_take(buf + off, len - off, 4294967294UL, &r->uid)))
        return -1;
    off += k;
    if (!(k = number_take(buf + off, len - off, 2147483647UL, &r->pid)))
        return -1;
    off += k;
    for (k = 0; off + k < len && visible((unsigned char)buf[off + k]); k++)
        ;
    if (k == 0 || k > GW_CTL_USER_MAX || off + k == len
        || buf[off + k] != ' ')
        return -1;
    memcpy(r->user, buf + off, k);
    off += k + 1;
    if (gw_ctl_request_parse(buf + off, len - off, &r->rq, why) == 0)
        return 0;
    memset(r, 0, sizeof(*r));
    return -1;
}

int gw_ctl_relay_format(const gw_ctl_relay *r, char *buf, size_t cap)
{
    char rq[GW_CTL_REQUEST_MAX + 1];
    size_t ul = strnlen(r->user, sizeof(r->user));

    if (r->id == 0 || r->id > 2147483647UL || r->uid > 4294967294UL
        || r->pid > 2147483647UL || ul == 0 || ul == sizeof(r->user)
        || !gw_ctl_name_ok(r->user)
        || gw_ctl_request_format(&r->rq, rq, sizeof(rq)) < 0)
        return -1;
    int n = snprintf(buf, cap, "%lu %lu %lu %s %s", r->id, r->uid, r->pid,
                     r->user, rq);
    return n < 0 || (size_t)n >= cap ? -1 : n;
}

/* ---- answers: the Apache parent to the control process ---------------- */

/* The kind of the record in line (len bytes, no LF) when it parses: a
 * copy's kind into kind (32 bytes), 0; else -1. */
static int line_kind(const char *line, size_t len, char *kind)
{
    char copy[GW_CTL_LINE_MAX];
    gw_ctl_record rec;

    if (len + 1 > sizeof(copy) || memchr(line, '\0', len))
        return -1;
    memcpy(copy, line, len);
    copy[len] = '\0';
    if (gw_ctl_record_parse(copy, &rec) != 0)
        return -1;
    snprintf(kind, 32, "%s", rec.kind);
    return 0;
}

int gw_ctl_reply_check(const char *buf, size_t len)
{
    size_t off = 0;
    int lines = 0, error = 0, ended = 0;
    char kind[32];

    if (len == 0 || buf[len - 1] != '\n')
        return -1;
    while (off < len) {
        const char *lf = memchr(buf + off, '\n', len - off);
        size_t n = (size_t)(lf - (buf + off));
        if (ended || error || line_kind(buf + off, n, kind) != 0)
            return -1;              /* nothing after "end" or "error" */
        int first = lines++ == 0;
        if (first && !strcmp(kind, "error"))
            error = 1;
        else if (first ? strcmp(kind, "ok") != 0
                 : !strcmp(kind, "ok") || !strcmp(kind, "error"))
            return -1;
        else if (!first && !strcmp(kind, "end"))
            ended = 1;
        off += n + 1;
    }
    return error || ended ? 0 : -1;
}

int gw_ctl_answer_parse(const char *buf, size_t len, unsigned long *id,
                        size_t *off)
{
    size_t i = 0;
    unsigned long v = 0;

    if (len > GW_CTL_ANSWER_MAX)
        return -1;
    while (i < len && i < 10 && buf[i] >= '0' && buf[i] <= '9')
        v = v * 10 + (unsigned long)(buf[i++] - '0');
    if (i == 0 || buf[0] == '0' || i == len || buf[i] != '\n'
        || v > 2147483647UL)
        return -1;
    if (gw_ctl_reply_check(buf + i + 1, len - i - 1) != 0)
        return -1;
    *id = v;
    *off = i + 1;
    return 0;
}

/* ---- reply records -------------------------------------------------- */

static const char hex[] = "0123456789ABCDEF";

static int plain(unsigned char c)
{
    return visible(c) && c != '%';
}

size_t gw_ctl_encode(char *out, size_t cap, const char *v)
{
    size_t n = 0;

    for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
        char e[3] = { (char)*c, 0, 0 };
        size_t k = 1;
        if (!plain(*c)) {
            e[0] = '%';
            e[1] = hex[*c >> 4];
            e[2] = hex[*c & 15];
            k = 3;
        }
        for (size_t j = 0; j < k; j++, n++)
            if (n + 1 < cap)
                out[n] = e[j];
    }
    if (cap > 0)
        out[n < cap ? n : cap - 1] = '\0';
    return n;
}

static int hexval(char c)
{
    const char *p = c ? strchr(hex, c) : NULL;
    return p ? (int)(p - hex) : -1;
}

/* A kind or key: 1 to 31 of a-z 0-9 _ -. */
static int token_ok(const char *s, size_t n)
{
    if (n == 0 || n > 31)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
              || s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

/* Decodes the value at v in place (it ends at the next space or NUL, at
 * *end on return).  0, or -1 when it is not in its one spelling. */
static int value_decode(char *v, char **end)
{
    char *r = v, *w = v;

    for (; *r && *r != ' '; r++) {
        if (*r != '%') {
            if (!plain((unsigned char)*r))
                return -1;
            *w++ = *r;
            continue;
        }
        int hi = hexval(r[1]), lo = hi < 0 ? -1 : hexval(r[2]);
        if (lo < 0)
            return -1;
        unsigned char c = (unsigned char)(hi << 4 | lo);
        if (plain(c) || c == '\0')
            return -1;              /* had no need to be encoded */
        *w++ = (char)c;
        r += 2;
    }
    *end = r;
    if (w < r)
        *w = '\0';
    return 0;
}

int gw_ctl_record_parse(char *line, gw_ctl_record *rec)
{
    char *p = line;
    size_t n = strcspn(p, " ");

    memset(rec, 0, sizeof(*rec));
    if (strlen(line) + 1 > GW_CTL_LINE_MAX || !token_ok(p, n))
        return -1;
    rec->kind = p;
    p += n;
    while (*p) {
        *p++ = '\0';                /* the space before a field */
        size_t k = strcspn(p, "= ");
        if (p[k] != '=' || !token_ok(p, k) || rec->n == GW_CTL_FIELDS_MAX)
            return -1;
        p[k] = '\0';
        if (gw_ctl_record_get(rec, p))
            return -1;              /* a key twice: which one is meant? */
        rec->key[rec->n] = p;
        char *v = p + k + 1, *end;
        if (value_decode(v, &end) != 0)
            return -1;
        if (*end == ' ' && end[1] == '\0')
            return -1;              /* a trailing space */
        rec->value[rec->n++] = v;
        p = end;
    }
    return 0;
}

const char *gw_ctl_record_get(const gw_ctl_record *rec, const char *key)
{
    for (int i = 0; i < rec->n; i++)
        if (!strcmp(rec->key[i], key))
            return rec->value[i];
    return NULL;
}
