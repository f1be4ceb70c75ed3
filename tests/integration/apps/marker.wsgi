# Leaves a trace of every import and every call in <server root>/scratch/
# marker.log, so a test can tell whether the daemon ever ran this script.
import os
from wsgiref.validate import validator

_LOG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), 'scratch', 'marker.log')


def _note(what):
    with open(_LOG, 'a') as f:
        f.write('%s %d\n' % (what, os.getpid()))


_note('import')


def _app(environ, start_response):
    _note('call')
    body = b'marker'
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
