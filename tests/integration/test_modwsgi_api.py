"""mod_wsgi's Python API as an application sees it: the mod_wsgi.* environ
keys (names, types, values and what each means), wsgi.run_once, and the
`mod_wsgi` module (its attributes, process_metrics(), server_metrics(),
subscribe_shutdown()).  The app is apps/modwsgi_api.wsgi.  Each value is
checked for its meaning (the listener's port, Apache's own log id, the
order of the request's times, what the process and the thread served),
and test_same_api_as_mod_wsgi_side_by_side compares the whole of it with
Debian's mod_wsgi 4.9.4 running the same app.  GWTEST_REFERENCE=mod_wsgi
runs the file against mod_wsgi itself, except where
docs/migrating-from-mod_wsgi.md lists a difference."""

import json
import os
import signal
import re
import time
import uuid

import pytest

from conftest import APACHE_MODULES, REFERENCE, poll, shared_server

APP = "@APPS@/modwsgi_api.wsgi"
CONFIG = """
WSGIDaemonProcess api processes=2 threads=3
WSGIDaemonProcess solo processes=1 threads=1
WSGIDaemonProcess once threads=1 maximum-requests=1
WSGIScriptAlias /api %(app)s process-group=api application-group=%%{GLOBAL}
WSGIScriptAlias /named %(app)s process-group=api application-group=named
WSGIScriptAlias /other %(app)s process-group=api application-group=%%{GLOBAL} callable-object=other
WSGIScriptAlias /nosendfile %(app)s process-group=api application-group=%%{GLOBAL}
WSGIScriptAlias /solo %(app)s process-group=solo application-group=%%{GLOBAL}
WSGIScriptAlias /once %(app)s process-group=once application-group=%%{GLOBAL}
<Location /nosendfile>
    EnableSendfile Off
</Location>
WSGIHandlerScript api-handler %(app)s process-group=api application-group=%%{GLOBAL}
Alias /pages/ @ROOT@/pages/
<Directory @ROOT@/pages>
    AddHandler api-handler .thing
    Require all granted
</Directory>
LogFormat "%%L %%U" ids
CustomLog @ROOT@/ids.log ids
""" % {"app": APP}

# What mod_wsgi 4.9.4's daemon mode sets in every request's environ
# (mod_wsgi.connection_id and mod_wsgi.mount_point only in cases these
# tests do not make), and the type of each value.
ENVIRON_TYPES = {
    "mod_wsgi.version": "tuple",
    "mod_wsgi.process_group": "str",
    "mod_wsgi.application_group": "str",
    "mod_wsgi.callable_object": "str",
    "mod_wsgi.request_handler": "str",
    "mod_wsgi.handler_script": "str",
    "mod_wsgi.script_reloading": "str",
    "mod_wsgi.listener_host": "str",
    "mod_wsgi.listener_port": "str",
    "mod_wsgi.enable_sendfile": "str",
    "mod_wsgi.ignore_activity": "str",
    "mod_wsgi.request_start": "str",
    "mod_wsgi.request_id": "str",
    "mod_wsgi.queue_start": "str",
    "mod_wsgi.daemon_connects": "str",
    "mod_wsgi.daemon_restarts": "str",
    "mod_wsgi.daemon_start": "str",
    "mod_wsgi.script_start": "str",
    "mod_wsgi.script_name": "str",
    "mod_wsgi.path_info": "str",
    "mod_wsgi.total_requests": "int",
    "mod_wsgi.thread_id": "int",
    "mod_wsgi.thread_requests": "int",
}

# The module's attributes mod_gateway provides, with mod_wsgi's types.
MODULE_TYPES = {
    "version": "tuple",
    "process_group": "str",
    "application_group": "str",
    "maximum_processes": "int",
    "threads_per_process": "int",
    "FileWrapper": "type",
    "process_metrics": "builtin_function_or_method",
    "server_metrics": "builtin_function_or_method",
    "subscribe_shutdown": "builtin_function_or_method",
    "shutdown_callbacks": "list",
}
# mod_wsgi's that mod_gateway leaves out (the migration guide says why).
MODULE_LEFT_OUT = {"subscribe_events", "event_callbacks", "request_metrics",
                   "request_data", "active_requests"}

