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

#include "gw_proto.h"

/* Per-interpreter constants: interned environ keys, fixed values and a
 * cache of CGI variable names.  Created inside the interpreter. */
typedef struct gw_wsgi_consts gw_wsgi_consts;

/* GIL held in the target interpreter.  NULL after logging. */
gw_wsgi_consts *gw_wsgi_consts_new(const char *process_group,
                                   const char *application_group,
                                   int multithread, int multiprocess);

/* The interned name "close" (borrowed), for the response iterable's
 * close() (PEP 3333). */
PyObject *gw_wsgi_consts_close(const gw_wsgi_consts *k);

/* A new environ dict for the request vars (the Apache child's CGI
 * variables, the daemon's control vars left out) with the wsgi.* and
 * mod_wsgi.* keys; input and errors become wsgi.input and wsgi.errors.
 * NULL with a Python exception. */
PyObject *gw_environ_new(gw_wsgi_consts *k, const gw_kv *vars, size_t nvars,
                         PyObject *input, PyObject *errors);

#endif
