"""Limits and timeouts on a daemon group: header-buffer-size=,
queue-timeout=, a full listen queue, graceful-timeout= after a reload or a
recycle, shutdown-timeout= at Apache's stop, connect-timeout=,
socket-timeout=, each seen the way a user sees it: status, timing, the
log line."""

import datetime
import http.client
import os
import re
import socket
import subprocess
import threading
import time

import pytest

from conftest import APACHE, USER_A, proc_alive

APPS = """
WSGIScriptAlias /big @APPS@/bigheader.wsgi process-group=t
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=t
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=t
<Directory @APPS@>
    Require all granted
</Directory>
"""


def test_header_buffer_size_limits_response_headers(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s header-buffer-size=2048\n"
                % USER_A + APPS)
    assert srv.request("GET", "/big?size=1000")[0] == 200
    st, hd, _ = srv.request("GET", "/big?size=4000")
    assert st == 502
    assert "X-Big" not in hd
    srv.expect_log(r"GW01028: application of group 't' sent response "
                   r"headers of \d+ bytes, over header-buffer-size \(2048\)")


def test_default_header_buffer_size_takes_a_4k_header(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s\n" % USER_A + APPS)
    st, hd, _ = srv.request("GET", "/big?size=4000")
    assert st == 200 and len(hd["X-Big"]) == 4000


def test_header_buffer_size_above_the_childs_block_loads_with_a_notice(httpd):
    """mod_wsgi takes any size from 8192 (and 0 for its default): a larger
    one than the child's 65528-byte header block loads, says so, and a
    60000-byte header passes; 0 is the default (32768)."""
    srv = httpd("WSGIDaemonProcess t user=%s header-buffer-size=131072\n"
                % USER_A + APPS)
    rc, out = srv.configtest()
    assert rc == 0, out
    assert re.search(r"GW00100: WSGIDaemonProcess t option "
                     r"header-buffer-size=131072 at \S+:\d+: accepted, .*"
                     r"at most 65528 bytes of response headers", out), out
    st, hd, _ = srv.request("GET", "/big?size=60000")
    assert st == 200 and len(hd["X-Big"]) == 60000
    srv2 = httpd("WSGIDaemonProcess t user=%s header-buffer-size=0\n"
                 % USER_A + APPS)
    assert srv2.request("GET", "/big?size=30000")[0] == 200
    assert srv2.request("GET", "/big?size=40000")[0] == 502
    srv2.allow_log(r"GW01028")


def _background(srv, path, out, key, timeout=60):
    """GET path in a thread; out[key] = (status or repr(exception), the
    seconds it took, the time.monotonic() of the answer)."""
    def run():
        t0 = time.monotonic()
        try:
            st = srv.request("GET", path, timeout=timeout)[0]
        except Exception as e:          # a cut connection is the data
            st = repr(e)
        out[key] = (st, time.monotonic() - t0, time.monotonic())
    t = threading.Thread(target=run)
    t.start()
    return t


def test_queue_timeout_answers_504_without_running_the_request(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "queue-timeout=1\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    out = {}
    busy = _background(srv, "/sleep?before=4", out, "busy")
    time.sleep(0.5)
    t0 = time.monotonic()
    st, _, _ = srv.request("GET", "/hello")
    assert st == 504
    assert time.monotonic() - t0 < 3
    busy.join()
    assert out["busy"][0] == 200
    srv.expect_log(r"GW01029: the request waited queue-timeout \(1 s\) for "
                   r"a process of daemon group 't'")


def test_full_listen_queue_gives_a_503_after_connect_timeout(httpd):
    # A queue that stays full is waited out for connect-timeout= (issue
    # #17; it used to be shed after 0.5 s), then answered 503.
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "listen-backlog=1 connect-timeout=2\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    out = {}
    threads = [_background(srv, "/sleep?before=4", out, i)
               for i in range(6)]
    for t in threads:
        t.join()
    shed = [v for v in out.values() if v[0] == 503]
    served = [v for v in out.values() if v[0] == 200]
    assert shed, out
    assert all(1.8 < v[1] < 3.5 for v in shed), out
    assert served, out
    assert len(shed) + len(served) == 6, out
    srv.expect_log(r"GW01075: the queue of daemon group 't' "
                   r"\(listen-backlog=1 at \S+\) stayed full for \d+ ms of "
                   r"connect-timeout \(2 s\)")


def test_slow_uploader_to_an_app_that_ignores_the_body_pins_no_thread(
        httpd):
    import socket
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "socket-timeout=3\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    try:
        s.sendall(b"POST /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Length: 1000000\r\n\r\n" + b"x" * 100)
        time.sleep(0.5)
        # The group's only thread is free for other requests meanwhile.
        t0 = time.monotonic()
        assert srv.request("GET", "/hello")[0] == 200
        assert time.monotonic() - t0 < 2
    finally:
        s.close()


# ---- graceful-timeout, shutdown-timeout, connect-timeout, socket-timeout



def _apache(srv, how):
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", how],
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    assert r.returncode == 0, r.stdout


def _pid(srv):
    st, hd, _ = srv.wait_ok("/sleep")
    return int(hd["X-Pid"])


def test_graceful_timeout_kills_a_retired_process_still_busy(httpd):
    # The daemon itself would wait for its request up to the longer of
    # the two timeouts (30 s); the parent kills it once graceful-timeout
    # has passed, at its next monitor pass (about every 10 s).
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=2 "
                "graceful-timeout=2 shutdown-timeout=30\n" % USER_A + APPS)
    old = _pid(srv)
    out = {}
    busy = _background(srv, "/sleep?before=40", out, "busy")
    time.sleep(0.5)
    t0 = time.monotonic()
    _apache(srv, "graceful")
    # new requests go to the new generation meanwhile
    while _pid(srv) == old:
        assert time.monotonic() - t0 < 5, "no new process serves"
        time.sleep(0.1)
    busy.join(40)
    st, _, answered = out["busy"]
    # the old Apache child, still serving it, sees the daemon die
    assert st == 502, out
    assert 2.0 <= answered - t0 < 2 + 10 + 3, answered - t0
    srv.expect_log(r"GW02012: retired daemon process %d of group 't' still "
                   r"runs requests after graceful-timeout; killing it" % old)
    srv.expect_log(r"GW02011: retired daemon process %d of group 't' "
                   r"\(earlier configuration\) was killed by signal 9 "
                   r"\(SIGKILL\), by mod_gateway: graceful-timeout passed$"
                   % old)
    srv.expect_log(r"GW01012: daemon process %d of group 't' closed the "
                   r"connection" % old)


def test_recycle_waits_for_its_requests_up_to_the_longer_timeout(httpd):
    # maximum-requests: the process stops taking requests and waits for
    # those in flight, up to max(graceful-timeout, shutdown-timeout).
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=2 "
                "maximum-requests=2 graceful-timeout=2 shutdown-timeout=1\n"
                % USER_A + APPS)
    old = _pid(srv)                             # request 1
    out = {}
    t0 = time.monotonic()
    busy = _background(srv, "/sleep?before=30", out, "busy")   # request 2
    busy.join(30)
    st, _, answered = out["busy"]
    assert st == 502, out
    assert 2.0 <= answered - t0 < 2 + 2.5, answered - t0
    srv.expect_log(r"\[group t\] GW03007: 1 request\(s\) still running after "
                   r"2 s; exiting anyway")
    srv.expect_log(r"GW02002: daemon process %d of group 't' exited with "
                   r"status 103 \(maximum-requests reached, recycled\)" % old)
    srv.expect_log(r"GW01012: daemon process %d of group 't' closed the "
                   r"connection" % old)
    assert _pid(srv) != old


