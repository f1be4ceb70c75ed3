"""A stand-in for a Celery worker, run by WSGIAttachDaemon (see
tests/integration/test_attach.py).

    attach_worker.py RECORD-FILE

Appends to RECORD-FILE:  "start PID UID CWD"  when it starts,
"env NAME=VALUE" for a few variables, "reload PID" on SIGHUP,
"task PID T" when SIGTERM arrives (T: time.time()), and "stop PID T"
after a 3 s "task" that SIGTERM lets finish; then exits 0.  Prints one
line to stdout (not flushed: PYTHONUNBUFFERED is expected) and one to
stderr.
"""
import os
import signal
import sys
import time

RECORD = sys.argv[1]


def record(text):
    with open(RECORD, "a") as f:
        f.write(text + "\n")


stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


def on_hup(signum, frame):
    record("reload %d" % os.getpid())
    print("worker %d reloading" % os.getpid())


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGHUP, on_hup)
record("start %d %d %s" % (os.getpid(), os.getuid(), os.getcwd()))
for name in ("VIRTUAL_ENV", "PYTHONPATH", "PATH", "HOME", "USER"):
    record("env %s=%s" % (name, os.environ.get(name, "")))
record("env sys.prefix=%s" % sys.prefix)
print("worker %d says hello on stdout" % os.getpid())
print("worker %d says hello on stderr" % os.getpid(), file=sys.stderr)

while not stopping:
    time.sleep(0.05)
record("task %d %.3f" % (os.getpid(), time.time()))
print("worker %d finishing its task" % os.getpid())
deadline = time.time() + 3
while time.time() < deadline:          # a signal does not cut it short
    time.sleep(max(0.0, deadline - time.time()))
record("stop %d %.3f" % (os.getpid(), time.time()))
print("worker %d stopped" % os.getpid())
sys.exit(0)
