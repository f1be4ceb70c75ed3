/*
 * gw_start_response.h - the start_response and write() callables of a
 * WSGI request (PEP 3333 "The start_response() Callable").
 *
 * start_response(status, response_headers, exc_info=None) checks the
 * status and every header (an HTTP token name, no CR/LF/NUL in values, no
 * hop-by-hop header) and encodes them as the pending HEADERS payload;
 * write(data) sends body bytes at once.  Both point at the request's
 * state until gw_callable_detach(), then raise RuntimeError, so an
 * application that keeps them cannot reach a finished request.
 */
#ifndef GW_START_RESPONSE_H
#define GW_START_RESPONSE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gw_wsgi_state.h"

/* Ready the two types (main interpreter, once). */
int gw_start_response_ready(void);

/* New callables for the request of st (GIL held); NULL with a Python
 * exception. */
PyObject *gw_start_response_new(gw_wsgi_state *st);
PyObject *gw_write_new(gw_wsgi_state *st);

/* The request is over: later calls of the callable raise. */
void gw_callable_detach(PyObject *callable);

#endif
