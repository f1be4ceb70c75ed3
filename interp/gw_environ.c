/*
 * gw_environ.c - the WSGI environ of one request and the per-interpreter
 * constants it is made of (gw_environ.h).
 */
#include "gw_environ.h"
#include "gw_filewrapper.h"
#include "gw_modwsgi.h"
#include "gw_log.h"
#include "gw_pylog.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
    PyObject *k_script_name, *k_path_info, *k_query_string;
    /* mod_wsgi's keys that the daemon sets (the Apache child sends the
     * rest as CGI variables) */
    PyObject *k_mw_version, *k_process_group, *k_application_group;
    PyObject *k_callable_object, *k_script_reloading, *k_ignore_activity;
    PyObject *k_mw_script_name, *k_mw_path_info;
    PyObject *k_daemon_start, *k_script_start;
    PyObject *k_total_requests, *k_thread_id, *k_thread_requests;
    PyObject *v_version, *v_http, *v_https, *v_empty;
    PyObject *v_process_group, *v_application_group;
    PyObject *v_multithread, *v_multiprocess, *v_run_once;
    PyObject *v_mw_version, *v_application, *v_script_reloading, *v_zero;
    PyObject *s_close;
    gw_keyslot *keys;
    size_t nkeys;
};

/* ---- per-interpreter constants ----------------------------------- */

#define GW_CONST(field, text) { offsetof(gw_wsgi_consts, field), text }

/* The interned strings, each made once per interpreter. */
static const struct {
    size_t off;
    const char *text;
} consts_interned[] = {
    GW_CONST(k_version, "wsgi.version"),
    GW_CONST(k_url_scheme, "wsgi.url_scheme"),
    GW_CONST(k_input, "wsgi.input"),
    GW_CONST(k_errors, "wsgi.errors"),
    GW_CONST(k_multithread, "wsgi.multithread"),
    GW_CONST(k_multiprocess, "wsgi.multiprocess"),
    GW_CONST(k_run_once, "wsgi.run_once"),
    GW_CONST(k_file_wrapper, "wsgi.file_wrapper"),
    GW_CONST(k_input_terminated, "wsgi.input_terminated"),
    GW_CONST(k_script_name, "SCRIPT_NAME"),
    GW_CONST(k_path_info, "PATH_INFO"),
    GW_CONST(k_query_string, "QUERY_STRING"),
    GW_CONST(k_mw_version, "mod_wsgi.version"),
    GW_CONST(k_process_group, "mod_wsgi.process_group"),
    GW_CONST(k_application_group, "mod_wsgi.application_group"),
    GW_CONST(k_callable_object, "mod_wsgi.callable_object"),
    GW_CONST(k_script_reloading, "mod_wsgi.script_reloading"),
    GW_CONST(k_ignore_activity, "mod_wsgi.ignore_activity"),
    GW_CONST(k_mw_script_name, "mod_wsgi.script_name"),
    GW_CONST(k_mw_path_info, "mod_wsgi.path_info"),
    GW_CONST(k_daemon_start, "mod_wsgi.daemon_start"),
    GW_CONST(k_script_start, "mod_wsgi.script_start"),
    GW_CONST(k_total_requests, "mod_wsgi.total_requests"),
    GW_CONST(k_thread_id, "mod_wsgi.thread_id"),
    GW_CONST(k_thread_requests, "mod_wsgi.thread_requests"),
    GW_CONST(v_http, "http"),
    GW_CONST(v_https, "https"),
    GW_CONST(v_empty, ""),
    GW_CONST(v_application, "application"),
    GW_CONST(v_zero, "0"),
    GW_CONST(s_close, "close"),
};

static PyObject **consts_slot(gw_wsgi_consts *k, size_t off)
{
    return (PyObject **)((char *)k + off);
}

static PyObject *consts_latin1(const char *s)
{
    return PyUnicode_DecodeLatin1(s, (Py_ssize_t)strlen(s), NULL);
}

/* The objects; -1 with a Python exception.  Any failure is a MemoryError
 * at interpreter creation; the few objects made before it are left behind
 * on purpose. */
