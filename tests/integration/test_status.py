"""The status page (SetHandler gateway-status, ?json, mod_status's
section) and the isolation of the segments behind it: each daemon process
writes its own counters into a segment only it and Apache can see, and
Apache survives whatever a daemon writes there (proto/gw_scoreboard.h)."""

import http.client
import json
import os
import pwd
import re
import signal
import subprocess
import threading
import time

import pytest

from conftest import (APACHE, APACHE_MODULES, APACHE_USER, USER_A, USER_B,
                      descendants, poll, proc_exe, proc_uids,
                      require_apache_modules, shared_server)

# A group name with everything HTML and JSON must escape.
GROUP = '<b>st&"x</b>'
SEG = "memfd:gateway-status"

CONFIG = """
LoadModule status_module %(m)s/mod_status.so
ExtendedStatus On
WSGIDaemonProcess %(g)s user=%(a)s processes=2 threads=3
WSGIDaemonProcess other user=%(b)s processes=1 threads=2
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /probe @APPS@/status_probe.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /other-probe @APPS@/status_probe.wsgi process-group=other application-group=%%{GLOBAL}
<Location /gateway-status>
    SetHandler gateway-status
    Require ip 127.0.0.1
</Location>
<Location /server-status>
    SetHandler server-status
    Require ip 127.0.0.1
</Location>
""" % {"m": APACHE_MODULES, "g": GROUP, "a": USER_A, "b": USER_B}


st_module, st = shared_server(
    CONFIG, "status", "st", require=lambda: require_apache_modules("status"))


def status(srv):
    code, hd, body = srv.get("/gateway-status?json")
    assert code == 200, body[:2000]
    assert hd["Content-Type"] == "application/json"
    return json.loads(body.decode("utf-8"))


def group(doc, name):
    [g] = [g for g in doc["groups"] if g["name"] == name]
    return g


def slot_of(doc, name, pid):
    [s] = [s for s in group(doc, name)["slots"] if s["pid"] == pid]
    return s


def ready(srv, other="/other-probe"):
    srv.wait_daemon_pids(USER_A, 2, timeout=10)
    srv.wait_daemon_pids(USER_B, 1, timeout=10)
    srv.wait_ok("/pid")
    srv.wait_ok(other)
    # every process has started Python and serves (a request shows only
    # that one of them does)
    assert poll(lambda: all(s["state"] == "running"
                            for g in status(srv)["groups"]
                            for s in g["slots"]), 15, interval=0.1), \
        status(srv)


def check_sane(doc):
    """What a page must hold whatever the daemons wrote."""
    for g in doc["groups"]:
        assert 0 <= g["busy"] <= g["processes"] * g["threads"]
        for s in g["slots"]:
            assert 0 <= s["busy"] <= g["threads"]
            assert s["busy"] + s["idle"] <= g["threads"]
            assert len(s["in_flight"]) == s["busy"]
            assert 0 <= s["requests"] <= 2 ** 53
            for f in s["in_flight"]:
                assert 0 <= f["thread"] < g["threads"]
                assert 0 <= f["age_ms"] <= s["uptime_ms"] + 2000


# --------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------

def test_json_lists_the_daemon_pids(st):
    ready(st)
    doc = status(st)
    assert doc["generation"] >= 1
    g = group(doc, GROUP)
    assert (g["user"], g["processes"], g["threads"]) == (USER_A, 2, 3)
    assert sorted(s["pid"] for s in g["slots"]) == st.daemon_pids(USER_A)
    assert [s["slot"] for s in g["slots"]] == [0, 1]
    o = group(doc, "other")
    assert [s["pid"] for s in o["slots"]] == st.daemon_pids(USER_B)
    for s in g["slots"] + o["slots"]:
        assert s["state"] == "running"
        assert s["counters"] == "ok" and s["rejected"] == 0
        assert s["generation"] == doc["generation"]
        assert s["last_exit"] is None
        assert s["uptime_ms"] >= 0
        assert abs(s["started"] - time.time()) < 600
    check_sane(doc)


def test_a_slow_request_shows_one_busy_thread_with_a_growing_age(st):
    ready(st)
    conn = http.client.HTTPConnection("127.0.0.1", st.port, timeout=20)
    try:
        conn.request("GET", "/sleep?after=4")
        resp = conn.getresponse()
        pid = int(resp.getheader("X-Pid"))
        first = slot_of(status(st), GROUP, pid)
        assert first["busy"] == 1 and first["idle"] == 2, first
        assert len(first["in_flight"]) == 1
        age1 = first["in_flight"][0]["age_ms"]
        time.sleep(1.2)
        doc = status(st)
        second = slot_of(doc, GROUP, pid)
        assert second["busy"] == 1
        age2 = second["in_flight"][0]["age_ms"]
        assert second["in_flight"][0]["thread"] == \
            first["in_flight"][0]["thread"]
        assert age2 >= age1 + 900, (age1, age2)
        assert second["oldest_age_ms"] == age2
        # the other process of the group is idle
        [sib] = [s for s in group(doc, GROUP)["slots"] if s["pid"] != pid]
        assert sib["busy"] == 0 and sib["idle"] == 3
        assert group(doc, GROUP)["busy"] == 1
        resp.read()
    finally:
        conn.close()
    assert poll(lambda: slot_of(status(st), GROUP, pid)["busy"] == 0, 5,
                interval=0.1)


