# A compromised application leaving a process behind that keeps a copy of
# the group's listening socket (fd 3) and accepts on it, as a thief of
# later requests would.  The process (detached: its own session, not a
# child of the daemon) records each connection it gets as one line
# "accepted N" (N: bytes received) in <server root>/scratch/stray.log,
# closes it without an answer, and writes its pid to scratch/stray.pid
# once it is waiting; it ends after ?secs=S (default 120) at the latest.
import os
import select
import socket
import time
import urllib.parse
from wsgiref.validate import validator

_SCRATCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), 'scratch')


def _steal(fd, secs):
    listener = socket.socket(fileno=fd)
    deadline = time.monotonic() + secs
    with open(os.path.join(_SCRATCH, 'stray.pid.tmp'), 'w') as f:
        f.write(str(os.getpid()))
    os.rename(os.path.join(_SCRATCH, 'stray.pid.tmp'),
              os.path.join(_SCRATCH, 'stray.pid'))
    while time.monotonic() < deadline:
        if not select.select([listener], [], [], 0.5)[0]:
            continue
        try:
            conn, _ = listener.accept()   # the daemons race us for it
        except BlockingIOError:
            continue
        conn.settimeout(2)
        try:
            n = len(conn.recv(65536))
        except OSError:
            n = -1
        conn.close()
        with open(os.path.join(_SCRATCH, 'stray.log'), 'a') as f:
            f.write('accepted %d\n' % n)


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    fd = os.dup(3)
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                _steal(fd, float(q.get('secs', ['120'])[0]))
        finally:
            os._exit(0)
    os.close(fd)
    os.waitpid(pid, 0)
    body = b'left a process behind'
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
