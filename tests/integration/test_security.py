"""Security properties of mod_gateway, checked the way an attacker would
probe them: other local users and the applications themselves are the
adversaries, Apache (its parent and its configuration) is trusted.

Each test asserts what the attacker observes (a refused connection, a
missing marker file, a 500 instead of an injected header, bytes absent from
a process's memory) and carries a positive control where a negative result
could otherwise be vacuous.  docs/SECURITY.md maps every property to the
test that checks it.
"""

import ctypes
import errno
import json
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import stat
import struct
import subprocess
import time

import pytest

from conftest import (plain_daemon_only, USER_A, USER_B, APACHE, APACHE_USER,
                      APACHE_MODULES,
                      MODULE_SO, REFERENCE, descendants, free_port,
                      DAEMON_EXE, poll, proc_environ, proc_exe,
                      proc_status, proc_uids)

# --------------------------------------------------------------------------
# the wire protocol (proto/gw_proto.h), spoken from Python
# --------------------------------------------------------------------------

FRAME_HEADERS, FRAME_BODY, FRAME_END, FRAME_ABORT, FRAME_START = 1, 2, 3, 4, 5
END_KEEP = 8
FRAME_NAMES = {1: "HEADERS", 2: "BODY", 3: "END", 4: "ABORT", 5: "START",
               6: "FILE", 7: "RETRY", END_KEEP: "END_KEEP", 9: "FORBIDDEN",
               10: "ANSWER", 11: "WEBSOCKET"}
SECRET_HEX = 64          # 32 random bytes, hex


def _b(x):
    return x if isinstance(x, bytes) else x.encode("latin-1")


def encode_kv(pairs):
    out = b""
    for k, v in pairs:
        k, v = _b(k), _b(v)
        out += struct.pack("<H", len(k)) + k + struct.pack("<H", len(v)) + v
    return out


def uwsgi_packet(pairs):
    """uwsgi request packet; no CONTENT_LENGTH among the pairs, so the body
    is chunk-framed and the 4-byte empty chunk that ends it follows."""
    data = encode_kv(pairs)
    assert len(data) <= 0xFFFF
    return struct.pack("<BHB", 0, len(data), 0) + data + struct.pack("<I", 0)


def decode_kv(data):
    out, i = [], 0
    while i < len(data):
        (kl,) = struct.unpack_from("<H", data, i)
        k = data[i + 2:i + 2 + kl]
        i += 2 + kl
        (vl,) = struct.unpack_from("<H", data, i)
        v = data[i + 2:i + 2 + vl]
        i += 2 + vl
        out.append((k.decode("latin-1"), v.decode("latin-1")))
    return out


def _parse_frames(buf):
    """(frames, bytes used) of the complete frames at the start of buf."""
    frames, i = [], 0
    while len(buf) - i >= 8:
        t, flags, reserved, n = struct.unpack_from("<BBHI", buf, i)
        assert flags == 0 and reserved == 0, buf[i:i + 8]
        if len(buf) - i - 8 < n:
            break
        frames.append((t, buf[i + 8:i + 8 + n]))
        i += 8 + n
    return frames, i


def read_frames(sock, timeout=20):
    """Reads response frames until EOF, or until an END_KEEP frame (the
    daemon then keeps the connection open for another request).  Returns
    (frames, how_it_ended): frames is a list of (type, payload);
    how_it_ended is "eof", "kept" (END_KEEP), "reset" (ECONNRESET) or
    "timeout"."""
    sock.settimeout(timeout)
    buf = b""
    end = "eof"
    deadline = time.monotonic() + timeout
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            end = "reset"
            break
        except socket.timeout:
            end = "timeout"
            break
        if not chunk:
            break
        buf += chunk
        frames, _ = _parse_frames(buf)
        if frames and frames[-1][0] == END_KEEP:
            end = "kept"
            break
        if time.monotonic() > deadline:
            end = "timeout"
            break
    frames, i = _parse_frames(buf)
    assert i == len(buf), "trailing partial frame: %r" % buf[i:]
    return frames, end


def frame_types(frames):
    return [FRAME_NAMES.get(t, t) for t, _ in frames]


def request_vars(script, secret=None, uri="/forged", extra=()):
    """The vars an Apache child would send for GET <uri> to `script`."""
    pairs = [
        ("REQUEST_METHOD", "GET"), ("REQUEST_URI", uri),
        ("SCRIPT_NAME", uri), ("PATH_INFO", ""), ("QUERY_STRING", ""),
        ("SERVER_NAME", "127.0.0.1"), ("SERVER_PORT", "80"),
        ("SERVER_PROTOCOL", "HTTP/1.1"), ("REQUEST_SCHEME", "http"),
        ("REMOTE_ADDR", "127.0.0.1"), ("REMOTE_PORT", "4242"),
        ("HTTP_HOST", "127.0.0.1"),
    ]
    pairs += list(extra)
    if script is not None:
        pairs.append(("gateway.script", script))
    pairs += [("gateway.application_group", ""),
              ("gateway.callable", "application")]
    if secret is not None:
        pairs.append(("gateway.secret", secret))
    return pairs


# --------------------------------------------------------------------------
# acting as another local user
# --------------------------------------------------------------------------

def connect_as(user, path, timeout=10):
    """connect()s to the UNIX socket `path` from a forked child that runs
    as `user` (no supplementary groups) and returns the connected socket to
    us (SCM_RIGHTS).  The peer credentials the daemon sees are the child's:
    SO_PEERCRED is taken at connect().  Raises the child's OSError when
    connect() fails."""
    pw = pwd.getpwnam(user)
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 0
        try:
            ours.close()
            os.setgroups([])
            os.setgid(pw.pw_gid)
            os.setuid(pw.pw_uid)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
            except OSError as e:
                theirs.sendall(b"E%d" % e.errno)
            else:
                socket.send_fds(theirs, [b"K"], [s.fileno()])
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    try:
        ours.settimeout(timeout)
        msg, fds, _flags, _addr = socket.recv_fds(ours, 64, 1)
    finally:
        ours.close()
        _, status = os.waitpid(pid, 0)
    if msg.startswith(b"E"):
        err = int(msg[1:])
        raise OSError(err, os.strerror(err), path)
    assert msg == b"K" and len(fds) == 1, (msg, fds, status)
    return socket.socket(fileno=fds[0])


def raw_request(user, path, pairs, timeout=20):
    """Sends one request packet as `user`; returns (frames, how_it_ended).
    A daemon that closes before reading everything may make send() fail:
    that counts as the end too."""
    s = connect_as(user, path)
    try:
        try:
            s.sendall(uwsgi_packet(pairs))
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_frames(s, timeout)
    finally:
        s.close()


def run_as(user, argv, timeout=30):
    """Runs argv as `user` (its own groups, no NO_NEW_PRIVS): (rc, out)."""
    pw = pwd.getpwnam(user)

    def demote():
        os.setgroups(os.getgrouplist(user, pw.pw_gid))
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)

    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       preexec_fn=demote, timeout=timeout, cwd="/")
    return r.returncode, r.stdout.decode("utf-8", "replace").strip()


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def group_socket(srv):
    socks = [p for p in srv.sockets() if os.path.basename(p).startswith("gw")]
    assert len(socks) == 1, socks
    return socks[0]


def read_secret(srv, group=None):
    """A group's secret (each group's socket has its own), read as root
    from the delegation memfd the Apache parent keeps open (the daemons
    close their copy after reading it): `group`'s, or with one group
    configured, that group's."""
    fd_dir = "/proc/%d/fd" % srv.pid
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if "gateway-delegation" in target:
            with open(os.path.join(fd_dir, fd), "rb") as f:
                text = f.read().decode()
            if group is not None and not re.search(
                    r"^group %s$" % re.escape(group), text, re.M):
                continue
            m = re.search(r"^secret ([0-9a-f]{%d})$" % SECRET_HEX, text,
                          re.M)
            assert m, text
            return m.group(1)
    pytest.fail("no gateway-delegation memfd%s among the Apache parent's "
                "fds" % ("" if group is None else " of group " + group))


def scratch_file(srv, name):
    return os.path.join(srv.scratch, name)


def uid_of(user):
    return pwd.getpwnam(user).pw_uid


def gid_of(user):
    return pwd.getpwnam(user).pw_gid


# --------------------------------------------------------------------------
# 1. who can reach a group's socket
# --------------------------------------------------------------------------

