# Creates the file ?file=PATH (open(), mode 0666 before the umask) and
# the directory ?dir=PATH (mkdir, 0777 before the umask) and reports the
# modes they got and the process's umask, as JSON.
import json
import os
import stat
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    out = {}
    if 'file' in q:
        with open(q['file'][0], 'w') as f:
            f.write('made\n')
        out['file'] = stat.S_IMODE(os.stat(q['file'][0]).st_mode)
    if 'dir' in q:
        os.mkdir(q['dir'][0])
        out['dir'] = stat.S_IMODE(os.stat(q['dir'][0]).st_mode)
    mask = os.umask(0)
    os.umask(mask)
    out['umask'] = mask
    body = json.dumps(out).encode()
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
