# start_response() with exc_info (PEP 3333), by ?mode=:
#   before  start_response('200 OK', X-Early), then an exception is caught
#           before any body byte went out and start_response('503 Replaced',
#           X-Replaced, exc_info) replaces status and headers; body
#           "replaced"
#   after   start_response('200 OK'), write(b'partial') (sent at once),
#           then start_response('500 ...', exc_info) for a caught
#           RuntimeError('late-marker'): too late to change the response,
#           so the server re-raises it and the exception leaves the app
import sys
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    mode = q.get('mode', ['before'])[0]
    if mode == 'before':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('X-Early', '1')])
        try:
            raise ValueError('early-marker')
        except ValueError:
            start_response('503 Replaced', [('Content-Type', 'text/plain'),
                                            ('X-Replaced', 'yes')],
                           sys.exc_info())
        return [b'replaced']
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write(b'partial')
    try:
        raise RuntimeError('late-marker')
    except RuntimeError:
        start_response('500 Internal Server Error',
                       [('Content-Type', 'text/plain')], sys.exc_info())
    return [b'not reached']


application = validator(_app)
