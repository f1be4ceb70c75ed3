/*
 * gw_pylog.c - Python streams and tracebacks into the error log
 * (gw_pylog.h).
 */
#include "gw_pylog.h"
#include "gw_log.h"

#include <stdio.h>
#include <string.h>

/* A partial line longer than this is logged as a line of its own rather
 * than buffered without bound (the log cuts long lines anyway). */
#define GW_LOGWRITER_PENDING_MAX (GW_LOG_LINE_MAX * 2)

typedef struct {
    PyObject_HEAD
    int level;
    const char *id;
    const char *name;
    char *buf;          /* pending partial line */
    size_t len, cap;
} gw_logwriter;

PyObject *gw_logwriter_new(int level, const char *id, const char *name)
{
    gw_logwriter *self = PyObject_New(gw_logwriter, &gw_logwriter_type);

    if (!self)
        return NULL;
    self->level = level;
    self->id = id;
    self->name = name;
    self->buf = NULL;
    self->len = self->cap = 0;
    return (PyObject *)self;
}

static void logwriter_dealloc(gw_logwriter *self)
{
    if (self->len)
        gw_log_text(self->level, self->id, self->buf, self->len);
    PyMem_Free(self->buf);
    PyObject_Free(self);
}

static void logwriter_emit_pending(gw_logwriter *self)
{
    if (self->len) {
        gw_log_text(self->level, self->id, self->buf, self->len);
        self->len = 0;
    }
}

void gw_logwriter_flush_pending(PyObject *writer)
{
    logwriter_emit_pending((gw_logwriter *)writer);
}

static int logwriter_pend(gw_logwriter *self, const char *s, size_t n)
{
    if (self->len + n > self->cap) {
        size_t cap = self->cap ? self->cap : 256;
        while (cap < self->len + n)
            cap *= 2;
        char *nb = PyMem_Realloc(self->buf, cap);
        if (!nb) {
            PyErr_NoMemory();
            return -1;
        }
        self->buf = nb;
        self->cap = cap;
    }
    memcpy(self->buf + self->len, s, n);
    self->len += n;
    return 0;
}

/* Text as UTF-8; lone surrogates (e.g. from surrogateescape'd file
 * names) become escapes instead of making a log call fail. */
static const char *logwriter_utf8(PyObject *text, Py_ssize_t *n,
                                  PyObject **tmp)
{
    const char *s = PyUnicode_AsUTF8AndSize(text, n);

    *tmp = NULL;
    if (s)
        return s;
    PyErr_Clear();
    *tmp = PyUnicode_AsEncodedString(text, "utf-8", "backslashreplace");
    if (!*tmp)
        return NULL;
    *n = PyBytes_GET_SIZE(*tmp);
    return PyBytes_AS_STRING(*tmp);
}

static int logwriter_write_str(gw_logwriter *self, PyObject *text)
{
    PyObject *tmp;
    Py_ssize_t n;
    const char *s;

    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s.write() argument must be str, "
                     "not %.100s", self->name, Py_TYPE(text)->tp_name);
        return -1;
    }
    s = logwriter_utf8(text, &n, &tmp);
    if (!s)
        return -1;

    /* Everything up to the last newline is whole lines: log them now
     * (with whatever partial line was waiting in front of them). */
    const char *nl = n ? memrchr(s, '\n', (size_t)n) : NULL;
    int rc = 0;
    if (nl) {
        size_t head = (size_t)(nl - s) + 1;
        if (self->len) {
            rc = logwriter_pend(self, s, head);
            logwriter_emit_pending(self);
        } else {
            gw_log_text(self->level, self->id, s, head);
        }
        s += head;
        n -= (Py_ssize_t)head;
    }
    if (rc == 0 && n > 0) {
        rc = logwriter_pend(self, s, (size_t)n);
        if (self->len > GW_LOGWRITER_PENDING_MAX)
            logwriter_emit_pending(self);
    }
    Py_XDECREF(tmp);
    return rc;
}

static PyObject *logwriter_write(gw_logwriter *self, PyObject *text)
{
    if (logwriter_write_str(self, text) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyUnicode_GET_LENGTH(text));
}

