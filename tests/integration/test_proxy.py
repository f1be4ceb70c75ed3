"""Front-end proxy headers: client data unless trusted (mod_wsgi's
WSGITrustedProxyHeaders / WSGITrustedProxies, CVE-2022-2255)."""

import json

import pytest

from conftest import module_server, per_test_view

CONFIG = """
WSGIDaemonProcess px processes=1 threads=2
WSGIProcessGroup px
WSGIScriptAlias /plain @APPS@/environ.wsgi
WSGIScriptAlias /anyproxy @APPS@/environ.wsgi
WSGIScriptAlias /listed @APPS@/environ.wsgi
WSGIScriptAlias /otherproxy @APPS@/environ.wsgi
<Location /anyproxy>
    WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host
</Location>
<Location /listed>
    WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto
    WSGITrustedProxies 127.0.0.1 10.0.0.0/8
</Location>
<Location /otherproxy>
    WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto
    WSGITrustedProxies 192.0.2.1
</Location>
<Directory @APPS@>
    Require all granted
</Directory>
"""

SPOOF = {
    "X-Forwarded-For": "203.0.113.9, 10.1.1.1",
    "X-Real-IP": "198.51.100.7",
    "X-Client-IP": "198.51.100.8",
    "X-Forwarded-Proto": "https",
    "X-Scheme": "https",
    "X-Forwarded-Host": "evil.example",
}


@pytest.fixture(scope="module")
def px_module(test_users):
    yield from module_server(CONFIG, "px")


@pytest.fixture
def px(request, px_module):
    yield from per_test_view(request, px_module)


def environ(srv, path):
    st, _, body = srv.request("GET", path, headers=SPOOF)
    assert st == 200, body
    return json.loads(body)


def test_untrusted_headers_are_client_data_only(px):
    env = environ(px, "/plain")
    assert env["REMOTE_ADDR"] == "127.0.0.1"
    assert env["wsgi.url_scheme"] == "http"
    assert env["HTTP_X_FORWARDED_FOR"] == "203.0.113.9, 10.1.1.1"
    assert env["HTTP_X_REAL_IP"] == "198.51.100.7"


def test_trusted_headers_apply_and_aliases_are_stripped(px):
    env = environ(px, "/anyproxy")
    # no proxy list: the leftmost address is the client
    assert env["REMOTE_ADDR"] == "203.0.113.9"
    assert env["wsgi.url_scheme"] == "https"
    assert env["HTTP_HOST"] == "evil.example"
    # aliases of trusted headers must not reach the app
    for alias in ("HTTP_X_REAL_IP", "HTTP_X_CLIENT_IP", "HTTP_X_SCHEME"):
        assert alias not in env, alias


def test_listed_proxy_gives_the_first_untrusted_hop(px):
    env = environ(px, "/listed")
    # 10.1.1.1 is a listed proxy, so the client is the hop before it
    assert env["REMOTE_ADDR"] == "203.0.113.9"
    assert env["wsgi.url_scheme"] == "https"
    assert "HTTP_X_REAL_IP" not in env


def test_client_that_is_not_a_listed_proxy_gets_headers_stripped(px):
    env = environ(px, "/otherproxy")
    assert env["REMOTE_ADDR"] == "127.0.0.1"
    assert env["wsgi.url_scheme"] == "http"
    for h in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_X_CLIENT_IP",
              "HTTP_X_FORWARDED_PROTO", "HTTP_X_SCHEME"):
        assert h not in env, h


def test_unknown_proxy_header_is_a_config_error(httpd):
    srv = httpd("WSGITrustedProxyHeaders X-My-Header\n", start=False)
    rc, out = srv.configtest()
    assert rc != 0
    assert "GW00041" in out and "X-My-Header" in out
