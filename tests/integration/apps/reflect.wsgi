# A deterministic text/plain body: one line naming the request (method,
# SCRIPT_NAME, PATH_INFO, QUERY_STRING), then the request body exactly as
# received, then with ?lines=N the lines
#     line 000000 of the streamed body\n ... line N-1 ...
# yielded 1000 lines at a time.  Nothing in it depends on the protocol or
# the connection, so answers over HTTP/1.1 and HTTP/2 can be compared byte
# for byte, and a test can compute the body itself (reflected() in
# tests/integration/test_apache_modules.py, kept in step with this file).
import urllib.parse
from wsgiref.validate import validator

STEP = 1000


def lines_of(start, stop):
    return ''.join('line %06d of the streamed body\n' % i
                   for i in range(start, stop)).encode()


def _read_body(environ):
    inp = environ['wsgi.input']
    parts = []
    cl = environ.get('CONTENT_LENGTH', '')
    remaining = int(cl) if cl else None
    while remaining is None or remaining > 0:
        data = inp.read(65536 if remaining is None else min(remaining, 65536))
        if not data:
            break
        parts.append(data)
        if remaining is not None:
            remaining -= len(data)
    return b''.join(parts)


def _app(environ, start_response):
    body = _read_body(environ)
    qs = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    lines = int(qs.get('lines', ['0'])[0])
    head = ('%s script=%s path=%s query=%s\n' % (
        environ['REQUEST_METHOD'], environ.get('SCRIPT_NAME', ''),
        environ.get('PATH_INFO', ''),
        environ.get('QUERY_STRING', ''))).encode('latin-1')
    start_response('200 OK', [('Content-Type', 'text/plain; charset=utf-8')])

    def gen():
        yield head
        if body:
            yield body
        for start in range(0, lines, STEP):
            yield lines_of(start, min(lines, start + STEP))

    return gen()


application = validator(_app)
