"""Limits the Apache child enforces on a daemon group: header-buffer-size=,
queue-timeout=, a full listen queue."""

import threading
import time

from conftest import USER_A

APPS = """
WSGIScriptAlias /big @APPS@/bigheader.wsgi process-group=t
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=t
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=t
<Directory @APPS@>
    Require all granted
</Directory>
"""


def test_header_buffer_size_limits_response_headers(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s header-buffer-size=2048\n"
                % USER_A + APPS)
    assert srv.request("GET", "/big?size=1000")[0] == 200
    st, hd, _ = srv.request("GET", "/big?size=4000")
    assert st == 502
    assert "X-Big" not in hd
    srv.expect_log(r"GW01028: application of group 't' sent response "
                   r"headers of \d+ bytes, over header-buffer-size \(2048\)")


def test_default_header_buffer_size_takes_a_4k_header(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s\n" % USER_A + APPS)
    st, hd, _ = srv.request("GET", "/big?size=4000")
    assert st == 200 and len(hd["X-Big"]) == 4000


def _in_background(srv, path, out, key):
    def run():
        t0 = time.monotonic()
        st, _, body = srv.request("GET", path)
        out[key] = (st, time.monotonic() - t0, body)
    t = threading.Thread(target=run)
    t.start()
    return t


def test_queue_timeout_answers_504_without_running_the_request(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "queue-timeout=1\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    out = {}
    busy = _in_background(srv, "/sleep?before=4", out, "busy")
    time.sleep(0.5)
    t0 = time.monotonic()
    st, _, _ = srv.request("GET", "/hello")
    assert st == 504
    assert time.monotonic() - t0 < 3
    busy.join()
    assert out["busy"][0] == 200
    srv.expect_log(r"GW01029: the request waited queue-timeout \(1 s\) for "
                   r"a process of daemon group 't'")


def test_full_listen_queue_gives_a_quick_503(httpd):
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "listen-backlog=1\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    out = {}
    threads = [_in_background(srv, "/sleep?before=4", out, i)
               for i in range(6)]
    for t in threads:
        t.join()
    quick_503 = [v for v in out.values() if v[0] == 503 and v[1] < 2.5]
    served = [v for v in out.values() if v[0] == 200]
    assert quick_503, out
    assert served, out
    assert len(quick_503) + len(served) == 6, out
    srv.expect_log(r"GW01002: cannot connect to daemon group 't'")


def test_slow_uploader_to_an_app_that_ignores_the_body_pins_no_thread(
        httpd):
    import socket
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 threads=1 "
                "socket-timeout=3\n" % USER_A + APPS)
    assert srv.request("GET", "/hello")[0] == 200
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    try:
        s.sendall(b"POST /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Length: 1000000\r\n\r\n" + b"x" * 100)
        time.sleep(0.5)
        # The group's only thread is free for other requests meanwhile.
        t0 = time.monotonic()
        assert srv.request("GET", "/hello")[0] == 200
        assert time.monotonic() - t0 < 2
    finally:
        s.close()
