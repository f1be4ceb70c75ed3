"""Kept links: an Apache child keeps its connection to a daemon process
open after a complete response and sends its next request on it.  What a
sysadmin must be able to rely on: it is really kept (fewer connections),
a link the daemon closed meanwhile (killed, restarted, busy) never costs a
request or logs an error, and a busy process never holds requests on its
links while another process of the group is free."""

import concurrent.futures
import hashlib
import json
import os
import re
import signal
import time

from conftest import USER_A, poll

# One Apache child, so every request shares one pool of kept links.
_ONE_CHILD = """    StartServers 1
    ServerLimit 1
    ThreadsPerChild 16
    MaxRequestWorkers 16
    MinSpareThreads 1
    MaxSpareThreads 16
"""
ONE_CHILD = "".join("<IfModule %s>\n%s</IfModule>\n" % (mpm, _ONE_CHILD)
                    for mpm in ("mpm_event_module", "mpm_worker_module"))

CONFIG = ONE_CHILD + """
WSGIDaemonProcess k user=%s processes=%d threads=%d
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=k
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=k
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=k
WSGIScriptAlias /echo @APPS@/echo.wsgi process-group=k
<Directory @APPS@>
    Require all granted
</Directory>
"""


def _links(pid):
    """Inodes of the connected sockets daemon process `pid` holds: its
    kept links (fd 3, the group socket, is not one)."""
    found = set()
    fd_dir = "/proc/%d/fd" % pid
    for name in os.listdir(fd_dir):
        if name == "3":
            continue
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except FileNotFoundError:
            continue
        m = re.match(r"socket:\[(\d+)\]$", target)
        if m:
            found.add(int(m.group(1)))
    return found


def test_sequential_requests_share_one_kept_link(httpd):
    srv = httpd(CONFIG % (USER_A, 1, 4))
    (pid,) = srv.wait_daemon_pids(USER_A, 1)
    # Measured once the server is up: while the daemon's Python starts
    # and the Apache child creates its threads, the thread that answered
    # a request can be held up between sending the response and putting
    # the link back, and the next request opens a second link.
    srv.expect_log(r"\[pid %d:tid \d+\] \[group k\] GW03009: " % pid)
    assert srv.get("/hello")[0] == 200
    first = poll(lambda: _links(pid))
    assert len(first) == 1, first
    # Each on a new client connection: the link belongs to the Apache
    # child, not to the client.
    for _ in range(20):
        st, _, body = srv.get("/hello")
        assert (st, body) == (200, b"Hello World!")
    assert _links(pid) == first


def test_links_to_a_killed_process_cost_no_request(httpd):
    srv = httpd(CONFIG % (USER_A, 1, 4))
    (pid,) = srv.wait_daemon_pids(USER_A, 1)
    # Several links at once, all kept in the child's pool.
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        for st, _, _ in ex.map(lambda _: srv.get("/sleep?before=0.3"),
                               range(4)):
            assert st == 200
    assert len(poll(lambda: len(_links(pid)) >= 2 and _links(pid))) >= 2
    os.kill(pid, signal.SIGKILL)
    srv.expect_log(r"GW02002: daemon process %d of group 'k' was killed "
                   r"by signal 9 \(SIGKILL\)" % pid)
    (new,) = srv.wait_daemon_pids(USER_A, 1, exclude=(pid,))
    # Every kept link is dead now; each request finds one, and is sent
    # again over a fresh connection instead of failing.
    for _ in range(6):
        st, _, body = srv.get("/pid")
        assert (st, body) == (200, str(new).encode())
    # No GW01019/GW01023/GW01012 line: the harness fails the test on any
    # error line not expected above.


