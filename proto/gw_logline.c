/*
 * gw_logline.c - lines for gateway-logger (see gw_logline.h).
 */
#include "gw_logline.h"

#include <string.h>

#define GW_PID_MAX 2147483647L   /* pid_t and a Linux tid are ints */

static const char *const level_names[] = {
    "crit", "error", "warn", "notice", "info", "debug"
};

/* ---- splitting ------------------------------------------------------------- */

void gw_logbuf_init(gw_logbuf *b)
{
    b->len = 0;
    b->cont = 0;
}

static void give(gw_logbuf *b, int more, gw_logline_fn fn, void *ctx)
{
    fn(ctx, b->buf, b->len, (b->cont ? GW_LOGLINE_CONT_IN : 0)
                            | (more ? GW_LOGLINE_CONT_OUT : 0));
    b->len = 0;
    b->cont = more;
}

void gw_logbuf_feed(gw_logbuf *b, const char *data, size_t n,
                    gw_logline_fn fn, void *ctx)
{
    while (n > 0) {
        /* A full piece goes out only once the next byte shows whether
         * the line ends right there (no empty continuation then). */
        if (b->len == GW_LOGLINE_PIECE) {
            if (*data == '\n') {
                give(b, 0, fn, ctx);
                data++;
                n--;
                continue;
            }
            give(b, 1, fn, ctx);
        }
        const char *nl = memchr(data, '\n', n);
        size_t seg = nl ? (size_t)(nl - data) : n;
        size_t room = GW_LOGLINE_PIECE - b->len;
        size_t take = seg < room ? seg : room;
        memcpy(b->buf + b->len, data, take);
        b->len += take;
        data += take;
        n -= take;
        if (nl && take == seg) {
            give(b, 0, fn, ctx);
            data++;
            n--;
        }
    }
}

void gw_logbuf_flush(gw_logbuf *b, int more, gw_logline_fn fn, void *ctx)
{
    if (b->len > 0)
        give(b, more, fn, ctx);
    else if (!more)
        b->cont = 0;   /* the input ended right after a full piece */
}

/* ---- records --------------------------------------------------------------- */

/* A decimal number 1..GW_PID_MAX without sign or leading zero, ending at
 * the first byte that is not a digit; returns the digits taken, 0 when
 * there is none or it is out of range. */
static size_t parse_id(const char *s, size_t len, long *out)
{
    size_t i = 0;
    long v = 0;

    if (len == 0 || s[0] < '1' || s[0] > '9')
        return 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (i >= 10)
            return 0;
        v = v * 10 + (s[i] - '0');
        i++;
    }
    if (v > GW_PID_MAX)
        return 0;
    *out = v;
    return i;
}

int gw_logrec_parse(const char *line, size_t len, gw_logrec *out)
{
    size_t n;

    if (len < 5 || line[0] != GW_LOGREC_MARK || line[1] < '0'
        || line[1] > '5' || line[2] != ' ')
        return -1;
    n = parse_id(line + 3, len - 3, &out->tid);
    if (n == 0 || 3 + n >= len || line[3 + n] != ' ')
        return -1;
    out->level = line[1] - '0';
    out->text = line + 4 + n;
    out->text_len = len - 4 - n;
    return 0;
}

/* ---- the lines written ----------------------------------------------------- */

size_t gw_logline_escape_byte(unsigned char c, char esc[4], int escaped)
{
    static const char hex[] = "0123456789abcdef";

    if (c >= 0x20 && c < 0x7f && (c != '\\' || escaped)) {
        esc[0] = (char)c;
        return 1;
    }
    esc[0] = '\\';
    switch (c) {
    case '\b': esc[1] = 'b'; return 2;
    case '\n': esc[1] = 'n'; return 2;
    case '\r': esc[1] = 'r'; return 2;
    case '\t': esc[1] = 't'; return 2;
    case '\v': esc[1] = 'v'; return 2;
    case '\\': esc[1] = '\\'; return 2;
    default:
        esc[1] = 'x';
        esc[2] = hex[c >> 4];
        esc[3] = hex[c & 0xf];
        return 4;
    }
}

size_t gw_logline_escape(char *out, size_t cap, const char *in, size_t len,
                         int escaped, size_t *used)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t pos = 0, i;
    char esc[4];

    for (i = 0; i < len; i++) {
        size_t n = gw_logline_escape_byte(s[i], esc, escaped);
        if (n > cap - pos)
            break;
        memcpy(out + pos, esc, n);
        pos += n;
    }
    if (used)
        *used = i;
    return pos;
}

