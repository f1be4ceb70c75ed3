"""gateway-express: one WSGI script served through a private Apache that
the runner configures itself (like mod_wsgi-express)."""

import concurrent.futures
import http.client
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

from conftest import (APPS_SRC, REPO, USER_A, APACHE_USER, all_pids,
                      free_port, proc_alive, proc_cmdline,
                      require_build)

EXPRESS = os.path.join(REPO, "express", "gateway-express")


@pytest.fixture
def site(test_users):
    """A temp dir holding the app (whoami.wsgi) and a static file; every
    process of the server root is killed and the dir removed at the end."""
    require_build()
    top = tempfile.mkdtemp(prefix="gwtest-express-")
    os.chmod(top, 0o755)
    app = os.path.join(top, "app")
    static = os.path.join(top, "static")
    for d in (app, static):
        os.mkdir(d)
        os.chmod(d, 0o755)
    shutil.copyfile(os.path.join(APPS_SRC, "whoami.wsgi"),
                    os.path.join(app, "whoami.wsgi"))
    with open(os.path.join(static, "style.css"), "w") as f:
        f.write("body { color: green }\n")
    for p in (os.path.join(app, "whoami.wsgi"),
              os.path.join(static, "style.css")):
        os.chmod(p, 0o644)
    info = {"top": top, "script": os.path.join(app, "whoami.wsgi"),
            "static": static, "root": os.path.join(top, "server"),
            "port": free_port()}
    yield info
    left = server_processes(info["root"])
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    shutil.rmtree(top, ignore_errors=True)
    assert not left, "processes left behind: %r" % left


def server_processes(root):
    """Live processes started for this server root: Apache (its -f names
    the root) and the daemons (their environment came from Apache's)."""
    out = []
    for pid in all_pids():
        if pid == os.getpid() or not proc_alive(pid):
            continue
        cmd = proc_cmdline(pid) or ""
        if root + "/" in cmd:
            out.append(pid)
    return out


def express(*args, **kw):
    return subprocess.run([EXPRESS] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          timeout=60, **kw)


def get(port, path, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def wait_get(port, path, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        try:
            st, hd, body = get(port, path)
            if st == 200:
                return st, hd, body
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("GET %s on port %d not 200 within %ss"
                        % (path, port, timeout))
        time.sleep(0.1)


def wait_gone(root, timeout=10):
    deadline = time.monotonic() + timeout
    while server_processes(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    return server_processes(root)


def test_setup_only_writes_a_server_that_apachectl_drives(site):
    r = express("start-server", site["script"], "--user", USER_A,
                "--port", str(site["port"]), "--server-root", site["root"],
                "--processes", "2", "--threads", "3",
                "--url-alias", "/static", site["static"], "--setup-only")
    assert r.returncode == 0, r.stdout
    assert "http://127.0.0.1:%d/" % site["port"] in r.stdout
    conf = open(os.path.join(site["root"], "httpd.conf")).read()
    assert "Listen 127.0.0.1:%d" % site["port"] in conf
    assert "processes=2 threads=3" in conf
    # nothing runs yet
    assert not server_processes(site["root"])
    ctl = os.path.join(site["root"], "apachectl")
    r = subprocess.run([ctl, "configtest"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    assert r.returncode == 0 and "Syntax OK" in r.stdout, r.stdout
    # a clean configuration: no diagnostic of ours
    assert "GW0" not in r.stdout, r.stdout
    r = subprocess.run([ctl, "start"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    assert r.returncode == 0, r.stdout
    try:
        st, _, body = wait_get(site["port"], "/who")
        who = json.loads(body)
        assert who["uid"] == pwd.getpwnam(USER_A).pw_uid
        # two daemon processes answered at some point, all as USER_A.
        # Concurrent requests: one after the other, they would all go over
        # the same kept link to one process.
        pids = {who["pid"]}
        deadline = time.monotonic() + 10
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            while len(pids) < 2 and time.monotonic() < deadline:
                for r in ex.map(lambda _: get(site["port"], "/who"),
                                range(8)):
                    assert r[0] == 200
                    who = json.loads(r[2])
                    assert who["uid"] == pwd.getpwnam(USER_A).pw_uid
                    pids.add(who["pid"])
        assert len(pids) == 2, pids
        # the static file comes from Apache, not the app
        st, hd, body = get(site["port"], "/static/style.css")
        assert st == 200 and body == b"body { color: green }\n"
        assert hd["Content-Type"].startswith("text/css")
        assert "ETag" in hd
    finally:
        r = subprocess.run([ctl, "stop"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
    assert r.returncode == 0, r.stdout
    assert not wait_gone(site["root"])
    log = open(os.path.join(site["root"], "error_log")).read()
    assert "[gateway:error]" not in log, log


def test_start_server_runs_in_the_foreground_until_interrupted(site):
    p = subprocess.Popen([EXPRESS, "start-server", site["script"],
                          "--user", USER_A, "--port", str(site["port"]),
                          "--server-root", site["root"],
                          "--log-to-terminal", "--access-log"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True)
    try:
        st, _, body = wait_get(site["port"], "/fg?x=1")
        assert json.loads(body)["uid"] == pwd.getpwnam(USER_A).pw_uid
        # the runner became Apache (exec): Ctrl-C reaches Apache itself
        assert proc_cmdline(p.pid).startswith("/usr/sbin/apache2 -f")
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=15)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert p.returncode == 0, out
    # logs on the terminal: the access line and the daemon's start line
    assert '"GET /fg?x=1 HTTP/1.1" 200' in out, out
    assert "GW03009" in out, out
    assert not wait_gone(site["root"])


@pytest.mark.parametrize("args,message", [
    ([], "--user is required"),
    (["--user", "root"], "is root"),
    (["--user", "gwtest-no-such-user"], "no such user"),
    (["--user", USER_A, "--url-alias", "/s", "/nonexistent-dir"],
     "no such file or directory"),
])
def test_bad_arguments_are_refused_with_the_reason(site, args, message):
    r = express("start-server", site["script"], "--port",
                str(site["port"]), "--server-root", site["root"], *args)
    assert r.returncode == 2, r.stdout
    assert message in r.stdout, r.stdout
    assert not os.path.exists(site["root"])


def test_missing_script_is_refused(site):
    r = express("start-server", os.path.join(site["top"], "nope.wsgi"),
                "--user", USER_A, "--server-root", site["root"])
    assert r.returncode == 2 and "no such file" in r.stdout, r.stdout


def test_server_root_writable_by_others_is_refused(site):
    os.mkdir(site["root"])
    os.chmod(site["root"], 0o777)
    os.chown(site["root"], pwd.getpwnam(APACHE_USER).pw_uid, -1)
    r = express("start-server", site["script"], "--user", USER_A,
                "--server-root", site["root"], "--setup-only")
    assert r.returncode == 2, r.stdout
    assert "owned by root" in r.stdout, r.stdout
