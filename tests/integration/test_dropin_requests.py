"""Requests where mod_gateway must answer as mod_wsgi 4.9 does (found side
by side with it, issue 13): request bodies in codings other than plain
chunked, an application that fails once its headers went out, and peers
that are not our Apache on a daemon's socket.

GWTEST_REFERENCE=mod_wsgi runs the HTTP cases against Debian's mod_wsgi."""

import os
import pwd
import re
import socket
import struct
import time

import pytest

from conftest import (APACHE_MODULES, APACHE_USER, REFERENCE, USER_A,
                      module_server, per_test_view, require_apache_modules,
                      shared_server)
from test_security import (connect_as, encode_kv, frame_types, group_socket,
                           read_frames)

# An app that fails after start_response: ?when=before raises before
# yielding any body, ?when=after after the first piece; ?short=1 returns
# fewer bytes than its Content-Length.
FAILING_APP = r'''
def application(environ, start_response):
    q = environ.get('QUERY_STRING', '')
    if q.startswith('hop='):
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  (q[4:], 'close')])
        return [b'hop-by-hop-body']
    if 'short=1' in q:
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Content-Length', '1000')])
        return [b'only-this-much']
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('X-Marker', 'sent')])
    def body():
        if 'when=after' in q:
            yield b'first-piece'
        raise RuntimeError('late-failure-marker')
    return body()
'''

CONFIG = """
WSGIDaemonProcess dropin processes=1 threads=4
WSGIProcessGroup dropin
WSGIApplicationGroup %{GLOBAL}
WSGIChunkedRequest On
WSGIScriptAlias /echo @APPS@/echo.wsgi
WSGIScriptAlias /hello @APPS@/hello.wsgi
WSGIScriptAlias /failing @APPS@/failing.wsgi
<Directory @APPS@>
    Require all granted
</Directory>
"""


def install_failing(srv):
    path = srv.app("failing.wsgi")
    with open(path, "w") as f:
        f.write(FAILING_APP)
    os.chmod(path, 0o644)


@pytest.fixture(scope="module")
def dropin_module(test_users):
    yield from module_server(CONFIG, "dropin", before_start=install_failing)


@pytest.fixture
def dropin(request, dropin_module):
    yield from per_test_view(request, dropin_module)


def raw(srv, data, timeout=10):
    """Sends `data` on a fresh connection and returns all the server sends
    until it closes (or the timeout)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            try:
                got = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not got:
                break
            out += got
        return out
    finally:
        s.close()


def status_of(resp):
    return int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/") else None


# ---- 1. Transfer-Encoding other than plain chunked ----------------------

GZIPPED_CHUNKED = b"5\r\nhello\r\n0\r\n\r\n"


@pytest.mark.parametrize("te,expected", [
    # chunked last: Apache's core lets it through, and the handler, like
    # ap_setup_client_block, refuses a coding it cannot undo.
    ("gzip, chunked", 501),
    ("identity, chunked", 501),
    ("chunked, chunked", 501),
    # chunked not last (or absent): Apache's core answers 400 itself
    # (RFC 9112 6.3), before any handler runs.
    ("gzip", 400),
    ("chunked, gzip", 400),
    ("identity", 400),
])
def test_transfer_coding_other_than_chunked_is_refused(dropin, te, expected):
    resp = raw(dropin, b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Connection: close\r\nTransfer-Encoding: "
               + te.encode() + b"\r\n\r\n" + GZIPPED_CHUNKED)
    assert status_of(resp) == expected, resp[:300]
    # never the app's answer (its JSON with the body's length)
    assert b'"len"' not in resp
    if expected == 501 and not REFERENCE:
        dropin.expect_log(r"GW01090.*Transfer-Encoding")
    dropin.allow_log(r"Unknown Transfer-Encoding|unknown Transfer-Encoding|"
                     r"Unexpected value for Transfer-Encoding")


def test_plain_chunked_still_reaches_the_app(dropin):
    resp = raw(dropin, b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Connection: close\r\nTransfer-Encoding: Chunked\r\n\r\n"
               + GZIPPED_CHUNKED)
    assert status_of(resp) == 200, resp[:300]
    assert b'"len": 5' in resp


# ---- 2. the app fails after its headers went out -------------------------

def read_response(srv, path):
    """GET path on a fresh connection: (head, body, cut) where cut says
    the connection ended before the declared (or chunked) end."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=15)
    try:
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\n"
                  b"Host: 127.0.0.1\r\n\r\n")
        data = b""
        while True:
            try:
                got = s.recv(65536)
            except ConnectionResetError:
                break
            if not got:
                break
            data += got
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep and b"content-length: " in head.lower():
                n = int(head.lower().split(b"content-length: ")[1]
                        .split(b"\r\n")[0])
                if len(body) >= n:
                    return head, body, False
            if sep and body.endswith(b"0\r\n\r\n"):
                return head, body, False
        head, _sep, body = data.partition(b"\r\n\r\n")
        return head, body, True
    finally:
        s.close()


