# Leaks ?mb=N MiB (default 5) per request, kept for good in a module
# global, as a leaking application would; answers with its pid and the
# process's resident set size.
import os
import urllib.parse
from wsgiref.validate import validator

_kept = []


def _rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    mb = int(q.get('mb', ['5'])[0])
    block = bytearray(mb << 20)
    # Touch every page: an untouched allocation is not resident.
    for i in range(0, len(block), 4096):
        block[i] = 1
    _kept.append(block)
    body = ('%d %d\n' % (os.getpid(), _rss())).encode()
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
