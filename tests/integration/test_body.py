"""Request bodies that end badly, and HEAD: what the application sees
must never be silently wrong."""

import socket
import time

import pytest

from conftest import module_server, per_test_view

CONFIG = """
WSGIDaemonProcess body processes=1 threads=4
WSGIProcessGroup body
WSGIApplicationGroup %{GLOBAL}
WSGIScriptAlias /echo @APPS@/echo.wsgi
WSGIScriptAlias /hello @APPS@/hello.wsgi
<Directory @APPS@>
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module")
def body_module(test_users):
    yield from module_server(CONFIG, "body")


@pytest.fixture
def body(request, body_module):
    yield from per_test_view(request, body_module)


def send_and_vanish(srv, head, data):
    """Sends a request head and part of its body, then closes: a client
    that went away mid-upload."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(head + data)
    time.sleep(0.3)     # let the partial body reach the application
    s.close()


def test_truncated_chunked_upload_is_an_error_for_the_app(body):
    head = (b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    send_and_vanish(body, head, b"5\r\nhello\r\n" + b"1000\r\n" + b"x" * 100)
    # The app must get an error from wsgi.input, not a short body that
    # looks complete: its traceback names the truncation.
    body.expect_log(r"request body truncated.*chunked")
    body.allow_log(r"\[gateway:error\]")


def test_truncated_sized_upload_is_an_error_for_the_app(body):
    head = (b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Length: 100000\r\n\r\n")
    send_and_vanish(body, head, b"y" * 1000)
    body.expect_log(r"request body truncated.*of 100000 bytes")
    body.allow_log(r"\[gateway:error\]")


def test_empty_chunked_body(body):
    st, _, data = body.request("POST", "/echo", body=iter([]), chunked=True)
    assert st == 200
    assert b'"len": 0' in data


def test_head_has_headers_and_no_body(body):
    st, hd, data = body.request("HEAD", "/hello")
    assert st == 200
    assert data == b""
    assert hd["Content-Type"].startswith("text/plain")
