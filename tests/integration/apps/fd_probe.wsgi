# What an application can do with a descriptor another process of its own
# user holds: ?pid=P&fd=N tries /proc/P/fd/N (readlink, stat, open and
# read) and, as a control, /proc/P/fd/0.  Answers JSON; of what it read
# it tells only whether it held the hand-over's "secret " line, never the
# bytes.
import json
import os
import urllib.parse
from wsgiref.validate import validator


def attempt(path):
    out = {"path": path}
    try:
        out["target"] = os.readlink(path)
    except OSError as e:
        out["readlink_error"] = e.errno
    try:
        st = os.stat(path)
        out["mode"], out["uid"] = st.st_mode & 0o7777, st.st_uid
    except OSError as e:
        out["stat_error"] = e.errno
    try:
        with open(path, "rb") as f:
            data = f.read(1 << 16)
        out["opened"] = True
        out["has_secret"] = b"\nsecret " in data or data.startswith(b"secret ")
    except OSError as e:
        out["opened"] = False
        out["open_error"] = e.errno
    return out


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    pid, fd = int(q["pid"][0]), int(q["fd"][0])
    body = json.dumps({
        "pid": os.getpid(), "uid": os.getuid(),
        "fd": attempt("/proc/%d/fd/%d" % (pid, fd)),
        "control": attempt("/proc/%d/fd/0" % pid),
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]


application = validator(_app)
