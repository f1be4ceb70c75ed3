"""mod_gateway beside the Apache modules real servers load with it: mod_ssl,
mod_http2, mod_rewrite, mod_auth_basic and mod_deflate.

One shared server loads all of them (as a production server would), each
scoped to its own URLs or virtual host; every test checks one module's
contract as the application sees it.  Apps: environ.wsgi (the environ as
JSON), reflect.wsgi (a deterministic text/plain body), echo.wsgi (length
and SHA-256 of the request body)."""

import base64
import gzip
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import (APACHE_MODULES, MPM, free_port, make_tls_cert,
                      module_server, per_test_view, require_apache_modules,
                      tls_config, tls_context, _run)

MiB = 1 << 20
USER, PASSWORD = "alice", "s3cret-Pa55"

EXTRA_MODULES = ("http2", "rewrite", "authn_core", "authn_file",
                 "auth_basic", "authz_user", "filter", "deflate")


def reflected(method, script, path, query, body=b"", lines=0):
    """What apps/reflect.wsgi answers (kept in step with it)."""
    out = ("%s script=%s path=%s query=%s\n"
           % (method, script, path, query)).encode("latin-1") + body
    return out + b"".join(b"line %06d of the streamed body\n" % i
                          for i in range(lines))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------
# the shared server
# --------------------------------------------------------------------------

CONFIG = """
%(modules)s
WSGIDaemonProcess mods processes=1 threads=4
WSGIScriptAlias /app @APPS@/environ.wsgi process-group=mods application-group=%%{GLOBAL}
WSGIScriptAlias /reflect @APPS@/reflect.wsgi process-group=mods application-group=%%{GLOBAL}
WSGIScriptAlias /echo @APPS@/echo.wsgi process-group=mods application-group=%%{GLOBAL}
WSGIScriptAlias /auth-on @APPS@/environ.wsgi process-group=mods application-group=%%{GLOBAL}
WSGIScriptAlias /auth-off @APPS@/environ.wsgi process-group=mods application-group=%%{GLOBAL}
WSGIScriptAlias /gz @APPS@/reflect.wsgi process-group=mods application-group=%%{GLOBAL}

# mod_rewrite: an old URL space passed through to the mount
RewriteEngine On
RewriteRule ^/old/(.*)$ /app/$1 [PT]

# mod_auth_basic: the same app with and without WSGIPassAuthorization
<Location /auth-on>
    AuthType Basic
    AuthName "gwtest"
    AuthBasicProvider file
    AuthUserFile @ROOT@/htpasswd
    Require valid-user
    WSGIPassAuthorization On
</Location>
<Location /auth-off>
    AuthType Basic
    AuthName "gwtest"
    AuthBasicProvider file
    AuthUserFile @ROOT@/htpasswd
    Require valid-user
</Location>

# mod_deflate
<Location /gz>
    AddOutputFilterByType DEFLATE text/plain
</Location>

# mod_ssl and mod_http2: the main server's mounts over TLS, h2 offered
%(tls)s
"""


def prepare(srv, tls_port):
    srv.tls_port = tls_port
    make_tls_cert(srv)
    pwfile = os.path.join(srv.root, "htpasswd")
    _run(["htpasswd", "-c", "-b", "-B", pwfile, USER, PASSWORD])
    os.chmod(pwfile, 0o644)       # read by the Apache children (www-data)


@pytest.fixture(scope="module")
def mods_module(test_users):
    require_apache_modules(*EXTRA_MODULES)
    for tool in ("openssl", "htpasswd"):
        if not shutil.which(tool):
            pytest.skip("%s command not installed" % tool)
    tls_port = free_port()
    modules = "\n".join("LoadModule %s_module %s/mod_%s.so"
                        % (m, APACHE_MODULES, m) for m in EXTRA_MODULES)
    config = CONFIG % {"modules": modules,
                       "tls": tls_config(tls_port,
                                         "    Protocols h2 http/1.1")}
    yield from module_server(config, "mods",
                             before_start=lambda s: prepare(s, tls_port))


