"""Attacks on the groups' sockets and secrets (issue #11, items 2 and 3 and
"one secret for every group"), each performed as the attacker would:

* a local user C who owns a directory above WSGISocketPrefix swaps the
  socket directory and listens at the group's socket path;
* an application leaves a process behind holding its group's listening
  socket, and the sysadmin then gives the group to another user;
* an application reads its group's secret and uses it on another
  group's socket.

docs/SECURITY.md (properties 1 and 3) names these tests.
"""

import http.client
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import threading

import pytest

from conftest import (APACHE, APACHE_USER, USER_A, USER_B, USER_C,
                      EXTRA_GROUP, SANITIZED, poll, proc_alive, proc_uids)
from test_security import (_apache_start, _fail_if_serving, frame_types,
                           gid_of, raw_request, read_secret, request_vars,
                           uid_of)
from test_reload import Clients


def demote(user):
    """preexec_fn: become `user` (its own groups)."""
    pw = pwd.getpwnam(user)

    def fn():
        os.setgroups(os.getgrouplist(user, pw.pw_gid))
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)
    return fn


STARTED_RE = (r"GW02004: started daemon process (\d+) of group '%s' "
              r"\(user ([^,]+), socket ([^)]+)\)")


def started(srv, group):
    """(pid, user, socket) of every daemon process of `group` the
    supervisor has started so far, in order (its GW02004 lines)."""
    return [(int(p), u, s) for p, u, s in
            re.findall(STARTED_RE % re.escape(group), srv.error_log())]


def group_socket(srv, group):
    """The socket the last process of `group` was started with."""
    seen = poll(lambda: started(srv, group), 10)
    assert seen, "no daemon of group %r started" % group
    return seen[-1][2]


def graceful(srv, group, config, processes=1):
    """Writes `config`, runs `apache2 -k graceful` and waits until the new
    generation has started `processes` daemon processes of `group`;
    returns their (pid, user, socket)."""
    before = len(started(srv, group))
    srv.write_config(config)
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=30)
    assert r.returncode == 0, r.stdout
    new = poll(lambda: started(srv, group)[before:]
               if len(started(srv, group)) >= before + processes else None,
               20)
    assert new, "graceful restart started no process of %r:\n%s" % (
        group, srv.error_log_tail())
    return new


# --------------------------------------------------------------------------
# item 2a: every directory above the sockets is root's
# --------------------------------------------------------------------------

GROUP = """
WSGIDaemonProcess sw user=%s processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=sw application-group=%%{GLOBAL}
""" % USER_A


def _mkdir(path, mode=0o755, owner=None):
    os.mkdir(path)
    os.chmod(path, mode)
    if owner:
        os.chown(path, uid_of(owner), gid_of(owner))
    return path


def _ancestor_setup(root, kind):
    """Builds, under the server root, a socket directory (root's, 0755,
    safe in itself) reached through an unsafe ancestor of `kind`.
    Returns (WSGISocketPrefix, the socket directory as written, what the
    log must name: ("directory" | "symlink", path))."""
    safe = _mkdir(os.path.join(root, "safe"))
    _mkdir(os.path.join(safe, "sock"))
    if kind == "directory-of-another-user":
        above = _mkdir(os.path.join(root, "cdir"), 0o755, USER_C)
        sockdir = _mkdir(os.path.join(above, "sock"))
        return sockdir + "/gw", sockdir, ("directory", above)
    if kind == "group-writable-directory":
        above = _mkdir(os.path.join(root, "gdir"), 0o775)
        os.chown(above, 0, gid_of(USER_C))
        sockdir = _mkdir(os.path.join(above, "sock"))
        return sockdir + "/gw", sockdir, ("directory", above)
    if kind == "root-symlink-in-another-users-directory":
        # What the path resolves to is safe today; C can change that.
        above = _mkdir(os.path.join(root, "cdir"), 0o755, USER_C)
        os.symlink(safe, os.path.join(above, "link"))
        sockdir = os.path.join(above, "link", "sock")
        return sockdir + "/gw", sockdir, ("directory", above)
    assert kind == "symlink-of-another-user-in-a-sticky-directory"
    sticky = _mkdir(os.path.join(root, "sticky"), 0o1777)
    link = os.path.join(sticky, "link")
    os.symlink(safe, link)
    os.lchown(link, uid_of(USER_C), gid_of(USER_C))
    sockdir = os.path.join(link, "sock")
    return sockdir + "/gw", sockdir, ("symlink", link)