def test_requests_served_increase(st):
    ready(st)
    before = {s["pid"]: s["requests"]
              for s in group(status(st), GROUP)["slots"]}
    served = {}
    for _ in range(12):
        code, _, body = st.get("/pid")
        assert code == 200
        served[int(body)] = served.get(int(body), 0) + 1
    after = {s["pid"]: s["requests"]
             for s in group(status(st), GROUP)["slots"]}
    assert set(after) == set(before)
    for pid in after:
        assert after[pid] - before[pid] == served.get(pid, 0), \
            (before, after, served)
    doc = status(st)
    assert group(doc, GROUP)["requests"] == sum(after.values())


def test_html_escapes_the_group_name(st):
    ready(st)
    code, hd, body = st.get("/gateway-status")
    assert code == 200
    assert hd["Content-Type"].startswith("text/html")
    text = body.decode("utf-8")
    assert "&lt;b&gt;st&amp;&quot;x&lt;/b&gt;" in text
    assert GROUP not in text and "<b>" not in text
    for pid in st.daemon_pids(USER_A):
        assert "<td>%d</td>" % pid in text
    # HEAD: the headers, no body
    code, hd, body = st.request("HEAD", "/gateway-status?json")
    assert code == 200 and body == b""
    assert hd["Content-Type"] == "application/json"
    # POST is not what this page is for
    assert st.request("POST", "/gateway-status", body=b"x")[0] == 405


def test_json_strings_are_escaped(st):
    ready(st)
    code, _, body = st.get("/gateway-status?json")
    assert code == 200
    raw = body.decode("ascii")      # nothing but ASCII in our output here
    assert GROUP not in raw         # < > & " are all escaped
    assert json.loads(raw)


def test_server_status_has_a_mod_gateway_section(st):
    ready(st)
    code, _, body = st.get("/server-status")
    assert code == 200
    text = body.decode("utf-8", "replace")
    assert "<h2>mod_gateway</h2>" in text
    assert "Group &lt;b&gt;st&amp;&quot;x&lt;/b&gt;" in text
    assert GROUP not in text
    for pid in st.daemon_pids(USER_A) + st.daemon_pids(USER_B):
        assert "<td>%d</td>" % pid in text
    code, _, body = st.get("/server-status?auto")
    assert code == 200
    lines = body.decode("utf-8", "replace").splitlines()
    assert "GatewayProcesses: 3" in lines
    assert "GatewayGroups: 2" in lines
    assert any(re.match(r"GatewayBusyThreads: \d+$", l) for l in lines)
    assert any(re.match(r"GatewayRequests: \d+$", l) for l in lines)
    assert "GatewayGroup: %s processes=2 threads=3 " % GROUP in \
        "\n".join(lines)
    # without tables
    code, _, body = st.get("/server-status?notable")
    assert code == 200 and b"<h2>mod_gateway</h2>" in body


# --------------------------------------------------------------------------
# isolation of the segments
# --------------------------------------------------------------------------

def segment_maps(pid):
    """(perms, inode) of each status segment mapping of pid."""
    out = []
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            if SEG in line:
                parts = line.split()
                out.append((parts[1], int(parts[4])))
    return out


def memfd_fds(pid):
    """{fd: (target, inode)} of pid's memfd descriptors."""
    out = {}
    d = "/proc/%d/fd" % pid
    for fd in os.listdir(d):
        try:
            target = os.readlink(os.path.join(d, fd))
            ino = os.stat(os.path.join(d, fd)).st_ino
        except OSError:
            continue
        if target.startswith("/memfd:"):
            out[int(fd)] = (target, ino)
    return out


