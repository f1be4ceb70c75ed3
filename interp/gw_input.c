/*
 * gw_input.c - wsgi.input (gw_input.h).
 */
#include "gw_input.h"

#include <string.h>

typedef struct {
    PyObject_HEAD
    gw_conn *conn;   /* NULL once the request is over */
    int busy;        /* a read is in progress with the GIL released */
} gw_input;

PyObject *gw_input_new(gw_conn *c)
{
    gw_input *self = PyObject_New(gw_input, &gw_input_type);

    if (!self)
        return NULL;
    self->conn = c;
    self->busy = 0;
    return (PyObject *)self;
}

void gw_input_detach(PyObject *input)
{
    ((gw_input *)input)->conn = NULL;
}

static void input_dealloc(gw_input *self)
{
    PyObject_Free(self);
}

/* The connection is shared with the worker: refuse use after the request
 * and concurrent use from a second Python thread (the buffer state is
 * only consistent under the GIL, and a read runs without it). */
static gw_conn *input_conn(gw_input *self)
{
    if (!self->conn) {
        PyErr_SetString(PyExc_ValueError,
                        "wsgi.input used after its request ended");
        return NULL;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError,
                        "wsgi.input is being read by another thread");
        return NULL;
    }
    return self->conn;
}

static void input_raise(gw_conn *c)
{
    char buf[256];

    if (c->rerr == GW_CONN_ETRUNC) {
        PyErr_SetString(PyExc_OSError, gw_conn_rerr_str(c, buf,
                                                        sizeof(buf)));
        return;
    }
    PyObject *args = Py_BuildValue("(is)", c->rerr,
                                   gw_conn_rerr_str(c, buf, sizeof(buf)));
    if (args) {
        /* OSError(errno, text) picks the matching subclass. */
        PyErr_SetObject(PyExc_OSError, args);
        Py_DECREF(args);
    }
}

/* Buffered bytes, refilling without the GIL when there are none.
 * > 0, 0 at the end of the body, -1 with an exception set. */
static ssize_t input_fill(gw_input *self, gw_conn *c)
{
    ssize_t r;

    if (gw_conn_body_avail(c) > 0)
        return (ssize_t)gw_conn_body_avail(c);
    if (gw_conn_body_at_end(c))
        return 0;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    r = gw_conn_body_fill(c);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    if (r < 0)
        input_raise(c);
    return r;
}

/* The size argument: None or absent or negative mean "no limit" (-1). */
static int input_size_arg(PyObject *const *args, Py_ssize_t nargs,
                          const char *fname, Py_ssize_t *size)
{
    *size = -1;
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most 1 argument "
                     "(%zd given)", fname, nargs);
        return -1;
    }
    if (nargs == 0 || args[0] == Py_None)
        return 0;
    if (!PyLong_Check(args[0])) {
        PyErr_Format(PyExc_TypeError, "%s() argument must be int or None, "
                     "not %.100s", fname, Py_TYPE(args[0])->tp_name);
        return -1;
    }
    *size = PyLong_AsSsize_t(args[0]);
    if (*size == -1 && PyErr_Occurred())
        return -1;
    if (*size < 0)
        *size = -1;
    return 0;
}

/* Grows *out (a bytes object being filled, or NULL) to at least need
 * bytes, doubling to keep the number of resizes logarithmic. */
static int input_grow(PyObject **out, size_t *cap, size_t need)
{
    size_t ncap = *cap ? *cap : need;

    while (ncap < need)
        ncap *= 2;
    if ((Py_ssize_t)ncap < 0) {
        PyErr_NoMemory();
        return -1;
    }
    if (!*out) {
        *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)ncap);
        if (!*out)
            return -1;
    } else if (_PyBytes_Resize(out, (Py_ssize_t)ncap) < 0) {
        return -1;
    }
    *cap = ncap;
    return 0;
}

/* Shrinks a filled object to its length (or b'' when there is none). */
static PyObject *input_finish(PyObject *out, size_t got)
{
    if (!out)
        return PyBytes_FromStringAndSize(NULL, 0);
    if ((size_t)PyBytes_GET_SIZE(out) != got
        && _PyBytes_Resize(&out, (Py_ssize_t)got) < 0)
        return NULL;
    return out;
}

/* read(size): size bytes, fewer only at the end of the body; size -1 means
 * all of it.  With a known length the result is allocated once and filled
 * straight from the socket. */
