/*
 * gw_interp.c - Python in the daemon: start-up, application groups
 * (sub-interpreters), per-thread thread states and the request entry
 * point (gw_interp.h).
 *
 * Threads and interpreters: Python 3.11 has one GIL for all interpreters.
 * Every worker thread owns one PyThreadState per interpreter it has
 * served, created lazily in that thread and switched to with
 * PyEval_RestoreThread()/PyEval_SaveThread() around each request.  The
 * main-interpreter state of a thread is created first, so that
 * PyGILState_Ensure() from extension modules finds it.
 *
 * Lock order: the groups mutex is only ever taken *without* the GIL, and
 * the GIL may be taken while holding it (to create an interpreter).
 */
#include "gw_interp.h"
#include "gw_asgi.h"
#include "gw_authcall.h"
#include "gw_dispatchcall.h"
#include "gw_conn.h"
#include "gw_environ.h"
#include "gw_log.h"
#include "gw_modwsgi.h"
#include "gw_pylog.h"
#include "gw_reqstats.h"
#include "gw_script.h"
#include "gw_wsgi.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct gw_appgroup {
    struct gw_appgroup *next;
    char *name;                 /* "" is the main interpreter */
    size_t namelen;
    PyInterpreterState *interp;
    gw_wsgi_consts *consts;
    gw_script_cache scripts;
} gw_appgroup;

typedef struct {
    gw_appgroup *group;
    PyThreadState *ts;          /* this worker's state in group->interp */
} gw_slot;

struct gw_worker {
    gw_slot *slots;             /* slots[0]: the main interpreter */
    size_t nslots, cap;
    gw_reqstats_thread stats;   /* mod_wsgi's thread_id, thread_requests */
    unsigned char hbuf[GW_WSGI_HBUF_SIZE];
};

static struct {
    gw_interp_config cfg;       /* strings owned (strdup) */
    PyThreadState *main_ts;     /* the main thread's, parked */
    pthread_mutex_t lock;       /* guards groups; never taken with GIL */
    gw_appgroup *groups;           /* groups[0 ...]: main first */
    gw_appgroup *main_group;
} gw_py = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* ---- interpreter set-up ---------------------------------------------- */

static int interp_set_sys(const char *name, PyObject *value)
{
    int rc = value ? PySys_SetObject(name, value) : -1;

    Py_XDECREF(value);
    return rc;
}

/* site.addsitedir() for every python-path entry, like mod_wsgi, so that
 * .pth files in those directories work. */
static int interp_add_python_path(void)
{
    const char *p = gw_py.cfg.python_path;
    PyObject *site;
    int rc = 0;

    if (!p || !*p)
        return 0;
    site = PyImport_ImportModule("site");
    if (!site)
        return -1;
    while (*p) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0) {
            PyObject *dir = PyUnicode_DecodeFSDefaultAndSize(p,
                                                             (Py_ssize_t)len);
            PyObject *r = dir ? PyObject_CallMethod(site, "addsitedir", "O",
                                                    dir) : NULL;
            Py_XDECREF(dir);
            if (!r) {
                gw_log(GW_LOG_ERR, "GW04003: adding python-path entry "
                       "'%.*s' failed; traceback follows", (int)len, p);
                gw_pylog_traceback(GW_LOG_ERR, "GW04004");
                rc = -1;
            }
            Py_XDECREF(r);
        }
        p += len;
        if (*p == ':')
            p++;
    }
    Py_DECREF(site);
    return rc;
}

/* WSGIRestrictStdin/Stdout/Signal, as mod_wsgi applies them to its
 * interpreters: sys.stdin/sys.stdout whose every use raises OSError, and
 * a signal.signal() that ignores the registration and says so on
 * stderr (the error log), returning the handler it was given.  The
 * daemon's own signal handling is C's and stays. */