def _ancestor_line(prefix, sockdir, what):
    kind, path = what
    where = (r", on the way to the socket directory %s \(WSGISocketPrefix "
             r"%s\), " % (re.escape(sockdir), re.escape(prefix)))
    if kind == "symlink":
        return (r"symlink %s%sis owned by uid %d, not root: whoever may "
                r"change it could rename the socket directory away"
                % (re.escape(path), where, uid_of(USER_C)))
    st = os.lstat(path)
    return (r"directory %s%sis owner uid %d mode %04o: whoever may change "
            r"it could rename the socket directory away"
            % (re.escape(path), where, st.st_uid, stat.S_IMODE(st.st_mode)))


@pytest.mark.parametrize("kind", [
    "directory-of-another-user", "group-writable-directory",
    "root-symlink-in-another-users-directory",
    "symlink-of-another-user-in-a-sticky-directory"])
def test_socket_prefix_below_a_directory_others_may_change_is_refused(
        httpd, kind):
    """The socket directory itself is root's and 0755 (what the check of
    GW02007 asks), but a directory above it belongs to gwtest-c, or its
    group may write to it, or the path goes through a symlink in
    gwtest-c's directory (pointing at a safe directory today), or through
    gwtest-c's own symlink in a sticky directory: gwtest-c could rename
    the socket directory away and put its own in its place.  configtest
    fails naming the ancestor (GW00085), and so does `apache2 -k start`
    (GW02110), before any socket or daemon is made."""
    srv = httpd(GROUP, start=False)
    prefix, sockdir, what = _ancestor_setup(srv.root, kind)
    srv.write_config("WSGISocketPrefix %s\n" % prefix + GROUP)
    line = _ancestor_line(prefix, sockdir, what)

    rc, out = srv.configtest()
    assert rc != 0, out
    assert re.search(r"GW00085: " + line, out), out

    srv.allow_log(r"AH00016|AH00020|Configuration Failed")
    r = _apache_start(srv)
    _fail_if_serving(srv, "WSGISocketPrefix below an unsafe %s" % kind)
    assert r.returncode != 0, r.stdout
    srv.expect_log(r"GW02110: " + line)
    assert os.listdir(os.path.realpath(sockdir)) == []
    assert "GW02004" not in srv.error_log()


def test_socket_prefix_through_root_symlinks_and_sticky_directories_works(
        httpd):
    """The positive control of the ancestor check: a sticky, world-writable
    directory (as /tmp, above every test's server root), a root-owned
    relative symlink in it that climbs out with ".." (as Debian's
    /var/run -> /run), and a safe socket directory at its end pass both
    configtest and start; the socket is where the path resolves to."""
    srv = httpd(GROUP, start=False)
    safe = _mkdir(os.path.join(srv.root, "safe"))
    sockdir = _mkdir(os.path.join(safe, "sock"))
    sticky = _mkdir(os.path.join(srv.root, "sticky"), 0o1777)
    os.symlink("../safe", os.path.join(sticky, "link"))
    prefix = os.path.join(sticky, "link", "sock", "gw")
    srv.write_config("WSGISocketPrefix %s\n" % prefix + GROUP)
    rc, out = srv.configtest()
    assert rc == 0, out
    srv.start()
    assert srv.wait_ok("/hello")[2] == b"Hello World!"
    assert group_socket(srv, "sw").startswith(prefix + ".")
    assert [n for n in os.listdir(sockdir) if n.startswith("gw.")], \
        os.listdir(sockdir)


# --------------------------------------------------------------------------
# item 2b: the Apache child sends nothing to a listener not the parent's
# --------------------------------------------------------------------------

