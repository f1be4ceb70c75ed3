/*
 * gw_asgi_scope.c - the ASGI scope from the request's CGI variables
 * (gw_asgi_scope.h).
 */
#include "gw_asgi_scope.h"

#include <string.h>
#include <strings.h>

/* Interned keys and the constant values, made once in the loop thread
 * (the loop serves one interpreter). */
static struct {
    PyObject *type, *asgi, *http_version, *method, *scheme, *path;
    PyObject *raw_path, *query_string, *root_path, *headers, *client;
    PyObject *server, *state, *subprotocols;
    PyObject *v_http, *v_websocket, *v_https, *v_ws, *v_wss, *v_11, *v_10;
    PyObject *v_2, *v_get, *v_slash, *v_version, *v_spec, *k_version;
    PyObject *k_spec;
} K;

static int intern(PyObject **slot, const char *s)
{
    *slot = PyUnicode_InternFromString(s);
    return *slot ? 0 : -1;
}

int gw_asgi_scope_init(void)
{
    return intern(&K.type, "type") | intern(&K.asgi, "asgi")
         | intern(&K.http_version, "http_version")
         | intern(&K.method, "method") | intern(&K.scheme, "scheme")
         | intern(&K.path, "path") | intern(&K.raw_path, "raw_path")
         | intern(&K.query_string, "query_string")
         | intern(&K.root_path, "root_path")
         | intern(&K.headers, "headers") | intern(&K.client, "client")
         | intern(&K.server, "server") | intern(&K.state, "state")
         | intern(&K.subprotocols, "subprotocols")
         | intern(&K.v_http, "http") | intern(&K.v_websocket, "websocket")
         | intern(&K.v_https, "https") | intern(&K.v_ws, "ws")
         | intern(&K.v_wss, "wss") | intern(&K.v_11, "1.1")
         | intern(&K.v_10, "1.0") | intern(&K.v_2, "2")
         | intern(&K.v_get, "GET") | intern(&K.v_slash, "/")
         | intern(&K.v_version, "3.0") | intern(&K.v_spec, "2.3")
         | intern(&K.k_version, "version")
         | intern(&K.k_spec, "spec_version");
}

static int is(const gw_kv *kv, const char *name, size_t len)
{
    return kv->klen == len && memcmp(kv->key, name, len) == 0;
}

static int put(PyObject *d, PyObject *key, PyObject *val)
{
    if (!val)
        return -1;
    int rc = PyDict_SetItem(d, key, val);
    Py_DECREF(val);
    return rc;
}

static PyObject *text(const gw_kv *kv)
{
    return PyUnicode_DecodeUTF8(kv ? kv->val : "", kv ? kv->vlen : 0,
                                "replace");
}

static PyObject *bytes(const char *p, size_t n)
{
    return PyBytes_FromStringAndSize(p, (Py_ssize_t)n);
}

/* HTTP_ACCEPT_ENCODING -> b"accept-encoding".  Apache leaves out of the
 * CGI variables every header whose name holds anything but letters,
 * digits and '-', so '_' was '-'. */
static PyObject *header_name(const char *key, size_t len)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)len);
    if (!b)
        return NULL;
    char *o = PyBytes_AS_STRING(b);
    for (size_t i = 0; i < len; i++) {
        char ch = key[i];
        o[i] = ch == '_' ? '-' : (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
    }
    return b;
}

static int add_header(PyObject *list, const char *name, size_t nlen,
                      const gw_kv *kv)
{
    PyObject *n = header_name(name, nlen);
    PyObject *v = n ? bytes(kv->val, kv->vlen) : NULL;
    PyObject *pair = v ? PyTuple_Pack(2, n, v) : NULL;
    Py_XDECREF(n);
    Py_XDECREF(v);
    if (!pair)
        return -1;
    int rc = PyList_Append(list, pair);
    Py_DECREF(pair);
    return rc;
}

static PyObject *port(const gw_kv *kv)
{
    long p = 0;
    for (size_t i = 0; kv && i < kv->vlen && i < 6; i++) {
        if (kv->val[i] < '0' || kv->val[i] > '9')
            break;
        p = p * 10 + (kv->val[i] - '0');
    }
    return PyLong_FromLong(p);
}

static PyObject *addr(const gw_kv *host, const gw_kv *p)
{
    if (!host)
        Py_RETURN_NONE;
    PyObject *h = text(host), *n = h ? port(p) : NULL;
    PyObject *t = n ? PyTuple_Pack(2, h, n) : NULL;
    Py_XDECREF(h);
    Py_XDECREF(n);
    return t;
}

/* The variables the scope needs besides the headers. */
typedef struct {
    const gw_kv *method, *protocol, *https, *scheme, *path_info, *uri;
    const gw_kv *query, *script_name, *remote_addr, *remote_port;
    const gw_kv *server_addr, *server_name, *server_port, *wsproto;
} scope_vars;

