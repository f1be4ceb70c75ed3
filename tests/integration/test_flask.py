"""A real Flask application (Debian's python3-flask 2.2) in daemon mode:
a streamed response, a send_file download through wsgi.file_wrapper and a
JSON upload.

The application is tests/integration/fixtures/flask_app (app.py, and
app.wsgi with a middleware that watches wsgi.file_wrapper); the test copies
it into the server's temp root, with data/ (the download) and var/ (owned
by the daemon user: gate files and the wrapper probe's log)."""

import hashlib
import json
import os
import pwd
import time

import pytest

from conftest import (HERE, REFERENCE, USER_A, poll, require_debian_python,
                      shared_server)

FIXTURE = os.path.join(HERE, "fixtures", "flask_app")
MiB = 1 << 20
BLOB_SIZE = 4 * MiB + 7

FLASK_CONFIG = """
WSGIDaemonProcess flask user=%s processes=1 threads=4 \
python-path=@ROOT@/flask_app
WSGIScriptAlias /app @ROOT@/flask_app/app.wsgi process-group=flask \
application-group=%%{GLOBAL}
# the default of mod_gateway; mod_wsgi (GWTEST_REFERENCE) needs it said
WSGIChunkedRequest On
<Directory @ROOT@/flask_app>
    <Files app.wsgi>
        Require all granted
    </Files>
</Directory>
""" % USER_A


def require_flask():
    """Fails (never skips) when Debian's Flask is missing."""
    require_debian_python("import flask, werkzeug; "
                          "print(flask.__version__, werkzeug.__version__)",
                          "python3-flask")


def prepare_app(srv):
    app = srv.copy_fixture(FIXTURE, "flask_app", skip=("data", "var"))
    data = os.path.join(app, "data")
    os.mkdir(data, 0o755)
    blob = os.urandom(BLOB_SIZE)
    with open(os.path.join(data, "blob.bin"), "wb") as f:
        f.write(blob)
    os.chmod(os.path.join(data, "blob.bin"), 0o644)
    var = os.path.join(app, "var")
    os.mkdir(var, 0o755)
    a = pwd.getpwnam(USER_A)
    os.chown(var, a.pw_uid, a.pw_gid)
    srv.app_dir = app
    srv.var = var
    srv.blob_sha256 = hashlib.sha256(blob).hexdigest()


fl_module, fl = shared_server(FLASK_CONFIG, "flask", "fl",
                              require=require_flask, before_start=prepare_app,
                              start_timeout=60)   # generous when loaded


def probe_entries(srv, path):
    log = os.path.join(srv.var, "filewrapper.log")
    if not os.path.exists(log):
        return []
    with open(log) as f:
        return [e for e in (json.loads(l) for l in f if l.strip())
                if e["path"] == path]


# --------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------

def test_runs_in_daemon_as_user(fl):
    st, hd, body = fl.request("GET", "/app/whoami")
    assert st == 200, body[:3000]
    assert hd["Content-Type"] == "application/json"
    me = json.loads(body)
    a = pwd.getpwnam(USER_A)
    assert me["uid"] == a.pw_uid
    assert me["script_root"] == "/app"
    assert me["path"] == "/whoami"
    pids = fl.daemon_pids(USER_A)
    assert me["pid"] in pids, (me, pids)


def test_streaming_with_context(fl):
    """Every chunk but the last arrives while the generator is still
    running: the last one is only produced once the client has seen the
    others and opened the gate (no timing assumptions)."""
    n = 5
    gate = "s%d" % os.getpid()
    gate_path = os.path.join(fl.var, "gate-" + gate)
    conn = fl.connection(timeout=30)
    try:
        t0 = time.monotonic()
        conn.request("GET", "/app/stream?n=%d&gate=%s" % (n, gate))
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.getheader("Content-Type").startswith("text/plain")
        assert resp.getheader("Content-Length") is None
        early = b""
        want = b"chunk-%d of /stream\n" % (n - 2)
        while want not in early:
            data = resp.read1(65536)
            if not data:
                break
            early += data
        t_early = time.monotonic() - t0
        # produced only after the gate exists
        assert b"last" not in early, \
            "the whole body arrived at once: %r" % early
        assert early == b"".join(b"chunk-%d of /stream\n" % i
                                 for i in range(n - 1)), early
        with open(gate_path, "w"):
            pass
        rest = resp.read()
    finally:
        conn.close()
        if os.path.exists(gate_path):
            os.unlink(gate_path)
    assert rest == b"last gate=seen\n", \
        "last chunk %r (early chunks took %.2fs)" % (rest, t_early)


