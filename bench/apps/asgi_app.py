"""The ASGI benchmark's application (bench/asgi_bench.py): one file, served
by mod_gateway's protocol=asgi group and by uvicorn alike.  A raw ASGI 3
callable, no framework, so that what is measured is the server:

  /hello   (HTTP) the 12-byte "Hello World!"
  /ws      (WebSocket) accepts and echoes every message as it came
"""

HELLO = b"Hello World!"
HELLO_START = {"type": "http.response.start", "status": 200,
               "headers": [(b"content-type", b"text/plain"),
                           (b"content-length", b"%d" % len(HELLO))]}
HELLO_BODY = {"type": "http.response.body", "body": HELLO}
NOT_FOUND_START = {"type": "http.response.start", "status": 404,
                   "headers": [(b"content-type", b"text/plain"),
                               (b"content-length", b"10")]}
NOT_FOUND_BODY = {"type": "http.response.body", "body": b"not found\n"}


async def _lifespan(receive, send):
    while True:
        m = await receive()
        if m["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif m["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _echo(receive, send):
    m = await receive()
    if m["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    while True:
        m = await receive()
        if m["type"] == "websocket.disconnect":
            return
        if m.get("text") is not None:
            await send({"type": "websocket.send", "text": m["text"]})
        else:
            await send({"type": "websocket.send", "bytes": m["bytes"]})


async def application(scope, receive, send):
    kind = scope["type"]
    if kind == "http":
        if scope["path"] == "/hello":
            await send(HELLO_START)
            await send(HELLO_BODY)
        else:
            await send(NOT_FOUND_START)
            await send(NOT_FOUND_BODY)
    elif kind == "websocket":
        await _echo(receive, send)
    elif kind == "lifespan":
        await _lifespan(receive, send)
