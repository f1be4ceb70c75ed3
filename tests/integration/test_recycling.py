"""Recycling and timeouts of daemon processes, as mod_wsgi's
WSGIDaemonProcess options define them: maximum-requests, restart-interval,
inactivity-timeout, request-timeout, deadlock-timeout and startup-timeout.
A planned recycle loses no request: the next one waits in the group
socket's queue while the fresh process starts."""

import os
import signal
import threading
import time

from conftest import USER_A

APPS = """
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=r application-group=%{GLOBAL}
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=r application-group=%{GLOBAL}
WSGIScriptAlias /gil @APPS@/gilhold.wsgi process-group=r application-group=%{GLOBAL}
<Directory @APPS@>
    Require all granted
</Directory>
"""


def config(options, threads=1):
    return ("WSGIDaemonProcess r user=%s processes=1 threads=%d %s\n"
            % (USER_A, threads, options)) + APPS


def get_pid(srv, timeout=30):
    st, _, body = srv.request("GET", "/pid", timeout=timeout)
    assert st == 200, (st, body[:300])
    return int(body)


def exited(status, reason):
    return (r"GW02002: daemon process \d+ of group 'r' exited with status "
            r"%d \(%s\)" % (status, reason))


def test_maximum_requests_recycles_after_n_requests_losing_none(httpd):
    srv = httpd(config("maximum-requests=3"))
    pids = [get_pid(srv) for _ in range(7)]
    assert pids[0] == pids[1] == pids[2], pids
    assert pids[3] == pids[4] == pids[5], pids
    assert len({pids[0], pids[3], pids[6]}) == 3, pids
    srv.expect_log(r"GW03030: recycling after 3 requests "
                   r"\(maximum-requests\)")
    lines = srv.expect_log(exited(103, r"maximum-requests reached, "
                                       r"recycled"))
    assert len(lines) >= 2, lines


def test_restart_interval_recycles_after_its_time(httpd):
    srv = httpd(config("restart-interval=2"))
    t0 = time.monotonic()
    first = get_pid(srv)
    while True:
        pid = get_pid(srv)
        if pid != first:
            break
        assert time.monotonic() - t0 < 6, "still pid %d after 6 s" % pid
        time.sleep(0.2)
    # no sooner than the interval (the process started before t0)
    assert time.monotonic() - t0 > 1.5
    srv.expect_log(r"GW03034: recycling after 2 s of life "
                   r"\(restart-interval\)")
    srv.expect_log(exited(104, r"restart-interval reached, recycled"))
    # Processes keep recycling every 2 s, within the supervisor's 5 s
    # early-death window, until the test ends.
    srv.allow_log(r"GW02002: daemon process \d+ of group 'r' exited with "
                  r"status 104")


def test_inactivity_timeout_recycles_an_idle_process(httpd):
    srv = httpd(config("inactivity-timeout=2"))
    first = get_pid(srv)
    assert get_pid(srv) == first        # busy: no recycle
    time.sleep(4)
    second = get_pid(srv)
    assert second != first
    srv.expect_log(r"GW03035: recycling after 2 s without requests "
                   r"\(inactivity-timeout\)")
    srv.expect_log(exited(105, r"inactivity-timeout reached, recycled"))
    # A process that has served nothing yet is not recycled: the fresh one
    # survived since it started, and still serves.
    assert get_pid(srv) == second


def test_inactivity_timeout_spares_a_process_that_served_nothing(httpd):
    srv = httpd(config("inactivity-timeout=1"))
    pids = srv.wait_daemon_pids(USER_A, 1)
    assert len(pids) == 1
    time.sleep(3)
    assert srv.daemon_pids(USER_A) == pids
    assert "GW03035" not in srv.error_log()


