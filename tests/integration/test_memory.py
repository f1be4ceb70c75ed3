"""Memory at rest: a daemon process that served a burst of large requests
is small again once it is idle (its workers hand their buffers back), and
so is an Apache child that relayed a burst of large responses (its relay
buffers go back to the kernel, they do not stay in the connections'
allocators)."""

import http.client
import json
import os
import pwd
import threading
import time

import pytest

from conftest import (APACHE_USER, MPM, USER_A, plain_daemon_only, proc_exe,
                      proc_status, proc_uids)

CONFIG = """
WSGIDaemonProcess mem user=%s processes=1 threads=15
WSGIScriptAlias /echo @APPS@/echo.wsgi process-group=mem
""" % USER_A

MiB = 1 << 20


def run_concurrently(fn, n):
    threads = [threading.Thread(target=fn) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def rss_kib(pid):
    return int(proc_status(pid)["VmRSS"].split()[0])


@plain_daemon_only
def test_idle_daemon_returns_memory_after_a_burst(httpd):
    srv = httpd(CONFIG)
    srv.wait_ok("/echo")
    (pid,) = srv.daemon_pids(USER_A)
    time.sleep(2)
    before = rss_kib(pid)
    body = bytes(range(256)) * (4 * MiB // 256)
    errors = []

    def client():
        for _ in range(3):
            try:
                st, _, got = srv.request("POST", "/echo", body=body)
                if st != 200 or json.loads(got)["len"] != len(body):
                    errors.append((st, got[:200]))
            except OSError as e:
                errors.append(repr(e))

    run_concurrently(client, 15)
    assert not errors, errors
    busy = rss_kib(pid)
    # Workers idle for 1 s hand their buffers and stack pages back, and
    # the process trims its heap.
    time.sleep(3)
    idle = rss_kib(pid)
    print("VmRSS before %d KiB, after the burst %d, idle %d"
          % (before, busy, idle))
    assert busy - idle >= 512, (before, busy, idle)
    assert idle <= before + 1536, (before, busy, idle)


CHILD_CONFIG = """
<IfModule mpm_event_module>
    ServerLimit 1
    StartServers 1
    ThreadsPerChild 32
    MinSpareThreads 1
    MaxSpareThreads 32
    MaxRequestWorkers 32
</IfModule>
WSGIDaemonProcess big user=%s processes=1 threads=16
WSGIScriptAlias /big @APPS@/chunked_big.wsgi process-group=big
""" % USER_A


def apache_children(srv):
    uid = pwd.getpwnam(APACHE_USER).pw_uid
    apache = os.path.realpath("/usr/sbin/apache2")
    return [p for p in srv.processes()
            if (proc_uids(p) or [None])[0] == uid and proc_exe(p) == apache]


def anon_rss_kib(pid):
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Anonymous:"):
                return int(line.split()[1])
    raise AssertionError("no Anonymous: line for %d" % pid)


@pytest.mark.skipif(MPM != "event", reason="one child of 32 threads")
def test_idle_apache_child_keeps_no_relay_buffers(httpd):
    srv = httpd(CHILD_CONFIG)
    srv.wait_ok("/big")
    (child,) = apache_children(srv)
    time.sleep(2)
    before = anon_rss_kib(child)
    errors = []

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        try:
            for _ in range(4):
                conn.request("GET", "/big")
                resp = conn.getresponse()
                got = resp.read()
                if resp.status != 200 or len(got) != 32 * 65536:
                    errors.append((resp.status, len(got)))
        except OSError as e:
            errors.append(repr(e))
        finally:
            conn.close()

    run_concurrently(client, 16)
    assert not errors, errors
    # Relay buffers unused for a whole second are unmapped.
    time.sleep(3)
    idle = anon_rss_kib(child)
    print("Apache child anonymous RSS before %d KiB, idle after 64 "
          "responses of 2 MiB on 16 connections %d KiB" % (before, idle))
    # Stacks, the connections' pools and the core's 8 KB buckets remain
    # (about 1 MiB); relay buffers kept per connection were 4 MiB more.
    assert idle - before <= 2560, (before, idle)


def one_chunk_body():
    size = 3 * 65536 + 4099
    return bytes((i * 7 + i // 251) & 0xff for i in range(size)) + b"-end"


def test_a_chunk_larger_than_a_relay_buffer_arrives_whole(httpd):
    """One BODY frame of 3 x 64 KiB + 4099 bytes is received in relay
    buffer-sized parts and passed on as it goes: the client gets every
    byte in order, on a kept-alive connection, twice."""
    srv = httpd(CHILD_CONFIG)
    srv.wait_ok("/big")
    want = one_chunk_body()
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        for _ in range(2):
            conn.request("GET", "/big?one")
            resp = conn.getresponse()
            assert resp.status == 200
            assert resp.read() == want
    finally:
        conn.close()


def test_a_large_chunk_over_the_content_length_is_cut_at_it(httpd):
    """The application's Content-Length holds inside a large frame too:
    the client gets exactly the declared bytes (the start of the chunk),
    and the excess is dropped and logged."""
    srv = httpd(CHILD_CONFIG)
    srv.wait_ok("/big")
    declared = 65536 + 100
    st, _, body = srv.request("GET", "/big?one&declare=%d" % declared)
    assert st == 200
    assert body == one_chunk_body()[:declared]
    srv.expect_log(r"GW01026: application of group 'big' sent more body "
                   r"than its Content-Length %d" % declared)
