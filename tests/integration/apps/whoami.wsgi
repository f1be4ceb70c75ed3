# Who is the daemon process: uid, gid, supplementary groups, pid, and the
# outcome of opening ?read=<path> ("ok" or the exception class name).
import json
import os
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    out = {
        'uid': os.getuid(), 'euid': os.geteuid(),
        'gid': os.getgid(), 'egid': os.getegid(),
        'groups': sorted(os.getgroups()),
        'pid': os.getpid(),
    }
    if 'read' in q:
        try:
            with open(q['read'][0], 'rb') as f:
                f.read(1)
            out['read'] = 'ok'
        except Exception as e:
            out['read'] = type(e).__name__
    body = json.dumps(out).encode()
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
