/*
 * gw_filewrapper.c - wsgi.file_wrapper (gw_filewrapper.h).
 */
#include "gw_filewrapper.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    PyObject_HEAD
    PyObject *filelike;
    Py_ssize_t blksize;
} gw_filewrapper;

static PyObject *filewrapper_new(PyTypeObject *type, PyObject *args,
                                 PyObject *kw)
{
    static char *kwlist[] = {"filelike", "blksize", NULL};
    PyObject *filelike;
    Py_ssize_t blksize = 8192;
    gw_filewrapper *self;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|n:file_wrapper", kwlist,
                                     &filelike, &blksize))
        return NULL;
    if (blksize <= 0) {
        PyErr_SetString(PyExc_ValueError,
                        "file_wrapper() blksize must be positive");
        return NULL;
    }
    self = (gw_filewrapper *)type->tp_alloc(type, 0);
    if (!self)
        return NULL;
    Py_INCREF(filelike);
    self->filelike = filelike;
    self->blksize = blksize;
    return (PyObject *)self;
}

static int filewrapper_traverse(gw_filewrapper *self, visitproc visit,
                                void *arg)
{
    Py_VISIT(self->filelike);
    return 0;
}

static int filewrapper_clear(gw_filewrapper *self)
{
    Py_CLEAR(self->filelike);
    return 0;
}

static void filewrapper_dealloc(gw_filewrapper *self)
{
    PyObject_GC_UnTrack(self);
    filewrapper_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *filewrapper_iternext(gw_filewrapper *self)
{
    PyObject *data;

    if (!self->filelike)
        return NULL;
    data = PyObject_CallMethod(self->filelike, "read", "n", self->blksize);
    if (!data)
        return NULL;
    /* PEP 3333: iteration ends at the first empty read.  Anything that is
     * not bytes is passed on; the server rejects it like any bad item. */
    if (PyBytes_Check(data) && PyBytes_GET_SIZE(data) == 0) {
        Py_DECREF(data);
        return NULL;
    }
    return data;
}

static PyObject *filewrapper_close(gw_filewrapper *self,
                                   PyObject *Py_UNUSED(ignored))
{
    PyObject *close, *r;

    if (!self->filelike)
        Py_RETURN_NONE;
    close = PyObject_GetAttrString(self->filelike, "close");
    if (!close) {
        /* PEP 3333: close() is called "if the original file-like object
         * has a close() method"; not having one is fine. */
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return NULL;
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    r = PyObject_CallNoArgs(close);
    Py_DECREF(close);
    return r;
}

static PyMethodDef filewrapper_methods[] = {
    {"close", (PyCFunction)filewrapper_close, METH_NOARGS,
     "Closes the wrapped file-like object."},
    {NULL, NULL, 0, NULL}
};

PyTypeObject gw_filewrapper_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.FileWrapper",
    .tp_basicsize = sizeof(gw_filewrapper),
    .tp_dealloc = (destructor)filewrapper_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "wsgi.file_wrapper(filelike, blksize=8192)",
    .tp_traverse = (traverseproc)filewrapper_traverse,
    .tp_clear = (inquiry)filewrapper_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)filewrapper_iternext,
    .tp_methods = filewrapper_methods,
    .tp_new = filewrapper_new,
};

int gw_filewrapper_ready(void)
{
    return PyType_Ready(&gw_filewrapper_type);
}

/* Calls a no-argument method that must answer an int; -1 and no
 * exception when it is missing or answers anything else. */
static long long filewrapper_call_int(PyObject *obj, const char *name)
{
    PyObject *r = PyObject_CallMethod(obj, name, NULL);
    long long v = -1;

    if (r && PyLong_Check(r))
        v = PyLong_AsLongLong(r);
    Py_XDECREF(r);
    if (PyErr_Occurred()) {
        PyErr_Clear();
        v = -1;
    }
    return v;
}

int gw_filewrapper_file(PyObject *obj, int *fd, off_t *off, uint64_t *len)
{
    gw_filewrapper *self = (gw_filewrapper *)obj;
    struct stat st;
    long long f, pos;

    if (Py_TYPE(obj) != &gw_filewrapper_type || !self->filelike)
        return 0;
    f = filewrapper_call_int(self->filelike, "fileno");
    if (f < 0 || f > INT_MAX)
        return 0;
    if (fstat((int)f, &st) < 0 || !S_ISREG(st.st_mode))
        return 0;
    /* tell(), not lseek(): a buffered file object's own position is what
     * the application sees; the OS position may be ahead of it. */
    pos = filewrapper_call_int(self->filelike, "tell");
    if (pos < 0)
        return 0;
    *fd = (int)f;
    *off = (off_t)pos;
    *len = pos < st.st_size ? (uint64_t)(st.st_size - pos) : 0;
    return 1;
}
