"""What an application, or code in its daemon process, cannot make the
client or the sysadmin see (docs/SECURITY.md properties 7 and 9, and a
FILE descriptor it cannot read), and what a process of Apache's User
cannot read from an Apache child (property 3: the secret).

Each test performs the attack and asserts what its target observes: the
bytes a pipelined HTTP client reads, the lines of error.log, whether
/proc/PID/mem opens.
"""

import errno
import json
import os
import pwd
import re
import socket
import subprocess
import time
import urllib.parse

import pytest

from conftest import (APACHE, APACHE_MODULES, APACHE_USER, REFERENCE,
                      USER_A, USER_B, descendants, proc_exe, proc_uids,
                      require_apache_modules, shared_server)
from test_security import (frame_types, group_socket, memory_contains,
                           parse_responses, raw_request, read_http_stream,
                           read_secret, request_vars)


# --------------------------------------------------------------------------
# 1. response splitting through a status that is not a final one
# --------------------------------------------------------------------------

SPLIT_CONFIG = """
WSGIDaemonProcess sa user=%s processes=1 threads=2
WSGIDaemonProcess raw user=%s processes=1 threads=1
WSGIDaemonProcess sb user=%s processes=1 threads=2
WSGIScriptAlias /status @APPS@/anystatus.wsgi process-group=sa application-group=%%{GLOBAL}
WSGIScriptAlias /raw @APPS@/rawframes.wsgi process-group=raw application-group=%%{GLOBAL}
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=sb application-group=%%{GLOBAL}
""" % (USER_A, USER_A, USER_B)


split_module, split = shared_server(SPLIT_CONFIG, "split", "split")


@pytest.mark.parametrize("path,group", [
    ("/status?code=100", "sa"), ("/status?code=101", "sa"),
    ("/status?code=103", "sa"), ("/status?code=199", "sa"),
    ("/status?code=600", "sa"), ("/status?code=999", "sa"),
    ("/raw?mode=status&code=100", "raw"),
    ("/raw?mode=status&code=103", "raw"),
    ("/raw?mode=status&code=600", "raw")])
def test_status_that_is_not_final_cannot_split_the_response(split, path,
                                                            group):
    """Two pipelined requests on one keep-alive connection: the first to
    an app (group sa, gwtest-a; or raw frames written behind
    start_response's back) whose status is 1xx or above 599 and whose body
    holds two complete HTTP responses with a Set-Cookie; the second to
    group sb (gwtest-b).  A client that took the 1xx for an interim
    response would read the app's forged responses as the answers to both
    requests, the second belonging to another user's application.

    The client must get a 502 for the first request, then sb's real
    answer or nothing; no forged byte ever."""
    srv = split
    srv.wait_ok("/hello")
    req = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
           "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
           "\r\n" % path).encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(req)
        data = read_http_stream(s)
    print("%s: %r" % (path, data))
    assert b"forged" not in data, data
    assert b"Set-Cookie" not in data, data
    resps = parse_responses(data)
    assert resps and all("garbage" not in r for r in resps), resps
    first, rest = resps[0], resps[1:]
    assert first["status"].startswith(b"HTTP/1.1 502 ") and \
        first["complete"], resps
    # Then /hello's own answer, or the connection closed: nothing else.
    assert len(rest) <= 1, resps
    if rest:
        assert rest[0]["status"].startswith(b"HTTP/1.1 200 "), resps
        assert rest[0]["body"] == b"Hello World!", resps
    code = re.search(r"code=(\d+)", path).group(1)
    srv.expect_log(r"GW01060: daemon process \d+ of group '%s' sent status "
                   r"'%s X', which is not a final status \(200-599\); "
                   r"answering 502" % (group, code))
    srv.allow_log(r"GW0502[01]")


# --------------------------------------------------------------------------
# 2. FILE frames: a descriptor that cannot be read is refused
# --------------------------------------------------------------------------

