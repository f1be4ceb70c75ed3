/*
 * gw_wsgi.c - one WSGI request (gw_wsgi.h).
 *
 * Response writing policy (PEP 3333 "Buffering and Streaming"): a server
 * must not delay a block while the application produces the next one.
 * So frames only sit in the write buffer while we know the next block is
 * already in memory (the body is a list or tuple) or until the response
 * ends; for any other iterable the buffer is flushed before asking it for
 * the next block.  Headers wait for the first non-empty block, so headers
 * and the first block (and, for a list, everything up to END) leave in one
 * syscall.
 */
#include "gw_wsgi.h"
#include "gw_filewrapper.h"
#include "gw_input.h"
#include "gw_log.h"
#include "gw_pylog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* CGI variable names seen are turned into interned str once per
 * interpreter.  Bounded, because HTTP_* names come from clients. */
#define GW_KEYCACHE_SLOTS 1024u   /* power of two, > 2 * GW_KEYCACHE_MAX */
#define GW_KEYCACHE_MAX   480u

typedef struct {
    uint32_t hash;
    uint16_t len;
    char *key;
    PyObject *str;
} gw_keyslot;

struct gw_wsgi_consts {
    PyObject *k_version, *k_url_scheme, *k_input, *k_errors;
    PyObject *k_multithread, *k_multiprocess, *k_run_once;
    PyObject *k_file_wrapper, *k_input_terminated;
    PyObject *k_process_group, *k_application_group;
    PyObject *k_script_name, *k_path_info, *k_query_string;
    PyObject *v_version, *v_http, *v_https, *v_empty;
    PyObject *v_process_group, *v_application_group;
    PyObject *v_multithread, *v_multiprocess;
    PyObject *s_close;
    gw_keyslot *keys;
    size_t nkeys;
};

/* The state of the request being served: on gw_wsgi_run()'s stack, and
 * reachable from start_response and write() while the request lasts. */
typedef struct {
    const gw_wsgi_req *req;
    gw_wsgi_consts *k;
    gw_conn *conn;
    size_t hlen;             /* status + headers encoded in req->hbuf */
    int status_set;          /* start_response() succeeded */
    int headers_sent;        /* the HEADERS frame is queued or sent */
    int out_busy;            /* a write runs without the GIL */
    int io_logged;
    int64_t content_length;  /* from the response headers, or -1 */
    PyObject *sr, *writer, *input, *errors;
    char abort_reason[256];  /* "ExcType: message", sent with ABORT */
} gw_wsgi_state;

/* start_response and write(): tiny callables pointing at the state. */
typedef struct {
    PyObject_HEAD
    gw_wsgi_state *st;       /* NULL once the request is over */
} gw_callback;

static PyTypeObject gw_start_response_type;
static PyTypeObject gw_write_type;

/* ---- per-interpreter constants ----------------------------------- */

static int consts_str(PyObject **slot, const char *s)
{
    *slot = PyUnicode_InternFromString(s);
    return *slot ? 0 : -1;
}

