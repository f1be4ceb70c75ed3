# wsgi.file_wrapper over a file-like object whose fileno() is a
# descriptor opened with O_PATH (its read() reads the file normally):
# ?path=P names the 256 KiB file it writes first, large enough for the
# daemon to hand the descriptor to Apache (FILE frame).  Returned as it
# is, without the validator, which would hide the file_wrapper.
import os
import urllib.parse

SIZE = 256 << 10


class PathOnly:
    def __init__(self, path):
        self.path_fd = os.open(path, os.O_PATH)
        self.f = open(path, 'rb')

    def fileno(self):
        return self.path_fd

    def tell(self):
        return self.f.tell()

    def read(self, n=-1):
        return self.f.read(n)

    def close(self):
        os.close(self.path_fd)
        self.f.close()


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    path = q['path'][0]
    with open(path, 'wb') as f:
        f.write(b'x' * SIZE)
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(SIZE))])
    return environ['wsgi.file_wrapper'](PathOnly(path), 65536)