static PyObject *input_read_n(gw_input *self, gw_conn *c, Py_ssize_t size)
{
    int64_t rem = gw_conn_body_remaining(c);
    size_t want = size < 0 ? SIZE_MAX : (size_t)size;
    size_t avail = gw_conn_body_avail(c);
    PyObject *out = NULL;
    size_t cap = 0, got = 0;

    if (rem >= 0 && (uint64_t)rem < want)
        want = (size_t)rem;
    if (want == 0)
        return PyBytes_FromStringAndSize(NULL, 0);
    /* Common case: the whole answer is buffered already. */
    if (avail >= want) {
        out = PyBytes_FromStringAndSize((const char *)gw_conn_body_ptr(c),
                                        (Py_ssize_t)want);
        if (out)
            gw_conn_body_consume(c, want);
        return out;
    }
    if (rem >= 0) {
        out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)want);
        if (!out)
            return NULL;
        cap = want;
    }
    while (got < want) {
        ssize_t r;

        if (got == cap) {
            size_t need = cap + GW_CONN_BODY_BUF;
            if (need > want)
                need = want;
            if (input_grow(&out, &cap, need) < 0)
                goto fail;
            if (cap > want)
                cap = want;    /* never hand out more than asked */
        }
        char *dst = PyBytes_AS_STRING(out) + got;
        size_t chunk = cap - got;
        self->busy = 1;
        Py_BEGIN_ALLOW_THREADS
        r = gw_conn_body_read(c, dst, chunk);
        Py_END_ALLOW_THREADS
        self->busy = 0;
        if (r < 0) {
            input_raise(c);
            goto fail;
        }
        got += (size_t)r;
        if ((size_t)r < chunk)
            break;             /* end of the body */
    }
    return input_finish(out, got);

fail:
    Py_XDECREF(out);
    return NULL;
}

static PyObject *input_read(gw_input *self, PyObject *const *args,
                            Py_ssize_t nargs)
{
    gw_conn *c = input_conn(self);
    Py_ssize_t size;

    if (!c || input_size_arg(args, nargs, "read", &size) < 0)
        return NULL;
    return input_read_n(self, c, size);
}

/* One line (with its b'\n'), at most size bytes when size >= 0. */
static PyObject *input_readline_n(gw_input *self, gw_conn *c,
                                  Py_ssize_t size)
{
    PyObject *out = NULL;
    size_t got = 0, cap = 0;
    size_t limit = size < 0 ? SIZE_MAX : (size_t)size;

    while (got < limit) {
        ssize_t r = input_fill(self, c);
        if (r < 0)
            goto fail;
        if (r == 0)
            break;
        const unsigned char *p = gw_conn_body_ptr(c);
        size_t look = (size_t)r < limit - got ? (size_t)r : limit - got;
        const unsigned char *nl = memchr(p, '\n', look);
        size_t take = nl ? (size_t)(nl - p) + 1 : look;
        int done = nl != NULL || got + take == limit;

        /* Usual case: the line is in the buffer, one allocation. */
        if (!out && done) {
            out = PyBytes_FromStringAndSize((const char *)p,
                                            (Py_ssize_t)take);
            if (out)
                gw_conn_body_consume(c, take);
            return out;
        }
        if (got + take > cap && input_grow(&out, &cap, got + take) < 0)
            goto fail;
        memcpy(PyBytes_AS_STRING(out) + got, p, take);
        gw_conn_body_consume(c, take);
        got += take;
        if (done)
            break;
    }
    return input_finish(out, got);

fail:
    Py_XDECREF(out);
    return NULL;
}

static PyObject *input_readline(gw_input *self, PyObject *const *args,
                                Py_ssize_t nargs)
{
    gw_conn *c = input_conn(self);
    Py_ssize_t size;

    if (!c || input_size_arg(args, nargs, "readline", &size) < 0)
        return NULL;
    if (size == 0)
        return PyBytes_FromStringAndSize(NULL, 0);
    return input_readline_n(self, c, size);
}

static PyObject *input_readlines(gw_input *self, PyObject *const *args,
                                 Py_ssize_t nargs)
{
    gw_conn *c = input_conn(self);
    Py_ssize_t hint, total = 0;
    PyObject *list;

    if (!c || input_size_arg(args, nargs, "readlines", &hint) < 0)
        return NULL;
    list = PyList_New(0);
    if (!list)
        return NULL;
    for (;;) {
        PyObject *line = input_readline_n(self, c, -1);
        if (!line) {
            Py_DECREF(list);
            return NULL;
        }
        Py_ssize_t n = PyBytes_GET_SIZE(line);
        if (n == 0) {
            Py_DECREF(line);
            break;
        }
        int rc = PyList_Append(list, line);
        Py_DECREF(line);
        if (rc < 0) {
            Py_DECREF(list);
            return NULL;
        }
        total += n;
        if (hint > 0 && total >= hint)
            break;
    }
    return list;
}

static PyObject *input_iternext(gw_input *self)
{
    gw_conn *c = input_conn(self);
    PyObject *line;

    if (!c)
        return NULL;
    line = input_readline_n(self, c, -1);
    if (line && PyBytes_GET_SIZE(line) == 0) {
        Py_DECREF(line);
        return NULL;           /* StopIteration */
    }
    return line;
}

static PyMethodDef input_methods[] = {
    {"read", (PyCFunction)(void (*)(void))input_read, METH_FASTCALL,
     "read(size=-1): up to size bytes of the request body."},
    {"readline", (PyCFunction)(void (*)(void))input_readline, METH_FASTCALL,
     "readline(size=-1): one line of the request body."},
    {"readlines", (PyCFunction)(void (*)(void))input_readlines,
     METH_FASTCALL, "readlines(hint=-1): the remaining lines."},
    {NULL, NULL, 0, NULL}
};

PyTypeObject gw_input_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.Input",
    .tp_basicsize = sizeof(gw_input),
    .tp_dealloc = (destructor)input_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "wsgi.input: the request body.",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)input_iternext,
    .tp_methods = input_methods,
};

int gw_input_ready(void)
{
    return PyType_Ready(&gw_input_type);
}
