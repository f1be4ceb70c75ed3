# gw_asgi_ws.py - ASGI WebSockets on the daemon's event loop.
#
# Built into gateway-daemon with gw_asgi_shim.py and run in the same
# module (interp/gw_asgi.c evaluates this file after the shim), so the
# two share _gw, _loop and the helpers.  The Apache child checked the
# client's handshake and tunnels the connection once the application
# accepts (module/gw_tunnel.h); the frames are read and written by
# _gw.websocket (interp/gw_asgi_ws.c), which answers pings and closes
# itself.  Here: the ASGI side of it (websocket.connect, .accept,
# .receive, .send, .close, .disconnect), keepalive pings, and the
# closing of what is still open when the process stops.

import asyncio
import collections

_ws_tasks = set()       # running WebSocket tasks
_sockets = set()        # their _Ws, for the keepalive and the stop

# A ping after this long without a byte from the client, and the
# connection closed (1011) when nothing comes back within as long:
# uvicorn's ws_ping_interval and ws_ping_timeout, websockets' defaults.
# Browsers never ping, so without it an idle page's WebSocket would be
# closed at the Apache child's socket-timeout=.
PING_INTERVAL = 20.0
PING_TIMEOUT = 20.0
# How long a close of ours waits for the client's (RFC 6455 7.1.1).
CLOSE_TIMEOUT = 5.0
# Messages read ahead of the application before reading stops for a
# while (websockets' max_queue): a client cannot fill the process with
# messages the application does not take.
MAX_QUEUE = 16
# At the stop: how long before the deadline the 1001s go out, for the
# clients' answers.
CLOSE_GRACE = 1.0

CONNECTING, OPEN, CLOSING, CLOSED = range(4)


