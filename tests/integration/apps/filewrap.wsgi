# Serves a file through environ['wsgi.file_wrapper'].  The path is the
# QUERY_STRING (URL-decoded); without one, a fixed file is created next to
# the system temp dir and served.
import os
import tempfile
import urllib.parse
from wsgiref.validate import validator


def _default_file():
    path = os.path.join(tempfile.gettempdir(),
                        'gwtest-filewrap-%d.txt' % os.getuid())
    if not os.path.exists(path):
        with open(path, 'wb') as f:
            f.write(b'file-wrapper-default\n' * 100)
    return path


def _app(environ, start_response):
    qs = environ.get('QUERY_STRING', '')
    path = urllib.parse.unquote(qs) if qs else _default_file()
    f = open(path, 'rb')
    size = os.fstat(f.fileno()).st_size
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(size))])
    return environ['wsgi.file_wrapper'](f, 65536)


application = validator(_app)
