# Writes its pid to ?marker=PATH, then takes ?secs=N seconds to answer.
import os
import time
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    with open(q['marker'][0], 'w') as f:
        f.write(str(os.getpid()))
    time.sleep(float(q.get('secs', ['10'])[0]))
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'late']


application = validator(_app)