@pytest.mark.parametrize("query", ["when=before", "when=after", "short=1"])
def test_app_failure_after_headers_is_a_cut_response_never_a_502(dropin,
                                                                  query):
    for attempt in range(30):
        head, body, cut = read_response(dropin, "/failing?" + query)
        if query == "when=before":
            # No body yet: PEP 3333 has the headers still unsent, so the
            # failure is a 500, as under mod_wsgi, and never a 502.
            assert head.startswith(b"HTTP/1.1 500 "), (attempt, head, body)
            continue
        assert head.startswith(b"HTTP/1.1 200 "), (attempt, head, body)
        assert b"502" not in head and b"Bad Gateway" not in body, \
            (attempt, head, body)
        assert cut, (attempt, head, body)
        if query == "short=1":
            assert body == b"only-this-much", (attempt, body)
        else:
            assert b"x-marker: sent" in head.lower(), (attempt, head)
            if query == "when=after":
                assert b"first-piece" in body, (attempt, body)
                # No Content-Length: only chunked framing lets a client
                # tell the cut from the end (a body delimited by the
                # close would read as complete).
                assert b"transfer-encoding: chunked" in head.lower(), \
                    (attempt, head)
    if REFERENCE:
        dropin.allow_log(r".")
        return
    if query == "when=before":
        dropin.expect_log(r"GW01010.*late-failure-marker.*answering 500")
        dropin.expect_log(r"GW04060.*failing.wsgi")
        dropin.allow_log(r"late-failure-marker|Traceback|RuntimeError|"
                         r"File \"|raise |yield |for .* in ")
    elif query == "short=1":
        dropin.expect_log(r"GW01027.*fewer than its Content-Length 1000")
    else:
        dropin.expect_log(r"GW01010.*late-failure-marker.*cut")
        dropin.expect_log(r"GW04060.*failing.wsgi")
        dropin.allow_log(r"late-failure-marker|Traceback|RuntimeError|"
                         r"File \"|raise |yield |for .* in ")


# ---- 4. a hop-by-hop header from the application -------------------------

@pytest.mark.parametrize("name", ["Connection", "Transfer-Encoding",
                                  "Keep-Alive", "Upgrade"])
