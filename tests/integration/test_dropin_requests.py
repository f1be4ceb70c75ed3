"""Requests where mod_gateway must answer as mod_wsgi 4.9 does (found side
by side with it, issue 13): request bodies in codings other than plain
chunked, an application that fails once its headers went out, and peers
that are not our Apache on a daemon's socket.

GWTEST_REFERENCE=mod_wsgi runs the HTTP cases against Debian's mod_wsgi."""

import os
import socket
import struct
import time

import pytest

from conftest import REFERENCE, module_server, per_test_view

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
    dropin.allow_log(r"hop-by-hop|Traceback|ValueError|File \"|"
                     r"start_response|GW01010|\^")
