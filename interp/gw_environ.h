/*
 * gw_environ.h - the WSGI environ of one request (PEP 3333 "environ
 * Variables") and the per-interpreter constants it is made of.
 *
 * The constants (interned keys, fixed values, a cache of CGI variable
 * names) are made once per application group, inside its interpreter, so
 * that building an environ allocates only the values that change.
 */
#ifndef GW_ENVIRON_H
#define GW_ENVIRON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stddef.h>
#include <stdint.h>

#include "gw_proto.h"

/* Per-interpreter constants: interned environ keys, fixed values and a
 * cache of CGI variable names.  Created inside the interpreter. */
typedef struct gw_wsgi_consts gw_wsgi_consts;

/* What the constants of one application group say. */
typedef struct {
    const char *process_group;
    const char *application_group;
    int multithread;          /* wsgi.multithread */
    int multiprocess;         /* wsgi.multiprocess */
    int run_once;             /* wsgi.run_once */
    int script_reloading;     /* mod_wsgi.script_reloading */
} gw_environ_config;

/* GIL held in the target interpreter.  NULL after logging. */
gw_wsgi_consts *gw_wsgi_consts_new(const gw_environ_config *c);

/* The interned name "close" (borrowed), for the response iterable's
 * close() (PEP 3333). */
PyObject *gw_wsgi_consts_close(const gw_wsgi_consts *k);

/* What the daemon knows of a request that mod_wsgi puts in the environ
 * (the Apache child's part travels as CGI variables, module/gw_modwsgi_
 * env.h). */
typedef struct {
    const char *callable;     /* gateway.callable, clen bytes; clen 0 is
                               * "application" */
    size_t clen;
    int64_t daemon_start_us;  /* a worker took the request */
    int64_t script_start_us;  /* the application is about to be called */
    uint64_t total_requests;  /* the process finished before this one */
    int thread_id;            /* gw_reqstats.h */
    uint64_t thread_requests; /* this thread served before this one */
} gw_environ_request;

/* A new environ dict for the request vars (the Apache child's CGI
 * variables, the daemon's control vars left out) with the wsgi.* and
 * mod_wsgi.* keys; input and errors become wsgi.input and wsgi.errors.
 * The daemon's mod_wsgi.* values replace any the vars had.  NULL with a
 * Python exception. */
PyObject *gw_environ_new(gw_wsgi_consts *k, const gw_kv *vars, size_t nvars,
                         PyObject *input, PyObject *errors,
                         const gw_environ_request *rq);

#endif
