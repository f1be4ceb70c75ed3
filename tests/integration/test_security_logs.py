"""The error log: an application, or an attached daemon's command, cannot
truncate it, seek in it, or write a line that looks like Apache's own
(docs/SECURITY.md, "9. The error log").  Daemon processes and the runners
of attached daemons have fd 1 and 2 on a pipe of their own, read by one
gateway-logger process (Apache's User), which tags every line with the
pid and group the Apache parent registered and escapes control
characters.  Each attack test fails on the code before gateway-logger,
where fd 2 was the root-owned error log itself."""

import errno
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import (APACHE, APACHE_USER, APPS_SRC, DAEMON, REFERENCE,
                      USER_A, descendants, poll, proc_alive, proc_cmdline,
                      proc_exe, proc_status, proc_uids)

LOGGER = os.path.join(os.path.dirname(DAEMON), "gateway-logger")
RUNNER = os.path.join(os.path.dirname(DAEMON), "gateway-attach")

pytestmark = pytest.mark.skipif(REFERENCE != "", reason="mod_wsgi's "
                                "daemons hold the error log themselves")

CONFIG = """
WSGIDaemonProcess logs user=%s processes=%%(processes)d threads=4 \\
    graceful-timeout=15
WSGIScriptAlias /attack @APPS@/logattack.wsgi process-group=logs \\
    application-group=%%%%{GLOBAL}
%%(extra)s
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A

# What a forged line starts with (apps/logattack.wsgi): Apache's date,
# then module:level.
FORGED_START = "[Mon Jan 01 00:00:00.000000 2024] [core:crit]"
# Any line that starts like one of Apache's own, whoever wrote it.
APACHE_LINE = re.compile(r"^\[[^\]]*\] \[(?!gateway:)[\w-]+:\w+\]")
# A line gateway-logger wrote for process PID of group 'logs'.
TAGGED = (r"^\[[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4}\] "
          r"\[gateway:(?P<level>\w+)\] \[pid (?P<pid>\d+)(?::tid \d+)?\] "
          r"\[group logs\] (?P<text>.*)$")


def config(processes=1, extra=""):
    return CONFIG % {"processes": processes, "extra": extra}


def token():
    return "%d%d" % (os.getpid(), time.monotonic_ns())


def log_bytes(srv):
    with open(srv.log_path, "rb") as f:
        return f.read()


def fds(pid):
    out = {}
    d = "/proc/%d/fd" % pid
    try:
        names = os.listdir(d)
    except OSError:
        return out
    for name in names:
        try:
            out[int(name)] = os.readlink(os.path.join(d, name))
        except OSError:
            pass
    return out


def fd_flags(pid, fd):
    with open("/proc/%d/fdinfo/%d" % (pid, fd)) as f:
        for line in f:
            if line.startswith("flags:"):
                return int(line.split()[1], 8)
    raise AssertionError("no flags for fd %d of %d" % (fd, pid))


def loggers(srv):
    """Live gateway-logger processes of this server."""
    exe = os.path.realpath(LOGGER)
    return sorted(p for p in descendants(srv.pid)
                  if proc_alive(p) and proc_exe(p) == exe)


def the_logger(srv, exclude=()):
    found = poll(lambda: [p for p in loggers(srv) if p not in exclude],
                 timeout=10)
    assert len(found) == 1, ("exactly one gateway-logger expected", found)
    srv._snapshot()     # the leftover check at stop knows it
    return found[0]


def runner_pids(srv):
    exe = os.path.realpath(RUNNER)
    return [p for p in descendants(srv.pid)
            if proc_alive(p) and proc_exe(p) == exe]


def tagged_lines(srv, marker, timeout=10):
    """Lines of error.log (whole file) holding marker, once there is one."""
    def find():
        text = log_bytes(srv).decode("utf-8", "replace")
        return [l for l in text.splitlines() if marker in l]
    return poll(find, timeout=timeout) or []


def wait_log_settled(srv, quiet=1.0, timeout=30):
    """Waits until error.log has not grown for `quiet` seconds: a
    logger that was stopped has written out what its pipes held."""
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = os.path.getsize(srv.log_path)
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)
    pytest.fail("error.log still growing after %ss" % timeout)


def check_no_forgery(srv, tok):
    """No line of error.log starts like one of Apache's own with the
    forged text, and no raw control character made it in."""
    raw = log_bytes(srv)
    text = raw.decode("utf-8", "replace")
    for line in text.splitlines():
        assert not line.startswith(FORGED_START), line
        if "forged-" + tok in line:
            assert not APACHE_LINE.match(line), line
    # \r would let a terminal overwrite the start of the line, ESC clears
    # the screen; neither is in the file as a byte.
    assert b"\r" not in raw and b"\x1b" not in raw, \
        [l for l in raw.splitlines() if b"\r" in l or b"\x1b" in l][:3]


def check_forged_lines(srv, tok, channel, pid, level, prefix):
    """Both lines of one channel's payload (apps/logattack.wsgi) arrived,
    each as a gateway-logger line of the real pid and group, with the
    forged text after mod_gateway's prefix and the control characters
    escaped."""
    for part, tail in (("a", r"\\r\\x1b\[2J"), ("b", "")):
        marker = "forged-%s-%s-%s" % (tok, channel, part)
        lines = tagged_lines(srv, marker)
        assert len(lines) == 1, (marker, lines)
        m = re.match(TAGGED, lines[0])
        assert m, lines[0]
        assert int(m.group("pid")) == pid, (lines[0], pid)
        assert m.group("level") == level, lines[0]
        want = (re.escape(prefix + FORGED_START) + r" \[pid 1\] AH00000: "
                + re.escape(marker) + tail + "$")
        assert re.match(want, m.group("text")), (m.group("text"), want)


# --------------------------------------------------------------------------
# a daemon process
# --------------------------------------------------------------------------

def test_app_cannot_truncate_or_seek_the_error_log(httpd):
    srv = httpd(config())
    tok = token()
    srv.allow_log(r"before-%s|forged-%s|GW04010: warm-" % (tok, tok))
    srv.wait_ok("/attack?do=log&token=warm")
    assert tagged_lines(srv, "warm-0-"), "the daemon's lines reach the log"
    before = log_bytes(srv)
    st, _, body = srv.get("/attack?do=attack&token=" + tok)
    assert st == 200, body[:2000]
    got = json.loads(body)
    # fd 2 is a pipe: truncating it is EINVAL, seeking ESPIPE
    assert got["fifo"] is True, got
    assert got["ftruncate2"] == errno.EINVAL, got
    assert got["ftruncate1"] == errno.EINVAL, got
    assert got["lseek2"] == errno.ESPIPE, got
    # everything logged before is still there, and what the app logged
    # first in this request arrived after it
    assert tagged_lines(srv, "before-" + tok)
    after = log_bytes(srv)
    assert after.startswith(before), (len(before), len(after))
    # Apache's own start line (AH00489, AH00292 or AH00163 by MPM)
    assert b"configured -- resuming normal operations" in after


def test_app_cannot_forge_apache_lines_or_send_control_characters(httpd):
    srv = httpd(config())
    tok = token()
    srv.allow_log(r"before-%s|forged-%s" % (tok, tok))
    st, _, body = srv.get("/attack?do=attack&token=" + tok)
    assert st == 200, body[:2000]
    pid = json.loads(body)["pid"]
    raw = "GW07010: output of daemon process: "
    # os.write(2), os.write(1) and Python's own sys.__stderr__ bypass
    # every Python-level wrapper: raw output, notice, fixed id
    check_forged_lines(srv, tok, "oswrite2", pid, "notice", raw)
    check_forged_lines(srv, tok, "oswrite1", pid, "notice", raw)
    check_forged_lines(srv, tok, "dunder_stderr", pid, "notice", raw)
    # print() to sys.stderr and sys.stdout, and wsgi.errors: the daemon's
    # own records, their ids and levels as always
    check_forged_lines(srv, tok, "stderr", pid, "error", "GW04012: ")
    check_forged_lines(srv, tok, "stdout", pid, "error", "GW04011: ")
    check_forged_lines(srv, tok, "wsgi_errors", pid, "error", "GW04010: ")
    check_no_forgery(srv, tok)


# --------------------------------------------------------------------------
# an attached daemon's command, through its runner's fd 2
# --------------------------------------------------------------------------

def start_attacker(httpd, tok):
    record = "@ROOT@/scratch/attack.json"
    srv = httpd(config(extra="WSGIAttachDaemon logs name=attacker "
                       "/usr/bin/python3 @APPS@/attach_logattack.py "
                       "%s %s" % (record, tok)), start=False)
    shutil.copyfile(os.path.join(APPS_SRC, "attach_logattack.py"),
                    srv.app("attach_logattack.py"))
    os.chmod(srv.app("attach_logattack.py"), 0o644)
    srv.start()
    path = srv.subst(record)

    def load():
        try:
            with open(path) as f:
                return json.load(f)
        except FileNotFoundError:
            return None
    got = poll(load, timeout=15)
    assert got, "the attached command wrote no record\n" + \
        srv.error_log_tail()
    srv._snapshot()
    return srv, got


@pytest.mark.skipif(not os.path.exists(RUNNER),
                    reason="no gateway-attach next to the daemon")
def test_attached_command_cannot_truncate_or_forge_through_its_runner(httpd):
    tok = token()
    srv, got = start_attacker(httpd, tok)
    srv.allow_log(r"forged-%s" % tok)
    if got["getfd"] == errno.EPERM:
        pytest.skip("ptrace access to a process of the same user is "
                    "restricted here (Yama): the attack cannot be made")
    assert got["getfd"] == 0, got
    runner = got["runner"]
    assert runner in runner_pids(srv), (runner, runner_pids(srv))
    # the runner's fd 2, taken by its command: a pipe, not the log
    assert got["ftruncate"] == errno.EINVAL, got
    assert got["lseek"] == errno.ESPIPE, got
    # through the stolen descriptor: raw output of the runner's pid
    check_forged_lines(srv, tok, "stolen", runner, "notice",
                       "GW07010: output of attached process: ")
    # through its own stdout and stderr: the runner's records
    for channel in ("stdout", "stderr"):
        check_forged_lines(srv, tok, channel, runner, "notice",
                           "GW06002: [attach attacker] ")
    check_no_forgery(srv, tok)
    # what was logged before the attack is still there: the parent's
    # lines from before and right after the runner's fork
    text = log_bytes(srv).decode("utf-8", "replace")
    assert "GW02004: started daemon process" in text
    assert "GW02052: started attached process 'attacker'" in text


# --------------------------------------------------------------------------
# who holds what
# --------------------------------------------------------------------------

def pipe_holders(inode_target):
    """(pid, fd, flags) of every process holding that pipe."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        for fd, target in fds(pid).items():
            if target == inode_target:
                try:
                    out.append((pid, fd, fd_flags(pid, fd)))
                except (OSError, AssertionError):
                    pass
    return out


