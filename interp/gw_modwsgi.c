/*
 * gw_modwsgi.c - the `mod_wsgi` Python module (gw_modwsgi.h).
 */
#include "gw_modwsgi.h"
#include "gw_filewrapper.h"
#include "gw_log.h"
#include "gw_pylog.h"
#include "gw_reqstats.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static atomic_int shutdown_subscribed;

/* ---- process_metrics(), server_metrics() ----------------------------- */

/* Bytes resident now (/proc/self/statm), 0 when unknown. */
static long long modwsgi_rss(void)
{
    unsigned long long size, pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (!f)
        return 0;
    if (fscanf(f, "%llu %llu", &size, &pages) != 2)
        pages = 0;
    fclose(f);
    return (long long)pages * sysconf(_SC_PAGESIZE);
}

static double modwsgi_seconds(const struct timeval *tv)
{
    return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* [{'thread_id': N, 'request_count': M}, ...] for the threads that have
 * served a request, as mod_wsgi lists them. */
static PyObject *modwsgi_threads(int n)
{
    PyObject *list = PyList_New(0);

    for (int id = 1; list && id <= n; id++) {
        const gw_reqstats_thread *t = gw_reqstats_thread_at(id);
        if (!t)
            continue;
        PyObject *e = Py_BuildValue("{s:i,s:K}", "thread_id", t->id,
                                    "request_count",
                                    (unsigned long long)t->requests);
        if (!e || PyList_Append(list, e) < 0)
            Py_CLEAR(list);
        Py_XDECREF(e);
    }
    return list;
}

static PyObject *modwsgi_process_metrics(PyObject *self, PyObject *unused)
{
    gw_reqstats_process p;
    struct rusage ru;
    int64_t now = gw_reqstats_now_us();
    (void)self;
    (void)unused;

    gw_reqstats_snapshot(&p, now);
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        memset(&ru, 0, sizeof(ru));
    PyObject *threads = modwsgi_threads(p.threads);
    if (!threads)
        return NULL;
    /* The names, types and units of mod_wsgi 4.9.4's. */
    return Py_BuildValue(
        "{s:i,s:d,s:K,s:L,s:L,s:d,s:d,s:d,s:d,s:L,s:i,s:i,s:N}",
        "pid", (int)getpid(),
        "request_busy_time", p.busy_seconds,
        "request_count", (unsigned long long)p.requests,
        "memory_max_rss", (long long)ru.ru_maxrss * 1024,   /* KiB */
        "memory_rss", modwsgi_rss(),
        "cpu_user_time", modwsgi_seconds(&ru.ru_utime),
        "cpu_system_time", modwsgi_seconds(&ru.ru_stime),
        "restart_time", (double)p.start_us / 1e6,
        "current_time", (double)now / 1e6,
        "running_time", (long long)((now - p.start_us) / 1000000),
        "request_threads", p.threads,
        "active_requests", p.active,
        "threads", threads);
}

/* mod_wsgi answers None unless WSGIServerMetrics is On; that directive
 * has no effect here (the status page has the figures), so always. */
static PyObject *modwsgi_server_metrics(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    Py_RETURN_NONE;
}

/* ---- subscribe_shutdown() and the process_stopping event ------------ */

static PyObject *modwsgi_subscribe_shutdown(PyObject *module,
                                            PyObject *callback)
{
    PyObject *list = PyObject_GetAttrString(module, "shutdown_callbacks");
    int rc;

    if (!list)
        return NULL;
    if (PyList_Check(list)) {
        rc = PyList_Append(list, callback);
    } else {
        PyErr_SetString(PyExc_TypeError, "mod_wsgi.shutdown_callbacks is "
                        "not a list");
        rc = -1;
    }
    Py_DECREF(list);
    if (rc < 0)
        return NULL;
    atomic_store(&shutdown_subscribed, 1);
    Py_RETURN_NONE;
}

int gw_modwsgi_shutdown_subscribed(void)
{
    return atomic_load(&shutdown_subscribed);
}

static void modwsgi_call_shutdown(const char *group, PyObject *callbacks,
                                  PyObject *args, PyObject *event)
{
    /* The list is looked at again each time: a callback may add one. */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(callbacks); i++) {
        PyObject *cb = Py_NewRef(PyList_GET_ITEM(callbacks, i));
        PyObject *r = PyObject_Call(cb, args, event);
        if (!r) {
            gw_log(GW_LOG_ERR, "GW04084: a mod_wsgi shutdown callback "
                   "(subscribe_shutdown) of application group '%s' raised "
                   "an exception while the process stops; traceback "
                   "follows", group);
            gw_pylog_traceback(GW_LOG_ERR, "GW04085");
        } else if (PyDict_Check(r) && PyDict_Update(event, r) < 0) {
            PyErr_Clear();   /* as mod_wsgi: a dict returned adds to the
                              * event the next callbacks see */
        }
        Py_XDECREF(r);
        Py_DECREF(cb);
    }
}

