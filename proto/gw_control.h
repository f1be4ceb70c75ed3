/*
 * gw_control.h - gateway-ctl's control protocol: the requests a local
 * user sends to the control socket, and the records of the replies.
 *
 * Shared by the server (the control process the Apache parent starts,
 * parent/gw_control.h), which runs as root and parses what any local
 * user sends, and the command (runner/gw_ctl_main.c).  Pure C: no APR,
 * no httpd.  docs/protocol.md describes the exchange.
 *
 * A request is one line, nothing before or after it:
 *
 *     request = command LF
 *     command = "status" [SP group] / "restart" SP group
 *             / "logs" SP group [SP "follow"]
 *     group   = 1*127 visible ASCII bytes (0x21-0x7e)
 *
 * at most GW_CTL_REQUEST_MAX bytes with its LF; anything else (a CR, a
 * tab, two spaces, a trailing space, an unknown word, bytes after the
 * LF) is refused as a whole, never guessed at.
 *
 * A reply is records, one per line:
 *
 *     record  = kind *(SP key "=" value) LF
 *     kind, key = 1*31 of a-z 0-9 "_" "-"
 *     value   = *(visible ASCII but "%" / "%" 2HEXUPPER)
 *
 * a value's other bytes (space, controls, "%", anything above 0x7e)
 * written as %XX, and only those, so each value has one spelling.  The
 * first record is "ok" or "error" (keys code= and message=); an ok reply
 * ends with an "end" record, so a cut reply is told from a whole one
 * (but "logs GROUP follow", whose "line" records go on until the client
 * or the server closes).
 */
#ifndef GW_CONTROL_H
#define GW_CONTROL_H

#include <stddef.h>

/* The longest daemon group name a request can carry (the name of a group
 * with control-group=): as the parent's own records keep it
 * (parent/gw_kept.h, 128 bytes with the NUL). */
#define GW_CTL_NAME_MAX 127

/* A request, its LF included: "restart " and the longest name fit. */
#define GW_CTL_REQUEST_MAX 256

/* One reply record, its LF included.  The longest the server writes is
 * a process record with a 160-byte last exit cause, all encoded; the
 * command refuses longer lines rather than read without end. */
#define GW_CTL_LINE_MAX 4096

/* A whole reply, at most: thousands of process records.  The server
 * refuses a status longer than that ("ask for one group"). */
#define GW_CTL_REPLY_MAX (1 << 20)

/* Fields of one record, at most. */
#define GW_CTL_FIELDS_MAX 32

/* Whether a group name can be written in a request: 1 to
 * GW_CTL_NAME_MAX bytes of visible ASCII (0x21-0x7e), so a request is
 * words separated by single spaces, and a name prints as itself. */
static inline int gw_ctl_name_ok(const char *name)
{
    size_t n = 0;

    for (; name[n]; n++)
        if ((unsigned char)name[n] < 0x21 || (unsigned char)name[n] > 0x7e
            || n >= GW_CTL_NAME_MAX)
            return 0;
    return n > 0;
}

typedef enum {
    GW_CTL_STATUS = 1,      /* status [GROUP]: "" is every group */
    GW_CTL_RESTART,         /* restart GROUP */
    GW_CTL_LOGS             /* logs GROUP [follow] */
} gw_ctl_verb;

typedef struct {
    gw_ctl_verb verb;
    char group[GW_CTL_NAME_MAX + 1];    /* "" when none was given */
    int follow;                         /* logs: "follow" was given */
} gw_ctl_request;

/* Parses the len bytes of buf as one request (its LF the last byte, and
 * the only one).  0, or -1 with *why saying what is wrong (static
 * text, no byte of the input in it). */
int gw_ctl_request_parse(const char *buf, size_t len, gw_ctl_request *rq,
                         const char **why);

/* rq as a request, its LF included, NUL-terminated in buf (cap bytes):
 * its length, or -1 when rq is not a valid request or does not fit. */
int gw_ctl_request_format(const gw_ctl_request *rq, char *buf, size_t cap);

/* v percent-encoded as a record value (see above) into out (cap bytes,
 * NUL-terminated when cap > 0): the length the whole encoding needs, as
 * snprintf, so out holds all of it when the result is below cap. */
size_t gw_ctl_encode(char *out, size_t cap, const char *v);

/* One record, parsed in place: keys and decoded values point into the
 * line, which parsing changes. */
typedef struct {
    const char *kind;
    int n;
    const char *key[GW_CTL_FIELDS_MAX];
    const char *value[GW_CTL_FIELDS_MAX];
} gw_ctl_record;

/* Parses line (NUL-terminated, its LF already taken off) as a record.
 * 0, or -1 when it is not one (nothing in rec is to be used then). */
int gw_ctl_record_parse(char *line, gw_ctl_record *rec);

/* The value of key in rec, or NULL. */
const char *gw_ctl_record_get(const gw_ctl_record *rec, const char *key);

#endif