/* Appends s to out[*pos, cap), as much as fits. */
static void put(char *out, size_t cap, size_t *pos, const char *s, size_t n)
{
    if (n > cap - *pos)
        n = cap - *pos;
    memcpy(out + *pos, s, n);
    *pos += n;
}

static void put_str(char *out, size_t cap, size_t *pos, const char *s)
{
    put(out, cap, pos, s, strlen(s));
}

static void put_num(char *out, size_t cap, size_t *pos, long v)
{
    char digits[24];
    size_t n = sizeof(digits);
    unsigned long u = v < 0 ? 0 : (unsigned long)v;

    do {
        digits[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u && n > 0);
    put(out, cap, pos, digits + n, sizeof(digits) - n);
}

size_t gw_logline_build(char *out, size_t cap, const char *date,
                        const gw_logline_src *src, const char *text,
                        size_t len, int flags)
{
    gw_logrec rec;
    size_t pos = 0;
    int is_rec;

    if (cap == 0)
        return 0;
    cap--;                              /* room for the newline */
    is_rec = flags == 0 && gw_logrec_parse(text, len, &rec) == 0;
    put_str(out, cap, &pos, "[");
    put_str(out, cap, &pos, date);
    put_str(out, cap, &pos, "] [gateway:");
    put_str(out, cap, &pos, level_names[is_rec ? rec.level : 3]);
    put_str(out, cap, &pos, "] [pid ");
    put_num(out, cap, &pos, src->pid);
    if (is_rec) {
        put_str(out, cap, &pos, ":tid ");
        put_num(out, cap, &pos, rec.tid);
    }
    put_str(out, cap, &pos, "] [group ");
    pos += gw_logline_escape(out + pos, cap - pos, src->group,
                             src->group_len, 0, NULL);
    put_str(out, cap, &pos, "] ");
    if (is_rec) {
        text = rec.text;
        len = rec.text_len;
    }
    else {
        put_str(out, cap, &pos, "GW07010: output of ");
        put_str(out, cap, &pos, src->kind == GW_LOGCTL_KIND_ATTACH
                                ? "attached" : "daemon");
        put_str(out, cap, &pos, " process: ");
    }
    if (flags & GW_LOGLINE_CONT_IN)
        put_str(out, cap, &pos, "[...]");
    /* A record's text was escaped by gw_log() already: what is left to
     * do is to make sure of it (a record is the application's to forge),
     * without doubling the backslashes of its escapes. */
    pos += gw_logline_escape(out + pos, cap - pos, text, len, is_rec, NULL);
    if (flags & GW_LOGLINE_CONT_OUT)
        put_str(out, cap, &pos, "[...]");
    out[pos++] = '\n';
    return pos;
}

/* ---- control messages ------------------------------------------------------ */

int gw_logctl_parse(const char *msg, size_t len, gw_logctl *out)
{
    size_t n;

    memset(out, 0, sizeof(*out));
    if (len == 3 && !memcmp(msg, "log", 3)) {
        out->type = GW_LOGCTL_LOG;
        return 0;
    }
    if (len < 5 || memcmp(msg, "pipe ", 5))
        return -1;
    msg += 5;
    len -= 5;
    n = parse_id(msg, len, &out->pid);
    if (n == 0 || len < n + 4 || msg[n] != ' '
        || (msg[n + 1] != GW_LOGCTL_KIND_DAEMON
            && msg[n + 1] != GW_LOGCTL_KIND_ATTACH)
        || msg[n + 2] != ' ')
        return -1;
    out->kind = msg[n + 1];
    out->group = msg + n + 3;
    out->group_len = len - n - 3;
    if (out->group_len > GW_LOGCTL_GROUP_MAX
        || memchr(out->group, '\0', out->group_len))
        return -1;
    out->type = GW_LOGCTL_PIPE;
    return 0;
}

size_t gw_logctl_pipe_msg(char *out, size_t cap, long pid, int kind,
                          const char *group)
{
    size_t glen = strlen(group), pos = 0;

    if (pid < 1 || pid > GW_PID_MAX || glen == 0
        || glen > GW_LOGCTL_GROUP_MAX || cap < GW_LOGCTL_MSG_MAX
        || (kind != GW_LOGCTL_KIND_DAEMON && kind != GW_LOGCTL_KIND_ATTACH))
        return 0;
    put_str(out, cap, &pos, "pipe ");
    put_num(out, cap, &pos, pid);
    out[pos++] = ' ';
    out[pos++] = (char)kind;
    out[pos++] = ' ';
    put(out, cap, &pos, group, glen);
    return pos;
}
