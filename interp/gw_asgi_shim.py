# gw_asgi_shim.py - the ASGI 3.0 protocol on the daemon's event loop.
#
# Built into gateway-daemon (interp/gw_asgi.c embeds this file, and
# gw_asgi_ws.py into the same module) and run in the loop thread of a
# protocol=asgi process; never imported from disk.  The C side (_gw: interp/gw_asgi.c) hands over connections the
# worker threads took and checked; each AsgiConn (interp/gw_asgi_conn.c)
# reads its body and writes its response frames without blocking, and
# this file waits on its descriptor whenever a call says it would block.
# Log lines go through _gw.log with their GW ids (docs/errors.md).
#
# Lifespan as uvicorn's "auto": an application that raises before it
# answers lifespan.startup has no lifespan support, and is served all
# the same; one that answers lifespan.startup.failed is not served.

import asyncio
import inspect
import sys

_gw = None              # the C module, set by main()
_loop = None
_apps = {}              # (script, callable) -> _App
_http = set()           # running HTTP request tasks (WebSockets':
                        # gw_asgi_ws.py)
_stopping = False
_request_timeout = 0    # request-timeout=, seconds (0: none)

ERR, WARN, NOTICE, INFO, DEBUG = 1, 2, 3, 4, 5
HIGH_WATER = 256 * 1024  # queued response bytes before send() waits
_ASGI = {"version": "3.0", "spec_version": "2.0"}


def _wake(fut):
    if not fut.done():
        fut.set_result(None)


def _reason(exc):
    text = str(exc)
    return type(exc).__name__ + (": " + text if text else "")


class _App:
    """One application (a script's callable) and its lifespan."""

    __slots__ = ("app", "name", "state", "started", "stopped", "queue",
                 "task", "lifespan", "failed")

    def __init__(self, app, name):
        self.app = app
        self.name = name
        self.state = {}
        self.started = _loop.create_future()
        self.stopped = _loop.create_future()
        self.queue = asyncio.Queue()
        self.task = None
        self.lifespan = False   # the app answers the lifespan protocol
        self.failed = None      # why it cannot serve, or None

    async def _receive(self):
        return await self.queue.get()

    async def _send(self, msg):
        kind = msg.get("type") if isinstance(msg, dict) else None
        if kind == "lifespan.startup.complete":
            self.lifespan = True
            _wake(self.started)
        elif kind == "lifespan.startup.failed":
            self.lifespan = True
            self.failed = "lifespan startup failed: %s" % (
                msg.get("message") or "no message")
            _wake(self.started)
        elif kind in ("lifespan.shutdown.complete",
                      "lifespan.shutdown.failed"):
            if kind.endswith("failed"):
                _gw.log(ERR, "GW02251: the lifespan shutdown of %s failed: "
                        "%s" % (self.name, msg.get("message") or
                                "no message"))
            _wake(self.stopped)
        else:
            raise RuntimeError("unexpected ASGI lifespan message %r"
                               % (kind,))

    async def _run(self):
        scope = {"type": "lifespan", "asgi": dict(_ASGI),
                 "state": self.state}
        try:
            await self.app(scope, self._receive, self._send)
        except BaseException as e:
            if not self.started.done():
                _gw.log(INFO, "GW02242: %s does not support the ASGI "
                        "lifespan protocol (it raised %s at "
                        "lifespan.startup); serving it without"
                        % (self.name, _reason(e)))
            elif not self.stopped.done() or self.failed:
                _gw.log_exc(ERR, "GW02252: the lifespan of %s raised an "
                            "exception; traceback follows" % self.name,
                            "GW02253")
        finally:
            _wake(self.started)
            _wake(self.stopped)

    async def startup(self):
        self.queue.put_nowait({"type": "lifespan.startup"})
        self.task = _loop.create_task(self._run())
        await self.started
        if self.failed:
            _gw.log(ERR, "GW02244: %s: %s; it serves no request"
                    % (self.name, self.failed))

    async def shutdown(self):
        if self.lifespan and self.task and not self.task.done():
            self.queue.put_nowait({"type": "lifespan.shutdown"})
            await self.stopped