class _Ws:
    """One WebSocket: the receive and send callables of its call."""

    __slots__ = ("conn", "ws", "fd", "offered", "state", "events",
                 "waiter", "drainers", "reading", "writing", "disconnect",
                 "closed", "ping_at", "overdue", "connect_sent",
                 "close_timer", "started")

    def __init__(self, conn, ws, offered):
        self.conn = conn
        self.ws = ws
        self.fd = conn.fileno()
        self.offered = offered      # the client's subprotocols
        self.state = CONNECTING
        self.events = collections.deque()
        self.waiter = None          # receive() waiting for an event
        self.drainers = []          # send() waiting for room
        self.reading = False
        self.writing = False
        self.disconnect = None      # websocket.disconnect, once known
        self.closed = _loop.create_future()     # nothing more to read
        self.ping_at = None
        self.overdue = False
        self.connect_sent = False
        self.close_timer = None
        self.started = False        # the handshake was answered (accept
                                    # or deny), for _overdue

    # ---- reading: always, while open, so pings and closes are answered
    # whether or not the application is in receive()

    def read_on(self):
        if not self.reading and not self.closed.done():
            _loop.add_reader(self.fd, self._readable)
            self.reading = True

    def _read_off(self):
        if self.reading:
            _loop.remove_reader(self.fd)
            self.reading = False

    def _readable(self):
        try:
            got = self.ws.recv()
        except MemoryError:
            _gw.log_exc(ERR, "GW02300: out of memory reading WebSocket %s; "
                        "closing it with 1011" % self.conn.uri, "GW02301")
            self.close_now(1011)
            self._disconnected(1011)
            return
        if got is None:
            return
        for ev in got:
            self._event(ev)
        self.push()
        if len(self.events) >= MAX_QUEUE:
            self._read_off()
        self._wake()

    def _event(self, ev):
        kind = ev[0]
        if kind == "text":
            self.events.append({"type": "websocket.receive", "text": ev[1]})
        elif kind == "bytes":
            self.events.append({"type": "websocket.receive",
                                "bytes": ev[1]})
        elif kind == "close":
            self._disconnected(ev[1], ev[2])
        elif kind == "fail":
            _gw.log(INFO, "GW02302: the client of WebSocket %s broke the "
                    "protocol (%s); closing it with %d"
                    % (self.conn.uri, ev[2], ev[1]))
            self._disconnected(ev[1])
        else:
            # The link ended: the client went away, or the Apache child
            # stops and says so by a half-close (module/gw_tunnel.c):
            # 1001 on the way out, for a client still there to read it.
            if self.state == OPEN:
                self.ws.close(1001, "going away")
            self._disconnected(1006)

    def _wake(self):
        if self.waiter is not None:
            _wake(self.waiter)

    def tell(self, code, reason=""):
        """The application's next receive() gets websocket.disconnect."""
        if self.disconnect is None:
            self.disconnect = {"type": "websocket.disconnect", "code": code,
                               "reason": reason}
            self.events.append(self.disconnect)
            self._wake()

    def _disconnected(self, code, reason=""):
        """Nothing more comes from the client."""
        self.tell(code, reason)
        self.state = CLOSED
        self._read_off()
        _wake(self.closed)
        if self.close_timer is not None:
            self.close_timer.cancel()
        self._wake_drainers()

    async def receive(self):
        if not self.connect_sent:
            self.connect_sent = True
            return {"type": "websocket.connect"}
        while True:
            if self.events:
                msg = self.events.popleft()
                if len(self.events) <= MAX_QUEUE // 2 and \
                        self.state in (OPEN, CLOSING):
                    self.read_on()
                return msg
            if self.disconnect is not None:
                return self.disconnect      # asked again after the end
            if self.waiter is None or self.waiter.done():
                self.waiter = _loop.create_future()
            await self.waiter

    # ---- writing: through the connection's buffer; what does not go at
    # once goes when the link is writable

    def push(self):
        left = self.ws.flush()
        if left < 0:
            self._disconnected(1006)
        elif left:
            self._want_write()
        if left <= HIGH_WATER:
            self._wake_drainers()
        return left

    def _want_write(self):
        if not self.writing and self.conn.fileno() >= 0:
            _loop.add_writer(self.fd, self._writable)
            self.writing = True

    def _write_off(self):
        if self.writing:
            _loop.remove_writer(self.fd)
            self.writing = False

    def _writable(self):
        left = self.ws.flush()
        if left <= 0:
            self._write_off()
            if left < 0:
                self._disconnected(1006)
        if left <= HIGH_WATER:
            self._wake_drainers()

    def _wake_drainers(self):
        d, self.drainers = self.drainers, []
        for fut in d:
            _wake(fut)

    async def _drain(self):
        fut = _loop.create_future()
        self.drainers.append(fut)
        self._want_write()
        await fut

    def close_now(self, code, reason=""):
        """Our close frame; the client's answer ends the connection, or
        CLOSE_TIMEOUT does."""
        if self.state != OPEN:
            return
        self.ws.close(code, reason)
        self.state = CLOSING
        self.close_timer = _loop.call_later(CLOSE_TIMEOUT,
                                            self._disconnected, 1006)
        self.push()

    def going_away(self):
        """The process stops: 1001, and the application hears it now."""
        if self.state == OPEN:
            self.close_now(1001)
            self.tell(1001)

    async def send(self, msg):
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind == "websocket.send":
            if self.state != OPEN:
                if self.state == CONNECTING:
                    raise RuntimeError("websocket.send before "
                                       "websocket.accept")
                raise OSError("the WebSocket is closed")
            data, text = msg.get("bytes"), msg.get("text")
            if (data is None) == (text is None):
                raise ValueError("websocket.send needs exactly one of "
                                 "'bytes' and 'text'")
            left = self.ws.send(text if data is None else data)
            if left < 0:
                self._disconnected(1006)
                raise OSError("the WebSocket's client went away")
            if left > HIGH_WATER:
                await self._drain()
            elif left:
                self._want_write()
        elif kind == "websocket.accept":
            await self._accept(msg)
        elif kind == "websocket.close":
            code = msg.get("code") or 1000
            if self.state == CONNECTING:
                # ASGI: a close before the accept is an HTTP 403.
                self.started = True
                self.ws.deny()
                self._disconnected(code)
                self.push()
            else:
                self.close_now(code, msg.get("reason") or "")
        elif kind == "websocket.http.response.start":
            raise RuntimeError("the websocket.http.response extension is "
                               "not supported (it is not in the scope's "
                               "extensions)")
        else:
            raise RuntimeError("unexpected ASGI message %r in a WebSocket"
                               % (kind,))

    async def _accept(self, msg):
        if self.state != CONNECTING:
            if self.state == CLOSED and self.disconnect is not None:
                raise OSError("the WebSocket's client went away")
            raise RuntimeError("websocket.accept sent twice")
        sub = msg.get("subprotocol")
        if sub is not None and sub not in self.offered:
            raise ValueError("websocket.accept subprotocol %r is not one "
                             "the client offered (%s)"
                             % (sub, ", ".join(self.offered) or "none"))
        # False: the end of the (empty) request body is still on its way,
        # which it never is for long.
        while not self.ws.accept(sub, msg.get("headers") or ()):
            if self.state == CLOSED:
                raise OSError("the WebSocket's client went away")
            await asyncio.sleep(0.01)
        self.started = True
        self.state = OPEN
        self.push()

    async def finish(self):
        """After the application: the closing handshake's end, the last
        bytes out, the link back (closed: the Apache child then closes
        the client's connection)."""
        try:
            if self.state == CLOSING:
                await self.closed
            until = _loop.time() + 1.0
            while self.push() > 0 and _loop.time() < until:
                await asyncio.wait_for(self._drain(), until - _loop.time())
        except (asyncio.CancelledError, asyncio.TimeoutError):
            pass
        finally:
            if self.close_timer is not None:
                self.close_timer.cancel()
            self._read_off()
            self._write_off()
            self.state = CLOSED
            _wake(self.closed)
            self._wake_drainers()
            self.conn.release()


