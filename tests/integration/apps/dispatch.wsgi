# A WSGIDispatchScript (not an application) for test_dispatch_script.py.
# What its functions return is chosen by the first segment of PATH_INFO
# (/d/a -> "a"); every call appends a JSON line to
# <server root>/scratch/dispatch.log (made by the test, writable by all:
# the script runs as several users) saying which function ran, for which
# URL, with which uid, pid and interpreter, and the str keys of its
# environ.
import json
import os

LOG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "scratch", "dispatch.log")

GROUPS = {
    "a": "ga", "b": "gb", "bytes": b"gb",
    "unknown": "nosuch", "global": "%{GLOBAL}", "empty": "",
    "env": "%{ENV:DISPATCH_GROUP}", "vhost": "vh", "restricted": "gb",
    "ctl": "g\r\nX-Injected: 1", "euro": "gr\u20acup", "long": "g" * 1025,
}
INTERPRETERS = {"interp": "special", "interp-global": "%{GLOBAL}",
                "interp-server": "%{SERVER}"}
CALLABLES = {"callable": "other", "callable-env": "%{ENV:DISPATCH_CALLABLE}",
             "callable-empty": "", "callable-missing": "nosuchcallable"}


def _key(environ):
    parts = environ.get("PATH_INFO", "").split("/")
    return parts[1] if len(parts) > 1 else ""


def _note(function, environ):
    line = {"function": function, "uri": environ.get("REQUEST_URI"),
            "uid": os.getuid(), "pid": os.getpid(),
            "process_group": environ.get("mod_wsgi.process_group"),
            "application_group": environ.get("mod_wsgi.application_group"),
            "errors": hasattr(environ.get("wsgi.errors"), "write"),
            "keys": sorted(environ),
            "environ": {k: v for k, v in environ.items()
                        if isinstance(v, str)}}
    fd = os.open(LOG, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, (json.dumps(line) + "\n").encode())
    finally:
        os.close(fd)


def process_group(environ):
    _note("process_group", environ)
    key = _key(environ)
    # what one function puts in environ the next one sees (mod_wsgi
    # passes the same dict to all three)
    environ["dispatch.seen"] = key
    if key == "boom":
        raise RuntimeError("process_group exploded")
    if key == "badtype":
        return 42
    return GROUPS.get(key)


def application_group(environ):
    _note("application_group", environ)
    key = environ["dispatch.seen"]
    if key == "interp-boom":
        raise RuntimeError("application_group exploded")
    return INTERPRETERS.get(key)


def callable_object(environ):
    _note("callable_object", environ)
    return CALLABLES.get(environ["dispatch.seen"])
