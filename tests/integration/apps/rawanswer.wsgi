# A compromised daemon answering an auth hook: check_password writes raw
# protocol frames to its connection with the Apache child, as any code in
# the daemon process could, chosen by the user name:
#   stray    ANSWER True with an item after it
#   cut      ANSWER True with a stray byte after it
#   list     ANSWER with a list, which check_password cannot give
#   ctl      ANSWER with a user name holding CR LF
#   unknown  ANSWER with answer code 9, no answer at all
#   headers  HEADERS 200 OK, a WSGI response instead of an answer
#   twice    ANSWER True twice
# and then returns True (the daemon appends its own ANSWER True and END,
# which the Apache child must not get to).  User "fine" just gets True.  Requires threads=1 (exactly
# one connection socket is open).
import os
import struct


ANSWER = 10                 # GW_FRAME_ANSWER (proto/gw_proto.h)


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


FRAMES = {
    'stray': _frame(ANSWER, b'\x01\x01\x00a'),
    'cut': _frame(ANSWER, b'\x01\x00'),
    'list': _frame(ANSWER, b'\x04\x01\x00a'),
    'ctl': _frame(ANSWER, b'\x03\x07\x00a\r\nb: c'),
    'unknown': _frame(ANSWER, b'\x09'),
    'headers': _frame(1, b'\x07\x00:status\x06\x00200 OK'),
    'twice': _frame(ANSWER, b'\x01') + _frame(ANSWER, b'\x01'),
}


def check_password(environ, user, password):
    if user == 'fine':
        return True
    os.write(_connection_fd(), FRAMES[user] + _frame(3, b''))
    return True