gw_wsgi_consts *gw_wsgi_consts_new(const char *process_group,
                                   const char *application_group,
                                   int multithread, int multiprocess)
{
    gw_wsgi_consts *k = calloc(1, sizeof(*k));

    if (!k || !(k->keys = calloc(GW_KEYCACHE_SLOTS, sizeof(gw_keyslot)))) {
        gw_log(GW_LOG_ERR, "GW04050: out of memory creating the WSGI "
               "constants for application group '%s'", application_group);
        free(k);
        return NULL;
    }
    /* Any failure below is a MemoryError at interpreter creation; the
     * few objects made before it are left behind on purpose. */
    if (consts_str(&k->k_version, "wsgi.version") < 0
        || consts_str(&k->k_url_scheme, "wsgi.url_scheme") < 0
        || consts_str(&k->k_input, "wsgi.input") < 0
        || consts_str(&k->k_errors, "wsgi.errors") < 0
        || consts_str(&k->k_multithread, "wsgi.multithread") < 0
        || consts_str(&k->k_multiprocess, "wsgi.multiprocess") < 0
        || consts_str(&k->k_run_once, "wsgi.run_once") < 0
        || consts_str(&k->k_file_wrapper, "wsgi.file_wrapper") < 0
        || consts_str(&k->k_input_terminated, "wsgi.input_terminated") < 0
        || consts_str(&k->k_process_group, "mod_wsgi.process_group") < 0
        || consts_str(&k->k_application_group,
                      "mod_wsgi.application_group") < 0
        || consts_str(&k->k_script_name, "SCRIPT_NAME") < 0
        || consts_str(&k->k_path_info, "PATH_INFO") < 0
        || consts_str(&k->k_query_string, "QUERY_STRING") < 0
        || consts_str(&k->v_http, "http") < 0
        || consts_str(&k->v_https, "https") < 0
        || consts_str(&k->v_empty, "") < 0
        || consts_str(&k->s_close, "close") < 0
        || !(k->v_version = Py_BuildValue("(ii)", 1, 0))
        || !(k->v_process_group = PyUnicode_DecodeLatin1(process_group,
                (Py_ssize_t)strlen(process_group), NULL))
        || !(k->v_application_group = PyUnicode_DecodeLatin1(
                application_group, (Py_ssize_t)strlen(application_group),
                NULL))) {
        gw_log(GW_LOG_ERR, "GW04051: cannot create the WSGI constants for "
               "application group '%s'; traceback follows",
               application_group);
        gw_pylog_traceback(GW_LOG_ERR, "GW04052");
        return NULL;
    }
    k->v_multithread = multithread ? Py_True : Py_False;
    k->v_multiprocess = multiprocess ? Py_True : Py_False;
    return k;
}

/* The environ key for a CGI variable name: new reference. */
static PyObject *wsgi_key(gw_wsgi_consts *k, const char *key, uint16_t len)
{
    uint32_t h = 2166136261u;
    size_t i;
    gw_keyslot *s;
    PyObject *str;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    for (i = h & (GW_KEYCACHE_SLOTS - 1);;
         i = (i + 1) & (GW_KEYCACHE_SLOTS - 1)) {
        s = &k->keys[i];
        if (!s->str)
            break;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
            Py_INCREF(s->str);
            return s->str;
        }
    }
    str = PyUnicode_DecodeLatin1(key, len, NULL);
    if (!str || k->nkeys >= GW_KEYCACHE_MAX)
        return str;
    s->key = malloc(len ? len : 1);
    if (!s->key)
        return str;
    memcpy(s->key, key, len);
    /* Interned: an application's environ['PATH_INFO'] literal is then the
     * very same object and the dict lookup stops at the identity test. */
    PyUnicode_InternInPlace(&str);
    s->hash = h;
    s->len = len;
    s->str = str;
    Py_INCREF(str);
    k->nkeys++;
    return str;
}

/* ---- environ --------------------------------------------------------- */

static int wsgi_is(const gw_kv *kv, const char *name, size_t len)
{
    return kv->klen == len && memcmp(kv->key, name, len) == 0;
}

/* Sets env[key] = val and drops the reference to val. */
static int wsgi_put(PyObject *env, PyObject *key, PyObject *val)
{
    int rc;

    if (!val)
        return -1;
    rc = PyDict_SetItem(env, key, val);
    Py_DECREF(val);
    return rc;
}

static PyObject *wsgi_url_scheme(gw_wsgi_consts *k, const gw_kv *https,
                                 const gw_kv *scheme)
{
    if (https && ((https->vlen == 2 && strncasecmp(https->val, "on", 2) == 0)
                  || (https->vlen == 1 && https->val[0] == '1')))
        return Py_NewRef(k->v_https);
    if (!scheme)
        return Py_NewRef(k->v_http);
    if (scheme->vlen == 5 && memcmp(scheme->val, "https", 5) == 0)
        return Py_NewRef(k->v_https);
    if (scheme->vlen == 4 && memcmp(scheme->val, "http", 4) == 0)
        return Py_NewRef(k->v_http);
    return PyUnicode_DecodeLatin1(scheme->val, scheme->vlen, NULL);
}

