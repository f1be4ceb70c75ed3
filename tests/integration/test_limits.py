"""mod_wsgi's resource limits on a daemon group: memory-limit=,
virtual-memory-limit=, cpu-time-limit=."""

import os
import signal
import time

from conftest import USER_A, plain_daemon_only

BASE = """
WSGIScriptAlias /r @APPS@/resources.wsgi process-group=lim
<Directory @APPS@>
    Require all granted
</Directory>
"""


@plain_daemon_only
def test_virtual_memory_limit_gives_the_app_memory_error(httpd):
    # Room for 15 threads' stacks and glibc's per-thread malloc arenas
    # (each reserves address space), but not for a 2 GiB allocation.
    srv = httpd("WSGIDaemonProcess lim user=%s virtual-memory-limit=%d\n"
                % (USER_A, 1536 << 20) + BASE)
    assert srv.request("GET", "/r/alloc?mb=16")[2] == b"ok"
    assert srv.request("GET", "/r/alloc?mb=2048")[2] == b"MemoryError"


@plain_daemon_only
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


@plain_daemon_only
def test_memory_error_at_start_exits_114_and_names_the_limit(httpd):
    # A WSGIImportScript that cannot fit in memory-limit= would fail every
    # request the same way: the process exits 114 and the log says why.
    limit = 256 << 20
    srv = httpd("WSGIDaemonProcess lim user=%s memory-limit=%d\n"
                "WSGIImportScript @APPS@/big_preload.py process-group=lim "
                "application-group=%%{GLOBAL}\n" % (USER_A, limit) + BASE,
                start=False)
    with open(srv.app("big_preload.py"), "w") as f:
        f.write("BLOCK = bytearray(1 << 30)    # more than memory-limit=\n")
    os.chmod(srv.app("big_preload.py"), 0o644)
    srv.start()
    srv.expect_log(r"\[group lim\] GW03015: out of memory importing \S+/"
                   r"big_preload.py into application group '' at start "
                   r"\(WSGIImportScript; memory-limit= %d bytes\): exiting "
                   r"with status 114 instead of serving" % limit)
    srv.expect_log(r"GW02002: .*daemon process \d+ (of group 'lim' )?exited "
                   r"with status 114 \(out of memory while starting; "
                   r"memory-limit= is %d bytes\) after \d+ ms" % limit)
    srv.allow_log(r"\[gateway:(error|crit)\]")


@plain_daemon_only
def test_sigkill_under_a_memory_limit_hints_at_memory(httpd):
    srv = httpd("WSGIDaemonProcess lim user=%s memory-limit=%d\n"
                % (USER_A, 300 << 20) + BASE)
    assert srv.request("GET", "/r/idle")[2] == b"idle"
    pid = srv.daemon_pids(USER_A)[0]
    os.kill(pid, signal.SIGKILL)      # as the kernel's OOM killer would
    srv.expect_log(r"GW02002: daemon process %d of group 'lim' was killed "
                   r"by signal 9 \(SIGKILL\), not by mod_gateway \("
                   r"memory-limit= is %d bytes: out of memory\? see dmesg\) "
                   r"after \d+ ms; restarting it$" % (pid, 300 << 20))
    srv.wait_ok("/r/idle", timeout=10)
