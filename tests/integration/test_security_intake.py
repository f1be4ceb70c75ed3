"""What a connection to a group's socket can do before it has proved it
comes from an Apache child of this configuration (docs/SECURITY.md,
property 10).  The attacker runs as Apache's User (a CGI script, say): it
can connect, so the socket's mode does not stop it; what must hold is that
it cannot take the group's threads by sending nothing or sending slowly,
that a packet without the secret changes nothing in the daemon, and that
children of the application do not get the group's listening socket.
"""

import concurrent.futures
import json
import os
import pwd
import re
import select
import signal
import socket
import struct
import time

import pytest

from conftest import APACHE_USER, USER_A, poll
from test_security import (connect_as, frame_types, group_socket, read_frames,
                           read_secret, request_vars, uwsgi_packet)

# The daemon's bounds (daemon/gw_intake.c), as docs/configuration.md
# states them.
PACKET_TIMEOUT = 3.0          # s for a parked connection's whole packet
PARK_MAX = 1024               # parked connections per process
FULL_PACKET = 4 + 65535       # the largest request packet
PARK_BYTES = 64 * FULL_PACKET  # their bytes per process


def www_uid():
    return pwd.getpwnam(APACHE_USER).pw_uid


# Two threads, which a few idle connections used to take all of;
# socket-timeout=4 makes a request no thread takes a 503 after 4 s.
CONFIG = """
WSGIDaemonProcess in user=%s processes=1 threads=2 socket-timeout=4
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=in application-group=%%{GLOBAL}
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=in application-group=%%{GLOBAL}
WSGIScriptAlias /inherit @APPS@/inherit.wsgi process-group=in application-group=%%{GLOBAL}
""" % USER_A


def connect_many(path, n):
    """n connections to the UNIX socket `path` made by one forked child
    running as Apache's User (what a CGI script could do), handed back to
    us; the daemon sees that child's pid and uid on each."""
    pw = pwd.getpwnam(APACHE_USER)
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 1
        try:
            ours.close()
            os.setgroups([])
            os.setgid(pw.pw_gid)
            os.setuid(pw.pw_uid)
            conns = []
            for _ in range(n):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                conns.append(s)
            theirs.sendall(struct.pack("<I", os.getpid()))
            for i in range(0, n, 200):
                batch = conns[i:i + 200]
                socket.send_fds(theirs, [b"K"], [s.fileno() for s in batch])
            code = 0
        finally:
            os._exit(code)
    theirs.close()
    try:
        # connect() waits while the socket's queue is full: a daemon that
        # takes no connections makes it wait for ever.
        ours.settimeout(20)
        (child,) = struct.unpack("<I", ours.recv(4))
        socks = []
        while len(socks) < n:
            _msg, fds, _flags, _addr = socket.recv_fds(ours, 1, 200)
            assert fds, "the connecting child sent %d of %d" % (len(socks), n)
            socks += [socket.socket(fileno=fd) for fd in fds]
    except socket.timeout:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("%d connections not made within 20 s: the daemon does "
                    "not take them" % n)
    finally:
        ours.close()
        os.waitpid(pid, 0)
    return child, socks


def closed_by_peer(s):
    """Whether the daemon has closed s (EOF or a reset is waiting)."""
    p = select.poll()
    p.register(s, select.POLLIN)
    if not p.poll(0):
        return False
    try:
        return s.recv(1, socket.MSG_PEEK) == b""
    except ConnectionResetError:
        return True


def wait_closed(socks, timeout):
    """Times (monotonic) at which each socket was seen closed by the
    daemon, polled until all are or `timeout` s pass (None: still open)."""
    when = [None] * len(socks)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and None in when:
        for i, s in enumerate(socks):
            if when[i] is None and closed_by_peer(s):
                when[i] = time.monotonic()
        time.sleep(0.02)
    return when