FILE_CONFIG = """
WSGIDaemonProcess files user=%s processes=1 threads=1
WSGIScriptAlias /raw @APPS@/rawframes.wsgi process-group=files application-group=%%{GLOBAL}
WSGIScriptAlias /opath @APPS@/opathwrap.wsgi process-group=files application-group=%%{GLOBAL}
""" % USER_A

files_module, files = shared_server(FILE_CONFIG, "files", "files")


@pytest.mark.parametrize("how", ["raw-frame", "file-wrapper"])
def test_o_path_descriptor_in_a_file_frame_is_refused(files, how):
    """A descriptor opened with O_PATH passes fstat() as a regular file
    and its access mode bits read as O_RDONLY, yet nothing can be read
    from it.  Handed over in a FILE frame (by a raw frame with
    SCM_RIGHTS, or by wsgi.file_wrapper over a file object whose fileno()
    is such a descriptor), the Apache child refuses it (GW01036) before
    Apache's sendfile() fails on it: the client gets a 502, never the
    500 of a failed sendfile, and the log says why."""
    srv = files
    if how == "raw-frame":
        path = "/raw?mode=opath"
    else:
        path = "/opath?path=%s" % os.path.join(srv.scratch, "opath.bin")
    st, hd, body = srv.get(path)
    assert st == 502, (st, hd, body[:300])
    assert b"xxxx" not in body and b"O_PATH" not in body, body[:300]
    srv.expect_log(r"GW01036: daemon process \d+ of group 'files' passed a "
                   r"descriptor that is not a readable regular file holding "
                   r"bytes 0\+\d+ \(not open for reading \(O_PATH or "
                   r"O_WRONLY\)\); refused")
    srv.allow_log(r"GW0502[01]")


# --------------------------------------------------------------------------
# 3. text from the request or the application cannot forge log lines
# --------------------------------------------------------------------------

LOG_CONFIG = """
WSGIDaemonProcess logs user=%s processes=1 threads=2
WSGIScriptAlias /marker @APPS@/marker.wsgi process-group=logs application-group=%%{GLOBAL}
WSGIScriptAlias /errors @APPS@/logerrors.wsgi process-group=logs application-group=%%{GLOBAL}
""" % USER_A

logs_module, logs = shared_server(LOG_CONFIG, "logs", "logs")

# A line that would pass for Apache's own, after a newline.
FORGED_LINE = ("[Wed Dec 02 00:00:00.000000 2026] [core:crit] [pid 1] "
               "AH00000: forged")
FORGED = "\n" + FORGED_LINE
# ... and as the log must show it: the newline escaped, as Apache does.
ESCAPED = re.escape("\\n" + FORGED_LINE)


def assert_no_forged_line(srv):
    """No line of error.log starts with the forged prefix, and the only
    lines that hold the forged text are mod_gateway's own (escaped)."""
    for line in srv.error_log().splitlines():
        assert not line.startswith(FORGED_LINE[:34]), line
        if "AH00000: forged" in line:
            assert re.search(r"\[gateway:\w+\] \[pid \d+:tid \d+\] "
                             r"\[group logs\] GW0\d{4}: ", line), line


@pytest.mark.parametrize("what,logged", [
    ("uri", r"GW03026: refused request %s for \S+/marker\.wsgi: wrong "
            r"secret" % ESCAPED),
    ("script", r"GW03026: refused request /forged for \S+/marker\.wsgi%s: "
               r"wrong secret" % ESCAPED),
    ("duplicate-control", r"GW03028: refused request %s: control value "
                          r"gateway\.callable given twice" % ESCAPED),
    ("content-length", r"GW05005: invalid CONTENT_LENGTH \"%s\" in the "
                       r"request packet" % ESCAPED)])
