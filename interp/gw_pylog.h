/*
 * gw_pylog.h - Python text that ends up in Apache's error log.
 *
 * gw_logwriter is a small text stream type (write, writelines, flush and
 * the attributes print() and logging look at).  Complete lines go to the
 * error log through gw_log_text(); a partial line waits for its newline,
 * a flush() or the end of the request.  It serves as wsgi.errors (one per
 * request) and as sys.stdout / sys.stderr (one per interpreter).
 *
 * All functions need the GIL.
 */
#ifndef GW_PYLOG_H
#define GW_PYLOG_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

extern PyTypeObject gw_logwriter_type;

/* PyType_Ready for the type, once, in the main interpreter. */
int gw_pylog_ready(void);

/* A new writer; id is the "GWnnnnn" every line carries (static storage),
 * name what the stream calls itself (static storage, e.g. "<stdout>"). */
PyObject *gw_logwriter_new(int level, const char *id, const char *name);

/* Writes out a pending partial line (end of a request). */
void gw_logwriter_flush_pending(PyObject *writer);

/* Logs the pending Python exception's traceback, one log line per line,
 * each starting with id, and clears it.  Does nothing without one. */
void gw_pylog_traceback(int level, const char *id);

/* "ExcType: message" of the pending exception after prefix, into
 * buf[0, cap), for an ABORT frame (the Apache child's log line says why
 * too); the exception stays pending, for the traceback. */
void gw_pylog_exc_reason(char *buf, size_t cap, const char *prefix);

#endif
