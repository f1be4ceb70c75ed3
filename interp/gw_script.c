/*
 * gw_script.c - WSGI script loading and caching (gw_script.h).
 */
#include "gw_script.h"
#include "gw_interp.h"
#include "gw_log.h"
#include "gw_pylog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int gw_script_cache_init(gw_script_cache *sc)
{
    int rc;

    sc->modules = PyDict_New();
    if (!sc->modules) {
        gw_log(GW_LOG_ERR, "GW04030: cannot create the script cache; "
               "traceback follows");
        gw_pylog_traceback(GW_LOG_ERR, "GW04043");
        return -1;
    }
    rc = pthread_mutex_init(&sc->lock, NULL);
    if (rc != 0) {
        gw_log(GW_LOG_ERR, "GW04031: cannot create the script loading lock: "
               "%s", strerror(rc));
        Py_CLEAR(sc->modules);
        return -1;
    }
    return 0;
}

/* Reads a whole file into a NUL-terminated malloc()ed buffer: from given
 * (opened by the daemon, left open) or else path.  0, or an errno value
 * (EINVAL: not a regular file).  No Python: runs without the GIL. */
static int script_read(const char *path, int given, char **out,
                       size_t *outlen)
{
    struct stat st;
    char *buf = NULL;
    size_t len = 0, cap;
    int fd = given, err = 0;

    if (fd < 0)
        fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    if (fstat(fd, &st) < 0) {
        err = errno;
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        err = EINVAL;
        goto done;
    }
    gw_interp_note_loaded(path, &st.st_mtim);
    /* One byte for the NUL and one to see that the file did not grow. */
    cap = (size_t)st.st_size + 2;
    buf = malloc(cap);
    if (!buf) {
        err = ENOMEM;
        goto done;
    }
    for (;;) {
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                err = ENOMEM;
                goto done;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            err = errno;
            goto done;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    buf[len] = '\0';
done:
    if (given < 0 && close(fd) < 0 && !err && errno != EINTR)
        err = errno;
    if (err) {
        free(buf);
        return err;
    }
    *out = buf;
    *outlen = len;
    return 0;
}

/* "_gateway_" + FNV-1a of the path: stable, and distinct for distinct
 * scripts in practice, like mod_wsgi's "_mod_wsgi_" + md5. */
static void script_module_name(const char *path, char *name, size_t cap)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    snprintf(name, cap, "_gateway_%016llx", (unsigned long long)h);
}

/* Executes code into a new module registered in sys.modules; the entry is
 * removed again when the script raises. */
static PyObject *script_exec(PyObject *code, const char *path,
                             PyObject *pathobj)
{
    char name[64];
    PyObject *module, *dict, *modules, *res;

    script_module_name(path, name, sizeof(name));
    module = PyModule_New(name);
    if (!module)
        return NULL;
    dict = PyModule_GetDict(module);
    if (PyDict_SetItemString(dict, "__file__", pathobj) < 0
        || PyDict_SetItemString(dict, "__builtins__",
                                PyEval_GetBuiltins()) < 0)
        goto fail;
    modules = PyImport_GetModuleDict();
    if (PyDict_SetItemString(modules, name, module) < 0)
        goto fail;
    res = PyEval_EvalCode(code, dict, dict);
    if (!res) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        if (PyDict_DelItemString(modules, name) < 0)
            PyErr_Clear();
        PyErr_Restore(t, v, tb);
        goto fail;
    }
    Py_DECREF(res);
    return module;

fail:
    Py_DECREF(module);
    return NULL;
}

/* The loading in this thread failed with a MemoryError (for
 * WSGIImportScript, whose process then exits: see gw_script_import). */
static _Thread_local int load_nomem;

static void note_nomem(void)
{
    if (PyErr_ExceptionMatches(PyExc_MemoryError))
        load_nomem = 1;
}

