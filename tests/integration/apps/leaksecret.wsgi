# A compromised application reading its group's secret out of its own
# memory: the daemon keeps its hand-over text ("secret" NUL 64 hex digits
# NUL once parsed) on the C heap.  Answers with the secret found there,
# or 404 when there is none.  ctypes reads only the [heap] mapping, which
# is mapped in full, so no read can fault.
import ctypes
import re
from wsgiref.validate import validator

_PATTERN = re.compile(rb'secret\x00([0-9a-f]{64})\x00')


def _heap_secrets():
    found = []
    with open('/proc/self/maps') as f:
        for line in f:
            fields = line.split()
            if fields[-1] != '[heap]' or not fields[1].startswith('r'):
                continue
            lo, hi = (int(x, 16) for x in fields[0].split('-'))
            data = ctypes.string_at(lo, hi - lo)
            found += [m.group(1) for m in _PATTERN.finditer(data)]
    return sorted(set(found))


def _app(environ, start_response):
    secrets = _heap_secrets()
    status = '200 OK' if len(secrets) == 1 else '404 Not Found'
    body = b'\n'.join(secrets)
    start_response(status, [('Content-Type', 'text/plain'),
                            ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