def test_request_text_in_daemon_log_lines_is_escaped(logs, what, logged):
    """Values of the request packet the daemon names in its log lines
    (REQUEST_URI, the script, CONTENT_LENGTH) come from whoever connects
    to the socket: a process of Apache's User (a CGI script, say) that
    sends a packet with a wrong secret chooses them.  A newline in one
    must not end mod_gateway's line and start one that looks like
    Apache's own (`[core:crit] ... AH00000: forged`); the daemon escapes
    it as Apache escapes its messages (backslash-n)."""
    srv = logs
    srv.wait_ok("/marker")
    marker = srv.app("marker.wsgi")
    wrong = "0" * 64
    if what == "uri":
        pairs = request_vars(marker, wrong, uri=FORGED)
    elif what == "script":
        pairs = request_vars(marker + FORGED, wrong)
    elif what == "duplicate-control":
        pairs = request_vars(marker, wrong, uri=FORGED,
                             extra=[("gateway.callable", "application")])
    else:
        # Only a packet with the secret gets as far as its CONTENT_LENGTH
        # (an unauthenticated one is refused first, GW03026).
        pairs = request_vars(marker, read_secret(srv),
                             extra=[("CONTENT_LENGTH", FORGED)])
    frames, _ = raw_request(APACHE_USER, group_socket(srv), pairs)
    assert "HEADERS" not in frame_types(frames), frames
    srv.expect_log(logged.split(":")[0])      # the id: the line is there
    assert_no_forged_line(srv)
    srv.expect_log(logged)


def test_application_text_in_daemon_log_lines_is_escaped(logs):
    """Text the application writes to wsgi.errors (a logging handler
    writing what a client sent, say) goes to the log one line per line,
    and within a line control characters and backslashes are escaped: a
    carriage return or a terminal escape (ESC [2J clears the screen)
    cannot hide mod_gateway's prefix when the log is read on a
    terminal."""
    srv = logs
    text = "\r\x1b[2J\\" + FORGED
    st, _, body = srv.get("/errors?token=" + urllib.parse.quote(text))
    assert st == 200, body[:300]
    # The forged line after the newline is a line of mod_gateway's too.
    srv.expect_log(r"\[group logs\] GW04010: %s$" % re.escape(FORGED_LINE))
    raw = open(srv.log_path, "rb").read()
    assert b"\r" not in raw and b"\x1b" not in raw, raw[-2000:]
    assert_no_forged_line(srv)
    srv.expect_log(r"GW04010: errors-marker-%s$"
                   % re.escape("\\r\\x1b[2J\\\\"))


# --------------------------------------------------------------------------
# 4. CoreDumpDirectory: Apache children stay non-dumpable
# --------------------------------------------------------------------------

COREDUMP_CONFIG = """
CoreDumpDirectory @ROOT@/cores
WSGIDaemonProcess dump user=%s processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=dump application-group=%%{GLOBAL}
""" % USER_A


