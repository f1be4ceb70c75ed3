"""Checks of the harness itself, with a private httpd WITHOUT mod_gateway.

If these fail, the problem is the test environment (Apache, users, ports),
not the module."""
import os
import signal
import time

import pytest

from conftest import proc_alive


def test_static_file_served(httpd):
    srv = httpd(gateway=False, start=False)
    with open(os.path.join(srv.htdocs, "static.txt"), "wb") as f:
        f.write(b"static content\n")
    srv.start()
    st, hd, body = srv.request("GET", "/static.txt")
    assert st == 200
    assert body == b"static content\n"
    assert hd["Content-Type"].startswith("text/plain")
    assert srv.pid and proc_alive(srv.pid)
    srv.stop()
    assert not proc_alive(srv.pid)
    assert srv.processes() == []


def test_log_check_sees_errors(httpd):
    # A request with a path escaping the DocumentRoot logs a [core:error]
    # line; expect_log must find it and exempt it.
    srv = httpd(gateway=False)
    st, _, _ = srv.request("GET", "/../httpd.conf")
    assert st == 400
    srv.expect_log(r"AH10244: invalid URI path")
    st, _, _ = srv.request("GET", "/missing-file")
    assert st == 404
    # the log check itself: an unexpected error line is reported
    with open(srv.log_path, "a") as f:
        f.write("[Mon Jan 01 00:00:00.000000 2024] [core:error] [pid 1] "
                "harness-injected-line\n")
    assert any("harness-injected-line" in l for l in srv.unexpected_errors())
    srv.expect_log(r"harness-injected-line")
    assert srv.unexpected_errors() == []


def test_stop_kills_and_reports_stragglers(httpd):
    # A process that carries the server's marker and ignores SIGTERM must
    # be found, SIGKILLed and reported by stop().
    srv = httpd(gateway=False)
    import subprocess
    env = srv.env()
    p = subprocess.Popen(["/bin/sh", "-c", "trap '' TERM; sleep 60"],
                         env=env)
    try:
        deadline = time.monotonic() + 5
        while p.pid not in srv.processes() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert p.pid in srv.processes()
        with pytest.raises(BaseException) as ei:
            srv.stop(timeout=1)
        assert "processes left" in str(ei.value)
        assert str(p.pid) in str(ei.value)
        p.wait(timeout=5)
        assert p.returncode == -signal.SIGKILL
        srv.failed = False  # the failure was the point of this test
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
