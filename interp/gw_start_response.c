/*
 * gw_start_response.c - start_response, write() and the checks of the
 * response status and headers (gw_start_response.h).
 */
#include "gw_start_response.h"
#include "gw_response.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* start_response and write(): tiny callables pointing at the state. */
typedef struct {
    PyObject_HEAD
    gw_wsgi_state *st;       /* NULL once the request is over */
} gw_callback;

/* ---- checking and encoding the status and headers -------------------- */

/* The latin-1 bytes of a str without copying: CPython keeps a str whose
 * characters all fit in one byte exactly as latin-1.  NULL when it has
 * wider characters (not latin-1 encodable). */
static const char *sr_latin1(PyObject *s, Py_ssize_t *n)
{
    if (PyUnicode_READY(s) < 0)
        return NULL;
    if (PyUnicode_KIND(s) != PyUnicode_1BYTE_KIND)
        return NULL;
    *n = PyUnicode_GET_LENGTH(s);
    return (const char *)PyUnicode_1BYTE_DATA(s);
}

static int sr_header_item(gw_wsgi_state *st, gw_enc *e, Py_ssize_t i,
                          PyObject *item)
{
    PyObject *name, *value;
    const char *ns, *vs;
    Py_ssize_t nl, vl;
    int rc;

    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2
        || !PyUnicode_Check(PyTuple_GET_ITEM(item, 0))
        || !PyUnicode_Check(PyTuple_GET_ITEM(item, 1))) {
        PyErr_Format(PyExc_TypeError, "response header %zd must be a "
                     "(name, value) tuple of two str, not %R", i, item);
        return -1;
    }
    name = PyTuple_GET_ITEM(item, 0);
    value = PyTuple_GET_ITEM(item, 1);
    if (!(ns = sr_latin1(name, &nl)) || !(vs = sr_latin1(value, &vl))) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "response header %R: name and "
                         "value must be latin-1 encodable", item);
        return -1;
    }
    rc = gw_check_header_name(ns, (size_t)nl);
    if (rc != GW_OK) {
        PyErr_Format(PyExc_ValueError, "invalid response header name %R: "
                     "%s", name, gw_proto_strerror(rc));
        return -1;
    }
    if (gw_is_hop_by_hop(ns, (size_t)nl)) {
        PyErr_Format(PyExc_ValueError, "hop-by-hop response header %R is "
                     "not allowed from a WSGI application (PEP 3333)", name);
        return -1;
    }
    rc = gw_check_header_value(vs, (size_t)vl);
    if (rc != GW_OK) {
        PyErr_Format(PyExc_ValueError, "invalid value %R of response header "
                     "%R (CR, LF and NUL are not allowed): %s", value, name,
                     gw_proto_strerror(rc));
        return -1;
    }
    uint64_t cl;
    if (nl == 14 && strncasecmp(ns, "content-length", 14) == 0)
        st->content_length = gw_parse_length(vs, (size_t)vl, &cl) == GW_OK
                             ? (int64_t)cl : -1;
    if (gw_enc_add(e, ns, (size_t)nl, vs, (size_t)vl) != GW_OK) {
        PyErr_Format(PyExc_ValueError, "response headers exceed %u bytes",
                     GW_WSGI_HBUF_SIZE);
        return -1;
    }
    return 0;
}

/* Validates status and headers and encodes them as the pending HEADERS
 * payload.  On failure nothing is pending (a failed call does not count
 * as a call). */
static int sr_set_headers(gw_wsgi_state *st, PyObject *status,
                          PyObject *headers)
{
    gw_enc e;
    const char *s;
    Py_ssize_t n;
    int code, rc;

    st->status_set = 0;
    st->hlen = 0;
    st->content_length = -1;
    if (!PyUnicode_Check(status)) {
        PyErr_Format(PyExc_TypeError, "start_response() status must be a "
                     "str, not %.100s", Py_TYPE(status)->tp_name);
        return -1;
    }
    if (!PyList_Check(headers)) {
        PyErr_Format(PyExc_TypeError, "start_response() response_headers "
                     "must be a list, not %.100s", Py_TYPE(headers)->tp_name);
        return -1;
    }
    s = sr_latin1(status, &n);
    rc = s ? gw_check_status(s, (size_t)n, &code) : GW_EBADSTATUS;
    if (rc != GW_OK) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "invalid status %R: must be "
                         "'NNN reason' in latin-1 without CR, LF or NUL "
                         "(%s)", status, gw_proto_strerror(rc));
        return -1;
    }
    gw_kv_begin(&e, st->req->hbuf, GW_WSGI_HBUF_SIZE);
    if (gw_enc_add(&e, GW_STATUS_KEY, sizeof(GW_STATUS_KEY) - 1, s,
                   (size_t)n) != GW_OK) {
        PyErr_SetString(PyExc_ValueError, "response status too long");
        return -1;
    }
    /* No Python code runs in this loop, so the list cannot change. */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(headers); i++)
        if (sr_header_item(st, &e, i, PyList_GET_ITEM(headers, i)) < 0)
            return -1;
    st->hlen = e.len;
    st->status_set = 1;
    return 0;
}

