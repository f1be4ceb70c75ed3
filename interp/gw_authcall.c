/*
 * gw_authcall.c - an auth hook's function called in place of a WSGI
 * application (see gw_authcall.h).
 *
 * What each function may return is mod_wsgi 4.9.4's rule, so a script
 * written for it answers the same here:
 *   check_password(environ, user, password)  True, False, None (no such
 *       user) or a str: the user name to use instead
 *   get_realm_hash(environ, user, realm)     None or the hash (str as
 *       latin-1, or bytes)
 *   groups_for_user(environ, user)           an iterable of group names
 *       (str as latin-1, or bytes)
 *   allow_access(environ, host)              True, False or None (no
 *       opinion)
 * Anything else is a TypeError, logged with the traceback like any
 * exception, and the call is answered ABORT.  environ holds the request's
 * CGI variables (as for a WSGI request, but without a body, so without
 * CONTENT_LENGTH and wsgi.input), wsgi.errors and mod_wsgi.process_group
 * and application_group.
 */
#include "gw_authcall.h"
#include "gw_hook.h"
#include "gw_log.h"
#include "gw_pylog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One call being answered. */
typedef struct {
    const gw_app_call *call;
    const char *function;      /* the hook's Python name */
    char reason[256];          /* "ExcType: message", for ABORT */
} gw_authcall;

static int put_str(PyObject *env, const char *key, PyObject *val)
{
    int rc = val ? PyDict_SetItemString(env, key, val) : -1;
    Py_XDECREF(val);
    return rc;
}

/* The control values are left out: they are the module's, and one of
 * them is the password. */
PyObject *gw_authcall_environ(const gw_app_call *call,
                              const char *process_group,
                              const char *app_group, PyObject *errors)
{
    PyObject *env = PyDict_New();

    if (!env)
        return NULL;
    for (size_t i = 0; i < call->nvars; i++) {
        const gw_kv *kv = &call->vars[i];
        if (kv->klen >= sizeof(GW_VAR_PREFIX) - 1
            && !memcmp(kv->key, GW_VAR_PREFIX, sizeof(GW_VAR_PREFIX) - 1))
            continue;
        PyObject *k = PyUnicode_DecodeLatin1(kv->key, kv->klen, NULL);
        PyObject *v = k ? PyUnicode_DecodeLatin1(kv->val, kv->vlen, NULL)
                        : NULL;
        int rc = v ? PyDict_SetItem(env, k, v) : -1;
        Py_XDECREF(k);
        Py_XDECREF(v);
        if (rc < 0)
            goto fail;
    }
    if (put_str(env, "mod_wsgi.process_group",
                PyUnicode_DecodeLatin1(process_group, strlen(process_group),
                                       NULL)) < 0
        || put_str(env, "mod_wsgi.application_group",
                   PyUnicode_DecodeLatin1(app_group, strlen(app_group),
                                          NULL)) < 0
        || PyDict_SetItemString(env, "wsgi.errors", errors) < 0)
        goto fail;
    return env;

fail:
    Py_DECREF(env);
    return NULL;
}

/* The function's arguments after environ: str, decoded as mod_wsgi
 * builds them (UTF-8, strict: a credential that is not UTF-8 raises). */
static PyObject *authcall_args(const gw_hook_call *h, PyObject *environ)
{
    PyObject *args = PyTuple_New(1 + h->nargs);

    if (!args)
        return NULL;
    PyTuple_SET_ITEM(args, 0, Py_NewRef(environ));
    for (int i = 0; i < h->nargs; i++) {
        PyObject *a = PyUnicode_DecodeUTF8(h->arg[i],
                                           (Py_ssize_t)h->arglen[i], NULL);
        if (!a) {
            Py_DECREF(args);
            return NULL;
        }
        PyTuple_SET_ITEM(args, 1 + i, a);
    }
    return args;
}

/* One text item of an answer: bytes as they are, str encoded (UTF-8 for
 * a user name, latin-1 otherwise, as mod_wsgi).  -1 with TypeError. */
