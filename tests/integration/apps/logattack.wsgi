# An application attacking the error log through the descriptors it was
# given (tests/integration/test_security_logs.py).  Not wrapped in
# wsgiref's validator: it writes to sys.__stderr__ and fd 1/2 behind
# WSGI's back, and what it answers is all the test looks at.
#
#   ?do=attack&token=T  first writes "before-T" to wsgi.errors, then tries
#       ftruncate(2, 0), ftruncate(1, 0) and lseek(2, 0, SEEK_SET), then
#       writes a forged Apache line, with control characters and an
#       embedded newline, through os.write(2), os.write(1), sys.stderr,
#       sys.stdout (print), sys.__stderr__ and wsgi.errors (channel names
#       as in CHANNELS).  Answers JSON: pid, whether fd 2 is a FIFO, and
#       the errno of each call (0: it succeeded).
#   ?do=log&token=T&n=N&size=S&sleep=SECS[&mark=1]  writes "T-started"
#       to wsgi.errors (with mark=1), sleeps SECS, then writes N lines
#       "T-i-xxx..." of S bytes there; answers JSON with its pid and the
#       seconds the writing took.
import errno
import json
import os
import stat
import sys
import time
import urllib.parse

CHANNELS = ("oswrite2", "oswrite1", "stderr", "stdout", "dunder_stderr",
            "wsgi_errors")


def forged(token, channel, part):
    # What Apache itself writes: date, module:level, pid, AH number.
    return ("[Mon Jan 01 00:00:00.000000 2024] [core:crit] [pid 1] "
            "AH00000: forged-%s-%s-%s" % (token, channel, part))


def payload(token, channel):
    # \r and a terminal's clear-screen inside, and a newline that starts a
    # second forged line.
    return (forged(token, channel, "a") + "\r\x1b[2J" + "\n"
            + forged(token, channel, "b") + "\n")


def attempt(fn):
    try:
        fn()
        return 0
    except OSError as e:
        return e.errno


def attack(environ, token):
    errors = environ["wsgi.errors"]
    errors.write("before-%s\n" % token)
    errors.flush()
    out = {
        "pid": os.getpid(),
        "fifo": stat.S_ISFIFO(os.fstat(2).st_mode),
        "ftruncate2": attempt(lambda: os.ftruncate(2, 0)),
        "ftruncate1": attempt(lambda: os.ftruncate(1, 0)),
        "lseek2": attempt(lambda: os.lseek(2, 0, os.SEEK_SET)),
    }
    for channel in CHANNELS:
        text = payload(token, channel)
        if channel == "oswrite2":
            os.write(2, text.encode())
        elif channel == "oswrite1":
            os.write(1, text.encode())
        elif channel == "stderr":
            print(text, end="", file=sys.stderr)
        elif channel == "stdout":
            print(text, end="")
        elif channel == "dunder_stderr":
            sys.__stderr__.write(text)
            sys.__stderr__.flush()
        else:
            errors.write(text)
    errors.flush()
    return out


def log(environ, q):
    token = q["token"][0]
    n, size = int(q.get("n", ["1"])[0]), int(q.get("size", ["40"])[0])
    errors = environ["wsgi.errors"]
    if "mark" in q:
        errors.write("%s-started\n" % token)
        errors.flush()
    time.sleep(float(q.get("sleep", ["0"])[0]))
    t0 = time.monotonic()
    for i in range(n):
        head = "%s-%d-" % (token, i)
        errors.write(head + "x" * max(0, size - len(head)) + "\n")
    errors.flush()
    return {"pid": os.getpid(), "seconds": time.monotonic() - t0}


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    if q["do"][0] == "attack":
        out = attack(environ, q["token"][0])
    else:
        out = log(environ, q)
    body = json.dumps(out).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
