/*
 * gw_proto.c - encoder/decoder for the Apache child <-> daemon protocol.
 *
 * See gw_proto.h for the wire format.  This file is linked into Apache,
 * into the daemon and into the fuzzers, so it stays free of allocation,
 * logging and any library beyond <string.h>.
 *
 * Every decoder assumes its input was written by an enemy: a daemon can
 * run arbitrary application code, and a confused or compromised one must
 * not be able to make the Apache child read out of bounds or emit a
 * header that splits the HTTP response.  Lengths are therefore checked
 * before every read, and multi-byte integers are assembled byte by byte
 * so that neither alignment nor host byte order matters.
 */
#include <string.h>

#include "gw_proto.h"

/* The uwsgi header and the kv encoding are little endian on the wire. */
static uint16_t get_u16le(const unsigned char *p)
{
    return (uint16_t)(p[0] | ((unsigned)p[1] << 8));
}

static void put_u16le(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8);
}

static uint32_t get_u32le(const unsigned char *p)
{
    return (uint32_t)p[0]
         | ((uint32_t)p[1] << 8)
         | ((uint32_t)p[2] << 16)
         | ((uint32_t)p[3] << 24);
}

static void put_u32le(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
    p[2] = (unsigned char)((v >> 16) & 0xff);
    p[3] = (unsigned char)(v >> 24);
}

/* ------------------------------------------------------------------ */
/* Encoder                                                             */
/* ------------------------------------------------------------------ */

void gw_req_begin(gw_enc *e, unsigned char *buf, size_t cap)
{
    e->buf = buf;
    e->cap = cap;
    /* The uwsgi header is written last, by gw_req_finish(), because only
     * then is the datasize known; keep its room now. */
    e->start = GW_UWSGI_HDR_LEN;
    e->len = GW_UWSGI_HDR_LEN;
    /* A buffer too small for even the header can never produce a packet;
     * make every later call fail rather than special-case it.  len may
     * then exceed cap, which is why callers must trust only the return
     * value of gw_req_finish(), never e->len. */
    e->overflow = cap < GW_UWSGI_HDR_LEN;
}

void gw_kv_begin(gw_enc *e, unsigned char *buf, size_t cap)
{
    e->buf = buf;
    e->cap = cap;
    e->start = 0;
    e->len = 0;
    e->overflow = 0;
}

int gw_enc_add(gw_enc *e, const char *key, size_t klen,
               const char *val, size_t vlen)
{
    unsigned char *p;

    /* Sticky: once one pair is lost the block is wrong, and a later pair
     * that happens to fit must not hide that.  A too-long key or value
     * counts as lost too, so that a caller who only checks
     * gw_req_finish() can never send a packet that silently lacks a
     * variable (say, a control value). */
    if (e->overflow) {
        return GW_ETOOBIG;
    }
    if (klen > 0xffff || vlen > 0xffff) {
        e->overflow = 1;
        return GW_ETOOBIG;
    }
    /* len <= cap holds whenever overflow is clear, so cap - len cannot
     * wrap; the sum cannot wrap either (each term is < 2^17). */
    if (e->cap - e->len < 4 + klen + vlen) {
        e->overflow = 1;
        return GW_ETOOBIG;
    }

    p = e->buf + e->len;
    put_u16le(p, (uint16_t)klen);
    p += 2;
    if (klen) {             /* memcpy(dst, NULL, 0) is undefined */
        memcpy(p, key, klen);
        p += klen;
    }
    put_u16le(p, (uint16_t)vlen);
    p += 2;
    if (vlen) {
        memcpy(p, val, vlen);
    }
    e->len += 4 + klen + vlen;
    return GW_OK;
}

size_t gw_req_finish(gw_enc *e)
{
    size_t datasize;

    /* Only an encoder from gw_req_begin() has room for the header; on any
     * other one we would overwrite the first pair. */
    if (e->overflow || e->start != GW_UWSGI_HDR_LEN
        || e->len < e->start) {
        return 0;
    }
    datasize = e->len - e->start;
    if (datasize > GW_VARS_MAX) {
        return 0;
    }
    e->buf[0] = GW_UWSGI_MOD_WSGI;
    put_u16le(e->buf + 1, (uint16_t)datasize);
    e->buf[3] = 0;
    return e->len;
}

