"""Supervision as a sysadmin sees it: a group that cannot start gets a
quick, explained 503 and is retried with back-off, never in a busy loop."""

import re
import time

from conftest import USER_A


def test_group_that_cannot_start_answers_503_with_the_reason(httpd):
    srv = httpd("""
WSGIDaemonProcess broken user=%s python-home=/nonexistent/python
WSGIScriptAlias /b @APPS@/hello.wsgi process-group=broken
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A)
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
                   r"Python failed to initialise")
    srv.expect_log(r"GW02002: daemon process \d+ of group 'broken' exited "
                   r"with status 101 .*in \d+ s: it failed \d+ times")
    srv.expect_log(r"GW04002: Python initialisation failed")
    # Back-off, not a fork loop: over three seconds only a few starts.
    time.sleep(3)
    starts = re.findall(r"GW02004: started daemon process \d+ of group "
                        r"'broken'", srv.error_log())
    assert 2 <= len(starts) <= 6, len(starts)
    srv.allow_log(r"\[(gateway|core):(error|crit)\]")