void gw_modwsgi_stopping(const char *group, const char *reason)
{
    PyObject *m = PyImport_ImportModule("mod_wsgi");
    PyObject *callbacks = m ? PyObject_GetAttrString(m, "shutdown_callbacks")
                            : NULL;
    PyObject *event = NULL, *args = NULL;

    if (callbacks && PyList_Check(callbacks) && PyList_GET_SIZE(callbacks)
        && (!(event = Py_BuildValue("{s:s}", "shutdown_reason", reason))
            || !(args = Py_BuildValue("(s)", "process_stopping")))) {
        gw_log(GW_LOG_ERR, "GW04087: cannot call the mod_wsgi shutdown "
               "callbacks of application group '%s'; traceback follows",
               group);
        gw_pylog_traceback(GW_LOG_ERR, "GW04088");
    } else if (args) {
        modwsgi_call_shutdown(group, callbacks, args, event);
    }
    Py_XDECREF(args);
    Py_XDECREF(event);
    Py_XDECREF(callbacks);
    Py_XDECREF(m);
    PyErr_Clear();
}

/* ---- the module ---------------------------------------------------------- */

static PyMethodDef modwsgi_functions[] = {
    {"process_metrics", modwsgi_process_metrics, METH_NOARGS,
     "process_metrics(): this daemon process's figures, as a dict."},
    {"server_metrics", modwsgi_server_metrics, METH_NOARGS,
     "server_metrics(): None (no WSGIServerMetrics here)."},
    {"subscribe_shutdown", modwsgi_subscribe_shutdown, METH_O,
     "subscribe_shutdown(callback): callback('process_stopping', "
     "shutdown_reason=...) is called when the process stops."},
    {NULL, NULL, 0, NULL}
};

/* Whether the pending exception says that mod_wsgi itself is not there
 * (and not that something the package imports is missing). */
static int modwsgi_not_found(void)
{
    PyObject *t, *v, *tb;
    int absent = 0;

    if (!PyErr_ExceptionMatches(PyExc_ModuleNotFoundError))
        return 0;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *name = v ? PyObject_GetAttrString(v, "name") : NULL;
    absent = name && PyUnicode_Check(name)
             && PyUnicode_CompareWithASCIIString(name, "mod_wsgi") == 0;
    Py_XDECREF(name);
    PyErr_Clear();
    PyErr_Restore(t, v, tb);
    return absent;
}

/* The mod_wsgi package when one is importable, as mod_wsgi does, else a
 * new empty module in sys.modules.  New reference, or NULL with a Python
 * exception. */
static PyObject *modwsgi_module(const char *group)
{
    PyObject *m = PyImport_ImportModule("mod_wsgi");

    if (m)
        return m;
    if (!modwsgi_not_found()) {
        gw_log(GW_LOG_WARN, "GW04082: importing the mod_wsgi package found "
               "on sys.path failed in application group '%s'; the "
               "application gets mod_gateway's mod_wsgi module without it; "
               "traceback follows", group);
        gw_pylog_traceback(GW_LOG_WARN, "GW04083");
    }
    PyErr_Clear();
    if (PyDict_DelItemString(PyImport_GetModuleDict(), "mod_wsgi") < 0)
        PyErr_Clear();   /* none half-imported */
    return Py_XNewRef(PyImport_AddModule("mod_wsgi"));
}

/* Adds obj (a new reference, or NULL after a failure) as name. */
static int modwsgi_add(PyObject *m, const char *name, PyObject *obj)
{
    int rc = obj ? PyModule_AddObjectRef(m, name, obj) : -1;

    Py_XDECREF(obj);
    return rc;
}

static PyObject *modwsgi_latin1(const char *s)
{
    return PyUnicode_DecodeLatin1(s, (Py_ssize_t)strlen(s), NULL);
}

static int modwsgi_fill(PyObject *m, const gw_modwsgi_config *c)
{
    if (modwsgi_add(m, "version", Py_BuildValue("(iii)", GW_MODWSGI_MAJOR,
                                                GW_MODWSGI_MINOR,
                                                GW_MODWSGI_MICRO)) < 0
        || modwsgi_add(m, "FileWrapper",
                       Py_NewRef((PyObject *)&gw_filewrapper_type)) < 0
        || modwsgi_add(m, "process_group",
                       modwsgi_latin1(c->process_group)) < 0
        || modwsgi_add(m, "application_group",
                       modwsgi_latin1(c->application_group)) < 0
        || modwsgi_add(m, "maximum_processes",
                       PyLong_FromLong(c->processes)) < 0
        || modwsgi_add(m, "threads_per_process",
                       PyLong_FromLong(c->threads)) < 0
        || modwsgi_add(m, "shutdown_callbacks", PyList_New(0)) < 0
        || PyModule_AddFunctions(m, modwsgi_functions) < 0)
        return -1;
    return 0;
}

void gw_modwsgi_install(const gw_modwsgi_config *c)
{
    PyObject *m = modwsgi_module(c->application_group);

    if (!m || modwsgi_fill(m, c) < 0) {
        gw_log(GW_LOG_ERR, "GW04080: cannot set up the mod_wsgi module in "
               "application group '%s' (`import mod_wsgi` may fail there); "
               "traceback follows", c->application_group);
        gw_pylog_traceback(GW_LOG_ERR, "GW04081");
    }
    Py_XDECREF(m);
    PyErr_Clear();
}