async def _serve_ws(conn, a):
    """One WebSocket of application a, from websocket.connect on."""
    scope = _gw.scope(conn, a.state)
    h = _Ws(conn, _gw.websocket(conn), scope.get("subprotocols", []))
    _sockets.add(h)
    h.read_on()
    timer = _loop.call_later(_request_timeout + _OVERDUE_GRACE, _overdue, h,
                             asyncio.current_task()) \
        if _request_timeout else None     # (the grace: gw_asgi_shim.py)
    try:
        await a.app(scope, h.receive, h.send)
    except asyncio.CancelledError:
        # request-timeout= before the accept (_overdue said so), or the
        # process stops
        if h.state == CONNECTING:
            conn.abort("the WebSocket was not accepted in time")
        h.close_now(1001)
    except BaseException as e:
        if h.state == CONNECTING:
            _gw.log_exc(ERR, "GW02303: %s raised an exception for WebSocket "
                        "%s before accepting it (answering 500); traceback "
                        "follows" % (a.name, conn.uri), "GW02304")
            conn.abort(_reason(e))
        elif h.disconnect is not None:
            _gw.log(INFO, "GW02305: the WebSocket %s was closed (code %d); "
                    "the application ended with %s"
                    % (conn.uri, h.disconnect["code"], _reason(e)))
        else:
            _gw.log_exc(ERR, "GW02306: %s raised an exception in WebSocket "
                        "%s; closing it with 1011; traceback follows"
                        % (a.name, conn.uri), "GW02307")
            h.close_now(1011)
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
    else:
        if h.state == CONNECTING:
            _gw.log(ERR, "GW02308: %s returned for WebSocket %s without "
                    "accepting or closing it; answering 500"
                    % (a.name, conn.uri))
            conn.abort("the ASGI application returned without accepting "
                       "or closing the WebSocket")
        h.close_now(1000)
    finally:
        if timer is not None:
            timer.cancel()
        _sockets.discard(h)
        await h.finish()


def _keepalive():
    """Every few seconds: a ping to each WebSocket quiet for
    PING_INTERVAL, and 1011 for one whose ping went unanswered for
    PING_TIMEOUT."""
    now = _loop.time()
    for h in list(_sockets):
        if h.state != OPEN:
            continue
        rx = h.ws.last_rx
        if h.ping_at is not None and rx < h.ping_at:
            if now - h.ping_at >= PING_TIMEOUT:
                _gw.log(INFO, "GW02309: the client of WebSocket %s did not "
                        "answer a ping within %d s; closing it with 1011"
                        % (h.conn.uri, PING_TIMEOUT))
                h.close_now(1011, "keepalive ping timeout")
                h._disconnected(1011)
            continue
        h.ping_at = None
        if now - rx >= PING_INTERVAL:
            h.ping_at = now
            h.ws.ping(b"gateway")
            h.push()
    _loop.call_later(PING_INTERVAL / 4, _keepalive)


async def _ws_stop(deadline):
    """The process stops, after the lifespan shutdown, in which the
    applications could close their WebSockets with codes of their own:
    those still open get 1001 (going away) CLOSE_GRACE before the
    deadline (the earliest the supervisor may kill the process: the
    shorter of graceful-timeout= and shutdown-timeout=), and their tasks
    are cancelled just before it."""
    if not _ws_tasks:
        return
    # The loop must have ended by the deadline, when the process may be
    # killed: a margin for the process to exit.
    end = deadline - min(0.5, max(0.0, deadline - _loop.time()) / 4)
    grace = min(CLOSE_GRACE, max(0.0, (end - _loop.time()) / 2))
    await asyncio.wait(list(_ws_tasks),
                       timeout=max(0.0, end - grace - _loop.time()))
    if _sockets:
        _gw.log(INFO, "GW02310: %d WebSocket(s) still open at the end of "
                "the shutdown timeout; closing them with 1001 (going away)"
                % len(_sockets))
        for h in list(_sockets):
            h.going_away()
    if _ws_tasks:
        done, pending = await asyncio.wait(
            list(_ws_tasks), timeout=max(0.0, end - _loop.time()))
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.wait(pending, timeout=0.2)
