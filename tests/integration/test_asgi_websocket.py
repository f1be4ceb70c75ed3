"""WebSockets of ASGI applications (protocol=asgi, docs/asgi.md): the
Apache child checks the handshake and tunnels the connection, the
daemon's event loop speaks RFC 6455.  The client is Debian's
python3-websockets (its asyncio API: 10.4 has no sync client).

The applications are in tests/integration/fixtures/asgi (ws_app.py,
starlette_ws.py), copied into each server's root as @ROOT@/asgi."""

import asyncio
import json
import os
import socket
import subprocess
import time

import pytest

from conftest import APACHE, MPM, USER_A, free_port, make_tls_cert, \
    poll, require_debian_python, tls_config, tls_context
from test_asgi import asgi_server

WS = """
WSGIDaemonProcess aws user=%s processes=1 threads=2 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /ws @ROOT@/asgi/ws_app.py process-group=aws
""" % USER_A

KEY = "dGhlIHNhbXBsZSBub25jZQ=="        # RFC 6455 1.3's sample


@pytest.fixture(scope="module", autouse=True)
def _websockets_installed():
    require_debian_python("import websockets.client", "python3-websockets")


def _client():
    import websockets.client
    return websockets.client


def url(srv, path):
    return "ws://127.0.0.1:%d%s" % (srv.port, path)


def run(coro, timeout=60):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def marker(srv, name, timeout=10):
    path = os.path.join(srv.scratch, name)
    poll(lambda: os.path.exists(path) and os.path.getsize(path), timeout)
    with open(path) as f:
        return f.read()


def raw_handshake(srv, path, headers):
    """A handshake written by hand: (status line, headers, rest)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
                   % (path, "".join("%s: %s\r\n" % h for h in headers)))
                  .encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return lines[0], {k.lower(): v for k, v in
                      (l.split(": ", 1) for l in lines[1:] if ": " in l)}, \
        rest


def test_echo_text_and_binary_and_a_10_mib_message(httpd):
    """Text and binary messages come back as sent, a 10 MiB one too; the
    101 carries the accept key the client checks, no extension (the
    client offered permessage-deflate) and the application's cookie."""
    srv = asgi_server(httpd, WS)

    async def talk():
        async with _client().connect(url(srv, "/ws/echo"), max_size=None,
                                     ping_interval=None) as ws:
            await ws.send("héllo wörld")
            assert await ws.recv() == "héllo wörld"
            await ws.send(b"\x00\x01\xff" * 1000)
            assert await ws.recv() == b"\x00\x01\xff" * 1000
            big = os.urandom(10 << 20)
            await ws.send(big)
            assert await ws.recv() == big
            assert ws.subprotocol is None
            assert ws.response_headers["Set-Cookie"] == "room=lobby"
            assert "Sec-WebSocket-Extensions" not in ws.response_headers
            pong = await ws.ping(b"are you there")
            await asyncio.wait_for(pong, 5)
    run(talk())
    # HTTP to the same group goes on
    assert srv.get("/ws/who")[0] == 200


def test_scope_of_a_websocket(httpd):
    """The websocket scope: type, scheme ws, path relative to the mount,
    raw_path, query_string, root_path, headers, subprotocols, no
    method, no control values."""
    srv = asgi_server(httpd, WS)

    async def talk():
        async with _client().connect(
                url(srv, "/ws/echo?a=1&b=%20"), ping_interval=None,
                subprotocols=["chat.v1", "other"],
                extra_headers={"X-Custom": "yes"}) as ws:
            await ws.send("scope")
            return json.loads(await ws.recv())
    scope = run(talk())
    assert scope["type"] == "websocket"
    assert scope["scheme"] == "ws"
    assert scope["path"] == "/echo"
    assert scope["root_path"] == "/ws"
    assert scope["raw_path"] == "/ws/echo"
    assert scope["query_string"] == "a=1&b=%20"
    assert scope["subprotocols"] == ["chat.v1", "other"]
    assert scope["http_version"] == "1.1"
    assert "method" not in scope
    headers = dict(scope["headers"])
    assert headers["x-custom"] == "yes"
    assert headers["upgrade"].lower() == "websocket"
    assert not any("gateway" in k for k in headers)
    assert scope["client"][0] == "127.0.0.1"