def timed_get(srv, path):
    t0 = time.monotonic()
    st, _, body = srv.request("GET", path, timeout=30)
    return st, body, time.monotonic() - t0


def hammer(srv, seconds, workers=6):
    """Real HTTP requests, `workers` at a time, for `seconds`:
    [(status, body, elapsed)] of every one."""
    end = time.monotonic() + seconds

    def client(_):
        out = []
        while time.monotonic() < end:
            out.append(timed_get(srv, "/pid"))
        return out

    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return [r for rs in ex.map(client, range(workers)) for r in rs]


def slow_packet(srv):
    """The first bytes of a plausible request packet (header and vars as
    an Apache child would send them), to be dribbled out."""
    return uwsgi_packet(request_vars(srv.app("pid.wsgi")))


# --------------------------------------------------------------------------
# idle and slow connections
# --------------------------------------------------------------------------

@pytest.mark.parametrize("idle", [4, 50])
def test_idle_and_slow_connections_hold_no_thread(httpd, idle):
    srv = httpd(CONFIG)
    st, body, _ = timed_get(srv, "/pid")
    assert st == 200
    pid = int(body)
    path = group_socket(srv)
    packet = slow_packet(srv)
    need = len(packet) - 4          # header and vars; the body follows

    # The attack: connections that send nothing, and two that send a
    # packet's header and then one byte a second.  Up to now each took a
    # worker thread until its packet was complete (never): with two
    # threads, requests waited for socket-timeout and got 503.
    t0 = time.monotonic()
    child, quiet = connect_many(path, idle)
    slow = [connect_as(APACHE_USER, path) for _ in range(2)]
    t1 = time.monotonic()

    give_up = t1 + PACKET_TIMEOUT + 3

    def dribble(s):
        sent = 4
        s.sendall(packet[:sent])
        while sent < need and time.monotonic() < give_up:
            time.sleep(1)
            try:
                s.send(packet[sent:sent + 1])
            except (BrokenPipeError, ConnectionResetError):
                return sent
            sent += 1
        return sent

    try:
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            dribbling = [ex.submit(dribble, s) for s in slow]
            # Meanwhile real requests are served at once, in parallel.
            results = hammer(srv, PACKET_TIMEOUT - 1)
            late = [(st, round(elapsed, 2)) for st, body, elapsed in results
                    if (st, body) != (200, str(pid).encode())
                    or elapsed >= 1]
            assert not late and len(results) > 10, late
            closed = wait_closed(quiet + slow, give_up - time.monotonic())
            sent = [f.result() for f in dribbling]
    finally:
        for s in quiet + slow:
            s.close()
    # Every attacking connection was closed at the bound, counted from
    # its connect(), not before.
    assert None not in closed, closed
    for t in closed:
        assert t0 + PACKET_TIMEOUT <= t <= t1 + PACKET_TIMEOUT + 2, \
            (t - t0, t1 - t0)
    assert all(4 < n < need for n in sent), (sent, need)

    # Each closure is logged with the peer's pid and uid and how much of
    # its packet came.
    quiet_re = (r"GW03060: closed a connection from pid %d uid %d \(0 of "
                r"at least 4 bytes of its request packet in \d+ ms\): an "
                r"Apache child sends its whole request packet at once, this "
                r"peer did not within 3000 ms" % (child, www_uid()))
    assert poll(lambda: len(srv.expect_log(quiet_re)) >= idle)
    assert len(srv.expect_log(quiet_re)) == idle
    slow_lines = srv.expect_log(r"GW03060: closed a connection from pid "
                                r"\d+ uid %d \((\d+) of %d bytes"
                                % (www_uid(), need))
    assert len(slow_lines) == 2, slow_lines
    for line in slow_lines:
        n = int(re.search(r"\((\d+) of", line).group(1))
        assert 4 < n < need, line


