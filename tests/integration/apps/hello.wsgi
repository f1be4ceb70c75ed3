# Minimal app: 12 bytes of text/plain.
from wsgiref.validate import validator


def _app(environ, start_response):
    body = b'Hello World!'
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
