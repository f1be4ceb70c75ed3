"""End-to-end behaviour of mod_gateway as a user sees it: a private Apache
with the module, WSGI apps from tests/integration/apps run in daemon
processes."""

import hashlib
import http.client
import json
import os
import pwd
import re
import signal
import time
import urllib.parse

import pytest

from conftest import (USER_A, USER_B, EXTRA_GROUP, APACHE_USER, poll,
                      proc_alive, proc_uids, proc_gids, shared_server)

MiB = 1 << 20


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def get_json(srv, path, headers=None):
    st, hd, body = srv.request("GET", path, headers=headers)
    assert st == 200, (st, body[:2000])
    assert hd["Content-Type"] == "application/json"
    return json.loads(body)


def allow_daemon_lines(srv, user):
    """Exempts error lines written by this server's daemon processes of
    `user` (a traceback the test provoked on purpose)."""
    pids = srv.daemon_pids(user)
    if pids:
        srv.allow_log(r"\[pid (%s)[:\]]" % "|".join(str(p) for p in pids))
    # and the Apache child's own report that the application failed
    srv.allow_log(r"\bapplication\b.*\bfailed\b")


# --------------------------------------------------------------------------
# one shared server for the request/response tests
# --------------------------------------------------------------------------

CORE_CONFIG = """
WSGIDaemonProcess core processes=1 threads=4
WSGIProcessGroup core
WSGIApplicationGroup %{GLOBAL}
WSGIScriptAlias /hello @APPS@/hello.wsgi
WSGIScriptAlias /app @APPS@/environ.wsgi
WSGIScriptAlias /echo @APPS@/echo.wsgi
WSGIScriptAlias /stream @APPS@/stream.wsgi
WSGIScriptAlias /write @APPS@/write.wsgi
WSGIScriptAlias /filewrap @APPS@/filewrap.wsgi
WSGIScriptAlias /raise @APPS@/raise.wsgi
WSGIScriptAlias /close @APPS@/close.wsgi
WSGIScriptAlias /errors @APPS@/logerrors.wsgi
"""


core_module, core = shared_server(CORE_CONFIG, "core", "core")


def test_hello(core):
    st, hd, body = core.request("GET", "/hello")
    assert st == 200
    assert body == b"Hello World!"
    assert hd["Content-Type"].split(";")[0].strip() == "text/plain"


def test_environ_sub_mount(core):
    env = get_json(core, "/app/x?y=1")
    assert env["SCRIPT_NAME"] == "/app"
    assert env["PATH_INFO"] == "/x"
    assert env["QUERY_STRING"] == "y=1"
    assert env["REQUEST_METHOD"] == "GET"
    assert env["SERVER_PORT"] == str(core.port)
    assert env["wsgi.url_scheme"] == "http"
    assert env["wsgi.input_terminated"] is True
    assert env["wsgi.run_once"] is False
    assert env["wsgi.multithread"] is True      # threads=4
    assert env["wsgi.version"] == [1, 0]


def test_environ_mount_point_without_slash(core):
    env = get_json(core, "/app")
    assert env["SCRIPT_NAME"] == "/app"
    assert env["PATH_INFO"] == ""


def test_header_passthrough(core):
    env = get_json(core, "/app/h", headers={"X-Purpose": "preview"})
    assert env["HTTP_X_PURPOSE"] == "preview"


@pytest.mark.parametrize("order", ["underscore-first", "dash-first"])
def test_underscore_header_dropped(core, order):
    pairs = [("X_Foo", "evil"), ("X-Foo", "good")]
    if order == "dash-first":
        pairs.reverse()
    conn = core.connection()
    try:
        conn.putrequest("GET", "/app/u")
        for k, v in pairs:
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200, body[:2000]
    finally:
        conn.close()
    env = json.loads(body)
    assert env["HTTP_X_FOO"] == "good"
    carriers = {k: v for k, v in env.items()
                if isinstance(v, str) and "evil" in v}
    assert carriers == {}
    assert not any("evil" in k for k in env["__keys__"])


@pytest.fixture(scope="module")
def big_body():
    return os.urandom(10 * MiB)


def test_post_content_length(core, big_body):
    st, _, body = core.request("POST", "/echo", body=big_body,
                               headers={"Content-Type":
                                        "application/octet-stream"})
    assert st == 200, body[:2000]
    assert json.loads(body) == {"len": len(big_body),
                                "sha256": sha256(big_body)}


