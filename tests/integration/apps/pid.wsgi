# Answers with the daemon process's pid (recycling tests).
import os
from wsgiref.validate import validator


def _app(environ, start_response):
    body = str(os.getpid()).encode()
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