METRICS_TYPES = {
    "pid": int, "request_busy_time": float, "request_count": int,
    "memory_max_rss": int, "memory_rss": int, "cpu_user_time": float,
    "cpu_system_time": float, "restart_time": float, "current_time": float,
    "running_time": int, "request_threads": int, "active_requests": int,
    "threads": list,
}

mw_module, mw = shared_server(
    CONFIG, "modwsgi", "mw",
    before_start=lambda srv: make_page(srv.root))

gateway_only = pytest.mark.skipif(
    REFERENCE != "", reason="a documented difference from mod_wsgi")


def make_page(root):
    pages = os.path.join(root, "pages")
    os.mkdir(pages, 0o755)
    with open(os.path.join(pages, "x.thing"), "w") as f:
        f.write("a file for api-handler\n")
    os.chmod(os.path.join(pages, "x.thing"), 0o644)


def api(srv, path):
    st, _, body = srv.get(path)
    assert st == 200, (path, st, body[:2000])
    return json.loads(body)


def env_of(srv, path):
    return {k: v[1] for k, v in api(srv, path)["environ"].items()}


# --------------------------------------------------------------------------
# the environ
# --------------------------------------------------------------------------

def test_environ_has_every_mod_wsgi_key_with_its_type(mw):
    got = api(mw, "/api/x")["environ"]
    assert sorted(got) == sorted(ENVIRON_TYPES)
    assert {k: v[0] for k, v in got.items()} == ENVIRON_TYPES


def test_configuration_values(mw):
    """The group, the interpreter, the callable, the handler, the
    listener the request came in on, and the counters of a request that
    needed one connect and no restart."""
    env = env_of(mw, "/api/x/y")
    assert env["mod_wsgi.version"] == [4, 9, 4]
    assert env["mod_wsgi.process_group"] == "api"
    assert env["mod_wsgi.application_group"] == ""
    assert env["mod_wsgi.callable_object"] == "application"
    assert env["mod_wsgi.request_handler"] == "wsgi-script"
    assert env["mod_wsgi.handler_script"] == ""
    assert env["mod_wsgi.script_reloading"] == "1"
    assert env["mod_wsgi.listener_host"] == "127.0.0.1"
    assert env["mod_wsgi.listener_port"] == str(mw.port)
    assert env["mod_wsgi.ignore_activity"] == "0"
    assert env["mod_wsgi.daemon_connects"] == "1"
    assert env["mod_wsgi.daemon_restarts"] == "0"
    assert env["mod_wsgi.script_name"] == "/api"
    assert env["mod_wsgi.path_info"] == "/x/y"


def test_application_group_and_callable_object_follow_the_mount(mw):
    named = api(mw, "/named/x")
    assert named["environ"]["mod_wsgi.application_group"][1] == "named"
    assert named["values"]["application_group"] == "named"
    other = env_of(mw, "/other/x")
    assert other["mod_wsgi.callable_object"] == "other"
    assert other["mod_wsgi.application_group"] == ""


def test_handler_script_and_request_handler(mw):
    """AddHandler NAME with WSGIHandlerScript NAME: the handler's name and
    its script; SCRIPT_FILENAME stays the file asked for."""
    got = api(mw, "/pages/x.thing")
    env = {k: v[1] for k, v in got["environ"].items()}
    assert env["mod_wsgi.request_handler"] == "api-handler"
    assert env["mod_wsgi.handler_script"] == mw.app("modwsgi_api.wsgi")
    # the callable run: handler scripts are called through handle_request
    assert env["mod_wsgi.callable_object"] == "handle_request"
    assert got["SCRIPT_FILENAME"] == os.path.join(mw.root, "pages",
                                                  "x.thing")


def test_enable_sendfile_is_off_where_enablesendfile_is_off(mw):
    assert env_of(mw, "/nosendfile")["mod_wsgi.enable_sendfile"] == "0"


@gateway_only
def test_enable_sendfile_says_the_file_wrapper_goes_out_with_sendfile(mw):
    """Here the Apache child sends a wsgi.file_wrapper's file with
    sendfile() unless EnableSendfile is Off; mod_wsgi only with
    WSGIEnableSendfile On (a directive without effect here)."""
    assert env_of(mw, "/api")["mod_wsgi.enable_sendfile"] == "1"


