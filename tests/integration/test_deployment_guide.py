"""docs/deployment.md is honest: its configuration and WSGI script, taken
from the guide's marked code blocks, run as the guide says.

The blocks marked `<!-- deployment-config -->` (the shop and blog sites and
the status page) are joined, with the guide's paths moved under the test
server's root (/srv/... -> ROOT/srv/..., ${APACHE_LOG_DIR} -> ROOT/logs),
its port (*:80 -> *:PORT) and its users replaced by test users (shop ->
gwtest-shop, ...); the harness's base configuration (LoadModule, User
www-data, the socket prefix) comes first, as Debian's apache2.conf does.
The directory tree is laid out as the guide's table says, with the WSGI
script of `<!-- deployment-app -->` in both sites, a venv per site and,
in it, a stand-in for Celery (fixtures/deployment/celery).

The tests run in order on one server: configtest and DUMP_WSGI, each site
answering as its own user without access to the other, each worker as its
site's user, deaths restarted, the developer's restart file (shop's only),
the developer's gateway-ctl (shop's only),
a graceful restart (systemctl reload) and a graceful stop (systemctl stop)
that let a long request and a worker's task finish.
"""

import json
import os
import pwd
import re
import shutil
import subprocess
import threading
import time

import pytest

from conftest import (APACHE, DAEMON, HERE, REFERENCE, REPO, _run,
                      module_server, per_test_view, proc_alive, proc_exe,
                      proc_status)

GUIDE = os.path.join(REPO, "docs", "deployment.md")
FIXTURES = os.path.join(HERE, "fixtures", "deployment")
RUNNER = os.path.join(os.path.dirname(DAEMON), "gateway-attach")

pytestmark = [
    pytest.mark.skipif(REFERENCE != "", reason="mod_wsgi has no "
                       "WSGIAttachDaemon or restart-file="),
    pytest.mark.skipif(not os.path.exists(RUNNER), reason="no gateway-attach "
                       "next to the daemon executable %s" % DAEMON),
]

# site -> (runtime user, deploy user) of the guide, and their test names
SITES = {"shop": ("shop", "shop-deploy"), "blog": ("blog", "blog-deploy")}
TEST_USER = {"shop": "gwtest-shop", "shop-deploy": "gwtest-shopdev",
             "blog": "gwtest-blog", "blog-deploy": "gwtest-blogdev"}


# --------------------------------------------------------------------------
# the guide's blocks
# --------------------------------------------------------------------------

def guide_blocks(marker):
    """The code blocks right after `<!-- marker -->`, as (language, text)."""
    with open(GUIDE) as f:
        text = f.read()
    found = re.findall(r"^<!-- %s -->\n```(\w+)\n(.*?)^```$"
                       % re.escape(marker), text, re.M | re.S)
    assert found, "docs/deployment.md has no block marked <!-- %s -->" % marker
    return found


def guide_config():
    blocks = guide_blocks("deployment-config")
    assert all(lang == "apache" for lang, _ in blocks)
    conf = "\n".join(body for _, body in blocks)
    assert "LoadModule" not in conf     # the harness's (Debian: a2enmod)
    conf = conf.replace("${APACHE_LOG_DIR}", "@ROOT@/logs")
    conf = conf.replace("/srv/", "@ROOT@/srv/")
    conf = conf.replace("<VirtualHost *:80>", "<VirtualHost *:@PORT@>")
    conf = re.sub(r"(?<![-\w])(user|group)=(shop|blog)\b",
                  lambda m: "%s=%s" % (m.group(1), TEST_USER[m.group(2)]),
                  conf)
    # the deploy user's own group, as useradd made it
    conf = re.sub(r"\bcontrol-group=(shop-deploy|blog-deploy)\b",
                  lambda m: "control-group=%s" % TEST_USER[m.group(1)], conf)
    return conf


def one_block(marker, lang):
    blocks = guide_blocks(marker)
    assert len(blocks) == 1 and blocks[0][0] == lang, blocks
    return blocks[0][1]


# --------------------------------------------------------------------------
# users and the tree of the guide
# --------------------------------------------------------------------------

