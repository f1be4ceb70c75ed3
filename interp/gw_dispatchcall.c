/*
 * gw_dispatchcall.c - a WSGIDispatchScript's functions called in place
 * of a WSGI application (see gw_dispatchcall.h).
 *
 * mod_wsgi 4.9.4's rules (wsgi_execute_dispatch), so a script written
 * for it answers the same here:
 *   process_group(environ), application_group(environ) and
 *   callable_object(environ) are called in that order, each only when
 *   the script defines it and the one before did not fail, all with the
 *   same environ dict; nothing of their answers is kept for the next
 *   request (mod_wsgi keeps only the module)
 *   each returns None (keep what the configuration says) or a name:
 *   bytes, or a str of latin-1 characters; anything else is a TypeError
 *   a function that raises, or returns what it may not, fails the
 *   request (logged with the traceback, answered ABORT: a 500)
 *   a script that cannot be loaded changes nothing: the request runs
 *   where the configuration says (logged)
 * Beyond mod_wsgi, a name must be at most GW_ANSWER_ITEM_MAX bytes
 * without a control character (a ValueError otherwise): it travels to
 * the Apache child, which decodes it as hostile.
 *
 * environ is mod_wsgi's for the dispatch script: the request's CGI
 * variables and the Apache child's mod_wsgi.* ones, mod_wsgi.script_name,
 * path_info, script_reloading and ignore_activity, with
 * mod_wsgi.process_group and application_group naming where the script
 * runs, no mod_wsgi.callable_object, and wsgi.errors; no wsgi.input and
 * no other wsgi.* key.
 */
#include "gw_dispatchcall.h"
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
    const char *name[GW_DISPATCH_NAMES];    /* NULL: None */
    size_t len[GW_DISPATCH_NAMES];
    PyObject *keep[GW_DISPATCH_NAMES];      /* the bytes name[i] is in */
    char reason[256];                       /* for ABORT */
} gw_dispatch;

static int put(PyObject *env, const char *key, PyObject *val)
{
    int rc = val ? PyDict_SetItemString(env, key, val) : -1;
    Py_XDECREF(val);
    return rc;
}

static PyObject *latin1(const gw_kv *kv, const char *dflt)
{
    return kv ? PyUnicode_DecodeLatin1(kv->val, kv->vlen, NULL)
              : PyUnicode_FromString(dflt);
}

/* The keys mod_wsgi's Apache child adds beyond the hooks' environ
 * (gw_authcall_environ): CONTENT_LENGTH, which travelled under a
 * control name, and the mod_wsgi.* ones the daemon knows.  0, or -1
 * with a Python exception. */
static int dispatch_environ_more(PyObject *env, const gw_app_call *call,
                                 int script_reloading)
{
    const gw_kv *cl = gw_kv_find(call->vars, call->nvars,
                                 GW_VAR_CONTENT_LENGTH);
    const gw_kv *sn = gw_kv_find(call->vars, call->nvars, "SCRIPT_NAME");
    const gw_kv *pi = gw_kv_find(call->vars, call->nvars, "PATH_INFO");

    if ((cl && put(env, "CONTENT_LENGTH", latin1(cl, "")) < 0)
        || put(env, "mod_wsgi.script_name", latin1(sn, "")) < 0
        || put(env, "mod_wsgi.path_info", latin1(pi, "")) < 0
        || put(env, "mod_wsgi.script_reloading",
               PyUnicode_FromString(script_reloading ? "1" : "0")) < 0
        /* WSGIIgnoreActivity does not exist here: every request counts */
        || put(env, "mod_wsgi.ignore_activity",
               PyUnicode_FromString("0")) < 0)
        return -1;
    /* As mod_wsgi: the callable is what the script is choosing. */
    if (PyDict_DelItemString(env, "mod_wsgi.callable_object") < 0) {
        if (!PyErr_ExceptionMatches(PyExc_KeyError))
            return -1;
        PyErr_Clear();
    }
    return 0;
}

/* Logs the pending exception with its traceback, keeping "function():
 * ExcType: message" for the ABORT frame (the Apache child logs it). */
static void dispatch_failed(gw_dispatch *d, const char *function,
                            const char *what)
{
    const gw_app_call *call = d->call;
    char prefix[40];

    snprintf(prefix, sizeof(prefix), "%s(): ", function);
    gw_pylog_exc_reason(d->reason, sizeof(d->reason), prefix);
    gw_log(GW_LOG_ERR, "GW04110: %s() of dispatch script %s %s (request "
           "%.*s); traceback follows", function, call->script, what,
           call->urilen, call->uri);
    gw_pylog_traceback(GW_LOG_ERR, "GW04111");
}

/* What function i returned, as name i: None, bytes or latin-1 str.
 * 0, or -1 with a Python exception. */
