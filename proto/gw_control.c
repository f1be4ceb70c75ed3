/*
 * gw_control.c - gateway-ctl's requests and reply records (see
 * gw_control.h).  The request parser runs as root on bytes any local
 * user sends: it reads only the len bytes it is given, copies at most
 * GW_CTL_NAME_MAX of them, and refuses every input that is not exactly
 * one well-formed request.
 */
#include "gw_control.h"

#include <string.h>

static const struct {
    const char *word;
    gw_ctl_verb verb;
    int min_args, max_args;        /* group names after the word */
    const char *flag;              /* the one word allowed after the name */
} verbs[] = {
    { "status", GW_CTL_STATUS, 0, 1, NULL },
    { "restart", GW_CTL_RESTART, 1, 1, NULL },
    { "logs", GW_CTL_LOGS, 1, 1, "follow" },
    { NULL, 0, 0, 0, NULL }
};

static int visible(unsigned char c)
{
    return c >= 0x21 && c <= 0x7e;
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

int gw_ctl_request_parse(const char *buf, size_t len, gw_ctl_request *rq,
                         const char **why)
{
    const char *w[4];
    size_t wl[4];
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
    if ((n = split_words(buf, len, w, wl, 4, why)) < 0)
        return -1;
    for (int v = 0; verbs[v].word; v++) {
        if (wl[0] != strlen(verbs[v].word)
            || memcmp(w[0], verbs[v].word, wl[0]))
            continue;
        const char *flag = verbs[v].flag;
        int flagged = flag && n == 3 && wl[2] == strlen(flag)
                      && !memcmp(w[2], flag, wl[2]);
        if (n - 1 < verbs[v].min_args) {
            *why = "this command needs a daemon group's name";
            return -1;
        }
        if (n - 1 - flagged > verbs[v].max_args || (flag && n > 3)) {
            *why = flag ? "logs takes a daemon group's name and, after it, "
                          "at most the word follow"
                        : "this command takes one daemon group's name at "
                          "most";
            return -1;
        }
        rq->verb = verbs[v].verb;
        rq->follow = flagged;
        if (n >= 2)
            memcpy(rq->group, w[1], wl[1]);     /* <= GW_CTL_NAME_MAX */
        return 0;
    }
    *why = "unknown command (status, restart, logs)";
    return -1;
}

int gw_ctl_request_format(const gw_ctl_request *rq, char *buf, size_t cap)
{
    const char *word = NULL, *flag = NULL;
    int need_group = 0;

    for (int v = 0; verbs[v].word; v++)
        if (verbs[v].verb == rq->verb) {
            word = verbs[v].word;
            need_group = verbs[v].min_args;
            flag = verbs[v].flag;
        }
    if (!word || memchr(rq->group, '\0', sizeof(rq->group)) == NULL
        || (rq->follow && !flag) || (rq->follow != 0 && rq->follow != 1))
        return -1;
    int has_group = rq->group[0] != '\0';
    if ((need_group && !has_group) || (has_group
                                       && !gw_ctl_name_ok(rq->group)))
        return -1;
    size_t n = strlen(word) + (has_group ? 1 + strlen(rq->group) : 0)
               + (rq->follow ? 1 + strlen(flag) : 0) + 1;
    if (n + 1 > cap || n > GW_CTL_REQUEST_MAX)
        return -1;
    strcpy(buf, word);
    if (has_group) {
        strcat(buf, " ");
        strcat(buf, rq->group);
    }
    if (rq->follow) {
        strcat(buf, " ");
        strcat(buf, flag);
    }
    strcat(buf, "\n");
    return (int)n;
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
