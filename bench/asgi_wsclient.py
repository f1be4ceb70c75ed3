"""A small WebSocket client on asyncio's Protocol API, for bench/asgi_bench.py.

Why not python3-websockets: its client cost 42 us of CPU per round trip
against a protocol=asgi group (this one 18 us; the server side 38 us),
and the client shares the 2 CPUs with the servers it measures.  Here a round trip
is one data_received callback: parse the echo, note the time, write the
next frame (precomputed, so no masking per message).  The client sends
only small masked text frames and understands only what the echo
application answers (unmasked text frames, ping, close); anything else is
an error of the server under test.
"""

import asyncio
import base64
import hashlib
import os
import struct
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def masked_frame(opcode, payload):
    """One final client frame (RFC 6455 5.2: clients must mask)."""
    assert len(payload) < 126
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + body


class Conn(asyncio.Protocol):
    """One WebSocket.  `echo` mode sends `message` and, on each echo, the
    next one until `deadline`; `idle` mode sends it once and waits."""

    def __init__(self, host, path, message, latencies):
        self.key = base64.b64encode(os.urandom(16))
        self.request = (b"GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
                        b"Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                        b"Sec-WebSocket-Version: 13\r\n\r\n"
                        % (path.encode(), host.encode(), self.key))
        self.message = message.encode()
        self.frame = masked_frame(0x1, self.message)
        self.expect = bytes([0x81, len(self.message)]) + self.message
        self.latencies = latencies
        self.deadline = None          # echo mode: stop sending after this
        self.buf = b""
        self.open = False
        self.sent_at = None
        self.transport = None
        self.error = None
        self.opened = asyncio.get_running_loop().create_future()
        self.echoed = asyncio.get_running_loop().create_future()
        self.closed = asyncio.get_running_loop().create_future()

    # -- asyncio callbacks ---------------------------------------------------

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        self.buf += data
        if not self.open:
            self._handshake()
        if self.open:
            self._frames()

    def connection_lost(self, exc):
        if not self.closed.done():
            self.closed.set_result(exc)
        for f in (self.opened, self.echoed):
            if not f.done():
                f.set_exception(ConnectionError(self.error or
                                                "connection lost: %s" % exc))

    # -- protocol --------------------------------------------------------------

    def _fail(self, why):
        self.error = why
        self.transport.abort()

    def _handshake(self):
        head, sep, rest = self.buf.partition(b"\r\n\r\n")
        if not sep:
            if len(self.buf) > 16384:
                self._fail("no end of the 101's headers")
            return
        lines = head.split(b"\r\n")
        if not lines[0].startswith(b"HTTP/1.1 101"):
            return self._fail("handshake answered %r" % lines[0])
        want = base64.b64encode(hashlib.sha1(self.key + GUID).digest())
        accept = [l.split(b":", 1)[1].strip() for l in lines[1:]
                  if l.lower().startswith(b"sec-websocket-accept:")]
        if accept != [want]:
            return self._fail("Sec-WebSocket-Accept %r, not %r"
                              % (accept, want))
        self.buf = rest
        self.open = True
        self.opened.set_result(None)

    def _frames(self):
        while len(self.buf) >= 2:
            op, n = self.buf[0] & 0x0F, self.buf[1]
            if n & 0x80 or n > 125:
                return self._fail("frame header %r" % self.buf[:2])
            if len(self.buf) < 2 + n:
                return
            frame, self.buf = self.buf[:2 + n], self.buf[2 + n:]
            if op == 0x9:                                  # ping -> pong
                self.transport.write(masked_frame(0xA, frame[2:]))
            elif op == 0x8:                                # close: answer it
                self.transport.write(masked_frame(0x8, frame[2:4]))
                self.transport.close()
            elif frame != self.expect:
                return self._fail("echo %r, sent %r" % (frame, self.expect))
            else:
                self._echo()

    def _echo(self):
        now = time.perf_counter()
        if self.sent_at is not None:
            self.latencies.append(now - self.sent_at)
        if not self.echoed.done():
            self.echoed.set_result(None)
        if self.deadline is not None and now < self.deadline:
            self.sent_at = now
            self.transport.write(self.frame)
        else:
            self.sent_at = None

    # -- driving -----------------------------------------------------------------

    def send_once(self):
        self.transport.write(self.frame)

    def start_echo(self, deadline):
        self.deadline = deadline
        self.sent_at = time.perf_counter()
        self.transport.write(self.frame)

    async def close(self, timeout=10):
        """A close (1000), then the server's close and the end of the TCP
        connection; aborts after `timeout`."""
        if self.transport.is_closing():
            return
        self.transport.write(masked_frame(0x8, struct.pack("!H", 1000)))
        try:
            await asyncio.wait_for(asyncio.shield(self.closed), timeout)
        except asyncio.TimeoutError:
            self.transport.abort()


async def connect(host, port, path, message, latencies, timeout=30):
    loop = asyncio.get_running_loop()
    _t, conn = await asyncio.wait_for(loop.create_connection(
        lambda: Conn("%s:%d" % (host, port), path, message, latencies),
        host, port), timeout)
    await asyncio.wait_for(asyncio.shield(conn.opened), timeout)
    return conn


async def echo_run(host, port, path, connections, seconds, message):
    """`connections` WebSockets, each sending `message` and awaiting its
    echo for `seconds`.  Returns a dict: round trips, seconds, latencies,
    errors; the client's CPU time too."""
    latencies = []
    conns = await asyncio.gather(*[connect(host, port, path, message,
                                           latencies)
                                   for _ in range(connections)])
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for c in conns:
        c.start_echo(t0 + seconds)
    await asyncio.sleep(seconds)
    # the last messages in flight come back (or the connection fails)
    end = time.perf_counter() + 10
    while any(c.sent_at is not None and not c.transport.is_closing()
              for c in conns) and time.perf_counter() < end:
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    errors = [c.error or "no echo for 10 s" for c in conns
              if c.error or c.sent_at is not None or c.transport.is_closing()]
    await asyncio.gather(*[c.close() for c in conns])
    return {"round_trips": len(latencies), "seconds": elapsed,
            "latencies": latencies, "client_cpu_s": cpu, "errors": errors}


async def open_idle(host, port, path, n, step, message="x"):
    """n WebSockets opened `step` at a time, each checked with one echo and
    then left idle.  Returns (connections, seconds to open them)."""
    conns, sink = [], []
    t0 = time.monotonic()
    while len(conns) < n:
        batch = await asyncio.gather(*[connect(host, port, path, message, sink)
                                       for _ in range(min(step,
                                                          n - len(conns)))])
        for c in batch:
            c.send_once()
        await asyncio.gather(*[asyncio.wait_for(asyncio.shield(c.echoed), 30)
                               for c in batch])
        conns += batch
    return conns, time.monotonic() - t0
