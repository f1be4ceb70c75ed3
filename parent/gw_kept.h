/*
 * gw_kept.h - what the Apache parent keeps across configuration
 * generations (graceful and plain restarts).
 *
 * httpd clears pconf and unloads and reloads this module on every
 * restart, so this lives in the process pool and holds plain data only:
 * no function pointer or pool cleanup may point into the module, which
 * will be mapped elsewhere next time.
 */
#ifndef GW_KEPT_H
#define GW_KEPT_H

#include "httpd.h"
#include "gw_fds.h"
#include "apr_sha1.h"
#include <sys/types.h>

#define GW_KEPT_NAME_MAX 128

/* A group's listening socket: it survives a restart, so requests queued
 * in it (and Apache children of the old generation still connecting to
 * it) are served by the new generation's processes.  Only as long as the
 * group stays the same trust domain, though (identity): a socket and its
 * secret never pass from one identity to another (gw_sockets.h). */
typedef struct {
    char group[GW_KEPT_NAME_MAX];
    char path[108];
    int fd;
    uid_t owner;
    int backlog;
    int used;              /* claimed by the current generation */
    unsigned char identity[APR_SHA1_DIGESTSIZE];  /* gw_sockets.c */
    /* What every request to this socket must carry (gateway.secret):
     * made with the socket, kept with it, so a secret one group's
     * application may read opens no other group's socket. */
    char secret[GW_SECRET_SIZE];
} gw_kept_socket;

/* A daemon process of an earlier generation finishing its requests. */
typedef struct {
    pid_t pid;             /* 0: free slot */
    apr_time_t deadline;   /* SIGKILL after this (graceful-timeout) */
    char group[GW_KEPT_NAME_MAX];
} gw_kept_retired;

/* The parent's copy of the read end of one process's log pipe
 * (parent/gw_logger.h): kept while the process lives, so that a
 * gateway-logger started after the last one died gets it again. */
typedef struct {
    pid_t pid;             /* 0: free slot */
    int fd;
    int kind;              /* GW_LOGCTL_KIND_* (proto/gw_logline.h) */
    int reaped;            /* the process is gone: close once handed over */
    unsigned long sent_to; /* the logger (serial) that has it; 0: none */
    char group[GW_KEPT_NAME_MAX];
} gw_kept_logpipe;

/* gateway-logger, one for the parent's lifetime. */
typedef struct {
    pid_t pid;             /* 0: none running */
    int ctl;               /* the parent's end of its control socket, -1 */
    unsigned long serial;  /* counts the loggers started */
    apr_time_t started;
    int early_deaths;      /* in a row, each within 5 s of its start */
    apr_time_t next_start; /* none running: start one from then on */
} gw_kept_logger;

typedef struct {
    unsigned long generation;
    int next_socket_id;
    apr_array_header_t *sockets;   /* gw_kept_socket */
    apr_array_header_t *retired;   /* gw_kept_retired */
    /* Attached daemons: gw_attach_kept * (parent/gw_attach.h), made on
     * first use by gw_attach.c. */
    apr_array_header_t *attached;
    gw_kept_logger logger;
    apr_array_header_t *logpipes;  /* gw_kept_logpipe */
} gw_kept;

gw_kept *gw_kept_get(server_rec *s);

#endif