def test_request_times_in_microseconds_and_in_order(mw):
    """request_start (Apache read the request) <= queue_start (the Apache
    child hands it on) <= daemon_start (a daemon thread takes it) <=
    script_start (the application is called): decimal microseconds since
    the epoch, within this request's time."""
    before = time.time()
    env = env_of(mw, "/api/t")
    after = time.time()
    names = ["mod_wsgi.request_start", "mod_wsgi.queue_start",
             "mod_wsgi.daemon_start", "mod_wsgi.script_start"]
    for n in names:
        assert re.fullmatch(r"[0-9]{16}", env[n]), (n, env[n])
    times = [int(env[n]) for n in names]
    assert times == sorted(times), dict(zip(names, times))
    # request_time has whole-second-or-better resolution; allow a second
    assert before - 1 <= times[0] / 1e6 <= times[-1] / 1e6 <= after + 1


def test_request_id_is_the_id_of_apaches_log_lines(mw):
    """mod_wsgi.request_id is the request's id in Apache's logs (%L)."""
    path = "/api/rid-%s" % uuid.uuid4().hex
    rid = env_of(mw, path)["mod_wsgi.request_id"]
    assert rid and rid != "-"
    log = os.path.join(mw.root, "ids.log")

    def line():
        with open(log) as f:
            return [l for l in f.read().splitlines() if l.endswith(path)]
    lines = poll(line, timeout=5)
    assert lines == ["%s %s" % (rid, path)], lines


def test_counts_per_process_and_thread(mw):
    """One process, one thread: total_requests and thread_requests count
    the requests served before this one, thread_id is the thread's
    number (1)."""
    first = env_of(mw, "/solo/a")
    second = env_of(mw, "/solo/b")
    assert first["mod_wsgi.thread_id"] == second["mod_wsgi.thread_id"] == 1
    assert second["mod_wsgi.total_requests"] == \
        first["mod_wsgi.total_requests"] + 1
    assert second["mod_wsgi.thread_requests"] == \
        first["mod_wsgi.thread_requests"] + 1


def test_run_once_with_one_thread_and_maximum_requests_1(mw):
    """mod_wsgi's rule: wsgi.run_once is True when threads=1 and
    maximum-requests=1 (each process serves one request), else False."""
    assert api(mw, "/once")["wsgi.run_once"] is True
    assert api(mw, "/solo")["wsgi.run_once"] is False
    assert api(mw, "/api")["wsgi.run_once"] is False


# --------------------------------------------------------------------------
# the mod_wsgi module
# --------------------------------------------------------------------------

def test_module_attributes(mw):
    got = api(mw, "/api/m")
    assert {n: got["module"].get(n) for n in MODULE_TYPES} == MODULE_TYPES
    assert got["values"] == {
        "version": [4, 9, 4], "process_group": "api",
        "application_group": "", "maximum_processes": 2,
        "threads_per_process": 3}
    # the same group and interpreter as the environ says
    assert got["environ"]["mod_wsgi.process_group"][1] == "api"
    assert got["file_wrapper"] is True
    assert got["server_metrics"] is None


def test_process_metrics_of_this_process(mw):
    """process_metrics() describes the process that runs the request:
    its pid, the requests it finished (as mod_wsgi.total_requests), the
    one in flight, the threads that served and how many each began."""
    api(mw, "/solo/warm")
    got = api(mw, "/solo/m")
    m = got["process_metrics"]
    env = {k: v[1] for k, v in got["environ"].items()}
    assert {k: type(v) for k, v in m.items()} == METRICS_TYPES
    assert m["pid"] == got["pid"]
    assert m["request_count"] == env["mod_wsgi.total_requests"] >= 1
    assert m["active_requests"] == 1
    assert m["request_threads"] == 1
    assert m["threads"] == [{"thread_id": 1, "request_count":
                             env["mod_wsgi.thread_requests"] + 1}]
    assert m["memory_rss"] > 0 and m["memory_max_rss"] > 0
    assert m["restart_time"] <= m["current_time"]
    assert abs(m["current_time"] - time.time()) < 5
    assert 0 <= m["running_time"] <= m["current_time"] - m["restart_time"]
    assert m["request_busy_time"] >= 0.0
    assert m["cpu_user_time"] + m["cpu_system_time"] > 0.0