static void note_var(scope_vars *s, const gw_kv *kv)
{
#define VAR(name, field) \
    else if (is(kv, name, sizeof(name) - 1)) s->field = kv
    if (0) {}
    VAR("REQUEST_METHOD", method);
    VAR("SERVER_PROTOCOL", protocol);
    VAR("HTTPS", https);
    VAR("REQUEST_SCHEME", scheme);
    VAR("PATH_INFO", path_info);
    VAR("REQUEST_URI", uri);
    VAR("QUERY_STRING", query);
    VAR("SCRIPT_NAME", script_name);
    VAR("REMOTE_ADDR", remote_addr);
    VAR("REMOTE_PORT", remote_port);
    VAR("SERVER_ADDR", server_addr);
    VAR("SERVER_NAME", server_name);
    VAR("SERVER_PORT", server_port);
    VAR("HTTP_SEC_WEBSOCKET_PROTOCOL", wsproto);
#undef VAR
}

static PyObject *http_version(const gw_kv *p)
{
    if (p && p->vlen == 8 && memcmp(p->val, "HTTP/1.0", 8) == 0)
        return Py_NewRef(K.v_10);
    if (p && p->vlen >= 6 && memcmp(p->val, "HTTP/2", 6) == 0)
        return Py_NewRef(K.v_2);
    return Py_NewRef(K.v_11);
}

static int secure(const scope_vars *s)
{
    if (s->https && ((s->https->vlen == 2
                      && strncasecmp(s->https->val, "on", 2) == 0)
                     || (s->https->vlen == 1 && s->https->val[0] == '1')))
        return 1;
    return s->scheme && s->scheme->vlen == 5
           && memcmp(s->scheme->val, "https", 5) == 0;
}

/* "a, b" of Sec-WebSocket-Protocol as ["a", "b"]. */
static PyObject *subprotocols(const gw_kv *kv)
{
    PyObject *list = PyList_New(0);
    size_t i = 0;

    while (list && kv && i < kv->vlen) {
        while (i < kv->vlen && (kv->val[i] == ' ' || kv->val[i] == ','))
            i++;
        size_t b = i;
        while (i < kv->vlen && kv->val[i] != ',' && kv->val[i] != ' ')
            i++;
        if (i > b) {
            PyObject *t = PyUnicode_DecodeLatin1(kv->val + b,
                                                 (Py_ssize_t)(i - b), NULL);
            if (!t || PyList_Append(list, t) < 0) {
                Py_XDECREF(t);
                Py_CLEAR(list);
                break;
            }
            Py_DECREF(t);
        }
    }
    return list;
}

static PyObject *asgi_info(void)
{
    PyObject *d = PyDict_New();
    if (d && (PyDict_SetItem(d, K.k_version, K.v_version) < 0
              || PyDict_SetItem(d, K.k_spec, K.v_spec) < 0))
        Py_CLEAR(d);
    return d;
}

int gw_asgi_scope_is_websocket(const gw_kv *kv, size_t n)
{
    const gw_kv *ws = gw_kv_find(kv, n, GW_VAR_WEBSOCKET);

    return ws && ws->vlen == 1 && ws->val[0] == '1';
}

PyObject *gw_asgi_scope(const gw_kv *kv, size_t n, PyObject *state,
                        int websocket)
{
    scope_vars s;
    PyObject *scope = PyDict_New(), *headers = PyList_New(0);

    memset(&s, 0, sizeof(s));
    if (!scope || !headers)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const gw_kv *v = &kv[i];
        int rc = 0;
        if (v->klen > 5 && memcmp(v->key, "HTTP_", 5) == 0)
            rc = add_header(headers, v->key + 5, v->klen - 5u, v);
        else if (is(v, "CONTENT_TYPE", 12) || is(v, "CONTENT_LENGTH", 14))
            rc = add_header(headers, v->key, v->klen, v);
        if (rc < 0)
            goto fail;
        note_var(&s, v);
    }
    int tls = secure(&s);
    size_t rawlen = 0;
    if (s.uri)
        while (rawlen < s.uri->vlen && s.uri->val[rawlen] != '?')
            rawlen++;
    if (put(scope, K.type, Py_NewRef(websocket ? K.v_websocket : K.v_http))
        || put(scope, K.asgi, asgi_info())
        || put(scope, K.http_version, http_version(s.protocol))
        || (!websocket && put(scope, K.method, s.method ? text(s.method)
                               : Py_NewRef(K.v_get)))
        || put(scope, K.scheme, Py_NewRef(websocket ? (tls ? K.v_wss
                                                        : K.v_ws)
                                          : (tls ? K.v_https : K.v_http)))
        || put(scope, K.path, s.path_info && s.path_info->vlen
                              ? text(s.path_info) : Py_NewRef(K.v_slash))
        || put(scope, K.raw_path, bytes(s.uri ? s.uri->val : "/",
                                        s.uri ? rawlen : 1))
        || put(scope, K.query_string, bytes(s.query ? s.query->val : "",
                                            s.query ? s.query->vlen : 0))
        || put(scope, K.root_path, text(s.script_name))
        || PyDict_SetItem(scope, K.headers, headers) < 0
        || put(scope, K.client, addr(s.remote_addr, s.remote_port))
        || put(scope, K.server, addr(s.server_addr ? s.server_addr
                                     : s.server_name, s.server_port))
        || (websocket && put(scope, K.subprotocols,
                              subprotocols(s.wsproto)))
        || (state && put(scope, K.state, PyDict_Copy(state))))
        goto fail;
    Py_DECREF(headers);
    return scope;

fail:
    Py_XDECREF(headers);
    Py_XDECREF(scope);
    return NULL;
}