def test_hop_by_hop_header_from_the_app_is_a_500(dropin, name):
    # PEP 3333 forbids them; start_response() raises, so the app fails
    # before its headers exist: 500, never its body (as docs say).
    dropin.allow_log(r"hop-by-hop|Traceback|ValueError|File \"|"
                     r"start_response|GW01010|\^")
    resp = raw(dropin, b"GET /failing?hop=" + name.encode() + b" HTTP/1.1\r\n"
               b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
    if REFERENCE:
        # mod_wsgi 4.9.4 lets them through: the difference the migration
        # guide states.
        assert status_of(resp) == 200, resp[:300]
        return
    assert status_of(resp) == 500, resp[:300]
    assert b"hop-by-hop-body" not in resp
    dropin.expect_log(r"GW04060")


# ---- 3. peers that are not our Apache children on a daemon's socket ------
# nginx `uwsgi_pass` or mod_proxy_uwsgi pointed at a group socket, or any
# other program connecting as Apache's User (the daemon refuses other users
# before they send anything, GW03005): refused as unauthenticated peers,
# the secret checked before anything else of their packet, never logged
# as a mismatched build; the daemon goes on serving.  mod_gateway's
# daemons only: mod_wsgi has no such socket protocol.

no_reference = pytest.mark.skipif(REFERENCE != "", reason="mod_gateway's "
                                  "daemon socket")


PEERS_CONFIG = """
WSGIDaemonProcess peers user=%s processes=1 threads=2
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=peers application-group=%%{GLOBAL}
""" % USER_A

peers_module, peers = shared_server(PEERS_CONFIG, "peers", "peers")


def nginx_uwsgi_packet(uri):
    """What nginx's `uwsgi_pass` with the stock uwsgi_params sends for
    GET `uri`: modifier1 0, the vars' size as a little-endian u16,
    modifier2 0, the vars, with CONTENT_LENGTH and CONTENT_TYPE empty and
    no gateway.* value."""
    pairs = [
        ("QUERY_STRING", ""), ("REQUEST_METHOD", "GET"),
        ("CONTENT_TYPE", ""), ("CONTENT_LENGTH", ""),
        ("REQUEST_URI", uri), ("PATH_INFO", uri),
        ("DOCUMENT_ROOT", "/usr/share/nginx/html"),
        ("SERVER_PROTOCOL", "HTTP/1.1"), ("REQUEST_SCHEME", "http"),
        ("HTTPS", ""), ("REMOTE_ADDR", "127.0.0.1"),
        ("REMOTE_PORT", "40000"), ("SERVER_PORT", "80"),
        ("SERVER_NAME", "localhost"), ("HTTP_HOST", "localhost"),
        ("HTTP_USER_AGENT", "curl/7.88.1"), ("HTTP_ACCEPT", "*/*"),
    ]
    data = encode_kv(pairs)
    return struct.pack("<BHB", 0, len(data), 0) + data


def send_as_peer(srv, data):
    """Sends `data` on a fresh connection to the group socket, as Apache's
    User; returns (frames, how_it_ended)."""
    s = connect_as(APACHE_USER, group_socket(srv))
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_frames(s, timeout=10)
    finally:
        s.close()


def serving_pid(srv):
    st, _, body = srv.get("/pid")
    assert st == 200, body[:300]
    return body


@no_reference
def test_nginx_uwsgi_pass_packet_is_refused_as_unauthenticated(peers):
    """nginx sends CONTENT_LENGTH empty on a GET.  The daemon used to
    look at it first and log GW05005 ("a mismatched module build"); the
    secret is checked first now: GW03026, no secret, and nothing of the
    mismatched-build lines."""
    srv = peers
    pid = serving_pid(srv)
    frames, end = send_as_peer(srv, nginx_uwsgi_packet("/from-nginx"))
    assert "HEADERS" not in frame_types(frames), frames
    assert frame_types(frames) == ["START", "ABORT"], frames
    srv.expect_log(r"GW03026: refused request /from-nginx for \?: no secret;"
                   r" only Apache children")
    log = srv.error_log()
    assert "GW05005" not in log and "GW04019" not in log, log[-3000:]
    # The same process still serves Apache's requests.
    assert serving_pid(srv) == pid


# Byte strings that are no request packet of ours, by what sends them.
NOT_PACKETS = {
    # a TLS ClientHello's first bytes (https:// pointed at the socket)
    "tls": bytes.fromhex("160301020001000200fc0303") + bytes(range(64)),
    "http": b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "uwsgi-modifier1": struct.pack("<BHB", 5, 4, 0) + b"\x00\x00\x00\x00",
    # a uwsgi header, then a key length of 255 with 10 bytes behind it
    "uwsgi-garbage-vars": (struct.pack("<BHB", 0, 12, 0) + b"\xff\x00"
                           + b"x" * 10),
}


@no_reference
@pytest.mark.parametrize("what", sorted(NOT_PACKETS))
def test_bytes_that_are_no_request_packet_are_refused_as_unauthenticated(
        peers, what):
    """A byte string that is no request packet of ours: the daemon logs an
    unauthenticated peer with its pid and uid (GW03070; GW03071 when a
    uwsgi header is followed by vars that do not decode), never a bad
    packet from a mismatched build (GW05007, GW05008), and keeps
    serving."""
    srv = peers
    pid = serving_pid(srv)
    frames, end = send_as_peer(srv, NOT_PACKETS[what])
    assert frames == [], frames
    assert end in ("eof", "reset"), end
    uid = pwd.getpwnam(APACHE_USER).pw_uid
    if what == "uwsgi-garbage-vars":
        expected = (r"GW03071: refused an unauthenticated peer \(pid \d+ uid "
                    r"%d\): the 12-byte vars block after its uwsgi header "
                    r"does not decode" % uid)
    else:
        expected = (r"GW03070: refused an unauthenticated peer \(pid \d+ uid "
                    r"%d\): it sent bytes that are not a request packet"
                    % uid)
    lines = srv.expect_log(expected)
    assert not any(re.search("mismatched|same build", l) for l in lines)
    log = srv.error_log()
    assert "GW05007" not in log and "GW05008" not in log, log[-3000:]
    assert serving_pid(srv) == pid


PROXY_CONFIG = """
LoadModule proxy_module %(mods)s/mod_proxy.so
LoadModule proxy_uwsgi_module %(mods)s/mod_proxy_uwsgi.so
ProxyPass /via-uwsgi "unix:%(sock)s|uwsgi://peers/"
"""


@no_reference
def test_mod_proxy_uwsgi_pointed_at_a_daemon_socket_is_refused(httpd):
    """A real mod_proxy_uwsgi (a second Apache, without mod_gateway, as
    Apache's User) proxying to the group socket: its requests are refused
    as unauthenticated (GW03026, no secret) in the daemon's log, with no
    line suggesting a mismatched build, and the daemon goes on serving
    its own Apache.  (mod_proxy_uwsgi sends no CONTENT_LENGTH on a GET,
    so this held before the secret moved first too; it keeps the real
    peer covered, where the raw packets above stand in for nginx.)"""
    require_apache_modules("proxy", "proxy_uwsgi")
    srv = httpd(PEERS_CONFIG)
    pid = serving_pid(srv)
    proxy = httpd(PROXY_CONFIG % {"mods": APACHE_MODULES,
                                  "sock": group_socket(srv)},
                  gateway=False)
    proxy.allow_log(r"proxy_uwsgi|proxy:error|AH0")
    st, _, body = proxy.get("/via-uwsgi/anything")
    assert st >= 500, (st, body[:300])
    srv.expect_log(r"GW03026: refused request /via-uwsgi/anything for \?: "
                   r"no secret; only Apache children")
    log = srv.error_log()
    assert "GW05005" not in log and "GW04019" not in log, log[-3000:]
    assert serving_pid(srv) == pid