def seqpacket_sockets():
    """"socket:[INODE]" of every UNIX SOCK_SEQPACKET socket."""
    out = set()
    with open("/proc/net/unix") as f:
        next(f)
        for line in f:
            cols = line.split()
            if cols[4] == "0005":
                out.add("socket:[%s]" % cols[6])
    return out


def run_as(user, code):
    pw = pwd.getpwnam(user)

    def demote():
        os.setgroups([pw.pw_gid])
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)

    r = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, preexec_fn=demote,
                       timeout=30, cwd="/")
    assert r.returncode == 0, r.stdout
    return json.loads(r.stdout)


def test_log_pipes_are_read_by_the_logger_alone_which_is_locked_down(httpd):
    srv = httpd(config(processes=2, extra="WSGIAttachDaemon logs "
                       "name=sleeper /bin/sleep 600"))
    daemons = srv.wait_daemon_pids(USER_A, 2)
    assert len(daemons) == 2, daemons
    runners = poll(lambda: runner_pids(srv))
    assert len(runners) == 1, runners
    logger = the_logger(srv)
    www = pwd.getpwnam(APACHE_USER)
    children = [p for p in descendants(srv.pid)
                if proc_uids(p) and proc_uids(p)[0] == www.pw_uid
                and p != logger]
    assert children, "no Apache child found"

    pipes = set()
    for pid in daemons + runners:
        f = fds(pid)
        assert f.get(0) == "/dev/null", (pid, f)
        # fd 1 and 2: one pipe, its write end, non-blocking (a stalled
        # logger must not wedge the process)
        assert f.get(1, "").startswith("pipe:[") and f[1] == f[2], (pid, f)
        assert os.path.realpath(srv.log_path) not in f.values(), (pid, f)
        for fd in (1, 2):
            flags = fd_flags(pid, fd)
            assert flags & os.O_ACCMODE == os.O_WRONLY, (pid, fd, flags)
            assert flags & os.O_NONBLOCK, (pid, fd, flags)
        assert f[1] not in pipes, "two processes share a pipe"
        pipes.add(f[1])
        holders = pipe_holders(f[1])
        readers = {p for p, _, fl in holders
                   if fl & os.O_ACCMODE == os.O_RDONLY}
        writers = {p for p, _, fl in holders
                   if fl & os.O_ACCMODE == os.O_WRONLY}
        # the read end: the logger, and the Apache parent's copy (root),
        # kept for a logger started after this one; no process of the
        # group's user, no Apache child
        assert readers == {logger, srv.pid}, (pid, holders)
        assert writers == {pid}, (pid, holders)

    # The logger: Apache's User, nothing more, no way back.
    st = proc_status(logger)
    assert st["Uid"].split() == [str(www.pw_uid)] * 4, st["Uid"]
    assert st["Gid"].split() == [str(www.pw_gid)] * 4, st["Gid"]
    assert st["Groups"].split() == [str(www.pw_gid)], st["Groups"]
    assert st["NoNewPrivs"] == "1"
    for cap in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
        assert int(st[cap], 16) == 0, (cap, st[cap])
    assert int(st["PPid"]) == srv.pid
    assert proc_cmdline(logger) == "gateway-logger %d %d %d" % (
        www.pw_uid, www.pw_gid, srv.pid)
    with open("/proc/%d/environ" % logger, "rb") as f:
        assert f.read() == b""
    # Its descriptors: /dev/null, the error log, its control socket, a
    # signalfd, and the read end of each process's pipe; nothing else.
    lf = fds(logger)
    assert lf.pop(0) == "/dev/null" and lf.pop(1) == "/dev/null", lf
    assert os.path.realpath(lf.pop(2)) == os.path.realpath(srv.log_path)
    assert lf.pop(3).startswith("socket:["), lf
    assert [t for t in lf.values() if t == "anon_inode:[signalfd]"], lf
    assert {t for t in lf.values() if t != "anon_inode:[signalfd]"} == \
        pipes, (lf, pipes)
    assert len(lf) == len(pipes) + 1, lf

    # Not dumpable: another process of Apache's User (a CGI script) can
    # neither list nor reopen its descriptors (nor ptrace it).  Positive
    # control: it can for an ordinary process of that user; fd 0 is
    # /dev/null in both, so only the process's dumpable flag differs.
    control = subprocess.Popen(["/bin/sleep", "60"],
                               stdin=subprocess.DEVNULL, preexec_fn=lambda: (
        os.setgroups([www.pw_gid]), os.setgid(www.pw_gid),
        os.setuid(www.pw_uid)))
    try:
        poll(lambda: proc_uids(control.pid) == [www.pw_uid] * 4
             and proc_exe(control.pid) == os.path.realpath("/bin/sleep"))
        seen = run_as(APACHE_USER, """
import json, os
out = {}
for name, pid in (("logger", %d), ("control", %d)):
    try:
        os.listdir("/proc/%%d/fd" %% pid)
        os.close(os.open("/proc/%%d/fd/0" %% pid, os.O_RDONLY))
        out[name] = 0
    except OSError as e:
        out[name] = e.errno
print(json.dumps(out))
""" % (logger, control.pid))
    finally:
        control.kill()
        control.wait()
    assert seen == {"logger": errno.EACCES, "control": 0}, seen

    # Apache children hold no read end, and not the parent's end of the
    # logger's control socket (the one SOCK_SEQPACKET socket the parent
    # holds: positive control).
    ctl = seqpacket_sockets() & set(fds(srv.pid).values())
    assert len(ctl) == 1, ctl
    for child in children:
        cf = set(fds(child).values())
        assert not pipes & cf, (child, cf)
        assert not ctl & cf, (child, cf)


