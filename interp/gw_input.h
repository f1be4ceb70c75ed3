/*
 * gw_input.h - the wsgi.input stream: the request body of a gw_conn.
 *
 * read(size=-1), readline(size=-1), readlines(hint=-1) and iteration over
 * lines.  Returns b'' at the end of the body and never reads past it; a
 * body that ends before CONTENT_LENGTH raises OSError.  The GIL is
 * released only around socket reads, never for data already buffered.
 */
#ifndef GW_INPUT_H
#define GW_INPUT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gw_conn.h"

extern PyTypeObject gw_input_type;

int gw_input_ready(void);

/* New stream over c's body (GIL held). */
PyObject *gw_input_new(gw_conn *c);

/* The request is over: later calls raise instead of touching c. */
void gw_input_detach(PyObject *input);

#endif
