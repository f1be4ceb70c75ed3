/*
 * gw_asgi.c - the event loop thread of a protocol=asgi daemon process
 * (gw_asgi.h): the hand-over queue from the workers, the _gateway_asgi
 * module the loop's Python side (gw_asgi_shim.py) calls, start and stop.
 *
 * The workers never take the GIL for an ASGI request: gw_asgi_submit()
 * copies the packet into a job, queues it under a mutex and writes the
 * queue's eventfd, which the loop watches (add_reader) like any socket.
 * One write wakes the loop for every job queued until it drains them.
 */
#include "gw_asgi.h"
#include "gw_asgi_conn.h"
#include "gw_asgi_scope.h"
#include "gw_asgi_ws.h"
#include "gw_exit.h"
#include "gw_log.h"
#include "gw_pylog.h"
#include "gw_script.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

/* The shim's source, built in from its own file: it stays a .py that
 * can be read and checked as Python. */
__asm__(".section .rodata\n"
        ".global gw_asgi_shim_src\n"
        "gw_asgi_shim_src:\n"
        ".incbin \"interp/gw_asgi_shim.py\"\n"
        ".byte 0\n"
        ".global gw_asgi_ws_src\n"
        "gw_asgi_ws_src:\n"
        ".incbin \"interp/gw_asgi_ws.py\"\n"
        ".byte 0\n"
        ".previous\n");
extern const char gw_asgi_shim_src[];
extern const char gw_asgi_ws_src[];

static struct {
    gw_asgi_config cfg;
    int enabled;
    int efd;                    /* the queue's eventfd */
    pthread_mutex_t lock;       /* the queue, and the states below */
    pthread_cond_t cond;
    gw_asgi_job *head, *tail;
    int ready;                  /* 0 starting, 1 ready, -1 failed */
    int stopping;               /* gw_asgi_stop() was called */
    int timeout;                /* its timeout, seconds */
    int done;                   /* the loop thread returned */
} A = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER,
        .efd = -1 };

int gw_asgi_enabled(void)
{
    return A.enabled;
}

/* ---- the hand-over (worker threads, no GIL) ------------------------ */

static void queue_wake(void)
{
    uint64_t one = 1;
    while (write(A.efd, &one, sizeof(one)) < 0 && errno == EINTR)
        ;
}

void gw_asgi_submit(const gw_app_call *call)
{
    gw_asgi_job *j = gw_asgi_job_new(call->conn);

    if (!j) {
        gw_log(GW_LOG_ERR, "GW02254: out of memory handing request %.*s "
               "to the event loop; answered with an error", call->urilen,
               call->uri);
        gw_conn_abort(call->conn, "out of memory in the daemon");
        return;
    }
    /* Once queued, the loop may be done with it before we return. */
    if (A.cfg.conn_unlink)
        A.cfg.conn_unlink(call->conn);
    pthread_mutex_lock(&A.lock);
    int was_empty = A.head == NULL;
    if (A.tail)
        A.tail->next = j;
    else
        A.head = j;
    A.tail = j;
    pthread_mutex_unlock(&A.lock);
    if (was_empty)
        queue_wake();
    call->conn->kept = GW_CONN_HANDED;
}

/* ---- the _gateway_asgi module (loop thread, GIL held) -------------- */

/* take() -> [(AsgiConn, websocket), ...]: the queued jobs. */
static PyObject *mod_take(PyObject *self, PyObject *unused)
{
    uint64_t n;
    gw_asgi_job *j;
    (void)self, (void)unused;

    while (read(A.efd, &n, sizeof(n)) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&A.lock);
    j = A.head;
    A.head = A.tail = NULL;
    pthread_mutex_unlock(&A.lock);

    PyObject *list = PyList_New(0);
    while (j) {
        gw_asgi_job *next = j->next;
        PyObject *conn = gw_asgi_conn_new(j, A.cfg.may_keep,
                                          A.cfg.conn_return);
        PyObject *item = NULL;
        if (conn) {
            size_t nkv;
            const gw_kv *kv = gw_asgi_conn_vars(conn, &nkv);
            int ws = gw_asgi_scope_is_websocket(kv, nkv);
            item = Py_BuildValue("(OO)", conn, ws ? Py_True : Py_False);
        }
        if (!item || !list || PyList_Append(list, item) < 0) {
            /* Python cannot even hold it: the request is answered with
             * a cut link (conn's dealloc gives it back, closed). */
            gw_pylog_traceback(GW_LOG_ERR, "GW02255");
        }
        Py_XDECREF(item);
        Py_XDECREF(conn);
        j = next;
    }
    return list;
}

static PyObject *mod_stopping(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    pthread_mutex_lock(&A.lock);
    int s = A.stopping;
    pthread_mutex_unlock(&A.lock);
    return PyBool_FromLong(s);
}

static PyObject *mod_timeout(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyLong_FromLong(A.timeout);
}