@pytest.fixture
def mods(request, mods_module):
    yield from per_test_view(request, mods_module)


def get_json(srv, path, headers=None):
    st, hd, body = srv.request("GET", path, headers=headers)
    assert st == 200, (st, body[:2000])
    assert hd["Content-Type"] == "application/json"
    return json.loads(body)


def https_get(srv, path, headers=None):
    conn = http.client.HTTPSConnection("127.0.0.1", srv.tls_port,
                                       timeout=30, context=tls_context())
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------
# mod_ssl
# --------------------------------------------------------------------------

def test_mod_ssl_app_sees_https(mods):
    st, hd, body = https_get(mods, "/app/tls?x=1")
    assert st == 200, body[:2000]
    env = json.loads(body)
    assert env["wsgi.url_scheme"] == "https"
    assert env["HTTPS"] == "on"
    assert env["SERVER_PORT"] == str(mods.tls_port)
    assert (env["SCRIPT_NAME"], env["PATH_INFO"], env["QUERY_STRING"]) == \
        ("/app", "/tls", "x=1")
    # the same mount over plain HTTP says so
    plain = get_json(mods, "/app/tls?x=1")
    assert plain["wsgi.url_scheme"] == "http"
    assert "HTTPS" not in plain


# --------------------------------------------------------------------------
# mod_http2
# --------------------------------------------------------------------------

def curl(srv, path, *args, http2=True, stdin=None):
    """curl over TLS: (status line, headers dict, body) of the final
    response (a 100 Continue is skipped)."""
    cmd = ["curl", "--http2" if http2 else "--http1.1", "-k", "-s", "-S",
           "--max-time", "60", "-D", "-"] + list(args) + [
        "https://127.0.0.1:%d%s" % (srv.tls_port, path)]
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=90)
    assert r.returncode == 0, (cmd, r.returncode, r.stderr)
    out = r.stdout
    while True:
        head, sep, out = out.partition(b"\r\n\r\n")
        assert sep, ("no end of headers", r.stdout[:2000])
        lines = head.decode("latin-1").split("\r\n")
        if not re.match(r"HTTP/\S+ 1\d\d\b", lines[0]):
            break
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return lines[0].strip(), headers, out


def require_h2():
    if MPM == "prefork":
        pytest.skip("mod_http2 does not run under the prefork MPM")
    if not shutil.which("curl"):
        pytest.skip("curl not installed")
    features = subprocess.run(["curl", "-V"], stdout=subprocess.PIPE,
                              universal_newlines=True).stdout
    if not re.search(r"^Features:.*\bHTTP2\b", features, re.M):
        pytest.skip("curl without HTTP2")


def test_mod_http2_same_answers_as_http11(mods):
    require_h2()
    get_path, get_q = "/reflect/a%20b/c", "x=1&y=two&lines=20000"
    cases = [
        ([], get_path + "?" + get_q,
         reflected("GET", "/reflect", "/a b/c", get_q, lines=20000)),
        (["--data-binary", "posted body\nsecond line\n", "-H",
          "Content-Type: text/plain"], "/reflect/p?q=1",
         reflected("POST", "/reflect", "/p", "q=1",
                   b"posted body\nsecond line\n")),
    ]
    for args, path, expected in cases:
        s2, h2, b2 = curl(mods, path, *args)
        s1, h1, b1 = curl(mods, path, *args, http2=False)
        assert re.match(r"HTTP/2 200$", s2), (s2, b2[:500])
        assert re.match(r"HTTP/1\.1 200\b", s1), (s1, b1[:500])
        assert b2 == b1 == expected, (path, len(b2), len(b1), len(expected))
        assert h2["content-type"] == h1["content-type"] == \
            "text/plain; charset=utf-8"
    # the application is told which protocol it was asked in
    s2, _, b2 = curl(mods, "/app/h2")
    assert re.match(r"HTTP/2 200$", s2), (s2, b2[:500])
    env = json.loads(b2)
    assert env["SERVER_PROTOCOL"] == "HTTP/2.0"
    assert env["HTTP2"] == "on"            # mod_http2's own variable
    assert env["wsgi.url_scheme"] == "https"


