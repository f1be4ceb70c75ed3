"""Benchmark application for bench/bench.py (one WSGI app, dispatch on PATH_INFO).

  /hello  12-byte body 'Hello World!'
  /big    1 MiB as 16 chunks of 64 KiB (built once, at import)
  /echo   reads the whole request body, returns its length as text
  /file   wsgi.file_wrapper over the 10 MiB file bench.py creates next to
          this script (bench-10m.bin)

Standard library only; identical for mod_wsgi and mod_gateway.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_FILE = os.path.join(HERE, "bench-10m.bin")

HELLO = b"Hello World!"
CHUNK_SIZE = 64 * 1024
BIG = [bytes([0x41 + i]) * CHUNK_SIZE for i in range(16)]
BIG_LEN = str(sum(len(c) for c in BIG))


def _hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(HELLO)))])
    return [HELLO]


def _big(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/octet-stream"),
                              ("Content-Length", BIG_LEN)])
    return BIG


def _echo(environ, start_response):
    stream = environ["wsgi.input"]
    try:
        remaining = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        remaining = 0
    total = 0
    while remaining > 0:
        data = stream.read(min(CHUNK_SIZE, remaining))
        if not data:
            break
        total += len(data)
        remaining -= len(data)
    body = str(total).encode("ascii")
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]


def _file(environ, start_response):
    f = open(DATA_FILE, "rb")
    size = os.fstat(f.fileno()).st_size
    start_response("200 OK", [("Content-Type", "application/octet-stream"),
                              ("Content-Length", str(size))])
    return environ["wsgi.file_wrapper"](f, CHUNK_SIZE)


ROUTES = {"/hello": _hello, "/big": _big, "/echo": _echo, "/file": _file}


def application(environ, start_response):
    handler = ROUTES.get(environ.get("PATH_INFO", ""))
    if handler is None:
        body = b"not found\n"
        start_response("404 Not Found", [("Content-Type", "text/plain"),
                                         ("Content-Length", str(len(body)))])
        return [body]
    return handler(environ, start_response)