/* ------------------------------------------------------------------ */
/* Decoder                                                             */
/* ------------------------------------------------------------------ */

int gw_req_parse_header(const unsigned char *hdr, size_t *datasize)
{
    /* modifier1 selects the request kind in uwsgi; anything but a plain
     * WSGI request (and any modifier2) means the peer speaks something
     * we do not, so refuse rather than guess. */
    if (hdr[0] != GW_UWSGI_MOD_WSGI || hdr[3] != 0) {
        return GW_EBADTYPE;
    }
    *datasize = get_u16le(hdr + 1);
    return GW_OK;
}

int gw_kv_decode(const unsigned char *data, size_t len,
                 gw_kv *out, size_t max, size_t *n)
{
    size_t pos = 0;
    size_t count = 0;

    *n = 0;
    while (pos < len) {
        size_t klen, vlen;
        const unsigned char *k, *v;

        /* Each step checks that the bytes it is about to read exist;
         * len - pos cannot wrap because pos < len or pos == len. */
        if (len - pos < 2) {
            return GW_ETRUNC;
        }
        klen = get_u16le(data + pos);
        pos += 2;
        if (len - pos < klen) {
            return GW_ETRUNC;
        }
        k = data + pos;
        pos += klen;
        if (len - pos < 2) {
            return GW_ETRUNC;
        }
        vlen = get_u16le(data + pos);
        pos += 2;
        if (len - pos < vlen) {
            return GW_ETRUNC;
        }
        v = data + pos;
        pos += vlen;

        if (count == max) {
            return GW_ETOOMANY;
        }
        out[count].key = (const char *)k;
        out[count].klen = (uint16_t)klen;
        out[count].val = (const char *)v;
        out[count].vlen = (uint16_t)vlen;
        count++;
    }
    *n = count;
    return GW_OK;
}

const gw_kv *gw_kv_find(const gw_kv *kv, size_t n, const char *key)
{
    size_t klen, i;

    if (key == NULL) {
        return NULL;
    }
    klen = strlen(key);
    for (i = 0; i < n; i++) {
        /* kv keys are not NUL-terminated and may contain NUL bytes, so
         * compare by length first and then byte for byte. */
        if (kv[i].klen == klen
            && (klen == 0 || memcmp(kv[i].key, key, klen) == 0)) {
            return &kv[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */
/* ------------------------------------------------------------------ */

void gw_frame_encode(unsigned char *out, unsigned type, uint32_t len)
{
    out[0] = (unsigned char)type;
    out[1] = 0;               /* flags */
    out[2] = 0;               /* reserved */
    out[3] = 0;
    put_u32le(out + 4, len);
}

int gw_frame_decode(const unsigned char *in, unsigned *type, uint32_t *len)
{
    /* Outputs are filled in even on error so the caller can log what the
     * daemon actually sent. */
    *type = in[0];
    *len = get_u32le(in + 4);

    /* Flags and reserved must be zero now so that giving them a meaning
     * later cannot be misread by an old peer. */
    if (in[0] < GW_FRAME_HEADERS || in[0] > GW_FRAME_TYPE_MAX
        || in[1] != 0 || in[2] != 0 || in[3] != 0) {
        return GW_EBADTYPE;
    }
    if (*len > GW_FRAME_MAX) {
        return GW_ETOOBIG;
    }
    return GW_OK;
}

/* ------------------------------------------------------------------ */
/* Header validation                                                   */
/* ------------------------------------------------------------------ */

/* RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+"
 * / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.  Written out
 * rather than using <ctype.h>, whose answers depend on the locale. */
static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')) {
        return 1;
    }
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'':
    case '*': case '+': case '-': case '.': case '^': case '_':
    case '`': case '|': case '~':
        return 1;
    default:
        return 0;
    }
}

int gw_check_header_name(const char *name, size_t len)
{
    size_t i;

    if (len == 0) {
        return GW_EBADNAME;
    }
    for (i = 0; i < len; i++) {
        if (!is_tchar((unsigned char)name[i])) {
            return GW_EBADNAME;
        }
    }
    return GW_OK;
}

int gw_check_header_value(const char *val, size_t len)
{
    size_t i;

    /* CR and LF would let the value start a new header line (response
     * splitting); NUL truncates the value in C string APIs downstream.
     * Other controls are rejected too: RFC 9110 5.5 forbids them and
     * some clients treat them as line breaks.  HTAB and obs-text
     * (0x80-0xff) are legal field content and pass. */
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)val[i];

        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return GW_EBADVALUE;
        }
    }
    return GW_OK;
}

