"""gateway-ctl's worker commands (docs/deployment.md, "The developer's
control point"): a member of the group's control-group= stops and starts
one attached process by name and has the group's worker file read again,
without sudo; gateway-ctl status shows the attached processes.  The
control process authorises each command and the Apache parent, which
runs the attached processes, carries it out (parent/gw_attach_ctl.c).
Real httpd, real users, the real command; the entries are
apps/workerfile_worker.py (test_workerfile.py), which records its starts
and stops."""

import json
import os
import pwd
import re
import signal
import time

import pytest

from conftest import APACHE_USER, USER_A, USER_B, USER_C, proc_alive, \
    proc_status
from test_control import DEPLOY_GROUP, DEV_USER, control_users, ctl  # noqa
from test_workerfile import RUNNER, REFERENCE, WORKER, pid_of, prepare, \
    procfile_path, records, starts, wait_records, wait_starts, \
    write_procfile

pytestmark = [
    pytest.mark.skipif(REFERENCE != "", reason="mod_wsgi has neither "
                       "gateway-ctl nor worker-file="),
    pytest.mark.skipif(not os.path.exists(RUNNER), reason="no "
                       "gateway-attach next to the daemon executable"),
]

CONFIG = """
WSGIDaemonProcess wf user=%(a)s processes=1 threads=2 control-group=%(d)s \\
    restart-file=@ROOT@/restart.txt worker-file=@ROOT@/shop/Procfile
WSGIDaemonProcess plain user=%(b)s processes=1 threads=2 control-group=%(d)s
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=wf
WSGIScriptAlias /plain @APPS@/hello.wsgi process-group=plain
""" % {"a": USER_A, "b": USER_B, "d": DEPLOY_GROUP}

# b runs after a: stopping a stops b first, and b starts again after a.
CHAIN = """# the shop's extra processes
a: %(w)s a @ROOT@/scratch/records
b: after=a %(w)s b @ROOT@/scratch/records
""" % {"w": WORKER}


def start(httpd, procfile=CHAIN, config=CONFIG):
    srv = prepare(httpd, procfile, config)
    srv.start()
    return srv


def workers(srv, user=DEV_USER, group="wf"):
    """The group's attached processes as gateway-ctl status --json shows
    them, by name."""
    rc, out, err = ctl(srv, user, "status", group, "--json")
    assert rc == 0, (rc, out, err)
    [g] = json.loads(out)["groups"]
    return {w["name"]: w for w in g["workers"]}


def wait_state(srv, name, state, timeout=15):
    found = {}

    def check():
        found.update(workers(srv, None))
        return found.get(name, {}).get("state") == state
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail("%s is not %s after %s s: %r" % (name, state,
                                                         timeout, found))
        time.sleep(0.1)
    return found[name]


def runner_of(pid):
    """The gateway-attach runner a command's pid runs under."""
    return int(proc_status(pid)["PPid"])


# ---- status ----------------------------------------------------------------

def test_status_shows_the_attached_processes(httpd, control_users):
    srv = start(httpd, CHAIN + "slow: restart-delay=3 %s slow "
                "@ROOT@/scratch/records\n" % WORKER,
                CONFIG + "WSGIAttachDaemon wf name=side %s side "
                "@ROOT@/scratch/records\n" % WORKER)
    recs = wait_starts(srv, 4)
    ws = poll_running(srv, ("a", "b", "slow", "side"))
    for name in ("a", "b", "slow", "side"):
        w = ws[name]
        assert w["pid"] == runner_of(pid_of(recs, name)), (name, w)
        assert (w["state"], w["restarts"], w["last_exit"]) == \
            ("running", 0, None), w
        assert abs(w["started"] - time.time()) < 60, w
        assert w["source"] == ("WSGIAttachDaemon" if name == "side"
                               else "worker-file"), w
    rc, out, err = ctl(srv, DEV_USER, "status", "wf")
    assert rc == 0, (rc, out, err)
    assert re.search(r"^  WORKER +PID +STATE +STARTED +RESTARTS +LAST EXIT$",
                     out, re.M), out
    for name in ("a", "b", "slow", "side"):
        assert re.search(r"^  %s +%d +running +\d{4}-\d\d-\d\d [\d:]{8} +0  -$"
                         % (name, ws[name]["pid"]), out, re.M), out
    # Another group's status shows none of them.
    assert workers(srv, DEV_USER, "plain") == {}

    # One that dies waits restart-delay=: its next process is in
    # back-off (its runner waits before it runs the command), then runs.
    srv.allow_log(r"GW02053: attached process 'slow'")
    os.kill(pid_of(recs, "slow"), signal.SIGKILL)
    w = wait_state(srv, "slow", "back-off")
    assert w["restarts"] == 1 and "signal 9" in w["last_exit"], w
    assert w["pid"] != ws["slow"]["pid"]
    w2 = wait_state(srv, "slow", "running")
    assert (w2["restarts"], w2["pid"]) == (1, w["pid"]), (w, w2)
    assert "signal 9" in w2["last_exit"], w2
    assert w2["pid"] == runner_of(pid_of(wait_starts(srv, 5), "slow", 1))


