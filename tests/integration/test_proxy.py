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
WSGIScriptAlias /every-class-untrusted @APPS@/environ.wsgi
WSGIScriptAlias /every-class-trusted @APPS@/environ.wsgi
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
<Location /every-class-untrusted>
    WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host X-Forwarded-Port
    WSGITrustedProxies 192.0.2.1
</Location>
<Location /every-class-trusted>
    WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host X-Forwarded-Port
    WSGITrustedProxies 127.0.0.1
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


# Every proxy header module/gw_proxy.c knows, by class; trusting one
# header of a class strips the others (CVE-2022-2255), and from a client
# that is not a listed proxy the trusted one goes too.
ALIASES = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Client-IP": "198.51.100.8",
    "X-Real-IP": "198.51.100.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Scheme": "https",
    "X-Scheme": "https",
    "X-Forwarded-HTTPS": "on",
    "X-Forwarded-SSL": "on",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Server": "server.evil.example",
    "X-Forwarded-Port": "65001",
}


def env_name(header):
    return "HTTP_" + header.upper().replace("-", "_")


def environ(srv, path, headers=SPOOF):
    st, _, body = srv.request("GET", path, headers=headers)
    assert st == 200, body
    return json.loads(body)


def assert_connection_facts(srv, env):
    """What the application is told comes from the connection."""
    assert env["REMOTE_ADDR"] == "127.0.0.1"
    assert env["wsgi.url_scheme"] == "http"
    assert "HTTPS" not in env["__keys__"]
    assert env["HTTP_HOST"] == "127.0.0.1:%d" % srv.port
    assert env["SERVER_NAME"] == "127.0.0.1"
    assert env["SERVER_PORT"] == str(srv.port)


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


def test_no_proxy_header_of_an_untrusted_client_takes_effect_or_arrives(px):
    """Every header of every class, from a client that is not the listed
    proxy, with a header of each class trusted: none reaches the
    application and none changes the address, scheme, host or port."""
    env = environ(px, "/every-class-untrusted", headers=ALIASES)
    assert_connection_facts(px, env)
    arrived = [h for h in ALIASES if env_name(h) in env["__keys__"]]
    assert arrived == [], arrived
    leaked = [k for k, v in env.items() if isinstance(v, str) and any(
        x in v for x in ("203.0.113.9", "198.51.100.", "evil.example"))]
    assert leaked == [], leaked


def test_aliases_of_trusted_headers_from_a_trusted_proxy_do_nothing(px):
    """From the listed proxy, with X-Forwarded-For/-Proto/-Host/-Port
    trusted but absent, their aliases (X-Client-IP, X-Real-IP,
    X-Forwarded-Scheme, X-Scheme, X-Forwarded-HTTPS, X-Forwarded-SSL,
    X-Forwarded-Server) neither take effect nor reach the application."""
    trusted = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
               "X-Forwarded-Port")
    aliases = {h: v for h, v in ALIASES.items() if h not in trusted}
    env = environ(px, "/every-class-trusted", headers=aliases)
    assert_connection_facts(px, env)
    arrived = [h for h in aliases if env_name(h) in env["__keys__"]]
    assert arrived == [], arrived


def test_trusted_headers_win_over_their_aliases(px):
    """From the listed proxy with every header sent, the trusted one of
    each class applies and the aliases, which say otherwise, neither win
    nor arrive."""
    headers = dict(ALIASES)
    headers.update({"X-Forwarded-Scheme": "http", "X-Scheme": "http",
                    "X-Forwarded-HTTPS": "off", "X-Forwarded-SSL": "off"})
    env = environ(px, "/every-class-trusted", headers=headers)
    assert env["REMOTE_ADDR"] == "203.0.113.9"
    assert env["wsgi.url_scheme"] == "https"
    assert env["HTTP_HOST"] == "evil.example"
    assert env["SERVER_PORT"] == "65001"
    for h in ("X-Client-IP", "X-Real-IP", "X-Forwarded-Scheme", "X-Scheme",
              "X-Forwarded-HTTPS", "X-Forwarded-SSL", "X-Forwarded-Server"):
        assert env_name(h) not in env["__keys__"], h


def test_unknown_proxy_header_is_a_config_error(httpd):
    srv = httpd("WSGITrustedProxyHeaders X-My-Header\n", start=False)
    rc, out = srv.configtest()
    assert rc != 0
    assert "GW00041" in out and "X-My-Header" in out