int gw_check_status(const char *status, size_t len, int *code)
{
    const unsigned char *s = (const unsigned char *)status;

    /* "NNN " at least: the space is required because a bare "200" is
     * not a WSGI status line and accepting it would hide app bugs. */
    if (len < 4
        || s[0] < '1' || s[0] > '9'
        || s[1] < '0' || s[1] > '9'
        || s[2] < '0' || s[2] > '9'
        || s[3] != ' ') {
        return GW_EBADSTATUS;
    }
    if (gw_check_header_value(status + 4, len - 4) != GW_OK) {
        return GW_EBADVALUE;
    }
    if (code) {
        *code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    }
    return GW_OK;
}

/* RFC 9110 7.6.1 and PEP 3333: headers about the connection, not the
 * response.  A WSGI application may not send them (the daemon refuses
 * them in start_response) and the Apache child refuses them from a
 * daemon that sends them anyway: one list for both, so what one lets
 * through the other never turns into a 502. */
static const char *const hop_by_hop[] = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "te", "trailer", "trailers", "transfer-encoding", "upgrade", NULL
};

int gw_is_hop_by_hop(const char *name, size_t len)
{
    for (const char *const *h = hop_by_hop; *h; h++) {
        size_t i, hl = strlen(*h);
        if (hl != len)
            continue;
        for (i = 0; i < len; i++) {
            unsigned char c = (unsigned char)name[i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)(*h)[i])
                break;
        }
        if (i == len)
            return 1;
    }
    return 0;
}

int gw_parse_length(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;

    /* 18 digits cannot overflow a uint64_t, and are more bytes than any
     * body will ever have (10^18). */
    if (len == 0 || len > 18)
        return GW_EBADVALUE;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return GW_EBADVALUE;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return GW_OK;
}

int gw_headers_decode(const unsigned char *data, size_t len,
                      gw_kv *out, size_t max, size_t *n, int *code)
{
    size_t count, i;
    int rc, status;

    *n = 0;
    if (code) {
        *code = 0;
    }
    rc = gw_kv_decode(data, len, out, max, &count);
    if (rc != GW_OK) {
        return rc;
    }
    if (count == 0
        || out[0].klen != sizeof(GW_STATUS_KEY) - 1
        || memcmp(out[0].key, GW_STATUS_KEY, out[0].klen) != 0) {
        return GW_EBADSTATUS;
    }
    rc = gw_check_status(out[0].val, out[0].vlen, &status);
    if (rc != GW_OK) {
        return rc;
    }
    /* A second ":status" fails here too: ':' is not a tchar. */
    for (i = 1; i < count; i++) {
        rc = gw_check_header_name(out[i].key, out[i].klen);
        if (rc != GW_OK) {
            return rc;
        }
        rc = gw_check_header_value(out[i].val, out[i].vlen);
        if (rc != GW_OK) {
            return rc;
        }
    }
    /* Last, so that GW_ENOTFINAL means the rest was valid: out[0] is then
     * a checked status the caller may log.  A 1xx would be sent as an
     * interim response and the body read by the client as the next
     * response (response splitting); above 599 no client knows it. */
    if (status < GW_STATUS_FINAL_MIN || status > GW_STATUS_FINAL_MAX) {
        return GW_ENOTFINAL;
    }
    /* Outputs only on success, so a caller that forgets to check rc
     * still sees no headers and no status. */
    *n = count;
    if (code) {
        *code = status;
    }
    return GW_OK;
}

