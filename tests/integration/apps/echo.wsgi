# Reads the request body and returns its length and sha256 as JSON.
# With CONTENT_LENGTH it reads exactly that much; without it (chunked
# request) it reads until read() returns b'' (wsgi.input_terminated).
import hashlib
import json
from wsgiref.validate import validator


def _app(environ, start_response):
    inp = environ['wsgi.input']
    h = hashlib.sha256()
    total = 0
    cl = environ.get('CONTENT_LENGTH', '')
    if cl:
        remaining = int(cl)
        while remaining > 0:
            data = inp.read(min(remaining, 65536))
            if not data:
                break
            h.update(data)
            total += len(data)
            remaining -= len(data)
    else:
        while True:
            data = inp.read(65536)
            if not data:
                break
            h.update(data)
            total += len(data)
    body = json.dumps({'len': total, 'sha256': h.hexdigest()}).encode()
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