def poll_running(srv, names, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        ws = workers(srv, None)
        if all(ws.get(n, {}).get("state") == "running" for n in names):
            return ws
        if time.monotonic() > deadline:
            pytest.fail("not all running: %r" % ws)
        time.sleep(0.1)


# ---- stop-worker, start-worker ---------------------------------------------

def test_a_member_stops_a_worker_and_starts_it_again(httpd, control_users):
    srv = start(httpd)
    recs = wait_starts(srv, 2)
    a, b = pid_of(recs, "a"), pid_of(recs, "b")
    poll_running(srv, ("a", "b"))
    dev = control_users["dev"].pw_uid

    rc, out, err = ctl(srv, DEV_USER, "stop-worker", "wf", "a")
    assert rc == 0, (rc, out, err)
    assert re.search(r"^group wf worker a \(pid \d+\): stopping: SIGTERM, "
                     r"then up to stop-timeout \(\d+ s\) for it to exit; it "
                     r"stays stopped until gateway-ctl start-worker wf a$",
                     out, re.M), out
    assert re.search(r"^group wf worker b \(pid \d+\): stopping: it runs "
                     r"after 'a' \(after=\)", out, re.M), out
    # b first (it runs after a), then a: each finishes its task.
    recs = wait_records(srv, lambda r: ["stop", "a", str(a)]
                        in [x[:3] for x in r], "a's stop")
    assert not proc_alive(a) or wait_gone(a)
    assert not proc_alive(b) or wait_gone(b)
    stop_b = [float(x[-1]) for x in recs if x[:3] == ["stop", "b", str(b)]]
    task_a = [float(x[-1]) for x in recs if x[:3] == ["task", "a", str(a)]]
    assert stop_b and task_a and stop_b[0] <= task_a[0], recs
    srv.expect_log(r"GW02404: gateway-ctl stop-worker by uid %d \(%s, pid "
                   r"\d+\): attached process 'a' of group 'wf' \(pid \d+\): "
                   r"stopping" % (dev, DEV_USER))
    srv.expect_log(r"GW02405: gateway-ctl stop-worker \(uid %d .*\): stopping "
                   r"attached process 'a' of group 'wf' \(pid \d+\) with "
                   r"SIGTERM" % dev)
    srv.expect_log(r"GW02406: attached process 'a' of group 'wf' \(pid \d+\) "
                   r"exited with status 0; stopped by gateway-ctl "
                   r"stop-worker \(uid %d " % dev)
    # Stays stopped past any restart back-off; b waits for it.
    time.sleep(3)
    assert len(starts(records(srv))) == 2, records(srv)
    ws = workers(srv)
    assert (ws["a"]["state"], ws["a"]["pid"]) == ("stopped", None), ws
    assert (ws["b"]["state"], ws["b"]["pid"]) == ("pending", None), ws
    rc, out, err = ctl(srv, DEV_USER, "stop-worker", "wf", "a")
    assert rc == 0 and "stopped already" in out, (rc, out, err)

    rc, out, err = ctl(srv, DEV_USER, "start-worker", "wf", "a")
    assert rc == 0, (rc, out, err)
    assert re.search(r"^group wf worker a \(pid \d+\): started$", out,
                     re.M), out
    recs = wait_starts(srv, 4)
    a2, b2 = pid_of(recs, "a", 1), pid_of(recs, "b", 1)
    assert a2 != a and b2 != b
    uid = pwd.getpwnam(USER_A).pw_uid
    for pid in (a2, b2):
        assert proc_status(pid)["Uid"].split() == [str(uid)] * 4
        assert proc_status(runner_of(pid))["Uid"].split() == [str(uid)] * 4
        assert int(proc_status(runner_of(pid))["PPid"]) == srv.pid
    assert float(starts(recs, "b")[1][4]) > float(starts(recs, "a")[1][4])
    ws = poll_running(srv, ("a", "b"))
    assert ws["a"]["pid"] == runner_of(a2) and ws["a"]["restarts"] == 1
    assert "status 0" in ws["a"]["last_exit"], ws
    rc, out, err = ctl(srv, DEV_USER, "start-worker", "wf", "a")
    assert rc == 0 and "running already" in out, (rc, out, err)


def wait_gone(pid, timeout=10):
    deadline = time.monotonic() + timeout
    while proc_alive(pid):
        assert time.monotonic() < deadline, "pid %d still runs" % pid
        time.sleep(0.05)
    return True


def test_a_worker_stopped_starts_again_with_new_code(httpd, control_users):
    srv = start(httpd, "a: %s a @ROOT@/scratch/records\n" % WORKER)
    a = pid_of(wait_starts(srv, 1), "a")
    poll_running(srv, ("a",))
    assert ctl(srv, DEV_USER, "stop-worker", "wf", "a")[0] == 0
    wait_state(srv, "a", "stopped")
    assert not proc_alive(a) or wait_gone(a)
    time.sleep(0.05)
    os.utime(os.path.join(srv.root, "restart.txt"))
    assert srv.request("GET", "/hello")[0] == 200
    srv.expect_log(r"GW02408: restart-file= or a script of group 'wf' "
                   r"changed: starting its attached process 'a', which "
                   r"gateway-ctl stop-worker had stopped")
    wait_starts(srv, 2)
    assert wait_state(srv, "a", "running")["restarts"] == 1


# ---- reload-workers ------------------------------------------------------

def test_reload_workers_takes_the_file_as_it_is_now(httpd, control_users):
    srv = start(httpd)
    recs = wait_starts(srv, 2)
    a, b = pid_of(recs, "a"), pid_of(recs, "b")
    path = procfile_path(srv)

    # b goes, c comes (after a); a is the same and keeps running.
    write_procfile(srv, "a: %(w)s a @ROOT@/scratch/records\n"
                        "c: after=a %(w)s c @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    rc, out, err = ctl(srv, DEV_USER, "reload-workers", "wf")
    assert rc == 0, (rc, out, err)
    assert ("group wf: worker-file %s read: 2 entries, 1 new, 1 removed, 0 "
            "changed\n" % path) in out, out
    assert re.search(r"^group wf worker a \(pid \d+\): kept$", out, re.M), out
    assert re.search(r"^group wf worker b \(pid \d+\): stopping$", out,
                     re.M), out
    assert re.search(r"^group wf worker c \(pid \d+\): started$", out,
                     re.M), out
    recs = wait_records(srv, lambda r: len(starts(r, "c")) == 1
                        and ["stop", "b", str(b)] in [x[:3] for x in r],
                        "c's start and b's stop")
    assert not proc_alive(b) or wait_gone(b)
    assert proc_alive(a) and len(starts(recs, "a")) == 1
    srv.expect_log(r"GW02409: gateway-ctl reload-workers by uid \d+ \(%s, "
                   r"pid \d+\): daemon group 'wf': worker-file %s read: 2 "
                   r"entries, 1 new, 1 removed, 0 changed"
                   % (DEV_USER, re.escape(path)))
    ws = poll_running(srv, ("a", "c"))
    assert "b" not in ws

    # a changed: its process is replaced (stop-signal first), c after it.
    write_procfile(srv, "a: %(w)s a @ROOT@/scratch/records 0.5\n"
                        "c: after=a %(w)s c @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    rc, out, err = ctl(srv, DEV_USER, "reload-workers", "wf", "--json")
    assert rc == 0, (rc, out, err)
    doc = json.loads(out)
    assert (doc["reload"]["entries"], doc["reload"]["changed"]) == (2, 1)
    assert {w["name"]: w["action"] for w in doc["workers"]}["a"] == \
        "restarting", doc
    recs = wait_records(srv, lambda r: len(starts(r, "a")) == 2
                        and len(starts(r, "c")) == 2, "a and c again")
    assert ["stop", "a", str(a)] in [x[:3] for x in recs]
    srv.expect_log(r"GW02411: attached process 'a' of group 'wf' \(pid \d+\) "
                   r"is changed in worker-file %s \(gateway-ctl "
                   r"reload-workers\): restarting it: sent it SIGTERM"
                   % re.escape(path))
    a2, c2 = pid_of(recs, "a", 1), pid_of(recs, "c", 1)

    # A malformed edit: refused with its file:line, nothing changes.
    write_procfile(srv, "a: %(w)s a @ROOT@/scratch/records 0.5\n"
                        "c: after=a nmae=c %(w)s c @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    rc, out, err = ctl(srv, DEV_USER, "reload-workers", "wf")
    assert rc == 1 and out == "", (rc, out, err)
    assert err.startswith("gateway-ctl: worker-file: GW00133: %s:2: "
                          "unknown setting 'nmae=': use stop-signal=, "
                          % path), err
    assert err.endswith("; nothing was changed: the entries read before "
                        "run on\n"), err
    srv.expect_log(r"\[gateway:warn\] .*GW02410: gateway-ctl reload-workers "
                   r"by uid \d+ .*: worker-file %s of daemon group 'wf' is "
                   r"refused; its entries run on as they were: GW00133: "
                   r"%s:2:" % (re.escape(path), re.escape(path)))
    time.sleep(1.5)
    assert proc_alive(a2) and proc_alive(c2)
    assert len(starts(records(srv))) == 5, records(srv)

    # Fixed again: a worker stop-worker stopped is started by the reload.
    write_procfile(srv, "a: %(w)s a @ROOT@/scratch/records 0.5\n"
                        "c: after=a %(w)s c @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    assert ctl(srv, DEV_USER, "stop-worker", "wf", "c")[0] == 0
    wait_state(srv, "c", "stopped")
    rc, out, err = ctl(srv, DEV_USER, "reload-workers", "wf")
    assert rc == 0, (rc, out, err)
    assert re.search(r"^group wf worker c \(pid \d+\): started$", out,
                     re.M), out
    wait_starts(srv, 6)
    assert proc_alive(a2)


# ---- refusals ----------------------------------------------------------------

@pytest.mark.parametrize("who", ["stranger", "other-app", "apache"])
def test_who_is_not_in_the_control_group_is_refused_the_worker_commands(
        httpd, control_users, who):
    user = {"stranger": USER_C, "other-app": USER_B,
            "apache": APACHE_USER}[who]
    srv = start(httpd)
    recs = wait_starts(srv, 2)
    write_procfile(srv, "z: %s z @ROOT@/scratch/records\n" % WORKER)
    for args in (["stop-worker", "wf", "a"], ["start-worker", "wf", "b"],
                 ["reload-workers", "wf"]):
        rc, out, err = ctl(srv, user, *args)
        assert rc == 1 and out == "", (args, rc, out, err)
        assert err.startswith("gateway-ctl: refused: uid %d (%s) "
                              % (pwd.getpwnam(user).pw_uid, user)), err
        srv.expect_log(r"\[gateway:warn\] .*GW02187: gateway-ctl: refused "
                       r"%s wf from uid \d+ \(%s, pid \d+\)" % (args[0], user))
    time.sleep(1.5)
    assert records(srv) == recs          # nothing stopped, nothing started
    assert proc_alive(pid_of(recs, "a")) and proc_alive(pid_of(recs, "b"))
    assert "GW02404" not in srv.error_log()
    assert "GW02409" not in srv.error_log()


def test_unknown_names_and_a_group_without_a_worker_file(httpd,
                                                         control_users):
    srv = start(httpd)
    wait_starts(srv, 2)
    rc, out, err = ctl(srv, DEV_USER, "stop-worker", "wf", "nosuch")
    assert rc == 1 and err == ("gateway-ctl: no-such-worker: daemon group "
                               "'wf' has no attached daemon 'nosuch' "
                               "(gateway-ctl status wf lists them)\n"), err
    rc, out, err = ctl(srv, DEV_USER, "start-worker", "nosuch", "a")
    assert rc == 1 and "no-such-group" in err, err
    rc, out, err = ctl(srv, DEV_USER, "reload-workers", "plain")
    assert rc == 1 and err.startswith("gateway-ctl: no-worker-file: daemon "
                                      "group 'plain' has no worker-file="), err
    rc, out, err = ctl(srv, DEV_USER, "stop-worker", "wf", "a b")
    assert rc == 2 and "not an attached daemon's name" in err, err
    rc, out, err = ctl(srv, DEV_USER, "stop-worker", "wf")
    assert rc == 2 and "usage:" in err, err
    srv.allow_log(r"GW02187: ")
    assert len(starts(records(srv))) == 2
