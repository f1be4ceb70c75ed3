/*
 * gw_workerfile.h - the worker file (worker-file= of WSGIDaemonProcess,
 * ours, not mod_wsgi's): the extra processes of a daemon group, listed by
 * the developer in a file versioned with the code.  Each entry becomes
 * an attached daemon of the group, exactly as a WSGIAttachDaemon line
 * (module/gw_workerfile_config.h, docs/attached-daemons.md).
 *
 * Root (the Apache parent) parses a file a developer writes, so the
 * grammar is strict and bounded, and every refusal names its line:
 *
 *   file    := line*                 at most GW_WF_MAX_SIZE bytes
 *   line    := blank | comment | entry   at most GW_WF_MAX_LINE bytes
 *   comment := '#' text              (the first non-blank character)
 *   entry   := NAME ':' (' ' | TAB)+ setting* command arg*
 *   NAME    := 1-64 of [A-Za-z0-9._-], unique in the file
 *   setting := stop-signal=SIG | reload-signal=SIG|none
 *            | stop-timeout=0..86400 | restart-delay=0..3600
 *            | after=NAME[,NAME...]          each at most once
 *   command := a word starting with '/': run with execv, no shell
 *   word    := unquoted | '...' | "..."
 *   unquoted: letters, digits, bytes >= 0x80 and - _ . / : = , + @ % ^ !
 *   '...'   : literal; "...": literal except \" \\ \$ \` (a bare $ or `
 *             is refused: nothing is expanded)
 * A quote ends its word (no 'a'b); no control character but TAB; no
 * NUL; at most GW_WF_MAX_ENTRIES entries of at most GW_WF_MAX_WORDS
 * words.  after= names entries of the same file; a cycle is refused.
 *
 * Pure C: no APR, no httpd.  Unit-tested (tests/unit/test_workerfile.c)
 * and fuzzed (tests/fuzz/fuzz_workerfile.c).
 */
#ifndef GW_WORKERFILE_H
#define GW_WORKERFILE_H

#include <stddef.h>

#define GW_WF_MAX_SIZE     65536   /* bytes in the file */
#define GW_WF_MAX_LINE     4096    /* bytes in a line, without its LF */
#define GW_WF_MAX_ENTRIES  32
#define GW_WF_MAX_WORDS    256     /* of an entry, its name included */
#define GW_WF_NAME_MAX     64
#define GW_WF_TIMEOUT_MAX  86400   /* stop-timeout=, as WSGIAttachDaemon */
#define GW_WF_DELAY_MAX    3600    /* restart-delay= */

typedef struct {
    char *name;
    unsigned line;           /* where it is defined */
    int stop_signal;         /* SIGTERM unless given */
    int reload_signal;       /* SIGHUP unless given; 0: none */
    int stop_timeout;        /* seconds; -1: the group's shutdown-timeout= */
    int restart_delay;       /* seconds before a restart after it ended */
    char **after;            /* names, NULL-terminated (never NULL) */
    size_t nafter;
    char **argv;             /* command and arguments, NULL-terminated */
    size_t argc;
} gw_wf_entry;

typedef struct {
    gw_wf_entry *entries;    /* in start order: each after its after=, */
    size_t n;                /* otherwise in the order of the file */
} gw_wf;

typedef struct {
    unsigned line;           /* 0: the file as a whole */
    const char *id;          /* "GW0011x", docs/errors.md */
    char text[384];
} gw_wf_error;

/* Parses text (len bytes, not NUL-terminated necessarily).  0 and *out
 * filled (gw_wf_free it), or -1 and *err filled (*out left empty). */
int gw_wf_parse(const char *text, size_t len, gw_wf *out, gw_wf_error *err);

void gw_wf_free(gw_wf *wf);

/* The text of wf in the file's grammar, every setting written out:
 * parsing it gives wf again.  malloc'd; NULL when out of memory. */
char *gw_wf_format(const gw_wf *wf);

#endif