def as_www_data(fn, *args):
    """fn(*args) in a forked child running as Apache's User and group
    (no supplementary groups, no capabilities), as a CGI script would;
    returns what it returned, or the errno of the OSError it raised."""
    pw = pwd.getpwnam(APACHE_USER)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:    # never returns into pytest
        code = 0
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(pw.pw_gid)
            os.setuid(pw.pw_uid)
            try:
                out = {"result": fn(*args)}
            except OSError as e:
                out = {"errno": e.errno}
            os.write(w, json.dumps(out).encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and data, (status, data)
    return json.loads(data)


def find_in_memory(pid, needle):
    """Opens /proc/PID/mem and reports whether needle is in any readable
    mapping (as the reading user)."""
    found, scanned = memory_contains(pid, [needle.encode()])
    return {"found": bool(found), "scanned": scanned}


def listens_at(pid, prefix):
    """Whether pid holds a UNIX socket bound at a path starting with
    prefix (mod_cgid adds the parent's pid to ScriptSock)."""
    inodes = set()
    with open("/proc/net/unix") as f:
        for line in f.readlines()[1:]:
            cols = line.split()
            if len(cols) > 7 and cols[7].startswith(prefix):
                inodes.add("socket:[%s]" % cols[6])
    fds = "/proc/%d/fd" % pid
    for fd in os.listdir(fds):
        try:
            if os.readlink(os.path.join(fds, fd)) in inodes:
                return True
        except OSError:
            pass
    return False


def apache_children(srv):
    www = pwd.getpwnam(APACHE_USER).pw_uid
    return [p for p in descendants(srv.pid)
            if proc_exe(p) == os.path.realpath(APACHE)
            and proc_uids(p)[0] == www]


@pytest.mark.parametrize("cgid", [False, True],
                         ids=["apache-children", "with-mod_cgid"])
def test_core_dump_directory_does_not_make_apache_children_readable(
        httpd, cgid):
    """With CoreDumpDirectory, mod_unixd makes every Apache child, and
    mod_cgid's daemon, dumpable again after dropping root, and then any
    process of Apache's User (a CGI script) may open their /proc/PID/mem
    and read the groups' secrets out of it, as this test does.
    mod_gateway makes them non-dumpable again right after (its
    drop_privileges hook): /proc/PID/mem is root's and a www-data process
    cannot open it.  Positive control: the same open and search, as
    www-data, on a dumpable www-data process holding a known string,
    finds it.  configtest and the start carry the notice GW00080."""
    if REFERENCE:
        pytest.skip("about mod_gateway's Apache children")
    config = COREDUMP_CONFIG
    if cgid:
        require_apache_modules("cgid")
        config = ("LoadModule cgid_module %s/mod_cgid.so\n"
                  "ScriptSock @ROOT@/run/cgid.sock\n" % APACHE_MODULES
                  + config)
    srv = httpd(config, start=False)
    os.mkdir(os.path.join(srv.root, "cores"))
    rc, out = srv.configtest()
    assert rc == 0, out
    assert re.search(r"GW00080: CoreDumpDirectory \S+/cores is set, but "
                     r"Apache children stay non-dumpable", out), out
    srv.start()
    srv.wait_ok("/hello")
    srv.expect_log(r"\[gateway:notice\] .*GW00080: CoreDumpDirectory")
    secret = read_secret(srv)

    # Positive control: a dumpable process of Apache's User, with a
    # string in its memory, is read by another one.
    token = "dumpable-%d-%d" % (os.getpid(), time.monotonic_ns())
    pw = pwd.getpwnam(APACHE_USER)

    def demote():
        os.setgroups([])
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)

    ctl = subprocess.Popen(
        ["/usr/bin/python3", "-c", "import sys, time; t = sys.argv[1] * 2; "
         "print(len(t), flush=True); time.sleep(60)", token],
        preexec_fn=demote, stdout=subprocess.PIPE)
    try:
        assert ctl.stdout.readline().strip() == str(2 * len(token)).encode()
        assert os.stat("/proc/%d/mem" % ctl.pid).st_uid == pw.pw_uid
        got = as_www_data(find_in_memory, ctl.pid, token * 2)
        assert got.get("result", {}).get("found"), got
    finally:
        ctl.kill()
        ctl.wait()

    children = apache_children(srv)
    assert children, descendants(srv.pid)
    if cgid:
        # mod_cgid's daemon is among them: it listens on ScriptSock.
        sock = os.path.join(srv.run_dir, "cgid.sock")
        assert [p for p in children if listens_at(p, sock)], children
    for pid in children:
        got = as_www_data(find_in_memory, pid, secret)
        assert got.get("errno") in (errno.EACCES, errno.EPERM), (pid, got)
        # Not dumpable: the kernel gives its /proc files to root.
        assert os.stat("/proc/%d/mem" % pid).st_uid == 0, pid


def test_no_core_dump_notice_without_core_dump_directory(httpd):
    srv = httpd(COREDUMP_CONFIG.replace("CoreDumpDirectory @ROOT@/cores\n",
                                        ""), start=False)
    rc, out = srv.configtest()
    assert rc == 0 and "Syntax OK" in out, out
    assert "GW00080" not in out, out
