# A hostile application for the hand-over of files: it returns
# wsgi.file_wrapper over a fresh file (?path=P&mib=N), then truncates the
# file 0.1 s later, while Apache is still sending it.  Not wrapped in the
# validator, which would hide the file_wrapper.
import os
import threading
import time
import urllib.parse


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    path = q['path'][0]
    size = int(q.get('mib', ['32'])[0]) << 20
    with open(path, 'wb') as f:
        block = os.urandom(1 << 20)
        for _ in range(size >> 20):
            f.write(block)
    f = open(path, 'rb')

    def cut():
        time.sleep(0.1)
        os.truncate(path, 0)

    threading.Thread(target=cut, daemon=True).start()
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(size))])
    return environ['wsgi.file_wrapper'](f, 1 << 20)
