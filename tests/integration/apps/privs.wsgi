# Tries to get root back from inside a daemon process and reports what
# happened: "ok" or "<ExceptionClass> <errno>" per attempt.  ?exec=<path>
# also runs <path> (e.g. a set-uid binary) and reports its output.
import json
import os
import subprocess
import urllib.parse
from wsgiref.validate import validator


def _try(fn, *args):
    try:
        fn(*args)
        return 'ok'
    except OSError as e:
        return '%s %s' % (type(e).__name__, e.errno)


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    out = {
        'setuid0': _try(os.setuid, 0),
        'seteuid0': _try(os.seteuid, 0),
        'setresuid0': _try(os.setresuid, 0, 0, 0),
        'setgid0': _try(os.setgid, 0),
        'setgroups0': _try(os.setgroups, [0]),
        'uid': os.getuid(), 'euid': os.geteuid(),
        'gid': os.getgid(), 'egid': os.getegid(),
        'groups': sorted(os.getgroups()),
    }
    if 'exec' in q:
        r = subprocess.run([q['exec'][0]], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=20)
        out['exec'] = r.stdout.decode('utf-8', 'replace').strip()
        out['exec_rc'] = r.returncode
    body = json.dumps(out).encode()
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
