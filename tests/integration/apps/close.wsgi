# An iterable whose close() appends "closed <token>" to the file named by
# ?marker=<path>.  With ?raise=1 the iteration raises after the first chunk
# (RuntimeError('mid-iteration-marker')); close() must still be called.
import urllib.parse
from wsgiref.validate import validator


class Body:
    def __init__(self, marker, token, fail):
        self.marker = marker
        self.token = token
        self.fail = fail

    def __iter__(self):
        yield b'first-chunk;'
        if self.fail:
            raise RuntimeError('mid-iteration-marker')
        yield b'second-chunk'

    def close(self):
        if self.marker:
            with open(self.marker, 'a') as f:
                f.write('closed %s\n' % self.token)


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    marker = q.get('marker', [''])[0]
    token = q.get('token', ['-'])[0]
    fail = q.get('raise', ['0'])[0] == '1'
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return Body(marker, token, fail)


application = validator(_app)