def test_websockets_over_tls(httpd):
    """wss through mod_ssl: the tunnel goes through the connection's
    filters, so TLS works; the scope says wss; big messages cross in
    both directions."""
    port = free_port()
    srv = asgi_server(httpd, WS + tls_config(port), start=False)
    make_tls_cert(srv)
    srv.start()

    async def talk():
        async with _client().connect(
                "wss://127.0.0.1:%d/ws/echo" % port, ssl=tls_context(),
                max_size=None, ping_interval=None) as ws:
            await ws.send("scope")
            scope = json.loads(await ws.recv())
            big = os.urandom(3 << 20)
            await ws.send(big)
            assert await ws.recv() == big
            for i in range(50):
                await ws.send("m%d" % i)
            assert [await ws.recv() for _ in range(50)] == \
                ["m%d" % i for i in range(50)]
            return scope["scheme"]
    assert run(talk()) == "wss"


def test_subprotocol_negotiation(httpd):
    """The application picks a subprotocol among those offered; the
    client sees it in the 101; offering none gets none."""
    srv = asgi_server(httpd, WS)

    async def talk(offer):
        async with _client().connect(url(srv, "/ws/echo"),
                                     subprotocols=offer,
                                     ping_interval=None) as ws:
            await ws.send("x")
            await ws.recv()
            return ws.subprotocol
    assert run(talk(["chat.v1", "chat.v2"])) == "chat.v2"
    assert run(talk(["chat.v1"])) == "chat.v1"
    assert run(talk(["mqtt"])) is None


def test_close_codes_both_ways(httpd):
    """A client's close code and reason reach the application's
    websocket.disconnect; an application's close code and reason reach
    the client, and the application then hears the client's answer."""
    srv = asgi_server(httpd, WS)

    async def client_closes():
        ws = await _client().connect(url(srv, "/ws/echo?client-close"),
                                     ping_interval=None)
        await ws.send("x")
        await ws.recv()
        await ws.close(4001, "bye now")
    run(client_closes())
    assert marker(srv, "client-close") == "4001 bye now"

    async def app_closes():
        ws = await _client().connect(url(srv, "/ws/echo?app-close"),
                                     ping_interval=None)
        await ws.send("close 4002 going home")
        await ws.wait_closed()
        return ws.close_code, ws.close_reason
    assert run(app_closes()) == (4002, "going home")
    assert marker(srv, "app-close") == "after close: websocket.disconnect " \
        "4002"


def test_an_application_that_refuses_is_403(httpd):
    """Closed before accepting: 403 (the Apache child's own, logged at
    info); raising before accepting: 500 with a traceback; returning
    without either: 500.  The group serves on."""
    srv = asgi_server(httpd, WS)
    import websockets.exceptions

    async def attempt(path):
        async with _client().connect(url(srv, path), ping_interval=None):
            pass
    for path, status in (("/ws/refuse", 403), ("/ws/raise", 500),
                         ("/ws/silent", 500)):
        with pytest.raises(websockets.exceptions.InvalidStatusCode) as e:
            run(attempt(path))
        assert e.value.status_code == status, path
    srv.expect_log(r"GW01192: the application of group 'aws' closed the "
                   r"WebSocket of /ws/refuse before accepting it; answering "
                   r"403")
    srv.expect_log(r"GW02303: ASGI application 'application' of .*ws_app.py "
                   r"raised an exception for WebSocket /ws/raise before "
                   r"accepting it")
    srv.expect_log(r"GW02304: .*RuntimeError: refusing by raising")
    srv.allow_log(r"GW02304: ")
    srv.expect_log(r"GW02308: .* returned for WebSocket /ws/silent without "
                   r"accepting or closing it")
    srv.allow_log(r"GW01010: .*(RuntimeError: refusing by raising|without "
                  r"accepting or closing)")
    assert srv.get("/ws/who")[0] == 200


def test_request_timeout_bounds_the_wait_for_the_accept(httpd):
    """request-timeout= as for HTTP: an application that does not accept
    in time gets its task cancelled and the client 504; an accepted
    WebSocket outlives it."""
    srv = asgi_server(httpd, WS.replace("protocol=asgi",
                                        "protocol=asgi request-timeout=1"))
    import websockets.exceptions

    async def attempt():
        async with _client().connect(url(srv, "/ws/slow-accept?30"),
                                     ping_interval=None):
            pass
    t0 = time.monotonic()
    with pytest.raises(websockets.exceptions.InvalidStatusCode) as e:
        run(attempt())
    assert e.value.status_code == 504 and time.monotonic() - t0 < 10
    srv.expect_log(r"GW01030: .*request-timeout \(1 s\); answering 504")
    srv.expect_log(r"GW02241: request /ws/slow-accept\?30 ran past "
                   r"request-timeout")

    async def long_lived():
        async with _client().connect(url(srv, "/ws/slow-accept?0.1"),
                                     ping_interval=None) as ws:
            await asyncio.sleep(2.5)
            await ws.send("x")
            await ws.close(4005)
            return ws.close_code
    assert run(long_lived()) == 4005


