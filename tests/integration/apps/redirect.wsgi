# 200 with a local Location, CGI style: ?to=/path
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Location', q.get('to', ['/hello'])[0])])
    return [b'from the redirecting app']


application = validator(_app)
