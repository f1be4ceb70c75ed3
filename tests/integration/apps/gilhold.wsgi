# Holds the Python GIL for ?s=S seconds (default 10): libc sleep() called
# through ctypes.PyDLL, which keeps the GIL, unlike time.sleep().  For the
# deadlock-timeout tests.
import ctypes
import os
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    ctypes.PyDLL(None).sleep(int(q.get('s', ['10'])[0]))
    body = str(os.getpid()).encode()
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