# --------------------------------------------------------------------------
# the logger's own life
# --------------------------------------------------------------------------

def test_killed_logger_is_restarted_and_what_was_written_meanwhile_arrives(
        httpd):
    srv = httpd(config())
    tok = token()
    srv.allow_log(r"GW02132: gateway-logger \(pid \d+\) was killed by "
                  r"signal 9")
    logger = the_logger(srv)
    st, _, body = srv.get("/attack?do=log&token=warm" + tok)
    assert st == 200
    pid = json.loads(body)["pid"]
    assert tagged_lines(srv, "warm%s-0-" % tok)
    # Stopped, the logger reads nothing: the next line waits in the pipe.
    os.kill(logger, signal.SIGSTOP)
    st, _, body = srv.get("/attack?do=log&token=during" + tok)
    assert st == 200 and json.loads(body)["pid"] == pid
    os.kill(logger, signal.SIGKILL)
    srv.expect_log(r"GW02132: gateway-logger \(pid %d\) was killed by "
                   r"signal 9 \(SIGKILL\); starting a new one" % logger)
    new = the_logger(srv, exclude=(logger,))
    assert proc_status(new)["Uid"].split()[0] == \
        str(pwd.getpwnam(APACHE_USER).pw_uid)
    srv.allow_log(r"(warm|during|after)%s-0-" % tok)
    # The line written while it was away, read from the pipe by the new
    # logger, and one written afterwards by the same daemon process.
    st, _, body = srv.get("/attack?do=log&token=after" + tok)
    assert st == 200 and json.loads(body)["pid"] == pid
    for word in ("during", "after"):
        lines = tagged_lines(srv, "%s%s-0-" % (word, tok))
        assert len(lines) == 1, (word, lines)
        m = re.match(TAGGED, lines[0])
        assert m and int(m.group("pid")) == pid, lines[0]


