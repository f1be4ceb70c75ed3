"""gateway-ctl, the developer's control point (docs/deployment.md): who
may control a daemon group is the configuration's choice
(WSGIDaemonProcess control-group=, module/gw_options.c), checked by the
control process the Apache parent runs (parent/gw_control_*.c) from the
peer's credentials; the tests run the real command as real users."""

import grp
import json
import os
import pwd
import re
import socket
import stat
import subprocess
import threading
import time
import urllib.parse

import pytest

from conftest import (APACHE, APACHE_USER, REPO, USER_A, USER_B, USER_C,
                      _run, descendants, ensure_test_users, poll)

# The developers' group of the tests, and a developer in it (as a
# supplementary group, as `usermod -aG` makes one) who is neither a
# group's user nor Apache's.
DEPLOY_GROUP = "gwtest-deploy"
DEV_USER = "gwtest-dev"


def ensure_control_users():
    ensure_test_users()
    try:
        grp.getgrnam(DEPLOY_GROUP)
    except KeyError:
        _run(["groupadd", "--system", DEPLOY_GROUP])
    try:
        pwd.getpwnam(DEV_USER)
    except KeyError:
        _run(["useradd", "--system", "--user-group", "--no-create-home",
              "--shell", "/usr/sbin/nologin", DEV_USER])
    if DEV_USER not in grp.getgrnam(DEPLOY_GROUP).gr_mem:
        _run(["usermod", "-aG", DEPLOY_GROUP, DEV_USER])


@pytest.fixture(scope="module")
def control_users(test_users):
    ensure_control_users()
    return {"dev": pwd.getpwnam(DEV_USER),
            "deploy_gid": grp.getgrnam(DEPLOY_GROUP).gr_gid}


# ---- configuration ---------------------------------------------------------