static int answer_item(gw_answer_enc *e, PyObject *item, int utf8,
                       const char *what)
{
    PyObject *b = NULL;

    if (PyUnicode_Check(item))
        item = b = utf8 ? PyUnicode_AsUTF8String(item)
                        : PyUnicode_AsLatin1String(item);
    else if (!PyBytes_Check(item)) {
        PyErr_Format(PyExc_TypeError, "%s must be %s, not %.100s", what,
                     utf8 ? "a str" : "a str or bytes",
                     Py_TYPE(item)->tp_name);
        return -1;
    }
    if (!item)
        return -1;
    int rc = gw_answer_add(e, PyBytes_AS_STRING(item),
                           (size_t)PyBytes_GET_SIZE(item));
    Py_XDECREF(b);
    if (rc == GW_EBADVALUE) {
        PyErr_Format(PyExc_ValueError, "%s must be 1 to %d bytes with "
                     "no control character", what, GW_ANSWER_ITEM_MAX);
        return -1;
    }
    if (rc != GW_OK) {
        PyErr_Format(PyExc_ValueError, "the answer is longer than the %u "
                     "bytes an answer may take", GW_ANSWER_MAX);
        return -1;
    }
    return 0;
}

static int answer_groups(gw_answer_enc *e, PyObject *result)
{
    PyObject *it = PyObject_GetIter(result), *item;

    if (!it) {
        PyErr_Format(PyExc_TypeError, "groups_for_user() must return an "
                     "iterable of group names (str or bytes), not %.100s",
                     Py_TYPE(result)->tp_name);
        return -1;
    }
    while ((item = PyIter_Next(it))) {
        int rc = answer_item(e, item, 0, "a group name");
        Py_DECREF(item);
        if (rc < 0)
            break;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* What the function returned, as an ANSWER payload in e.  -1 with a
 * Python exception when it is nothing the hook may return. */
static int authcall_answer(int hook, PyObject *r, gw_answer_enc *e,
                           unsigned char *buf, size_t cap)
{
    int flag = hook == GW_HOOK_CHECK_PASSWORD
               || hook == GW_HOOK_ALLOW_ACCESS;

    if (hook == GW_HOOK_GROUPS_FOR_USER) {
        gw_answer_begin(e, buf, cap, GW_ANSWER_LIST);
        return answer_groups(e, r);
    }
    /* True and False themselves, as mod_wsgi: 1 and 0 are no answer. */
    if (r == Py_None || (flag && (r == Py_True || r == Py_False))) {
        gw_answer_begin(e, buf, cap, r == Py_None ? GW_ANSWER_NONE
                                     : r == Py_True ? GW_ANSWER_TRUE
                                     : GW_ANSWER_FALSE);
        return 0;
    }
    if (hook == GW_HOOK_CHECK_PASSWORD && PyUnicode_Check(r)) {
        gw_answer_begin(e, buf, cap, GW_ANSWER_TEXT);
        return answer_item(e, r, 1, "the user name check_password() "
                           "returns");
    }
    if (hook == GW_HOOK_GET_REALM_HASH
        && (PyUnicode_Check(r) || PyBytes_Check(r))) {
        gw_answer_begin(e, buf, cap, GW_ANSWER_TEXT);
        return answer_item(e, r, 0, "the hash get_realm_hash() returns");
    }
    PyErr_Format(PyExc_TypeError, "%s() must return %s, not %.100s",
                 gw_hook_function(hook),
                 hook == GW_HOOK_CHECK_PASSWORD
                 ? "True, False, None or a user name (str)"
                 : hook == GW_HOOK_GET_REALM_HASH
                 ? "None or the hash (str or bytes)"
                 : "True, False or None", Py_TYPE(r)->tp_name);
    return -1;
}

/* Logs the pending exception with its traceback, keeping "ExcType:
 * message" for the ABORT frame (the Apache child logs it too). */
static void authcall_failed(gw_authcall *a, const char *what)
{
    const gw_app_call *call = a->call;

    gw_pylog_exc_reason(a->reason, sizeof(a->reason), "");
    gw_log(GW_LOG_ERR, "GW04100: %s() of auth script %s %s (request %.*s); "
           "traceback follows", a->function, call->script, what,
           call->urilen, call->uri);
    gw_pylog_traceback(GW_LOG_ERR, "GW04101");
}

void gw_authcall_send(gw_conn *c, const unsigned char *p, size_t len,
                      const char *what)
{
    while (!gw_conn_body_at_end(c)) {
        ssize_t r = gw_conn_body_fill(c);
        if (r <= 0)
            break;
        gw_conn_body_consume(c, (size_t)r);
    }
    int keep = gw_conn_keepable(c);
    int rc = gw_conn_frame(c, GW_FRAME_ANSWER, p, len);
    if (rc == 0)
        rc = gw_conn_frame(c, keep ? GW_FRAME_END_KEEP : GW_FRAME_END,
                           NULL, 0);
    if (rc == 0)
        rc = gw_conn_flush(c);
    c->kept = keep && rc == 0;
    if (rc < 0 && !gw_conn_peer_gone(c))
        gw_log(GW_LOG_ERR, "GW04103: sending the answer of %s() to the "
               "Apache child failed: %s", what, strerror(c->werr));
}

/* Calls the function: 0 with the answer encoded in e, -1 logged. */
static int authcall_call(gw_authcall *a, PyObject *fn, PyObject *errors,
                         const char *process_group, const char *app_group,
                         gw_answer_enc *e, unsigned char *buf)
{
    const gw_app_call *call = a->call;
    PyObject *env = gw_authcall_environ(call, process_group, app_group,
                                        errors);
    PyObject *args = env ? authcall_args(call->hook, env) : NULL;
    PyObject *result = args ? PyObject_Call(fn, args, NULL) : NULL;
    int rc = -1;

    if (!env || !args)
        authcall_failed(a, "could not be given its arguments");
    else if (!result)
        authcall_failed(a, "raised an exception");
    else if (authcall_answer(call->hook->hook, result, e, buf,
                             GW_ANSWER_MAX) < 0)
        authcall_failed(a, "returned what it may not");
    else
        rc = 0;
    Py_XDECREF(result);
    Py_XDECREF(args);
    Py_XDECREF(env);
    return rc;
}

void gw_authcall_run(const gw_app_call *call, gw_script_cache *scripts,
                     const char *process_group, const char *app_group)
{
    gw_authcall a = { call, gw_hook_function(call->hook->hook), "" };
    const char *fn_name = a.function;
    unsigned char *buf = malloc(GW_ANSWER_MAX);
    PyObject *fn = NULL, *errors = NULL;
    gw_answer_enc e;
    int rc = -1;

    if (!buf)
        gw_log(GW_LOG_ERR, "GW04104: out of memory for the answer of an "
               "auth hook (request %.*s)", call->urilen, call->uri);
    else if ((fn = gw_script_app(scripts, call->script, call->script_fd,
                                 fn_name, strlen(fn_name), call->uri,
                                 call->urilen)))
        errors = gw_logwriter_new(GW_LOG_ERR, "GW04102", "<wsgi.errors>");
    if (fn && !errors)
        authcall_failed(&a, "could not be given wsgi.errors");
    else if (fn)
        rc = authcall_call(&a, fn, errors, process_group, app_group, &e,
                           buf);
    if (errors)
        gw_logwriter_flush_pending(errors);
    Py_XDECREF(errors);
    Py_XDECREF(fn);
    size_t len = rc == 0 ? gw_answer_finish(&e) : 0;
    Py_BEGIN_ALLOW_THREADS
    if (len)
        gw_authcall_send(call->conn, buf, len, a.function);
    else
        gw_conn_abort(call->conn, a.reason[0] ? a.reason
                                              : "auth script unavailable");
    Py_END_ALLOW_THREADS
    free(buf);
}