ONE_GROUP = """
WSGIDaemonProcess sec user=%s processes=1 threads=2 display-name=%%{GROUP}
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=sec application-group=%%{GLOBAL}
WSGIScriptAlias /marker @APPS@/marker.wsgi process-group=sec application-group=%%{GLOBAL}
""" % USER_A


def test_socket_is_private_to_apache_user_and_refuses_other_users(httpd):
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    path = group_socket(srv)
    assert path.startswith(os.path.join(srv.run_dir, "gw"))
    st = os.stat(path)
    assert stat.S_ISSOCK(st.st_mode)
    # No access for group or others (the exact 0600 is checked by
    # test_socket_mode_is_exactly_0600).
    assert stat.S_IMODE(st.st_mode) & 0o077 == 0, oct(st.st_mode)
    assert st.st_uid == uid_of(APACHE_USER)

    # Another local user (and the group's own daemon user) cannot connect.
    for user in (USER_B, USER_A):
        with pytest.raises(PermissionError) as ei:
            connect_as(user, path).close()
        assert ei.value.errno == errno.EACCES

    # Positive control: Apache's User can (and the daemon answers a request
    # packet with its START frame), so the refusal above is the socket's
    # permission, not a broken path.
    s = connect_as(APACHE_USER, path)
    try:
        s.settimeout(10)
        s.sendall(uwsgi_packet(request_vars(srv.app("hello.wsgi"))))
        srv.allow_log(r"GW03026: refused request /forged")   # no secret
        start = b""
        while len(start) < 12:
            chunk = s.recv(12 - len(start))
            assert chunk, start
            start += chunk
        assert start[0] == FRAME_START
    finally:
        s.close()


def test_socket_mode_is_exactly_0600(httpd):
    """gw_supervisor.c promises a socket "born 0600"; an execute bit
    means nothing on a socket, but the mode should be what is documented
    (and what mod_wsgi users expect to see in ls -l)."""
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    st = os.stat(group_socket(srv))
    assert stat.S_IMODE(st.st_mode) == 0o600, oct(stat.S_IMODE(st.st_mode))


def _unsafe_socket_dir_server(httpd, kind):
    srv = httpd("WSGISocketPrefix @ROOT@/sockdir/gw\n" + ONE_GROUP,
                start=False)
    d = os.path.join(srv.root, "sockdir")
    os.mkdir(d)
    if kind == "sticky-world-writable":
        os.chmod(d, 0o1777)
    elif kind == "group-writable":
        os.chmod(d, 0o775)
    else:
        os.chmod(d, 0o755)
        os.chown(d, uid_of(USER_B), gid_of(USER_B))
    srv.allow_log(r"AH00016|AH00020|Configuration Failed")
    return srv, d


def _apache_start(srv):
    return subprocess.run(["/usr/sbin/apache2", "-f", srv.conf_path, "-k",
                           "start"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          env=srv.env(), timeout=30)


def _fail_if_serving(srv, what):
    """Apache must not end up running; if it does, hand it to the fixture
    to stop and fail."""
    gone = poll(lambda: not srv._port_open() and not srv.processes(),
                    10)
    if not gone:
        srv.running = True
        srv.pid = srv._read_pid()
        pytest.fail("Apache is serving with %s" % what)


@pytest.mark.parametrize("kind", ["sticky-world-writable", "group-writable",
                                  "not-owned-by-root"])
def test_socket_directory_others_can_write_is_refused(httpd, kind):
    srv, d = _unsafe_socket_dir_server(httpd, kind)
    _apache_start(srv)
    # Whatever `apache2 -k start` returned (see the next test), Apache
    # does not run and explains why.
    _fail_if_serving(srv, "WSGISocketPrefix in a %s directory" % kind)
    lines = srv.expect_log(r"GW02007")
    assert any(re.search(r"socket directory %s is owner uid \d+ mode \d+: it "
                         r"must be owned by root and writable by no one else"
                         % re.escape(d), l) for l in lines), lines
    assert any("writable" in l for l in lines)
    srv.expect_log(r"Configuration Failed")
    # No socket was created there and no daemon was started.
    assert os.listdir(d) == []
    assert "GW02004" not in srv.error_log()


def test_unsafe_socket_directory_makes_the_start_command_fail(httpd):
    """The check must run before Apache detaches, or `apache2 -k start`
    (and a service manager trusting it) reports success for a server that
    exits a moment later."""
    srv, d = _unsafe_socket_dir_server(httpd, "sticky-world-writable")
    r = _apache_start(srv)
    _fail_if_serving(srv, "WSGISocketPrefix in a world-writable directory")
    srv.expect_log(r"GW02007")
    assert r.returncode != 0, r.stdout


def _plant(path, kind, victim):
    """Puts a regular file or a symlink to `victim` at `path`; returns a
    function that says what is there now, to compare before and after."""
    if kind == "regular-file":
        with open(path, "w") as f:
            f.write("precious, not a socket\n")
    else:
        os.symlink(victim, path)

    def state():
        st = os.lstat(path)
        out = (stat.S_IFMT(st.st_mode), st.st_uid, stat.S_IMODE(st.st_mode))
        if kind == "symlink":
            out += (os.readlink(path),)
        else:
            out += (open(path).read(),)
        vst = os.stat(victim)
        return out + (vst.st_uid, stat.S_IMODE(vst.st_mode),
                      open(victim).read())
    return state


def _victim(srv):
    """A root-owned file outside the socket directory that a symlink can
    point at: a chown or chmod through the link would show on it."""
    victim = os.path.join(srv.root, "victim")
    with open(victim, "w") as f:
        f.write("victim\n")
    os.chmod(victim, 0o644)
    return victim


@pytest.mark.parametrize("kind", ["regular-file", "symlink"])
def test_socket_path_taken_by_a_non_socket_is_left_alone_and_reported(
        httpd, kind):
    """The supervisor unlinks an old socket path only if it is a socket
    (parent/gw_sockets.c).  The next socket path (PREFIX.PID.N.sock, N one
    more than the current one) is taken by a regular file or a symlink
    before a graceful restart that needs a new socket (listen-backlog=
    changed): the restart fails with a message naming the path, and the
    file, the link and what it points to are untouched (not unlinked, not
    chowned to Apache's User, not chmod'ed 0600)."""
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    old = group_socket(srv)
    m = re.match(r"(.*/gw)\.(\d+)\.(\d+)\.sock$", old)
    assert m and int(m.group(2)) == srv.pid, (old, srv.pid)
    nxt = "%s.%s.%d.sock" % (m.group(1), m.group(2), int(m.group(3)) + 1)
    state = _plant(nxt, kind, _victim(srv))
    before = state()
    srv.write_config(ONE_GROUP.replace("threads=2", "threads=2 "
                                       "listen-backlog=50"))
    srv.allow_log(r"AH00020|Configuration Failed")
    os.kill(srv.pid, signal.SIGUSR1)            # graceful restart
    srv.expect_log(r"GW02008: daemon group 'sec' \(.*\): %s exists and is "
                   r"not a socket; remove it" % re.escape(nxt))
    # Apache does not go on without the group's socket.
    assert poll(lambda: not srv._port_open() and not srv.processes(),
                    10), "Apache still serving"
    assert state() == before
    assert [p for p in srv.sockets() if p != nxt] == []


@pytest.mark.parametrize("kind", ["regular-file", "symlink"])
def test_stop_does_not_unlink_a_non_socket_at_the_socket_path(httpd, kind):
    """Whatever took the live socket's place by the time Apache stops (a
    file, a symlink) is not removed: only a socket is unlinked."""
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    path = group_socket(srv)
    os.unlink(path)
    state = _plant(path, kind, _victim(srv))
    before = state()
    srv.stop()
    assert state() == before
    # Positive control: with the socket in place, stop removes it.
    srv2 = httpd(ONE_GROUP)
    srv2.wait_ok("/hello")
    path2 = group_socket(srv2)
    srv2.stop()
    assert not os.path.lexists(path2)


def test_socket_user_owns_the_socket_and_is_the_only_peer_served(httpd):
    """socket-user=gwtest-b: the socket belongs to gwtest-b (mode 0600),
    and gwtest-b is the only uid the daemon serves.  Apache's children
    (www-data) are then refused, first by the socket (a 503 whose log
    line names the owner and the child's uid), and, with the socket
    opened to everyone, by the daemon's peer check."""
    srv = httpd("""
WSGIDaemonProcess su user=%s processes=1 threads=2 socket-user=%s
WSGIScriptAlias /marker @APPS@/marker.wsgi process-group=su application-group=%%{GLOBAL}
""" % (USER_A, USER_B))
    path = group_socket(srv)
    st = os.stat(path)
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (uid_of(USER_B), 0o600)

    status, _, body = srv.get("/marker")
    assert status == 503, (status, body[:300])
    srv.expect_log(r"\(13\)Permission denied: .*GW01002: cannot connect to "
                   r"daemon group 'su' at %s .*socket is owner uid %d gid "
                   r"\d+ mode 0600; this Apache child runs as uid %d "
                   r"\(%s\)" % (re.escape(path), uid_of(USER_B),
                                 uid_of(APACHE_USER), APACHE_USER))
    with pytest.raises(PermissionError):
        connect_as(APACHE_USER, path).close()

    # The socket's user is served (with the generation's secret).
    secret = read_secret(srv)
    marker = srv.app("marker.wsgi")
    frames, _ = raw_request(USER_B, path, request_vars(marker, secret))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]
    assert frames[2][1] == b"marker"

    # Socket opened to everyone: www-data gets in, the peer check says no.
    os.chmod(path, 0o666)
    frames, end = raw_request(APACHE_USER, path,
                              request_vars(marker, secret, uri="/www"))
    assert frames == [], frame_types(frames)
    srv.expect_log(r"GW03005: refused a connection from pid \d+ uid %d: "
                   r"only uid %d" % (uid_of(APACHE_USER), uid_of(USER_B)))


