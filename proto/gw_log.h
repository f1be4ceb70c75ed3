/*
 * gw_log.h - error log lines from the daemon process, the attached
 * daemons' runner and the spawn code between fork and exec.
 *
 * A process the supervisor starts has fd 1 and 2 on a pipe to
 * gateway-logger (runner/gw_logger_main.c), never on the error log
 * itself.  After gw_log_framed() every line goes into that pipe as a
 * record ("\x01" LEVEL " " TID " " TEXT, proto/gw_logline.h), which the
 * logger writes to Apache's main error log in Apache's own format, with
 * the pid and group the Apache parent registered for the pipe:
 *   [Mon Nov 23 18:42:21.123456 2026] [gateway:error] [pid 123:tid 456] \
 *       [group app] GW03001: message
 * Before it (the spawn code while fd 2 is still the Apache parent's),
 * lines are written in that format directly.  Each line is one write(2)
 * of at most GW_LOG_LINE_MAX bytes, so lines from many threads never
 * interleave (writes to a pipe up to PIPE_BUF are atomic).
 *
 * The pipe's write end is non-blocking: when it is full (the logger
 * stalled), a line waits up to GW_LOG_STALL_MS for room and is then
 * dropped; lines after a dropped one do not wait until one gets through,
 * which is followed by a GW07002 line counting those lost.  A stopped
 * logger slows a process down for one GW_LOG_STALL_MS, never wedges it.
 *
 * The message of every line is escaped (gw_log_escape), as Apache's own
 * logger escapes each message it writes: much of what the daemon logs
 * comes from the request packet (REQUEST_URI, script names, header
 * values) or from the application (wsgi.errors, tracebacks), and such
 * text must not end the line and start one that looks like Apache's.
 *
 * Log ids: every line starts with a unique "GWnnnnn:" id, documented in
 * docs/errors.md.  Ranges: GW00xxx config, GW01xxx Apache child,
 * GW02xxx supervisor (Apache parent), GW03xxx daemon process,
 * GW04xxx Python/WSGI, GW05xxx daemon connection I/O, GW06xxx attached
 * daemons' runner, GW07xxx the log path (gateway-logger).
 */
#ifndef GW_LOG_H
#define GW_LOG_H

#include <stddef.h>

#define GW_LOG_LINE_MAX 4000  /* below PIPE_BUF: one atomic write */
#define GW_LOG_STALL_MS 1000

enum gw_log_level {
    GW_LOG_CRIT, GW_LOG_ERR, GW_LOG_WARN, GW_LOG_NOTICE, GW_LOG_INFO,
    GW_LOG_DEBUG
};

/* Called once at daemon start: names the group in every line and sets the
 * lowest level written (GW_LOG_INFO unless the config says otherwise). */
void gw_log_init(const char *group, int level);

/* From now on fd 2 is this process's pipe to gateway-logger: lines are
 * records (see above). */
void gw_log_framed(void);

/* fmt should begin with the "GWnnnnn: " id.  Never fails; a line too long
 * is cut and ends with "...". */
void gw_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes text that may span lines (a Python traceback, wsgi.errors output)
 * as one log line per text line, each with the given id prefix. */
void gw_log_text(int level, const char *id, const char *text, size_t len);

/* Escapes the len bytes at in into out (cap bytes, NUL-terminated) as
 * Apache escapes its error log messages (ap_escape_errorlog_item, what
 * ap_escape_logitem does but for '"'): \b \n \r \t \v, \\ for a
 * backslash and \xhh for any other byte that is not printable ASCII
 * (below 0x20, 0x7f and up, NUL included), the rest as it is.  Output
 * that would not fit is cut before an escape, never inside one, and ends
 * with "...".  Returns the length written (without the NUL). */
size_t gw_log_escape(char *out, size_t cap, const char *in, size_t len);

#endif
