# Answers with one header X-Big of ?size=N bytes.
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    size = int(q.get('size', ['10'])[0])
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('X-Big', 'b' * size)])
    return [b'ok']


application = validator(_app)
