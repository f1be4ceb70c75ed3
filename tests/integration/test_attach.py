"""Attached daemons (WSGIAttachDaemon): a non-web command, here a stand-in
for a Celery worker (apps/attach_worker.py), run as the group's user,
its output in the error log, restarted when it dies, told to reload on a
graceful restart, restarted for new code when restart-file= or the WSGI
script changes, and waited for when Apache stops."""

import os
import pwd
import re
import shutil
import signal
import subprocess
import time

import pytest

from conftest import (APACHE, APPS_SRC, DAEMON, REFERENCE, USER_A, USER_B,
                      proc_alive, proc_exe, proc_status)

RUNNER = os.path.join(os.path.dirname(DAEMON), "gateway-attach")

pytestmark = [
    pytest.mark.skipif(REFERENCE != "", reason="mod_wsgi has no "
                       "WSGIAttachDaemon"),
    pytest.mark.skipif(not os.path.exists(RUNNER), reason="no gateway-attach "
                       "next to the daemon executable %s" % DAEMON),
]

WORKER = "/usr/bin/python3 @APPS@/attach_worker.py @ROOT@/scratch/worker.log"

CONFIG = """
WSGIDaemonProcess att user=%s processes=1 threads=2 %%(group_opts)s
WSGIAttachDaemon att name=worker %%(attach_opts)s %%(command)s
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=att
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A


def config(group_opts="", attach_opts="", command=WORKER):
    return CONFIG % {"group_opts": group_opts, "attach_opts": attach_opts,
                     "command": command}


def start(httpd, before=None, **kw):
    srv = httpd(config(**kw), start=False)
    if before:
        before(srv)
    shutil.copyfile(os.path.join(APPS_SRC, "attach_worker.py"),
                    srv.app("attach_worker.py"))
    os.chmod(srv.app("attach_worker.py"), 0o644)
    srv.start()
    return srv


def records(srv):
    try:
        with open(os.path.join(srv.scratch, "worker.log")) as f:
            return [l.split() for l in f.read().splitlines()]
    except FileNotFoundError:
        return []


def wait_records(srv, pred, what, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        recs = records(srv)
        if pred(recs):
            return recs
        if time.monotonic() > deadline:
            pytest.fail("worker record has no %s within %s s: %r\n%s"
                        % (what, timeout, recs, srv.error_log_tail()))
        time.sleep(0.05)


def starts(recs):
    return [r for r in recs if r[0] == "start"]


def wait_started(srv, n=1, timeout=10):
    recs = wait_records(srv, lambda r: len(starts(r)) >= n,
                        "%d start line(s)" % n, timeout)
    pid = int(starts(recs)[n - 1][1])
    srv._snapshot()     # the leftover check at stop knows worker and runner
    return pid, recs


def env_of(recs):
    return dict(r[1].split("=", 1) for r in recs if r[0] == "env")


def graceful(srv, how="graceful"):
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", how],
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    assert r.returncode == 0, r.stdout


def test_worker_runs_as_the_group_user_and_its_output_is_logged(httpd):
    srv = start(httpd)
    pid, recs = wait_started(srv)
    uid = pwd.getpwnam(USER_A).pw_uid
    assert int(starts(recs)[0][2]) == uid
    assert proc_status(pid)["Uid"].split() == [str(uid)] * 4
    # its parent is the runner, also the group's user, child of Apache
    runner = int(proc_status(pid)["PPid"])
    assert proc_exe(runner) == os.path.realpath(RUNNER)
    assert proc_status(runner)["Uid"].split() == [str(uid)] * 4
    assert int(proc_status(runner)["PPid"]) == srv.pid
    assert proc_status(pid)["NoNewPrivs"] == "1"
    # stdout (unflushed: PYTHONUNBUFFERED) and stderr, one log line each
    srv.expect_log(r"\[gateway:notice\] \[pid %d:tid \d+\] \[group att\] "
                   r"GW06002: \[attach worker\] worker %d says hello on "
                   r"stdout$" % (runner, pid))
    srv.expect_log(r"\[group att\] GW06002: \[attach worker\] worker %d says "
                   r"hello on stderr$" % pid)
    srv.expect_log(r"GW02052: started attached process 'worker' of group "
                   r"'att' \(pid %d, user %s\): /usr/bin/python3 "
                   % (runner, USER_A))
    env = env_of(recs)
    assert env["USER"] == USER_A
    assert env["VIRTUAL_ENV"] == "" and env["PYTHONPATH"] == ""
    # the web side of the group works as before
    srv.wait_ok("/hello")


def test_killed_worker_is_restarted_and_the_log_says_how(httpd):
    srv = start(httpd)
    pid, _ = wait_started(srv)
    os.kill(pid, signal.SIGKILL)
    pid2, _ = wait_started(srv, 2)
    assert pid2 != pid and proc_alive(pid2)
    srv.expect_log(r"\[group att\] GW06006: \[attach worker\] "
                   r"/usr/bin/python3 \(pid %d\) was killed by signal 9 "
                   r"\(SIGKILL\)$" % pid)
    srv.expect_log(r"GW02053: attached process 'worker' of group 'att' "
                   r"\(pid \d+\) exited with status 137 \(its command was "
                   r"killed by signal 9 \(SIGKILL\)\) after \d+ ms; "
                   r"restarting it$")
    srv.expect_log(r"GW06002: \[attach worker\] worker %d says hello on "
                   r"stdout" % pid2)


@pytest.mark.parametrize("how", ["graceful", "restart"])
def test_graceful_restart_sends_reload_signal_and_keeps_the_worker(httpd,
                                                                   how):
    srv = start(httpd)
    pid, _ = wait_started(srv)
    graceful(srv, how)
    recs = wait_records(srv, lambda r: ["reload", str(pid)] in r,
                        "reload line")
    srv.expect_log(r"GW02056: attached process 'worker' of group 'att' "
                   r"\(pid \d+\) kept across the restart \(configuration "
                   r"unchanged\); sent it reload-signal SIGHUP")
    srv.expect_log(r"GW06002: \[attach worker\] worker %d reloading" % pid)
    srv.wait_ok("/hello")
    time.sleep(1)
    assert proc_alive(pid)
    assert len(starts(records(srv))) == 1
    # a second reload: still the same process
    graceful(srv, how)
    wait_records(srv, lambda r: r.count(["reload", str(pid)]) == 2,
                 "second reload line")
    assert len(starts(records(srv))) == 1 and proc_alive(pid)


def test_apache_stop_lets_the_worker_finish_its_task(httpd):
    srv = start(httpd)
    pid, _ = wait_started(srv)
    t0 = time.time()
    srv.stop()          # fails the test if any process is left
    elapsed = time.time() - t0
    recs = records(srv)
    assert recs[-1][:2] == ["stop", str(pid)], recs
    task = [r for r in recs if r[0] == "task"]
    assert task and float(task[0][2]) >= t0 - 0.5
    assert float(recs[-1][2]) - t0 >= 3.0
    assert elapsed >= 3.0
    assert not proc_alive(pid)
    srv.expect_log(r"GW02060: stopping attached process 'worker' of group "
                   r"'att' \(pid \d+\) with SIGTERM; waiting up to "
                   r"stop-timeout \(5 s\)")
    srv.expect_log(r"GW06005: \[attach worker\] /usr/bin/python3 \(pid %d\) "
                   r"exited with status 0 after the stop signal" % pid)
    srv.expect_log(r"GW02061: attached process 'worker' of group 'att' "
                   r"\(pid \d+\) exited with status 0 at Apache's stop")


def test_stop_timeout_kills_a_worker_that_takes_too_long(httpd):
    srv = start(httpd, attach_opts="stop-timeout=1")
    pid, _ = wait_started(srv)
    t0 = time.monotonic()
    srv.stop()
    assert time.monotonic() - t0 < 3.0
    assert not proc_alive(pid)
    assert records(srv)[-1][0] == "task"     # cut short: no "stop" line
    srv.expect_log(r"GW06004: \[attach worker\] /usr/bin/python3 \(pid %d\) "
                   r"did not exit within stop-timeout \(1 s\) after SIGTERM; "
                   r"killing its process group" % pid)


def test_changed_command_on_graceful_stops_the_old_worker_and_starts_anew(
        httpd):
    srv = start(httpd)
    pid, _ = wait_started(srv)
    srv.write_config(config(command=WORKER + " changed"))
    graceful(srv)
    pid2, _ = wait_started(srv, 2)
    assert pid2 != pid
    # the old one got SIGTERM (not SIGHUP) and finished its task
    recs = wait_records(srv, lambda r: any(x[:2] == ["stop", str(pid)]
                                           for x in r), "old stop line")
    assert ["reload", str(pid)] not in recs
    srv.expect_log(r"GW02057: attached process 'worker' of group 'att' "
                   r"\(pid \d+\) has a changed configuration in the new "
                   r"configuration; stopping it with SIGTERM")
    srv.expect_log(r"GW02058: stopped attached process 'worker' of group "
                   r"'att' \(pid \d+, earlier configuration\) exited with "
                   r"status 0", timeout=10)
    assert proc_alive(pid2)
    # removed altogether: stopped, nothing new
    srv.write_config(config().replace("WSGIAttachDaemon", "#"))
    graceful(srv)
    wait_records(srv, lambda r: any(x[:2] == ["stop", str(pid2)] for x in r),
                 "stop line of the second worker")
    srv.expect_log(r"GW02057: .*is no longer configured")
    time.sleep(0.5)
    assert len(starts(records(srv))) == 2


def test_python_home_and_python_path_reach_the_worker(httpd):
    # python-home=/usr: a prefix gateway-daemon accepts, so the group's web
    # side runs too; the worker is started with that prefix's interpreter.
    srv = start(httpd, group_opts="python-home=/usr python-path=/opt/a:/opt/b "
                "home=@ROOT@/scratch",
                command="/usr/bin/python3 @APPS@/attach_worker.py "
                "@ROOT@/scratch/worker.log")
    pid, recs = wait_started(srv)
    env = env_of(recs)
    assert env["VIRTUAL_ENV"] == "/usr"
    assert env["PYTHONPATH"] == "/opt/a:/opt/b"
    assert env["PATH"] == "/usr/bin:/usr/local/bin:/usr/bin:/bin"
    assert env["HOME"] == srv.scratch
    assert env["sys.prefix"] == "/usr"
    assert starts(recs)[0][3] == srv.scratch       # cwd: the group's home
    srv.wait_ok("/hello")


def test_configtest_rejects_an_undefined_group_and_a_relative_command(httpd):
    srv = httpd("""
