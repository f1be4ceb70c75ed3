# /alloc?mb=N tries to allocate N MiB and says "ok" or the exception name;
# /spin burns CPU for up to 20 s (a cpu-time-limit= must stop it first).
import time
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    path = environ.get('PATH_INFO', '')
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    if path == '/alloc':
        try:
            block = bytearray(int(q['mb'][0]) << 20)
            block[-1] = 1
            result = b'ok'
        except MemoryError:
            result = b'MemoryError'
    elif path == '/spin':
        end = time.monotonic() + 20
        n = 0
        while time.monotonic() < end:
            n += 1
        result = b'spun'
    else:
        result = b'idle'
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [result]


application = validator(_app)
