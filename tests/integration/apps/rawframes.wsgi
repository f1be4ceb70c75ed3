# A compromised daemon: instead of using start_response, the application
# writes raw protocol frames to its connection with the Apache child, as
# any code in the daemon process could.  ?mode=crlf sends a HEADERS frame
# whose value carries "\r\nSet-Cookie: x=y"; ?mode=te a Transfer-Encoding
# header; ?mode=status&code=NNN the status "NNN X" with a body of two
# forged HTTP responses (Set-Cookie), response splitting through a status
# that is not a final one.  Requires threads=1 (exactly one connection
# socket is open).
import os
import struct
import urllib.parse

FORGED = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'
          b'Content-Length: 6\r\nSet-Cookie: forged=1\r\n\r\nforged')


def _kv(k, v):
    return struct.pack('<H', len(k)) + k + struct.pack('<H', len(v)) + v


def _frame(t, payload):
    return struct.pack('<BBHI', t, 0, 0, len(payload)) + payload


def _connection_fd():
    found = []
    for name in os.listdir('/proc/self/fd'):
        fd = int(name)
        if fd == 3:
            continue  # the group's listening socket
        try:
            target = os.readlink('/proc/self/fd/%d' % fd)
        except OSError:
            continue
        if target.startswith('socket:'):
            found.append(fd)
    if len(found) != 1:
        raise RuntimeError('expected one connection socket, got %r' % found)
    return found[0]


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    mode = q.get('mode', ['crlf'])[0]
    status, body = b'200 OK', b'forged'
    if mode == 'status':
        status = q.get('code', ['100'])[0].encode() + b' X'
        body = FORGED + FORGED
        hdr = b''
    elif mode == 'te':
        hdr = _kv(b'Transfer-Encoding', b'chunked')
    else:
        hdr = _kv(b'X-Note', b'a\r\nSet-Cookie: x=y')
    headers = _kv(b':status', status) + _kv(b'Content-Type',
                                            b'text/plain') + hdr
    os.write(_connection_fd(), _frame(1, headers) + _frame(2, body)
             + _frame(3, b''))
    # What the daemon appends after this is never looked at: the Apache
    # child has judged the forged frames already.
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'after']