static const char interp_restrict_src[] =
    "class Restricted(object):\n"
    "    __slots__ = ('_what',)\n"
    "    def __init__(self, what):\n"
    "        object.__setattr__(self, '_what', what)\n"
    "    def __getattribute__(self, name):\n"
    "        raise OSError('%s access restricted by WSGIRestrict%s' % (\n"
    "            object.__getattribute__(self, '_what'),\n"
    "            object.__getattribute__(self, '_what')[4:].title()))\n"
    "import sys\n"
    "if restrict_stdin: sys.stdin = Restricted('sys.stdin')\n"
    "if restrict_stdout: sys.stdout = Restricted('sys.stdout')\n"
    "if restrict_signal:\n"
    "    import signal\n"
    "    def _ignored(signalnum, handler):\n"
    "        sys.stderr.write('Callback registration for signal %d ignored '\n"
    "                         '(WSGIRestrictSignal On, the default)\\n'\n"
    "                         % int(signalnum))\n"
    "        return handler\n"
    "    signal.signal = _ignored\n";

static void interp_restrict(void)
{
    if (!gw_py.cfg.restrict_stdin && !gw_py.cfg.restrict_stdout
        && !gw_py.cfg.restrict_signal)
        return;
    PyObject *ns = Py_BuildValue("{s:i,s:i,s:i,s:O}",
                                 "restrict_stdin", gw_py.cfg.restrict_stdin,
                                 "restrict_stdout", gw_py.cfg.restrict_stdout,
                                 "restrict_signal", gw_py.cfg.restrict_signal,
                                 "__builtins__", PyEval_GetBuiltins());
    PyObject *r = ns ? PyRun_String(interp_restrict_src, Py_file_input, ns,
                                    ns) : NULL;
    if (!r) {
        gw_log(GW_LOG_ERR, "GW02150: cannot apply WSGIRestrictStdin/"
               "Stdout/Signal; traceback follows");
        gw_pylog_traceback(GW_LOG_ERR, "GW02151");
    }
    Py_XDECREF(r);
    Py_XDECREF(ns);
    PyErr_Clear();
}

/* What every interpreter gets: sys.argv like mod_wsgi's, stdout and
 * stderr into the error log, python-path.  GIL held in it.  Failures are
 * logged; the interpreter stays usable. */
static void interp_setup(const char *group)
{
    if (interp_set_sys("argv", Py_BuildValue("[s]", "mod_wsgi")) < 0
        || interp_set_sys("stdout", gw_logwriter_new(GW_LOG_ERR, "GW04011",
                                                     "<stdout>")) < 0
        || interp_set_sys("stderr", gw_logwriter_new(GW_LOG_ERR, "GW04012",
                                                     "<stderr>")) < 0) {
        gw_log(GW_LOG_ERR, "GW04005: cannot set sys.argv, sys.stdout or "
               "sys.stderr in application group '%s'; traceback follows",
               group);
        gw_pylog_traceback(GW_LOG_ERR, "GW04009");
    }
    (void)interp_add_python_path();
    PyErr_Clear();
    interp_restrict();
}

/* Creates the group record for the current interpreter.  GIL held. */
static gw_appgroup *group_new(const char *name, size_t len)
{
    gw_appgroup *g = calloc(1, sizeof(*g));

    if (!g || !(g->name = strndup(name, len))) {
        gw_log(GW_LOG_ERR, "GW04006: out of memory creating application "
               "group '%.*s'", (int)len, name);
        free(g);
        return NULL;
    }
    g->namelen = len;
    g->interp = PyInterpreterState_Get();
    interp_setup(g->name);
    gw_modwsgi_config mc = {
        .process_group = gw_py.cfg.group, .application_group = g->name,
        .processes = gw_py.cfg.processes, .threads = gw_py.cfg.threads,
    };
    gw_modwsgi_install(&mc);
    gw_environ_config ec = {
        .process_group = gw_py.cfg.group, .application_group = g->name,
        .multithread = gw_py.cfg.threads > 1,
        .multiprocess = gw_py.cfg.multiprocess,
        .run_once = gw_py.cfg.run_once,
        .script_reloading = gw_py.cfg.script_reloading,
    };
    g->consts = gw_wsgi_consts_new(&ec);
    if (!g->consts || gw_script_cache_init(&g->scripts) < 0) {
        /* Logged already; the interpreter is leaked, a request for the
         * group will try again. */
        free(g->name);
        free(g);
        return NULL;
    }
    return g;
}