# --------------------------------------------------------------------------
# 2. the daemon checks its peer even if the socket's mode is loosened
# --------------------------------------------------------------------------

def test_peer_check_refuses_other_uid_even_if_socket_is_world_writable(httpd):
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    path = group_socket(srv)
    os.chmod(path, 0o666)
    secret = read_secret(srv)
    frames, end = raw_request(USER_B, path,
                              request_vars(srv.app("marker.wsgi"), secret))
    # Closed before anything was said: not even START.
    assert frames == [], frame_types(frames)
    assert end in ("eof", "reset")
    srv.expect_log(r"GW03005: refused a connection from pid \d+ uid %d: "
                   r"only uid %d" % (uid_of(USER_B), uid_of(APACHE_USER)))
    assert not os.path.exists(scratch_file(srv, "marker.log"))

    # Positive control: the same packet from Apache's User is served, so
    # the refusal is the peer check and not a malformed request.
    frames, end = raw_request(APACHE_USER, path,
                              request_vars(srv.app("marker.wsgi"), secret))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]
    assert frames[2][1] == b"marker"


# --------------------------------------------------------------------------
# 3. delegation: the daemon runs only what the configuration gave it, for
#    requests carrying the generation's secret
# --------------------------------------------------------------------------

def assert_refused(frames, end):
    assert frame_types(frames) == ["START", "ABORT"], frames
    assert end in ("eof", "reset")


def test_delegation_request_without_or_with_wrong_secret_is_refused(httpd):
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    path = group_socket(srv)
    marker = srv.app("marker.wsgi")
    log = scratch_file(srv, "marker.log")

    assert_refused(*raw_request(APACHE_USER, path, request_vars(marker)))
    srv.expect_log(r"GW03026: refused request /forged for %s: no secret"
                   % re.escape(marker))

    secret = read_secret(srv)
    wrong = ("0" if secret[0] != "0" else "1") + secret[1:]
    assert_refused(*raw_request(APACHE_USER, path,
                                request_vars(marker, wrong, uri="/wrong")))
    srv.expect_log(r"GW03026: refused request /wrong for %s: wrong secret"
                   % re.escape(marker))
    assert_refused(*raw_request(APACHE_USER, path,
                                request_vars(marker, secret[:-1],
                                             uri="/short")))
    srv.expect_log(r"GW03026: refused request /short .*wrong secret")
    assert not os.path.exists(log), open(log).read()

    # Positive control: the right secret gets the app to run, so the
    # marker mechanism and our packets work.
    frames, end = raw_request(APACHE_USER, path,
                              request_vars(marker, secret, uri="/good"))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]
    assert frames[2][1] == b"marker"
    assert "call" in open(log).read()


def test_script_user_is_checked_by_the_daemon_a_forged_request_skips_nothing(
        httpd):
    """script-user=root, and a script of gwtest-c's delegated to the group
    (a WSGIScriptAlias to it).  A peer with the group's secret that sends
    the request itself, as a subverted Apache child could, gets START
    then FORBIDDEN: the check is the daemon's, on the file it opened
    (daemon/gw_scriptowner.h), not one the sender could leave out.  The
    script is never imported.  Positive control: root's marker.wsgi, the
    same packet but for its path, runs."""
    from conftest import USER_C
    srv = httpd(ONE_GROUP.replace("display-name=%{GROUP}",
                                  "script-user=root")
                + "WSGIScriptAlias /theirs @APPS@/theirs.wsgi "
                "process-group=sec application-group=%{GLOBAL}\n",
                start=False)
    theirs = srv.app("theirs.wsgi")
    shutil.copyfile(srv.app("marker.wsgi"), theirs)
    c = pwd.getpwnam(USER_C)
    os.chown(theirs, c.pw_uid, c.pw_gid)
    srv.start()
    srv.wait_ok("/hello")
    path, secret = group_socket(srv), read_secret(srv)
    log = scratch_file(srv, "marker.log")

    frames, end = raw_request(APACHE_USER, path,
                              request_vars(theirs, secret, uri="/theirs"))
    assert frame_types(frames) == ["START", "FORBIDDEN"], frames
    assert end in ("eof", "reset")
    why = (r"WSGI script %s is owned by user %s \(uid %d\), not by "
           r"script-user=root \(uid 0\)" % (re.escape(theirs), USER_C,
                                             c.pw_uid))
    assert re.fullmatch(why, frames[1][1].decode()), frames[1][1]
    srv.expect_log(r"GW03080: %s \(request /theirs\): refused" % why)
    # Over HTTP too: Apache's own 403.
    assert srv.get("/theirs")[0] == 403
    srv.expect_log(r"GW01039: .*theirs.wsgi")
    time.sleep(0.3)
    assert not os.path.exists(log), open(log).read()

    frames, end = raw_request(APACHE_USER, path,
                              request_vars(srv.app("marker.wsgi"), secret,
                                           uri="/marker"))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]
    assert frames[2][1] == b"marker"


def test_delegation_undelegated_script_is_never_imported(httpd):
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    path = group_socket(srv)
    secret = read_secret(srv)
    evil = srv.app("evil.wsgi")
    assert os.path.exists(evil)  # readable by the daemon user, and ...
    frames, end = raw_request(APACHE_USER, path,
                              request_vars(evil, secret, uri="/evil"))
    assert_refused(frames, end)
    srv.expect_log(r"GW03027: refused request /evil: script %s was not "
                   r"delegated to this group" % re.escape(evil))
    # ... still never imported.
    time.sleep(0.3)
    assert not os.path.exists(scratch_file(srv, "evil-imported"))

    # Spellings of evil.wsgi that start like a delegated path, or of
    # the delegated directory, are no better.
    for i, p in enumerate([srv.app("marker.wsgi") + "/../evil.wsgi",
                           srv.apps + "/../apps/evil.wsgi",
                           srv.apps + "//evil.wsgi",
                           srv.apps + "/./evil.wsgi"]):
        assert_refused(*raw_request(APACHE_USER, path,
                                    request_vars(p, secret,
                                                 uri="/alias%d" % i)))
        srv.expect_log(r"GW03027: refused request /alias%d:" % i)
    time.sleep(0.3)
    assert not os.path.exists(scratch_file(srv, "evil-imported"))
    assert not os.path.exists(scratch_file(srv, "marker.log"))

    # Positive control: a delegated script with the same secret runs.
    frames, _ = raw_request(APACHE_USER, path,
                            request_vars(srv.app("marker.wsgi"), secret))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]


DIR_GROUPS = """
WSGIDaemonProcess sec user=%s processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=sec application-group=%%{GLOBAL}
WSGIScriptAlias /d/ @ROOT@/dirapps/ process-group=sec application-group=%%{GLOBAL}
WSGIScriptAliasMatch ^/m/([a-z]+)$ @ROOT@/matchapps/$1.wsgi process-group=sec application-group=%%{GLOBAL}
<Directory @ROOT@/dirapps>
    Require all granted
</Directory>
<Directory @ROOT@/matchapps>
    Require all granted
</Directory>
""" % USER_A


