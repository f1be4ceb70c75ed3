"""An entry of a worker file (worker-file=, see
tests/integration/test_workerfile.py): a stand-in for a Celery worker or
a queue proxy.

    workerfile_worker.py NAME RECORD-FILE [TASK-SECONDS]

Appends to RECORD-FILE, one line each:
  "start NAME PID UID T"   when it starts (T: time.time())
  "reload NAME PID T"      on SIGHUP
  "task NAME PID T"        when SIGTERM arrives: its "task" begins, which
                           takes TASK-SECONDS (default 0.3) and which a
                           second SIGTERM does not cut short
  "stop NAME PID T"        when the task is done; then it exits 0.
"""
import os
import signal
import sys
import time

NAME, RECORD = sys.argv[1], sys.argv[2]
TASK = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3


def record(what):
    with open(RECORD, "a") as f:
        f.write("%s %s %d %.3f\n" % (what, NAME, os.getpid(), time.time()))


stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGHUP, lambda s, f: record("reload"))
with open(RECORD, "a") as f:
    f.write("start %s %d %d %.3f\n" % (NAME, os.getpid(), os.getuid(),
                                       time.time()))
print("%s %d running" % (NAME, os.getpid()))
while not stopping:
    time.sleep(0.02)
record("task")
deadline = time.time() + TASK
while time.time() < deadline:
    time.sleep(max(0.0, min(0.1, deadline - time.time())))
record("stop")
sys.exit(0)