static char *interp_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int interp_config_copy(const gw_interp_config *cfg)
{
    gw_py.cfg = *cfg;
    gw_py.cfg.group = interp_strdup(cfg->group ? cfg->group : "");
    gw_py.cfg.python_home = interp_strdup(cfg->python_home);
    gw_py.cfg.python_path = interp_strdup(cfg->python_path);
    /* the hand-over's strings stay for the process's life; these are
     * read only during initialisation */
    if (!gw_py.cfg.group || (cfg->python_home && !gw_py.cfg.python_home)
        || (cfg->python_path && !gw_py.cfg.python_path)) {
        gw_log(GW_LOG_CRIT, "GW04007: out of memory copying the Python "
               "configuration");
        return -1;
    }
    return 0;
}

/* WSGIPythonOptimize, WSGIPythonHashSeed, WSGIDontWriteBytecode,
 * WSGIPythonWarnings (the -W options, in order) and python-eggs= /
 * WSGIPythonEggs (PYTHON_EGG_CACHE in os.environ, as mod_wsgi sets it;
 * the variable is the process's, so child processes see it too). */
static PyStatus interp_mod_wsgi_settings(PyConfig *config)
{
    PyStatus st = PyStatus_Ok();
    const gw_interp_config *c = &gw_py.cfg;

    config->optimization_level = c->optimize;
    config->write_bytecode = !c->dont_write_bytecode;
    if (c->hash_seed && strcmp(c->hash_seed, "random")) {
        config->use_hash_seed = 1;
        config->hash_seed = strtoul(c->hash_seed, NULL, 10);
    }
    if (c->python_eggs && setenv("PYTHON_EGG_CACHE", c->python_eggs, 1) != 0)
        return PyStatus_Error("setenv PYTHON_EGG_CACHE");
    for (const char *w = c->warnings; w && *w && !PyStatus_Exception(st);) {
        const char *end = strchr(w, '\t');
        size_t len = end ? (size_t)(end - w) : strlen(w);
        char *one = strndup(w, len);
        wchar_t *wide = one ? Py_DecodeLocale(one, NULL) : NULL;
        st = wide ? PyWideStringList_Append(&config->warnoptions, wide)
                  : PyStatus_NoMemory();
        PyMem_RawFree(wide);
        free(one);
        w += len + (end != NULL);
    }
    return st;
}

static int interp_start_python(void)
{
    PyConfig config;
    PyStatus st;

    PyConfig_InitPythonConfig(&config);
    /* The daemon is configured by Apache, not by PYTHON* variables of
     * whoever started Apache, and Python must not touch signals: the
     * daemon main handles them. */
    config.use_environment = 0;
    config.user_site_directory = 0;
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    st = PyConfig_SetBytesString(&config, &config.program_name,
                                 "gateway-daemon");
    if (!PyStatus_Exception(st))
        st = interp_mod_wsgi_settings(&config);
    if (!PyStatus_Exception(st) && gw_py.cfg.python_home) {
        /* A venv (python3 -m venv) holds no standard library: setting
         * home to it breaks start-up.  Present the venv's interpreter as
         * ours instead and Python's own start-up finds pyvenv.cfg, the
         * base installation and the venv's site-packages, exactly as
         * when that interpreter runs.  Any other prefix (a classic
         * virtualenv or a Python installation) is a home. */
        char cfgpath[4096], exe[4096];
        snprintf(cfgpath, sizeof(cfgpath), "%s/pyvenv.cfg",
                 gw_py.cfg.python_home);
        snprintf(exe, sizeof(exe), "%s/bin/python3", gw_py.cfg.python_home);
        if (access(cfgpath, R_OK) == 0)
            st = PyConfig_SetBytesString(&config, &config.executable, exe);
        else
            st = PyConfig_SetBytesString(&config, &config.home,
                                         gw_py.cfg.python_home);
    }
    if (!PyStatus_Exception(st))
        st = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(st)) {
        gw_log(GW_LOG_CRIT, "GW04002: Python initialisation failed%s%s: %s "
               "(python-home %s)", st.func ? " in " : "",
               st.func ? st.func : "", st.err_msg ? st.err_msg : "exit",
               gw_py.cfg.python_home ? gw_py.cfg.python_home : "unset");
        return -1;
    }
    return 0;
}