def test_post_chunked(core, big_body):
    def gen():
        step = 256 * 1024
        for i in range(0, len(big_body), step):
            yield big_body[i:i + step]

    st, _, body = core.request("POST", "/echo", body=gen(), chunked=True,
                               headers={"Content-Type":
                                        "application/octet-stream"})
    assert st == 200, body[:2000]
    assert json.loads(body) == {"len": len(big_body),
                                "sha256": sha256(big_body)}


def test_streaming_generator(core):
    # stream.wsgi yields 5 chunks with 0.2 s sleeps between: 0.8 s total.
    total_sleep = 0.8
    expected = b"".join(b"chunk-%d\n" % i for i in range(5))
    conn = core.connection()
    try:
        t0 = time.monotonic()
        conn.request("GET", "/stream")
        resp = conn.getresponse()
        assert resp.status == 200
        first = b""
        while not first:
            first = resp.read1(65536)
            if not first:
                break
        t_first = time.monotonic() - t0
        rest = resp.read()
        t_all = time.monotonic() - t0
    finally:
        conn.close()
    assert first.startswith(b"chunk-0\n")
    assert b"chunk-4" not in first, "whole body arrived at once"
    assert t_first < total_sleep, \
        "first chunk took %.2fs: not streamed" % t_first
    assert first + rest == expected
    assert t_all >= total_sleep - 0.05


def test_write_callable(core):
    st, _, body = core.request("GET", "/write")
    assert st == 200
    assert body == b"written-1;written-2;returned-3;returned-4"


def test_file_wrapper(core):
    data_dir = os.path.join(core.root, "data")
    os.makedirs(data_dir, exist_ok=True)
    os.chmod(data_dir, 0o755)
    path = os.path.join(data_dir, "big.bin")
    data = os.urandom(10 * MiB)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)
    st, hd, body = core.request("GET", "/filewrap?" + urllib.parse.quote(path))
    assert st == 200, body[:2000]
    assert len(body) == len(data)
    assert sha256(body) == sha256(data)
    assert hd["Content-Type"] == "application/octet-stream"


def test_app_exception_gives_500(core):
    st, _, body = core.request("GET", "/raise")
    assert st == 500
    assert b"boom-marker" not in body   # no traceback to the client
    core.expect_log(r"boom-marker")
    core.expect_log(r"Traceback")
    # the traceback lines themselves are error-level and expected
    allow_daemon_lines(core, APACHE_USER)
    core.allow_log(r"raise\.wsgi|/raise\b")


def test_close_called(core):
    marker = os.path.join(core.scratch, "close-ok.txt")
    st, _, body = core.request(
        "GET", "/close?marker=%s&token=t-ok" % urllib.parse.quote(marker))
    assert st == 200
    assert body == b"first-chunk;second-chunk"

    def closed():
        try:
            with open(marker) as f:
                return "closed t-ok\n" in f.read()
        except FileNotFoundError:
            return False
    assert poll(closed, 5), "close() was not called on the app iterable"


def test_close_called_when_iteration_raises(core):
    marker = os.path.join(core.scratch, "close-raise.txt")
    conn = core.connection()
    outcome = None
    try:
        conn.request("GET", "/close?raise=1&token=t-raise&marker="
                     + urllib.parse.quote(marker))
        resp = conn.getresponse()
        try:
            body = resp.read()
            outcome = ("complete", resp.status, body)
        except (http.client.IncompleteRead, ConnectionError) as e:
            outcome = ("truncated", resp.status, repr(e))
    except (http.client.RemoteDisconnected, ConnectionError) as e:
        outcome = ("disconnected", None, repr(e))
    finally:
        conn.close()
    # The client must be able to tell the response failed: a 500 before
    # anything was sent, or a truncated/aborted 200 -- never a clean 200.
    assert not (outcome[0] == "complete" and outcome[1] == 200), outcome

    def closed():
        try:
            with open(marker) as f:
                return "closed t-raise\n" in f.read()
        except FileNotFoundError:
            return False
    assert poll(closed, 5), "close() not called after iteration raised"
    core.expect_log(r"mid-iteration-marker")
    allow_daemon_lines(core, APACHE_USER)
    core.allow_log(r"close\.wsgi|/close\b|mid-iteration-marker")


def test_wsgi_errors_line_names_process_group_and_id(core):
    """A line written to environ['wsgi.errors'] lands in Apache's error
    log as one line attributed to the daemon process that wrote it, its
    group, and the id GW04010 (proto/gw_log.c, interp/gw_pylog.c)."""
    token = "%d-%d" % (os.getpid(), time.monotonic_ns())
    st, _, body = core.request("GET", "/errors?token=" + token)
    assert st == 200, body[:2000]
    pid = int(body)
    lines = core.expect_log(r"errors-marker-%s" % re.escape(token))
    assert len(lines) == 1, lines
    m = re.search(r"\[gateway:error\] \[pid (\d+):tid \d+\] "
                  r"\[group ([^\]]+)\] GW04010: errors-marker-%s$"
                  % re.escape(token), lines[0])
    assert m, lines[0]
    assert int(m.group(1)) == pid, (lines[0], pid)
    assert m.group(2) == "core", lines[0]