static PyObject *wsgi_environ(gw_wsgi_state *st)
{
    const gw_wsgi_req *req = st->req;
    gw_wsgi_consts *k = st->k;
    const gw_kv *https = NULL, *scheme = NULL;
    int have_sn = 0, have_pi = 0, have_qs = 0;
    PyObject *env;

    env = _PyDict_NewPresized((Py_ssize_t)req->nvars + 16);
    if (!env)
        return NULL;
    for (size_t i = 0; i < req->nvars; i++) {
        const gw_kv *kv = &req->vars[i];
        PyObject *key;
        int rc;

        /* Control vars are for us, never for the application. */
        if (kv->klen >= sizeof(GW_VAR_PREFIX) - 1
            && memcmp(kv->key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1) == 0)
            continue;
        key = wsgi_key(k, kv->key, kv->klen);
        if (!key)
            goto fail;
        rc = wsgi_put(env, key, PyUnicode_DecodeLatin1(kv->val, kv->vlen,
                                                       NULL));
        Py_DECREF(key);
        if (rc < 0)
            goto fail;
        if (wsgi_is(kv, "HTTPS", 5))
            https = kv;
        else if (wsgi_is(kv, "REQUEST_SCHEME", 14))
            scheme = kv;
        else if (wsgi_is(kv, "SCRIPT_NAME", 11))
            have_sn = 1;
        else if (wsgi_is(kv, "PATH_INFO", 9))
            have_pi = 1;
        else if (wsgi_is(kv, "QUERY_STRING", 12))
            have_qs = 1;
    }
    /* Apps index these without .get(); PEP 3333 allows them empty. */
    if ((!have_sn && PyDict_SetItem(env, k->k_script_name, k->v_empty) < 0)
        || (!have_pi && PyDict_SetItem(env, k->k_path_info, k->v_empty) < 0)
        || (!have_qs
            && PyDict_SetItem(env, k->k_query_string, k->v_empty) < 0))
        goto fail;
    if (PyDict_SetItem(env, k->k_version, k->v_version) < 0
        || wsgi_put(env, k->k_url_scheme, wsgi_url_scheme(k, https, scheme))
        || PyDict_SetItem(env, k->k_input, st->input) < 0
        || PyDict_SetItem(env, k->k_errors, st->errors) < 0
        || PyDict_SetItem(env, k->k_multithread, k->v_multithread) < 0
        || PyDict_SetItem(env, k->k_multiprocess, k->v_multiprocess) < 0
        || PyDict_SetItem(env, k->k_run_once, Py_False) < 0
        || PyDict_SetItem(env, k->k_file_wrapper,
                          (PyObject *)&gw_filewrapper_type) < 0
        || PyDict_SetItem(env, k->k_input_terminated, Py_True) < 0
        || PyDict_SetItem(env, k->k_process_group, k->v_process_group) < 0
        || PyDict_SetItem(env, k->k_application_group,
                          k->v_application_group) < 0)
        goto fail;
    return env;

fail:
    Py_DECREF(env);
    return NULL;
}

/* ---- writing the response ------------------------------------------ */

static void wsgi_log_io(gw_wsgi_state *st)
{
    gw_conn *c = st->conn;

    if (st->io_logged)
        return;
    st->io_logged = 1;
    if (gw_conn_peer_gone(c))
        gw_log(GW_LOG_INFO, "GW05020: the client went away while the "
               "response to %.*s (script %s) was being sent (%s); response "
               "abandoned", st->req->urilen, st->req->uri, st->req->script,
               strerror(c->werr));
    else
        gw_log(GW_LOG_ERR, "GW05021: sending the response to %.*s (script "
               "%s) failed: %s; response abandoned", st->req->urilen,
               st->req->uri, st->req->script, strerror(c->werr));
}

/* Refuses a second Python thread writing while a write runs without the
 * GIL (the write buffer is not shared safely). */
static int wsgi_out_check(gw_wsgi_state *st)
{
    if (st->out_busy) {
        PyErr_SetString(PyExc_RuntimeError, "the WSGI response is being "
                        "written by another thread");
        return -1;
    }
    return 0;
}

/* Queues the pending headers (if not sent yet) and a BODY frame; flush
 * sends everything now.  Copies into the write buffer under the GIL when
 * no syscall is needed, else releases the GIL.  0; -1 with a Python
 * exception; -2 after an I/O error (conn->werr). */