@pytest.mark.parametrize("mount", ["directory", "match"])
def test_delegation_of_a_script_directory_covers_nothing_outside_it(
        httpd, mount):
    """A WSGIScriptAlias to a directory, or a WSGIScriptAliasMatch whose
    target is DIR/$1.wsgi, delegates every script below DIR (script-dir
    in the hand-over) and nothing else: a direct request as www-data with
    the right secret for a script outside DIR (next to it, in a sibling
    directory whose name starts with DIR's, or reached from DIR by
    "..", "//", "/./") is refused (GW03027) and never imported.  So is
    any path below DIR with a ".", ".." or empty segment, even one that
    ends there (DIR/.., DIR/., DIR/) or names a script inside DIR."""
    srv = httpd(DIR_GROUPS, start=False)
    base = "dirapps" if mount == "directory" else "matchapps"
    inside = os.path.join(srv.root, base)
    sibling = inside + "-evil"           # shares DIR's name as a prefix
    for d in (inside, sibling):
        os.mkdir(d)
        os.chmod(d, 0o755)
    for src, dst in ((srv.app("marker.wsgi"), os.path.join(inside,
                                                            "marker.wsgi")),
                     (srv.app("evil.wsgi"), os.path.join(sibling,
                                                          "evil.wsgi"))):
        shutil.copyfile(src, dst)
        os.chmod(dst, 0o644)
    srv.start()
    # Through Apache the mount works (and marks the log): a positive
    # control for the script and the mount, then the log is cleared.
    url = "/d/marker.wsgi" if mount == "directory" else "/m/marker"
    assert srv.get(url)[::2] == (200, b"marker")
    os.unlink(scratch_file(srv, "marker.log"))

    path = group_socket(srv)
    secret = read_secret(srv)
    refused = [srv.app("evil.wsgi"),                  # next to DIR
               os.path.join(sibling, "evil.wsgi"),    # DIR-evil/evil.wsgi
               inside + "/../apps/evil.wsgi",
               inside + "/../" + base + "-evil/evil.wsgi",
               inside + "//../apps/evil.wsgi",
               inside + "/./../apps/evil.wsgi",
               inside,                                # DIR itself
               # DIR or its parent, spelled as something below DIR
               inside + "/..", inside + "/.", inside + "/",
               inside + "/../", inside + "/./", inside + "//",
               # the script inside DIR, spelled with an odd segment
               inside + "/./marker.wsgi", inside + "//marker.wsgi",
               inside + "/x/../marker.wsgi", inside + "/marker.wsgi/",
               inside + "/marker.wsgi/.", inside + "/marker.wsgi/..",
               inside + "/../" + base + "/marker.wsgi"]
    for i, script in enumerate(refused):
        assert_refused(*raw_request(APACHE_USER, path,
                                    request_vars(script, secret,
                                                 uri="/out%d" % i)))
        srv.expect_log(r"GW03027: refused request /out%d: script %s was not "
                       r"delegated" % (i, re.escape(script)))
    time.sleep(0.3)
    assert not os.path.exists(scratch_file(srv, "evil-imported"))
    assert not os.path.exists(scratch_file(srv, "marker.log"))

    # Positive control: a script inside DIR, with the same secret, over
    # the same socket, runs.
    frames, _ = raw_request(APACHE_USER, path,
                            request_vars(os.path.join(inside, "marker.wsgi"),
                                         secret, uri="/in"))
    assert frame_types(frames) == ["START", "HEADERS", "BODY", "END_KEEP"]
    assert frames[2][1] == b"marker"


@pytest.mark.parametrize("control", ["gateway.script", "gateway.secret",
                                     "gateway.application_group",
                                     "gateway.callable"])
def test_delegation_duplicate_control_value_is_refused(httpd, control):
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    path = group_socket(srv)
    secret = read_secret(srv)
    marker, evil = srv.app("marker.wsgi"), srv.app("evil.wsgi")
    pairs = request_vars(marker, secret, uri="/dup")
    second = {"gateway.script": evil, "gateway.secret": secret,
              "gateway.application_group": "other",
              "gateway.callable": "application"}[control]
    pairs.append((control, second))
    assert_refused(*raw_request(APACHE_USER, path, pairs))
    srv.expect_log(r"GW03028: refused request /dup: control value %s given "
                   r"twice" % re.escape(control))
    time.sleep(0.3)
    assert not os.path.exists(scratch_file(srv, "evil-imported"))
    assert not os.path.exists(scratch_file(srv, "marker.log"))


HOOK_CALL = [("gateway.hook", "check_password"), ("gateway.user", "u"),
             ("gateway.password", "p")]


@pytest.mark.parametrize("control", ["gateway.hook", "gateway.user",
                                     "gateway.password"])
def test_delegation_duplicate_auth_hook_value_is_refused(httpd, control):
    """An auth hook call's control values (proto/gw_hook.h) count as
    control values: one given twice is a forgery, and nothing runs."""
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    pairs = request_vars(srv.app("marker.wsgi"), read_secret(srv),
                         uri="/dup", extra=HOOK_CALL + [(control, "again")])
    assert_refused(*raw_request(APACHE_USER, group_socket(srv), pairs))
    srv.expect_log(r"GW03028: refused request /dup: control value %s given "
                   r"twice" % re.escape(control))
    time.sleep(0.3)
    assert not os.path.exists(scratch_file(srv, "marker.log"))


def test_unknown_auth_hook_or_missing_argument_is_refused(httpd):
    """gateway.hook naming no hook (here the WSGI callable), or a hook
    without its arguments, is refused before anything is imported."""
    srv = httpd(ONE_GROUP)
    srv.wait_ok("/hello")
    secret = read_secret(srv)
    marker = srv.app("marker.wsgi")
    for uri, extra in (("/nohook", [("gateway.hook", "application")]),
                       ("/noargs", HOOK_CALL[:2])):
        pairs = request_vars(marker, secret, uri=uri, extra=extra)
        assert_refused(*raw_request(APACHE_USER, group_socket(srv), pairs))
        srv.expect_log(r"GW03082: request %s for script %s names an unknown "
                       r"hook \(auth or dispatch\) in gateway.hook, or lacks "
                       r"one of its arguments; refused"
                       % (uri, re.escape(marker)))
    time.sleep(0.3)
    assert not os.path.exists(scratch_file(srv, "marker.log"))


def test_gateway_vars_set_in_apache_config_do_not_reach_the_daemon(httpd):
    """SetEnv gateway.script / gateway.secret (e.g. from a less trusted
    .htaccess author) must not redirect a request to another script, nor
    gateway.hook turn it into an auth hook call: the module sends its own
    control values only."""
    env_so = os.path.join(APACHE_MODULES, "mod_env.so")
    if not os.path.exists(env_so):
        pytest.skip("mod_env.so not installed")
    srv = httpd("""
LoadModule env_module %s
%s
<Location /hello>
    SetEnv gateway.script @APPS@/evil.wsgi
    SetEnv gateway.secret %s
    SetEnv gateway.callable nope
    SetEnv gateway.hook check_password
    SetEnv gateway.user alice
    SetEnv gateway.password wonderland
</Location>
""" % (env_so, ONE_GROUP, "0" * SECRET_HEX))
    st, _, body = srv.get("/hello")
    assert (st, body) == (200, b"Hello World!")
    assert not os.path.exists(scratch_file(srv, "evil-imported"))


# The hand-over memfd (settings, secret, delegated scripts) is fd 4 of a
# daemon from its exec until it has read it.  /proc/PID/fd/4 lets any
# process of the same user (another group under that user, an application
# of it) open the file again, unless the file's own mode forbids it.  To
# look at that moment deterministically, the test holds a new daemon
# process still right after its exec, with ptrace from root.

PTRACE_CONT, PTRACE_DETACH = 7, 17
PTRACE_GETEVENTMSG, PTRACE_SEIZE, PTRACE_INTERRUPT = 0x4201, 0x4206, 0x4207
PTRACE_O_TRACEFORK, PTRACE_O_TRACEEXEC = 0x02, 0x10
PTRACE_EVENT_FORK, PTRACE_EVENT_EXEC = 1, 4
WAIT_ALL = 0x40000000    # __WALL