def test_maximum_processes_and_threads_of_the_implicit_group(httpd):
    """A mount without a group runs in the server's implicit group: 1
    process of 15 threads, which the module says.  (Embedded mode under
    mod_wsgi: there the figures are Apache's MPM's.)"""
    if REFERENCE:
        pytest.skip("embedded mode under mod_wsgi")
    srv = httpd("WSGIScriptAlias /implicit %s\n" % APP)
    got = api(srv, "/implicit")
    assert got["values"]["maximum_processes"] == 1
    assert got["values"]["threads_per_process"] == 15
    group = got["values"]["process_group"]
    assert group == got["environ"]["mod_wsgi.process_group"][1]
    assert group.startswith("default:127.0.0.1:"), group


def test_daemon_restarts_counts_a_request_sent_again(httpd):
    """After the script changed, the process that has the old code sends
    the request back (it restarts) and the Apache child sends it again:
    mod_wsgi.daemon_restarts counts that, and daemon_connects the
    connections it took."""
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=1
WSGIScriptAlias /api %s process-group=g application-group=%%{GLOBAL}
""" % APP)
    assert env_of(srv, "/api")["mod_wsgi.daemon_restarts"] == "0"
    later = time.time() + 5
    os.utime(srv.app("modwsgi_api.wsgi"), (later, later))
    env = env_of(srv, "/api")
    restarts = int(env["mod_wsgi.daemon_restarts"])
    assert restarts >= 1, env
    assert int(env["mod_wsgi.daemon_connects"]) >= restarts + 1, env


def test_script_reloading_off(httpd):
    srv = httpd("""