def test_stalled_logger_does_not_wedge_the_daemon_and_losses_are_counted(
        httpd):
    srv = httpd(config())
    tok = token()
    srv.allow_log(r"%s-\d+-x|GW04010: warm-" % tok)
    logger = the_logger(srv)
    srv.wait_ok("/attack?do=log&token=warm")
    n, size = 3000, 1000          # 3 MB: three times what the pipe holds
    os.kill(logger, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        st, _, body = srv.get("/attack?do=log&n=%d&size=%d&token=%s"
                              % (n, size, tok), timeout=60)
        took = time.monotonic() - t0
    finally:
        os.kill(logger, signal.SIGCONT)
    assert st == 200, body[:2000]
    got = json.loads(body)
    # One line waited GW_LOG_STALL_MS (1 s) for room; the rest did not.
    assert took < 5 and got["seconds"] < 5, (took, got)
    # Once the logger has caught up (until then the pipe may still be
    # full, and a line of a stalled process does not wait), the next
    # line that gets through says how many were lost; with those
    # written, that is every line.
    wait_log_settled(srv)
    st, _, body = srv.get("/attack?do=log&token=next" + tok)
    assert st == 200 and json.loads(body)["pid"] == got["pid"]
    lines = srv.expect_log(r"\[pid %d:tid \d+\] \[group logs\] GW07002: "
                           r"(\d+) log line\(s\) of this process were lost"
                           % got["pid"])
    lost = int(re.search(r"GW07002: (\d+)", lines[0]).group(1))
    assert tagged_lines(srv, "next%s-0-" % tok)
    written = len(tagged_lines(srv, "] GW04010: %s-" % tok))
    assert lost > 0 and written > 0, (lost, written)
    assert written + lost == n, (written, lost)
    assert the_logger(srv) == logger     # stopped, not dead


def log_word(srv, word):
    """Has a daemon process log "WORD-0-xxx"; returns its pid."""
    st, _, body = srv.get("/attack?do=log&token=" + word)
    assert st == 200, body[:2000]
    return json.loads(body)["pid"]


def test_one_logger_across_graceful_restarts_writes_to_the_reopened_log(
        httpd):
    """logrotate renames the log and runs `apache2ctl graceful`: Apache
    reopens error.log, and so does the logger, which outlives the
    restart; the line a retired process writes after it lands in the new
    file too."""
    srv = httpd(config())
    tok = token()
    logger = the_logger(srv)
    st, _, body = srv.get("/attack?do=log&token=gen1" + tok)
    first = json.loads(body)["pid"]
    assert tagged_lines(srv, "gen1%s-0-" % tok)
    result = {}

    def late():
        result["late"] = srv.get("/attack?do=log&mark=1&sleep=3&token=late"
                                 + tok, timeout=60)

    srv.allow_log(r"(gen1|gen2n\d+|late)%s-" % tok)
    t = threading.Thread(target=late)
    t.start()
    try:
        # the request is on the old process when the restart comes
        assert tagged_lines(srv, "late%s-started" % tok), "not started"
        os.rename(srv.log_path, srv.log_path + ".1")
        subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       env=srv.env(), check=True, timeout=30)
        srv.begin_test()        # error.log is a new file now
        second = srv.wait_daemon_pids(USER_A, 1, exclude=(first,))
        assert second, "no new daemon process after the restart"
        # Apache children of the old generation may still hand a request
        # to the old process: ask until the new one answers.
        asked = []

        def ask():
            asked.append("gen2n%d%s" % (len(asked), tok))
            return log_word(srv, asked[-1]) == second[0]
        assert poll(ask), "no request reached the new process"
    finally:
        t.join(timeout=60)
    st, _, body = result["late"]
    assert st == 200 and json.loads(body)["pid"] == first
    srv.allow_log(r"(gen2n\d+|late)%s-" % tok)
    for word, pid in ((asked[-1], second[0]), ("late" + tok, first)):
        lines = tagged_lines(srv, word + "-0-")
        assert len(lines) == 1, (word, lines)
        assert int(re.match(TAGGED, lines[0]).group("pid")) == pid
    with open(srv.log_path + ".1", "rb") as f:
        old = f.read().decode("utf-8", "replace")
    assert "gen1%s-0-" % tok in old
    assert "gen2n" not in old and "late%s-0-" % tok not in old
    assert loggers(srv) == [logger], (loggers(srv), logger)


def test_piped_error_log_gets_the_daemons_lines_through_the_logger(httpd):
    """ErrorLog "|program": the logger writes to the same pipe Apache's
    parent writes to, and lines keep their format."""
    piped = "@ROOT@/piped.log"
    srv = httpd(config(extra='ErrorLog "|/bin/sh -c \'exec /bin/cat >> %s\'"'
                       % piped))
    piped = srv.subst(piped)
    tok = token()
    pid = log_word(srv, "piped" + tok)
    logger = the_logger(srv)
    assert fds(logger)[2].startswith("pipe:["), fds(logger)

    def arrived():
        try:
            with open(piped, encoding="utf-8", errors="replace") as f:
                return [l for l in f.read().splitlines()
                        if "piped%s-0-" % tok in l]
        except FileNotFoundError:
            return []
    lines = poll(arrived)
    assert len(lines) == 1, lines
    m = re.match(TAGGED, lines[0])
    assert m and int(m.group("pid")) == pid, lines[0]
    assert m.group("text").startswith("GW04010: piped" + tok), lines[0]
