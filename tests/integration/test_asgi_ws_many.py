"""A thousand WebSockets open at once on one protocol=asgi group (issue
16), with Debian's python3-websockets as the client: they all open, stay
open while idle, each still echoes afterwards, HTTP to the same group is
answered meanwhile, and they all close with the codes both sides expect.

Each open WebSocket holds an Apache worker thread under httpd 2.4
(docs/asgi.md, "What a WebSocket costs"), so the server gets 18 children
of 64 threads, all started up front.  The resident memory of the Apache
processes and of the daemon before, with and after the sockets is
printed (run with -s or -rP to see it); only a very generous ceiling is
asserted.

The application is tests/integration/fixtures/asgi/ws_app.py (/echo
writes the close code it hears to a marker file named by the query
string)."""

import asyncio
import os
import resource
import time

import pytest

from conftest import MPM, SANITIZED, USER_A, poll, proc_exe, proc_status
from test_asgi import asgi_server
from test_asgi_websocket import _client, url
# its autouse fixture: fails the test when python3-websockets is missing
from test_asgi_websocket import _websockets_installed  # noqa: F401

N = 1000
CHILDREN, THREADS = 18, 64
IN_FLIGHT = 100          # handshakes at once: well under ListenBacklog
IDLE = 5                 # seconds all of them stay quiet
NOFILE = 8192            # the client, and Apache and its daemon inherit it

# All children started at once and never reaped (MaxSpareThreads is every
# thread).  MinSpareThreads stays below the threads left idle with every
# WebSocket open (1152 - 1000): short of it at ServerLimit, the MPM logs
# AH00484 at error level.  socket-timeout= is over the test's length, so
# no tunnel is closed as idle (the daemon's pings at 20 s would keep one
# open anyway).
CONFIG = """
<IfModule !mpm_prefork_module>
    ServerLimit %(children)d
    ThreadLimit %(threads)d
    ThreadsPerChild %(threads)d
    StartServers %(children)d
    MinSpareThreads %(threads)d
    MaxSpareThreads %(total)d
    MaxRequestWorkers %(total)d
</IfModule>
WSGIDaemonProcess aws user=%(user)s processes=1 threads=4 protocol=asgi \
python-path=@ROOT@/asgi socket-timeout=120
WSGIScriptAlias /ws @ROOT@/asgi/ws_app.py process-group=aws
""" % {"children": CHILDREN, "threads": THREADS,
       "total": CHILDREN * THREADS, "user": USER_A}


@pytest.fixture
def nofile():
    """RLIMIT_NOFILE of at least NOFILE for this process (its N client
    sockets) and the httpd it starts (the daemon holds N links, each
    Apache child two descriptors per WebSocket); restored afterwards."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < NOFILE:
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (NOFILE, max(hard, NOFILE)))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def rss_kib(pid):
    st = proc_status(pid) or {}
    return int(st.get("VmRSS", "0 kB").split()[0])


def apache_pids(srv):
    return [p for p in srv.processes() if proc_exe(p) == "/usr/sbin/apache2"]


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


class Meter:
    """The resident memory of the Apache processes and of the daemon,
    printed at each step for the per-WebSocket cost."""

    def __init__(self, srv, daemon):
        self.srv, self.daemon = srv, daemon
        self.seen = {}

    def take(self, label):
        apache = sum(rss_kib(p) for p in apache_pids(self.srv))
        daemon = rss_kib(self.daemon)
        self.seen[label] = (apache, daemon)
        print("%-28s Apache %8d KiB  daemon %7d KiB  daemon fds %5d"
              % (label, apache, daemon, fds(self.daemon)), flush=True)
        return apache, daemon

    def per_socket(self, before, after):
        (a0, d0), (a1, d1) = self.seen[before], self.seen[after]
        print("per WebSocket: Apache %.1f KiB, daemon %.1f KiB"
              % ((a1 - a0) / N, (d1 - d0) / N), flush=True)
        return (a1 - a0) / N, (d1 - d0) / N


def start_server(httpd):
    srv = asgi_server(httpd, CONFIG, start=False)
    srv.start(timeout=60)
    srv.wait_ok("/ws/who")
    # every child up with its threads before the first measurement
    assert poll(lambda: len(apache_pids(srv)) == CHILDREN + 1, timeout=30), \
        apache_pids(srv)
    assert poll(lambda: all(int((proc_status(p) or {}).get("Threads", 0))
                            > THREADS for p in apache_pids(srv)
                            if p != srv.pid), timeout=30)
    (daemon,) = srv.daemon_pids(USER_A)
    return srv, daemon


async def open_all(srv, client):
    """N WebSockets, IN_FLIGHT handshakes at a time, each checked with
    one echo; all of them aborted if any fails."""
    sem = asyncio.Semaphore(IN_FLIGHT)

    async def one(i):
        async with sem:
            ws = await client.connect(url(srv, "/ws/echo?m%d" % i),
                                      ping_interval=None, compression=None,
                                      open_timeout=30, close_timeout=30)
            await ws.send("hello %d" % i)
            assert await ws.recv() == "hello %d" % i
            return ws
    got = await asyncio.gather(*(one(i) for i in range(N)),
                               return_exceptions=True)
    failed = [g for g in got if isinstance(g, BaseException)]
    if failed:
        abort_all([g for g in got if not isinstance(g, BaseException)])
        raise AssertionError("%d of %d WebSockets failed to open, the first "
                             "with %r" % (len(failed), N, failed[0]))
    return got


def abort_all(socks):
    """After a failure: no client socket left to wait for its close
    handshake (close_timeout each) in asyncio.run()'s cleanup."""
    for ws in socks:
        ws.transport.abort()