/* ---- the callables ----------------------------------------------------- */

static PyObject *sr_call(gw_callback *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"status", "response_headers", "exc_info", NULL};
    gw_wsgi_state *st = self->st;
    PyObject *status, *headers, *exc_info = Py_None;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|O:start_response",
                                     kwlist, &status, &headers, &exc_info))
        return NULL;
    if (!st) {
        PyErr_SetString(PyExc_RuntimeError, "start_response() called after "
                        "its request ended");
        return NULL;
    }
    if (exc_info != Py_None) {
        if (!PyTuple_Check(exc_info) || PyTuple_GET_SIZE(exc_info) != 3) {
            PyErr_SetString(PyExc_TypeError, "start_response() exc_info "
                            "must be a (type, value, traceback) tuple");
            return NULL;
        }
        if (st->headers_sent) {
            /* PEP 3333: too late to change the response; re-raise. */
            PyObject *t = PyTuple_GET_ITEM(exc_info, 0);
            PyObject *v = PyTuple_GET_ITEM(exc_info, 1);
            PyObject *tb = PyTuple_GET_ITEM(exc_info, 2);
            Py_INCREF(t);
            Py_INCREF(v);
            if (tb == Py_None)
                tb = NULL;
            Py_XINCREF(tb);
            PyErr_Restore(t, v, tb);
            return NULL;
        }
    } else if (st->status_set) {
        PyErr_SetString(PyExc_RuntimeError, "start_response() called a "
                        "second time without exc_info");
        return NULL;
    }
    if (sr_set_headers(st, status, headers) < 0)
        return NULL;
    return Py_NewRef(st->writer);
}

static PyObject *write_call(gw_callback *self, PyObject *args, PyObject *kw)
{
    gw_wsgi_state *st = self->st;
    PyObject *data;
    int rc;

    if (!PyArg_ParseTuple(args, "O:write", &data))
        return NULL;
    if (kw && PyDict_GET_SIZE(kw)) {
        PyErr_SetString(PyExc_TypeError, "write() takes no keyword "
                        "arguments");
        return NULL;
    }
    if (!st) {
        PyErr_SetString(PyExc_RuntimeError, "write() called after its "
                        "request ended");
        return NULL;
    }
    if (!PyBytes_Check(data)) {
        PyErr_Format(PyExc_TypeError, "write() argument must be bytes, not "
                     "%.100s", Py_TYPE(data)->tp_name);
        return NULL;
    }
    if (!st->status_set) {
        PyErr_SetString(PyExc_RuntimeError, "write() called before "
                        "start_response()");
        return NULL;
    }
    if (PyBytes_GET_SIZE(data) == 0)
        Py_RETURN_NONE;
    rc = gw_response_body(st, PyBytes_AS_STRING(data),
                          (size_t)PyBytes_GET_SIZE(data), 1);
    if (rc == -2) {
        /* BrokenPipeError and friends: the application should stop. */
        errno = st->conn->werr;
        PyErr_SetFromErrno(PyExc_OSError);
    }
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

static void callback_dealloc(gw_callback *self)
{
    PyObject_Free(self);
}

static PyTypeObject gw_start_response_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.start_response",
    .tp_basicsize = sizeof(gw_callback),
    .tp_dealloc = (destructor)callback_dealloc,
    .tp_call = (ternaryfunc)sr_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "start_response(status, response_headers, exc_info=None)",
};

static PyTypeObject gw_write_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "gateway.write",
    .tp_basicsize = sizeof(gw_callback),
    .tp_dealloc = (destructor)callback_dealloc,
    .tp_call = (ternaryfunc)write_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "write(data): sends response body bytes at once.",
};

int gw_start_response_ready(void)
{
    if (PyType_Ready(&gw_start_response_type) < 0
        || PyType_Ready(&gw_write_type) < 0)
        return -1;
    return 0;
}

static PyObject *callback_new(PyTypeObject *type, gw_wsgi_state *st)
{
    gw_callback *self = PyObject_New(gw_callback, type);

    if (self)
        self->st = st;
    return (PyObject *)self;
}

PyObject *gw_start_response_new(gw_wsgi_state *st)
{
    return callback_new(&gw_start_response_type, st);
}

PyObject *gw_write_new(gw_wsgi_state *st)
{
    return callback_new(&gw_write_type, st);
}

void gw_callable_detach(PyObject *callable)
{
    ((gw_callback *)callable)->st = NULL;
}
