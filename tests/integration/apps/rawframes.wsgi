# A compromised daemon: instead of using start_response, the application
# writes raw protocol frames to its connection with the Apache child, as
# any code in the daemon process could.  ?mode=crlf sends a HEADERS frame
# whose value carries "\r\nSet-Cookie: x=y"; ?mode=te a Transfer-Encoding
# header; ?mode=status&code=NNN the status "NNN X" with a body of two
# forged HTTP responses (Set-Cookie), response splitting through a status
# that is not a final one; ?mode=opath a FILE frame whose descriptor
# (SCM_RIGHTS) is this script opened with O_PATH, which fstat() calls a
# regular file but which cannot be read.  Requires threads=1 (exactly one
# connection socket is open).
import os
import socket
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


def _send_opath_file(path):
    fd = os.open(path, os.O_PATH)
    size = os.fstat(fd).st_size
    headers = _kv(b':status', b'200 OK') + _kv(
        b'Content-Type', b'text/plain') + _kv(b'Content-Length',
                                             str(size).encode())
    conn = socket.socket(fileno=os.dup(_connection_fd()))
    try:
        # One message, written before the Apache child can refuse it and
        # close the connection.
        socket.send_fds(conn, [_frame(1, headers) + _frame(
            6, struct.pack('<QQ', 0, size)) + _frame(3, b'')], [fd])
    finally:
        conn.close()
        os.close(fd)


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    mode = q.get('mode', ['crlf'])[0]
    if mode == 'opath':
        _send_opath_file(environ['SCRIPT_FILENAME'])
        start_response('200 OK', [('Content-Type', 'text/plain')])
        return [b'after']
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
