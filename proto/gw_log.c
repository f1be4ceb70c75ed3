/*
 * gw_log.c - error log lines from the daemon process (see gw_log.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "gw_log.h"
#include "gw_logline.h"   /* the record's format */
#include "gw_clock.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *log_group = "?";
static int log_level = GW_LOG_INFO;
static int log_framed;
/* Lines dropped because the pipe was full, not yet reported; and whether
 * the last line was one of them (then the next does not wait). */
static atomic_uint lost;
static atomic_int stalled;

static const char *const level_names[] = {
    "crit", "error", "warn", "notice", "info", "debug"
};

void gw_log_init(const char *group, int level)
{
    log_group = group;
    log_level = level;
}

void gw_log_framed(void)
{
    log_framed = 1;
}

/* A record for gateway-logger, which adds the time, pid and group; or
 * Apache's own format, so our lines sort with its lines. */
static size_t log_prefix(char *buf, size_t cap, int level)
{
    struct timeval tv;
    struct tm tm;
    char date[64];
    int n;

    if (log_framed)
        n = snprintf(buf, cap, "%c%d %ld ", GW_LOGREC_MARK, level,
                     (long)syscall(SYS_gettid));
    else {
        gettimeofday(&tv, NULL);
        localtime_r(&tv.tv_sec, &tm);
        strftime(date, sizeof(date), "%a %b %d %H:%M:%S", &tm);
        n = snprintf(buf, cap, "[%s.%06ld %d] [gateway:%s] [pid %ld:tid %ld] "
                     "[group %s] ", date, (long)tv.tv_usec,
                     tm.tm_year + 1900, level_names[level], (long)getpid(),
                     (long)syscall(SYS_gettid), log_group);
    }
    return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap - 1);
}

/* Waits for room in the pipe until the deadline; 0 when there is some. */
static int wait_room(long long deadline)
{
    for (;;) {
        long long left = deadline - gw_clock_ms();
        struct pollfd p = { STDERR_FILENO, POLLOUT, 0 };
        if (left <= 0)
            return -1;
        int n = poll(&p, 1, (int)left);
        if (n > 0)
            return (p.revents & POLLOUT) ? 0 : -1;
        if (n < 0 && errno != EINTR)
            return -1;
    }
}

/* 0 when the line went out whole.  Up to PIPE_BUF a pipe takes a write
 * whole or not at all, so a full pipe never gets half a line. */
static int write_line(const char *line, size_t len)
{
    size_t off = 0;
    long long deadline = -1;

    while (off < len) {
        ssize_t w = write(STDERR_FILENO, line + off, len - off);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN && log_framed) {
            if (atomic_load(&stalled))
                return -1;
            if (deadline < 0)
                deadline = gw_clock_ms() + GW_LOG_STALL_MS;
            if (wait_room(deadline) == 0)
                continue;
            atomic_store(&stalled, 1);
        }
        return -1;
    }
    return 0;
}

static void log_emit(char *line, size_t len, size_t cap)
{
    if (len > cap - 2) {
        /* Cut, and say so, rather than split: one line stays one write. */
        len = cap - 5;
        memcpy(line + len, "...", 3);
        len += 3;
    }
    line[len++] = '\n';
    int saved = errno;
    /* Nothing sensible is left to do when the log cannot be written; a
     * line lost to a full pipe is counted and reported. */
    if (write_line(line, len) != 0) {
        if (log_framed)
            atomic_fetch_add(&lost, 1);
    }
    else if (log_framed) {
        atomic_store(&stalled, 0);
        unsigned n = atomic_exchange(&lost, 0);
        if (n) {
            char note[200];
            size_t k = log_prefix(note, sizeof(note), GW_LOG_WARN);
            int m = snprintf(note + k, sizeof(note) - k, "GW07002: %u log "
                             "line(s) of this process were lost: its pipe "
                             "to gateway-logger was full\n", n);
            if (m > 0 && (size_t)m < sizeof(note) - k
                && write_line(note, k + (size_t)m) != 0)
                atomic_fetch_add(&lost, n);
        }
    }
    errno = saved;
}

size_t gw_log_escape(char *out, size_t cap, const char *in, size_t len)
{
    size_t used, o;

    if (cap == 0)
        return 0;
    /* All of it with its NUL, or cut with room kept for the "..." that
     * says so. */
    o = gw_logline_escape(out, cap - 1, in, len, 0, &used);
    if (used < len) {
        size_t room = cap > 4 ? cap - 4 : 0;
        o = gw_logline_escape(out, room, in, len, 0, NULL);
        if (cap > 4) {
            memcpy(out + o, "...", 3);
            o += 3;
        }
    }
    out[o] = '\0';
    return o;
}

/* prefix, then "id: " when id is set, then the escaped message. */
static void log_line(int level, const char *id, const char *msg, size_t len)
{
    char line[GW_LOG_LINE_MAX];
    size_t off = log_prefix(line, sizeof(line), level);

    size_t idlen = id ? strlen(id) : 0;
    if (idlen && idlen + 2 < sizeof(line) - off) {
        memcpy(line + off, id, idlen);
        memcpy(line + off + idlen, ": ", 2);
        off += idlen + 2;
    }
    /* One byte stays free for log_emit's newline. */
    off += gw_log_escape(line + off, sizeof(line) - off - 1, msg, len);
    log_emit(line, off, sizeof(line));
}

void gw_log(int level, const char *fmt, ...)
{
    char msg[GW_LOG_LINE_MAX];
    va_list ap;

    if (level > log_level)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    log_line(level, NULL, msg, (size_t)n < sizeof(msg) ? (size_t)n
                                                        : sizeof(msg) - 1);
}

void gw_log_text(int level, const char *id, const char *text, size_t len)
{
    if (level > log_level)
        return;
    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t seg = nl ? (size_t)(nl - text) : len;
        /* Past what a line holds, the rest of a segment is cut anyway. */
        log_line(level, id, text, seg < GW_LOG_LINE_MAX ? seg
                                                        : GW_LOG_LINE_MAX);
        if (!nl)
            break;
        len -= seg + 1;
        text = nl + 1;
    }
}
