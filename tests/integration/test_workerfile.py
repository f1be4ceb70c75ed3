"""worker-file= (ours): the developer's extra processes of a daemon group,
listed in a file they own (a Procfile), run as attached daemons of the
group: as its user, in the order after= gives, restarted in that order,
a running task given its stop-timeout on a restart; a file anyone else
could have written, or a malformed one, refused with its file:line, and
at a restart the group keeps the set it had.  The entries are
apps/workerfile_worker.py, which records its starts, its SIGTERM and the
end of its task."""

import os
import pwd
import re
import shutil
import signal
import subprocess
import time

import pytest

from conftest import (APACHE, APPS_SRC, DAEMON, REFERENCE, USER_A, USER_B,
                      proc_alive, proc_cmdline, proc_status)

RUNNER = os.path.join(os.path.dirname(DAEMON), "gateway-attach")

pytestmark = [
    pytest.mark.skipif(REFERENCE != "", reason="mod_wsgi has no "
                       "worker-file="),
    pytest.mark.skipif(not os.path.exists(RUNNER), reason="no gateway-attach "
                       "next to the daemon executable %s" % DAEMON),
]

CONFIG = """
WSGIDaemonProcess wf user=%s processes=1 threads=2 \\
    restart-file=@ROOT@/restart.txt worker-file=@ROOT@/shop/Procfile
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=wf
""" % USER_A

WORKER = "/usr/bin/python3 @APPS@/workerfile_worker.py"

# proxy first, worker after it, web-hook after worker: written in the
# reverse order, so only after= can put them in order.
CHAIN = """# the shop's extra processes
web-hook: after=worker %(w)s web-hook @ROOT@/scratch/records
worker: after=proxy stop-timeout=10 %(w)s worker @ROOT@/scratch/records
proxy: %(w)s proxy @ROOT@/scratch/records
""" % {"w": WORKER}


def procfile_path(srv):
    return os.path.join(srv.root, "shop", "Procfile")


def write_procfile(srv, text, owner=USER_A, mode=0o644):
    """Writes shop/Procfile (replacing it in one rename, as a deploy
    would), owned by `owner` with `mode`; shop/ is USER_A's, 0755."""
    shop = os.path.join(srv.root, "shop")
    user = pwd.getpwnam(USER_A)
    if not os.path.isdir(shop):
        os.mkdir(shop)
        os.chown(shop, user.pw_uid, user.pw_gid)
        os.chmod(shop, 0o755)
    tmp = os.path.join(shop, ".Procfile.new")
    with open(tmp, "w") as f:
        f.write(srv.subst(text))
    who = pwd.getpwnam(owner)
    os.chown(tmp, who.pw_uid, who.pw_gid)
    os.chmod(tmp, mode)
    os.rename(tmp, procfile_path(srv))


def prepare(httpd, procfile, config=CONFIG):
    srv = httpd(config, start=False)
    shutil.copyfile(os.path.join(APPS_SRC, "workerfile_worker.py"),
                    srv.app("workerfile_worker.py"))
    os.chmod(srv.app("workerfile_worker.py"), 0o644)
    restart = os.path.join(srv.root, "restart.txt")
    with open(restart, "w"):
        pass
    user = pwd.getpwnam(USER_A)
    os.chown(restart, user.pw_uid, user.pw_gid)
    if procfile is not None:
        write_procfile(srv, procfile)
    return srv


def start(httpd, procfile=CHAIN, config=CONFIG):
    srv = prepare(httpd, procfile, config)
    srv.start()
    return srv


def records(srv):
    try:
        with open(os.path.join(srv.scratch, "records")) as f:
            return [l.split() for l in f.read().splitlines()]
    except FileNotFoundError:
        return []


