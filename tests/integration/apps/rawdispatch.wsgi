# A compromised daemon answering a WSGIDispatchScript call (not an
# application): process_group() writes raw protocol frames to its
# connection with the Apache child, as any code in the daemon process
# could, chosen by the first segment of PATH_INFO:
#   fourth   NAMES with a bit for a fourth name, and four names
#   missing  NAMES saying a process group follows, and none does
#   stray    NAMES with no name and a stray byte after it
#   ctl      NAMES with a process group holding CR LF
#   long     NAMES with a process group of 1025 bytes
#   true     ANSWER True, an auth hook's answer, not names
#   headers  HEADERS 200 OK, a WSGI response instead of an answer
#   twice    NAMES (group ga) twice
# and then returns "ga" (the daemon appends its own ANSWER and END, which
# the Apache child must not get to).  "fine" just returns "ga".  Requires
# threads=1 (exactly one connection socket is open).
import os
import struct


ANSWER = 10                 # GW_FRAME_ANSWER (proto/gw_proto.h)
NAMES = 5                   # GW_ANSWER_NAMES (proto/gw_hook.h)


def _frame(t, payload):
    return struct.pack('<BBHI', t, 0, 0, len(payload)) + payload


def _names(mask, *names):
    return bytes([NAMES, mask]) + b''.join(
        struct.pack('<H', len(n)) + n for n in names)


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
    'fourth': _frame(ANSWER, _names(0x0f, b'ga', b'a', b'c', b'd')),
    'missing': _frame(ANSWER, _names(0x01)),
    'stray': _frame(ANSWER, _names(0x00) + b'x'),
    'ctl': _frame(ANSWER, _names(0x01, b'ga\r\nX: y')),
    'long': _frame(ANSWER, _names(0x01, b'g' * 1025)),
    'true': _frame(ANSWER, b'\x01'),
    'headers': _frame(1, b'\x07\x00:status\x06\x00200 OK'),
    'twice': _frame(ANSWER, _names(0x01, b'ga')) * 2,
}


def process_group(environ):
    key = environ['PATH_INFO'].split('/')[1]
    if key != 'fine':
        os.write(_connection_fd(), FRAMES[key] + _frame(3, b''))
    return 'ga'