/* What a 101 to a WebSocket handshake may not carry from the daemon,
 * besides the hop-by-hop headers (see gw_proto.h). */
static const char *const ws_reserved[] = {
    "sec-websocket-accept", "sec-websocket-protocol",
    "sec-websocket-extensions", "sec-websocket-key",
    "sec-websocket-version", "content-length", NULL
};

static int same_nocase(const char *name, size_t len, const char *lower)
{
    if (strlen(lower) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)lower[i])
            return 0;
    }
    return 1;
}

int gw_ws_reply_reserved(const char *name, size_t len)
{
    if (gw_is_hop_by_hop(name, len))
        return 1;
    for (const char *const *h = ws_reserved; *h; h++)
        if (same_nocase(name, len, *h))
            return 1;
    return 0;
}

static int kv_is(const gw_kv *kv, const char *key, const char *val)
{
    return kv->klen == strlen(key) && memcmp(kv->key, key, kv->klen) == 0
           && (!val || (kv->vlen == strlen(val)
                        && memcmp(kv->val, val, kv->vlen) == 0));
}

/* The checks of gw_ws_reply_decode once the pairs are decoded: GW_OK
 * or the error, with *bad the pair to blame for GW_ERESERVED. */
static int ws_reply_check(const gw_kv *kv, size_t count, int *accept,
                          size_t *first_header, size_t *bad)
{
    size_t i = 1;

    if (count == 0 || !kv_is(&kv[0], GW_WS_REPLY_KEY, NULL))
        return GW_EBADREPLY;
    if (kv_is(&kv[0], GW_WS_REPLY_KEY, "deny"))
        *accept = 0;
    else if (kv_is(&kv[0], GW_WS_REPLY_KEY, "accept"))
        *accept = 1;
    else
        return GW_EBADREPLY;
    if (!*accept)
        return count == 1 ? GW_OK : GW_EBADREPLY;
    /* A subprotocol is a token (RFC 6455 4.1, RFC 9110 5.6.2), which a
     * header name is too. */
    if (count > 1 && kv_is(&kv[1], GW_WS_SUBPROTOCOL_KEY, NULL)) {
        if (gw_check_header_name(kv[1].val, kv[1].vlen) != GW_OK)
            return GW_EBADREPLY;
        i = 2;
    }
    *first_header = i;
    /* Pseudo-pairs anywhere else fail as names: ':' is not a tchar. */
    for (; i < count; i++) {
        int rc = gw_check_header_name(kv[i].key, kv[i].klen);
        if (rc == GW_OK)
            rc = gw_check_header_value(kv[i].val, kv[i].vlen);
        if (rc != GW_OK)
            return rc;
        if (gw_ws_reply_reserved(kv[i].key, kv[i].klen)) {
            *bad = i;
            return GW_ERESERVED;
        }
    }
    return GW_OK;
}

int gw_ws_reply_decode(const unsigned char *data, size_t len, gw_kv *out,
                       size_t max, size_t *n, int *accept,
                       gw_kv *subprotocol)
{
    size_t count = 0, first = 1, bad = 0;
    int acc = 0;

    *n = 0;
    *accept = 0;
    memset(subprotocol, 0, sizeof(*subprotocol));
    int rc = gw_kv_decode(data, len, out, max, &count);
    if (rc != GW_OK)
        return rc;
    rc = ws_reply_check(out, count, &acc, &first, &bad);
    if (rc == GW_ERESERVED)
        out[0] = out[bad];
    if (rc != GW_OK)
        return rc;
    /* Outputs only on success (as gw_headers_decode). */
    if (acc && first == 2)
        *subprotocol = out[1];
    if (acc) {
        memmove(out, out + first, (count - first) * sizeof(*out));
        *n = count - first;
    }
    *accept = acc;
    return GW_OK;
}

