"""An attached daemon's command attacking the error log
(tests/integration/test_security_logs.py, WSGIAttachDaemon).

    attach_logattack.py RECORD-FILE TOKEN

Its own fd 1 and 2 are the runner's pipe.  The runner (gateway-attach,
its parent) runs as the same user, so the command can take the runner's
own fd 2 with pidfd_getfd(2) (what ptrace would give too): up to now that
was Apache's error log.  It tries ftruncate and lseek on that descriptor,
writes a forged Apache line with control characters and an embedded
newline through it and through its own stdout and stderr, and writes
JSON to RECORD-FILE: its pid, the runner's pid, and the errno of each
call (0: it succeeded; "getfd" is pidfd_getfd's).  Then it waits for its
stop signal.
"""
import ctypes
import json
import os
import signal
import sys
import time

RECORD, TOKEN = sys.argv[1], sys.argv[2]
SYS_PIDFD_GETFD = 438


def forged(channel, part):
    return ("[Mon Jan 01 00:00:00.000000 2024] [core:crit] [pid 1] "
            "AH00000: forged-%s-%s-%s" % (TOKEN, channel, part))


def payload(channel):
    return (forged(channel, "a") + "\r\x1b[2J" + "\n" + forged(channel, "b")
            + "\n").encode()


def attempt(fn):
    try:
        fn()
        return 0
    except OSError as e:
        return e.errno


def steal_runner_stderr(runner):
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(runner)
    try:
        fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, 2, 0)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "pidfd_getfd")
        return fd
    finally:
        os.close(pidfd)


stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, on_term)
runner = os.getppid()
out = {"pid": os.getpid(), "runner": runner}
stolen = None
try:
    stolen = steal_runner_stderr(runner)
    out["getfd"] = 0
except OSError as e:
    out["getfd"] = e.errno
if stolen is not None:
    out["ftruncate"] = attempt(lambda: os.ftruncate(stolen, 0))
    out["lseek"] = attempt(lambda: os.lseek(stolen, 0, os.SEEK_SET))
    os.write(stolen, payload("stolen"))
os.write(1, payload("stdout"))
os.write(2, payload("stderr"))
with open(RECORD + ".tmp", "w") as f:
    json.dump(out, f)
os.rename(RECORD + ".tmp", RECORD)
while not stopping:
    time.sleep(0.05)
