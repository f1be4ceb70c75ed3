# Returns the daemon process's own environment (os.environ) as JSON.
import json
import os
from wsgiref.validate import validator


def _app(environ, start_response):
    body = json.dumps(dict(os.environ), sort_keys=True).encode()
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
