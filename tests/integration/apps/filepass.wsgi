# wsgi.file_wrapper returned as is (no validator around it, which would
# hide it), so the daemon can hand the file itself to Apache:
# ?path=P&seek=N&cl=M  (seek before wrapping; Content-Length M, default the
# rest of the file).
import os
import urllib.parse


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    f = open(q['path'][0], 'rb')
    seek = int(q.get('seek', ['0'])[0])
    f.seek(seek)
    size = os.fstat(f.fileno()).st_size - seek
    cl = int(q.get('cl', [str(size)])[0])
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(cl))])
    return environ['wsgi.file_wrapper'](f, 65536)
