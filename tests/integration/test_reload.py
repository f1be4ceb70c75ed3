"""Reloads without loss: `apachectl graceful` while clients keep sending,
including a long request and a slow upload."""

import hashlib
import http.client
import os
import subprocess
import threading
import time

from conftest import APACHE, USER_A

CONFIG = """
WSGIDaemonProcess r user=%s processes=2 threads=4 graceful-timeout=15
WSGIProcessGroup r
WSGIApplicationGroup %%{GLOBAL}
WSGIScriptAlias /hello @APPS@/hello.wsgi
WSGIScriptAlias /sleep @APPS@/sleep.wsgi
WSGIScriptAlias /echo @APPS@/echo.wsgi
WSGIScriptAlias /lastword @APPS@/lastword.wsgi
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A


class Clients:
    def __init__(self, port):
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.ok = {}
        self.failures = []
        self.threads = []

    def record(self, kind, err=None):
        with self.lock:
            if err is None:
                self.ok[kind] = self.ok.get(kind, 0) + 1
            else:
                self.failures.append("%s: %s" % (kind, err))

    def run(self, kind, fn):
        def loop():
            while not self.stop.is_set():
                try:
                    err = fn()
                except Exception as e:      # a failed request is the data
                    err = repr(e)
                self.record(kind, err)
        t = threading.Thread(target=loop, daemon=True)
        t.start()
        self.threads.append(t)

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def hello(self):
        c = self.conn()
        c.request("GET", "/hello")
        r = c.getresponse()
        body = r.read()
        c.close()
        if r.status != 200 or body != b"Hello World!":
            return "status %d body %r" % (r.status, body[:80])
        return None

    def long(self):
        c = self.conn()
        c.request("GET", "/sleep?before=5")
        r = c.getresponse()
        body = r.read()
        c.close()
        if r.status != 200 or body != b"first\nsecond\n":
            return "status %d body %r" % (r.status, body[:80])
        return None

    def slow_upload(self):
        data = bytes(range(256)) * 4096          # 1 MiB
        want = hashlib.sha256(data).hexdigest()

        def pieces():
            for i in range(0, len(data), 64 << 10):
                time.sleep(0.15)
                yield data[i:i + (64 << 10)]
        c = self.conn()
        c.request("POST", "/echo", body=pieces(), encode_chunked=True,
                  headers={"Transfer-Encoding": "chunked"})
        r = c.getresponse()
        body = r.read()
        c.close()
        if r.status != 200 or want.encode() not in body:
            return "status %d body %r" % (r.status, body[:120])
        return None

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=90)


def test_twenty_graceful_restarts_lose_no_request(httpd):
    srv = httpd(CONFIG)
    first = set(srv.wait_daemon_pids(USER_A, 2, timeout=10))
    clients = Clients(srv.port)
    for _ in range(4):
        clients.run("hello", clients.hello)
    clients.run("long", clients.long)
    clients.run("upload", clients.slow_upload)
    time.sleep(1)
    for _ in range(20):
        r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                           env=srv.env(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=30)
        assert r.returncode == 0, r.stdout
        time.sleep(0.5)
    time.sleep(1)
    clients.finish()
    assert clients.failures == []
    assert clients.ok.get("hello", 0) > 100, clients.ok
    assert clients.ok.get("long", 0) >= 2, clients.ok
    assert clients.ok.get("upload", 0) >= 3, clients.ok
    # new requests went to a new generation of processes
    now = set(srv.wait_daemon_pids(USER_A, 2, timeout=20))
    assert now and not (now & first)


def test_graceful_restart_does_not_wait_for_long_requests(httpd):
    """New requests reach the new generation at once, while a request
    started before the reload finishes in the old one."""
    srv = httpd(CONFIG)
    first = set(srv.wait_daemon_pids(USER_A, 2, timeout=10))
    result = {}

    def long_request():
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        c.request("GET", "/sleep?before=6")
        r = c.getresponse()
        result["long"] = (r.status, r.getheader("X-Pid"), r.read())

    t = threading.Thread(target=long_request)
    t.start()
    time.sleep(0.5)
    subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                   env=srv.env(), check=True, timeout=30)
    t0 = time.monotonic()
    new_pid = None
    while time.monotonic() - t0 < 4:
        st, hd, _ = srv.request("GET", "/sleep")
        assert st == 200
        if int(hd["X-Pid"]) not in first:
            new_pid = int(hd["X-Pid"])
            break
        time.sleep(0.1)
    assert new_pid, "no request reached a new process within 4 s"
    assert "long" not in result, "the long request should still run"
    t.join(timeout=30)
    st, pid, body = result["long"]
    assert st == 200 and body == b"first\nsecond\n"
    assert int(pid) in first
    # the retired process, done with it, ends and says so
    srv.expect_log(r"GW02011: retired daemon process %d of group 'r' "
                   r"\(earlier configuration\) exited with status 0$"
                   % int(pid))


def test_plain_restart_lets_the_daemon_finish_the_request_in_flight(httpd):
    """apachectl restart (SIGHUP): httpd stops its own children at once,
    so the client of a request in flight loses its connection (httpd's
    doing, not ours).  The daemon still finishes that request: the app's
    work is done, not cut; new requests go to the new generation."""
    srv = httpd(CONFIG)
    first = set(srv.wait_daemon_pids(USER_A, 2, timeout=10))
    marker = os.path.join(srv.scratch, "lastword")
    result = {}

    def in_flight():
        try:
            result["st"] = srv.request("GET", "/lastword?secs=3&marker="
                                       + marker, timeout=30)[0]
        except Exception as e:          # the expected end: httpd cut it
            result["st"] = repr(e)

    t = threading.Thread(target=in_flight)
    t.start()
    time.sleep(0.5)
    restarted = time.time()
    subprocess.run([APACHE, "-f", srv.conf_path, "-k", "restart"],
                   env=srv.env(), check=True, timeout=30)
    # New requests are served by the new generation.
    deadline = time.monotonic() + 15
    while True:
        try:
            st, hd, _ = srv.request("GET", "/sleep", timeout=10)
            if st == 200 and int(hd["X-Pid"]) not in first:
                break
        except (OSError, http.client.HTTPException):
            pass
        assert time.monotonic() < deadline, "no new process served"
        time.sleep(0.1)
    t.join(timeout=30)
    # The request's own end ran, in an old process, after the restart.
    deadline = time.monotonic() + 10
    while not os.path.exists(marker):
        assert time.monotonic() < deadline, "the request did not finish"
        time.sleep(0.05)
    with open(marker) as f:
        done = f.read().split()
    assert done[0] == "done" and int(done[1]) in first, done
    assert os.stat(marker).st_mtime >= restarted + 2
    srv.expect_log(r"GW02011: retired daemon process %s of group 'r' "
                   r"\(earlier configuration\) exited with status 0$"
                   % done[1])
    # what the client got is httpd's business (the connection is cut)
    srv.allow_log(r"GW05020: |GW01012: ")
