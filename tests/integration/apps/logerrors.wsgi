# Writes "errors-marker-<token>" (?token=, default "x") to
# environ['wsgi.errors'] as one line and answers with the daemon
# process's pid, so a test can find that line in the error log and check
# who it is attributed to.
import os
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    environ['wsgi.errors'].write('errors-marker-%s\n'
                                 % q.get('token', ['x'])[0])
    body = str(os.getpid()).encode()
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