async def echo_all(socks):
    async def one(i, ws):
        await ws.send("again %d" % i)
        return await ws.recv() == "again %d" % i
    return await asyncio.gather(*(one(i, ws) for i, ws in enumerate(socks)))


async def http_while_open(srv, daemon):
    """Three GETs to the same group, off the event loop: (worst time,
    statuses); the daemon's pid answers, so it is the same process."""
    loop = asyncio.get_running_loop()
    worst, answers = 0.0, []
    for _ in range(3):
        t0 = time.monotonic()
        st, _, body = await loop.run_in_executor(
            None, lambda: srv.get("/ws/who", timeout=20))
        worst = max(worst, time.monotonic() - t0)
        answers.append((st, body))
    return worst, answers


def markers(srv):
    """The close code and reason the application heard on each socket."""
    out = {}
    for i in range(N):
        path = os.path.join(srv.scratch, "m%d" % i)
        if os.path.exists(path) and os.path.getsize(path):
            with open(path) as f:
                out[i] = f.read()
    return out


@pytest.mark.skipif(MPM == "prefork", reason="a WebSocket holds a whole "
                    "process under prefork: 1,000 of them is no test")
def test_a_thousand_idle_websockets(httpd, nofile):
    """(About 7 s, 40 on a loaded machine.)  1,000 WebSockets open at once on one daemon
    process: after 5 s idle each echoes, HTTP to the group is answered
    within seconds, each client close code reaches the application and
    comes back to the client; the descriptors are given back and the
    group serves on."""
    client = _client()
    srv, daemon = start_server(httpd)
    meter = Meter(srv, daemon)
    base_fds = fds(daemon)
    meter.take("before")

    async def with_all_open(socks):
        meter.take("%d open" % N)
        # the daemon holds every one of them at once (its base
        # descriptors may include a kept link that has gone since)
        assert fds(daemon) >= N
        await asyncio.sleep(IDLE)
        meter.take("%d open, %d s idle" % (N, IDLE))
        assert all(ws.open for ws in socks)
        worst, answers = await http_while_open(srv, daemon)
        print("HTTP with %d WebSockets open: slowest %.2f s" % (N, worst))
        echoed = await echo_all(socks)
        await asyncio.gather(*(ws.close(4000 + i, "bye %d" % i)
                               for i, ws in enumerate(socks)))
        return worst, answers, echoed, [ws.close_code for ws in socks]

    async def scenario():
        t0 = time.monotonic()
        socks = await open_all(srv, client)
        print("%d WebSockets opened in %.1f s" % (N, time.monotonic() - t0))
        try:
            return await with_all_open(socks)
        except BaseException:
            abort_all(socks)
            raise

    worst, answers, echoed, codes = asyncio.run(
        asyncio.wait_for(scenario(), 120))
    assert all(st == 200 for st, _ in answers), answers
    assert all(b'"pid": %d' % daemon in body for _, body in answers), answers
    assert worst < 5, worst
    assert echoed.count(True) == N
    assert codes == [4000 + i for i in range(N)]
    heard = poll(lambda: len(markers(srv)) == N and markers(srv), timeout=20)
    assert heard, "%d of %d closes heard" % (len(markers(srv)), N)
    assert all(heard[i] == "%d bye %d" % (4000 + i, i) for i in range(N))

    # every link given back; the same process serves on
    assert poll(lambda: fds(daemon) < base_fds + 20, timeout=20), fds(daemon)
    meter.take("all closed")
    apache, daemon_cost = meter.per_socket("before", "%d open, %d s idle"
                                           % (N, IDLE))
    # measured about 52 and 9 KiB (docs/asgi.md); five times that and more
    # (AddressSanitizer's shadow memory makes the figures mean nothing)
    assert SANITIZED or (apache < 256 and daemon_cost < 64), \
        (apache, daemon_cost)

    async def again():
        async with client.connect(url(srv, "/ws/echo"),
                                  ping_interval=None) as ws:
            await ws.send("after")
            return await ws.recv()
    assert asyncio.run(asyncio.wait_for(again(), 30)) == "after"
    st, _, body = srv.get("/ws/who")
    assert st == 200 and b'"pid": %d' % daemon in body
    assert srv.daemon_pids(USER_A) == [daemon]
