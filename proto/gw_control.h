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
 *             / "reload-workers" SP group
 *             / "stop-worker" SP group SP worker
 *             / "start-worker" SP group SP worker
 *     group   = 1*127 visible ASCII bytes (0x21-0x7e)
 *     worker  = 1*64 visible ASCII bytes (an attached daemon's name)
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
 *
 * The worker commands are carried out by the Apache parent, which runs
 * the attached daemons: the control process relays each one, once it
 * has authorised it, over a socket pair only the two of them hold
 * (parent/gw_control_bell.h), one SOCK_SEQPACKET message each way:
 *
 *     relay   = id SP uid SP pid SP user SP request
 *     answer  = id LF reply
 *     id      = 1*10 DIGIT, no leading zero, 1 to 2147483647
 *     uid, pid = "0" / 1*10 DIGIT without a leading zero (uid at most
 *               4294967294, pid at most 2147483647)
 *     user    = 1*32 visible ASCII bytes ("?": the uid has no name)
 *
 * the request as above (its LF the relay's last byte), the reply as
 * below.  The parent parses the relay as strictly as the control
 * process parses a request: it comes from a process that reads every
 * local user's bytes.
 */
#ifndef GW_CONTROL_H
#define GW_CONTROL_H

#include <stddef.h>

/* The longest daemon group name a request can carry (the name of a group
 * with control-group=): as the parent's own records keep it
 * (parent/gw_kept.h, 128 bytes with the NUL). */
#define GW_CTL_NAME_MAX 127

/* An attached daemon's name in a request: name= of WSGIAttachDaemon and
 * a worker file's NAME are both at most 64 bytes. */
#define GW_CTL_WORKER_MAX 64

/* A request, its LF included: "start-worker ", the longest group name,
 * a space and the longest worker name fit. */
#define GW_CTL_REQUEST_MAX 256

/* The user name a relay carries, at most (longer ones are sent "?"). */
#define GW_CTL_USER_MAX 32

/* A relay, at most: three numbers, a user and a request. */
#define GW_CTL_RELAY_MAX (3 * 11 + GW_CTL_USER_MAX + 1 + GW_CTL_REQUEST_MAX)

/* An answer of the parent, at most (one SOCK_SEQPACKET message): the
 * records of a reload of a worker file's 32 entries, and more. */
#define GW_CTL_ANSWER_MAX (64 * 1024)

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
    GW_CTL_LOGS,            /* logs GROUP [follow] */
    GW_CTL_RELOAD_WORKERS,  /* reload-workers GROUP */
    GW_CTL_STOP_WORKER,     /* stop-worker GROUP WORKER */
    GW_CTL_START_WORKER     /* start-worker GROUP WORKER */
} gw_ctl_verb;

typedef struct {
    gw_ctl_verb verb;
    char group[GW_CTL_NAME_MAX + 1];    /* "" when none was given */
    char worker[GW_CTL_WORKER_MAX + 1]; /* stop-, start-worker; else "" */
    int follow;                         /* logs: "follow" was given */
} gw_ctl_request;

/* Whether the parent carries rq out (the worker commands), not the
 * control process. */
static inline int gw_ctl_verb_relayed(gw_ctl_verb v)
{
    return v == GW_CTL_RELOAD_WORKERS || v == GW_CTL_STOP_WORKER
           || v == GW_CTL_START_WORKER;
}

/* The command's word ("stop-worker"), or NULL for no verb. */
const char *gw_ctl_verb_word(gw_ctl_verb v);

/* Parses the len bytes of buf as one request (its LF the last byte, and
 * the only one).  0, or -1 with *why saying what is wrong (static
 * text, no byte of the input in it). */
int gw_ctl_request_parse(const char *buf, size_t len, gw_ctl_request *rq,
                         const char **why);

/* rq as a request, its LF included, NUL-terminated in buf (cap bytes):
 * its length, or -1 when rq is not a valid request or does not fit. */
int gw_ctl_request_format(const gw_ctl_request *rq, char *buf, size_t cap);

/* A relayed request: who asked, as the control process saw them. */
typedef struct {
    unsigned long id;
    unsigned long uid;
    unsigned long pid;
    char user[GW_CTL_USER_MAX + 1];
    gw_ctl_request rq;
} gw_ctl_relay;

/* Parses the len bytes of buf as one relay.  0, or -1 with *why (static
 * text).  A request of any verb parses; which ones the parent takes is
 * its choice. */
int gw_ctl_relay_parse(const char *buf, size_t len, gw_ctl_relay *r,
                       const char **why);

/* r as a relay into buf (cap bytes, NUL-terminated): its length, or -1
 * when r is not a valid relay or does not fit. */
int gw_ctl_relay_format(const gw_ctl_relay *r, char *buf, size_t cap);

/* The answer in the len bytes of buf: its id, and where the reply
 * starts (*off).  0, or -1 when it does not start with an id line or
 * its reply is not a whole one (gw_ctl_reply_check). */
int gw_ctl_answer_parse(const char *buf, size_t len, unsigned long *id,
                        size_t *off);

/* Whether the len bytes of buf are one whole reply: records of at most
 * GW_CTL_LINE_MAX bytes each ending in LF, the first "ok" and the last
 * "end" (and no other of either, nor an "error"), or one "error" record
 * alone.  0 or -1. */
int gw_ctl_reply_check(const char *buf, size_t len);

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