class ExecCatcher:
    """Traces the Apache parent (PTRACE_SEIZE, following its forks) until a
    process it forked has exec'ed `exe`, and keeps that one stopped just
    after its exec: it holds the descriptors it was started with and has
    run none of its own code.  Every other traced process is let go
    unchanged (a signal it was about to get is delivered); leaving the
    `with` block lets the caught one go on too."""

    def __init__(self, parent, exe):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.libc.ptrace.restype = ctypes.c_long
        self.libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long,
                                     ctypes.c_void_p, ctypes.c_void_p]
        self.parent, self.exe = parent, exe
        self.traced = set()
        self.caught = None

    def _ptrace(self, req, pid, data=0):
        if self.libc.ptrace(req, pid, None, data) == -1:
            err = ctypes.get_errno()
            raise OSError(err, "ptrace(%#x, %d): %s"
                          % (req, pid, os.strerror(err)))

    def __enter__(self):
        try:
            self._ptrace(PTRACE_SEIZE, self.parent,
                         PTRACE_O_TRACEFORK | PTRACE_O_TRACEEXEC)
        except OSError as e:
            if e.errno in (errno.EPERM, errno.ENOSYS):
                pytest.skip("ptrace not permitted here: %s" % e)
            raise
        self.traced.add(self.parent)
        return self

    def __exit__(self, *exc):
        while self.traced:
            self._detach(self.traced.pop())

    def _stopped(self, pid, status):
        """Bookkeeping for a stop; returns the signal to deliver."""
        if status >> 16 == PTRACE_EVENT_FORK:
            child = ctypes.c_ulong()
            self._ptrace(PTRACE_GETEVENTMSG, pid, ctypes.addressof(child))
            self.traced.add(child.value)     # auto-attached, stopped
        return 0 if status >> 16 else os.WSTOPSIG(status)

    def _detach(self, pid):
        if pid != self.caught:
            try:
                self._ptrace(PTRACE_INTERRUPT, pid)
            except ProcessLookupError:
                return
        while True:
            try:
                _, status = os.waitpid(pid, WAIT_ALL | (os.WNOHANG if pid ==
                                                        self.caught else 0))
            except ChildProcessError:
                return
            if status and not os.WIFSTOPPED(status):
                return                       # it ended
            sig = self._stopped(pid, status) if status else 0
            try:
                self._ptrace(PTRACE_DETACH, pid, sig)
            except ProcessLookupError:
                pass
            return

    def wait_exec(self, timeout=20):
        """The pid of the caught process, stopped."""
        deadline = time.monotonic() + timeout
        while self.caught is None:
            assert time.monotonic() < deadline, \
                "no child of pid %d exec'ed %s within %ss" % (
                    self.parent, self.exe, timeout)
            busy = False
            for pid in sorted(self.traced):
                try:
                    r, status = os.waitpid(pid, WAIT_ALL | os.WNOHANG)
                except ChildProcessError:
                    self.traced.discard(pid)
                    continue
                if r == 0:
                    continue
                busy = True
                if not os.WIFSTOPPED(status):
                    self.traced.discard(pid)
                    continue
                if (status >> 16 == PTRACE_EVENT_EXEC and pid != self.parent
                        and proc_exe(pid) == self.exe):
                    self.caught = pid          # stays stopped
                    break
                self._ptrace(PTRACE_CONT, pid, self._stopped(pid, status))
            if not busy:
                time.sleep(0.005)
        for pid in sorted(self.traced - {self.caught}):
            self.traced.discard(pid)
            self._detach(pid)
        return self.caught


def delegation_memfds(pid):
    """fd number -> os.stat() of each gateway-delegation memfd `pid`
    holds (as root)."""
    out = {}
    for fd, target in proc_fds(pid).items():
        if target.startswith("/memfd:gateway-delegation"):
            out[fd] = os.stat("/proc/%d/fd/%d" % (pid, fd))
    return out


SAME_USER_GROUPS = """
WSGIDaemonProcess victim user=%(a)s processes=1 threads=1 maximum-requests=1
WSGIDaemonProcess prober user=%(a)s processes=1 threads=1
WSGIScriptAlias /victim @APPS@/pid.wsgi process-group=victim application-group=%%{GLOBAL}
WSGIScriptAlias /probe @APPS@/fd_probe.wsgi process-group=prober application-group=%%{GLOBAL}
""" % {"a": USER_A}


def test_delegation_memfd_cannot_be_reopened_by_a_process_of_the_same_user(
        httpd):
    """A daemon's fd 4 (the hand-over, with the secret) is root's with
    mode 0600: an application of another group running as the same user
    sees the descriptor in /proc/PID/fd of a daemon that has not read it
    yet but cannot open it again; the daemon reads it through the
    descriptor it inherited."""
    srv = httpd(SAME_USER_GROUPS)
    uid = uid_of(USER_A)
    # The parent's copies, one per group: root's, 0600.
    held = delegation_memfds(srv.pid)
    assert len(held) == 2, held
    for fd, st in held.items():
        assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == \
            (0o600, 0, 0), (fd, oct(st.st_mode), st.st_uid, st.st_gid)
    srv.wait_ok("/probe?pid=1&fd=0")
    srv.wait_daemon_pids(USER_A, 2)

    with ExecCatcher(srv.pid, os.path.realpath(DAEMON_EXE)) as catcher:
        # maximum-requests=1: the victim's process recycles after this
        # request, and the parent starts a new one, which is caught.
        st, _, body = srv.get("/victim")
        assert st == 200, body
        pid = catcher.wait_exec()
        assert pid != int(body)
        assert proc_uids(pid) == [uid] * 4
        fd4 = "/proc/%d/fd/4" % pid
        target = os.readlink(fd4)
        assert target.startswith("/memfd:gateway-delegation"), target
        st4 = os.stat(fd4)
        assert (stat.S_IMODE(st4.st_mode), st4.st_uid, st4.st_gid) == \
            (0o600, 0, 0), (oct(st4.st_mode), st4.st_uid, st4.st_gid)
        with open("/proc/%d/fdinfo/4" % pid) as f:
            flags = int(re.search(r"^flags:\s+([0-7]+)$", f.read(),
                                  re.M).group(1), 8)
        assert flags & os.O_ACCMODE == os.O_RDWR   # readable as inherited

        probe = json.loads(srv.get("/probe?pid=%d&fd=4" % pid)[2])
        assert probe["uid"] == uid                 # the same user ...
        got = probe["fd"]
        # ... sees the descriptor (so /proc lets it into that process) ...
        assert got.get("target") == target, got
        assert (got.get("mode"), got.get("uid")) == (0o600, 0), got
        # ... and cannot open it again, so never reads the secret.
        assert got["opened"] is False, got
        assert got["open_error"] == errno.EACCES, got
        assert "has_secret" not in got
        # Positive control: reopening that process's fd 0 (/dev/null, mode
        # 0666) the same way works: only the memfd's mode stops the probe.
        assert probe["control"].get("target") == "/dev/null", probe
        assert probe["control"]["opened"] is True, probe

    # Let go, the process reads its hand-over from the inherited fd 4 and
    # serves.
    st, _, body = srv.get("/victim")
    assert (st, body) == (200, str(pid).encode())


# --------------------------------------------------------------------------
# 4. what a daemon process is: credentials, environment, descriptors
# --------------------------------------------------------------------------

CLEAN_CONFIG = """
WSGIDaemonProcess clean user=%s processes=2 threads=2 display-name=%%{GROUP}
WSGIDaemonProcess other user=%s processes=1 threads=1
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=clean application-group=%%{GLOBAL}
WSGIScriptAlias /osenv @APPS@/osenv.wsgi process-group=clean application-group=%%{GLOBAL}
WSGIScriptAlias /privs @APPS@/privs.wsgi process-group=clean application-group=%%{GLOBAL}
WSGIScriptAlias /other @APPS@/hello.wsgi process-group=other application-group=%%{GLOBAL}
""" % (USER_A, USER_B)


def _socket_inode(target):
    m = re.match(r"socket:\[(\d+)\]$", target)
    return int(m.group(1)) if m else None


def tcp_listen_inodes():
    inodes = set()
    for f in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(f).read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A":          # TCP_LISTEN
                inodes.add(int(cols[9]))
    return inodes


def unix_sockets():
    """inode -> (flags, path) from /proc/net/unix."""
    out = {}
    for line in open("/proc/net/unix").read().splitlines()[1:]:
        cols = line.split()
        out[int(cols[6])] = (int(cols[3], 16),
                             cols[7] if len(cols) > 7 else "")
    return out


def proc_fds(pid):
    out = {}
    d = "/proc/%d/fd" % pid
    for name in os.listdir(d):
        try:
            out[int(name)] = os.readlink(os.path.join(d, name))
        except OSError:
            pass
    return out


# What gateway-daemon is exec'd with (parent/gw_spawn.c: gw_spawn_exec),
# and what the application's os.environ keeps of it (the daemon unsets
# LISTEN_FDS/LISTEN_PID once it has checked them).
DAEMON_ENV = {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LISTEN_FDS",
              "LISTEN_PID"}