def test_busy_process_does_not_hold_requests_on_its_links(httpd):
    # threads=1: a process serving one request is saturated.
    srv = httpd(CONFIG % (USER_A, 2, 1))
    pids = srv.wait_daemon_pids(USER_A, 2)
    # Links to both processes in the child's pool.
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        for _ in range(3):
            for st, _, _ in ex.map(lambda _: srv.get("/sleep?before=0.2"),
                                   range(6)):
                assert st == 200
    assert poll(lambda: all(_links(p) for p in pids)), \
        "no kept link to one of %r" % pids
    with concurrent.futures.ThreadPoolExecutor(5) as ex:
        slow = ex.submit(srv.get, "/sleep?before=4")
        time.sleep(0.5)                  # the slow one is running
        for _ in range(4):
            t0 = time.monotonic()
            fast = list(ex.map(lambda _: srv.get("/pid"), range(4)))
            took = time.monotonic() - t0
            assert [f[0] for f in fast] == [200] * 4
            assert took < 2, "fast requests waited %.1f s behind a busy " \
                             "process" % took
        st, hd, _ = slow.result()
        assert st == 200
        busy = int(hd["X-Pid"])
        assert busy in pids
        # Every fast one was served by the free process.
        assert {int(f[2]) for f in fast} == set(pids) - {busy}


def test_link_stays_usable_after_a_body_the_app_did_not_read(httpd):
    srv = httpd(CONFIG % (USER_A, 1, 2))
    (pid,) = srv.wait_daemon_pids(USER_A, 1)
    # hello.wsgi never reads its input: the daemon must not keep a link
    # with body bytes still unread on it, nor may they turn into the next
    # request.
    for size in (10, 70000, 1 << 20):
        st, _, body = srv.request("POST", "/hello", body=b"x" * size)
        assert (st, body) == (200, b"Hello World!")
        data = b"y" * size
        st, _, body = srv.request("POST", "/echo", body=data)
        assert st == 200
        assert json.loads(body) == {
            "len": size, "sha256": hashlib.sha256(data).hexdigest()}
        st, _, body = srv.get("/pid")
        assert (st, body) == (200, str(pid).encode())


def test_forked_child_of_the_app_does_not_keep_links_alive(httpd):
    # A forked child that outlives the process must not hold the kept
    # links open: the Apache child would send its next request on one
    # and wait for socket-timeout instead of connecting afresh.  (In the
    # main interpreter: Python 3.11 cannot fork from a sub-interpreter.)
    srv = httpd(CONFIG % (USER_A, 1, 2)
                + "WSGIScriptAlias /fork @APPS@/forker.wsgi process-group=k "
                  "application-group=%{GLOBAL}\n")
    (pid,) = srv.wait_daemon_pids(USER_A, 1)
    st, _, body = srv.get("/fork")
    assert st == 200
    child = int(body)
    try:
        for _ in range(3):
            assert srv.get("/pid")[2] == str(pid).encode()
        links = _links(pid)
        assert links and not links & _links(child), \
            "the forked child holds the daemon's links"
        os.kill(pid, signal.SIGKILL)
        srv.expect_log(r"GW02002: daemon process %d of group 'k' was "
                       r"killed by signal 9" % pid)
        (new,) = srv.wait_daemon_pids(USER_A, 1, exclude=(pid, child))
        t0 = time.monotonic()
        st, _, body = srv.get("/pid")
        assert (st, body) == (200, str(new).encode())
        assert time.monotonic() - t0 < 3
    finally:
        os.kill(child, signal.SIGKILL)


def test_asgi_links_given_back_at_once_are_kept(httpd):
    """An ASGI group's kept links: the event loop may answer a request
    and give its link back before the worker thread that handed it over
    has finished with it; under concurrent requests every link is kept
    all the same (no GW03051, which used to close it), and stays one of
    few."""
    from test_asgi import asgi_server
    srv = asgi_server(httpd, ONE_CHILD + """
WSGIDaemonProcess ka user=%s processes=1 threads=4 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /raw @ROOT@/asgi/raw_app.py process-group=ka
""" % USER_A)
    (pid,) = srv.wait_daemon_pids(USER_A, 1)

    def burst(_):
        for _ in range(150):
            st, _, body = srv.get("/raw/who")
            assert st == 200 and json.loads(body)["pid"] == pid

    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        list(ex.map(burst, range(8)))
    assert "GW03051" not in srv._log_since_mark()
    assert 1 <= len(_links(pid)) <= 16
