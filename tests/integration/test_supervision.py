"""Supervision as a sysadmin sees it: a group that cannot start gets a
quick, explained 503 and is retried with back-off, never in a busy loop."""

import http.client
import os
import re
import signal
import threading
import time

import pytest

from conftest import USER_A, poll, proc_alive


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
    t_start = time.monotonic()
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
    # The back-off line names the group, the count, the span of those
    # failures and the last exit.
    lines = srv.expect_log(
        r"GW02002: group 'broken' failed (\d+) times in ([\d.]+) s: last "
        r"exit: daemon process \d+ exited with status 112 \(the home= "
        r"directory could not be entered\) after \d+ ms; starting a new "
        r"process in (\d+) s \(back-off: each of those processes ended "
        r"within 5 s of its start\)$")
    m = re.search(r"failed (\d+) times in ([\d.]+) s: .* in (\d+) s ",
                  lines[-1])
    count, span, delay = int(m.group(1)), float(m.group(2)), int(m.group(3))
    assert count >= 2 and 1 <= delay <= 30, lines
    assert 0 <= span < time.monotonic() - t_start, lines
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


def _kill_soon(srv, delay, when=None):
    """SIGKILLs the group's processes after `delay` s, in a thread; the
    moment of the kill goes into when["t"] (time.monotonic())."""
    def run():
        time.sleep(delay)
        pids = srv.daemon_pids(USER_A)
        if when is not None:
            when["t"], when["pids"] = time.monotonic(), pids
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
    t = threading.Thread(target=run)
    t.start()
    return t


def test_daemon_killed_before_headers_gives_502_and_says_how(httpd):
    # The bounds, from the kill: the client has its 502 in under
    # 1 s, and the group serves again in under 2 s.
    srv = httpd(SLEEP_CONFIG)
    assert srv.request("GET", "/sleep")[0] == 200
    kill = {}
    killer = _kill_soon(srv, 0.5, kill)
    st, _, _ = srv.request("GET", "/sleep?before=5")
    answered = time.monotonic()
    killer.join()
    assert st == 502
    assert answered - kill["t"] < 1.0, answered - kill["t"]
    # Serving again: a fresh process answers (the queue holds the request
    # while the parent starts it).
    while True:
        st, hd, _ = srv.request("GET", "/sleep", timeout=5)
        if st == 200:
            break
        assert time.monotonic() - kill["t"] < 2.0, st
        time.sleep(0.02)
    back = time.monotonic() - kill["t"]
    assert back < 2.0, back
    assert int(hd["X-Pid"]) not in kill["pids"]
    srv.expect_log(r"GW01012: daemon process \d+ of group 's' closed the "
                   r"connection before the response was complete; "
                   r"answering 502")
    srv.expect_log(r"GW02002: daemon process %d of group 's' was killed "
                   r"by signal 9 \(SIGKILL\) after \d+ ms; restarting it$"
                   % kill["pids"][0])


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


EXIT_CONFIG = """
WSGIDaemonProcess s user=%s processes=1 threads=2
WSGIScriptAlias /exit @APPS@/exit.wsgi process-group=s application-group=%%{GLOBAL}
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=s application-group=%%{GLOBAL}
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A


def _pid_of(srv):
    st, hd, body = srv.wait_ok("/sleep")
    return int(hd["X-Pid"])


def _ended(pid, how):
    """GW02002 for pid, with or without back-off (deaths in quick
    succession are early deaths)."""
    return (r"GW02002: (daemon process %d of group 's' %s after \d+ ms; "
            r"restarting it$|group 's' failed \d+ times in [\d.]+ s: last "
            r"exit: daemon process %d %s after \d+ ms; )"
            % (pid, how, pid, how))


def test_exit_status_and_signal_are_told_apart(httpd):
    # APR hands the supervisor one number for both: the kernel's SIGCHLD
    # says which it was.  Three processes, one death each: no back-off.
    srv = httpd(EXIT_CONFIG.replace("processes=1 threads=2",
                                    "processes=3 threads=1"))
    first = srv.wait_daemon_pids(USER_A, 3)
    assert srv.request("GET", "/exit?code=3")[0] == 502
    gone = poll(lambda: [p for p in first if not proc_alive(p)], 5)
    assert len(gone) == 1, gone
    left = [p for p in first if p not in gone]
    os.kill(left[0], signal.SIGQUIT)            # signal 3, the same number
    os.kill(left[1], signal.SIGKILL)
    srv.expect_log(_ended(gone[0], r"exited with status 3"))
    srv.expect_log(_ended(left[0], r"was killed by signal 3 \(SIGQUIT\)"))
    srv.expect_log(_ended(left[1], r"was killed by signal 9 \(SIGKILL\)"))
    # no guessing left in any of them
    assert "or was killed by signal" not in srv.error_log()
    now = srv.wait_daemon_pids(USER_A, 3, exclude=first)
    assert len(now) == 3, now
    srv.allow_log(r"GW01012: |GW02002: ")


def test_exit_status_15_does_not_stop_apache(httpd):
    # Status 15 is what Apache's MPM takes for a fatal error of its own
    # child (APEXIT_CHILDFATAL): it would stop the whole server.  The
    # daemon's exit guard turns it into SIGSYS.
    srv = httpd(EXIT_CONFIG)
    pid = _pid_of(srv)
    assert srv.request("GET", "/exit?code=15")[0] == 502
    srv.expect_log(r"GW02002: daemon process %d of group 's' was killed by "
                   r"signal 31 \(SIGSYS\): most likely it tried to exit "
                   r"with status 15, which Apache's MPM takes for a fatal "
                   r"error" % pid)
    srv.allow_log(r"GW01012: ")
    time.sleep(0.5)
    assert proc_alive(srv.pid), srv.error_log_tail()
    srv.wait_ok("/sleep", timeout=5)
    assert "Fatal error" not in srv.error_log()


def test_every_process_says_how_it_ended_at_apache_stop(httpd):
    srv = httpd(EXIT_CONFIG.replace("processes=1", "processes=2"))
    pids = srv.wait_daemon_pids(USER_A, 2)
    srv.stop()
    for pid in pids:
        srv.expect_log(r"GW02020: daemon process %d of group 's' exited "
                       r"with status 0 at Apache's stop$" % pid)


def test_sigusr1_restarts_a_process_gracefully_as_mod_wsgi(httpd):
    """kill -USR1, which the app's own user may send: the request in
    flight finishes with its 200, then a new process serves."""
    srv = httpd(SLEEP_CONFIG)
    st, hd, _ = srv.request("GET", "/sleep")
    assert st == 200
    old = int(hd["X-Pid"])
    got = {}

    def slow():
        got["r"] = srv.request("GET", "/sleep?after=1.5", timeout=20)
    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.5)
    os.kill(old, signal.SIGUSR1)
    t.join()
    st, hd, body = got["r"]
    assert st == 200 and body == b"first\nsecond\n", (st, body)
    assert int(hd["X-Pid"]) == old
    new = srv.wait_daemon_pids(USER_A, 1, exclude=[old])
    assert new and old not in new
    assert srv.request("GET", "/sleep")[0] == 200
    srv.expect_log(r"GW03018: restarting on SIGUSR1, as mod_wsgi does")
    srv.expect_log(r"\[gateway:notice\] .*GW02002: daemon process %d of "
                   r"group 's' exited with status 116 \(SIGUSR1: a graceful "
                   r"restart\) after \d+ ms; restarting it" % old)