int gw_interp_init(const gw_interp_config *cfg)
{
    if (interp_config_copy(cfg) < 0 || interp_start_python() < 0)
        return -1;
    gw_reqstats_init();
    if (gw_wsgi_types_ready() < 0) {
        gw_log(GW_LOG_CRIT, "GW04008: cannot initialise the WSGI types; "
               "traceback follows");
        gw_pylog_traceback(GW_LOG_CRIT, "GW04020");
        return -1;
    }
    gw_py.main_group = gw_py.groups = group_new("", 0);
    if (!gw_py.main_group)
        return -1;
    gw_log(GW_LOG_INFO, "GW04001: Python %s initialised for process group "
           "'%s' (%d threads)", Py_GetVersion(), gw_py.cfg.group,
           cfg->threads);
    gw_py.main_ts = PyEval_SaveThread();
    return 0;
}

/* ---- workers ----------------------------------------------------------- */

static gw_slot *worker_add_slot(gw_worker *w, gw_appgroup *g, PyThreadState *ts)
{
    if (w->nslots == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4;
        gw_slot *s = realloc(w->slots, cap * sizeof(*s));
        if (!s) {
            gw_log(GW_LOG_ERR, "GW04013: out of memory adding application "
                   "group '%s' to a worker thread", g->name);
            return NULL;
        }
        w->slots = s;
        w->cap = cap;
    }
    w->slots[w->nslots].group = g;
    w->slots[w->nslots].ts = ts;
    return &w->slots[w->nslots++];
}

gw_worker *gw_worker_new(void)
{
    gw_worker *w = calloc(1, sizeof(*w));
    PyThreadState *ts;

    if (!w) {
        gw_log(GW_LOG_CRIT, "GW04014: out of memory creating a worker "
               "thread (%zu bytes)", sizeof(*w));
        return NULL;
    }
    /* In the calling (worker) thread: a thread state records its thread. */
    ts = PyThreadState_New(gw_py.main_group->interp);
    if (!ts) {
        gw_log(GW_LOG_CRIT, "GW04015: cannot create a Python thread state "
               "for a worker thread");
        goto fail;
    }
    if (!worker_add_slot(w, gw_py.main_group, ts))
        goto fail;
    return w;

fail:
    free(w);
    return NULL;
}

void gw_worker_idle(gw_worker *w)
{
    gw_release_pages(w->hbuf, sizeof(w->hbuf));
}

static gw_appgroup *group_find(const char *name, size_t len)
{
    for (gw_appgroup *g = gw_py.groups; g; g = g->next)
        if (g->namelen == len && memcmp(g->name, name, len) == 0)
            return g;
    return NULL;
}

/* Creates the interpreter for a new group, in this thread.  Called with
 * the groups mutex held and without the GIL; *ts gets this thread's state
 * for the new interpreter. */
static gw_appgroup *group_create(gw_worker *w, const char *name, size_t len,
                              PyThreadState **ts)
{
    gw_appgroup *g;

    PyEval_RestoreThread(w->slots[0].ts);
    *ts = Py_NewInterpreter();
    if (!*ts) {
        /* Py_NewInterpreter() swapped our main state back in. */
        /* Python printed its reason to stderr (the error log). */
        gw_log(GW_LOG_ERR, "GW04016: cannot create the Python interpreter "
               "for application group '%.*s'", (int)len, name);
        PyEval_SaveThread();
        return NULL;
    }
    g = group_new(name, len);
    PyEval_SaveThread();
    if (g)
        gw_log(GW_LOG_INFO, "GW04017: created the Python interpreter for "
               "application group '%s'", g->name);
    return g;
}