def test_send_file_uses_file_wrapper(fl):
    st, hd, body = fl.request("GET", "/app/download/blob.bin")
    assert st == 200, body[:3000]
    assert len(body) == BLOB_SIZE
    assert hashlib.sha256(body).hexdigest() == fl.blob_sha256
    assert hd["Content-Length"] == str(BLOB_SIZE)
    assert hd["Content-Type"] == "application/octet-stream"
    assert hd["Content-Disposition"] == "attachment; filename=blob.bin"
    assert hd["X-File-Wrapper-Calls"] == "1"
    entries = poll(lambda: probe_entries(fl, "/download/blob.bin"))
    assert len(entries) == 1, entries
    e = entries[0]
    assert e["calls"] == 1
    # Flask returned the server's wrapper object itself ...
    assert e["returned_wrapper"] is True, e
    if not REFERENCE:
        assert e["type"] == "gateway.FileWrapper", e
        # ... and the server sent the file without reading it in Python
        assert e["reads"] == 0, e


def test_send_file_range(fl):
    # werkzeug answers a Range itself, around the server's wrapper: the
    # general (Python) path of the same wrapper
    st, hd, body = fl.request("GET", "/app/download/blob.bin",
                              headers={"Range": "bytes=1000000-1999999"})
    assert st == 206, body[:3000]
    assert len(body) == 1000000
    with open(os.path.join(fl.app_dir, "data", "blob.bin"), "rb") as f:
        f.seek(1000000)
        assert body == f.read(1000000)
    assert hd["Content-Range"] == "bytes 1000000-1999999/%d" % BLOB_SIZE
    assert hd["X-File-Wrapper-Calls"] == "1"


def test_send_file_missing_404(fl):
    st, _, _ = fl.request("GET", "/app/download/nothere.bin")
    assert st == 404


def test_json_upload(fl):
    numbers = list(range(-500, 5000)) + [0.25]
    word = "h\u00e9llo w\u00f6rld \u2713"
    payload = json.dumps({"numbers": numbers, "word": word}).encode()
    st, hd, body = fl.request("POST", "/app/json", body=payload,
                              headers={"Content-Type": "application/json"})
    assert st == 200, body[:3000]
    assert hd["Content-Type"] == "application/json"
    got = json.loads(body)
    assert got == {
        "count": len(numbers),
        "sum": sum(numbers),
        "max": max(numbers),
        "word_reversed": word[::-1],
        "word_sha256": hashlib.sha256(word.encode()).hexdigest(),
        "content_length": len(payload),
    }


def test_json_upload_chunked(fl):
    # no Content-Length: werkzeug reads wsgi.input to its end
    # (wsgi.input_terminated)
    payload = json.dumps({"numbers": [1, 2, 3.5], "word": "abc"}).encode()
    st, _, body = fl.request("POST", "/app/json", body=iter([payload[:7],
                                                            payload[7:]]),
                             headers={"Content-Type": "application/json"},
                             chunked=True)
    assert st == 200, body[:3000]
    got = json.loads(body)
    assert got["sum"] == 6.5 and got["word_reversed"] == "cba"


@pytest.mark.parametrize("payload", [
    b'{"numbers": [1, 2,',            # truncated
    b"{'numbers': [1]}",              # not JSON
    b'{"numbers": "1, 2"}',           # JSON, wrong shape
])
def test_json_upload_bad_400(fl, payload):
    st, _, body = fl.request("POST", "/app/json", body=payload,
                             headers={"Content-Type": "application/json"})
    assert st == 400, (st, body[:3000])