def ensure_users():
    for name in TEST_USER.values():
        try:
            pwd.getpwnam(name)
        except KeyError:
            _run(["useradd", "--system", "--user-group", "--no-create-home",
                  "--shell", "/usr/sbin/nologin", name])
    for site, (user, deploy) in SITES.items():
        # the guide: usermod -aG shop shop-deploy
        _run(["usermod", "-aG", TEST_USER[user], TEST_USER[deploy]])


def ids(name):
    pw = pwd.getpwnam(TEST_USER[name])
    return pw.pw_uid, pw.pw_gid


def put(path, text, owner, group_of, mode):
    with open(path, "w") as f:
        f.write(text)
    os.chown(path, ids(owner)[0], ids(group_of)[1])
    os.chmod(path, mode)


def mkdir(path, owner, group_of, mode):
    os.mkdir(path)
    os.chown(path, ids(owner)[0], ids(group_of)[1])
    os.chmod(path, mode)      # after chown, which clears set-gid


def make_venv(path, deploy, user):
    """python3 -m venv, the stand-in celery package in its site-packages,
    owned by the deploy user, readable by the site's group only."""
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", path],
                   check=True)
    site = subprocess.run(
        [os.path.join(path, "bin", "python3"), "-c",
         "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    shutil.copytree(os.path.join(FIXTURES, "celery"),
                    os.path.join(site, "celery"))
    uid, gid = ids(deploy)[0], ids(user)[1]
    for dirpath, dirnames, filenames in os.walk(path):
        os.lchown(dirpath, uid, gid)
        os.chmod(dirpath, 0o2750)
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            os.lchown(p, uid, gid)
            if not os.path.islink(p) and os.path.isfile(p):
                os.chmod(p, 0o750 if os.access(p, os.X_OK) else 0o640)


def lay_out(srv):
    """The guide's table "Users and directories", under srv.root."""
    ensure_users()
    app_py = one_block("deployment-app", "python")
    os.mkdir(os.path.join(srv.root, "logs"), 0o755)
    srv_dir = os.path.join(srv.root, "srv")
    os.mkdir(srv_dir, 0o755)
    for site, (user, deploy) in SITES.items():
        top = os.path.join(srv_dir, site)
        mkdir(top, deploy, user, 0o2751)
        mkdir(os.path.join(top, "app"), deploy, user, 0o2751)
        put(os.path.join(top, "app", "app.wsgi"), app_py, deploy, user,
            0o640)
        make_venv(os.path.join(top, "venv"), deploy, user)
        mkdir(os.path.join(top, "static"), deploy, user, 0o2755)
        put(os.path.join(top, "static", "style.css"),
            "/* %s */\n" % site, deploy, user, 0o644)
        mkdir(os.path.join(top, "log"), user, user, 0o2750)
        mkdir(os.path.join(top, "data"), user, user, 0o2750)
        put(os.path.join(top, "restart.txt"), "", deploy, user, 0o640)


# --------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def guide_module(test_users):
    yield from module_server(guide_config(), "deployment",
                             before_start=lay_out)


@pytest.fixture
def guide(request, guide_module):
    yield from per_test_view(request, guide_module)


def get(srv, site, path="/", timeout=30):
    st, hd, body = srv.request("GET", path, timeout=timeout,
                               headers={"Host": "%s.example.org" % site})
    return st, body


def probe(srv, site, path="/"):
    st, body = get(srv, site, path)
    assert st == 200, body
    return json.loads(body)


def pids(srv, site):
    return srv.daemon_pids(TEST_USER[site])


def site_path(srv, site, *parts):
    return os.path.join(srv.root, "srv", site, *parts)


def worker_records(srv, site):
    try:
        with open(site_path(srv, site, "log", "celery.log")) as f:
            return [l.split() for l in f.read().splitlines()]
    except FileNotFoundError:
        return []


def wait_records(srv, site, pred, what, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        recs = worker_records(srv, site)
        if pred(recs):
            return recs
        if time.monotonic() > deadline:
            pytest.fail("%s worker record has no %s within %s s: %r\n%s"
                        % (site, what, timeout, recs, srv.error_log_tail()))
        time.sleep(0.05)


def starts(recs):
    return [int(r[1]) for r in recs if r[0] == "start"]


def current_worker(srv, site, n=None):
    """The pid of the site's n-th worker, by default of the latest one
    (waits for its start line)."""
    recs = wait_records(srv, site, lambda r: len(starts(r)) >= (n or 1),
                        "%d start line(s)" % (n or 1))
    pid = starts(recs)[(n or len(starts(recs))) - 1]
    srv._snapshot()
    return pid


def worker_count(srv, site):
    return len(starts(worker_records(srv, site)))


def warm_restarted(srv, site, old, n):
    """Waits until worker `old` finished its task and the n-th started."""
    recs = wait_records(
        srv, site, lambda r: ["stop", str(old)] in [x[:2] for x in r]
        and len(starts(r)) >= n, "warm stop of %d and start %d" % (old, n))
    task = [x for x in recs if x[:2] == ["task", str(old)]]
    stop = [x for x in recs if x[:2] == ["stop", str(old)]]
    assert task and stop and float(stop[0][2]) - float(task[0][2]) >= 0.5
    srv._snapshot()
    return starts(recs)[n - 1]


def as_user(name, *cmd):
    return subprocess.run(["runuser", "-u", TEST_USER[name], "--"] + list(cmd),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=30)


class LongRequest(threading.Thread):
    """GET /?sleep=S on a site, in the background."""

    def __init__(self, srv, site, seconds):
        super().__init__(daemon=True)
        self.args_ = (srv, site, "/?sleep=%s" % seconds)
        self.result = None
        self.start()
        time.sleep(0.3)             # let it reach a daemon process

    def run(self):
        try:
            self.result = get(*self.args_)
        except Exception as e:      # reported by the test
            self.result = (None, repr(e))

    def outcome(self):
        self.join(30)
        st, body = self.result
        assert st == 200, body
        return json.loads(body)


def apache(srv, *args):
    r = subprocess.run([APACHE, "-f", srv.conf_path] + list(args),
                       env=srv.env(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=30)
    return r.returncode, r.stdout


# --------------------------------------------------------------------------
# the tests, in the guide's order
# --------------------------------------------------------------------------

def test_configtest_gives_no_gateway_diagnostic(guide):
    rc, out = guide.configtest()
    assert rc == 0, out
    assert "GW0" not in out, out
    assert "Syntax OK" in out

    rc, out = apache(guide, "-t", "-D", "DUMP_WSGI")
    assert rc == 0, out
    for site in SITES:
        uid = pwd.getpwnam(TEST_USER[site]).pw_uid
        assert re.search(r"^  %s \(.*\)\n    user %s \(uid %d\)"
                         % (site, TEST_USER[site], uid), out, re.M), out
        assert ("may be used by: VirtualHosts with ServerName %s.example.org"
                % site) in out, out
        assert re.search(r"^  %s\.example\.org:\d+/ -> %s\n    process group "
                         "%s, application group %%\\{GLOBAL\\}"
                         % (site, re.escape(site_path(guide, site, "app",
                                                      "app.wsgi")), site),
                         out, re.M), out
    assert "default:" not in out    # no mount left to an implicit group


def test_each_site_answers_as_its_own_user_and_cannot_read_the_other(guide):
    for site, other in (("shop", "blog"), ("blog", "shop")):
        p = probe(guide, site)
        assert p["user"] == TEST_USER[site]
        assert p["pid"] in pids(guide, site)
        # its code read-only, its log and data writable, the other: nothing
        assert p["code"] == "r" and p["log"] == "rw" and p["data"] == "rw", p
        assert p["other sites"] == {other: "none"}, p
        st, body = get(guide, site, "/static/style.css")
        assert st == 200 and body == b"/* %s */\n" % site.encode()
    assert len(pids(guide, "shop")) == 2 and len(pids(guide, "blog")) == 1
    # and from outside the daemons: the other site's users read nothing
    for site, other in (("shop", "blog"), ("blog", "shop")):
        for user in SITES[site]:
            for f in ("app/app.wsgi", "log/celery.log", "restart.txt"):
                r = as_user(user, "cat", site_path(guide, other, f))
                assert r.returncode != 0 and "Permission denied" in r.stdout, \
                    (user, f, r.stdout)
    # the deploy user reads its site's logs; the runtime user cannot
    # write its code
    r = as_user("shop-deploy", "cat", site_path(guide, "shop", "log",
                                                "celery.log"))
    assert r.returncode == 0 and "start" in r.stdout, r.stdout
    r = as_user("shop", "touch", site_path(guide, "shop", "app", "app.wsgi"))
    assert r.returncode != 0, r.stdout


def test_the_status_page_shows_both_groups(guide):
    st, body = get(guide, "shop", "/gateway-status?json")
    assert st == 200, body
    groups = {g["name"]: g for g in json.loads(body)["groups"]}
    assert sorted(groups) == ["blog", "shop"]
    for site in SITES:
        assert groups[site]["user"] == TEST_USER[site]
        assert sorted(s["pid"] for s in groups[site]["slots"]) == \
            pids(guide, site)
        assert {s["state"] for s in groups[site]["slots"]} == {"running"}


def test_each_worker_runs_as_its_sites_user_under_apache(guide):
    for site in SITES:
        pid = current_worker(guide, site)
        uid = pwd.getpwnam(TEST_USER[site]).pw_uid
        rec = [r for r in worker_records(guide, site) if r[0] == "start"][-1]
        assert rec[2:] == [str(uid), site_path(guide, site, "app"), site]
        st = proc_status(pid)
        assert st["Uid"].split() == [str(uid)] * 4
        assert st["NoNewPrivs"] == "1"
        # celery <- gateway-attach <- Apache's parent
        runner = int(st["PPid"])
        assert proc_exe(runner) == os.path.realpath(RUNNER)
        assert proc_status(runner)["Uid"].split() == [str(uid)] * 4
        assert int(proc_status(runner)["PPid"]) == guide.pid
        # (logged at the start, before this test's part of the log)
        assert re.search(r"GW02052: started attached process 'celery' of "
                         r"group '%s' \(pid %d, user %s\)"
                         % (site, runner, TEST_USER[site]),
                         guide.error_log()), guide.error_log_tail()


def test_dead_processes_are_restarted(guide):
    # a web process
    victim = pids(guide, "shop")[0]
    os.kill(victim, 9)
    fresh = guide.wait_daemon_pids(TEST_USER["shop"], 2, exclude=[victim])
    assert len(fresh) == 2 and victim not in fresh
    guide.expect_log(r"GW02002: daemon process %d of group 'shop' was killed "
                     r"by signal 9 \(SIGKILL\)" % victim)
    probe(guide, "shop")
    # a worker
    old = current_worker(guide, "blog")
    n = worker_count(guide, "blog")
    os.kill(old, 9)
    new = current_worker(guide, "blog", n + 1)
    assert new != old and proc_alive(new)
    guide.expect_log(r"GW02053: attached process 'celery' of group 'blog' "
                     r"\(pid \d+\) exited with status \d+ .*; restarting it")
    guide.allow_log(r"GW06005: \[attach celery\]")


def test_developer_restart_file_replaces_only_that_sites_processes(guide):
    old_shop, old_blog = pids(guide, "shop"), pids(guide, "blog")
    shop_worker = current_worker(guide, "shop")
    blog_worker = current_worker(guide, "blog")
    n_shop = worker_count(guide, "shop")
    long = LongRequest(guide, "shop", 1.5)

    restart = site_path(guide, "shop", "restart.txt")
    r = as_user("blog-deploy", "touch", restart)
    assert r.returncode != 0, "blog's developer could touch shop's file"
    r = as_user("shop", "touch", restart)
    assert r.returncode != 0, "shop's runtime user could touch its file"
    r = as_user("shop-deploy", "touch", restart)
    assert r.returncode == 0, r.stdout

    # each web process of shop is replaced at its next request
    deadline = time.monotonic() + 10
    while True:
        p = probe(guide, "shop")
        now = pids(guide, "shop")
        if len(now) == 2 and not set(now) & set(old_shop) \
                and p["pid"] not in old_shop:
            break
        assert time.monotonic() < deadline, (old_shop, now)
        time.sleep(0.1)
    # the long request was not cut: its old process finished it
    assert long.outcome()["pid"] in old_shop
    # the worker: warm shutdown, then a new one, by mod_gateway itself
    assert warm_restarted(guide, "shop", shop_worker, n_shop + 1) != \
        shop_worker
    guide.expect_log(r"GW02063: restart-file= or a script of group 'shop' "
                     r"changed: restarting its attached process 'celery' "
                     r"\(pid \d+\): sent it SIGTERM")
    guide.expect_log(r"GW02064: attached process 'celery' of group 'shop' "
                     r"\(pid \d+\) exited with status 0 after \d+ ms, "
                     r"stopped for new code; starting it again")
    # once for the one touch, though both web processes recycled
    time.sleep(1)
    probe(guide, "shop")
    assert worker_count(guide, "shop") == n_shop + 1
    # blog: untouched
    assert pids(guide, "blog") == old_blog
    assert probe(guide, "blog")["pid"] in old_blog
    assert starts(worker_records(guide, "blog"))[-1] == blog_worker
    assert proc_alive(blog_worker)


def gateway_ctl(srv, name, *args):
    """gateway-ctl as the guide's user name, with its own groups."""
    return as_user(name, os.path.join(REPO, "gateway-ctl"), "--socket",
                   os.path.join(srv.run_dir, "gw.control.sock"), *args)


def test_developer_controls_the_site_with_gateway_ctl(guide):
    old_shop, old_blog = pids(guide, "shop"), pids(guide, "blog")
    r = gateway_ctl(guide, "shop-deploy", "status", "--json")
    assert r.returncode == 0, r.stdout
    [g] = json.loads(r.stdout)["groups"]
    assert g["name"] == "shop" and g["control"] == TEST_USER["shop-deploy"]
    assert sorted(s["pid"] for s in g["slots"]) == old_shop
    # Not the other site's, nor the runtime user's.
    for who in ("blog-deploy", "shop"):
        r = gateway_ctl(guide, who, "restart", "shop")
        assert r.returncode == 1 and "refused: uid" in r.stdout, \
            (who, r.stdout)
    guide.allow_log(r"GW02187: gateway-ctl: refused restart shop")
    # shop's processes are older than 5 s by now: replaced at once, with a
    # long request finishing in its old process.
    long = LongRequest(guide, "shop", 1.5)
    r = gateway_ctl(guide, "shop-deploy", "restart", "shop", "--wait")
    assert r.returncode == 0, r.stdout
    assert "every process is new and takes requests" in r.stdout, r.stdout
    assert long.outcome()["pid"] in old_shop
    now = pids(guide, "shop")
    assert len(now) == 2 and not set(now) & set(old_shop)
    assert probe(guide, "shop")["pid"] in now
    assert pids(guide, "blog") == old_blog


def test_graceful_restart_lets_requests_and_tasks_finish(guide):
    """systemctl reload apache2 (apachectl graceful)."""
    old = {s: pids(guide, s) for s in SITES}
    workers = {s: current_worker(guide, s) for s in SITES}
    counts = {s: worker_count(guide, s) for s in SITES}
    long = LongRequest(guide, "blog", 1.5)
    rc, out = apache(guide, "-k", "graceful")
    assert rc == 0, out
    for s in SITES:
        assert warm_restarted(guide, s, workers[s], counts[s] + 1) != \
            workers[s]
        guide.expect_log(r"GW02056: attached process 'celery' of group '%s' "
                         r"\(pid \d+\) kept across the restart \(configuration "
                         r"unchanged\); sent it reload-signal SIGTERM" % s)
    assert long.outcome()["pid"] in old["blog"]
    for s in SITES:
        p = probe(guide, s)
        assert p["pid"] not in old[s] and p["user"] == TEST_USER[s]


def test_graceful_stop_waits_for_the_workers_tasks(guide):
    """systemctl stop apache2 (Debian: apachectl graceful-stop)."""
    workers = {s: current_worker(guide, s) for s in SITES}
    long = LongRequest(guide, "shop", 1.5)
    guide._snapshot()
    rc, out = apache(guide, "-k", "graceful-stop")
    assert rc == 0, out
    deadline = time.monotonic() + 15
    while proc_alive(guide.pid) or guide.processes():
        assert time.monotonic() < deadline, guide.processes()
        time.sleep(0.1)
    for s in SITES:
        recs = [x[:2] for x in worker_records(guide, s)]
        assert ["task", str(workers[s])] in recs, recs
        assert ["stop", str(workers[s])] in recs, recs
    assert long.outcome()["user"] == TEST_USER["shop"]
    assert guide.sockets() == []