def wait_records(srv, pred, what, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        recs = records(srv)
        if pred(recs):
            srv._snapshot()   # the leftover check at stop knows them
            return recs
        if time.monotonic() > deadline:
            pytest.fail("no %s within %s s: %r\n%s"
                        % (what, timeout, recs, srv.error_log_tail()))
        time.sleep(0.05)


def starts(recs, name=None):
    return [r for r in recs if r[0] == "start" and name in (None, r[1])]


def one(recs, what, name, pid=None):
    """The time of the only `what` record of `name` (and pid)."""
    found = [float(r[-1]) for r in recs if r[0] == what and r[1] == name
             and (pid is None or int(r[2]) == pid)]
    assert len(found) == 1, (what, name, pid, recs)
    return found[0]


def wait_starts(srv, n, timeout=15):
    return wait_records(srv, lambda r: len(starts(r)) >= n,
                        "%d start records" % n, timeout)


def pid_of(recs, name, nth=0):
    return int(starts(recs, name)[nth][2])


def graceful(srv):
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "graceful"],
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    assert r.returncode == 0, r.stdout


def touch_as(user, path):
    """touch(1) as `user`: a deploy restarting the group without sudo."""
    r = subprocess.run(["runuser", "-u", user, "--", "touch", path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, timeout=30)
    assert r.returncode == 0, r.stdout


def new_code(srv):
    """The deploy's restart: restart-file= touched, then a request (the
    web process notices it; the parent's monitor pass would, within
    10 s)."""
    time.sleep(0.05)
    touch_as(USER_A, os.path.join(srv.root, "restart.txt"))
    assert srv.request("GET", "/hello")[0] == 200


def in_order(recs, names, what="start", gap=0.5):
    """The last `what` record of each name comes in that order, each at
    least `gap` s after the one before (1 s apart at the exec, less the
    jitter of Python's start)."""
    times = [[float(r[-1]) for r in recs if r[0] == what and r[1] == n][-1]
             for n in names]
    for a, b, x, y in zip(names, names[1:], times, times[1:]):
        assert y - x >= gap, "%s %s at %.3f, %s at %.3f: %r" % (
            what, a, x, b, y, recs)


# ---- start, order, user ------------------------------------------------

def test_entries_start_in_order_as_the_group_user_and_stop_in_reverse(
        httpd):
    srv = start(httpd)
    recs = wait_starts(srv, 3)
    uid = pwd.getpwnam(USER_A).pw_uid
    for name in ("proxy", "worker", "web-hook"):
        st = starts(recs, name)
        assert len(st) == 1, recs
        assert int(st[0][3]) == uid
        pid = int(st[0][2])
        assert proc_status(pid)["Uid"].split() == [str(uid)] * 4
        assert proc_status(pid)["NoNewPrivs"] == "1"
        # the command's parent is a gateway-attach runner of the group's
        # user, itself a child of the Apache parent (root)
        runner = int(proc_status(pid)["PPid"])
        assert proc_status(runner)["Uid"].split() == [str(uid)] * 4
        assert int(proc_status(runner)["PPid"]) == srv.pid
        assert proc_cmdline(runner).split()[:2] == ["gateway-attach", name]
    in_order(recs, ["proxy", "worker", "web-hook"])
    srv.expect_log(r"GW02200: daemon group 'wf': worker-file %s read: 3 "
                   r"entries \(proxy, worker, web-hook\)"
                   % re.escape(procfile_path(srv)))
    srv.expect_log(r"GW02052: started attached process 'worker' of group "
                   r"'wf' \(pid \d+, user %s, its command in 1 s: 1 s after "
                   r"'proxy' \(after=\)\): /usr/bin/python3 " % USER_A)
    srv.expect_log(r"\[group wf\] GW06002: \[attach web-hook\] web-hook "
                   r"\d+ running")
    srv.wait_ok("/hello")

    # Apache's stop: what runs after another stops first, and the other
    # gets its stop signal only once it has exited.
    srv.stop()
    recs = records(srv)
    assert one(recs, "stop", "web-hook") <= one(recs, "task", "worker"), recs
    assert one(recs, "stop", "worker") <= one(recs, "task", "proxy"), recs
    srv.expect_log(r"GW02206: attached process 'proxy' of group 'wf' "
                   r"\(pid \d+\) is stopped once 'worker', which runs after "
                   r"it \(after=\), has exited")
    srv.expect_log(r"GW02061: attached process 'proxy' of group 'wf' "
                   r"\(pid \d+\) exited with status 0 at Apache's stop")


def test_killed_entry_is_restarted_and_its_followers_after_it(httpd):
    srv = start(httpd)
    recs = wait_starts(srv, 3)
    proxy, worker, hook = (pid_of(recs, n) for n in
                           ("proxy", "worker", "web-hook"))
    os.kill(proxy, signal.SIGKILL)
    recs = wait_starts(srv, 6, timeout=20)
    for name in ("proxy", "worker", "web-hook"):
        assert len(starts(recs, name)) == 2, recs
    # in order again: proxy, then worker, then web-hook, each 1 s apart
    in_order(recs, ["proxy", "worker", "web-hook"])
    # the followers were stopped (SIGTERM, their task finished), the
    # last one first, before they started again
    assert one(recs, "stop", "web-hook", hook) <= one(recs, "task", "worker",
                                                      worker), recs
    assert one(recs, "stop", "worker", worker) < float(
        starts(recs, "worker")[1][4])
    srv.expect_log(r"GW02053: attached process 'proxy' of group 'wf' "
                   r"\(pid \d+\) exited with status 137 \(its command was "
                   r"killed by signal 9 \(SIGKILL\)\) after \d+ ms; "
                   r"restarting it$")
    srv.expect_log(r"GW02203: attached process 'worker' of group 'wf' "
                   r"\(pid \d+\) runs after 'proxy' \(after=\), which is "
                   r"being restarted: restarting it: sent it SIGTERM")
    srv.expect_log(r"GW02203: attached process 'web-hook' of group 'wf' "
                   r"\(pid \d+\) runs after 'worker' \(after=\)")
    srv.expect_log(r"GW02208: attached process 'worker' of group 'wf' "
                   r"\(pid \d+\) exited with status 0 after \d+ ms, stopped "
                   r"because 'proxy', which it runs after, ended; starting "
                   r"it again after it")

    # the last of the chain killed: only it restarts
    hook2 = pid_of(recs, "web-hook", 1)
    proxy2, worker2 = pid_of(recs, "proxy", 1), pid_of(recs, "worker", 1)
    os.kill(hook2, signal.SIGKILL)
    recs = wait_starts(srv, 7)
    srv.expect_log(r"GW02053: attached process 'web-hook' of group 'wf' "
                   r"\(pid \d+\) exited with status 137")
    assert len(starts(recs, "web-hook")) == 3
    time.sleep(1.5)
    recs = records(srv)
    assert len(starts(recs)) == 7, recs
    assert proc_alive(proxy2) and proc_alive(worker2)


def test_restart_delay_spaces_out_the_restart_of_an_entry_that_died(httpd):
    srv = start(httpd, "slow: restart-delay=3 %s slow @ROOT@/scratch/records\n"
                % WORKER)
    recs = wait_starts(srv, 1)
    os.kill(pid_of(recs, "slow"), signal.SIGKILL)
    t0 = time.time()
    srv.expect_log(r"GW02053: attached process 'slow' of group 'wf' \(pid "
                   r"\d+\) exited with status 137 \(its command was killed by "
                   r"signal 9 \(SIGKILL\)\) after \d+ ms; restarting it in 3 s "
                   r"\(restart-delay=\)$")
    recs = wait_starts(srv, 2)
    assert float(starts(recs, "slow")[1][4]) - t0 >= 2.9, recs
    srv.expect_log(r"GW02052: started attached process 'slow' of group 'wf' "
                   r"\(pid \d+, user %s, after 3 s of back-off\)" % USER_A)


def test_long_task_finishes_within_its_stop_timeout_on_a_restart(httpd):
    # A 20 s task (a Celery job) is running when the deploy restarts the
    # group: the stop signal lets it finish (stop-timeout=30), then the
    # process starts again with the new code; nothing is killed.
    srv = start(httpd, "celery: stop-timeout=30 %s celery "
                "@ROOT@/scratch/records 20\n" % WORKER)
    recs = wait_starts(srv, 1)
    old = pid_of(recs, "celery")
    new_code(srv)
    srv.expect_log(r"GW02063: restart-file= or a script of group 'wf' "
                   r"changed: restarting its attached process 'celery' "
                   r"\(pid \d+\): sent it SIGTERM, it is started again once "
                   r"it has exited \(stop-timeout 30 s\)")
    recs = wait_starts(srv, 2, timeout=40)
    task, stop = one(recs, "task", "celery", old), one(recs, "stop", "celery",
                                                       old)
    assert stop - task >= 19.9, recs
    assert float(starts(recs, "celery")[1][4]) >= stop
    assert not proc_alive(old)
    srv.expect_log(r"GW02064: attached process 'celery' of group 'wf' "
                   r"\(pid \d+\) exited with status 0 after \d+ ms, stopped "
                   r"for new code; starting it again")
    assert "GW06004" not in srv.error_log()
    # Apache's stop gives the new one's task its time too
    srv.stop(timeout=40)
    assert float(records(srv)[-1][-1]) - one(records(srv), "task", "celery",
                                             pid_of(recs, "celery", 1)) >= 19.9


# ---- the file read again -----------------------------------------------

def test_code_change_reads_the_file_again(httpd):
    srv = start(httpd, "a: %(w)s a @ROOT@/scratch/records\n"
                       "b: after=a %(w)s b @ROOT@/scratch/records\n"
                % {"w": WORKER})
    recs = wait_starts(srv, 2)
    a, b = pid_of(recs, "a"), pid_of(recs, "b")
    # the deploy: a gets another argument, b goes, c comes after a
    write_procfile(srv, "a: %(w)s a @ROOT@/scratch/records 0.5\n"
                        "c: after=a %(w)s c @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    new_code(srv)
    recs = wait_records(srv, lambda r: len(starts(r, "a")) == 2
                        and len(starts(r, "c")) == 1, "a again and c")
    srv.expect_log(r"GW02210: daemon group 'wf': its code changed and "
                   r"worker-file %s was read again: 2 entries, 1 new, 1 "
                   r"removed" % re.escape(procfile_path(srv)))
    srv.expect_log(r"GW02204: attached process 'b' of group 'wf' \(pid \d+\) "
                   r"is no longer in worker-file %s: stopping it with SIGTERM"
                   % re.escape(procfile_path(srv)))
    srv.expect_log(r"GW02207: attached process 'b' of group 'wf' \(pid \d+\) "
                   r"exited with status 0; it is no longer in worker-file")
    a2 = pid_of(recs, "a", 1)
    assert proc_cmdline(a2).split()[-1] == "0.5"   # the new command line
    in_order(recs, ["a", "c"])
    one(recs, "stop", "b", b)                   # b finished its task
    assert one(recs, "stop", "a", a) < float(starts(recs, "a")[1][4])
    time.sleep(1)
    assert len(starts(records(srv), "b")) == 1 and not proc_alive(b)


# ---- refusals ------------------------------------------------------------

def configtest_fails(srv, *patterns):
    rc, out = srv.configtest()
    assert rc != 0, out
    for p in patterns:
        assert re.search(p, out), (p, out)
    return out


NOT_FATAL = (r"; not fatal: Apache starts, and the group runs without the "
             r"file's entries \(or with its last good set\) until it is fixed")


def configtest_warns(srv, *patterns):
    """A refused worker file is the developer's mistake: configtest says
    why, as a warning, and still passes (so apachectl graceful, which
    runs it first, still restarts every other site)."""
    rc, out = srv.configtest()
    assert rc == 0, out
    for p in patterns:
        assert re.search(r"\[gateway:warn\] .*" + p, out), (p, out)
    assert re.search(NOT_FATAL, out), out
    return out


def start_without_entries(srv, why):
    """A start with a refused file: Apache and the web processes run, the
    entries do not, and the error log says why (GW02202)."""
    srv.start()
    srv.expect_log(r"GW02202: daemon group 'wf': worker-file %s is refused, "
                   r"and no earlier reading of it was taken: the group runs "
                   r"none of its entries until it is fixed \(and gateway-ctl "
                   r"reload-workers run, .*\): %s"
                   % (re.escape(procfile_path(srv)), why))
    srv.wait_ok("/hello")
    time.sleep(1)
    assert not records(srv)


def test_a_file_others_could_write_is_refused(httpd):
    srv = prepare(httpd, CHAIN)
    path = procfile_path(srv)
    rc, out = srv.configtest()
    assert rc == 0, out
    refused = r"GW00130: worker-file= of daemon group 'wf': %s " % (
        re.escape(path))
    os.chmod(path, 0o664)
    configtest_warns(srv, refused + r"is writable by its group or by others "
                     r"\(mode 0664\); only its owner may write it")
    os.chmod(path, 0o646)
    configtest_warns(srv, refused + r"is writable by its group or by others "
                     r"\(mode 0646\)")
    write_procfile(srv, CHAIN, owner=USER_B)
    uid_a, uid_b = (pwd.getpwnam(u).pw_uid for u in (USER_A, USER_B))
    configtest_warns(srv, refused + r"is owned by uid %d \(%s\); it must be "
                     r"owned by root, by the group's user, uid %d \(%s\), "
                     r"or by the owner of its directory, uid %d \(%s\)"
                     % (uid_b, USER_B, uid_a, USER_A, uid_a, USER_A))
    # a deploy user's checkout: the directory and the file are theirs
    os.chown(os.path.dirname(path), uid_b, -1)
    rc, out = srv.configtest()
    assert rc == 0, out
    os.chown(os.path.dirname(path), uid_a, -1)
    write_procfile(srv, CHAIN)
    os.chmod(os.path.dirname(path), 0o777)
    configtest_warns(srv, refused + r"is in the directory %s, which is "
                     r"writable by its group or by others \(mode 0777\)"
                     % re.escape(os.path.dirname(path)))
    os.chmod(os.path.dirname(path), 0o755)
    os.rename(path, path + ".real")
    os.symlink("Procfile.real", path)
    configtest_warns(srv, refused + r"is a symbolic link; name the file "
                     r"itself")
    os.unlink(path)
    os.rename(path + ".real", path)
    rc, out = srv.configtest()
    assert rc == 0, out

    # and a start with such a file serves, runs none of its entries and
    # says why in the error log
    os.chmod(path, 0o666)
    start_without_entries(srv, refused + r"is writable by its group or by "
                          r"others \(mode 0666\)")


def test_a_malformed_file_is_refused_with_its_line_at_configtest(httpd):
    srv = prepare(httpd, "# line 1\n"
                         "proxy: %s proxy @ROOT@/scratch/records\n"
                         "web: /usr/bin/gunicorn -b 0.0.0.0:$PORT app:app\n"
                  % WORKER)
    path = re.escape(procfile_path(srv))
    configtest_warns(srv, r"GW00132: %s:3: '\$' outside quotes \(in "
                     r"'0\.0\.0\.0:\$PORT'\): no shell runs this line" % path,
                     r"\(worker-file= of daemon group 'wf'\)")
    write_procfile(srv, "a: after=c /bin/true\nb: after=a /bin/true\n"
                        "c: after=b /bin/true\n")
    configtest_warns(srv, r"GW00135: %s:1: after= makes a cycle: a after c "
                     r"after b after a" % path)
    write_procfile(srv, "a: stop-timeout=5s /bin/true\n")
    configtest_warns(srv, r"GW00133: %s:1: stop-timeout=5s is not a whole "
                     r"number of seconds from 0 to 86400" % path)
    # a start serves without the entries, saying why
    start_without_entries(srv, r"GW00133: %s:1: stop-timeout=5s" % path)
    srv.stop()
    # a name a WSGIAttachDaemon line of the group has
    write_procfile(srv, "# x\nworker: /bin/true\n")
    srv.write_config(CONFIG + "WSGIAttachDaemon wf name=worker /bin/true\n")
    configtest_warns(srv, r"GW00137: %s:2: the name 'worker' is already used "
                     r"by the WSGIAttachDaemon line at %s:\d+ for this group"
                     % (path, re.escape(srv.conf_path)))
    # the option itself
    srv.write_config(CONFIG.replace("@ROOT@/shop/Procfile", "shop/Procfile"))
    configtest_fails(srv, r"GW00136: WSGIDaemonProcess wf: "
                     r"worker-file=shop/Procfile must be the absolute path of "
                     r"a file")


def test_a_malformed_file_at_a_graceful_restart_leaves_the_set_running(
        httpd):
    srv = start(httpd, "a: %(w)s a @ROOT@/scratch/records\n"
                       "b: after=a %(w)s b @ROOT@/scratch/records\n"
                % {"w": WORKER})
    recs = wait_starts(srv, 2)
    a, b = pid_of(recs, "a"), pid_of(recs, "b")
    write_procfile(srv, "a: %(w)s a @ROOT@/scratch/records\n"
                        "b: after=a nmae=b %(w)s b @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    path = re.escape(procfile_path(srv))
    # what configtest says: a warning, so apachectl graceful, which runs
    # it first, still restarts
    configtest_warns(srv, r"GW00133: %s:2: unknown setting 'nmae='" % path)
    graceful(srv)
    srv.expect_log(r"GW02201: daemon group 'wf': worker-file %s is refused; "
                   r"the group keeps the 2 entries read from %s at .*: "
                   r"GW00133: %s:2: unknown setting 'nmae='" % (path, path,
                                                               path))
    srv.expect_log(r"GW02056: attached process 'b' of group 'wf' \(pid \d+\) "
                   r"kept across the restart \(configuration unchanged\); "
                   r"sent it reload-signal SIGHUP")
    wait_records(srv, lambda r: ["reload", "a", str(a)] in [x[:3] for x in r]
                 and ["reload", "b", str(b)] in [x[:3] for x in r],
                 "reload records")
    srv.wait_ok("/hello")
    assert proc_alive(a) and proc_alive(b)
    assert len(starts(records(srv))) == 2

    # new code with the file still broken: the same set, restarted
    new_code(srv)
    srv.expect_log(r"GW02209: daemon group 'wf': its code changed, but "
                   r"worker-file %s is refused: the group keeps its entries "
                   r"as they were \(and restarts them for the new code\): "
                   r"GW00133: %s:2:" % (path, path))
    recs = wait_starts(srv, 4)
    in_order(recs, ["a", "b"])
    a, b = pid_of(recs, "a", 1), pid_of(recs, "b", 1)

    # fixed, with a changed: a new a, and b (after=a) restarted after it
    write_procfile(srv, "a: stop-timeout=7 %(w)s a @ROOT@/scratch/records\n"
                        "b: after=a %(w)s b @ROOT@/scratch/records\n"
                   % {"w": WORKER})
    graceful(srv)
    recs = wait_starts(srv, 6)
    in_order(recs, ["a", "b"])
    srv.expect_log(r"GW02057: attached process 'a' of group 'wf' \(pid \d+\) "
                   r"has a changed configuration")
    srv.expect_log(r"GW02203: attached process 'b' of group 'wf' \(pid \d+\) "
                   r"runs after 'a' \(after=\), which is being restarted")
    one(recs, "stop", "b", b)