static int wsgi_send_body(gw_wsgi_state *st, const char *p, size_t n,
                          int flush)
{
    gw_conn *c = st->conn;
    size_t hl = st->headers_sent ? 0 : st->hlen;
    int rc = 0;

    if (wsgi_out_check(st) < 0)
        return -1;
    st->headers_sent = 1;
    if (!flush && gw_conn_frame_nosys(c, hl + GW_FRAME_HDR_LEN + n)) {
        if (hl)
            rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
        if (rc == 0)
            rc = gw_conn_frame(c, GW_FRAME_BODY, p, n);
    } else {
        st->out_busy = 1;
        Py_BEGIN_ALLOW_THREADS
        if (hl)
            rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
        if (rc == 0)
            rc = gw_conn_frame(c, GW_FRAME_BODY, p, n);
        if (rc == 0 && flush)
            rc = gw_conn_flush(c);
        Py_END_ALLOW_THREADS
        st->out_busy = 0;
    }
    return rc < 0 ? -2 : 0;
}

static int wsgi_flush(gw_wsgi_state *st)
{
    int rc;

    if (st->conn->wlen == 0)
        return 0;
    if (wsgi_out_check(st) < 0)
        return -1;
    st->out_busy = 1;
    Py_BEGIN_ALLOW_THREADS
    rc = gw_conn_flush(st->conn);
    Py_END_ALLOW_THREADS
    st->out_busy = 0;
    return rc < 0 ? -2 : 0;
}

/* The successful end: headers if still pending (empty body), END. */
static void wsgi_end(gw_wsgi_state *st)
{
    gw_conn *c = st->conn;
    size_t hl = st->headers_sent ? 0 : st->hlen;
    int rc = 0;
    /* Decided before the frame goes: END_KEEP promises that the link is
     * at a request boundary. */
    int keep = gw_conn_keepable(c);

    st->headers_sent = 1;
    Py_BEGIN_ALLOW_THREADS
    if (hl)
        rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
    if (rc == 0)
        rc = gw_conn_frame(c, keep ? GW_FRAME_END_KEEP : GW_FRAME_END, NULL,
                           0);
    if (rc == 0)
        rc = gw_conn_flush(c);
    Py_END_ALLOW_THREADS
    c->kept = keep && rc == 0;
    if (rc < 0)
        wsgi_log_io(st);
}


/* ---- start_response ------------------------------------------------- */

/* The latin-1 bytes of a str without copying: CPython keeps a str whose
 * characters all fit in one byte exactly as latin-1.  NULL when it has
 * wider characters (not latin-1 encodable). */
static const char *wsgi_latin1(PyObject *s, Py_ssize_t *n)
{
    if (PyUnicode_READY(s) < 0)
        return NULL;
    if (PyUnicode_KIND(s) != PyUnicode_1BYTE_KIND)
        return NULL;
    *n = PyUnicode_GET_LENGTH(s);
    return (const char *)PyUnicode_1BYTE_DATA(s);
}


