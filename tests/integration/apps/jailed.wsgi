# Reports what the daemon process can see of the file system: a chroot=
# group must not see the server root outside its jail.
import json
import os
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    probe = q.get('probe', ['/'])[0]
    body = json.dumps({'root': sorted(os.listdir('/')),
                       'probe_exists': os.path.exists(probe)}).encode()
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body]


application = validator(_app)
