# Which daemon group and application group served the request, as the
# application sees them (mod_wsgi's environ keys), and which process.
import json
import os
from wsgiref.validate import validator


def _app(environ, start_response):
    body = json.dumps({
        'process_group': environ.get('mod_wsgi.process_group'),
        'application_group': environ.get('mod_wsgi.application_group'),
        'uid': os.getuid(),
        'pid': os.getpid(),
    }).encode()
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