static PyObject *logwriter_writelines(gw_logwriter *self, PyObject *lines)
{
    PyObject *it = PyObject_GetIter(lines), *item;

    if (!it)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = logwriter_write_str(self, item);
        Py_DECREF(item);
        if (rc < 0) {
            Py_DECREF(it);
            return NULL;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *logwriter_flush(gw_logwriter *self,
                                 PyObject *Py_UNUSED(ignored))
{
    logwriter_emit_pending(self);
    Py_RETURN_NONE;
}

static PyObject *logwriter_false(PyObject *self, PyObject *Py_UNUSED(x))
{
    (void)self;
    Py_RETURN_FALSE;
}

static PyObject *logwriter_true(PyObject *self, PyObject *Py_UNUSED(x))
{
    (void)self;
    Py_RETURN_TRUE;
}

static PyObject *logwriter_fileno(gw_logwriter *self,
                                  PyObject *Py_UNUSED(ignored))
{
    /* io.UnsupportedOperation would need the io module; OSError is its
     * base class and what callers such as faulthandler catch. */
    PyErr_Format(PyExc_OSError, "%s is the Apache error log, it has no "
                 "file descriptor", self->name);
    return NULL;
}

static PyObject *logwriter_get_name(gw_logwriter *self, void *c)
{
    (void)c;
    return PyUnicode_FromString(self->name);
}

static PyObject *logwriter_get_encoding(PyObject *self, void *c)
{
    (void)self;
    (void)c;
    return PyUnicode_FromString("utf-8");
}

static PyObject *logwriter_get_errors(PyObject *self, void *c)
{
    (void)self;
    (void)c;
    return PyUnicode_FromString("backslashreplace");
}

static PyObject *logwriter_get_false(PyObject *self, void *c)
{
    (void)self;
    (void)c;
    Py_RETURN_FALSE;
}

static PyObject *logwriter_get_true(PyObject *self, void *c)
{
    (void)self;
    (void)c;
    Py_RETURN_TRUE;
}

static PyMethodDef logwriter_methods[] = {
    {"write", (PyCFunction)logwriter_write, METH_O,
     "Writes text; complete lines go to the error log."},
    {"writelines", (PyCFunction)logwriter_writelines, METH_O,
     "Writes each string of an iterable."},
    {"flush", (PyCFunction)logwriter_flush, METH_NOARGS,
     "Logs a pending partial line."},
    {"close", (PyCFunction)logwriter_flush, METH_NOARGS,
     "Logs a pending partial line; the stream stays usable."},
    {"fileno", (PyCFunction)logwriter_fileno, METH_NOARGS, NULL},
    {"isatty", logwriter_false, METH_NOARGS, NULL},
    {"readable", logwriter_false, METH_NOARGS, NULL},
    {"seekable", logwriter_false, METH_NOARGS, NULL},
    {"writable", logwriter_true, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef logwriter_getset[] = {
    {"name", (getter)logwriter_get_name, NULL, NULL, NULL},
    {"encoding", logwriter_get_encoding, NULL, NULL, NULL},
    {"errors", logwriter_get_errors, NULL, NULL, NULL},
    {"closed", logwriter_get_false, NULL, NULL, NULL},
    {"line_buffering", logwriter_get_true, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

PyTypeObject gw_logwriter_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.LogWriter",
    .tp_basicsize = sizeof(gw_logwriter),
    .tp_dealloc = (destructor)logwriter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A text stream into the Apache error log.",
    .tp_methods = logwriter_methods,
    .tp_getset = logwriter_getset,
};

int gw_pylog_ready(void)
{
    return PyType_Ready(&gw_logwriter_type);
}

/* ---- tracebacks ------------------------------------------------------ */

static PyObject *pylog_format(PyObject *type, PyObject *value,
                              PyObject *tb)
{
    PyObject *mod, *lines, *sep, *text = NULL;

    mod = PyImport_ImportModule("traceback");
    if (!mod)
        return NULL;
    lines = PyObject_CallMethod(mod, "format_exception", "OOO", type,
                                value ? value : Py_None,
                                tb ? tb : Py_None);
    Py_DECREF(mod);
    if (!lines)
        return NULL;
    sep = PyUnicode_FromStringAndSize("", 0);
    if (sep)
        text = PyUnicode_Join(sep, lines);
    Py_XDECREF(sep);
    Py_DECREF(lines);
    return text;
}

void gw_pylog_traceback(int level, const char *id)
{
    PyObject *type, *value, *tb, *text, *tmp;
    const char *s;
    Py_ssize_t n;

    PyErr_Fetch(&type, &value, &tb);
    if (!type)
        return;
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value)
        PyException_SetTraceback(value, tb);
    text = pylog_format(type, value, tb);
    if (text && (s = logwriter_utf8(text, &n, &tmp)) != NULL) {
        gw_log_text(level, id, s, (size_t)n);
        Py_XDECREF(tmp);
    } else {
        /* The traceback module itself failed (out of memory, a broken
         * installation): say at least what the exception was. */
        PyErr_Clear();
        gw_log(level, "%s: %s (traceback unavailable)", id,
               PyExceptionClass_Check(type) ? PyExceptionClass_Name(type)
                                            : "?");
    }
    Py_XDECREF(text);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    PyErr_Clear();
}

void gw_pylog_exc_reason(char *buf, size_t cap, const char *prefix)
{
    PyObject *type, *value, *tb;

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *text = value ? PyObject_Str(value) : NULL;
    const char *msg = text ? PyUnicode_AsUTF8(text) : NULL;
    if (!msg)
        PyErr_Clear();
    snprintf(buf, cap, "%s%s%s%s", prefix,
             type ? ((PyTypeObject *)type)->tp_name : "error",
             msg && *msg ? ": " : "", msg ? msg : "");
    Py_XDECREF(text);
    PyErr_Restore(type, value, tb);
}