# A listener at PATH, made by whoever runs it: accepts until its stdin
# closes and prints how many bytes each connection brought.
FAKE_LISTENER = r"""
import os, select, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
s.listen(16)
print("ready", os.getpid(), flush=True)
got = []
while True:
    ready = select.select([s, sys.stdin], [], [], 60)[0]
    if s in ready:
        c, _ = s.accept()
        c.settimeout(3)
        data = b""
        try:
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        c.close()
        got.append(len(data))
        continue
    break
print("got", *got, flush=True)
"""


def test_apache_child_sends_nothing_to_a_listener_not_made_by_apache(httpd):
    """With a safe prefix, the test (root) does what gwtest-c could do
    with an unsafe ancestor: it renames the running server's socket
    directory away, makes a new one for gwtest-c, and gwtest-c listens at
    the group's socket path.  The next request's Apache child connects,
    finds by SO_PEERCRED that the listener is gwtest-c's, not the Apache
    parent's, and answers 503 (GW01065 with gwtest-c's pid and uid) having
    sent nothing: the fake listener got one connection and zero bytes (no
    request, no cookie, no secret).  Positive control: with the real
    directory back, the same request is served over a new connection."""
    config = "WSGISocketPrefix @ROOT@/sockdir/gw\n" + GROUP
    srv = httpd(config, start=False)
    sockdir = _mkdir(os.path.join(srv.root, "sockdir"))
    srv.start()
    # No request before the swap: the Apache children hold no kept link.
    path = group_socket(srv, "sw")
    assert os.path.dirname(path) == sockdir

    os.rename(sockdir, sockdir + ".away")
    _mkdir(sockdir, 0o755, USER_C)
    fake = subprocess.Popen(["/usr/bin/python3", "-c", FAKE_LISTENER, path],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            universal_newlines=True, preexec_fn=demote(USER_C))
    try:
        ready = fake.stdout.readline().split()
        assert ready[0] == "ready", ready
        fake_pid = int(ready[1])
        status, _, body = srv.get("/hello",
                                  headers={"Cookie": "session=victim"})
    finally:
        out, _ = fake.communicate(timeout=30)
    assert out.split() == ["got", "0"], out
    assert status == 503, (status, body[:300])
    srv.expect_log(r"GW01065: socket %s of daemon group 'sw' is not the "
                   r"Apache parent's: its listener was made by pid %d uid "
                   r"%d, not by pid %d uid 0; nothing sent, answering 503"
                   % (re.escape(path), fake_pid, uid_of(USER_C), srv.pid))

    shutil.rmtree(sockdir)
    os.rename(sockdir + ".away", sockdir)
    assert srv.get("/hello")[::2] == (200, b"Hello World!")


# --------------------------------------------------------------------------
# item 3: a new identity gets a new socket
# --------------------------------------------------------------------------

STRAY_GROUP = """
WSGIDaemonProcess id user=%s processes=1 threads=4 graceful-timeout=5
WSGIScriptAlias /app @APPS@/stray.wsgi process-group=id application-group=%%{GLOBAL}
""" % USER_A

NEW_OWNER = """
WSGIDaemonProcess id user=%s processes=1 threads=4
WSGIScriptAlias /app @APPS@/sleep.wsgi process-group=id application-group=%%{GLOBAL}
""" % USER_B


def _unix_inode(path):
    """Inode of the listening socket bound at path (/proc/net/unix)."""
    with open("/proc/net/unix") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if len(fields) >= 8 and fields[7] == path \
                    and int(fields[3], 16) & 0x10000:      # __SO_ACCEPTCON
                return int(fields[6])
    return None


def _socket_inodes(pid):
    out = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            m = re.match(r"socket:\[(\d+)\]$",
                         os.readlink("/proc/%d/fd/%s" % (pid, fd)))
        except OSError:
            continue
        if m:
            out.add(int(m.group(1)))
    return out


