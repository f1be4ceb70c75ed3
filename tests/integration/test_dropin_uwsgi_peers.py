"""Peers that are not our Apache children on a daemon's socket (issue 13,
found side by side with mod_wsgi): nginx `uwsgi_pass` or mod_proxy_uwsgi
pointed at a group socket, or anything else that connects as Apache's
User.  They must be refused as unauthenticated peers (the secret checked
before anything else of their packet), never logged as a mismatched
build, and the daemon must go on serving.

The peer connects as Apache's User, as nginx or mod_proxy_uwsgi would:
the daemon refuses other users before they send anything (GW03005)."""

import pwd
import re
import struct

import pytest

from conftest import (APACHE_MODULES, APACHE_USER, USER_A,
                      require_apache_modules, shared_server)
from test_security import (connect_as, frame_types, group_socket,
                           read_frames, encode_kv)


CONFIG = """
WSGIDaemonProcess peers user=%s processes=1 threads=2
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=peers application-group=%%{GLOBAL}
""" % USER_A

peers_module, peers = shared_server(CONFIG, "peers", "peers")


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


@pytest.mark.parametrize("what,data", [
    # a TLS ClientHello's first bytes (https:// pointed at the socket)
    ("tls", bytes.fromhex("160301020001000200fc0303") + bytes(range(64))),
    ("http", b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
    ("uwsgi-modifier1", struct.pack("<BHB", 5, 4, 0) + b"\x00\x00\x00\x00"),
    # a uwsgi header, then a key length of 255 with 10 bytes behind it
    ("uwsgi-garbage-vars", struct.pack("<BHB", 0, 12, 0) + b"\xff\x00"
     + b"x" * 10),
])
def test_bytes_that_are_no_request_packet_are_refused_as_unauthenticated(
        peers, what, data):
    """A byte string that is no request packet of ours: the daemon logs an
    unauthenticated peer with its pid and uid (GW03070; GW03071 when a
    uwsgi header is followed by vars that do not decode), never a bad
    packet from a mismatched build (GW05007, GW05008), and keeps
    serving."""
    srv = peers
    pid = serving_pid(srv)
    frames, end = send_as_peer(srv, data)
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


def test_mod_proxy_uwsgi_pointed_at_a_daemon_socket_is_refused(httpd):
    """A real mod_proxy_uwsgi (a second Apache, without mod_gateway, as
    Apache's User) proxying to the group socket: its requests are refused
    as unauthenticated (GW03026, no secret) in the daemon's log, with no
    line suggesting a mismatched build, and the daemon goes on serving
    its own Apache.  (mod_proxy_uwsgi sends no CONTENT_LENGTH on a GET,
    so this held before the secret moved first too; it keeps the real
    peer covered, where the raw packets above stand in for nginx.)"""
    require_apache_modules("proxy", "proxy_uwsgi")
    srv = httpd(CONFIG)
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