static PyObject *script_load(const char *path, int fd, PyObject *pathobj,
                             const char *uri, int urilen)
{
    char *src = NULL;
    size_t len = 0;
    int err;
    PyObject *code, *module;

    Py_BEGIN_ALLOW_THREADS
    err = script_read(path, fd, &src, &len);
    Py_END_ALLOW_THREADS
    if (err) {
        gw_log(GW_LOG_ERR, "GW04032: cannot read WSGI script %s (request "
               "%.*s): %s", path, urilen, uri,
               err == EINVAL ? "not a regular file" : strerror(err));
        return NULL;
    }
    if (memchr(src, '\0', len)) {
        gw_log(GW_LOG_ERR, "GW04033: WSGI script %s (request %.*s) "
               "contains a NUL byte; it is not Python source", path,
               urilen, uri);
        free(src);
        return NULL;
    }
    code = Py_CompileStringExFlags(src, path, Py_file_input, NULL, -1);
    free(src);
    if (!code) {
        note_nomem();
        gw_log(GW_LOG_ERR, "GW04034: cannot compile WSGI script %s "
               "(request %.*s); traceback follows", path, urilen, uri);
        gw_pylog_traceback(GW_LOG_ERR, "GW04035");
        return NULL;
    }
    module = script_exec(code, path, pathobj);
    Py_DECREF(code);
    if (!module) {
        note_nomem();
        gw_log(GW_LOG_ERR, "GW04036: executing WSGI script %s (request "
               "%.*s) raised an exception; traceback follows", path, urilen,
               uri);
        gw_pylog_traceback(GW_LOG_ERR, "GW04041");
        return NULL;
    }
    gw_log(GW_LOG_INFO, "GW04037: loaded WSGI script %s", path);
    return module;
}

/* The module for path: cached, or loaded (from fd, see gw_script_app)
 * under the cache's lock. */
static PyObject *script_module(gw_script_cache *sc, const char *path, int fd,
                               const char *uri, int urilen)
{
    PyObject *pathobj, *module;

    pathobj = PyUnicode_DecodeFSDefault(path);
    if (!pathobj)
        goto pyfail;
    module = PyDict_GetItemWithError(sc->modules, pathobj);
    if (module) {
        Py_INCREF(module);
        Py_DECREF(pathobj);
        return module;
    }
    if (PyErr_Occurred())
        goto pyfail;

    /* Take the lock without the GIL: the holder may need the GIL back to
     * finish loading, so waiting for the lock while holding it would
     * deadlock. */
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&sc->lock);
    Py_END_ALLOW_THREADS
    module = PyDict_GetItemWithError(sc->modules, pathobj);
    if (module) {
        Py_INCREF(module);
    } else if (!PyErr_Occurred()) {
        module = script_load(path, fd, pathobj, uri, urilen);
        if (module && PyDict_SetItem(sc->modules, pathobj, module) < 0)
            Py_CLEAR(module);
    }
    pthread_mutex_unlock(&sc->lock);
    Py_CLEAR(pathobj);
    if (!module && PyErr_Occurred())
        goto pyfail;
    return module;

pyfail:
    note_nomem();
    gw_log(GW_LOG_ERR, "GW04038: looking up WSGI script %s (request %.*s) "
           "failed; traceback follows", path, urilen, uri);
    gw_pylog_traceback(GW_LOG_ERR, "GW04042");
    Py_XDECREF(pathobj);
    return NULL;
}

PyObject *gw_script_module(gw_script_cache *sc, const char *path, int fd,
                           const char *uri, int urilen)
{
    return script_module(sc, path, fd, uri, urilen);
}

int gw_script_import(gw_script_cache *sc, const char *path, int fd)
{
    static const char why[] = "(WSGIImportScript at start)";
    load_nomem = 0;
    PyObject *module = script_module(sc, path, fd, why,
                                     (int)sizeof(why) - 1);
    Py_XDECREF(module);
    return module ? 0 : load_nomem ? -2 : -1;
}

PyObject *gw_script_app(gw_script_cache *sc, const char *path, int fd,
                        const char *callable, size_t clen,
                        const char *uri, int urilen)
{
    PyObject *module, *name, *app;

    module = script_module(sc, path, fd, uri, urilen);
    if (!module)
        return NULL;
    name = PyUnicode_DecodeLatin1(callable, (Py_ssize_t)clen, NULL);
    app = name ? PyObject_GetAttr(module, name) : NULL;
    Py_XDECREF(name);
    Py_DECREF(module);
    if (!app) {
        gw_log(GW_LOG_ERR, "GW04039: WSGI script %s defines no callable "
               "'%.*s' (request %.*s)", path, (int)clen, callable, urilen,
               uri);
        PyErr_Clear();
        return NULL;
    }
    if (!PyCallable_Check(app)) {
        gw_log(GW_LOG_ERR, "GW04040: '%.*s' in WSGI script %s is a %s, not "
               "a callable (request %.*s)", (int)clen, callable, path,
               Py_TYPE(app)->tp_name, urilen, uri);
        Py_DECREF(app);
        return NULL;
    }
    return app;
}
