/*
 * gw_log.h - error log lines from the daemon process.
 *
 * The supervisor leaves the daemon's stderr on Apache's main error log, so
 * the daemon writes lines in Apache's own format there:
 *   [Mon Nov 23 18:42:21.123456 2026] [gateway:error] [pid 123:tid 456] \
 *       [group app] GW03001: message
 * Each line is one write(2) of at most GW_LOG_LINE_MAX bytes, so lines from
 * many threads and processes never interleave (O_APPEND file or pipe).
 * The message of every line is escaped (gw_log_escape), as Apache's own
 * logger escapes each message it writes: much of what the daemon logs
 * comes from the request packet (REQUEST_URI, script names, header
 * values) or from the application (wsgi.errors, tracebacks), and such
 * text must not end the line and start one that looks like Apache's.
 *
 * Log ids: every line starts with a unique "GWnnnnn:" id, documented in
 * docs/errors.md.  Ranges: GW00xxx config, GW01xxx Apache child,
 * GW02xxx supervisor (Apache parent), GW03xxx daemon process,
 * GW04xxx Python/WSGI, GW05xxx daemon connection I/O.
 */
#ifndef GW_LOG_H
#define GW_LOG_H

#include <stddef.h>

#define GW_LOG_LINE_MAX 4000  /* below PIPE_BUF multiples Apache uses */

enum gw_log_level {
    GW_LOG_CRIT, GW_LOG_ERR, GW_LOG_WARN, GW_LOG_NOTICE, GW_LOG_INFO,
    GW_LOG_DEBUG
};

/* Called once at daemon start: names the group in every line and sets the
 * lowest level written (GW_LOG_INFO unless the config says otherwise). */
void gw_log_init(const char *group, int level);

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