def test_beyond_the_bound_the_oldest_parked_connections_are_closed(httpd):
    srv = httpd(CONFIG)
    st, body, _ = timed_get(srv, "/pid")
    assert st == 200
    path = group_socket(srv)
    extra = 6
    child, socks = connect_many(path, PARK_MAX + extra)
    try:
        # The oldest go at once, long before the time bound (the two
        # workers may park neighbours in either order)...
        closed = wait_closed(socks[:extra + 2], PACKET_TIMEOUT - 1)
        assert sum(t is not None for t in closed) == extra, closed
        # ...and the others wait on.
        assert not any(closed_by_peer(s) for s in socks[extra + 2:])
        lines = srv.expect_log(
            r"GW03061: closed a connection from pid %d uid %d \(0 of at "
            r"least 4 bytes of its request packet in \d+ ms\): the oldest "
            r"of the connections waiting for their request packet, as this "
            r"process holds at most %d of them and %d bytes of their "
            r"packets" % (child, www_uid(), PARK_MAX, PARK_BYTES))
        assert len(lines) == extra, lines
        # (A real request may be parked for a moment too, and then push
        # out one more of the oldest.)
        assert timed_get(srv, "/pid")[:2] == (200, body)
    finally:
        for s in socks:
            s.close()


def test_beyond_the_bytes_bound_the_oldest_parked_packets_are_closed(httpd):
    srv = httpd(CONFIG)
    st, body, _ = timed_get(srv, "/pid")
    assert st == 200
    path = group_socket(srv)
    fit = PARK_BYTES // FULL_PACKET
    extra = 6
    # Full-size packets, each one byte short: every one holds its whole
    # size in the daemon until its time is up.
    almost = struct.pack("<BHB", 0, 0xFFFF, 0) + b"v" * (0xFFFF - 1)
    child, socks = connect_many(path, fit + extra)
    try:
        for s in socks:
            s.sendall(almost)
        # While two workers take packets in, each may hold a slot the
        # bound cannot close: one more of the oldest may go per worker.
        gone = sum(t is not None
                   for t in wait_closed(socks[:extra + 4], PACKET_TIMEOUT - 1))
        assert extra <= gone <= extra + 2, gone
        assert not any(closed_by_peer(s) for s in socks[extra + 4:])
        lines = srv.expect_log(r"GW03061: closed a connection from pid %d "
                               r"uid %d \(%d of %d bytes of its request "
                               r"packet in \d+ ms\): the oldest"
                               % (child, www_uid(), len(almost), FULL_PACKET))
        assert len(lines) == gone, lines
        assert timed_get(srv, "/pid")[:2] == (200, body)
    finally:
        for s in socks:
            s.close()
    # The others: closed by us with their packet one byte short.
    srv.allow_log(r"GW05003: the Apache child closed the connection after "
                  r"%d of %d bytes" % (len(almost), FULL_PACKET))


def test_a_request_packet_arriving_in_parts_is_served(httpd):
    # Parking keeps what came: a packet in pieces, on a new connection
    # and then on the kept link, is served whole.
    srv = httpd(CONFIG)
    st, body, _ = timed_get(srv, "/pid")
    assert st == 200
    path = group_socket(srv)
    packet = uwsgi_packet(request_vars(srv.app("pid.wsgi"), read_secret(srv),
                                       uri="/parts"))
    need = len(packet) - 4          # the empty chunk follows
    s = connect_as(APACHE_USER, path)
    try:
        for cuts in ((0, 3, 40), (0, 10, need - 1)):
            for a, b in zip(cuts, cuts[1:] + (len(packet),)):
                time.sleep(0.3)
                s.sendall(packet[a:b])
            frames, end = read_frames(s)
            assert frame_types(frames) == ["START", "HEADERS", "BODY",
                                           "END_KEEP"], frames
            assert (frames[2][1], end) == (body, "kept")
    finally:
        s.close()