static int dispatch_name(gw_dispatch *d, int i, PyObject *r)
{
    const char *function = gw_dispatch_function(i);
    PyObject *b;

    if (r == Py_None)
        return 0;
    if (PyBytes_Check(r))
        b = Py_NewRef(r);
    else if (PyUnicode_Check(r)) {
        if (!(b = PyUnicode_AsLatin1String(r))) {
            PyErr_Format(PyExc_TypeError, "%s() must return a str of "
                         "latin-1 characters (or bytes); this one has "
                         "others", function);
            return -1;
        }
    }
    else {
        PyErr_Format(PyExc_TypeError, "%s() must return None or a name "
                     "(str or bytes), not %.100s", function,
                     Py_TYPE(r)->tp_name);
        return -1;
    }
    if (!gw_answer_name_ok(PyBytes_AS_STRING(b),
                           (size_t)PyBytes_GET_SIZE(b))) {
        PyErr_Format(PyExc_ValueError, "%s() must return a name of at most "
                     "%d bytes without a control character", function,
                     GW_ANSWER_ITEM_MAX);
        Py_DECREF(b);
        return -1;
    }
    d->keep[i] = b;
    d->name[i] = PyBytes_AS_STRING(b);
    d->len[i] = (size_t)PyBytes_GET_SIZE(b);
    return 0;
}

/* Calls the functions the module defines.  0, or -1 logged. */
static int dispatch_calls(gw_dispatch *d, PyObject *module, PyObject *env)
{
    PyObject *dict = PyModule_GetDict(module);   /* borrowed */

    for (int i = 0; i < GW_DISPATCH_NAMES; i++) {
        const char *function = gw_dispatch_function(i);
        PyObject *fn = PyDict_GetItemString(dict, function);
        if (!fn)
            continue;                    /* not defined: None */
        /* Held across the call, which may rebind the module's name. */
        Py_INCREF(fn);
        PyObject *r = PyObject_CallOneArg(fn, env);
        Py_DECREF(fn);
        if (!r) {
            dispatch_failed(d, function, "raised an exception");
            return -1;
        }
        int rc = dispatch_name(d, i, r);
        Py_DECREF(r);
        if (rc < 0) {
            dispatch_failed(d, function, "returned what it may not");
            return -1;
        }
    }
    return 0;
}

/* The environ, then the calls.  0, or -1 logged. */
static int dispatch_run(gw_dispatch *d, PyObject *module,
                        const char *process_group, const char *app_group,
                        int script_reloading)
{
    PyObject *errors = gw_logwriter_new(GW_LOG_ERR, "GW04112",
                                        "<wsgi.errors>");
    PyObject *env = errors ? gw_authcall_environ(d->call, process_group,
                                                 app_group, errors)
                           : NULL;
    int rc = -1;

    if (!env || dispatch_environ_more(env, d->call, script_reloading) < 0)
        dispatch_failed(d, "dispatch", "could not be given its environ");
    else
        rc = dispatch_calls(d, module, env);
    if (errors)
        gw_logwriter_flush_pending(errors);
    Py_XDECREF(env);
    Py_XDECREF(errors);
    return rc;
}

void gw_dispatchcall_run(const gw_app_call *call, gw_script_cache *scripts,
                         const char *process_group, const char *app_group,
                         int script_reloading)
{
    gw_dispatch d = { .call = call };
    unsigned char *buf = malloc(GW_ANSWER_MAX);
    gw_answer_enc e;
    size_t len = 0;
    int rc = -1;

    PyObject *module = buf ? gw_script_module(scripts, call->script,
                                              call->script_fd, call->uri,
                                              call->urilen)
                           : NULL;
    if (!buf)
        gw_log(GW_LOG_ERR, "GW04113: out of memory for the answer of "
               "dispatch script %s (request %.*s)", call->script,
               call->urilen, call->uri);
    else if (!module) {
        /* mod_wsgi logs the failure and goes on with the configured
         * values: no names. */
        gw_log(GW_LOG_ERR, "GW04114: dispatch script %s could not be "
               "loaded (the lines before say why): request %.*s runs "
               "where the configuration says, as under mod_wsgi",
               call->script, call->urilen, call->uri);
        rc = 0;
    }
    else
        rc = dispatch_run(&d, module, process_group, app_group,
                          script_reloading);
    Py_XDECREF(module);
    if (rc == 0) {
        gw_answer_begin(&e, buf, GW_ANSWER_MAX, GW_ANSWER_NAMES);
        gw_answer_names(&e, d.name, d.len);
        len = gw_answer_finish(&e);
    }
    Py_BEGIN_ALLOW_THREADS
    if (len)
        gw_authcall_send(call->conn, buf, len, "dispatch");
    else
        gw_conn_abort(call->conn, d.reason[0] ? d.reason
                                              : "dispatch script failed");
    Py_END_ALLOW_THREADS
    for (int i = 0; i < GW_DISPATCH_NAMES; i++)
        Py_XDECREF(d.keep[i]);
    free(buf);
}