/* kill_timeout() -> seconds from the stop to the earliest kill. */
static PyObject *mod_kill_timeout(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    int k = A.cfg.kill_timeout;
    return PyLong_FromLong(k > 0 && k < A.timeout ? k : A.timeout);
}

static PyObject *mod_ready(PyObject *self, PyObject *arg)
{
    (void)self;
    pthread_mutex_lock(&A.lock);
    A.ready = PyObject_IsTrue(arg) == 1 ? 1 : -1;
    pthread_cond_broadcast(&A.cond);
    pthread_mutex_unlock(&A.lock);
    Py_RETURN_NONE;
}

/* load(script, callable, uri) -> the callable, or None (logged). */
static PyObject *mod_load(PyObject *self, PyObject *args)
{
    const char *script, *callable, *uri;
    Py_ssize_t clen, ulen;
    (void)self;

    if (!PyArg_ParseTuple(args, "ss#s#:load", &script, &callable, &clen,
                          &uri, &ulen))
        return NULL;
    /* By path: the worker judged script-user=/script-group= on the file
     * it opened (daemon/gw_request.c), and that rule also keeps the
     * script's directory writable by its owner alone, so no one else can
     * put another file at the path before the loop loads it. */
    PyObject *app = gw_script_app(gw_interp_main_scripts(), script, -1,
                                  callable, (size_t)clen, uri, (int)ulen);
    return app ? app : Py_NewRef(Py_None);
}

static PyObject *mod_scope(PyObject *self, PyObject *args)
{
    PyObject *conn, *state;
    size_t n;
    int ws;
    (void)self;

    if (!PyArg_ParseTuple(args, "O!O:scope", &gw_asgi_conn_type, &conn,
                          &state))
        return NULL;
    const gw_kv *kv = gw_asgi_conn_vars(conn, &n);
    ws = gw_asgi_scope_is_websocket(kv, n);
    return gw_asgi_scope(kv, n, PyDict_Check(state) && PyDict_GET_SIZE(state)
                         ? state : NULL, ws);
}

static PyObject *mod_log(PyObject *self, PyObject *args)
{
    int level;
    const char *text;
    (void)self;

    if (!PyArg_ParseTuple(args, "is:log", &level, &text))
        return NULL;
    gw_log(level, "%s", text);
    Py_RETURN_NONE;
}

/* log_exc(level, text, id): text, then the traceback of the exception
 * being handled, each of its lines with id. */
static PyObject *mod_log_exc(PyObject *self, PyObject *args)
{
    int level;
    const char *text, *id;
    PyObject *t, *v, *tb;
    static char ids[16][8];
    static int nids;
    (void)self;

    if (!PyArg_ParseTuple(args, "iss:log_exc", &level, &text, &id))
        return NULL;
    gw_log(level, "%s", text);
    /* gw_pylog_traceback keeps the id's pointer: static storage. */
    int i;
    for (i = 0; i < nids && strcmp(ids[i], id); i++)
        ;
    if (i == nids) {
        if (nids < 16)
            nids++;
        else
            i = 15;             /* the shim has fewer ids than that */
        snprintf(ids[i], sizeof(ids[0]), "%s", id);
    }
    PyErr_GetExcInfo(&t, &v, &tb);
    if (v) {
        PyErr_Restore(t, v, tb);
        gw_pylog_traceback(level, ids[i]);
    } else {
        Py_XDECREF(t);
        Py_XDECREF(tb);
    }
    Py_RETURN_NONE;
}

