"""Supervision as a sysadmin sees it: a group that cannot start gets a
quick, explained 503 and is retried with back-off, never in a busy loop."""

import http.client
import os
import re
import signal
import threading
import time

import pytest

from conftest import USER_A


def test_group_that_cannot_start_answers_503_with_the_reason(httpd):
    # home= exists (configtest is happy) but the group's user may not
    # enter it: every process dies at start.
    srv = httpd("""
WSGIDaemonProcess broken user=%s home=@ROOT@/locked
WSGIScriptAlias /b @APPS@/hello.wsgi process-group=broken
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A, start=False)
    os.mkdir(os.path.join(srv.root, "locked"), 0o700)
    srv.start()
    # A request sent at once waits in the queue until the group is seen
    # failing (two early deaths), then gets 503: seconds, not the 10 s
    # socket-timeout.
    t0 = time.monotonic()
    st, hd, _ = srv.request("GET", "/b")
    assert st == 503
    assert hd["Retry-After"]
    assert time.monotonic() - t0 < 6
    # Once known down, the answer is immediate.
    t0 = time.monotonic()
    st, hd, _ = srv.request("GET", "/b")
    elapsed = time.monotonic() - t0
    assert st == 503
    assert elapsed < 1, "503 should be immediate, took %.1f s" % elapsed
    srv.expect_log(r"GW01020: daemon group 'broken' is not running.*"
                   r"home= directory could not be entered")
    srv.expect_log(r"GW02002: daemon process \d+ of group 'broken' exited "
                   r"with status 112 .*in \d+ s: it failed \d+ times")
    srv.expect_log(r"GW02102: cannot start daemon process: home=\S+/locked "
                   r"cannot be entered by %s" % USER_A)
    # Back-off, not a fork loop: over three seconds only a few starts.
    time.sleep(3)
    starts = re.findall(r"GW02004: started daemon process \d+ of group "
                        r"'broken'", srv.error_log())
    assert 2 <= len(starts) <= 6, len(starts)
    srv.allow_log(r"\[(gateway|core):(error|crit)\]")


SLEEP_CONFIG = """
WSGIDaemonProcess s user=%s processes=1 threads=2
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=s application-group=%%{GLOBAL}
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A


def _kill_soon(srv, delay):
    def run():
        time.sleep(delay)
        for pid in srv.daemon_pids(USER_A):
            os.kill(pid, signal.SIGKILL)
    t = threading.Thread(target=run)
    t.start()
    return t


def test_daemon_killed_before_headers_gives_502_and_says_how(httpd):
    srv = httpd(SLEEP_CONFIG)
    assert srv.request("GET", "/sleep")[0] == 200
    killer = _kill_soon(srv, 0.5)
    t0 = time.monotonic()
    st, _, _ = srv.request("GET", "/sleep?before=5")
    killer.join()
    assert st == 502
    assert time.monotonic() - t0 < 2.5
    srv.expect_log(r"GW01012: daemon process \d+ of group 's' closed the "
                   r"connection before the response was complete; "
                   r"answering 502")
    srv.expect_log(r"GW02002: daemon process \d+ of group 's' was killed "
                   r"by signal 9 \(SIGKILL\)")
    # and the group serves again
    srv.wait_ok("/sleep", timeout=5)


def test_daemon_killed_mid_body_cuts_the_client_connection(httpd):
    srv = httpd(SLEEP_CONFIG)
    assert srv.request("GET", "/sleep")[0] == 200
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.request("GET", "/sleep?after=5")
    resp = conn.getresponse()
    assert resp.status == 200
    assert resp.getheader("X-Pid")
    killer = _kill_soon(srv, 0.3)
    # The client must not get a clean, complete response.
    with pytest.raises(http.client.IncompleteRead):
        resp.read()
    killer.join()
    srv.expect_log(r"GW01012: .*cutting the client connection")
    srv.expect_log(r"was killed by signal 9 \(SIGKILL\)")


def test_stopped_process_is_killed_and_the_other_keeps_serving(httpd):
    srv = httpd("""
WSGIDaemonProcess s user=%s processes=2 threads=1 request-timeout=2 shutdown-timeout=1
WSGIScriptAlias /stuck @APPS@/stuck.wsgi process-group=s
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=s
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A, start=False)
    scratch = os.path.join(srv.root, "scratch")     # made by the harness
    os.chmod(scratch, 0o777)
    srv.start()
    srv.wait_daemon_pids(USER_A, 2, timeout=10)
    marker = os.path.join(scratch, "pid")
    out = {}

    def stuck():
        t0 = time.monotonic()
        out["stuck"] = (srv.request("GET", "/stuck?secs=30&marker=" +
                                    marker)[0], time.monotonic() - t0)
    t = threading.Thread(target=stuck)
    t.start()
    deadline = time.monotonic() + 10
    while not os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    with open(marker) as f:
        victim = int(f.read())
    os.kill(victim, signal.SIGSTOP)
    try:
        # the other process keeps serving
        for _ in range(5):
            assert srv.request("GET", "/hello")[0] == 200
        t.join(timeout=20)
        assert out["stuck"][0] == 504 and out["stuck"][1] < 6, out
        # the stopped one is killed by the supervisor (monitor hook)
        deadline = time.monotonic() + 30
        while os.path.exists("/proc/%d" % victim) and \
                time.monotonic() < deadline:
            time.sleep(0.2)
        assert not os.path.exists("/proc/%d" % victim)
    finally:
        if os.path.exists("/proc/%d" % victim):
            os.kill(victim, signal.SIGCONT)
    srv.expect_log(r"GW02014: daemon process %d of group 's' did not "
                   r"recycle itself" % victim)
    srv.expect_log(r"GW01030: ")
    srv.expect_log(r"GW02002: daemon process %d of group 's' was killed by "
                   r"signal 9" % victim)
    srv.wait_daemon_pids(USER_A, 2, timeout=10)
    assert srv.request("GET", "/hello")[0] == 200