def test_request_timeout_gives_504_and_recycles_the_stuck_process(httpd):
    srv = httpd(config("request-timeout=2", threads=2))
    old = get_pid(srv)
    results = {}

    def stuck():
        t0 = time.monotonic()
        st, _, _ = srv.request("GET", "/sleep?before=30", timeout=20)
        results["stuck"] = (st, time.monotonic() - t0)

    def other():
        # In flight across the moment the daemon gives up on the stuck
        # request (2 s + 1 s after it started) and shorter than 3 s itself.
        st, hd, body = srv.request("GET", "/sleep?after=2.2", timeout=20)
        results["other"] = (st, hd.get("X-Pid"), body)

    t1 = threading.Thread(target=stuck)
    t1.start()
    time.sleep(1.0)
    t2 = threading.Thread(target=other)
    t2.start()
    t1.join()
    t2.join()
    st, elapsed = results["stuck"]
    assert st == 504
    assert elapsed < 3.5, elapsed
    st, pid, body = results["other"]
    assert st == 200
    assert body == b"first\nsecond\n"
    assert pid == str(old)
    srv.expect_log(r"GW01030: daemon process %d of group 'r' did not answer "
                   r"within request-timeout \(2 s\)" % old)
    srv.expect_log(r"GW03033: the request for /sleep\?before=30 \(script "
                   r"\S+/sleep.wsgi\) has been running for 3 s, over "
                   r"request-timeout")
    srv.expect_log(r"GW02002: daemon process %d of group 'r' exited with "
                   r"status 106 \(request-timeout: a request ran too long\)"
                   % old)
    new = get_pid(srv)
    assert new != old


def test_deadlock_timeout_recycles_a_process_holding_the_gil(httpd):
    srv = httpd(config("deadlock-timeout=2", threads=2))
    old = get_pid(srv)
    t0 = time.monotonic()
    st, _, _ = srv.request("GET", "/gil?s=15", timeout=20)
    elapsed = time.monotonic() - t0
    # The process died before answering: the Apache child says 502.
    assert st == 502
    assert elapsed < 5, elapsed
    srv.expect_log(r"GW03032: the Python GIL has been held for [23] s "
                   r"\(deadlock-timeout 2 s\).*cutting the 1 request in "
                   r"flight: the request for /gil\?s=15 \(script "
                   r"\S+/gilhold.wsgi\) \([23] s\)")
    srv.expect_log(r"GW02002: daemon process %d of group 'r' exited with "
                   r"status 107 \(deadlock-timeout: the GIL was held too "
                   r"long\)" % old)
    srv.expect_log(r"GW01012: daemon process %d of group 'r' closed the "
                   r"connection" % old)
    assert get_pid(srv) != old


def test_deadlock_timeout_spares_gil_released_waits(httpd):
    # time.sleep releases the GIL: a slow request is not a deadlock.
    srv = httpd(config("deadlock-timeout=1", threads=2))
    old = get_pid(srv)
    st, hd, _ = srv.request("GET", "/sleep?before=3")
    assert st == 200
    assert hd["X-Pid"] == str(old)
    assert get_pid(srv) == old
    assert "GW03032" not in srv.error_log()


def test_startup_timeout_recycles_a_process_that_starts_too_slowly(httpd):
    srv = httpd(config("startup-timeout=2 python-path=@ROOT@/slowlib"),
                start=False)
    lib = os.path.join(srv.root, "slowlib")
    os.mkdir(lib)
    os.chmod(lib, 0o755)
    # site.addsitedir() runs .pth lines that start with "import".
    with open(os.path.join(lib, "slow.pth"), "w") as f:
        f.write("import time; time.sleep(30)\n")
    os.chmod(os.path.join(lib, "slow.pth"), 0o644)
    t0 = time.monotonic()
    srv.start()
    srv.expect_log(r"GW03031: not ready 2 s after start \(startup-timeout\)")
    srv.expect_log(r"GW02002: daemon process \d+ of group 'r' exited with "
                   r"status 108 \(startup-timeout: not ready in time\)")
    assert time.monotonic() - t0 < 6
    # The supervisor retries with back-off; requests meanwhile fail.
    srv.allow_log(r"\[gateway:error\]")


def test_sigterm_still_stops_gracefully_with_the_watchdog_on(httpd):
    srv = httpd(config("request-timeout=5 inactivity-timeout=60 "
                       "maximum-requests=1000", threads=2))
    old = get_pid(srv)
    result = {}

    def slow():
        result["r"] = srv.request("GET", "/sleep?after=1.5")

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.5)
    os.kill(old, signal.SIGTERM)
    t.join()
    st, hd, body = result["r"]
    assert st == 200 and body == b"first\nsecond\n"
    assert hd["X-Pid"] == str(old)
    srv.expect_log(r"GW03010: stopping on SIGTERM")
    srv.expect_log(r"GW02002: daemon process %d of group 'r' exited with "
                   r"status 0 after" % old)
    assert get_pid(srv) != old
    assert "GW03007" not in srv.error_log()