def test_a_header_a_101_may_not_carry_is_refused_to_the_application(httpd):
    """websocket.accept with Sec-WebSocket-Extensions raises ValueError
    in the application (the daemon refuses it before it goes out); the
    application accepts without it and closes with its own code."""
    srv = asgi_server(httpd, WS)

    async def talk():
        ws = await _client().connect(url(srv, "/ws/bad-header"),
                                     ping_interval=None)
        await ws.wait_closed()
        return ws.close_code, ws.close_reason
    assert run(talk()) == (4400, "ValueError")


def test_bad_handshakes_are_refused_by_the_apache_child(httpd):
    """No key, version 8, no Connection: upgrade, POST: 400 from the
    Apache child with a log line naming what was wrong; version 8 is
    told which version is served.  RFC 6455's sample key gets its sample
    accept value."""
    srv = asgi_server(httpd, WS)
    base = [("Upgrade", "websocket"), ("Connection", "Upgrade"),
            ("Sec-WebSocket-Version", "13")]
    status, headers, _ = raw_handshake(srv, "/ws/echo", base)
    assert status == "HTTP/1.1 400 Bad Request", status
    srv.expect_log(r"GW01190: WebSocket handshake for /ws/echo refused: no "
                   r"Sec-WebSocket-Key; answering 400")
    status, headers, _ = raw_handshake(
        srv, "/ws/echo", base[:2] + [("Sec-WebSocket-Version", "8"),
                                     ("Sec-WebSocket-Key", KEY)])
    assert status == "HTTP/1.1 400 Bad Request", status
    assert headers["sec-websocket-version"] == "13"
    srv.expect_log(r"GW01190: .*refused: Sec-WebSocket-Version 8, not 13")
    status, _, _ = raw_handshake(
        srv, "/ws/echo", base + [("Sec-WebSocket-Key", "c2hvcnQ=")])
    assert status == "HTTP/1.1 400 Bad Request", status
    srv.expect_log(r"GW01190: .*Sec-WebSocket-Key is not 16 base64-coded "
                   r"bytes")
    status, _, _ = raw_handshake(
        srv, "/ws/echo", [("Upgrade", "websocket"), ("Connection",
                          "keep-alive"), ("Sec-WebSocket-Version", "13"),
                          ("Sec-WebSocket-Key", KEY)])
    assert status == "HTTP/1.1 400 Bad Request", status
    srv.expect_log(r"GW01190: .*refused: no Connection: upgrade")
    # a good one by hand: RFC 6455 1.3's sample key and accept value
    status, headers, _ = raw_handshake(
        srv, "/ws/echo", base + [("Sec-WebSocket-Key", KEY)])
    assert status == "HTTP/1.1 101 Switching Protocols", status
    assert headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    assert headers["upgrade"] == "websocket"
    assert headers["connection"] == "Upgrade"


def test_a_message_over_the_limit_is_closed_with_1009(httpd):
    """One message over 16 MiB (the limit, uvicorn's ws_max_size) fails
    the connection with 1009, logged at info; a message of exactly the
    limit is fine."""
    srv = asgi_server(httpd, WS)

    async def talk(n):
        ws = await _client().connect(url(srv, "/ws/echo"), max_size=None,
                                     ping_interval=None, close_timeout=30)
        try:
            await ws.send(b"x" * n)
            got = await ws.recv()
            assert len(got) == n
            await ws.close()
        except Exception:
            await ws.wait_closed()
        return ws.close_code
    assert run(talk(16 << 20)) == 1000
    assert run(talk((16 << 20) + 1)) == 1009
    srv.expect_log(r"GW02302: the client of WebSocket /ws/echo broke the "
                   r"protocol \(message over the size limit\); closing it "
                   r"with 1009")


def test_several_concurrent_websockets(httpd):
    """Twenty WebSockets at once on one process, their messages
    interleaved: each gets its own back."""
    srv = asgi_server(httpd, WS)

    async def one(i):
        async with _client().connect(url(srv, "/ws/echo"),
                                     ping_interval=None) as ws:
            for j in range(5):
                await ws.send("%d-%d" % (i, j))
                assert await ws.recv() == "%d-%d" % (i, j)
                await asyncio.sleep(0.01)

    async def all_():
        await asyncio.gather(*(one(i) for i in range(20)))
    run(all_())