APP_ENV = DAEMON_ENV - {"LISTEN_FDS", "LISTEN_PID"}


def test_daemon_process_credentials_environment_and_descriptors(httpd):
    vhost_port = free_port()
    vhost_log = "@ROOT@/vhost-error.log"
    srv = httpd(CLEAN_CONFIG + """
Listen 127.0.0.1:%d
<VirtualHost 127.0.0.1:%d>
    ServerName vhost.example
    ErrorLog %s
</VirtualHost>
""" % (vhost_port, vhost_port, vhost_log))
    vhost_log = srv.subst(vhost_log)
    for _ in range(4):
        srv.wait_ok("/hello")
    srv.wait_ok("/other")
    pids = srv.wait_daemon_pids(USER_A, 2)
    assert len(pids) == 2, pids
    other_pids = srv.wait_daemon_pids(USER_B, 1)
    assert len(other_pids) == 1, other_pids
    uid, gid = uid_of(USER_A), gid_of(USER_A)
    www_gid = gid_of(APACHE_USER)
    own_groups = set(os.getgrouplist(USER_A, gid))
    secret = read_secret(srv, "clean")
    gw_socks = [p for p in srv.sockets()
                if os.path.basename(p).startswith("gw")]
    assert len(gw_socks) == 2, gw_socks
    listeners = tcp_listen_inodes()
    unix = unix_sockets()
    unix_listening = {ino for ino, (flags, _) in unix.items()
                      if flags & 0x10000}           # __SO_ACCEPTCON

    # Positive control for the listener comparison: the Apache parent does
    # hold its TCP listener.
    parent_inodes = {_socket_inode(t) for t in proc_fds(srv.pid).values()}
    assert parent_inodes & listeners, "Apache's listener not found"

    def group_socket_of(pid):
        ino = _socket_inode(proc_fds(pid).get(3, ""))
        assert ino is not None, proc_fds(pid)
        flags, bound = unix.get(ino, (0, None))
        assert flags & 0x10000 and bound in gw_socks, (pid, ino, flags,
                                                        bound)
        return bound

    other_sock = group_socket_of(other_pids[0])
    # Positive control for the descriptor check: the Apache parent holds
    # the virtual host's own error log open.
    assert os.path.realpath(vhost_log) in {
        os.path.realpath(t) for t in proc_fds(srv.pid).values()}, \
        proc_fds(srv.pid)
    pw = pwd.getpwnam(USER_A)
    for pid in pids:
        st = proc_status(pid)
        assert st["NoNewPrivs"] == "1", pid
        assert [int(x) for x in st["Uid"].split()] == [uid] * 4
        assert [int(x) for x in st["Gid"].split()] == [gid] * 4
        groups = {int(x) for x in st["Groups"].split()}
        assert 0 not in groups and www_gid not in groups, groups
        assert groups == own_groups, (groups, own_groups)
        for cap in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
            assert int(st[cap], 16) == 0, (pid, cap, st[cap])

        env = [e.decode("latin-1") for e in proc_environ(pid) if e]
        assert not [e for e in env if e.startswith(("APACHE", "GWTEST"))], env
        assert not [e for e in env if secret in e]
        # Exactly the variables gw_spawn.c sets, nothing inherited.
        envd = dict(e.split("=", 1) for e in env)
        assert set(envd) == DAEMON_ENV, sorted(envd)
        assert (envd["USER"], envd["LOGNAME"], envd["HOME"]) == \
            (USER_A, USER_A, pw.pw_dir), envd
        assert (envd["LISTEN_FDS"], envd["LISTEN_PID"]) == ("1", str(pid))

        cmd = open("/proc/%d/cmdline" % pid, "rb").read()
        assert cmd == b"(wsgi:clean)\0", cmd
        assert secret.encode() not in cmd

        fds = proc_fds(pid)
        assert fds.get(0) == "/dev/null", fds
        # fd 1 and 2: one pipe to gateway-logger, never the error log
        # itself (test_security_logs.py checks who reads it).
        assert fds.get(1, "").startswith("pipe:[") and fds[1] == fds[2], fds
        assert os.path.realpath(srv.log_path) not in {
            os.path.realpath(t) for t in fds.values()}, (pid, fds)
        # fd 3: this group's listening socket, not the other group's.
        assert group_socket_of(pid) != other_sock
        # fd 4 (the delegation memfd) is closed once read; the workers'
        # epoll sets may have taken the number since.
        assert fds.get(4, "anon_inode:[eventpoll]") == \
            "anon_inode:[eventpoll]", fds
        # Not the virtual host's error log (nor any other log).
        assert os.path.realpath(vhost_log) not in {
            os.path.realpath(t) for t in fds.values()}, (pid, fds)
        assert not [t for t in fds.values() if "gateway-delegation" in t]
        for fd, target in fds.items():
            if fd <= 3:
                continue
            ino = _socket_inode(target)
            # No listener of any kind besides fd 3: not Apache's TCP
            # listener, not another group's socket.
            assert ino is None or ino not in listeners, \
                "daemon %d holds a TCP listener on fd %d" % (pid, fd)
            assert ino is None or ino not in unix_listening, \
                "daemon %d holds a listening UNIX socket on fd %d (%s)" % (
                    pid, fd, unix.get(ino))
            if target.startswith(srv.root + "/"):
                assert target.endswith(".wsgi"), (pid, fd, target)

    # What the application itself sees in os.environ.
    st, _, body = srv.get("/osenv")
    assert st == 200
    osenv = json.loads(body)
    bad = [k for k in osenv
           if k.startswith(("APACHE", "GWTEST", "GATEWAY_", "LISTEN_"))]
    assert bad == [], bad
    assert set(osenv) == APP_ENV, sorted(osenv)
    assert not [k for k, v in osenv.items() if secret in v]


def test_daemon_initial_environment_holds_no_gateway_settings(httpd):
    """/proc/PID/environ shows the environment block the process was
    exec'd with; unsetenv() only edits the C environ array, not that
    block.  (Readable by the daemon's own uid and root only.)"""
    srv = httpd(CLEAN_CONFIG)
    srv.wait_ok("/hello")
    pids = srv.wait_daemon_pids(USER_A, 2)
    assert pids
    for pid in pids:
        env = [e.decode("latin-1") for e in proc_environ(pid) if e]
        assert not [e for e in env if e.startswith("GATEWAY_")], env


def test_app_cannot_regain_root(httpd):
    srv = httpd(CLEAN_CONFIG)
    st, _, body = srv.get("/privs")
    assert st == 200, body[:2000]
    r = json.loads(body)
    for attempt in ("setuid0", "seteuid0", "setresuid0", "setgid0",
                    "setgroups0"):
        assert r[attempt] == "PermissionError %d" % errno.EPERM, r
    assert (r["uid"], r["euid"]) == (uid_of(USER_A), uid_of(USER_A))
    assert (r["gid"], r["egid"]) == (gid_of(USER_A), gid_of(USER_A))


def test_setuid_binary_gives_app_no_privileges(httpd):
    """PR_SET_NO_NEW_PRIVS: a set-uid-root program the app runs keeps the
    app's uid.  The binary lives in a directory only gwtest-a's group can
    enter and is removed at the end."""
    srv = httpd(CLEAN_CONFIG)
    d = os.path.join(srv.root, "suid")
    os.mkdir(d)
    os.chown(d, 0, gid_of(USER_A))
    os.chmod(d, 0o750)
    prog = os.path.join(d, "show-euid")
    try:
        shutil.copyfile("/usr/bin/python3", prog + ".bin")
        # A set-uid interpreter that prints its effective uid.
        os.rename(prog + ".bin", prog)
        os.chmod(prog, 0o4755)
        script = "import os; print(os.geteuid())"
        # Positive control: outside the daemon (no NO_NEW_PRIVS) the same
        # user does get euid 0 from it.
        rc, out = run_as(USER_A, [prog, "-c", script])
        assert (rc, out) == (0, "0"), (rc, out)
        wrapper = os.path.join(d, "show-euid.sh")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec %s -c '%s'\n" % (prog, script))
        os.chmod(wrapper, 0o755)
        st, _, body = srv.get("/privs?exec=" + wrapper)
        assert st == 200, body[:2000]
        r = json.loads(body)
        assert r["exec_rc"] == 0, r
        assert r["exec"] == str(uid_of(USER_A)), r
    finally:
        shutil.rmtree(d, ignore_errors=True)