# --------------------------------------------------------------------------
# daemon users and isolation (shared server, read-only tests)
# --------------------------------------------------------------------------

USERS_CONFIG = """
WSGIDaemonProcess a user=gwtest-a group=gwtest-a processes=2 threads=4
WSGIDaemonProcess b user=gwtest-b group=gwtest-b processes=1 threads=2
WSGIScriptAlias /who @APPS@/whoami.wsgi process-group=a application-group=%{GLOBAL}
WSGIScriptAlias /iso-a @APPS@/whoami.wsgi process-group=a application-group=%{GLOBAL}
WSGIScriptAlias /iso-b @APPS@/whoami.wsgi process-group=b application-group=%{GLOBAL}
"""


users_srv_module, users_srv = shared_server(USERS_CONFIG, "users",
                                            "users_srv")


def test_daemon_user_and_groups(users_srv, test_users):
    a = test_users["a"]
    who = get_json(users_srv, "/who")
    assert who["uid"] == a.pw_uid != 0
    assert who["euid"] == a.pw_uid
    assert who["gid"] == a.pw_gid
    assert who["egid"] == a.pw_gid
    assert test_users["extra_gid"] in who["groups"], \
        "supplementary group %s missing (initgroups)" % EXTRA_GROUP
    assert 0 not in who["groups"], "root's group kept"

    pids = users_srv.wait_daemon_pids(USER_A, 2, timeout=10)
    assert len(pids) == 2, "expected 2 daemon processes, found %r" % pids
    assert who["pid"] in pids
    for pid in pids:
        assert proc_uids(pid) == [a.pw_uid] * 4, \
            "pid %d Uid line %r" % (pid, proc_uids(pid))
        assert proc_gids(pid) == [a.pw_gid] * 4, \
            "pid %d Gid line %r" % (pid, proc_gids(pid))


@pytest.fixture
def private_dirs(users_srv, test_users):
    out = {}
    for key in ("a", "b"):
        pw = test_users[key]
        d = os.path.join(users_srv.root, "private-" + key)
        os.makedirs(d, exist_ok=True)
        f = os.path.join(d, "secret")
        with open(f, "w") as fh:
            fh.write("secret of %s\n" % pw.pw_name)
        os.chown(f, pw.pw_uid, pw.pw_gid)
        os.chmod(f, 0o600)
        os.chown(d, pw.pw_uid, pw.pw_gid)
        os.chmod(d, 0o700)
        out[key] = f
    return out


def test_isolation_between_groups(users_srv, private_dirs):
    q = urllib.parse.quote
    a_self = get_json(users_srv, "/iso-a?read=" + q(private_dirs["a"]))
    a_other = get_json(users_srv, "/iso-a?read=" + q(private_dirs["b"]))
    b_self = get_json(users_srv, "/iso-b?read=" + q(private_dirs["b"]))
    b_other = get_json(users_srv, "/iso-b?read=" + q(private_dirs["a"]))
    assert (a_self["read"], a_other["read"]) == ("ok", "PermissionError")
    assert (b_self["read"], b_other["read"]) == ("ok", "PermissionError")


# --------------------------------------------------------------------------
# failures and lifecycle (a server each)
# --------------------------------------------------------------------------

def gw_sockets(srv):
    return [p for p in srv.sockets()
            if os.path.basename(p).startswith("gw")]


def _gw01002_line(srv, path):
    """The Apache child's GW01002 line (daemon unreachable) for `path`."""
    lines = srv.expect_log(r"GW01002: cannot connect to daemon group 'g' "
                           r"at %s " % re.escape(path))
    assert len(lines) == 1, lines
    return lines[0]


