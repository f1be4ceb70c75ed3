# Takes ?secs=S seconds (default 3), then appends "done PID" to the file
# ?marker=PATH, then answers: a request whose end is visible even when
# nobody is left to read the answer.
import os
import time
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    time.sleep(float(q.get('secs', ['3'])[0]))
    with open(q['marker'][0], 'a') as f:
        f.write('done %d\n' % os.getpid())
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'done']


application = validator(_app)
