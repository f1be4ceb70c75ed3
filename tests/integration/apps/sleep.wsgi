# Sleeps ?before=S seconds before start_response and ?after=S seconds
# after sending the first chunk; reports its pid first in a header.
import os
import time
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    time.sleep(float(q.get('before', ['0'])[0]))
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('X-Pid', str(os.getpid()))])

    def gen():
        yield b'first\n'
        time.sleep(float(q.get('after', ['0'])[0]))
        yield b'second\n'

    return gen()


application = validator(_app)