def test_idle_websockets_do_not_block_http_of_the_group(httpd):
    """With threads=1, five open idle WebSockets hold no worker thread
    of the daemon: HTTP requests to the same group are answered at
    once, by the same process."""
    srv = asgi_server(httpd, WS.replace("threads=2", "threads=1"))

    async def talk():
        socks = [await _client().connect(url(srv, "/ws/echo"),
                                         ping_interval=None)
                 for _ in range(5)]
        socks[0].send
        await socks[0].send("who")
        pid = json.loads(await socks[0].recv())["pid"]
        loop = asyncio.get_running_loop()
        t0 = time.monotonic()
        for _ in range(5):
            st, _, body = await loop.run_in_executor(
                None, lambda: srv.get("/ws/who", timeout=10))
            assert st == 200 and json.loads(body)["pid"] == pid
        elapsed = time.monotonic() - t0
        for ws in socks:
            await ws.send("still here")
            assert await ws.recv() == "still here"
            await ws.close()
        return elapsed
    assert run(talk()) < 5


def test_an_idle_tunnel_is_closed_at_socket_timeout(httpd):
    """No byte either way for socket-timeout=: the Apache child closes
    the tunnel (GW01193) and the application hears 1006."""
    srv = asgi_server(httpd, WS.replace("protocol=asgi",
                                        "protocol=asgi socket-timeout=2"))

    async def talk():
        ws = await _client().connect(url(srv, "/ws/echo?idle"),
                                     ping_interval=None)
        await ws.send("x")
        await ws.recv()
        t0 = time.monotonic()
        await asyncio.wait_for(ws.wait_closed(), 15)
        return time.monotonic() - t0, ws.close_code
    elapsed, code = run(talk())
    assert 1.5 < elapsed < 6, elapsed
    assert code == 1006
    srv.expect_log(r"GW01193: WebSocket of /ws/echo \(group 'aws'\) "
                   r"idle for socket-timeout \(2 s\): closing it")
    assert marker(srv, "idle").startswith("1006")


def _read_frame(s):
    """One unmasked frame from the server: (opcode, payload)."""
    def exact(n):
        data = b""
        while len(data) < n:
            chunk = s.recv(n - len(data))
            if not chunk:
                raise EOFError("connection closed")
            data += chunk
        return data
    b0, b1 = exact(2)
    n = b1 & 0x7f
    if n == 126:
        n = int.from_bytes(exact(2), "big")
    elif n == 127:
        n = int.from_bytes(exact(8), "big")
    return b0 & 0x0f, exact(n)


def test_the_daemon_pings_a_quiet_client_and_closes_a_dead_one(httpd):
    """(About 45 s.)  A client that sends nothing for 20 s gets a ping
    (uvicorn's ws_ping_interval); one that does not answer it within
    20 s is closed with 1011, logged at info, and the application hears
    1011.  Pings keep an idle tunnel under socket-timeout= alive."""
    srv = asgi_server(httpd, WS.replace("protocol=asgi",
                                        "protocol=asgi socket-timeout=30"))
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
    try:
        s.sendall(("GET /ws/echo?dead HTTP/1.1\r\nHost: x\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: %s\r\n"
                   "\r\n" % KEY).encode())
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            head += s.recv(1)
        assert head.startswith(b"HTTP/1.1 101 ")
        t0 = time.monotonic()
        assert _read_frame(s) == (0x9, b"gateway")
        pinged = time.monotonic() - t0
        op, payload = _read_frame(s)
        closed = time.monotonic() - t0
    finally:
        s.close()
    assert 19 < pinged < 27, pinged
    assert op == 0x8 and payload[:2] == (1011).to_bytes(2, "big"), payload
    assert payload[2:] == b"keepalive ping timeout"
    assert 38 < closed < 50, closed
    srv.expect_log(r"GW02309: the client of WebSocket /ws/echo\?dead did not "
                   r"answer a ping within 20 s; closing it with 1011")
    assert marker(srv, "dead").startswith("1011")


def test_starlette_websocket_endpoint(httpd):
    """Starlette's WebSocketEndpoint: path parameters, text echo, and its
    on_disconnect with the client's code; its HTTP route beside it."""
    require_debian_python("import starlette", "python3-starlette")
    srv = asgi_server(httpd, """
WSGIDaemonProcess sws user=%s processes=1 threads=2 protocol=asgi \
python-path=@ROOT@/asgi
WSGIScriptAlias /chat @ROOT@/asgi/starlette_ws.py process-group=sws
""" % USER_A)

    async def talk():
        ws = await _client().connect(url(srv, "/chat/rooms/lobby"),
                                     ping_interval=None)
        assert await ws.recv() == "hello lobby"
        await ws.send("hi")
        assert await ws.recv() == "echo: hi"
        await ws.close(4100)
    run(talk())
    assert marker(srv, "starlette-ws") == "4100"
    st, _, body = srv.get("/chat/")
    assert st == 200 and body == b"starlette with websockets\n"


