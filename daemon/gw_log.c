/*
 * gw_log.c - error log lines from the daemon process (see gw_log.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "gw_log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *log_group = "?";
static int log_level = GW_LOG_INFO;

static const char *const level_names[] = {
    "crit", "error", "warn", "notice", "info", "debug"
};

void gw_log_init(const char *group, int level)
{
    log_group = group;
    log_level = level;
}

/* Apache's own timestamp format, so our lines sort with its lines. */
static size_t log_prefix(char *buf, size_t cap, int level)
{
    struct timeval tv;
    struct tm tm;
    char date[64];

    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    strftime(date, sizeof(date), "%a %b %d %H:%M:%S", &tm);
    int n = snprintf(buf, cap, "[%s.%06ld %d] [gateway:%s] [pid %ld:tid %ld] "
                     "[group %s] ", date, (long)tv.tv_usec, tm.tm_year + 1900,
                     level_names[level], (long)getpid(),
                     (long)syscall(SYS_gettid), log_group);
    return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap - 1);
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
    /* stderr is the error log; nothing sensible is left to do on failure,
     * but a short write to a pipe is retried so the line stays whole. */
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(STDERR_FILENO, line + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    errno = saved;
}

void gw_log(int level, const char *fmt, ...)
{
    char line[GW_LOG_LINE_MAX];
    va_list ap;

    if (level > log_level)
        return;
    size_t len = log_prefix(line, sizeof(line), level);
    va_start(ap, fmt);
    int n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
    va_end(ap);
    if (n > 0)
        len += (size_t)n;
    log_emit(line, len > sizeof(line) ? sizeof(line) : len, sizeof(line));
}

void gw_log_text(int level, const char *id, const char *text, size_t len)
{
    char line[GW_LOG_LINE_MAX];

    if (level > log_level)
        return;
    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t seg = nl ? (size_t)(nl - text) : len;
        size_t off = log_prefix(line, sizeof(line), level);
        int n = snprintf(line + off, sizeof(line) - off, "%s: %.*s", id,
                         (int)(seg > sizeof(line) ? sizeof(line) : seg), text);
        if (n > 0)
            off += (size_t)n;
        log_emit(line, off > sizeof(line) ? sizeof(line) : off, sizeof(line));
        if (!nl)
            break;
        len -= seg + 1;
        text = nl + 1;
    }
}
