"""Reloads without loss: `apachectl graceful` while clients keep sending,
including a long request and a slow upload."""

import hashlib
import http.client
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