static int consts_fill(gw_wsgi_consts *k, const gw_environ_config *c)
{
    for (size_t i = 0; i < sizeof(consts_interned) / sizeof(*consts_interned);
         i++) {
        PyObject **slot = consts_slot(k, consts_interned[i].off);
        if (!(*slot = PyUnicode_InternFromString(consts_interned[i].text)))
            return -1;
    }
    if (!(k->v_version = Py_BuildValue("(ii)", 1, 0))
        || !(k->v_mw_version = Py_BuildValue("(iii)", GW_MODWSGI_MAJOR,
                                             GW_MODWSGI_MINOR,
                                             GW_MODWSGI_MICRO))
        || !(k->v_script_reloading = PyUnicode_InternFromString(
                c->script_reloading ? "1" : "0"))
        || !(k->v_process_group = consts_latin1(c->process_group))
        || !(k->v_application_group = consts_latin1(c->application_group)))
        return -1;
    k->v_multithread = c->multithread ? Py_True : Py_False;
    k->v_multiprocess = c->multiprocess ? Py_True : Py_False;
    k->v_run_once = c->run_once ? Py_True : Py_False;
    return 0;
}

gw_wsgi_consts *gw_wsgi_consts_new(const gw_environ_config *c)
{
    gw_wsgi_consts *k = calloc(1, sizeof(*k));

    if (!k || !(k->keys = calloc(GW_KEYCACHE_SLOTS, sizeof(gw_keyslot)))) {
        gw_log(GW_LOG_ERR, "GW04050: out of memory creating the WSGI "
               "constants for application group '%s'", c->application_group);
        free(k);
        return NULL;
    }
    if (consts_fill(k, c) < 0) {
        gw_log(GW_LOG_ERR, "GW04051: cannot create the WSGI constants for "
               "application group '%s'; traceback follows",
               c->application_group);
        gw_pylog_traceback(GW_LOG_ERR, "GW04052");
        return NULL;
    }
    return k;
}

PyObject *gw_wsgi_consts_close(const gw_wsgi_consts *k)
{
    return k->s_close;
}

/* The environ key for a CGI variable name: new reference. */
static PyObject *environ_key(gw_wsgi_consts *k, const char *key,
                             uint16_t len)
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

static int environ_is(const gw_kv *kv, const char *name, size_t len)
{
    return kv->klen == len && memcmp(kv->key, name, len) == 0;
}

/* Sets env[key] = val and drops the reference to val. */
static int environ_put(PyObject *env, PyObject *key, PyObject *val)
{
    int rc;

    if (!val)
        return -1;
    rc = PyDict_SetItem(env, key, val);
    Py_DECREF(val);
    return rc;
}

static PyObject *environ_url_scheme(gw_wsgi_consts *k, const gw_kv *https,
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

/* The value of a microsecond time: a str, as mod_wsgi's. */
static PyObject *environ_time(int64_t us)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%lld", (long long)us);

    return PyUnicode_DecodeLatin1(buf, n, NULL);
}

/* mod_wsgi's keys the daemon knows the values of; they replace any the
 * vars had, as mod_wsgi's own do.  0, -1 with a Python exception. */
