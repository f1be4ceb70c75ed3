/*
 * gw_environ.c - the WSGI environ of one request and the per-interpreter
 * constants it is made of (gw_environ.h).
 */
#include "gw_environ.h"
#include "gw_filewrapper.h"
#include "gw_log.h"
#include "gw_pylog.h"

#include <stdint.h>
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

PyObject *gw_environ_new(gw_wsgi_consts *k, const gw_kv *vars, size_t nvars,
                         PyObject *input, PyObject *errors)
{
    const gw_kv *https = NULL, *scheme = NULL;
    int have_sn = 0, have_pi = 0, have_qs = 0;
    PyObject *env;

    env = _PyDict_NewPresized((Py_ssize_t)nvars + 16);
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