def test_identity_change_gives_a_new_socket_a_stray_gets_nothing(httpd):
    """App A (gwtest-a) leaves a detached process holding a copy of its
    listening socket, accepting on it.  The sysadmin gives the group to
    gwtest-b with another script and restarts gracefully: the group gets a
    new socket and secret (GW02111), the old path is gone, and 24
    concurrent requests (more than the new process's threads, so they
    queue in the socket as the stray waits to accept) are all answered by
    gwtest-b's new app; the stray, still running, accepted none.  The old
    secret opens nothing on the new socket."""
    srv = httpd(STRAY_GROUP)
    stray = None
    try:
        assert srv.wait_ok("/app")[2] == b"left a process behind"
        pid_file = os.path.join(srv.scratch, "stray.pid")
        assert poll(lambda: os.path.exists(pid_file), 10), "no stray"
        stray = int(open(pid_file).read())
        assert proc_uids(stray)[0] == uid_of(USER_A)
        old = group_socket(srv, "id")
        old_secret = read_secret(srv, "id")
        # The stray holds the group's listening socket (it could accept).
        assert _unix_inode(old) in _socket_inodes(stray), old

        new = graceful(srv, "id", NEW_OWNER)[-1]
        assert new[1] == USER_B, new
        new_pids = set(srv.wait_daemon_pids(USER_B, 1))

        results = []
        lock = threading.Lock()

        def one():
            try:
                st, hd, body = srv.get("/app?before=0.3")
                r = (st, body, hd.get("X-Pid"))
            except (OSError, http.client.HTTPException) as e:
                r = (repr(e), b"", None)
            with lock:
                results.append(r)
        threads = [threading.Thread(target=one) for _ in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        bad = [r for r in results if r[0] != 200 or r[1] != b"first\nsecond\n"
               or int(r[2]) not in new_pids]
        assert len(results) == 24 and bad == [], bad
        log = os.path.join(srv.scratch, "stray.log")
        assert not os.path.exists(log), open(log).read()
        assert proc_alive(stray)
        assert new[2] != old
        srv.expect_log(r"GW02111: daemon group 'id': its identity \(.*\) "
                       r"changed, so it has a new socket %s and secret; the "
                       r"old socket %s is closed and removed"
                       % (re.escape(new[2]), re.escape(old)))
        assert not os.path.lexists(old)

        # The old generation's secret opens nothing on the new socket.
        sleep_app = srv.app("sleep.wsgi")
        frames, _ = raw_request(APACHE_USER, new[2],
                                request_vars(sleep_app, old_secret,
                                             uri="/old-secret"))
        assert frame_types(frames) == ["START", "ABORT"], frames
        srv.expect_log(r"GW03026: refused request /old-secret .*wrong secret")
        assert read_secret(srv, "id") != old_secret
    finally:
        if stray and proc_alive(stray):
            os.kill(stray, signal.SIGKILL)


BASE = """
WSGIDaemonProcess keep user=%s processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=keep application-group=%%{GLOBAL}
""" % USER_A


def test_graceful_restart_changing_only_threads_keeps_socket_and_secret(
        httpd):
    """threads= is no part of the identity: across a graceful restart that
    changes it the group keeps its socket (same path) and secret, and
    clients sending all the while lose no request."""
    srv = httpd(BASE)
    srv.wait_ok("/hello")
    old, secret = group_socket(srv, "keep"), read_secret(srv, "keep")
    clients = Clients(srv.port)
    for _ in range(4):
        clients.run("hello", clients.hello)
    poll(lambda: clients.ok.get("hello", 0) >= 20, 10)
    new = graceful(srv, "keep", BASE.replace("threads=2", "threads=3"))
    ok_then = clients.ok.get("hello", 0)
    poll(lambda: clients.ok.get("hello", 0) >= ok_then + 20, 10)
    clients.finish()
    assert clients.failures == []
    assert clients.ok.get("hello", 0) >= ok_then + 20, clients.ok
    assert new[-1][2] == old
    assert read_secret(srv, "keep") == secret
    assert "GW02111" not in srv.error_log()


# What each change does to the group's socket: True, a new one.
CHANGES = [
    ("threads", "threads=2", "threads=3", False),
    ("processes", "processes=1", "processes=2", False),
    ("maximum-requests", "threads=2", "threads=2 maximum-requests=50", False),
    ("display-name", "threads=2", "threads=2 display-name=%{GROUP}", False),
    ("user", "user=%s" % USER_A, "user=%s" % USER_B, True),
    ("group", "threads=2", "threads=2 group=%s" % EXTRA_GROUP, True),
    ("home", "threads=2", "threads=2 home=@ROOT@/scratch", True),
    ("python-path", "threads=2", "threads=2 python-path=@ROOT@/scratch", True),
    ("python-home", "threads=2", "threads=2 python-home=/usr", True),
    ("script", "WSGIScriptAlias /hello", "WSGIScriptAlias /other "
     "@APPS@/whoami.wsgi process-group=keep\nWSGIScriptAlias /hello", True),
    ("import-script", "WSGIScriptAlias /hello", "WSGIImportScript "
     "@APPS@/pid.wsgi process-group=keep application-group=%{GLOBAL}\n"
     "WSGIScriptAlias /hello", True),
]


@pytest.mark.parametrize("what,old,new,fresh", CHANGES,
                         ids=[c[0] for c in CHANGES])
def test_which_changes_give_a_group_a_new_socket(httpd, what, old, new,
                                                 fresh):
    srv = httpd(BASE)
    srv.wait_ok("/hello")
    before, secret = group_socket(srv, "keep"), read_secret(srv, "keep")
    procs = 2 if what == "processes" else 1
    after = graceful(srv, "keep", BASE.replace(old, new, 1), procs)
    srv.wait_ok("/hello")
    assert {s for _, _, s in after} == {group_socket(srv, "keep")}
    if fresh:
        assert after[-1][2] != before
        assert not os.path.lexists(before)
        assert read_secret(srv, "keep") != secret
        srv.expect_log(r"GW02111: daemon group 'keep': its identity")
    else:
        assert after[-1][2] == before
        assert read_secret(srv, "keep") == secret
        assert "GW02111" not in srv.error_log()


# --------------------------------------------------------------------------
# one secret per group
# --------------------------------------------------------------------------

TWO_GROUPS = """
WSGIDaemonProcess ga user=%s processes=1 threads=2
WSGIDaemonProcess gb user=%s processes=1 threads=2
WSGIScriptAlias /leak @APPS@/leaksecret.wsgi process-group=ga application-group=%%{GLOBAL}
WSGIScriptAlias /marker @APPS@/marker.wsgi process-group=gb application-group=%%{GLOBAL}
""" % (USER_A, USER_B)


@pytest.mark.skipif(SANITIZED, reason="leaksecret.wsgi reads the C heap "
                    "([heap]), which AddressSanitizer's allocator does not "
                    "use")
def test_secret_an_app_reads_from_its_memory_opens_no_other_group(httpd):
    """App A reads its group's secret from its own memory (the daemon's
    hand-over text on the C heap) and hands it out.  A www-data process
    (a CGI script, say) sends group B's socket a well-formed request for
    B's app with A's secret and REMOTE_USER=admin: refused (GW03026), B's
    app never runs.  Positive controls: what A read is A's secret (the
    parent's hand-over memfd for A holds it) and it differs from B's;
    with B's own secret the same request is served."""
    srv = httpd(TWO_GROUPS)
    status, _, leaked = srv.wait_ok("/leak")
    leaked = leaked.decode()
    assert leaked == read_secret(srv, "ga")
    assert leaked != read_secret(srv, "gb")
    marker = srv.app("marker.wsgi")
    log = os.path.join(srv.scratch, "marker.log")
    b_socket = group_socket(srv, "gb")

    forged = request_vars(marker, leaked, uri="/admin",
                          extra=[("REMOTE_USER", "admin")])
    frames, end = raw_request(APACHE_USER, b_socket, forged)
    assert frame_types(frames) == ["START", "ABORT"], frames
    assert end in ("eof", "reset")
    srv.expect_log(r"GW03026: refused request /admin for %s: wrong secret"
                   % re.escape(marker))
    assert not os.path.exists(log), open(log).read()

    frames, _ = raw_request(APACHE_USER, b_socket,
                            request_vars(marker, read_secret(srv, "gb"),
                                         uri="/own"))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]
    assert frames[2][1] == b"marker"
    assert "call" in open(log).read()