/* This worker's slot for the named group, creating the thread state (and
 * the interpreter) on first use.  Without the GIL. */
static gw_slot *worker_slot(gw_worker *w, const char *name, size_t len)
{
    gw_appgroup *g;
    PyThreadState *ts = NULL;

    for (size_t i = 0; i < w->nslots; i++)
        if (w->slots[i].group->namelen == len
            && memcmp(w->slots[i].group->name, name, len) == 0)
            return &w->slots[i];

    pthread_mutex_lock(&gw_py.lock);
    g = group_find(name, len);
    if (g) {
        ts = PyThreadState_New(g->interp);
        if (!ts)
            gw_log(GW_LOG_ERR, "GW04018: cannot create a Python thread "
                   "state for application group '%s'", g->name);
    } else {
        g = group_create(w, name, len, &ts);
        if (g) {
            g->next = gw_py.groups->next;   /* main stays first */
            gw_py.groups->next = g;
        }
    }
    pthread_mutex_unlock(&gw_py.lock);
    if (!g || !ts)
        return NULL;
    return worker_add_slot(w, g, ts);
}

/* The application's part of a request the daemon has checked
 * (daemon/gw_request.c): its script, delegated to this group, run in its
 * application group's interpreter. */
void gw_worker_run(gw_worker *w, const gw_app_call *call)
{
    /* protocol=asgi: the event loop's; a hook (auth or dispatch) is a
     * plain call, made here in the group's interpreter as for WSGI. */
    if (gw_asgi_enabled() && !call->hook) {
        gw_asgi_submit(call);
        return;
    }
    gw_slot *slot = worker_slot(w, call->app_group, call->aglen);
    PyObject *app;

    if (!slot) {
        gw_conn_abort(call->conn, "application group unavailable");
        return;
    }
    PyEval_RestoreThread(slot->ts);
    if (call->hook && call->hook->hook == GW_HOOK_DISPATCH) {
        gw_dispatchcall_run(call, &slot->group->scripts, gw_py.cfg.group,
                            slot->group->name, gw_py.cfg.script_reloading);
        PyEval_SaveThread();
        return;
    }
    if (call->hook) {
        gw_authcall_run(call, &slot->group->scripts, gw_py.cfg.group,
                        slot->group->name);
        PyEval_SaveThread();
        return;
    }
    app = gw_script_app(&slot->group->scripts, call->script, call->script_fd,
                        call->clen ? call->callable : "application",
                        call->clen ? call->clen : 11, call->uri,
                        call->urilen);
    if (app) {
        gw_wsgi_req req = {
            .conn = call->conn, .vars = call->vars, .nvars = call->nvars,
            .script = call->script, .uri = call->uri,
            .urilen = call->urilen, .hbuf = w->hbuf,
            .callable = call->callable, .clen = call->clen,
            .daemon_start_us = call->daemon_start_us, .thread = &w->stats,
        };
        gw_wsgi_run(&req, slot->group->consts, app);
        Py_DECREF(app);
    }
    PyEval_SaveThread();
    if (!app)
        gw_conn_abort(call->conn, "WSGI application unavailable");
}

int gw_worker_import(gw_worker *w, const char *app_group, const char *script,
                     int fd)
{
    gw_slot *slot = worker_slot(w, app_group, strlen(app_group));
    if (!slot)
        return -1;
    PyEval_RestoreThread(slot->ts);
    int rc = gw_script_import(&slot->group->scripts, script, fd);
    PyEval_SaveThread();
    if (rc == 0)
        gw_log(GW_LOG_INFO, "GW04071: imported %s into application group "
               "'%s' at start (WSGIImportScript)", script, app_group);
    return rc;
}

