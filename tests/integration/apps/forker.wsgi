# Forks a child that outlives the request (as multiprocessing or a
# hand-rolled background job does) and answers with the child's pid.  The
# child only sleeps, holding whatever descriptors it was given, for
# ?sleep=S seconds (default 60).
import os
import time
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    pid = os.fork()
    if pid == 0:
        try:
            time.sleep(float(q.get('sleep', ['60'])[0]))
        finally:
            os._exit(0)
    body = str(pid).encode()
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
