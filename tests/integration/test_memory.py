"""Memory at rest: a daemon process that served a burst of large requests
is small again once it is idle (its workers hand their buffers back)."""

import json
import threading
import time

from conftest import USER_A, plain_daemon_only, proc_status

CONFIG = """
WSGIDaemonProcess mem user=%s processes=1 threads=15
WSGIScriptAlias /echo @APPS@/echo.wsgi process-group=mem
""" % USER_A

MiB = 1 << 20


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

    threads = [threading.Thread(target=client) for _ in range(15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
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