static PyMethodDef mod_methods[] = {
    {"take", mod_take, METH_NOARGS, NULL},
    {"stopping", mod_stopping, METH_NOARGS, NULL},
    {"timeout", mod_timeout, METH_NOARGS, NULL},
    {"kill_timeout", mod_kill_timeout, METH_NOARGS, NULL},
    {"ready", mod_ready, METH_O, NULL},
    {"load", mod_load, METH_VARARGS, NULL},
    {"scope", mod_scope, METH_VARARGS, NULL},
    {"log", mod_log, METH_VARARGS, NULL},
    {"log_exc", mod_log_exc, METH_VARARGS, NULL},
    {"websocket", gw_asgi_ws_new, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef mod_def = {
    PyModuleDef_HEAD_INIT, "_gateway_asgi",
    "mod_gateway's event loop glue (not importable).", -1, mod_methods,
    NULL, NULL, NULL, NULL
};

/* ---- the loop thread ------------------------------------------------ */

static PyObject *loop_scripts(void)
{
    PyObject *list = PyList_New(0);
    for (size_t i = 0; list && i < A.cfg.nscripts; i++) {
        PyObject *s = PyUnicode_DecodeFSDefault(A.cfg.scripts[i]);
        if (!s || PyList_Append(list, s) < 0)
            Py_CLEAR(list);
        Py_XDECREF(s);
    }
    return list;
}

/* Runs one embedded source in the shim's module. */
static int loop_eval(PyObject *shim, const char *src, const char *name)
{
    PyObject *code = Py_CompileString(src, name, Py_file_input);
    PyObject *r = code ? PyEval_EvalCode(code, PyModule_GetDict(shim),
                                         PyModule_GetDict(shim)) : NULL;
    int rc = r ? 0 : -1;

    Py_XDECREF(code);
    Py_XDECREF(r);
    return rc;
}

/* The shim (and its WebSocket part, in the same module) as a module of
 * its own, its main() run. */
static int loop_run(void)
{
    PyObject *mod = NULL, *shim = NULL, *r = NULL;
    PyObject *scripts = NULL;
    int rc = -1;

    if (gw_asgi_conn_ready() < 0 || gw_asgi_ws_ready() < 0
        || gw_asgi_scope_init() < 0
        || !(mod = PyModule_Create(&mod_def))
        || PyDict_SetItemString(PyImport_GetModuleDict(), "_gateway_asgi",
                                mod) < 0
        || !(shim = PyModule_New("_gateway_asgi_shim"))
        || PyModule_AddStringConstant(shim, "__file__",
                                      "<gateway-daemon: gw_asgi_shim.py>")
        || PyDict_SetItemString(PyModule_GetDict(shim), "__builtins__",
                                PyEval_GetBuiltins()) < 0
        || loop_eval(shim, gw_asgi_shim_src, "gw_asgi_shim.py") < 0
        || loop_eval(shim, gw_asgi_ws_src, "gw_asgi_ws.py") < 0) {
        gw_log(GW_LOG_CRIT, "GW02256: cannot set up the ASGI event loop; "
               "traceback follows");
        gw_pylog_traceback(GW_LOG_CRIT, "GW02257");
        goto out;
    }
    scripts = loop_scripts();
    r = scripts ? PyObject_CallMethod(shim, "main", "iOii", A.efd, scripts,
                                      A.cfg.threads, A.cfg.request_timeout)
                : NULL;
    if (!r) {
        gw_log(GW_LOG_CRIT, "GW02258: the ASGI event loop stopped with an "
               "exception; traceback follows");
        gw_pylog_traceback(GW_LOG_CRIT, "GW02259");
        goto out;
    }
    rc = 0;
out:
    Py_XDECREF(r);
    Py_XDECREF(scripts);
    Py_XDECREF(shim);
    Py_XDECREF(mod);
    return rc;
}

static void *loop_main(void *arg)
{
    (void)arg;
    PyGILState_STATE gs = PyGILState_Ensure();
    int rc = loop_run();
    /* The thread keeps its state: the process exits after this. */
    (void)gs;
    PyEval_SaveThread();
    pthread_mutex_lock(&A.lock);
    if (A.ready == 0)
        A.ready = -1;
    A.done = 1;
    pthread_cond_broadcast(&A.cond);
    pthread_mutex_unlock(&A.lock);
    if (rc != 0 && !A.stopping)
        gw_log(GW_LOG_CRIT, "GW02260: the ASGI event loop ended while the "
               "process was serving; exiting");
    if (!A.stopping && A.ready == 1)
        _exit(GW_EXIT_PYTHON);
    return NULL;
}

int gw_asgi_start(const gw_asgi_config *cfg)
{
    pthread_t t;

    A.cfg = *cfg;
    A.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (A.efd < 0) {
        gw_log(GW_LOG_CRIT, "GW02261: cannot make the eventfd the workers "
               "wake the ASGI event loop with: %s", strerror(errno));
        return GW_EXIT_CONFIG;
    }
    int rc = pthread_create(&t, NULL, loop_main, NULL);
    if (rc != 0) {
        gw_log(GW_LOG_CRIT, "GW02262: cannot start the ASGI event loop "
               "thread: %s", strerror(rc));
        return GW_EXIT_CONFIG;
    }
    pthread_detach(t);
    pthread_mutex_lock(&A.lock);
    while (A.ready == 0)
        pthread_cond_wait(&A.cond, &A.lock);
    int ok = A.ready == 1;
    pthread_mutex_unlock(&A.lock);
    if (!ok) {
        gw_log(GW_LOG_CRIT, "GW02263: the lifespan startup of an ASGI "
               "application failed (logged above); the process exits "
               "instead of serving");
        return GW_EXIT_PYTHON;
    }
    A.enabled = 1;
    return 0;
}

void gw_asgi_stop(int timeout)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    /* A second more than the loop's own deadline: it cancels what is
     * left at the deadline and needs a moment to say so. */
    until.tv_sec += timeout + 1;
    pthread_mutex_lock(&A.lock);
    A.timeout = timeout;
    A.stopping = 1;
    pthread_mutex_unlock(&A.lock);
    queue_wake();
    pthread_mutex_lock(&A.lock);
    while (!A.done)
        if (pthread_cond_timedwait(&A.cond, &A.lock, &until) == ETIMEDOUT)
            break;
    int done = A.done;
    pthread_mutex_unlock(&A.lock);
    if (!done)
        gw_log(GW_LOG_WARN, "GW02264: the ASGI event loop did not stop "
               "within %d s; exiting anyway", timeout + 1);
}