WSGIScriptReloading Off
WSGIDaemonProcess g processes=1 threads=1
WSGIScriptAlias /api %s process-group=g application-group=%%{GLOBAL}
""" % APP)
    assert env_of(srv, "/api")["mod_wsgi.script_reloading"] == "0"


# --------------------------------------------------------------------------
# subscribe_shutdown(): the process_stopping event
# --------------------------------------------------------------------------

SHUTDOWN_CONFIG = """
WSGIDaemonProcess g processes=1 threads=2 %s
WSGIScriptAlias /api %s process-group=g application-group=%%{GLOBAL}
WSGIScriptAlias /sub %s process-group=g application-group=sub
"""


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def test_shutdown_callbacks_are_called_when_the_process_stops(httpd):
    """Each interpreter's callbacks, with mod_wsgi's arguments, when
    Apache stops; one that raises is logged and the next still runs."""
    srv = httpd(SHUTDOWN_CONFIG % ("", APP, APP))
    main = os.path.join(srv.scratch, "main.json")
    sub = os.path.join(srv.scratch, "sub.json")
    got = api(srv, "/api?subscribe=%s&raise=1" % main)
    assert got["shutdown_callbacks"] == 2
    assert api(srv, "/sub?subscribe=%s" % sub)["shutdown_callbacks"] == 1
    assert read_json(main) is None
    srv.stop()
    for path in (main, sub):
        assert read_json(path) == {
            "event": "process_stopping", "kwargs": {"shutdown_reason": ""},
            "pid": got["pid"]}, path
    if not REFERENCE:
        srv.expect_log(r"GW04084: a mod_wsgi shutdown callback "
                       r"\(subscribe_shutdown\) of application group '' "
                       r"raised an exception")
        srv.expect_log(r"GW04085: RuntimeError: shutdown-callback-marker")
        srv.allow_log(r"GW04085: ")
    else:
        srv.allow_log(r"shutdown-callback-marker|event callback|Traceback"
                      r"|File \"|raise RuntimeError")


def test_shutdown_reason_names_the_recycle(httpd):
    """A process recycled by inactivity-timeout= says so."""
    srv = httpd(SHUTDOWN_CONFIG % ("inactivity-timeout=1", APP, APP))
    path = os.path.join(srv.scratch, "idle.json")
    got = api(srv, "/api?subscribe=%s" % path)
    event = poll(lambda: read_json(path), timeout=15)
    assert event == {"event": "process_stopping",
                     "kwargs": {"shutdown_reason": "inactivity_timeout"},
                     "pid": got["pid"]}


def test_sigusr1_is_a_graceful_signal(httpd):
    """SIGUSR1 restarts the one process gracefully, with mod_wsgi's
    reason."""
    srv = httpd(SHUTDOWN_CONFIG % ("", APP, APP))
    path = os.path.join(srv.scratch, "usr1.json")
    got = api(srv, "/api?subscribe=%s" % path)
    os.kill(got["pid"], signal.SIGUSR1)
    event = poll(lambda: read_json(path), timeout=15)
    assert event == {"event": "process_stopping",
                     "kwargs": {"shutdown_reason": "graceful_signal"},
                     "pid": got["pid"]}
    assert poll(lambda: api(srv, "/api")["pid"] != got["pid"], timeout=15)


@gateway_only
def test_shutdown_callbacks_get_at_most_shutdown_timeout(httpd):
    """A callback that does not return holds a recycle up only as long
    as the requests in flight may take (the longer of shutdown-timeout=
    and graceful-timeout=): the process says so and is replaced.  (At
    Apache's stop the supervisor kills it after shutdown-timeout=.)"""
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=1 shutdown-timeout=1 graceful-timeout=1 maximum-requests=1
WSGIScriptAlias /api %s process-group=g application-group=%%{GLOBAL}
""" % APP)
    path = os.path.join(srv.scratch, "slow.json")
    first = api(srv, "/api?subscribe=%s&sleep=30" % path)
    srv.expect_log(r"GW03017: the mod_wsgi shutdown callbacks "
                   r"\(subscribe_shutdown\) were still running after 1 s; "
                   r"exiting anyway")
    assert read_json(path)["event"] == "process_stopping"
    assert api(srv, "/api")["pid"] != first["pid"]


# --------------------------------------------------------------------------
# side by side with mod_wsgi
# --------------------------------------------------------------------------

SIDE_CONFIG = """
WSGIDaemonProcess api processes=2 threads=3
WSGIScriptAlias /api %s process-group=api application-group=%%{GLOBAL}
""" % APP

# environ values that depend on the configuration alone
SAME_VALUES = ["mod_wsgi.version", "mod_wsgi.process_group",
               "mod_wsgi.application_group", "mod_wsgi.callable_object",
               "mod_wsgi.request_handler", "mod_wsgi.handler_script",
               "mod_wsgi.script_reloading", "mod_wsgi.listener_host",
               "mod_wsgi.ignore_activity", "mod_wsgi.daemon_connects",
               "mod_wsgi.daemon_restarts", "mod_wsgi.script_name",
               "mod_wsgi.path_info"]


def test_same_api_as_mod_wsgi_side_by_side(httpd):
    """The same app under Debian's mod_wsgi 4.9.4 and here: the same
    environ keys and types, the same configuration values, the same
    module attributes (less those the guide lists as left out) and
    process_metrics() keys and types."""
    if REFERENCE:
        pytest.skip("compares mod_gateway with mod_wsgi")
    if not os.path.exists(os.path.join(APACHE_MODULES, "mod_wsgi.so")):
        pytest.skip("mod_wsgi is not installed")
    ours_srv = httpd(SIDE_CONFIG)
    theirs_srv = httpd("LoadModule wsgi_module %s/mod_wsgi.so\n"
                       "WSGISocketPrefix @ROOT@/run/wsgi\n"
                       % APACHE_MODULES + SIDE_CONFIG, gateway=False)
    ours = api(ours_srv, "/api/x/y")
    theirs = api(theirs_srv, "/api/x/y")
    assert sorted(ours["environ"]) == sorted(theirs["environ"])
    assert {k: v[0] for k, v in ours["environ"].items()} == \
        {k: v[0] for k, v in theirs["environ"].items()}
    for k in SAME_VALUES:
        assert ours["environ"][k] == theirs["environ"][k], k
    assert ours["environ"]["mod_wsgi.listener_port"][1] == \
        str(ours_srv.port)
    assert theirs["environ"]["mod_wsgi.listener_port"][1] == \
        str(theirs_srv.port)
    assert set(theirs["module"]) - set(ours["module"]) == MODULE_LEFT_OUT
    assert set(ours["module"]) - set(theirs["module"]) == set()
    for name, typ in ours["module"].items():
        assert theirs["module"][name] == typ, name
    assert ours["values"] == theirs["values"]
    for flag in ("wsgi.run_once", "wsgi.multiprocess", "wsgi.multithread"):
        assert ours[flag] == theirs[flag], flag
    assert ours["file_wrapper"] is theirs["file_wrapper"] is True
    assert ours["server_metrics"] is theirs["server_metrics"] is None
    mine, ref = ours["process_metrics"], theirs["process_metrics"]
    assert {k: type(v) for k, v in mine.items()} == \
        {k: type(v) for k, v in ref.items()}
    assert [sorted(t) for t in mine["threads"]] == \
        [sorted(t) for t in ref["threads"]]