def _log_time(line):
    """The time stamp of an error log line, in seconds."""
    stamp = re.match(r"\[(\w+ \w+ \d+ [\d:.]+ \d+)\]", line).group(1)
    return datetime.datetime.strptime(stamp, "%a %b %d %H:%M:%S.%f %Y")\
        .timestamp()


def test_shutdown_timeout_kills_a_busy_daemon_at_apache_stop(httpd):
    # The daemon would wait 30 s (graceful-timeout); Apache's stop allows
    # it shutdown-timeout from its SIGTERM, then SIGKILL, and leaves
    # nothing running (the harness's stop() fails the test otherwise).
    # httpd stops its own children first: the one relaying the request
    # waits for the daemon up to socket-timeout (3 s) before it can exit.
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=2 "
                "shutdown-timeout=2 graceful-timeout=30 socket-timeout=3\n"
                % USER_A + APPS)
    old = _pid(srv)
    out = {}
    busy = _background(srv, "/sleep?before=40", out, "busy")
    time.sleep(0.5)
    srv.stop()
    busy.join(10)
    assert not proc_alive(old)
    [term] = srv.expect_log(r"\[pid %d:tid \d+\] \[group t\] GW03010: "
                            r"stopping on SIGTERM" % old)
    [kill] = srv.expect_log(r"GW02005: daemon process %d of group 't' did "
                            r"not exit in time after SIGTERM; killing it"
                            % old)
    assert 1.9 <= _log_time(kill) - _log_time(term) < 2 + 1.0, (term, kill)
    srv.expect_log(r"GW02020: daemon process %d of group 't' was killed by "
                   r"signal 9 \(SIGKILL\), by mod_gateway: shutdown-timeout "
                   r"passed at Apache's stop$" % old)
    assert srv.sockets() == []
    srv.allow_log(r"GW01011: |GW01012: ")