static int environ_mod_wsgi(PyObject *env, gw_wsgi_consts *k,
                            const gw_environ_request *rq)
{
    /* Nothing rewrites SCRIPT_NAME and PATH_INFO after mod_wsgi would
     * have saved them (module/gw_proxy.h), so they are the same objects. */
    PyObject *sn = PyDict_GetItemWithError(env, k->k_script_name);
    PyObject *pi = sn ? PyDict_GetItemWithError(env, k->k_path_info) : NULL;
    int is_default = rq->clen == 0
        || (rq->clen == 11 && memcmp(rq->callable, "application", 11) == 0);

    if (!pi) {
        if (!PyErr_Occurred())   /* gw_environ_new() set both before */
            PyErr_SetString(PyExc_KeyError, "SCRIPT_NAME or PATH_INFO");
        return -1;
    }
    if (PyDict_SetItem(env, k->k_mw_version, k->v_mw_version) < 0
        || PyDict_SetItem(env, k->k_process_group, k->v_process_group) < 0
        || PyDict_SetItem(env, k->k_application_group,
                          k->v_application_group) < 0
        || environ_put(env, k->k_callable_object, is_default
                       ? Py_NewRef(k->v_application)
                       : PyUnicode_DecodeLatin1(rq->callable,
                                                (Py_ssize_t)rq->clen, NULL))
        || PyDict_SetItem(env, k->k_script_reloading,
                          k->v_script_reloading) < 0
        /* WSGIIgnoreActivity does not exist here: every request counts */
        || PyDict_SetItem(env, k->k_ignore_activity, k->v_zero) < 0
        || PyDict_SetItem(env, k->k_mw_script_name, sn) < 0
        || PyDict_SetItem(env, k->k_mw_path_info, pi) < 0
        || environ_put(env, k->k_daemon_start,
                       environ_time(rq->daemon_start_us))
        || environ_put(env, k->k_script_start,
                       environ_time(rq->script_start_us))
        || environ_put(env, k->k_total_requests,
                       PyLong_FromUnsignedLongLong(rq->total_requests))
        || environ_put(env, k->k_thread_id, PyLong_FromLong(rq->thread_id))
        || environ_put(env, k->k_thread_requests,
                       PyLong_FromUnsignedLongLong(rq->thread_requests)))
        return -1;
    return 0;
}

PyObject *gw_environ_new(gw_wsgi_consts *k, const gw_kv *vars, size_t nvars,
                         PyObject *input, PyObject *errors,
                         const gw_environ_request *rq)
{
    const gw_kv *https = NULL, *scheme = NULL;
    int have_sn = 0, have_pi = 0, have_qs = 0;
    PyObject *env;

    env = _PyDict_NewPresized((Py_ssize_t)nvars + 32);
    if (!env)
        return NULL;
    for (size_t i = 0; i < nvars; i++) {
        const gw_kv *kv = &vars[i];
        PyObject *key;
        int rc;

        /* Control vars are for us, never for the application. */
        if (kv->klen >= sizeof(GW_VAR_PREFIX) - 1
            && memcmp(kv->key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1) == 0)
            continue;
        key = environ_key(k, kv->key, kv->klen);
        if (!key)
            goto fail;
        rc = environ_put(env, key, PyUnicode_DecodeLatin1(kv->val, kv->vlen,
                                                          NULL));
        Py_DECREF(key);
        if (rc < 0)
            goto fail;
        if (environ_is(kv, "HTTPS", 5))
            https = kv;
        else if (environ_is(kv, "REQUEST_SCHEME", 14))
            scheme = kv;
        else if (environ_is(kv, "SCRIPT_NAME", 11))
            have_sn = 1;
        else if (environ_is(kv, "PATH_INFO", 9))
            have_pi = 1;
        else if (environ_is(kv, "QUERY_STRING", 12))
            have_qs = 1;
    }
    /* Apps index these without .get(); PEP 3333 allows them empty. */
    if ((!have_sn && PyDict_SetItem(env, k->k_script_name, k->v_empty) < 0)
        || (!have_pi && PyDict_SetItem(env, k->k_path_info, k->v_empty) < 0)
        || (!have_qs
            && PyDict_SetItem(env, k->k_query_string, k->v_empty) < 0))
        goto fail;
    if (PyDict_SetItem(env, k->k_version, k->v_version) < 0
        || environ_put(env, k->k_url_scheme,
                       environ_url_scheme(k, https, scheme))
        || PyDict_SetItem(env, k->k_input, input) < 0
        || PyDict_SetItem(env, k->k_errors, errors) < 0
        || PyDict_SetItem(env, k->k_multithread, k->v_multithread) < 0
        || PyDict_SetItem(env, k->k_multiprocess, k->v_multiprocess) < 0
        || PyDict_SetItem(env, k->k_run_once, k->v_run_once) < 0
        || PyDict_SetItem(env, k->k_file_wrapper,
                          (PyObject *)&gw_filewrapper_type) < 0
        || PyDict_SetItem(env, k->k_input_terminated, Py_True) < 0
        || environ_mod_wsgi(env, k, rq) < 0)
        goto fail;
    return env;

fail:
    Py_DECREF(env);
    return NULL;
}