def test_mod_http2_post_body_intact(mods, tmp_path):
    require_h2()
    data = os.urandom(MiB + 12345)
    path = tmp_path / "body.bin"
    path.write_bytes(data)
    expected = {"len": len(data), "sha256": sha256(data)}
    # with a Content-Length
    st, hd, body = curl(mods, "/echo", "--data-binary", "@%s" % path, "-H",
                        "Content-Type: application/octet-stream")
    assert re.match(r"HTTP/2 200$", st), (st, body[:500])
    assert json.loads(body) == expected
    # and without one (read from a pipe: the h2 stream just ends)
    st, hd, body = curl(mods, "/echo", "-X", "POST", "-T", "-", "-H",
                        "Content-Type: application/octet-stream",
                        stdin=data)
    assert re.match(r"HTTP/2 200$", st), (st, body[:500])
    assert json.loads(body) == expected


# --------------------------------------------------------------------------
# mod_rewrite
# --------------------------------------------------------------------------

def test_mod_rewrite_passthrough_into_mount(mods):
    env = get_json(mods, "/old/x/y?q=1")
    assert env["SCRIPT_NAME"] == "/app"
    assert env["PATH_INFO"] == "/x/y"
    assert env["QUERY_STRING"] == "q=1"
    assert env["REQUEST_URI"] == "/old/x/y?q=1"     # what the client asked
    env = get_json(mods, "/old/")
    assert (env["SCRIPT_NAME"], env["PATH_INFO"]) == ("/app", "/")


# --------------------------------------------------------------------------
# mod_auth_basic
# --------------------------------------------------------------------------

def basic(user, password):
    return "Basic " + base64.b64encode(
        ("%s:%s" % (user, password)).encode()).decode()


def test_mod_auth_basic(mods):
    creds = basic(USER, PASSWORD)
    for loc in ("/auth-on", "/auth-off"):
        st, hd, body = mods.request("GET", loc + "/x")
        assert st == 401, (loc, st, body[:500])
        assert hd["WWW-Authenticate"] == 'Basic realm="gwtest"'
        assert b"REMOTE_USER" not in body      # the app was not reached
        st, _, body = mods.request(
            "GET", loc + "/x", headers={"Authorization":
                                        basic(USER, "wrong")})
        assert st == 401, (loc, st, body[:500])
    mods.expect_log(r"AH01617: user %s: authentication failure" % USER)

    on = get_json(mods, "/auth-on/x", headers={"Authorization": creds})
    assert on["REMOTE_USER"] == USER
    assert on["AUTH_TYPE"] == "Basic"
    assert on["HTTP_AUTHORIZATION"] == creds

    off = get_json(mods, "/auth-off/x", headers={"Authorization": creds})
    assert off["REMOTE_USER"] == USER
    assert off["AUTH_TYPE"] == "Basic"
    assert "HTTP_AUTHORIZATION" not in off["__keys__"]
    secret = creds.split()[1]
    assert [k for k, v in off.items()
            if isinstance(v, str) and secret in v] == []


# --------------------------------------------------------------------------
# mod_deflate
# --------------------------------------------------------------------------

def test_mod_deflate_gzips_streamed_body(mods):
    lines = 60000                           # ~2 MiB, yielded in 60 pieces
    expected = reflected("GET", "/gz", "/big", "lines=%d" % lines,
                         lines=lines)
    st, hd, body = mods.request("GET", "/gz/big?lines=%d" % lines,
                                headers={"Accept-Encoding": "gzip"})
    assert st == 200
    assert hd["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hd.get("Vary", "")
    assert len(body) < len(expected) // 4, "not compressed?"
    assert gzip.decompress(body) == expected
    # a client that does not ask for gzip gets the body as the app wrote it
    st, hd, body = mods.request("GET", "/gz/big?lines=%d" % lines)
    assert st == 200
    assert "Content-Encoding" not in hd
    assert body == expected