def shared_anon_maps(pid):
    """Shared mappings of pid that could be the parent's own records
    (apr_shm: anonymous shared memory, or System V segments)."""
    out = []
    with open("/proc/%d/maps" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and ("/dev/zero" in line or "SYSV" in line
                                    or "/dev/shm/" in line):
                out.append(line.strip())
    return out


def test_each_daemon_maps_its_own_segment_only(st):
    ready(st)
    daemons = st.daemon_pids(USER_A) + st.daemon_pids(USER_B)
    assert len(daemons) == 3
    parent_fds = {fd: ino for fd, (target, ino) in memfd_fds(st.pid).items()
                  if SEG in target}
    parent_segs = set(parent_fds.values())
    assert len(parent_segs) == 3, memfd_fds(st.pid)
    # root's, mode 0600: no one reopens one through /proc/PID/fd, not even
    # a process of the same user in the moment before a daemon closes fd 5
    for fd in parent_fds:
        s = os.stat("/proc/%d/fd/%d" % (st.pid, fd))
        assert (s.st_uid, s.st_mode & 0o7777) == (0, 0o600), oct(s.st_mode)
    seen = {}
    for pid in daemons:
        maps = segment_maps(pid)
        assert len(maps) == 1, (pid, maps)
        perms, ino = maps[0]
        assert perms == "rw-s"
        assert ino in parent_segs
        assert ino not in seen, "pids %d and %d share a segment" % (
            seen.get(ino, 0), pid)
        seen[ino] = pid
        # no descriptor for it (closed before Python), nor for anything
        # else of the parent's: the hand-over is closed too
        assert memfd_fds(pid) == {}, (pid, memfd_fds(pid))
        # and none of the parent's own records (exec dropped them)
        assert shared_anon_maps(pid) == [], (pid, shared_anon_maps(pid))
    assert set(seen) == parent_segs

    # Apache children: every segment, read-only, and no descriptor.
    www = pwd.getpwnam(APACHE_USER).pw_uid
    children = [p for p in descendants(st.pid)
                if proc_exe(p) == os.path.realpath(APACHE)
                and (proc_uids(p) or [None])[0] == www]
    assert children

    def child_ok(pid):
        # (a child the MPM forks right now holds the descriptors until its
        # child_init: look again a moment later)
        try:
            maps = segment_maps(pid)
            fds = [t for t, _ in memfd_fds(pid).values() if SEG in t]
        except OSError:
            return True                  # gone meanwhile
        return ({ino for _, ino in maps} == parent_segs
                and all(perms == "r--s" for perms, _ in maps)
                and not fds) or None
    for pid in children:
        assert poll(lambda: child_ok(pid), 3, interval=0.1), \
            (pid, segment_maps(pid), memfd_fds(pid))


def test_a_daemon_cannot_open_another_segment(st):
    ready(st)
    for path in ("/probe", "/other-probe"):
        # a few tries, to hit both processes of the first group
        for _ in range(4):
            code, _, body = st.get(path + "?mode=probe")
            assert code == 200, body[:2000]
            out = json.loads(body)
            assert out["probe"]["opened"] == [], out["probe"]
            assert len(out["maps"]) == 1 and out["fds"] == [], out


# --------------------------------------------------------------------------
# a server of its own: killing and scribbling
# --------------------------------------------------------------------------

OWN_CONFIG = """
LoadModule status_module %(m)s/mod_status.so
WSGIDaemonProcess %(g)s user=%(a)s processes=2 threads=3
WSGIDaemonProcess other user=%(b)s processes=1 threads=2
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /probe @APPS@/status_probe.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /other-pid @APPS@/pid.wsgi process-group=other application-group=%%{GLOBAL}
<Location /gateway-status>
    SetHandler gateway-status
</Location>
<Location /server-status>
    SetHandler server-status
</Location>
""" % {"m": APACHE_MODULES, "g": GROUP, "a": USER_A, "b": USER_B}


def test_after_sigkill_the_new_pid_and_the_exit_cause_show(httpd):
    require_apache_modules("status")
    srv = httpd(OWN_CONFIG)
    ready(srv, "/other-pid")
    doc = status(srv)
    victim = group(doc, GROUP)["slots"][0]["pid"]
    survivor = group(doc, GROUP)["slots"][1]["pid"]
    os.kill(victim, signal.SIGKILL)

    def replaced():
        s = group(status(srv), GROUP)["slots"][0]
        return s if s["pid"] not in (None, victim) \
            and s["state"] == "running" else None
    s = poll(replaced, 10, interval=0.1)
    assert s, status(srv)
    assert s["last_exit"].startswith("was killed by signal 9 (SIGKILL)"), s
    assert s["pid"] in srv.wait_daemon_pids(USER_A, 2, exclude=(victim,))
    doc = status(srv)
    assert group(doc, GROUP)["slots"][1]["pid"] == survivor
    assert group(doc, GROUP)["slots"][1]["last_exit"] is None
    assert sorted(x["pid"] for x in group(doc, GROUP)["slots"]) == \
        srv.daemon_pids(USER_A)
    # the new process's counters start from nothing
    assert s["requests"] == 0 or s["counters"] == "ok"
    srv.expect_log(r"GW02002: daemon process %d of group '%s' was killed "
                   r"by signal 9" % (victim, re.escape(GROUP)))


def all_pages_fine(srv):
    """Every rendering of the status is a 200 of the right form; returns
    the JSON."""
    doc = status(srv)
    check_sane(doc)
    for path in ("/gateway-status", "/server-status", "/server-status?auto",
                 "/server-status?notable"):
        code, _, body = srv.get(path)
        assert code == 200, (path, body[:2000])
        assert b"mod_gateway" in body or b"Gateway" in body
    return doc


@pytest.mark.parametrize("mode", ["random", "ones", "lies", "extremes"])
def test_a_scribbling_daemon_cannot_hurt_apache(httpd, mode):
    require_apache_modules("status")
    srv = httpd(OWN_CONFIG)
    ready(srv, "/other-pid")
    parent = srv.pid
    children_before = set(descendants(parent))
    scribblers = set()
    for _ in range(3):
        code, _, body = srv.get("/probe?mode=" + mode)
        assert code == 200, body[:2000]
        out = json.loads(body)
        assert out["written"] and out["written"][0] >= 4096
        scribblers.add(out["pid"])
        doc = all_pages_fine(srv)
    for _ in range(5):               # a few more rounds of rendering
        doc = all_pages_fine(srv)
    g = group(doc, GROUP)
    for s in g["slots"]:
        if s["pid"] in scribblers:
            assert s["counters"] == "garbage" and s["rejected"] > 0, s
            assert s["busy"] <= 3
        else:
            assert s["counters"] == "ok", s
    if mode == "lies":
        # every thread claims a request of 0.1 s: plausible, so shown
        # (but for the thread that served the last scribble, which marked
        # itself idle at the end, unless the page came first), and never
        # more than threads=, however many entries the daemon wrote
        s = [s for s in g["slots"] if s["pid"] in scribblers][0]
        assert s["busy"] in (2, 3) and s["requests"] == 2 ** 53, s
    # the other group is untouched
    for s in group(doc, "other")["slots"]:
        assert s["counters"] == "ok" and s["rejected"] == 0
    # Apache is fine: same parent, no child crashed, and the app serves
    assert srv.pid == parent and os.path.exists("/proc/%d" % parent)
    assert srv.get("/pid")[0] == 200
    log = srv.error_log()
    assert "Segmentation fault" not in log and "exit signal" not in log
    assert children_before & set(descendants(parent))
    srv.expect_log(r"GW01050: daemon process (%s) of group '%s' wrote \d+ "
                   r"value\(s\) out of range" % (
                       "|".join(str(p) for p in scribblers),
                       re.escape(GROUP)))


def test_graceful_restart_shows_the_new_generation(httpd):
    require_apache_modules("status")
    srv = httpd(OWN_CONFIG)
    ready(srv, "/other-pid")
    doc = status(srv)
    gen = doc["generation"]
    old = {s["pid"] for s in group(doc, GROUP)["slots"]}
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    assert r.returncode == 0, r.stdout

    def new_generation():
        try:
            d = status(srv)
        except (OSError, http.client.HTTPException, AssertionError,
                ValueError):
            return None                  # a child being replaced
        if d["generation"] != gen + 1:
            return None
        slots = group(d, GROUP)["slots"]
        if all(s["state"] == "running" and s["pid"] not in old
               for s in slots):
            return d
        return None
    d = poll(new_generation, 15, interval=0.1)
    assert d, status(srv)
    new = sorted(s["pid"] for s in group(d, GROUP)["slots"])
    assert poll(lambda: srv.daemon_pids(USER_A) == new, 15, interval=0.1), \
        (new, srv.daemon_pids(USER_A))
    assert all(s["generation"] == gen + 1 for s in group(d, GROUP)["slots"])
    srv.wait_ok("/pid")
    check_sane(status(srv))


def test_a_process_still_starting_shows_starting(httpd):
    """A process whose Python is still importing (its WSGIImportScript
    waits here for a file) is "starting"; once its threads take requests,
    "running"."""
    srv = httpd("""
WSGIDaemonProcess gated user=%s processes=1 threads=2
WSGIImportScript @APPS@/importgate.wsgi process-group=gated application-group=%%{GLOBAL}
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=gated application-group=%%{GLOBAL}
<Location /gateway-status>
    SetHandler gateway-status
</Location>
""" % USER_A)
    [pid] = srv.wait_daemon_pids(USER_A, 1)
    s = group(status(srv), "gated")["slots"][0]
    assert (s["pid"], s["state"]) == (pid, "starting"), s
    time.sleep(1)
    s = group(status(srv), "gated")["slots"][0]
    assert (s["pid"], s["state"]) == (pid, "starting"), s
    with open(srv.app("importgate.open"), "w"):
        pass
    assert poll(lambda: group(status(srv), "gated")["slots"][0]["state"]
                == "running", 10, interval=0.05), status(srv)
    st, _, body = srv.get("/pid")
    assert (st, body) == (200, str(pid).encode())
