"""ASGI 3.0 applications in daemon mode (protocol=asgi, docs/asgi.md):
the scope, request bodies streamed in, responses streamed out, the
lifespan protocol, errors, real frameworks from Debian (Starlette,
FastAPI, Django's ASGI handler) and a WSGI group beside an ASGI one in
one Apache.

The applications are in tests/integration/fixtures/asgi, copied into
each server's root as @ROOT@/asgi."""

import http.client
import json
import os
import re
import socket
import time

import pytest

from conftest import APACHE, HERE, USER_A, USER_B, USER_C, poll, \
    require_debian_python

FIXTURE = os.path.join(HERE, "fixtures", "asgi")


def asgi_server(httpd, config, start=True):
    """A server with the fixture copied to @ROOT@/asgi and config after
    the base configuration; the daemon users may write to
    @ROOT@/scratch."""
    srv = httpd(config, start=False)
    root = srv.copy_fixture(FIXTURE, "asgi")
    for dirpath, _dirs, files in os.walk(root):
        for n in files:
            p = os.path.join(dirpath, n)
            with open(p) as f:
                text = f.read()
            with open(p, "w") as f:
                f.write(text.replace("@SCRATCH@", srv.scratch))
    srv.write_config(config + """
<Directory @ROOT@/asgi>
    Require all granted
</Directory>
""")
    if start:
        srv.start()
    return srv


RAW = """
WSGIDaemonProcess araw user=%s processes=1 threads=2 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /raw @ROOT@/asgi/raw_app.py process-group=araw
""" % USER_A


