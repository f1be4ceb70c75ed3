#!/usr/bin/python3
"""How many idle WebSockets one protocol=asgi group holds, and what each
costs in memory on both sides (docs/asgi.md, "WebSockets: cost").

Run as root with Debian's Python and python3-websockets:

    /usr/bin/python3 bench/ws_idle.py [--sockets N] [--step S]

A private Apache (the integration tests' harness, event MPM, every child
started up front so that threads already exist) serves one ASGI group of
one process (tests/integration/fixtures/asgi/ws_app.py); N WebSockets
are opened S at a time and left idle, each checked with one echo.  The
resident memory (/proc/PID/status VmRSS) of the daemon process and of all
Apache processes is printed before, after each step, and after the
sockets are closed again.
"""
import argparse
import asyncio
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))

import conftest                                      # noqa: E402
from conftest import HttpdServer, USER_A             # noqa: E402

FIXTURE = os.path.join(HERE, "..", "tests", "integration", "fixtures",
                       "asgi")


def rss_kib(pid):
    st = conftest.proc_status(pid) or {}
    return int(st.get("VmRSS", "0 kB").split()[0])


def apache_pids(srv):
    return [p for p in [srv.pid] + conftest.descendants(srv.pid)
            if conftest.proc_exe(p) == "/usr/sbin/apache2"]


def measure(srv, label):
    d = srv.daemon_pids(USER_A)
    daemon = sum(rss_kib(p) for p in d)
    apache = sum(rss_kib(p) for p in apache_pids(srv))
    print("%-22s daemon %8d KiB   apache %8d KiB" % (label, daemon, apache),
          flush=True)
    return daemon, apache


async def main(srv, n, step):
    import websockets.client
    url = "ws://127.0.0.1:%d/ws/echo" % srv.port
    socks = []
    base = measure(srv, "before")
    t0 = time.monotonic()
    while len(socks) < n:
        batch = [websockets.client.connect(url, ping_interval=None,
                                           compression=None)
                 for _ in range(min(step, n - len(socks)))]
        opened = await asyncio.gather(*batch)
        for ws in opened:
            await ws.send("x")
        for ws in opened:
            assert await ws.recv() == "x"
        socks += opened
        after = measure(srv, "%d open" % len(socks))
    opened_in = time.monotonic() - t0
    await asyncio.sleep(2)
    after = measure(srv, "%d idle, 2 s on" % len(socks))
    print("per WebSocket: daemon %.1f KiB, Apache %.1f KiB; opened in %.1f s"
          % ((after[0] - base[0]) / n, (after[1] - base[1]) / n, opened_in))
    for ws in socks:
        await ws.close()
    await asyncio.sleep(2)
    measure(srv, "closed again")


def run():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sockets", type=int, default=1000)
    ap.add_argument("--step", type=int, default=100)
    args = ap.parse_args()
    conftest.ensure_test_users()
    threads = 64
    servers = (args.sockets + 64) // threads + 1
    srv = HttpdServer("""
ServerLimit %(servers)d
ThreadLimit %(threads)d
ThreadsPerChild %(threads)d
StartServers %(servers)d
MinSpareThreads %(total)d
MaxSpareThreads %(total)d
MaxRequestWorkers %(total)d
WSGIDaemonProcess aws user=%(user)s processes=1 threads=4 protocol=asgi \
python-path=@ROOT@/asgi socket-timeout=600
WSGIScriptAlias /ws @ROOT@/asgi/ws_app.py process-group=aws
<Directory @ROOT@/asgi>
    Require all granted
</Directory>
""" % {"servers": servers, "threads": threads, "total": servers * threads,
       "user": USER_A}, name="ws-idle")
    srv.copy_fixture(FIXTURE, "asgi")
    path = os.path.join(srv.root, "asgi", "ws_app.py")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("@SCRATCH@", srv.scratch))
    srv.start(timeout=60)
    try:
        srv.wait_ok("/ws/who")
        time.sleep(3)           # every child and its threads started
        asyncio.run(main(srv, args.sockets, args.step))
    finally:
        srv.stop(timeout=30)
        srv.cleanup()


if __name__ == "__main__":
    run()