def _serving_group_g(httpd):
    """A server with group g ready to serve /hello, and g's one socket.
    No request yet: it would leave a kept link in an Apache child, and the
    next request, sent on it, would not connect at all."""
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=g application-group=%{GLOBAL}
""")
    srv.expect_log(r"GW03009: daemon process ready")
    socks = gw_sockets(srv)
    assert len(socks) == 1, "no socket under %s: %r" % (srv.run_dir, socks)
    return srv, socks[0]


def test_503_when_daemon_socket_gone(httpd):
    srv, sock = _serving_group_g(httpd)
    os.unlink(sock)
    st, hd, body = srv.request("GET", "/hello")
    assert st == 503
    assert hd.get("Retry-After"), "503 without Retry-After"
    # The line says which socket, the system error, that the file is
    # missing, and whom the Apache child runs as.
    line = _gw01002_line(srv, sock)
    www = pwd.getpwnam(APACHE_USER)
    assert "(2)No such file or directory:" in line, line
    assert "the socket file does not exist (No such file or directory)" \
        in line, line
    assert "this Apache child runs as uid %d (%s)" % (www.pw_uid,
                                                       APACHE_USER) in line
    assert line.rstrip().endswith("answering 503"), line


def test_503_when_apache_child_may_not_connect_names_owner_mode_and_uid(
        httpd):
    """EACCES: the live socket is given to root:root, mode 0600, behind
    the server's back.  The Apache child (www-data) cannot connect; the
    client gets a 503 and the log line says why: the socket's path, the
    system error, the socket's owner and mode, and the child's uid."""
    srv, sock = _serving_group_g(httpd)
    www = pwd.getpwnam(APACHE_USER)
    assert os.stat(sock).st_uid == www.pw_uid      # as it was made
    os.chown(sock, 0, 0)
    os.chmod(sock, 0o600)
    st, hd, body = srv.request("GET", "/hello")
    assert st == 503, (st, body[:500])
    assert b"Hello" not in body
    assert hd.get("Retry-After"), "503 without Retry-After"
    line = _gw01002_line(srv, sock)
    assert "(13)Permission denied:" in line, line
    assert "socket is owner uid 0 gid 0 mode 0600" in line, line
    assert "this Apache child runs as uid %d (%s)" % (www.pw_uid,
                                                       APACHE_USER) in line
    assert line.rstrip().endswith("answering 503"), line
    # Giving the socket back to www-data serves again: the refusal was
    # the socket's owner, nothing else.
    os.chown(sock, www.pw_uid, -1)
    srv.wait_ok("/hello")


def test_daemon_sigkill_respawn(httpd):
    srv = httpd("""
WSGIDaemonProcess k user=gwtest-b group=gwtest-b processes=1 threads=2
WSGIScriptAlias /who @APPS@/whoami.wsgi process-group=k application-group=%{GLOBAL}
""")
    who = get_json(srv, "/who")
    old = srv.daemon_pids(USER_B)
    assert old == [who["pid"]]
    os.kill(old[0], signal.SIGKILL)
    srv.expect_log(r"signal 9|SIGKILL")
    new = srv.wait_daemon_pids(USER_B, 1, timeout=10, exclude=old)
    assert new, "no new daemon process within 10 s"
    deadline = time.monotonic() + 10
    while True:
        _, _, body = srv.wait_ok("/who", timeout=10)
        pid = json.loads(body)["pid"]
        if pid != old[0]:
            break
        assert time.monotonic() < deadline, "killed pid still serving?"
        time.sleep(0.1)
    assert pid in srv.daemon_pids(USER_B)
    assert not proc_alive(old[0])


def test_stop_leaves_nothing_behind(httpd):
    srv = httpd("""
WSGIDaemonProcess s user=gwtest-a group=gwtest-a processes=2 threads=2
WSGIScriptAlias /who @APPS@/whoami.wsgi process-group=s application-group=%{GLOBAL}
""")
    get_json(srv, "/who")
    pids = srv.wait_daemon_pids(USER_A, 2, timeout=10)
    assert len(pids) == 2, pids
    socks = gw_sockets(srv)
    assert socks, "no socket under %s" % srv.run_dir
    srv.stop()          # fails by itself if any process is left
    assert [p for p in pids if proc_alive(p)] == []
    assert srv.daemon_pids(USER_A) == []
    assert [s for s in socks if os.path.exists(s)] == []
    assert gw_sockets(srv) == []


def _config_message(srv, out):
    # drop the temp paths (they hold the test name) before matching
    return out.replace(srv.conf_path, "<conf>").replace(srv.root, "<root>")


def test_configtest_accepts_valid_config(httpd):
    srv = httpd("""
WSGIDaemonProcess x processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=x
""", start=False)
    rc, out = srv.configtest()
    assert rc == 0, out


def test_config_error_unknown_option(httpd):
    srv = httpd("WSGIDaemonProcess x bogus-option=1\n", start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "bogus-option" in _config_message(srv, out), out


def test_config_error_user_root(httpd):
    srv = httpd("WSGIDaemonProcess x user=root\n", start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert re.search(r"\broot\b", _config_message(srv, out)), out