def test_protocol_value_is_checked_at_configtest(httpd):
    """protocol= takes wsgi or asgi; anything else fails configtest with
    its id and both choices, and the same line with asgi passes."""
    srv = httpd("WSGIDaemonProcess p user=%s protocol=asgl\n" % USER_A,
                start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW02240" in out and "protocol=asgl" in out, out
    assert "wsgi" in out and "asgi" in out, out
    srv.write_config("WSGIDaemonProcess p user=%s protocol=ASGI\n"
                     "WSGIDaemonProcess q user=%s\n" % (USER_A, USER_A))
    rc, out = srv.configtest()
    assert rc == 0, out
    # DUMP_WSGI names each group's protocol, and where it came from
    import subprocess
    dump = subprocess.run([APACHE, "-t", "-D", "DUMP_WSGI", "-f",
                           srv.conf_path], env=srv.env(), capture_output=True,
                          text=True).stdout
    assert "protocol=asgi (set)" in dump, dump
    assert "protocol=wsgi (default)" in dump, dump


def test_scope_is_built_from_the_request(httpd):
    srv = asgi_server(httpd, RAW)
    st, hd, body = srv.request(
        "GET", "/raw/scope/caf%C3%A9%20x?a=1&b=%20", headers={
            "X-Custom-Thing": "v1", "Accept": "text/x-test"})
    assert st == 200, body[:2000]
    s = json.loads(body)
    assert s["type"] == "http"
    assert s["asgi"]["version"] == "3.0"
    assert s["asgi"]["spec_version"]
    assert s["http_version"] == "1.1"
    assert s["method"] == "GET"
    assert s["scheme"] == "http"
    assert s["root_path"] == "/raw"
    assert s["path"] == "/scope/caf\u00e9 x"
    assert s["raw_path"] == "/raw/scope/caf%C3%A9%20x"
    assert s["query_string"] == "a=1&b=%20"
    headers = dict(s["headers"])
    assert headers["x-custom-thing"] == "v1"
    assert headers["accept"] == "text/x-test"
    assert headers["host"] == "127.0.0.1:%d" % srv.port
    # every name lower case, no control value of the module's
    assert all(n == n.lower() for n, _ in s["headers"]), s["headers"]
    assert not [n for n, _ in s["headers"] if "gateway" in n], s["headers"]
    assert "secret" not in body.decode()
    assert s["client"][0] == "127.0.0.1" and s["client"][1] > 0
    assert s["server"] == ["127.0.0.1", srv.port]
    # the lifespan's state, as a copy per request
    assert s["state"] == {"started": True}


def test_request_body_streams_in_and_response_streams_out(httpd):
    srv = asgi_server(httpd, RAW)
    payload = os.urandom(3 * 1024 * 1024 + 7)
    st, hd, body = srv.request("POST", "/raw/echo", body=payload)
    assert st == 200
    assert body == payload
    # several http.request messages for a large body
    assert int(hd["x-chunks"]) > 1, hd
    # chunked upload (no Content-Length)
    chunks = [b"a" * 1000, b"b" * 70000, b"c"]
    st, hd, body = srv.request("POST", "/raw/echo", body=iter(chunks),
                               chunked=True)
    assert st == 200 and body == b"".join(chunks)
    # an empty body is one message with more_body False
    st, hd, body = srv.request("POST", "/raw/echo", body=b"")
    assert (st, body, hd["x-chunks"]) == (200, b"", "1")

    # a streamed response arrives part by part, not at the end
    conn = srv.connection()
    conn.request("GET", "/raw/stream?n=6")
    resp = conn.getresponse()
    assert resp.status == 200
    t0 = time.monotonic()
    first = resp.readline()
    waited = time.monotonic() - t0
    rest = resp.read()
    total = time.monotonic() - t0
    conn.close()
    assert b"part 0" in first, first
    assert b"part 5" in rest
    assert waited < total and total >= 0.2, (waited, total)


def test_exception_before_start_is_500_with_traceback(httpd):
    srv = asgi_server(httpd, RAW)
    st, _, body = srv.get("/raw/raise")
    assert st == 500
    assert b"raised before" not in body      # no detail to the client
    srv.expect_log(r"GW02245: ASGI application 'application' of "
                   r"\S+raw_app.py raised an exception for /raw/raise")
    # the traceback's lines, each waited for (they reach the log one by
    # one through the logger)
    srv.expect_log(r"GW02246: .*raw_app\.py")
    srv.expect_log(r"GW02246: .*ValueError: raised before the response")
    srv.allow_log(r"GW02246: ")
    srv.expect_log(r"GW01010: .*ValueError: raised before the response")
    # the process goes on serving
    st, _, _ = srv.get("/raw/who")
    assert st == 200


def test_exception_after_start_cuts_the_connection(httpd):
    srv = asgi_server(httpd, RAW)
    conn = srv.connection()
    conn.request("GET", "/raw/raise-late")
    resp = conn.getresponse()
    assert resp.status == 200
    with pytest.raises(http.client.IncompleteRead) as e:
        resp.read()
    conn.close()
    assert e.value.partial == b"partial"
    srv.expect_log(r"GW02245: .*raise-late after http.response.start")
    srv.expect_log(r"GW02246: ")
    srv.expect_log(r"GW01010: .*response cut short")


def test_returning_without_a_response_is_500(httpd):
    srv = asgi_server(httpd, RAW)
    st, _, _ = srv.get("/raw/no-start")
    assert st == 500
    srv.expect_log(r"GW02248: .*/raw/no-start without sending "
                   r"http.response.start")
    srv.expect_log(r"GW01010: ")


def test_wsgi_callable_in_an_asgi_group_is_named(httpd):
    srv = asgi_server(httpd, RAW + """
WSGIScriptAlias /wsgi-ish @ROOT@/asgi/raw_app.py process-group=araw \
callable-object=wsgi_app
""")
    st, _, _ = srv.get("/wsgi-ish")
    assert st == 500
    srv.expect_log(r"GW02243: ASGI application 'wsgi_app' of \S+raw_app.py "
                   r"is not an ASGI 3 application: .*protocol=wsgi")
    srv.expect_log(r"GW01010: ")


def test_app_runs_as_the_group_user_and_kept_links_work(httpd):
    srv = asgi_server(httpd, RAW)
    pids = set()
    conn = srv.connection()
    for _ in range(20):
        conn.request("GET", "/raw/who")
        resp = conn.getresponse()
        assert resp.status == 200
        r = json.loads(resp.read())
        pids.add(r["pid"])
        assert r["uid"] == __import__("pwd").getpwnam(USER_A).pw_uid
    conn.close()
    assert len(pids) == 1
    assert srv.daemon_pids(USER_A) == list(pids)


def _marks(srv, name):
    p = os.path.join(srv.scratch, name)
    if not os.path.exists(p):
        return []
    with open(p) as f:
        return [line.split() for line in f.read().splitlines()]


STARLETTE = """
WSGIDaemonProcess star user=%s processes=1 threads=2 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /star @ROOT@/asgi/starlette_app.py process-group=star
""" % USER_A


def test_starlette_routes_json_streams_and_lifespan(httpd):
    require_debian_python("import starlette", "python3-starlette")
    srv = asgi_server(httpd, STARLETTE)
    # lifespan startup ran before the process counted as ready
    ready = srv.expect_log(r"GW03009: daemon process ready")
    started = _marks(srv, "starlette-startup")
    assert len(started) == 1, started
    pid = int(started[0][0])
    assert srv.daemon_pids(USER_A) == [pid]

    st, _, body = srv.get("/star/")
    assert (st, body) == (200, b"starlette home\n")
    st, hd, body = srv.get("/star/items/42?q=x")
    assert st == 200 and hd["content-type"] == "application/json"
    r = json.loads(body)
    base = "http://127.0.0.1:%d" % srv.port
    assert r == {"id": 42, "q": "x", "greeting": "hello from the lifespan",
                 "url": base + "/star/items/42?q=x",
                 "url_for": base + "/star/items/7"}, r
    st, _, body = srv.get("/star/items/nope")
    assert st == 404
    st, _, body = srv.get("/star/numbers")
    assert (st, body) == (200, b"0\n1\n2\n3\n4\n")
    payload = b"z" * (2 * 1024 * 1024)
    st, _, body = srv.request("POST", "/star/upload", body=payload)
    assert st == 200
    r = json.loads(body)
    assert r["total"] == len(payload) and r["parts"] > 1, r
    st, _, _ = srv.get("/star/boom")
    assert st == 500
    srv.expect_log(r"GW02245: .*starlette_app.py raised an exception for "
                   r"/star/boom")
    srv.expect_log(r"GW02246: .*RuntimeError: starlette route failed")
    srv.allow_log(r"GW02246: ")
    # Starlette answered 500 itself and re-raised for the server to log
    srv.expect_log(r"GW02245: .*/star/boom after its whole response")

    assert _marks(srv, "starlette-shutdown") == []
    srv.stop()
    ended = _marks(srv, "starlette-shutdown")
    assert len(ended) == 1 and int(ended[0][0]) == pid, ended


def test_fastapi_typed_routes_and_validation(httpd):
    require_debian_python("import fastapi", "python3-fastapi")
    srv = asgi_server(httpd, """
WSGIDaemonProcess fast user=%s processes=1 threads=3 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /api @ROOT@/asgi/fastapi_app.py process-group=fast
""" % USER_A)
    st, _, body = srv.get("/api/items/5?q=abc")
    assert st == 200 and json.loads(body) == {"item_id": 5, "q": "abc"}
    st, _, body = srv.get("/api/items/five")
    assert st == 422, body
    st, _, body = srv.request(
        "POST", "/api/items", body=json.dumps({"name": "x", "price": 1.5}),
        headers={"Content-Type": "application/json"})
    assert st == 200 and json.loads(body) == {"name": "x", "double": 3.0}
    st, _, body = srv.request(
        "POST", "/api/items", body=b'{"name": "x"}',
        headers={"Content-Type": "application/json"})
    assert st == 422, body
    st, _, body = srv.get("/api/sync")
    assert st == 200
    assert json.loads(body)["thread"] != "MainThread"
    st, _, body = srv.get("/api/openapi.json")
    assert st == 200 and b"/items/{item_id}" in body


def test_django_asgi_handler(httpd):
    require_debian_python("import django.core.asgi", "python3-django")
    srv = asgi_server(httpd, """
WSGIDaemonProcess dj user=%s processes=1 threads=2 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /dj @ROOT@/asgi/django_asgi.py process-group=dj
""" % USER_A)
    st, _, body = srv.get("/dj/hello")
    assert (st, body) == (200, b"django asgi hello\n")
    st, _, body = srv.request("POST", "/dj/info?q=1", body=b"abc",
                              headers={"Content-Type": "text/plain"})
    assert st == 200, body[:3000]
    assert json.loads(body) == {"path": "/dj/info", "path_info": "/info",
                                "script_name": "/dj", "method": "POST",
                                "body": "abc", "q": "1"}
    st, _, _ = srv.get("/dj/nothing-here")
    assert st == 404


def test_wsgi_and_asgi_groups_in_one_apache(httpd):
    """A WSGI group and an ASGI group side by side, each as its own
    user: each serves its own protocol, a WSGI request never reaches the
    event loop and the other way round."""
    srv = asgi_server(httpd, RAW + """
WSGIDaemonProcess plain user=%s processes=1 threads=2
WSGIScriptAlias /plain @ROOT@/asgi/hello.wsgi process-group=plain
""" % USER_B)
    import pwd
    uid_a = pwd.getpwnam(USER_A).pw_uid
    uid_b = pwd.getpwnam(USER_B).pw_uid
    for _ in range(3):
        st, _, body = srv.get("/plain/")
        assert (st, body) == (200, b"wsgi hello from uid %d\n" % uid_b)
        st, _, body = srv.get("/raw/who")
        assert st == 200 and json.loads(body)["uid"] == uid_a
    assert len(srv.daemon_pids(USER_A)) == 1
    assert len(srv.daemon_pids(USER_B)) == 1


def test_disconnect_after_the_client_leaves(httpd):
    """http.disconnect reaches an application waiting in receive() once
    the client is gone: the Apache child notices when a write to the
    client fails and closes its link to the daemon, which the event loop
    sees."""
    srv = asgi_server(httpd, RAW)
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /raw/disconnect HTTP/1.1\r\nHost: x\r\n\r\n")
    assert b"tick" in s.recv(4096)
    s.close()
    marker = os.path.join(srv.scratch, "disconnect")
    t0 = time.monotonic()
    poll(lambda: os.path.exists(marker), timeout=20)
    assert time.monotonic() - t0 < 5
    with open(marker) as f:
        assert f.read() == "http.disconnect"


def test_graceful_restart_finishes_requests_in_flight_then_shuts_down(httpd):
    """apachectl graceful while a streamed ASGI response is under way:
    the old process finishes it (all its parts, a clean end), runs the
    lifespan shutdown after it, and the next generation's process (with
    its own lifespan startup) answers the requests that follow."""
    import subprocess
    import threading
    srv = asgi_server(httpd, STARLETTE.replace(
        "protocol=asgi", "protocol=asgi graceful-timeout=20"))
    poll(lambda: len(_marks(srv, "starlette-startup")) == 1)
    old = int(_marks(srv, "starlette-startup")[0][0])
    result = {}

    def slow():
        result["r"] = srv.request("GET", "/star/slow", timeout=30)
    t = threading.Thread(target=slow)
    began = time.time()
    t.start()
    time.sleep(0.3)
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    # the next generation serves, with a lifespan startup of its own
    poll(lambda: len(_marks(srv, "starlette-startup")) == 2, timeout=15)
    st, _, body = srv.get("/star/")
    assert st == 200
    t.join(30)
    st, _, body = result["r"]
    assert st == 200
    assert body == b"".join(b"part %d\n" % i for i in range(30))
    # the old process shut its application down, after the stream ended
    poll(lambda: any(int(m[0]) == old
                     for m in _marks(srv, "starlette-shutdown")), timeout=15)
    down = [float(m[1]) for m in _marks(srv, "starlette-shutdown")
            if int(m[0]) == old]
    assert len(down) == 1
    # 30 parts 50 ms apart: the shutdown came after the last of them
    assert down[0] > began + 1.4, (down, began)


def test_request_timeout_cancels_the_request_not_the_process(httpd):
    """request-timeout= in an ASGI group: the client gets 504 as for
    WSGI, the event loop cancels that request's task (GW02241), and the
    process, serving others on the same loop, is neither recycled nor
    killed by the supervisor."""
    srv = asgi_server(httpd, RAW.replace(
        "protocol=asgi", "protocol=asgi request-timeout=1 "
        "shutdown-timeout=1"))
    st, _, _ = srv.get("/raw/who")
    pid = json.loads(srv.get("/raw/who")[2])["pid"]
    t0 = time.monotonic()
    st, _, _ = srv.get("/raw/sleep?30")
    assert st == 504 and time.monotonic() - t0 < 10
    srv.expect_log(r"GW01030: .*request-timeout \(1 s\); answering 504 "
                   r"\(the event loop cancels the request\)")
    srv.expect_log(r"GW02241: request /raw/sleep\?30 ran past "
                   r"request-timeout \(1 s\)")
    # the supervisor kills a stuck process shutdown-timeout + 2 s on
    time.sleep(4)
    st, _, body = srv.get("/raw/who")
    assert st == 200 and json.loads(body)["pid"] == pid
    st, _, body = srv.get("/raw/sleep?0.2")
    assert st == 200


ASGI_OWNED = '''
async def application(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"%(name)s"})
'''


def test_script_user_holds_for_asgi_groups(httpd, test_users):
    """script-user= is judged by the worker before the event loop gets
    the request: another owner's ASGI script is 403 and never loaded."""
    b, c = test_users["b"], test_users["c"]
    srv = httpd("WSGIDaemonProcess so user=%s processes=1 threads=2 "
                "protocol=asgi script-user=%s\n"
                "WSGIScriptAlias /good @APPS@/owned/good.py process-group=so\n"
                "WSGIScriptAlias /bad @APPS@/owned/bad.py process-group=so\n"
                % (USER_A, USER_B), start=False)
    d = os.path.join(srv.apps, "owned")
    os.mkdir(d)
    os.chmod(d, 0o755)
    os.chown(d, b.pw_uid, b.pw_gid)
    for name, who in (("good", b), ("bad", c)):
        path = os.path.join(d, name + ".py")
        with open(path, "w") as f:
            f.write(ASGI_OWNED % {"name": name})
        os.chmod(path, 0o644)
        os.chown(path, who.pw_uid, who.pw_gid)
    srv.start()
    assert srv.get("/good")[::2] == (200, b"good")
    st, _, body = srv.get("/bad")
    assert st == 403 and b"bad" not in body, (st, body)
    srv.expect_log(r"GW03080: WSGI script %s is owned by user %s"
                   % (re.escape(os.path.join(d, "bad.py")), USER_C))
    srv.allow_log(r"GW03080|GW01039")