# --------------------------------------------------------------------------
# 5. Apache's TLS private key is not in any daemon's memory
# --------------------------------------------------------------------------

def der_items(data, i=0):
    """Top-level DER items of data: list of (tag, content)."""
    out = []
    while i < len(data):
        tag = data[i]
        n = data[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[i:i + k], "big")
            i += k
        out.append((tag, data[i:i + n]))
        i += n
    return out


def rsa_private_numbers(der):
    """(n, d, p, q) as big-endian bytes from PKCS#1 or PKCS#8 DER."""
    (tag, body), = der_items(der)
    assert tag == 0x30
    items = der_items(body)
    if len(items) == 3 and items[1][0] == 0x30 and items[2][0] == 0x04:
        (tag, body), = der_items(items[2][1])      # PKCS#8 -> PKCS#1
        items = der_items(body)
    ints = [c.lstrip(b"\0") for t, c in items if t == 0x02]
    assert len(ints) >= 6, len(ints)
    _version, n, _e, d, p, q = ints[:6]
    return n, d, p, q


def readable_regions(pid):
    out = []
    for line in open("/proc/%d/maps" % pid):
        cols = line.split()
        lo, hi = (int(x, 16) for x in cols[0].split("-"))
        name = cols[5] if len(cols) > 5 else ""
        if cols[1][0] != "r" or name in ("[vvar]", "[vsyscall]",
                                         "[vvar_vclock]"):
            continue
        out.append((lo, hi, name))
    return out


def memory_contains(pid, needles):
    """Which needles occur in any readable mapping of pid.  Unreadable
    regions are skipped; returns (found needles, bytes scanned)."""
    found, scanned = set(), 0
    overlap = max(len(n) for n in needles) - 1
    with open("/proc/%d/mem" % pid, "rb", buffering=0) as mem:
        for lo, hi, _name in readable_regions(pid):
            addr, tail = lo, b""
            while addr < hi:
                size = min(hi - addr, 8 << 20)
                try:
                    mem.seek(addr)
                    chunk = mem.read(size)
                except (OSError, ValueError, OverflowError):
                    break
                if not chunk:
                    break
                data = tail + chunk
                scanned += len(chunk)
                for n in needles:
                    if n not in found and n in data:
                        found.add(n)
                tail = data[-overlap:]
                addr += len(chunk)
    return found, scanned


