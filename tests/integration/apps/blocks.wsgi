# A body known whole before it is sent: ?n=N blocks of ?kib=K KiB each,
# block i filled with byte i, as a list (or a tuple with ?tuple=1), the
# way frameworks return a rendered page.
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    n = int(q.get('n', ['16'])[0])
    size = int(q.get('kib', ['64'])[0]) << 10
    body = [bytes([i % 256]) * size for i in range(n)]
    if q.get('tuple'):
        body = tuple(body)
    headers = [('Content-Type', 'application/octet-stream')]
    if 'cl' in q:
        headers.append(('Content-Length', q['cl'][0]))
    start_response('200 OK', headers)
    return body


application = validator(_app)