WSGIDaemonProcess att user=%s
WSGIAttachDaemon nosuch /usr/bin/python3 -c pass
""" % USER_A, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert re.search(r"GW00063: WSGIAttachDaemon nosuch: no WSGIDaemonProcess "
                     r"nosuch is defined before this line", out), out
    assert re.search(r"line \d+ of %s" % re.escape(srv.conf_path), out), out

    srv.write_config("""
WSGIDaemonProcess att user=%s
WSGIAttachDaemon att name=w stop-signal=TERM python3 worker.py
""" % USER_A)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00064: WSGIAttachDaemon att: 'python3' is neither an option" \
        in out, out

    srv.write_config("""
WSGIDaemonProcess att user=%s
WSGIAttachDaemon att stop-signal=KILL /usr/bin/python3
""" % USER_A)
    rc, out = srv.configtest()
    assert rc != 0 and "GW00065" in out, out

    srv.write_config("""
WSGIDaemonProcess att user=%s
WSGIAttachDaemon att /usr/bin/python3 a.py
WSGIAttachDaemon att /usr/bin/python3 b.py
""" % USER_A)
    rc, out = srv.configtest()
    assert rc != 0 and "GW00069" in out and "name=" in out, out

    srv.write_config("""
WSGIDaemonProcess att user=%s
WSGIAttachDaemon att reload-signal=none stop-timeout=30 /usr/bin/python3 a.py
WSGIAttachDaemon att name=second /usr/bin/python3 b.py
""" % USER_A)
    rc, out = srv.configtest()
    assert rc == 0, out


def touch_as(user, path):
    """touch(1) as `user`, the way a deploy user restarts an app."""
    r = subprocess.run(["runuser", "-u", user, "--", "touch", path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, timeout=30)
    assert r.returncode == 0, r.stdout


def restarted_after_its_task(srv, old, n, timeout=15):
    """Waits for the n-th start; asserts worker `old` had its SIGTERM,
    finished its 3 s task and stopped before it.  The new pid."""
    recs = wait_records(srv, lambda r: len(starts(r)) >= n
                        and ["stop", str(old)] in [x[:2] for x in r],
                        "stop of %d and start %d" % (old, n), timeout)
    task = [x for x in recs if x[:2] == ["task", str(old)]]
    stop = [x for x in recs if x[:2] == ["stop", str(old)]]
    assert task and stop, recs
    assert float(stop[0][2]) - float(task[0][2]) >= 3.0, recs
    assert ["reload", str(old)] not in recs      # a restart, not a reload
    pid = int(starts(recs)[n - 1][1])
    assert pid != old and proc_alive(pid)
    srv._snapshot()
    return pid


def with_restart_file(srv):
    path = os.path.join(srv.root, "restart.txt")
    with open(path, "w"):
        pass
    deploy = pwd.getpwnam(USER_B)
    os.chown(path, deploy.pw_uid, deploy.pw_gid)


def test_restart_file_restarts_the_worker_and_lets_its_task_finish(httpd):
    # The app's own (deploy) user touches restart-file=: the web
    # processes get the new code at their next request, and so does the
    # attached worker: stop-signal, its task finishes, a new process.
    srv = start(httpd, before=with_restart_file,
                group_opts="restart-file=@ROOT@/restart.txt")
    pid, _ = wait_started(srv)
    st, _, body = srv.request("GET", "/hello")
    assert st == 200
    web = srv.daemon_pids(USER_A)
    time.sleep(0.05)
    touch_as(USER_B, os.path.join(srv.root, "restart.txt"))
    assert srv.request("GET", "/hello")[0] == 200
    srv.expect_log(r"GW04070: restart-file= changed")
    srv.expect_log(r"GW02063: restart-file= or a script of group 'att' "
                   r"changed: restarting its attached process 'worker' "
                   r"\(pid \d+\): sent it SIGTERM, it is started again once "
                   r"it has exited \(stop-timeout 5 s\)")
    pid2 = restarted_after_its_task(srv, pid, 2)
    srv.expect_log(r"GW02064: attached process 'worker' of group 'att' "
                   r"\(pid \d+\) exited with status 0 after \d+ ms, stopped "
                   r"for new code; starting it again")
    assert not set(srv.daemon_pids(USER_A)) & set(web)
    # once: the web process replaced later does not restart it again
    time.sleep(1)
    assert srv.request("GET", "/hello")[0] == 200
    assert len(starts(records(srv))) == 2 and proc_alive(pid2)


def test_script_change_restarts_the_worker_too(httpd):
    srv = start(httpd)
    pid, _ = wait_started(srv)
    assert srv.request("GET", "/hello")[0] == 200
    script = srv.app("hello.wsgi")
    st = os.stat(script)
    os.utime(script, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert srv.request("GET", "/hello")[0] == 200
    srv.expect_log(r"GW04070: the WSGI script changed")
    restarted_after_its_task(srv, pid, 2)
    srv.expect_log(r"GW02063: restart-file= or a script of group 'att' "
                   r"changed: restarting its attached process 'worker'")


def test_restart_file_restarts_the_worker_without_any_request(httpd):
    # No request reaches the web processes: the parent's own look at the
    # file (its monitor pass, about every 10 s) restarts the worker.
    srv = start(httpd, before=with_restart_file,
                group_opts="restart-file=@ROOT@/restart.txt")
    pid, _ = wait_started(srv)
    time.sleep(0.05)
    touch_as(USER_B, os.path.join(srv.root, "restart.txt"))
    restarted_after_its_task(srv, pid, 2, timeout=10 + 3 + 5)
    srv.expect_log(r"GW02063: restart-file= or a script of group 'att' "
                   r"changed")