@plain_daemon_only
def test_tls_private_key_not_in_daemon_memory(httpd):
    if not shutil.which("openssl"):
        pytest.skip("openssl command not installed")
    ssl_so = os.path.join(APACHE_MODULES, "mod_ssl.so")
    shm_so = os.path.join(APACHE_MODULES, "mod_socache_shmcb.so")
    if not (os.path.exists(ssl_so) and os.path.exists(shm_so)):
        pytest.skip("mod_ssl / mod_socache_shmcb not installed")
    tls_port = free_port()
    srv = httpd("""
LoadModule socache_shmcb_module %s
LoadModule ssl_module %s
Listen 127.0.0.1:%d https
SSLSessionCache shmcb:@ROOT@/run/ssl_scache(512000)
<VirtualHost 127.0.0.1:%d>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile @ROOT@/tls/cert.pem
    SSLCertificateKeyFile @ROOT@/tls/key.pem
</VirtualHost>
%s
""" % (shm_so, ssl_so, tls_port, tls_port, ONE_GROUP), start=False)
    tls = os.path.join(srv.root, "tls")
    os.mkdir(tls, 0o700)
    key, cert = os.path.join(tls, "key.pem"), os.path.join(tls, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", key, "-out", cert, "-subj",
                    "/CN=localhost", "-days", "1"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    der = subprocess.run(["openssl", "rsa", "-in", key, "-outform", "DER"],
                         check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout
    srv.allow_log(r"AH01909")  # self-signed cert's name: a warning only
    srv.start()
    srv.wait_ok("/hello")
    # TLS works, so the key is loaded and in use.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", tls_port), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname="localhost") as t:
            assert t.version()

    n, d, p, q = rsa_private_numbers(der)
    # Distinctive 64-byte slices of the secret numbers: as in the DER
    # (big-endian) and byte-reversed, as OpenSSL's BIGNUM limbs hold them
    # on a little-endian machine.
    needles = {}
    for name, num in (("d", d), ("p", p), ("q", q)):
        needles[name + "-be"] = num[32:96]
        needles[name + "-le"] = num[::-1][32:96]
    # the PEM file's text, as read from disk
    pem_lines = [l for l in open(key).read().splitlines()
                 if l and not l.startswith("-----")]
    needles["pem"] = pem_lines[5].encode()
    by_bytes = {v: k for k, v in needles.items()}

    found, scanned = memory_contains(srv.pid, list(by_bytes))
    print("parent %d: %d bytes scanned, found %s" % (
        srv.pid, scanned, sorted(by_bytes[f] for f in found)))
    assert found, ("positive control failed: none of %s found in the "
                   "Apache parent's memory (%d bytes scanned)"
                   % (sorted(needles), scanned))
    pids = srv.daemon_pids(USER_A)
    assert pids
    for pid in pids:
        found_d, scanned_d = memory_contains(pid, list(by_bytes))
        print("daemon %d: %d bytes scanned" % (pid, scanned_d))
        assert scanned_d > 1 << 20, scanned_d
        assert not found_d, "daemon %d holds %s of the TLS key" % (
            pid, sorted(by_bytes[f] for f in found_d))


# --------------------------------------------------------------------------
# 6. request hygiene: what a client cannot make the application believe
# --------------------------------------------------------------------------

HYGIENE_CONFIG = """
WSGIDaemonProcess hy user=%s processes=1 threads=2
WSGIScriptAlias /env @APPS@/environ.wsgi process-group=hy application-group=%%{GLOBAL}
""" % USER_A


def get_environ(srv, headers):
    conn = srv.connection()
    try:
        conn.putrequest("GET", "/env/x", skip_accept_encoding=True)
        for k, v in headers:
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200, body[:2000]
    finally:
        conn.close()
    return json.loads(body)


def test_request_headers_cannot_forge_environ(httpd):
    srv = httpd(HYGIENE_CONFIG)
    env = get_environ(srv, [
        ("Proxy", "http://evil.example:3128"),            # httpoxy
        ("X_Forwarded_For", "1.2.3.4"),                   # underscore
        ("X-Forwarded-For", "5.6.7.8"),                   # no trusted proxy
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "evil.example"),
        ("Https", "on"),
        ("Gateway.Script", "/tmp/evil.wsgi"),             # dotted name
        ("Remote-Addr", "9.9.9.9"),
    ])
    keys = env["__keys__"]
    assert "HTTP_PROXY" not in keys
    assert "http_proxy" not in keys
    # The underscore spelling is dropped; the dash spelling passes as a
    # plain header and changes nothing else.
    assert env.get("HTTP_X_FORWARDED_FOR") == "5.6.7.8"
    assert not [k for k, v in env.items()
                if isinstance(v, str) and "1.2.3.4" in v]
    assert env["REMOTE_ADDR"] == "127.0.0.1"
    assert env["wsgi.url_scheme"] == "http"
    assert "HTTPS" not in keys
    assert env["HTTP_HOST"].startswith("127.0.0.1")
    assert env["SERVER_NAME"] == "127.0.0.1"
    # (GATEWAY_INTERFACE=CGI/1.1 is the standard CGI variable)
    assert not [k for k in keys
                if k.startswith(("gateway.", "HTTP_GATEWAY"))], keys
    assert not [k for k, v in env.items()
                if isinstance(v, str) and "/tmp/evil.wsgi" in v]
    srv.allow_log(r"AH02429|Not exporting header")


# --------------------------------------------------------------------------
# 7. response hygiene: what an application cannot make the client see
# --------------------------------------------------------------------------

RESPONSE_CONFIG = """
WSGIDaemonProcess ra user=%s processes=1 threads=2
WSGIDaemonProcess rb user=%s processes=1 threads=2
WSGIScriptAlias /bad @APPS@/badresponse.wsgi process-group=ra application-group=%%{GLOBAL}
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=rb application-group=%%{GLOBAL}
""" % (USER_A, USER_B)


def allow_app_failure(srv):
    """The daemon logs the application's exception with its traceback
    (GW04060/GW04061): provoked on purpose here."""
    srv.expect_log(r"GW04060: the application raised an exception")
    srv.allow_log(r"GW0406[01]")


def test_response_header_injection_gives_500(httpd):
    srv = httpd(RESPONSE_CONFIG)
    st, hd, body = srv.get("/bad?mode=crlf")
    assert st == 500
    assert hd.get_all("Set-Cookie") is None
    assert "X-Note" not in hd
    assert b"injected" not in body
    srv.expect_log(r"GW01010: application in daemon group 'ra' .*failed: "
                   r"ValueError: invalid value")
    allow_app_failure(srv)


# "trailer": the daemon and the Apache child check one list
# (proto/gw_proto.c: gw_is_hop_by_hop); the daemon's own once lacked
# Trailer, so start_response let it pass and the client got a 502 from
# the Apache child instead of the application getting the ValueError.
@pytest.mark.parametrize("mode,header", [("te", "Transfer-Encoding"),
                                         ("conn", "Connection"),
                                         ("trailer", "Trailer")])
def test_hop_by_hop_response_header_gives_500(httpd, mode, header):
    srv = httpd(RESPONSE_CONFIG)
    st, hd, body = srv.get("/bad?mode=" + mode)
    assert st == 500
    assert b"hello" not in body and b"conn" not in body
    assert b"trailer" not in body
    srv.expect_log(r"GW01010: application in daemon group 'ra' .*failed: "
                   r"ValueError: hop-by-hop response header '%s'" % header)
    allow_app_failure(srv)


def read_http_stream(sock, timeout=20):
    """Everything the server sends until it closes (or `timeout`)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def parse_responses(data):
    """Splits a byte stream into HTTP/1.1 responses as a client would
    (Content-Length or chunked framing).  Returns a list of dicts; the last
    one may be marked incomplete."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            out.append({"garbage": data})
            break
        lines = head.split(b"\r\n")
        status = lines[0]
        headers = {}
        for l in lines[1:]:
            k, _, v = l.partition(b":")
            headers.setdefault(k.strip().lower().decode("latin-1"),
                               []).append(v.strip().decode("latin-1"))
        r = {"status": status, "headers": headers}
        if "content-length" in headers:
            n = int(headers["content-length"][0])
            r["body"], data = rest[:n], rest[n:]
            r["complete"] = len(r["body"]) == n
        elif headers.get("transfer-encoding") == ["chunked"]:
            body, complete = b"", False
            while True:
                line, sep, rest2 = rest.partition(b"\r\n")
                if not sep:
                    break
                size = int(line.split(b";")[0], 16)
                if len(rest2) < size + 2:
                    body += rest2[:size]
                    rest = b""
                    break
                body += rest2[:size]
                rest = rest2[size + 2:]
                if size == 0:
                    complete = True
                    break
            r["body"], r["complete"], data = body, complete, rest
        else:
            r["body"], r["complete"], data = rest, True, b""
        out.append(r)
        if not r["complete"]:
            break
    return out


# What badresponse.wsgi produces as body bytes in each mode.
APP_BODY = {
    "short": b"0123456789",
    "long": b"x" * 100,
    "short-stream": b"0123456789",
    "long-stream": b"0123456789" + (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        b"Content-Length: 6\r\nSet-Cookie: forged=1\r\n\r\nforged"),
}

@pytest.mark.parametrize("mode", ["short", "long", "short-stream",
                                  "long-stream"])
def test_content_length_mismatch_cannot_desync_keepalive(httpd, mode):
    """An app whose Content-Length disagrees with its body must not make
    the client read part of the next response (another app's, here: group
    rb runs as another user) as its own, nor take the app's extra bytes
    for the next response (response splitting).  Both requests are sent
    pipelined on one keep-alive connection.

    Acceptable: the first response carries only bytes the app produced
    (Apache may correct the length, or cut the connection short), and the
    response after it is /hello's, intact, or absent (connection closed)."""
    srv = httpd(RESPONSE_CONFIG)
    srv.wait_ok("/hello")
    req = ("GET /bad?mode=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
           "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
           "\r\n" % mode).encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(req)
        data = read_http_stream(s)
    resps = parse_responses(data)
    print("mode %s: %d bytes, responses: %r" % (mode, len(data), resps))
    assert resps and "status" in resps[0], data[:500]
    for r in resps:
        assert "garbage" not in r, resps
    first, rest = resps[0], resps[1:]
    if first["status"].startswith(b"HTTP/1.1 200"):
        # Only the app's own bytes, never the next response's.
        assert APP_BODY[mode].startswith(first["body"]), resps
    # At most one more response, and it is the real answer to /hello: the
    # app's extra bytes were not taken for a response.
    assert len(rest) <= 1, resps
    if rest:
        second = rest[0]
        assert second["status"].startswith(b"HTTP/1.1 200"), resps
        assert second["body"] == b"Hello World!", resps
        assert "set-cookie" not in second["headers"], resps
    # How the module says it cut or refused the response (GW01025-27).
    srv.allow_log(r"GW0102[567]|GW0406[01]|GW01010|GW01012|GW0502[01]")


def test_conflicting_content_lengths_never_reach_the_client(httpd):
    srv = httpd(RESPONSE_CONFIG)
    conn = srv.connection()
    try:
        conn.request("GET", "/bad?mode=dup-cl")
        resp = conn.getresponse()
        body = resp.read()
        lengths = resp.headers.get_all("Content-Length") or []
    finally:
        conn.close()
    # One length at most, and the body agrees with it (here: the app's
    # body streams, so Apache cannot fix the length up afterwards).
    assert len(lengths) <= 1, lengths
    if lengths:
        assert int(lengths[0]) == len(body), (lengths, body[:300])
    if resp.status == 200:
        assert body == b"fine", body[:300]
    srv.allow_log(r"GW01025|GW0406[01]|GW01010")


RAW_CONFIG = """
WSGIDaemonProcess raw user=%s processes=1 threads=1
WSGIScriptAlias /raw @APPS@/rawframes.wsgi process-group=raw application-group=%%{GLOBAL}
""" % USER_B


@pytest.mark.parametrize("mode,logged", [
    ("crlf", r"GW01003: daemon process \d+ of group 'raw' sent invalid "
             r"response headers"),
    ("te", r"GW01004: application of group 'raw' sent hop-by-hop header "
           r"'Transfer-Encoding'")])
def test_apache_child_rejects_forged_frames_from_a_compromised_daemon(
        httpd, mode, logged):
    """Code in the daemon can bypass start_response and write frames to
    the Apache child directly; the child validates them again."""
    srv = httpd(RAW_CONFIG)
    st, hd, body = srv.get("/raw?mode=" + mode)
    assert st == 502, (st, body[:500])
    assert hd.get_all("Set-Cookie") is None
    assert "X-Note" not in hd
    assert b"forged" not in body
    srv.expect_log(logged)
    srv.allow_log(r"GW0502[01]|GW04060|GW04061")


# --------------------------------------------------------------------------
# 8. Apache's processes never embed Python: only gateway-daemon does
# --------------------------------------------------------------------------

def _mapped_files(pid):
    out = set()
    for line in open("/proc/%d/maps" % pid):
        cols = line.split(None, 5)
        if len(cols) == 6 and cols[5].startswith("/"):
            out.add(cols[5].strip())
    return out


def test_mod_gateway_does_not_link_or_load_libpython(httpd):
    """mod_gateway.so has no libpython among its DT_NEEDED entries, and
    neither the Apache parent nor any Apache child has libpython mapped
    while requests are served; the daemon does (positive control)."""
    if REFERENCE:
        pytest.skip("about mod_gateway's build, not the reference module")
    readelf = shutil.which("readelf")
    if readelf:
        out = subprocess.run([readelf, "-d", MODULE_SO], check=True,
                             stdout=subprocess.PIPE,
                             universal_newlines=True).stdout
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                            out)
        assert needed, out                 # libc at least
        assert not [n for n in needed if "python" in n.lower()], needed
    srv = httpd(ONE_GROUP)
    for _ in range(3):
        srv.wait_ok("/hello")
    children = [p for p in [srv.pid] + descendants(srv.pid)
                if proc_exe(p) == os.path.realpath(APACHE)]
    www = [p for p in children if proc_status(p)["Uid"].split()[0]
           == str(uid_of(APACHE_USER))]
    assert www, children                    # the children serving /hello
    so = os.path.realpath(MODULE_SO)
    for pid in children:
        maps = _mapped_files(pid)
        assert so in maps, (pid, sorted(maps))   # the module is loaded
        assert not [m for m in maps if "libpython" in m], (pid, sorted(maps))
    daemons = srv.daemon_pids(USER_A)
    assert daemons
    for pid in daemons:
        assert [m for m in _mapped_files(pid) if "libpython" in m], pid