def _wsgi_like(app):
    """Whether app looks like a WSGI callable: not a coroutine function,
    and it takes exactly two positional arguments."""
    call = app if inspect.isroutine(app) else getattr(type(app), "__call__",
                                                       None)
    if call is None or inspect.iscoroutinefunction(call):
        return False
    try:
        sig = inspect.signature(app)
    except (TypeError, ValueError):
        return False
    pos = [p for p in sig.parameters.values()
           if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    varargs = any(p.kind == p.VAR_POSITIONAL for p in sig.parameters.values())
    return len(pos) == 2 and not varargs


async def _app_for(script, callable_, uri):
    """The started _App of script's callable: loaded and its lifespan
    started on first use; None when it cannot serve (logged)."""
    key = (script, callable_)
    a = _apps.get(key)
    if a is None:
        app = _gw.load(script, callable_, uri)
        if app is None:
            return None
        name = "ASGI application '%s' of %s" % (callable_, script)
        a = _App(app, name)
        _apps[key] = a
        if _wsgi_like(app):
            a.failed = ("it takes two arguments like a WSGI application "
                        "(environ, start_response); this group has "
                        "protocol=asgi")
            _gw.log(ERR, "GW02243: %s is not an ASGI 3 application: %s "
                    "(set protocol=wsgi on its WSGIDaemonProcess, or name "
                    "the ASGI callable)" % (name, a.failed))
            _wake(a.started)
        else:
            await a.startup()
    elif not a.started.done():
        await a.started
    if a.failed:
        # A load that failed is not kept: the next request tries again.
        if _apps.get(key) is a and a.task is None and not a.lifespan:
            pass
        return None
    return a


class _Http:
    """One HTTP request: the receive and send callables of its call."""

    __slots__ = ("conn", "fd", "started", "complete", "gone", "given",
                 "rwait", "wwait", "overdue")

    def __init__(self, conn):
        self.conn = conn
        self.fd = conn.fileno()
        self.started = False
        self.complete = False
        self.gone = False
        self.given = False      # the whole body went to the application
        self.rwait = None
        self.wwait = None
        self.overdue = False

    def _io(self, writer):
        """A future done when the link is readable (writable), or when
        the request ends; one waiter each way per link."""
        if writer:
            if self.wwait is None or self.wwait.done():
                self.wwait = _loop.create_future()
                _loop.add_writer(self.fd, _wake, self.wwait)
            return self.wwait
        if self.rwait is None or self.rwait.done():
            self.rwait = _loop.create_future()
            _loop.add_reader(self.fd, _wake, self.rwait)
        return self.rwait

    def _unwatch(self):
        if self.rwait is not None:
            _loop.remove_reader(self.fd)
            _wake(self.rwait)
        if self.wwait is not None:
            _loop.remove_writer(self.fd)
            _wake(self.wwait)

    async def receive(self):
        conn = self.conn
        while not self.given and not self.gone:
            try:
                data = conn.recv()
            except OSError:
                self.gone = True
                break
            if data is not None:
                more = not conn.body_done
                self.given = not more
                return {"type": "http.request", "body": data,
                        "more_body": more}
            await self._io(False)
            _loop.remove_reader(self.fd)
        # The whole body is out: what is left to hear is the end.
        while not self.complete and not self.gone:
            await self._io(False)
            if self.complete:
                break
            _loop.remove_reader(self.fd)
            if conn.peer_closed():
                self.gone = True
        return {"type": "http.disconnect"}

    async def send(self, msg):
        kind = msg["type"]
        if kind == "http.response.body":
            if self.complete:
                raise RuntimeError("http.response.body after the response "
                                   "was complete")
            more = msg.get("more_body", False)
            if not more:
                self.complete = True
                if self.rwait is not None:
                    _wake(self.rwait)
            left = self.conn.body(msg.get("body", b""), more)
            if left < 0:
                self.gone = True
            elif left > HIGH_WATER or (left and not more):
                await self.drain()
        elif kind == "http.response.start":
            if self.started:
                raise RuntimeError("http.response.start sent twice")
            self.conn.start(msg["status"], msg.get("headers", ()))
            self.started = True
            # Out with the first body bytes if they come at once, else
            # now: a client may be waiting for the headers alone.
            _loop.call_soon(self.conn.flush)
        else:
            raise RuntimeError("unexpected ASGI message %r in an HTTP "
                               "request" % (kind,))

    async def drain(self):
        while True:
            left = self.conn.flush()
            if left <= 0:
                if left < 0:
                    self.gone = True
                return
            await self._io(True)
            _loop.remove_writer(self.fd)


async def _serve(conn, websocket):
    """One connection the workers handed over: HTTP, or a WebSocket
    handshake the Apache child checked (gw_asgi_ws.py)."""
    a = await _app_for(conn.script, conn.callable, conn.uri)
    if a is None:
        conn.abort("ASGI application unavailable")
        conn.release()
    elif websocket:
        await _serve_ws(conn, a)
    else:
        await _serve_http(conn, a)


async def _serve_http(conn, a):
    scope = _gw.scope(conn, a.state)
    h = _Http(conn)
    timer = _loop.call_later(_request_timeout + _OVERDUE_GRACE, _overdue, h,
                             asyncio.current_task()) \
        if _request_timeout else None
    try:
        await a.app(scope, h.receive, h.send)
    except BaseException as e:
        if h.overdue:
            pass                # _overdue() said why
        elif h.gone:
            _gw.log(INFO, "GW02247: the client of %s went away; the "
                    "application ended with %s" % (conn.uri, _reason(e)))
        else:
            _gw.log_exc(ERR, "GW02245: %s raised an exception for %s%s; "
                        "traceback follows" % (
                            a.name, conn.uri,
                            " after its whole response" if h.complete else
                            " after http.response.start (the response is "
                            "cut)" if h.started else " (answering 500)"),
                        "GW02246")
        conn.abort(_reason(e))
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
    else:
        if not h.complete and not h.gone:
            _gw.log(ERR, "GW02248: %s returned for %s %s" % (
                a.name, conn.uri, "before the response was complete "
                "(more_body); the response is cut" if h.started else
                "without sending http.response.start; answering 500"))
            conn.abort("the ASGI application returned without a complete "
                       "response")
    finally:
        if timer is not None:
            timer.cancel()
        h.complete = True
        h._unwatch()
        if not h.gone and not conn.gone:
            await h.drain()
            h._unwatch()
        conn.release()


# The Apache child answers 504 at request-timeout=; the task is cancelled
# this much later, so that a busy machine never lets the cancellation's
# ABORT reach the child first (a 500 instead of the 504).
_OVERDUE_GRACE = 2


def _overdue(h, task):
    """request-timeout= passed without a response: the Apache child has
    answered 504; the request's task is cancelled (a response under way
    goes on: the child bounds its pauses with socket-timeout=)."""
    if h.started:
        return
    h.overdue = True
    _gw.log(WARN, "GW02241: request %s ran past request-timeout (%d s) "
            "without a response; its task is cancelled"
            % (h.conn.uri, _request_timeout))
    task.cancel()


def _take():
    """The connections the workers handed over since the last call."""
    for conn, websocket in _gw.take():
        t = _loop.create_task(_serve(conn, websocket))
        tasks = _ws_tasks if websocket else _http
        tasks.add(t)
        t.add_done_callback(tasks.discard)
    if _gw.stopping() and not _stopping:
        _loop.create_task(_stop())


async def _start(scripts):
    """Lifespan startup of every script the group is given by name."""
    for script in scripts:
        await _app_for(script, "application", "(start)")


async def _stop():
    global _stopping
    _stopping = True
    began = _loop.time()
    deadline = began + _gw.timeout()
    if _http:
        done, pending = await asyncio.wait(
            list(_http), timeout=max(0.0, deadline - _loop.time()))
        if pending:
            _gw.log(WARN, "GW02249: %d ASGI request(s) still running at "
                    "the end of the shutdown timeout; cancelled"
                    % len(pending))
            for t in pending:
                t.cancel()
            await asyncio.wait(pending, timeout=1.0)
    for a in list(_apps.values()):
        if not a.lifespan:
            continue
        try:
            await asyncio.wait_for(a.shutdown(), max(
                0.1, deadline - _loop.time()))
        except asyncio.TimeoutError:
            _gw.log(WARN, "GW02250: the lifespan shutdown of %s did not "
                    "complete within the shutdown timeout" % a.name)
    await _ws_stop(min(deadline, began + _gw.kill_timeout()))
    _loop.stop()


def main(efd, scripts, threads, request_timeout):
    """The loop thread's body: returns when the process stops."""
    global _gw, _loop, _request_timeout
    _request_timeout = request_timeout
    _gw = sys.modules["_gateway_asgi"]
    _loop = asyncio.new_event_loop()
    asyncio.set_event_loop(_loop)
    from concurrent.futures import ThreadPoolExecutor
    # threads= sizes the pool of run_in_executor(None, ...), which
    # asgiref's sync_to_async(thread_sensitive=False) uses.
    _loop.set_default_executor(ThreadPoolExecutor(
        max_workers=threads, thread_name_prefix="asgi-executor"))
    ok = False
    try:
        _loop.run_until_complete(_start(scripts))
        ok = not any(a.failed and a.lifespan for a in _apps.values())
    finally:
        _gw.ready(ok)
    if not ok:
        return
    _loop.add_reader(efd, _take)
    _take()
    _loop.call_later(PING_INTERVAL / 4, _keepalive)
    _loop.run_forever()
