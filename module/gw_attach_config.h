/*
 * gw_attach_config.h - WSGIAttachDaemon: a non-web command (a Celery
 * worker, a queue consumer) supervised with a daemon group.
 *
 *   WSGIAttachDaemon <process-group> [name=N] [stop-signal=TERM]
 *                    [reload-signal=HUP] [stop-timeout=SECONDS]
 *                    /absolute/command arg...
 *
 * Runs at config time in the Apache parent.  The record below is what a
 * line says; the supervisor (parent/gw_attach.c) fills in the rest in
 * post_config and runs it.  See docs/attached-daemons.md.
 */
#ifndef GW_ATTACH_CONFIG_H
#define GW_ATTACH_CONFIG_H

#include "gw_config.h"
#include "apr_thread_proc.h"

/* What the parent keeps of a running one across generations
 * (parent/gw_attach.h). */
typedef struct gw_attach_kept gw_attach_kept;

/* One WSGIAttachDaemon line (pconf), or one entry of a group's
 * worker-file= (module/gw_workerfile_config.h), which makes the same record. */
typedef struct gw_attach {
    gw_group *group;
    const char *name;
    const char *defined_at;          /* "file:line" */
    int stop_signal;
    int reload_signal;               /* 0: none */
    apr_interval_time_t stop_timeout;  /* -1: the group's shutdown-timeout */
    apr_array_header_t *command;     /* const char *: path, args */
    /* Only a worker file sets these (parent/gw_attach_order.h). */
    const char *worker_file;         /* the file it comes from, or NULL */
    apr_array_header_t *after;       /* const char *: names, or NULL */
    int restart_delay;               /* s, the least wait after it ended */
    int dropped;                     /* gone from the file: not restarted */
    int replaced;                    /* its old process had another
                                      * configuration (gw_attach_start) */

    /* Filled by the supervisor in post_config (parent/gw_attach.c). */
    apr_array_header_t *code_files;  /* const char *: see code_stamp() */
    char **argv;
    char **envp;
    char signature[41];
    gw_attach_kept *k;
    apr_proc_t proc;
} gw_attach;

/* The directive's handler (module/gw_config.c's table). */
const char *gw_attach_cmd(cmd_parms *cmd, void *dc, const char *args);

#endif