def _graceful(srv):
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_graceful_restart_closes_with_the_apps_code_or_1001(httpd):
    """apachectl graceful with WebSockets open: one the application
    closes in its lifespan shutdown gets its code (4000 restarting),
    one it leaves open gets 1001 (going away) at graceful-timeout; the
    next generation serves new WebSockets."""
    srv = asgi_server(httpd, WS.replace("protocol=asgi",
                                        "protocol=asgi graceful-timeout=3"))

    async def talk():
        held = await _client().connect(url(srv, "/ws/held?hold"),
                                       ping_interval=None)
        left = await _client().connect(url(srv, "/ws/held?leave"),
                                       ping_interval=None)
        await asyncio.sleep(0.2)
        loop = asyncio.get_running_loop()
        t0 = time.monotonic()
        await loop.run_in_executor(None, _graceful, srv)
        await asyncio.wait_for(held.wait_closed(), 10)
        t_held = time.monotonic() - t0
        await asyncio.wait_for(left.wait_closed(), 10)
        t_left = time.monotonic() - t0
        return (held.close_code, held.close_reason, t_held,
                left.close_code, t_left)
    code, reason, t_held, left_code, t_left = run(talk())
    assert (code, reason) == (4000, "restarting")
    assert left_code == 1001
    assert t_held < 2.5, t_held
    assert 1.0 < t_left < 5, t_left
    srv.expect_log(r"GW02310: 1 WebSocket\(s\) still open at the end of the "
                   r"shutdown timeout; closing them with 1001")

    async def again():
        async with _client().connect(url(srv, "/ws/echo"),
                                     ping_interval=None) as ws:
            await ws.send("new generation")
            return await ws.recv()
    assert run(again()) == "new generation"


def test_a_wsgi_group_answers_a_handshake_as_http(httpd):
    """Only protocol=asgi groups tunnel: a WSGI group's application gets
    an Upgrade request as the plain HTTP request it is (no handshake
    check, no 101), as under mod_wsgi."""
    srv = httpd("""
WSGIDaemonProcess wsgi user=%s processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=wsgi
""" % USER_A)
    import websockets.exceptions

    async def attempt():
        async with _client().connect(url(srv, "/hello"), ping_interval=None):
            pass
    with pytest.raises(websockets.exceptions.InvalidStatusCode) as e:
        run(attempt())
    assert e.value.status_code == 200
    status, _, _ = raw_handshake(srv, "/hello", [("Upgrade", "websocket")])
    assert status == "HTTP/1.1 200 OK"


@pytest.mark.skipif(MPM == "prefork", reason="a prefork child is not told "
                    "of a graceful stop while it serves (docs/asgi.md)")
def test_graceful_stop_and_stop_end_open_websockets(httpd):
    """apachectl graceful-stop with a WebSocket open: its Apache child
    lets the daemon know after graceful-timeout (+1 s), the client gets
    1001 and Apache stops, instead of waiting for the client to leave
    (the pings would keep it for ever).  A hard stop ends a tunnel at
    once."""
    srv = asgi_server(httpd, WS.replace("protocol=asgi",
                                        "protocol=asgi graceful-timeout=2"))

    async def graceful_stop():
        ws = await _client().connect(url(srv, "/ws/held?leave"),
                                     ping_interval=None)
        loop = asyncio.get_running_loop()
        t0 = time.monotonic()
        await loop.run_in_executor(None, lambda: subprocess.run(
            [APACHE, "-f", srv.conf_path, "-k", "graceful-stop"],
            check=True))
        await asyncio.wait_for(ws.wait_closed(), 20)
        return ws.close_code, ws.close_reason, time.monotonic() - t0
    code, reason, elapsed = run(graceful_stop())
    assert (code, reason) == (1001, "going away")
    assert 2.5 < elapsed < 8, elapsed
    assert poll(lambda: not srv.processes(), timeout=20)

    srv.running = False
    srv.start()

    async def hard_stop():
        ws = await _client().connect(url(srv, "/ws/held?leave"),
                                     ping_interval=None)
        loop = asyncio.get_running_loop()
        t0 = time.monotonic()
        await loop.run_in_executor(None, lambda: subprocess.run(
            [APACHE, "-f", srv.conf_path, "-k", "stop"], check=True))
        await asyncio.wait_for(ws.wait_closed(), 20)
        return time.monotonic() - t0
    srv.running = False
    assert run(hard_stop()) < 3
    assert poll(lambda: not srv.processes(), timeout=20)
