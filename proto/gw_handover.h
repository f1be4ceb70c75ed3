/*
 * gw_handover.h - what the supervisor hands a daemon process at start.
 *
 * Runs in the daemon.  Everything travels in one sealed memfd on fd 4,
 * written by the Apache parent (parent/gw_supervisor.c): nothing in argv
 * (ps shows it) or the environment (/proc/PID/environ keeps the exec-time
 * block for good, whatever unsetenv() does).  One "key value" per line:
 *
 *   group NAME                threads N              processes N
 *   multiprocess 0|1          (processes= given: wsgi.multiprocess;
 *                             without the line, processes > 1)
 *   python-home PATH          python-path PATHS      peer-uid UID
 *   shutdown-timeout SECONDS  log-level N            secret HEX64
 *   maximum-requests N        restart-interval S     inactivity-timeout S
 *   request-timeout S         deadlock-timeout S     startup-timeout S
 *   restart-file PATH         script-reloading 0|1   maximum-rss BYTES
 *   import-script GROUP<TAB>PATH   (repeated: WSGIImportScript, loaded at
 *                             start into application group GROUP)
 *   script PATH               (repeated: scripts delegated to the group)
 *   script-dir DIR            (repeated: any script below DIR, for
 *                             directory mounts, WSGIScriptAliasMatch and
 *                             AddHandler wsgi-script)
 */
#ifndef GW_HANDOVER_H
#define GW_HANDOVER_H

#include <stddef.h>
#include <sys/types.h>

#define GW_HANDOVER_FD 4
#define GW_SECRET_HEX  64

typedef struct {
    const char *group;
    int threads;
    int processes;
    int multiprocess;            /* wsgi.multiprocess */
    const char *python_home;     /* NULL: none */
    const char *python_path;     /* NULL: none */
    uid_t peer_uid;
    int shutdown_timeout;
    int log_level;
    long maximum_requests;       /* 0: off, as the timeouts below */
    long long maximum_rss;       /* bytes */
    int restart_interval;        /* seconds */
    int inactivity_timeout;
    int request_timeout;
    int deadlock_timeout;
    int startup_timeout;
    const char *restart_file;    /* restart-file=, NULL: none */
    int script_reloading;        /* WSGIScriptReloading (default on) */
    char secret[GW_SECRET_HEX];
    const char **scripts;        /* sorted */
    size_t nscripts;
    const char **script_dirs;    /* every script below these */
    size_t nscript_dirs;
    const char **imports;        /* WSGIImportScript: "group\tpath" */
    size_t nimports;
} gw_handover;

/* Reads, checks and closes fd; 0, or -1 after logging what is wrong. */
int gw_handover_load(int fd, gw_handover *h);

#endif
