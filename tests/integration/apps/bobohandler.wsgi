# A WSGIHandlerScript: serves the requested file's first line, so a test
# sees the handler ran for that file (SCRIPT_FILENAME).
from wsgiref.validate import validator


def _app(environ, start_response):
    with open(environ['SCRIPT_FILENAME'], 'rb') as f:
        first = f.readline()
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'handled: ' + first]


# mod_wsgi calls a handler script's handle_request.
handle_request = validator(_app)