const char *gw_proto_strerror(int rc)
{
    switch (rc) {
    case GW_OK:         return "ok";
    case GW_ETRUNC:     return "truncated input";
    case GW_ETOOBIG:    return "too big";
    case GW_EBADTYPE:   return "bad type, modifier or reserved field";
    case GW_ETOOMANY:   return "too many items";
    case GW_EBADNAME:   return "invalid header name";
    case GW_EBADVALUE:  return "invalid character in header value";
    case GW_EBADSTATUS: return "invalid status line";
    case GW_ENOTFINAL:  return "status is not a final one (200-599)";
    case GW_EBADPID:    return "invalid pid";
    case GW_EBADREPLY:  return "invalid WebSocket reply (not accept or "
                               "deny, or a bad subprotocol)";
    case GW_ERESERVED:  return "header a WebSocket 101 response may not "
                               "carry";
    default:            return "unknown error";
    }
}

void gw_chunk_encode(unsigned char *out, uint32_t len)
{
    out[0] = (unsigned char)(len & 0xff);
    out[1] = (unsigned char)((len >> 8) & 0xff);
    out[2] = (unsigned char)((len >> 16) & 0xff);
    out[3] = (unsigned char)((len >> 24) & 0xff);
}

uint32_t gw_chunk_decode(const unsigned char *in)
{
    return (uint32_t)in[0] | ((uint32_t)in[1] << 8)
           | ((uint32_t)in[2] << 16) | ((uint32_t)in[3] << 24);
}

size_t gw_dechunk(gw_dechunker *d, unsigned char *buf, size_t len)
{
    size_t in = 0, out = 0;

    while (in < len && !d->done) {
        if (d->left == 0) {
            d->hdr[d->hdr_have++] = buf[in++];
            if (d->hdr_have == GW_CHUNK_HDR_LEN) {
                d->left = gw_chunk_decode(d->hdr);
                d->hdr_have = 0;
                d->done = d->left == 0;
            }
            continue;
        }
        size_t take = len - in < d->left ? len - in : d->left;
        memmove(buf + out, buf + in, take);
        in += take;
        out += take;
        d->left -= (uint32_t)take;
    }
    return out;
}

void gw_file_encode(unsigned char *out, uint64_t off, uint64_t len)
{
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(off >> (8 * i));
        out[8 + i] = (unsigned char)(len >> (8 * i));
    }
}

int gw_file_decode(const unsigned char *in, uint64_t *off, uint64_t *len)
{
    uint64_t o = 0, l = 0;

    for (int i = 7; i >= 0; i--) {
        o = o << 8 | in[i];
        l = l << 8 | in[8 + i];
    }
    *off = *len = 0;
    /* As off_t: neither the offset nor its end may pass INT64_MAX. */
    if (o > INT64_MAX || l > (uint64_t)INT64_MAX - o)
        return GW_ETOOBIG;
    *off = o;
    *len = l;
    return GW_OK;
}

void gw_pid_encode(unsigned char *out, uint32_t pid)
{
    gw_chunk_encode(out, pid);     /* the same u32le */
}

int gw_first_decode(const unsigned char *in, unsigned *type, uint32_t *pid)
{
    unsigned t;
    uint32_t len, p;
    int rc = gw_frame_decode(in, &t, &len);

    *type = 0;
    *pid = 0;
    if (rc != GW_OK) {
        return rc;
    }
    if ((t != GW_FRAME_START && t != GW_FRAME_RETRY) || len != GW_START_LEN) {
        return GW_EBADTYPE;
    }
    p = gw_chunk_decode(in + GW_FRAME_HDR_LEN);
    /* The pid is looked up among the supervisor's processes and named in
     * log lines: never 0 (an empty record there) and never a value that
     * turns negative as a pid_t. */
    if (p == 0 || p > 0x7fffffffu) {
        return GW_EBADPID;
    }
    *type = t;
    *pid = p;
    return GW_OK;
}
