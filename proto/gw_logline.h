/*
 * gw_logline.h - what gateway-logger reads, and the error log lines it
 * writes (runner/gw_logger_main.c).
 *
 * Pure C11 like gw_proto.h: no APR, no httpd, nothing allocated or
 * logged; linked into the logger, the Apache module (which sends the
 * control messages), the daemon (which writes records), the unit tests
 * and a fuzz target.  Every parser treats its input as hostile.
 *
 * Each process the Apache parent starts that runs application code, or
 * shares a uid with it (daemon processes, the gateway-attach runners of
 * attached daemons), has fd 1 and 2 on the write end of a pipe of its
 * own; gateway-logger reads the other end.  What arrives there is split
 * into lines:
 *
 *   record   "\x01" LEVEL " " TID " " TEXT "\n"
 *            LEVEL one digit 0-5 (GW_LOG_CRIT .. GW_LOG_DEBUG, see
 *            proto/gw_log.h), TID 1 to 10 digits (no leading zero,
 *            at most 2^31-1), TEXT anything but a newline: what gw_log()
 *            writes.  Rebuilt as
 *              [DATE] [gateway:LEVEL] [pid P:tid TID] [group G] TEXT
 *   raw      any other line (os.write(2, ...), a C extension's printf,
 *            Python's own fatal errors, a record cut by an overlong
 *            line): logged as
 *              [DATE] [gateway:notice] [pid P] [group G] GW07010: output
 *                  of daemon process: TEXT
 *
 * DATE is the logger's clock, P and G what the Apache parent said when
 * it handed the pipe over, never anything read from the pipe: whatever a
 * process writes, it can only produce lines tagged with its own pid and
 * group, after mod_gateway's prefix.  TEXT is escaped (gw_logline_escape),
 * so no byte of it can end the line, move the cursor or clear a terminal.
 * A line longer than GW_LOGLINE_PIECE bytes is split into pieces, each
 * its own log line; a piece that continues on the next line ends with
 * "[...]" and the next one starts with it.
 *
 * Control channel (Apache parent -> logger): a SOCK_SEQPACKET socket,
 * one message per datagram, text, exactly one descriptor (SCM_RIGHTS):
 *   "log"                      the descriptor is the main error log
 *                              (Apache reopens it on every restart)
 *   "pipe PID KIND GROUP"      the read end of process PID's pipe; KIND
 *                              'd' daemon process, 'a' attached process
 *                              (its runner); GROUP the rest, 1 to
 *                              GW_LOGCTL_GROUP_MAX bytes, no NUL
 */
#ifndef GW_LOGLINE_H
#define GW_LOGLINE_H

#include <stddef.h>

/* Bytes of one input line per log line: more than gw_log() ever writes
 * (GW_LOG_LINE_MAX, 4000), so a record is never split. */
#define GW_LOGLINE_PIECE      4096
#define GW_LOGCTL_GROUP_MAX   255
#define GW_LOGCTL_MSG_MAX     (32 + GW_LOGCTL_GROUP_MAX)
/* The longest line gw_logline_build() writes: the prefix with a
 * fully escaped group name, and a fully escaped piece (4 bytes a byte). */
#define GW_LOGLINE_OUT_MAX    (256 + 4 * GW_LOGCTL_GROUP_MAX \
                               + 4 * GW_LOGLINE_PIECE)

#define GW_LOGREC_MARK        '\x01'

enum { GW_LOGCTL_KIND_DAEMON = 'd', GW_LOGCTL_KIND_ATTACH = 'a' };

/* Flags of a piece of input (gw_logbuf_feed's callback). */
#define GW_LOGLINE_CONT_IN   1   /* continues the previous piece */
#define GW_LOGLINE_CONT_OUT  2   /* continued by the next piece */

/* ---- splitting a pipe's bytes into lines --------------------------------- */

typedef struct {
    size_t len;
    int cont;                    /* what is pending continues a piece */
    char buf[GW_LOGLINE_PIECE];
} gw_logbuf;

typedef void (*gw_logline_fn)(void *ctx, const char *text, size_t len,
                              int flags);

void gw_logbuf_init(gw_logbuf *b);

/* Calls fn for every complete line (without its newline) and every full
 * piece of an overlong one in data[0, n); keeps a partial line. */
void gw_logbuf_feed(gw_logbuf *b, const char *data, size_t n,
                    gw_logline_fn fn, void *ctx);

/* Hands the pending partial line to fn, if any: at the end of the input
 * (more 0), or because the writer went quiet (more 1: what it writes
 * next continues that line, and is marked so). */
void gw_logbuf_flush(gw_logbuf *b, int more, gw_logline_fn fn, void *ctx);

/* ---- records --------------------------------------------------------------- */

typedef struct {
    int level;                   /* 0..5 */
    long tid;
    const char *text;            /* points into the line */
    size_t text_len;
} gw_logrec;

/* 0 and *out filled when line[0, len) (no newline) is a record, else -1. */
int gw_logrec_parse(const char *line, size_t len, gw_logrec *out);

/* ---- the lines written ----------------------------------------------------- */

/* How one byte appears in the log, as Apache's own error log writes
 * what it is given (ap_escape_errorlog_item): printable ASCII as itself
 * but the backslash; \b \n \r \t \v and \\ as such; every other byte
 * (controls, DEL, everything from 0x80 up, so UTF-8 text too) as \xHH.
 * No byte of the output is a control byte, and no output can be read as
 * another escape.  With `escaped` set the input is text escaped so
 * already (a record, by gw_log()): its backslashes stay as they are, and
 * only what it should not hold is escaped.  Writes at most 4 bytes to
 * esc, returns how many. */
size_t gw_logline_escape_byte(unsigned char c, char esc[4], int escaped);

/* Escapes in[0, len) into out (at most cap bytes, no NUL added), byte by
 * byte as gw_logline_escape_byte(); an escape is never cut in half.
 * Returns the bytes written; *used (when not NULL) gets how many bytes of
 * in they stand for. */
size_t gw_logline_escape(char *out, size_t cap, const char *in, size_t len,
                         int escaped, size_t *used);

/* Who wrote a piece: what the Apache parent registered. */
typedef struct {
    long pid;
    int kind;                    /* GW_LOGCTL_KIND_* */
    const char *group;
    size_t group_len;
} gw_logline_src;

/* One log line, newline included, for piece text[0, len) with the
 * gw_logbuf flags: a record when it is one and whole (flags 0), raw
 * output otherwise.  date: Apache's time stamp, e.g. "Mon Nov 23
 * 18:42:21.123456 2026" (no brackets).  At most cap bytes; cap >=
 * GW_LOGLINE_OUT_MAX never cuts.  Returns the length. */
size_t gw_logline_build(char *out, size_t cap, const char *date,
                        const gw_logline_src *src, const char *text,
                        size_t len, int flags);

/* ---- control messages ------------------------------------------------------ */

enum { GW_LOGCTL_LOG = 1, GW_LOGCTL_PIPE };

typedef struct {
    int type;                    /* GW_LOGCTL_* */
    long pid;
    int kind;
    const char *group;           /* points into the message */
    size_t group_len;
} gw_logctl;

/* 0 and *out filled when msg[0, len) is a control message, else -1. */
int gw_logctl_parse(const char *msg, size_t len, gw_logctl *out);

/* Writes "pipe PID KIND GROUP" into out (cap >= GW_LOGCTL_MSG_MAX);
 * returns its length, or 0 when pid, kind or group cannot be sent. */
size_t gw_logctl_pipe_msg(char *out, size_t cap, long pid, int kind,
                          const char *group);

#endif