gw_script_cache *gw_interp_main_scripts(void)
{
    return &gw_py.main_group->scripts;
}

void gw_interp_note_loaded(const char *path, const struct timespec *mtime)
{
    if (gw_py.cfg.script_loaded)
        gw_py.cfg.script_loaded(path, mtime);
}

/* ---- stopping: mod_wsgi's process_stopping event ---------------------- */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int started;                /* the callbacks' thread was started */
    int running;                /* and has not finished */
    char reason[32];
} gw_stop = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0,
              "" };

/* Every application group in turn, each with a thread state of this
 * thread's.  The groups are copied first: their mutex is never held
 * while a callback runs (a worker may be creating a group), and a group
 * once made is never freed. */
static void *interp_stopping_main(void *arg)
{
    size_t n = 0, i = 0;
    gw_appgroup **gs;
    (void)arg;

    pthread_mutex_lock(&gw_py.lock);
    for (gw_appgroup *g = gw_py.groups; g; g = g->next)
        n++;
    gs = malloc(n * sizeof(*gs));
    for (gw_appgroup *g = gw_py.groups; gs && g; g = g->next)
        gs[i++] = g;
    pthread_mutex_unlock(&gw_py.lock);
    if (!gs)
        gw_log(GW_LOG_ERR, "GW04089: out of memory calling the mod_wsgi "
               "shutdown callbacks; none is called");
    for (i = 0; gs && i < n; i++) {
        PyThreadState *ts = PyThreadState_New(gs[i]->interp);
        if (!ts) {
            gw_log(GW_LOG_ERR, "GW04090: cannot create a Python thread "
                   "state to call the mod_wsgi shutdown callbacks of "
                   "application group '%s'", gs[i]->name);
            continue;
        }
        PyEval_RestoreThread(ts);
        gw_modwsgi_stopping(gs[i]->name, gw_stop.reason);
        PyThreadState_Clear(ts);
        PyThreadState_DeleteCurrent();
    }
    free(gs);
    pthread_mutex_lock(&gw_stop.lock);
    gw_stop.running = 0;
    pthread_cond_broadcast(&gw_stop.cond);
    pthread_mutex_unlock(&gw_stop.lock);
    return NULL;
}

void gw_interp_stopping(const char *reason)
{
    pthread_t t;
    int rc;

    if (gw_stop.started || !gw_modwsgi_shutdown_subscribed())
        return;
    snprintf(gw_stop.reason, sizeof(gw_stop.reason), "%s", reason);
    gw_stop.started = gw_stop.running = 1;
    rc = pthread_create(&t, NULL, interp_stopping_main, NULL);
    if (rc != 0) {
        gw_stop.running = 0;
        gw_log(GW_LOG_ERR, "GW04091: cannot start a thread for the "
               "mod_wsgi shutdown callbacks: %s; none is called",
               strerror(rc));
        return;
    }
    pthread_detach(t);
}

int gw_interp_stopping_wait(const struct timespec *deadline)
{
    int rc = 0;

    pthread_mutex_lock(&gw_stop.lock);
    while (gw_stop.running && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&gw_stop.cond, &gw_stop.lock, deadline);
    rc = gw_stop.running ? -1 : 0;
    pthread_mutex_unlock(&gw_stop.lock);
    return rc;
}

/* ---- watchdog support (daemon/gw_watchdog.c) ---------------------------- */

/* Takes and drops the GIL, in the watchdog's GIL probe thread only.  The
 * first call makes the thread's state for the main interpreter with
 * PyGILState_Ensure() and keeps it, so later probes cost one GIL round
 * trip and no allocation. */
void gw_interp_gil_probe(void)
{
    static PyThreadState *probe_ts;

    if (!probe_ts) {
        (void)PyGILState_Ensure();
        probe_ts = PyEval_SaveThread();
        return;
    }
    PyEval_RestoreThread(probe_ts);
    (void)PyEval_SaveThread();
}