def test_control_group_must_exist(httpd, control_users):
    srv = httpd("WSGIDaemonProcess shop user=%s control-group=gwtest-nosuch\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=shop\n"
                % USER_A, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert ("GW00125: WSGIDaemonProcess shop: control-group=gwtest-nosuch "
            "does not exist") in out, out
    # By name or by #gid, an existing group is taken.
    for value in (DEPLOY_GROUP, "#%d" % control_users["deploy_gid"]):
        srv.write_config("WSGIDaemonProcess shop user=%s control-group=%s\n"
                         "WSGIScriptAlias /hello @APPS@/hello.wsgi "
                         "process-group=shop\n" % (USER_A, value))
        rc, out = srv.configtest()
        assert rc == 0, (value, out)


def test_a_gid_that_is_not_a_number_is_no_group(httpd, control_users):
    srv = httpd("WSGIDaemonProcess shop user=%s control-group=#0x\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=shop\n"
                % USER_A, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00125: WSGIDaemonProcess shop: control-group=#0x" in out, out


def test_a_controlled_group_needs_a_name_a_request_can_carry(httpd,
                                                             control_users):
    srv = httpd('WSGIDaemonProcess "my shop" user=%s control-group=%s\n'
                % (USER_A, DEPLOY_GROUP), start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert ("GW00126: WSGIDaemonProcess my shop: control-group= needs a "
            "group name gateway-ctl can name") in out, out
    # The same name without control-group= is a valid configuration.
    srv.write_config('WSGIDaemonProcess "my shop" user=%s\n' % USER_A)
    rc, out = srv.configtest()
    assert rc == 0, out


# ---- the command -----------------------------------------------------------

CTL = os.path.join(REPO, "gateway-ctl")
GROUP = "shop"
CONFIG = """
WSGIDaemonProcess %(g)s user=%(a)s processes=2 threads=3 control-group=%(d)s
WSGIDaemonProcess other user=%(b)s processes=1 threads=2
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /other @APPS@/pid.wsgi process-group=other application-group=%%{GLOBAL}
WSGIScriptAlias /log @APPS@/logerrors.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /otherlog @APPS@/logerrors.wsgi process-group=other application-group=%%{GLOBAL}
""" % {"g": GROUP, "a": USER_A, "b": USER_B, "d": DEPLOY_GROUP}


def ctl_socket(srv):
    return os.path.join(srv.run_dir, "gw.control.sock")


def ctl(srv, user, *args, timeout=60):
    """gateway-ctl run as `user` (None: root), with the user's own groups
    as a login gives them: (exit status, stdout, stderr)."""
    kw = {}
    if user is not None:
        pw = pwd.getpwnam(user)
        kw = {"user": pw.pw_uid, "group": pw.pw_gid,
              "extra_groups": os.getgrouplist(user, pw.pw_gid)}
    r = subprocess.run([CTL, "--socket", ctl_socket(srv)] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=timeout, **kw)
    return r.returncode, r.stdout, r.stderr




def status_json(srv, user=DEV_USER, group=GROUP):
    rc, out, err = ctl(srv, user, "status", group, "--json")
    assert rc == 0, (rc, out, err)
    [g] = json.loads(out)["groups"]
    return g


def pids_of(g):
    return sorted(s["pid"] for s in g["slots"])


def wait_running(srv, group=GROUP):
    """Every slot of the group runs a process that takes requests."""
    g = poll(lambda: (lambda d: d if all(s["state"] == "running"
                                         for s in d["slots"]) else None)(
        status_json(srv, None, group)), 15, interval=0.1)
    assert g, status_json(srv, None, group)
    return g


def wait_old(srv, group=GROUP):
    """Until every process of the group is over 5 s old: gateway-ctl
    restart asks younger ones only once they are (a deferral tested on
    its own)."""
    g = wait_running(srv, group)
    youngest = min(s["uptime_ms"] for s in g["slots"])
    time.sleep(max(0, 5.3 - youngest / 1000))
    return g


def test_the_socket_is_open_to_all_and_made_only_when_wanted(httpd,
                                                             control_users):
    srv = httpd(CONFIG)
    st = os.lstat(ctl_socket(srv))
    assert stat.S_ISSOCK(st.st_mode) and st.st_uid == 0
    assert stat.S_IMODE(st.st_mode) == 0o666
    srv.stop()
    assert not os.path.exists(ctl_socket(srv))
    # No group with control-group=: no socket, nothing listening.
    srv2 = httpd(CONFIG.replace(" control-group=%s" % DEPLOY_GROUP, ""))
    srv2.wait_ok("/pid")
    assert not os.path.exists(ctl_socket(srv2))
    rc, out, err = ctl(srv2, None, "status")
    assert rc == 3 and "cannot connect" in err, (rc, out, err)


def test_a_member_sees_its_group_as_a_table_and_as_json(httpd,
                                                        control_users):
    srv = httpd(CONFIG)
    g = wait_running(srv)
    srv.wait_ok("/pid")
    rc, out, err = ctl(srv, DEV_USER, "status")
    assert rc == 0 and err == "", (rc, out, err)
    assert out.startswith("group shop: user %s, 2 process(es) x 3 "
                          "thread(s), control-group %s;"
                          % (USER_A, DEPLOY_GROUP)), out
    assert "other" not in out                 # not the caller's to see
    for pid in srv.daemon_pids(USER_A):
        assert re.search(r"^  \d +%d +running " % pid, out, re.M), out
    # --json: every slot with the status page's names and the real pids.
    rc, out, err = ctl(srv, DEV_USER, "status", "--json")
    assert rc == 0, (rc, out, err)
    doc = json.loads(out)
    assert [x["name"] for x in doc["groups"]] == [GROUP]
    g = doc["groups"][0]
    assert (g["user"], g["processes"], g["threads"], g["control"]) == \
        (USER_A, 2, 3, DEPLOY_GROUP)
    assert pids_of(g) == srv.daemon_pids(USER_A)
    for s in g["slots"]:
        assert s["state"] == "running" and s["last_exit"] is None
        assert s["busy"] == 0 and s["idle"] == 3
        assert abs(s["started"] - time.time()) < 600
        with open("/proc/%d/statm" % s["pid"]) as f:
            resident = int(f.read().split()[1]) * os.sysconf("SC_PAGESIZE")
        assert abs(s["rss_bytes"] - resident) < 8 << 20
    assert sum(s["requests"] for s in g["slots"]) >= 1
    # Root may control every group, one without control-group= too.
    rc, out, err = ctl(srv, None, "status", "--json")
    assert rc == 0, (rc, out, err)
    assert sorted(x["name"] for x in json.loads(out)["groups"]) == \
        ["other", GROUP]
    assert pids_of(status_json(srv, None, "other")) == \
        srv.daemon_pids(USER_B)


def test_restart_replaces_every_process_and_loses_no_request(
        httpd, control_users):
    srv = httpd(CONFIG)
    old = pids_of(wait_old(srv))
    # A request in flight through the restart, and a stream of others.
    slow = {}

    def slow_request():
        st, hd, body = srv.get("/sleep?before=3")
        slow.update(status=st, pid=int(hd["X-Pid"]), body=body)
    t = threading.Thread(target=slow_request)
    t.start()
    assert poll(lambda: any(s["busy"] for s in
                            status_json(srv)["slots"]), 5, interval=0.05)
    stop = threading.Event()
    answers = []

    def stream():
        while not stop.is_set():
            answers.append(srv.get("/pid")[:3:2])
    s = threading.Thread(target=stream)
    s.start()
    try:
        t0 = time.monotonic()
        rc, out, err = ctl(srv, DEV_USER, "restart", GROUP, "--wait")
        took = time.monotonic() - t0
    finally:
        stop.set()
        s.join(30)
        t.join(30)
    assert rc == 0, (rc, out, err)
    for pid in old:
        assert re.search(r"pid %d finishes its requests" % pid, out), out
    new = pids_of(status_json(srv))
    assert not set(new) & set(old) and len(new) == 2, (old, new)
    assert new == srv.wait_daemon_pids(USER_A, 2, exclude=old)
    assert ("every process is new and takes requests" in out
            and took < 30), (out, took)
    # The request in flight finished in its old process; none was lost.
    assert slow == {"status": 200, "pid": slow["pid"],
                    "body": b"first\nsecond\n"} and slow["pid"] in old
    assert answers and all(a == (200, a[1]) for a in answers), answers
    assert {int(b) for _, b in answers} <= set(old) | set(new)
    srv.expect_log(r"GW02185: gateway-ctl: uid %d \(%s, pid \d+\) "
                   r"restarts group 'shop': 2 process\(es\) asked"
                   % (control_users["dev"].pw_uid, DEV_USER))
    for pid in old:
        srv.expect_log(r"\[pid %d:tid \d+\] \[group shop\] GW03018: "
                       r"restarting on SIGUSR1" % pid)
        srv.expect_log(r"\[gateway:notice\] .*GW02002: daemon process %d of "
                       r"group 'shop' exited with status 116" % pid)
    assert all(s["early_deaths"] == 0 for s in status_json(srv)["slots"])


def test_a_young_process_is_restarted_once_5_s_old(httpd, control_users):
    srv = httpd(CONFIG)
    g = wait_running(srv)
    old = pids_of(g)
    assert all(s["uptime_ms"] < 4000 for s in g["slots"]), g
    rc, out, err = ctl(srv, DEV_USER, "restart", GROUP, "--json")
    assert rc == 0, (rc, out, err)
    asked = json.loads(out)["processes"]
    assert sorted(p["pid"] for p in asked) == old
    assert {p["action"] for p in asked} == {"deferred"}, asked
    # Not before it is 5 s old: its exit is then no early death.
    time.sleep(max(0, 4.5 - max(s["uptime_ms"] for s in g["slots"]) / 1000))
    assert srv.daemon_pids(USER_A) == old
    g = poll(lambda: (lambda d: d if not set(pids_of(d)) & set(old)
                      and all(s["state"] == "running" for s in d["slots"])
                      else None)(status_json(srv)), 15, interval=0.1)
    assert g, status_json(srv)
    assert all(s["early_deaths"] == 0 and "status 116" in s["last_exit"]
               for s in g["slots"]), g
    srv.expect_log(r"GW02189: gateway-ctl restart of group 'shop' by uid "
                   r"%d .*now 5 s old, is asked" % control_users["dev"].pw_uid)


@pytest.mark.parametrize("who", ["stranger", "other-app", "apache"])
def test_who_is_not_in_the_control_group_is_refused_and_nothing_happens(
        httpd, control_users, who):
    user, why = {
        "stranger": (USER_C, r"uid %d \(%s\) is not in group %s, the "
                     r"control-group= of daemon group 'shop'"
                     % (pwd.getpwnam(USER_C).pw_uid, USER_C, DEPLOY_GROUP)),
        "other-app": (USER_B, r"uid %d \(%s\) is not in group %s, the "
                      r"control-group= of daemon group 'shop'"
                      % (pwd.getpwnam(USER_B).pw_uid, USER_B, DEPLOY_GROUP)),
        "apache": (APACHE_USER, r"uid %d \(%s\) is Apache's User: every "
                   r"Apache child runs as it, and whatever code they run, so "
                   r"it controls no daemon group" % (pwd.getpwnam(
                       APACHE_USER).pw_uid, APACHE_USER)),
    }[who]
    srv = httpd(CONFIG)
    old = pids_of(wait_old(srv))
    for args in (["restart", GROUP], ["status", GROUP]):
        rc, out, err = ctl(srv, user, *args)
        assert rc == 1 and out == "", (args, rc, out, err)
        assert re.match(r"gateway-ctl: refused: %s\n\Z" % why, err), err
        srv.expect_log(r"\[gateway:warn\] .*GW02187: gateway-ctl: refused "
                       r"%s shop from uid \d+ \(%s, pid \d+\): %s"
                       % (args[0], user, why))
    rc, out, err = ctl(srv, user, "status")
    assert rc == 1 and "may control no daemon group" in err, (rc, err)
    time.sleep(1.5)                 # a restart would have begun by now
    assert srv.daemon_pids(USER_A) == old
    assert pids_of(status_json(srv)) == old
    assert "GW03018" not in srv.error_log()


def test_a_group_without_control_group_is_roots_alone(httpd,
                                                      control_users):
    srv = httpd(CONFIG)
    wait_running(srv, "other")
    rc, out, err = ctl(srv, DEV_USER, "restart", "other")
    assert rc == 1, (rc, out, err)
    assert err == ("gateway-ctl: refused: daemon group 'other' has no "
                   "control-group=: only root may control it\n"), err
    rc, out, err = ctl(srv, DEV_USER, "status", "nosuch")
    assert rc == 1 and err.startswith("gateway-ctl: no-such-group: there "
                                      "is no daemon group 'nosuch'"), err
    srv.allow_log(r"GW02187: ")


def test_the_primary_group_counts(httpd, control_users):
    """USER_C's own group as the control group: a member by its passwd
    entry, not by the group's member list."""
    srv = httpd(CONFIG + "WSGIDaemonProcess third user=%s processes=1 "
                "control-group=%s\n" % (USER_C, USER_C))
    assert USER_C not in grp.getgrnam(USER_C).gr_mem
    rc, out, err = ctl(srv, USER_C, "status", "--json")
    assert rc == 0, (rc, out, err)
    assert [g["name"] for g in json.loads(out)["groups"]] == ["third"]


def raw(srv, data):
    """Bytes sent as they are to the control socket, as root: the reply."""
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.settimeout(10)
    c.connect(ctl_socket(srv))
    if data:
        c.sendall(data)
    out = b""
    while True:
        chunk = c.recv(65536)
        if not chunk:
            break
        out += chunk
    c.close()
    return out


MALFORMED = [
    (b"restart  shop\n", "words are separated by one space"),
    (b"status\r\n", "a request holds visible ASCII and single spaces only"),
    (b"reboot\n", "unknown command (status, restart, logs, "
                  "reload-workers, stop-worker, start-worker)"),
    (b"stop-worker shop\n", "this command needs a daemon group's name "
                            "and an attached daemon's name"),
    (b"status\nrestart shop\n", "bytes after the request's LF"),
    (b"restart " + b"x" * 300 + b"\n", "a request longer than 256 bytes"),
    (b"status", "a request is one line ending in LF"),
]


def test_a_malformed_request_is_refused_with_a_log_line(httpd,
                                                        control_users):
    srv = httpd(CONFIG)
    old = pids_of(wait_running(srv))
    for data, why in MALFORMED:
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.settimeout(10)
        c.connect(ctl_socket(srv))
        c.sendall(data)
        if not data.endswith(b"\n"):
            c.shutdown(socket.SHUT_WR)   # the end of the stream ends it
        reply = b""
        while True:
            chunk = c.recv(65536)
            if not chunk:
                break
            reply += chunk
        c.close()
        text = reply.decode()
        assert text.startswith("error code=malformed message="), (data, text)
        assert text.count("\n") == 1
        message = re.sub(r"%([0-9A-F]{2})",
                         lambda m: chr(int(m.group(1), 16)),
                         text.split("message=", 1)[1].rstrip("\n"))
        assert message.startswith(why), (data, message)
        srv.expect_log(r"\[gateway:warn\] .*GW02184: gateway-ctl: refused a "
                       r"malformed request from uid 0 \(root, pid %d\): %s"
                       % (os.getpid(), re.escape(why)))
    assert pids_of(status_json(srv)) == old == srv.daemon_pids(USER_A)


def test_slow_and_greedy_clients_are_bounded(httpd, control_users):
    """A client that sends nothing is dropped after 2 s, and while it
    hangs the control process serves everyone else at once, Apache too;
    one uid holds at most 4 connections."""
    srv = httpd(CONFIG, log_level="info")
    wait_running(srv)
    silent = []
    for _ in range(4):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.connect(ctl_socket(srv))
        silent.append(c)
    t0 = time.monotonic()
    # A fifth of root's: told busy at once, before it asks anything.
    assert raw(srv, b"").startswith(b"error code=busy "), \
        "a fifth connection of one uid is served"
    # Another user is served at once, and so are web requests.
    rc, out, err = ctl(srv, DEV_USER, "status", "--json")
    assert rc == 0, (rc, out, err)
    assert srv.get("/pid")[0] == 200
    assert time.monotonic() - t0 < 1.5
    # The silent ones are closed by the server after 2 s.
    for c in silent:
        c.settimeout(5)
        assert c.recv(100) == b""
        c.close()
    assert 1.5 < time.monotonic() - t0 < 4.5
    srv.expect_log(r"GW02190: gateway-ctl: dropped the connection of uid 0 "
                   r"\(root, pid %d\): no whole request within 2 s"
                   % os.getpid())


def control_pid(srv):
    [pid] = [p for p in descendants(srv.pid)
             if open("/proc/%d/comm" % p).read().strip() == "gw-control"]
    return pid


def test_the_control_process_holds_no_secret_and_no_listener(httpd,
                                                             control_users):
    """It is forked from the parent, which holds the groups' hand-over
    memfds (their secrets) and Apache's listeners: it keeps none, and
    neither does the parent's bell; no Apache child has their sockets."""
    srv = httpd(CONFIG)
    wait_running(srv)
    pid = control_pid(srv)
    fds = {int(f): os.readlink("/proc/%d/fd/%s" % (pid, f))
           for f in os.listdir("/proc/%d/fd" % pid)}
    assert not [t for t in fds.values() if "memfd" in t], fds
    # stdin/stdout/stderr, the error log, the control socket and its end
    # of the pair to the parent (the worker commands): no more.
    assert len([f for f in fds if f > 2]) <= 3, fds
    inodes = {t for t in fds.values() if t.startswith("socket:")}
    with open("/proc/net/tcp") as f:
        listening = {"socket:[%s]" % l.split()[9] for l in f.readlines()[1:]
                     if l.split()[3] == "0A"}
    assert not inodes & listening, fds
    # The control socket is its alone: no Apache child kept a copy.
    with open("/proc/net/unix") as f:
        [ctl_inode] = ["socket:[%s]" % l.split()[6] for l in f
                       if l.rstrip("\n").endswith(" " + ctl_socket(srv))]
    assert ctl_inode in fds.values()
    # The parent's bell (parent/gw_control_bell.h) holds the parent's end
    # of the pair and nothing else: no memfd, no listener.
    [bell] = [p for p in descendants(srv.pid)
              if open("/proc/%d/comm" % p).read().strip() == "gw-ctl-bell"]
    assert os.stat("/proc/%d" % bell).st_uid == 0
    bell_fds = {int(f): os.readlink("/proc/%d/fd/%s" % (bell, f))
                for f in os.listdir("/proc/%d/fd" % bell)}
    [bell_end] = [t for f, t in bell_fds.items() if f > 2]
    assert bell_end.startswith("socket:") and bell_end not in fds.values()
    pair = {t for f, t in fds.items() if f > 2 and t.startswith("socket:")
            and t != ctl_inode} | {bell_end}
    www = pwd.getpwnam(APACHE_USER).pw_uid
    children = [p for p in descendants(srv.pid)
                if os.stat("/proc/%d" % p).st_uid == www]
    assert children
    for p in children:
        held = {os.readlink("/proc/%d/fd/%s" % (p, f))
                for f in os.listdir("/proc/%d/fd" % p)}
        assert ctl_inode not in held and not pair & held, (p, held)


def test_the_control_process_comes_back_and_follows_a_graceful_restart(
        httpd, control_users):
    srv = httpd(CONFIG)
    wait_running(srv)
    first = control_pid(srv)
    os.kill(first, 9)
    srv.expect_log(r"GW02181: gateway-ctl's control process \(pid %d\) was "
                   r"killed by signal 9" % first)
    assert poll(lambda: ctl(srv, DEV_USER, "status")[0] == 0, 10)
    second = control_pid(srv)
    assert second != first
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    assert r.returncode == 0, r.stdout
    assert poll(lambda: second not in descendants(srv.pid)
                and ctl(srv, DEV_USER, "status")[0] == 0, 15, interval=0.2)
    assert json.loads(ctl(srv, DEV_USER, "status", "--json")[1])[
        "groups"][0]["generation"] == 2


# ---- logs --------------------------------------------------------------

def logged(srv, token, path="/log"):
    """A request that writes errors-marker-TOKEN to wsgi.errors; returns
    once the line is in the error log."""
    assert srv.get("%s?token=%s" % (path, urllib.parse.quote(token)))[0] \
        == 200
    srv.expect_log(re.escape("errors-marker-" + token))


def test_logs_shows_the_groups_lines_and_no_others(httpd, control_users):
    srv = httpd(CONFIG)
    pids = srv.wait_daemon_pids(USER_A, 2)
    logged(srv, "shop1")
    logged(srv, "other1", "/otherlog")
    # shop's application writes what would look like another group's
    # line: it stays a line of shop's.
    logged(srv, "x [group other] errors-marker-forged")
    rc, out, err = ctl(srv, DEV_USER, "logs", GROUP)
    assert rc == 0, (rc, out, err)
    lines = out.splitlines()
    assert any("[group shop]" in l and "errors-marker-shop1" in l
               for l in lines), out
    for pid in pids:                # the parent's lines about the group
        assert any("GW02004: started daemon process %d of group 'shop'"
                   % pid in l for l in lines), out
    assert "other1" not in out and "GW02183" not in out, out
    for l in lines:
        first = l.find("[group ")
        assert first < 0 or l.startswith("[group shop] ", first), l
    # Root may read other's: its own line, not shop's forgery.
    rc, out, err = ctl(srv, None, "logs", "other", "--json")
    assert rc == 0, (rc, out, err)
    texts = [json.loads(l)["line"] for l in out.splitlines()]
    assert any("errors-marker-other1" in t for t in texts), texts
    assert not any("forged" in t or "shop1" in t for t in texts), texts
    # Who may not control shop may not read its lines.
    rc, out, err = ctl(srv, USER_B, "logs", GROUP)
    assert rc == 1 and out == "" and "refused: uid" in err, (rc, out, err)
    srv.allow_log(r"GW02187: gateway-ctl: refused logs shop")


def test_logs_follow_brings_new_lines_and_ends_with_the_client(
        httpd, control_users):
    srv = httpd(CONFIG, log_level="info")
    srv.wait_daemon_pids(USER_A, 2)
    logged(srv, "before")
    pw = pwd.getpwnam(DEV_USER)
    follower = subprocess.Popen(
        [CTL, "--socket", ctl_socket(srv), "logs", GROUP, "-f"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, user=pw.pw_uid, group=pw.pw_gid,
        extra_groups=os.getgrouplist(DEV_USER, pw.pw_gid))
    seen = []
    reader = threading.Thread(target=lambda: seen.extend(follower.stdout))
    reader.start()
    try:
        assert poll(lambda: any("errors-marker-before" in l for l in seen),
                    10), seen
        logged(srv, "other2", "/otherlog")
        logged(srv, "after")
        assert poll(lambda: any("errors-marker-after" in l for l in seen),
                    10), seen
        # A truncated log (logrotate's copytruncate) is followed from its
        # new start.
        os.truncate(srv.log_path, 0)
        srv.begin_test()
        logged(srv, "truncated")
        assert poll(lambda: any("errors-marker-truncated" in l
                                for l in seen), 10), seen
        assert not any("other2" in l for l in seen), seen
        assert follower.poll() is None        # still following
    finally:
        follower.terminate()
        follower.wait(10)
        reader.join(10)
    # The control process lets go of it: DEV_USER may follow twice again,
    # not three times.
    def follow(user=DEV_USER):
        p = pwd.getpwnam(user)
        return subprocess.Popen(
            [CTL, "--socket", ctl_socket(srv), "logs", GROUP, "-f"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            universal_newlines=True, user=p.pw_uid, group=p.pw_gid,
            extra_groups=os.getgrouplist(user, p.pw_gid))
    time.sleep(1)
    two = [follow(), follow()]
    try:
        for f in two:               # the tail holds the line: it comes
            while "errors-marker-truncated" not in f.stdout.readline():
                assert f.poll() is None, f.stderr.read()
        third = follow()
        assert third.wait(10) == 1
        assert "gateway-ctl: busy: gateway-ctl is following as many logs" \
            in third.stderr.read()
        # Root still may: the bound is per uid.
        rc, out, err = ctl(srv, None, "status")
        assert rc == 0, (rc, out, err)
    finally:
        for f in two:
            f.terminate()
            f.wait(10)
