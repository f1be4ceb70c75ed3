/*
 * gw_filewrapper.h - wsgi.file_wrapper (PEP 3333 "Optional
 * Platform-Specific File Handling").
 *
 * wsgi.file_wrapper(filelike, blksize=8192) is this type itself.  As a
 * plain iterable it yields filelike.read(blksize) blocks; close() calls
 * filelike.close().  When the application returns exactly such an object
 * over a regular file, gw_filewrapper_file() hands the server the fd, the
 * offset and the length so the body can go out without Python.
 */
#ifndef GW_FILEWRAPPER_H
#define GW_FILEWRAPPER_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <sys/types.h>

extern PyTypeObject gw_filewrapper_type;

int gw_filewrapper_ready(void);

/* 1 and *fd, *off, *len when obj is a file wrapper over a regular file
 * (len: from the file's current position to its end); 0 otherwise, with
 * no exception pending.  The fd stays owned by the file object. */
int gw_filewrapper_file(PyObject *obj, int *fd, off_t *off, uint64_t *len);

#endif
