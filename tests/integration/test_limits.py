"""mod_wsgi's resource limits on a daemon group: memory-limit=,
virtual-memory-limit=, cpu-time-limit=."""

import time

from conftest import USER_A

BASE = """
WSGIScriptAlias /r @APPS@/resources.wsgi process-group=lim
<Directory @APPS@>
    Require all granted
</Directory>
"""


def test_virtual_memory_limit_gives_the_app_memory_error(httpd):
    # Room for 15 threads' stacks and glibc's per-thread malloc arenas
    # (each reserves address space), but not for a 2 GiB allocation.
    srv = httpd("WSGIDaemonProcess lim user=%s virtual-memory-limit=%d\n"
                % (USER_A, 1536 << 20) + BASE)
    assert srv.request("GET", "/r/alloc?mb=16")[2] == b"ok"
    assert srv.request("GET", "/r/alloc?mb=2048")[2] == b"MemoryError"


def test_memory_limit_gives_the_app_memory_error(httpd):
    srv = httpd("WSGIDaemonProcess lim user=%s memory-limit=%d\n"
                % (USER_A, 300 << 20) + BASE)
    assert srv.request("GET", "/r/alloc?mb=16")[2] == b"ok"
    assert srv.request("GET", "/r/alloc?mb=1024")[2] == b"MemoryError"


def test_without_limit_the_same_allocation_succeeds(httpd):
    srv = httpd("WSGIDaemonProcess lim user=%s\n" % USER_A + BASE)
    assert srv.request("GET", "/r/alloc?mb=1024")[2] == b"ok"


def test_cpu_time_limit_kills_a_spinning_process_and_says_so(httpd):
    srv = httpd("WSGIDaemonProcess lim user=%s cpu-time-limit=1\n"
                % USER_A + BASE)
    t0 = time.monotonic()
    st, _, _ = srv.request("GET", "/r/spin")
    assert st == 502
    assert time.monotonic() - t0 < 10
    srv.expect_log(r"GW02002: daemon process \d+ of group 'lim' was killed "
                   r"by signal 24 \(SIGXCPU: cpu-time-limit= reached\)")
    srv.expect_log(r"GW01012: .*answering 502")
    srv.wait_ok("/r/idle", timeout=10)


def test_limit_below_the_floor_is_a_config_error(httpd):
    srv = httpd("WSGIDaemonProcess lim memory-limit=512\n" + BASE,
                start=False)
    rc, out = srv.configtest()
    assert rc != 0
    assert "memory-limit=512" in out
