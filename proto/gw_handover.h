/*
 * gw_handover.h - what the Apache parent hands a daemon process at start:
 * its group's settings, the group's secret and the scripts delegated to
 * it.
 *
 * Everything travels in one sealed memfd on fd 4 (gw_fds.h): nothing in
 * argv (ps shows it) or the environment (/proc/PID/environ keeps the
 * exec-time block for good, whatever unsetenv() does).  The text is one
 * "key value" per line; the keys and their bounds are ONE table
 * (gw_handover_fields, gw_handover.c), from which the parent formats
 * (gw_handover_format) and the daemon parses (gw_handover_parse), so the
 * two cannot disagree on a name or a range.  The parent's options take
 * their bounds from the same table (module/gw_options.c).  Repeated keys:
 *
 *   import-script GROUP<TAB>PATH   WSGIImportScript, loaded at start into
 *                                  application group GROUP
 *   script PATH                    a script delegated to the group
 *   script-dir DIR                 any script below DIR (directory mounts,
 *                                  WSGIScriptAliasMatch, AddHandler)
 *
 * Pure C: no APR, no httpd.
 */
#ifndef GW_HANDOVER_H
#define GW_HANDOVER_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "gw_fds.h"

/* The longest timeout any option takes, in seconds: mod_wsgi's (an int;
 * FreeIPA's configuration writes socket-timeout=2147483647). */
#define GW_SECONDS_MAX     INT_MAX

typedef struct {
    const char *group;
    long long threads;
    long long processes;
    long long multiprocess;      /* wsgi.multiprocess */
    const char *python_home;     /* NULL: none */
    const char *python_path;     /* NULL: none */
    long long peer_uid;
    long long shutdown_timeout;  /* seconds, as the timeouts below: the
                                  * longer of graceful- and shutdown- */
    long long kill_timeout;      /* the shorter of them: when, at the
                                  * earliest, the supervisor may kill a
                                  * stopping process (0: unknown) */
    long long log_level;
    long long maximum_requests;  /* 0: off, as the rest */
    long long maximum_rss;       /* bytes */
    long long restart_interval;
    long long inactivity_timeout;
    long long request_timeout;
    long long deadlock_timeout;
    long long startup_timeout;
    const char *restart_file;    /* restart-file=, NULL: none */
    long long script_reloading;  /* WSGIScriptReloading (default on) */
    /* mod_wsgi's Python settings (module/gw_compat.c): the group's
     * python-eggs= or WSGIPythonEggs, and the WSGIPython* and
     * WSGIRestrict* directives, the same for every group. */
    const char *python_eggs;     /* PYTHON_EGG_CACHE, NULL: none */
    long long python_optimize;   /* 0..2 */
    const char *python_hash_seed; /* "random" or a number, NULL: random */
    const char *python_warnings; /* -W options, tab-separated */
    long long dont_write_bytecode;
    long long restrict_stdin;
    long long restrict_stdout;
    long long restrict_signal;
    /* script-user= / script-group=: the owner (uid) or group (gid) every
     * WSGI script run in the group must have, -1 (also when absent):
     * any; the names are for log lines only. */
    long long script_uid;
    const char *script_user;
    long long script_gid;
    const char *script_group;
    long long asgi;              /* protocol=asgi: ASGI 3 apps on an
                                    event loop (interp/gw_asgi.h) */
    const char *secret;          /* GW_SECRET_HEX hex digits */
    const char **scripts;        /* sorted */
    size_t nscripts;
    const char **script_dirs;    /* every script below these */
    size_t nscript_dirs;
    const char **imports;        /* WSGIImportScript: "group\tpath" */
    size_t nimports;
    char *loaded;                /* gw_handover_load's text, which the
                                    strings above point into */
} gw_handover;

/* One key of the hand-over. */
typedef enum { GW_HO_NUMBER, GW_HO_TEXT } gw_ho_type;

typedef struct {
    const char *key;
    gw_ho_type type;
    long long lo, hi;            /* GW_HO_NUMBER: the range allowed */
    size_t offset;               /* into gw_handover */
    int required;                /* the daemon cannot start without it */
} gw_ho_field;

/* The table; the entry after the last has key NULL. */
extern const gw_ho_field gw_handover_fields[];

/* The entry of key, or NULL. */
const gw_ho_field *gw_handover_field(const char *key);

/* h as hand-over text: malloc()ed, NUL-ended, or NULL when out of memory.
 * A number out of its field's range, a text holding a newline, or a
 * missing required value is not formatted: NULL, with *bad naming the
 * key (a bug in the caller, which it reports). */
char *gw_handover_format(const gw_handover *h, const char **bad);

/* Parses text (modified in place; the strings in h point into it) into
 * h.  0; GW_HO_EBAD with *bad the offending line (unknown key, a value
 * out of range or malformed); GW_HO_EMISSING with *bad the missing key;
 * GW_HO_ENOMEM. */
#define GW_HO_EBAD      (-1)
#define GW_HO_EMISSING  (-2)
#define GW_HO_ENOMEM    (-3)
int gw_handover_parse(char *text, gw_handover *h, const char **bad);

/* Frees what gw_handover_parse() allocated (the lists). */
void gw_handover_free(gw_handover *h);

/* The daemon: reads fd (the memfd), parses it and closes fd; 0, or -1
 * after logging what is wrong (GW03020-GW03025).  The text stays for the
 * process's life (h->loaded). */
int gw_handover_load(int fd, gw_handover *h);

#endif