def test_connect_timeout_bounds_the_connect_retries(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "connect-timeout=2\n" % USER_A + APPS)
    # Ready, but no request yet: it would leave a kept link, on which the
    # next request would not connect at all.
    srv.expect_log(r"GW03009: daemon process ready")
    [path] = srv.sockets()
    # No socket file: hopeless, given up after 0.5 s (connect-timeout=
    # only bounds it further).
    os.unlink(path)
    t0 = time.monotonic()
    st, hd, _ = srv.request("GET", "/hello")
    assert st == 503 and hd["Retry-After"] == "5"
    assert time.monotonic() - t0 < 1.5
    srv.expect_log(r"GW01002: cannot connect to daemon group 't' at %s after "
                   r"\d+ tries in \d+ ms: the socket file does not exist"
                   % re.escape(path))
    # A socket file nobody listens on (connection refused) may be one
    # being replaced: retried, for connect-timeout.
    fake = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        fake.bind(path)
        os.chmod(path, 0o666)
        srv.begin_test()
        t0 = time.monotonic()
        st, hd, _ = srv.request("GET", "/hello")
        elapsed = time.monotonic() - t0
        assert st == 503 and hd["Retry-After"] == "5"
        assert 1.8 <= elapsed < 2 + 1.5, elapsed
        [line] = srv.expect_log(r"\(111\)Connection refused: .*GW01002: "
                                r"cannot connect to daemon group 't'")
        ms = int(re.search(r"tries in (\d+) ms", line).group(1))
        assert 2000 <= ms < 2000 + 500, line
    finally:
        fake.close()
        os.unlink(path)


def test_socket_timeout_cuts_a_response_that_stops_midway(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=2 "
                "socket-timeout=2 shutdown-timeout=1\n" % USER_A + APPS)
    pid = _pid(srv)
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request("GET", "/sleep?after=30")
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.read(6) == b"first\n"
        t0 = time.monotonic()
        with pytest.raises(http.client.IncompleteRead):
            resp.read()
        elapsed = time.monotonic() - t0
    finally:
        conn.close()
    assert 1.8 <= elapsed < 2 + 1.5, elapsed
    srv.expect_log(r"GW01011: daemon process %d of group 't' sent nothing "
                   r"for socket-timeout \(2 s\); answering nothing more "
                   r"\(connection cut\)" % pid)
    # before the headers: 504
    t0 = time.monotonic()
    assert srv.request("GET", "/sleep?before=30")[0] == 504
    assert 1.8 <= time.monotonic() - t0 < 2 + 1.5
    srv.expect_log(r"GW01011: daemon process %d of group 't' sent nothing "
                   r"for socket-timeout \(2 s\); answering 504" % pid)


def test_socket_timeout_bounds_the_wait_for_a_busy_group(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "socket-timeout=2 shutdown-timeout=1\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    out = {}
    busy = _background(srv, "/sleep?before=8", out, "busy")
    time.sleep(0.5)
    t0 = time.monotonic()
    st, hd, _ = srv.request("GET", "/hello")
    elapsed = time.monotonic() - t0
    assert st == 503 and hd["Retry-After"] == "5"
    assert 1.8 <= elapsed < 2 + 1.5, elapsed
    srv.expect_log(r"GW01022: no process of daemon group 't' took the "
                   r"request within socket-timeout \(2 s\): all 1 x 1 "
                   r"threads busy")
    busy.join(15)
    srv.allow_log(r"GW01011: ")      # the busy one's own socket-timeout