def test_a_stopping_process_still_serves_a_packet_it_parked(httpd):
    # maximum-requests=2: the second request makes the process recycle
    # while a connection it accepted waits for the rest of its packet.
    srv = httpd(CONFIG.replace("socket-timeout=4",
                               "socket-timeout=4 maximum-requests=2"))
    st, body, _ = timed_get(srv, "/pid")
    assert st == 200
    path = group_socket(srv)
    packet = uwsgi_packet(request_vars(srv.app("pid.wsgi"), read_secret(srv),
                                       uri="/late"))
    s = connect_as(APACHE_USER, path)
    try:
        s.sendall(packet[:20])
        assert timed_get(srv, "/pid")[:2] == (200, body)
        srv.expect_log(r"GW03030: recycling after 2 requests")
        s.sendall(packet[20:])
        frames, end = read_frames(s)
    finally:
        s.close()
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END"], frames
    assert frames[2][1] == body
    srv.expect_log(r"GW02002: daemon process %s of group 'in' exited with "
                   r"status 103" % body.decode())


# --------------------------------------------------------------------------
# a packet without the secret decides nothing
# --------------------------------------------------------------------------

def test_unauthenticated_packet_cannot_make_the_process_recycle(httpd):
    srv = httpd(CONFIG)
    st, body, _ = timed_get(srv, "/hello")
    assert st == 200
    st, pid, _ = timed_get(srv, "/pid")
    assert st == 200
    hello = srv.app("hello.wsgi")
    # A new mtime for a script the process has loaded: the next request
    # for it from an Apache child recycles the process (RETRY).
    st_ = os.stat(hello)
    os.utime(hello, ns=(st_.st_atime_ns, st_.st_mtime_ns + 10**9))
    path = group_socket(srv)
    secret = read_secret(srv)
    wrong = ("0" if secret[0] != "0" else "1") + secret[1:]

    for uri, sec, why in (("/nosecret", None, "no secret"),
                          ("/wrongsecret", wrong, "wrong secret")):
        s = connect_as(APACHE_USER, path)
        try:
            s.sendall(uwsgi_packet(request_vars(hello, sec, uri=uri)))
            frames, end = read_frames(s)
        finally:
            s.close()
        assert frame_types(frames) == ["START", "ABORT"], frames
        srv.expect_log(r"GW03026: refused request %s for %s: %s"
                       % (uri, re.escape(hello), why))
    # Up to now these were answered RETRY and the process recycled.
    assert timed_get(srv, "/pid")[:2] == (200, pid)
    assert "GW04070" not in srv.error_log()

    # Positive control: the same from the Apache child recycles it.
    assert timed_get(srv, "/hello")[:2] == (200, b"Hello World!")
    srv.expect_log(r"GW04070: the WSGI script changed \(request /hello\): "
                   r"recycling this process")
    assert poll(lambda: timed_get(srv, "/pid")[1] != pid)
    srv.expect_log(r"exited with status 109")


# --------------------------------------------------------------------------
# the group socket stays out of the application's children
# --------------------------------------------------------------------------

def test_children_of_the_app_do_not_inherit_the_group_socket(httpd):
    srv = httpd(CONFIG)
    st, body, _ = timed_get(srv, "/inherit?how=self")
    assert st == 200
    me = json.loads(body)
    group = os.stat("/proc/%d/fd/3" % me["pid"]).st_ino
    # Control: the application's own process has it, listening, on fd 3.
    assert {"fd": 3, "inode": group, "listening": True} in me["sockets"]
    leaks = {}
    for how in ("fork", "system"):
        st, body, _ = timed_get(srv, "/inherit?how=" + how)
        assert st == 200
        got = json.loads(body)
        assert got["pid"] == me["pid"]
        leaks[how] = [s for s in got["sockets"] if s["fd"] == 3
                      or s["inode"] == group or s["listening"]]
    # Up to now both had fd 3, the group's listening socket: they could
    # accept requests meant for the group, secret and all.
    assert leaks == {"fork": [], "system": []}