static int wsgi_header_item(gw_wsgi_state *st, gw_enc *e, Py_ssize_t i,
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
    if (!(ns = wsgi_latin1(name, &nl)) || !(vs = wsgi_latin1(value, &vl))) {
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
static int wsgi_set_headers(gw_wsgi_state *st, PyObject *status,
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
    s = wsgi_latin1(status, &n);
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
        if (wsgi_header_item(st, &e, i, PyList_GET_ITEM(headers, i)) < 0)
            return -1;
    st->hlen = e.len;
    st->status_set = 1;
    return 0;
}

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
    if (wsgi_set_headers(st, status, headers) < 0)
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
    rc = wsgi_send_body(st, PyBytes_AS_STRING(data),
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

int gw_wsgi_types_ready(void)
{
    if (PyType_Ready(&gw_start_response_type) < 0
        || PyType_Ready(&gw_write_type) < 0
        || gw_input_ready() < 0 || gw_filewrapper_ready() < 0
        || gw_pylog_ready() < 0)
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

/* ---- running the application ----------------------------------------- */

static int wsgi_objects_new(gw_wsgi_state *st)
{
    st->sr = callback_new(&gw_start_response_type, st);
    st->writer = callback_new(&gw_write_type, st);
    st->input = gw_input_new(st->conn);
    st->errors = gw_logwriter_new(GW_LOG_ERR, "GW04010", "<wsgi.errors>");
    return st->sr && st->writer && st->input && st->errors ? 0 : -1;
}

/* The request is over: whatever the application kept must not reach into
 * this stack frame or the worker's connection any more. */
static void wsgi_objects_release(gw_wsgi_state *st)
{
    if (st->sr)
        ((gw_callback *)st->sr)->st = NULL;
    if (st->writer)
        ((gw_callback *)st->writer)->st = NULL;
    if (st->input)
        gw_input_detach(st->input);
    if (st->errors)
        gw_logwriter_flush_pending(st->errors);
    Py_CLEAR(st->sr);
    Py_CLEAR(st->writer);
    Py_CLEAR(st->input);
    Py_CLEAR(st->errors);
}

/* Logs the pending exception with its traceback.  When the client is
 * already gone the exception is most likely our own BrokenPipeError, and
 * a vanished client is no server error: info level then. */
/* Keeps "ExcType: message" of the pending exception for the ABORT frame,
 * so the Apache child's log line (with the client and URL) says why too.
 * The exception stays pending for the traceback. */
static void wsgi_note_exception(gw_wsgi_state *st)
{
    PyObject *type, *value, *tb;

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *text = value ? PyObject_Str(value) : NULL;
    const char *msg = text ? PyUnicode_AsUTF8(text) : NULL;
    if (!msg)
        PyErr_Clear();
    snprintf(st->abort_reason, sizeof(st->abort_reason), "%s%s%s",
             type ? ((PyTypeObject *)type)->tp_name : "error",
             msg && *msg ? ": " : "", msg ? msg : "");
    Py_XDECREF(text);
    PyErr_Restore(type, value, tb);
}

static void wsgi_app_failed(gw_wsgi_state *st, const char *what)
{
    const gw_wsgi_req *req = st->req;

    if (gw_conn_peer_gone(st->conn)) {
        wsgi_log_io(st);
        gw_pylog_traceback(GW_LOG_INFO, "GW04062");
        return;
    }
    wsgi_note_exception(st);
    gw_log(GW_LOG_ERR, "GW04060: %s in WSGI script %s (request %.*s); "
           "traceback follows", what, req->script, req->urilen, req->uri);
    gw_pylog_traceback(GW_LOG_ERR, "GW04061");
}

static int wsgi_body_item(gw_wsgi_state *st, PyObject *item)
{
    Py_ssize_t n;

    if (!PyBytes_Check(item)) {
        PyErr_Format(PyExc_TypeError, "the response iterable must yield "
                     "bytes, not %.100s", Py_TYPE(item)->tp_name);
        return -1;
    }
    n = PyBytes_GET_SIZE(item);
    if (n == 0)
        return 0;
    if (!st->status_set) {
        PyErr_SetString(PyExc_RuntimeError, "the response iterable yielded "
                        "body data before start_response() was called");
        return -1;
    }
    return wsgi_send_body(st, PyBytes_AS_STRING(item), (size_t)n, 0);
}

/* 0; -1 with a Python exception; -2 after an I/O error. */
static int wsgi_iterate(gw_wsgi_state *st, PyObject *result)
{
    int in_memory = PyList_CheckExact(result) || PyTuple_CheckExact(result);
    PyObject *it, *item;
    int rc = 0;

    it = PyObject_GetIter(result);
    if (!it)
        return -1;
    for (;;) {
        /* Never hold a block back while the application makes the next
         * one (see the top of the file). */
        if (!in_memory && (rc = wsgi_flush(st)) < 0)
            break;
        item = PyIter_Next(it);
        if (!item) {
            if (PyErr_Occurred())
                rc = -1;
            break;
        }
        rc = wsgi_body_item(st, item);
        Py_DECREF(item);
        if (rc < 0)
            break;
    }
    Py_DECREF(it);
    return rc;
}

/* A wsgi.file_wrapper over a regular file, sent without Python. */
static int wsgi_send_file(gw_wsgi_state *st, int fd, off_t off,
                          uint64_t len)
{
    gw_conn *c = st->conn;
    size_t hl;
    uint64_t sent = 0;
    int rc = 0, err = 0;

    if (st->content_length >= 0 && (uint64_t)st->content_length < len)
        len = (uint64_t)st->content_length;
    if (len == 0)
        return 0;
    if (wsgi_out_check(st) < 0)
        return -1;
    hl = st->headers_sent ? 0 : st->hlen;
    st->headers_sent = 1;
    st->out_busy = 1;
    Py_BEGIN_ALLOW_THREADS
    if (hl)
        rc = gw_conn_frame(c, GW_FRAME_HEADERS, st->req->hbuf, hl);
    if (rc == 0)
        rc = gw_conn_send_file(c, fd, off, len, &sent);
    err = errno;
    Py_END_ALLOW_THREADS
    st->out_busy = 0;
    if (rc < 0 && c->werr)
        return -2;
    if (rc < 0) {
        PyErr_Format(PyExc_OSError, "reading the file of wsgi.file_wrapper "
                     "(fd %d, offset %lld) failed: %s", fd,
                     (long long)(off + (off_t)sent), strerror(err));
        return -1;
    }
    if (sent < len && st->content_length >= 0) {
        PyErr_Format(PyExc_OSError, "the file of wsgi.file_wrapper ended "
                     "after %llu of the %llu bytes announced by "
                     "Content-Length (truncated while being sent?)",
                     (unsigned long long)sent, (unsigned long long)len);
        return -1;
    }
    return 0;
}

static int wsgi_send_result(gw_wsgi_state *st, PyObject *result)
{
    int fd;
    off_t off;
    uint64_t len;

    /* Only the exact object the application returned, and only once
     * start_response() ran: anything else takes the general path, which
     * also produces the right errors. */
    if (st->status_set && Py_TYPE(result) == &gw_filewrapper_type
        && gw_filewrapper_file(result, &fd, &off, &len))
        return wsgi_send_file(st, fd, off, len);
    return wsgi_iterate(st, result);
}

/* PEP 3333: close() of the iterable, if it has one, in every case. */
static int wsgi_close(gw_wsgi_state *st, PyObject *result)
{
    PyObject *close, *r;

    if (PyList_CheckExact(result) || PyTuple_CheckExact(result)
        || PyBytes_CheckExact(result))
        return 0;
    close = PyObject_GetAttr(result, st->k->s_close);
    if (!close) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return -1;
        PyErr_Clear();
        return 0;
    }
    r = PyObject_CallNoArgs(close);
    Py_DECREF(close);
    if (!r)
        return -1;
    Py_DECREF(r);
    return 0;
}

void gw_wsgi_run(const gw_wsgi_req *req, gw_wsgi_consts *k, PyObject *app)
{
    gw_wsgi_state st;
    PyObject *environ = NULL, *result = NULL;
    int failed = 0, rc;

    memset(&st, 0, sizeof(st));
    st.req = req;
    st.k = k;
    st.conn = req->conn;
    st.content_length = -1;

    if (wsgi_objects_new(&st) < 0 || !(environ = wsgi_environ(&st))) {
        wsgi_app_failed(&st, "preparing the WSGI environ failed");
        failed = 1;
        goto out;
    }
    {
        PyObject *args[2] = {environ, st.sr};
        result = PyObject_Vectorcall(app, args, 2, NULL);
    }
    if (!result) {
        wsgi_app_failed(&st, "the application raised an exception");
        failed = 1;
        goto out;
    }
    rc = wsgi_send_result(&st, result);
    if (rc == -1) {
        wsgi_app_failed(&st, "producing the response body raised an "
                        "exception");
        failed = 1;
    } else if (rc == -2) {
        wsgi_log_io(&st);
        failed = 1;
    }
    if (wsgi_close(&st, result) < 0) {
        wsgi_app_failed(&st, "close() of the response iterable raised an "
                        "exception");
        failed = 1;
    }
    if (!failed && !st.status_set) {
        gw_log(GW_LOG_ERR, "GW04063: WSGI script %s returned without "
               "calling start_response() (request %.*s)", req->script,
               req->urilen, req->uri);
        failed = 1;
    }
out:
    wsgi_objects_release(&st);
    if (!failed) {
        wsgi_end(&st);
    } else if (!st.conn->werr) {
        Py_BEGIN_ALLOW_THREADS
        gw_conn_abort(st.conn, st.abort_reason[0] ? st.abort_reason
                                                   : "application error");
        Py_END_ALLOW_THREADS
    }
    Py_XDECREF(result);
    Py_XDECREF(environ);
}
