"""The Debian package (make deb, docs/debian-package.md) and the refusal to
run next to mod_wsgi (GW00070).

test_deb_install_serve_purge changes the system: it installs the package
with dpkg, enables the module and a site under /etc/apache2, starts and
stops the *system* Apache with apache2ctl, and creates the system user
gwtest-deb.  A finally block puts everything back (the package purged, the
site removed, wsgi and its a2enmod state markers as they were), and the
test then checks that every enabled module, site and configuration is as
before.  It refuses to run while the system Apache runs or a copy of the
module from `make install` is in the way.
"""

import glob
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import (APACHE, APACHE_MODULES, DAEMON, MODULE_SO, REFERENCE,
                      REPO, USER_A, _read, all_pids, descendants, describe_pid,
                      free_port, proc_alive, proc_environ, proc_exe,
                      proc_starttime, proc_uids)

pytestmark = pytest.mark.skipif(
    REFERENCE != "", reason="about mod_gateway's own package and module")

PKG = "libapache2-mod-gateway"
SITE = "gwtest-deb"
SITE_FILE = "/etc/apache2/sites-available/%s.conf" % SITE
DEB_USER = "gwtest-deb"
MODS_AVAILABLE = "/etc/apache2/mods-available"
MODS_ENABLED = "/etc/apache2/mods-enabled"
MOD_WSGI = os.path.join(APACHE_MODULES, "mod_wsgi.so")
INSTALLED_DAEMON = os.path.join(APACHE_MODULES, "gateway-daemon")
INSTALLED_ATTACH = os.path.join(APACHE_MODULES, "gateway-attach")
INSTALLED_LOGGER = os.path.join(APACHE_MODULES, "gateway-logger")
INSTALLED_CTL = os.path.join(APACHE_MODULES, "gateway-ctl")
# Everything the package puts outside /usr/share/doc.
PACKAGE_FILES = [
    os.path.join(APACHE_MODULES, "mod_gateway.so"),
    INSTALLED_DAEMON,
    INSTALLED_ATTACH,
    INSTALLED_LOGGER,
    INSTALLED_CTL,
    "/usr/bin/gateway-express",
    os.path.join(MODS_AVAILABLE, "gateway.load"),
    os.path.join(MODS_AVAILABLE, "gateway.conf"),
]
DOC_DIR = "/usr/share/doc/%s" % PKG
ENABLED_LINKS = [os.path.join(MODS_ENABLED, "gateway.load"),
                 os.path.join(MODS_ENABLED, "gateway.conf")]
STATE_DIR = "/var/lib/apache2"       # a2enmod's enabled/disabled markers

# Building takes about 20 s; the first build on a slow machine, longer.
MAKE_DEB_TIMEOUT = 900


def run(cmd, timeout=120, env=None, check=False):
    """Runs cmd with no stdin; returns (returncode, stdout+stderr)."""
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=timeout, env=env)
    if check and r.returncode != 0:
        pytest.fail("%s failed (%d):\n%s" % (" ".join(cmd), r.returncode,
                                             r.stdout), pytrace=False)
    return r.returncode, r.stdout


def clean_env():
    """The caller's environment without make's, Apache's or Python's
    variables: apache2ctl and dpkg see what a shell would give them."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("APACHE_", "PYTHON", "MAKE", "GWTEST_"))
           and k not in ("MFLAGS",)}
    env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
    env["DEBIAN_FRONTEND"] = "noninteractive"
    return env


def version():
    with open(os.path.join(REPO, "configure.ac")) as f:
        m = re.search(r"AC_INIT\(\[[^]]*\],\s*\[([^]]+)\]", f.read())
    assert m, "no AC_INIT version in configure.ac"
    return m.group(1)


def arch():
    return run(["dpkg", "--print-architecture"], check=True)[1].strip()


def apache_envvar(name):
    """A value from /etc/apache2/envvars, as apache2ctl sees it."""
    return run(["sh", "-c", '. /etc/apache2/envvars && printf %s "$' + name
                + '"'], check=True)[1]


# --------------------------------------------------------------------------
# the package file
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deb():
    """Path of the .deb, built by `make deb` (which does nothing when it is
    newer than every source file).  Module scope: outside the per-test
    deadline, with a timeout of its own."""
    if os.geteuid() != 0:
        pytest.skip("the package tests must run as root")
    path = os.path.join(REPO, "build", "deb", "%s_%s_%s.deb"
                        % (PKG, version(), arch()))
    try:
        rc, out = run(["make", "-C", REPO, "deb"], timeout=MAKE_DEB_TIMEOUT,
                      env=clean_env())
    except subprocess.TimeoutExpired:
        pytest.fail("make deb did not finish in %ss" % MAKE_DEB_TIMEOUT,
                    pytrace=False)
    if rc != 0:
        pytest.fail("make deb failed (%d):\n%s" % (rc, out[-6000:]),
                    pytrace=False)
    assert os.path.isfile(path), "make deb did not produce %s:\n%s" % (
        path, out)
    return path


def test_deb_fields_and_contents(deb, tmp_path):
    fields = {}
    for f in ("Package", "Version", "Architecture", "Depends"):
        fields[f] = run(["dpkg-deb", "-f", deb, f], check=True)[1].strip()
    assert fields["Package"] == PKG
    assert fields["Version"] == version()
    assert fields["Architecture"] == arch()
    depends = [d.strip() for d in fields["Depends"].split(",")]
    # dh_apache2: the Apache module ABI; ${shlibs:Depends}: the libpython
    # gateway-daemon embeds (configure's default, /usr/bin/python3's).
    pyver = run(["/usr/bin/python3", "-c", "import sys; "
                 "print('%d.%d' % sys.version_info[:2])"], check=True)[1]
    assert any(re.fullmatch(r"apache2-api-\d{8}", d) for d in depends), \
        fields["Depends"]
    assert any(re.fullmatch(r"libpython%s( \(.*\))?" % re.escape(
        pyver.strip()), d) for d in depends), fields["Depends"]

    run(["dpkg-deb", "-x", deb, str(tmp_path)], check=True)
    for f in PACKAGE_FILES:
        assert os.path.isfile(str(tmp_path) + f), "%s not in the package" % f
    for f in (INSTALLED_DAEMON, INSTALLED_ATTACH, INSTALLED_LOGGER,
              INSTALLED_CTL, "/usr/bin/gateway-express"):
        assert os.stat(str(tmp_path) + f).st_mode & 0o777 == 0o755, f
    # gateway-ctl on the developers' PATH: beside the daemon, linked
    # (dh_link makes the link relative).
    link = os.readlink(str(tmp_path) + "/usr/bin/gateway-ctl")
    assert os.path.normpath(os.path.join("/usr/bin", link)) == \
        INSTALLED_CTL, link
    # The daemon path compiled into the module is where the package puts
    # the daemon.
    with open(str(tmp_path) + PACKAGE_FILES[0], "rb") as f:
        assert (INSTALLED_DAEMON.encode() + b"\0") in f.read()
    # gateway.load: the Conflicts line a2enmod reads (it stops at the first
    # line that is not a comment), then the LoadModule lines and nothing else.
    with open(str(tmp_path) + MODS_AVAILABLE + "/gateway.load") as f:
        lines = [l.strip() for l in f if l.strip()]
    assert lines == [
        "# Conflicts: wsgi",
        "LoadModule gateway_module %s/mod_gateway.so" % APACHE_MODULES,
        # the WSGI module's identity (test_directives_compat.py)
        "LoadModule wsgi_module %s/mod_gateway.so" % APACHE_MODULES]
    # gateway.conf: every directive commented out.
    with open(str(tmp_path) + MODS_AVAILABLE + "/gateway.conf") as f:
        conf = f.read()
    active = [l.strip() for l in conf.splitlines()
              if l.strip() and not l.strip().startswith("#")]
    assert active == ["<IfModule mod_gateway.c>", "</IfModule>"], active
    for d in ("WSGIDaemonProcess", "WSGIScriptAlias", "WSGISocketPrefix",
              "WSGIProcessGroup", "GatewayDaemonPath"):
        assert re.search(r"^\s*#%s " % d, conf, re.M), d


# --------------------------------------------------------------------------
# installing it into the system Apache
# --------------------------------------------------------------------------

def package_status():
    rc, out = run(["dpkg-query", "-W", "-f=${Status}", PKG])
    return out.strip() if rc == 0 else ""


def package_present():
    """True unless dpkg knows nothing of the package (purged or never
    installed)."""
    st = package_status()
    return bool(st) and not st.endswith("not-installed")


def apache_state():
    """Enabled modules, confs and sites (link -> target) and a2enmod's
    state markers: what the test must leave as it found it."""
    state = {}
    for d in ("mods-enabled", "conf-enabled", "sites-enabled"):
        top = os.path.join("/etc/apache2", d)
        for n in sorted(os.listdir(top)):
            p = os.path.join(top, n)
            state[p] = os.readlink(p) if os.path.islink(p) else "(file)"
    for dirpath, dirs, files in os.walk(STATE_DIR):
        for n in dirs:
            state[os.path.join(dirpath, n)] = "(directory)"
        for n in files:
            state[os.path.join(dirpath, n)] = "(marker)"
    return state


def remove_new_marker_dirs(before):
    """a2enmod and a2dismod create their marker directories on first use;
    removes the empty ones that were not there before."""
    for dirpath, dirs, files in os.walk(STATE_DIR, topdown=False):
        if dirpath not in before and dirpath != STATE_DIR and \
                not os.listdir(dirpath):
            os.rmdir(dirpath)


def module_markers(name):
    return sorted(glob.glob(os.path.join(STATE_DIR, "module", "*", name)))


def module_enabled(name):
    return os.path.lexists(os.path.join(MODS_ENABLED, name + ".load"))


def restore_module(name, was_enabled, markers):
    """Puts module `name` back: enabled or not, with the same a2enmod
    markers (enabled_by_maint after a package enabled it, ...)."""
    env = clean_env()
    if was_enabled and not module_enabled(name):
        run(["a2enmod", "-q", name], env=env, check=True)
    elif not was_enabled and module_enabled(name):
        run(["a2dismod", "-q", "-f", name], env=env, check=True)
    for m in module_markers(name):
        os.unlink(m)
    for m in markers:
        os.makedirs(os.path.dirname(m), exist_ok=True)
        open(m, "w").close()


def ensure_user(name):
    try:
        return pwd.getpwnam(name)
    except KeyError:
        run(["useradd", "--system", "--user-group", "--no-create-home",
             "--shell", "/usr/sbin/nologin", name], check=True)
        return pwd.getpwnam(name)


class SystemApache:
    """The system Apache as apache2ctl runs it, and every process of it."""

    def __init__(self):
        self.pid_file = apache_envvar("APACHE_PID_FILE")
        self.log = os.path.join(apache_envvar("APACHE_LOG_DIR"),
                                "error.log")
        self._marker = ("APACHE_PID_FILE=%s" % self.pid_file).encode()
        self._known = {}                 # pid -> start time
        self._log_mark = self._log_size()
        self.started = False

    def _log_size(self):
        try:
            return os.path.getsize(self.log)
        except OSError:
            return 0

    def log_since_start(self):
        data = _read(self.log, "rb") or b""
        return data[self._log_mark:].decode("utf-8", "replace")

    def parent(self):
        text = _read(self.pid_file)
        if text and text.strip().isdigit() and proc_alive(int(text)):
            return int(text)
        return None

    def remember(self):
        """Notes the parent and its descendants, to find them after they
        are reparented."""
        parent = self.parent()
        if parent:
            for p in [parent] + descendants(parent):
                t = proc_starttime(p)
                if t is not None:
                    self._known[p] = t

    def processes(self):
        """Live processes of it: the ones remembered, apache2 processes
        with apache2ctl's environment, and anything running the package's
        daemon, runner or logger.  (The private servers of the other tests
        have no APACHE_* variables and run the build tree's daemon.)"""
        out = []
        for pid in all_pids():
            if pid == os.getpid() or not proc_alive(pid):
                continue
            exe = proc_exe(pid)
            if (self._known.get(pid) is not None
                    and proc_starttime(pid) == self._known[pid]) \
                    or exe in (INSTALLED_DAEMON, INSTALLED_ATTACH,
                               INSTALLED_LOGGER) \
                    or (exe == APACHE and self._marker in proc_environ(pid)):
                out.append(pid)
        return sorted(out)

    def ctl(self, action, timeout=60):
        return run(["apache2ctl", action], timeout=timeout, env=clean_env())

    def start(self):
        rc, out = self.ctl("start")
        self.started = True
        if rc != 0:
            pytest.fail("apache2ctl start failed (%d):\n%s\nerror.log:\n%s"
                        % (rc, out, self.log_since_start()[-4000:]),
                        pytrace=False)
        deadline = time.monotonic() + 15
        while self.parent() is None:
            if time.monotonic() > deadline:
                pytest.fail("no Apache parent in %s 15 s after apache2ctl "
                            "start\nerror.log:\n%s"
                            % (self.pid_file, self.log_since_start()[-4000:]),
                            pytrace=False)
            time.sleep(0.1)
        self.remember()

    def stop(self, timeout=15):
        """apache2ctl stop, then waits until no process of it is left.
        Returns the descriptions of stragglers (SIGKILLed)."""
        self.remember()
        self.ctl("stop")
        deadline = time.monotonic() + timeout
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        left = self.processes()
        desc = [describe_pid(p) for p in left]
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.started = False
        return desc


APP = """\
import json
import os


def application(environ, start_response):
    body = json.dumps({"uid": os.getuid(), "pid": os.getpid(),
                       "says": "served by the package"}).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
"""

SITE_CONF = """\
Listen 127.0.0.1:{port}
<VirtualHost 127.0.0.1:{port}>
    ServerName gwtest-deb.invalid
    WSGIDaemonProcess gwtest-deb user={user} processes=1 threads=2
    WSGIScriptAlias /gwdeb {root}/app.wsgi process-group=gwtest-deb application-group=%{{GLOBAL}}
    <Directory {root}>
        Require all granted
    </Directory>
</VirtualHost>
"""


def get(port, path, timeout=15):
    """GET with retries until a 200 or `timeout`: (status, body)."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status == 200:
                return resp.status, body
            last = (resp.status, body[:500])
        except (OSError, http.client.HTTPException) as e:
            last = repr(e)
        finally:
            conn.close()
        if time.monotonic() > deadline:
            return last, None
        time.sleep(0.2)


def test_deb_install_serve_purge(deb):
    env = clean_env()
    # Refuse rather than disturb: nothing of ours may be there already.
    assert not package_present(), (
        "%s is installed (%s): remove it before running this test"
        % (PKG, package_status()))
    in_the_way = [f for f in PACKAGE_FILES + ENABLED_LINKS + [SITE_FILE]
                  if os.path.lexists(f)]
    assert not in_the_way, ("files in the way (a `make install`?): %s"
                            % ", ".join(in_the_way))
    system = SystemApache()
    assert system.parent() is None and not system.processes(), (
        "the system Apache is running; the test starts and stops it itself")

    before = apache_state()
    wsgi_known = os.path.exists(os.path.join(MODS_AVAILABLE, "wsgi.load"))
    wsgi_was_enabled = module_enabled("wsgi")
    wsgi_markers = module_markers("wsgi")
    root = tempfile.mkdtemp(prefix="gwtest-deb-")
    errors = []
    try:
        os.chmod(root, 0o755)
        with open(os.path.join(root, "app.wsgi"), "w") as f:
            f.write(APP)
        os.chmod(os.path.join(root, "app.wsgi"), 0o644)
        user = ensure_user(DEB_USER)

        # With wsgi enabled (libapache2-mod-wsgi-py3 enables it), the
        # postinst cannot enable gateway; the installation still succeeds.
        if wsgi_known and not wsgi_was_enabled:
            run(["a2enmod", "-q", "wsgi"], env=env, check=True)
        rc, out = run(["dpkg", "-i", deb], timeout=300, env=env)
        assert rc == 0, "dpkg -i failed (%d):\n%s" % (rc, out)
        # Where no policy-rc.d forbids it, the postinst's restart (after
        # enabling the module) may have started Apache: start it afresh.
        if system.processes():
            system.started = True
            assert not system.stop()
        for f in PACKAGE_FILES:
            assert os.path.isfile(f), "%s not installed" % f
        if wsgi_known:
            assert "module gateway NOT enabled" in out, out
            assert not module_enabled("gateway")
            rc, out = run(["a2enmod", "gateway"], env=env)
            assert rc != 0 and "conflicts" in out, (
                "a2enmod gateway with wsgi enabled: rc %d\n%s" % (rc, out))
            assert not module_enabled("gateway")
            run(["a2dismod", "-q", "-f", "wsgi"], env=env, check=True)
        run(["a2enmod", "gateway"], env=env, check=True)
        for link in ENABLED_LINKS:
            assert os.path.islink(link), "%s missing after a2enmod" % link

        port = free_port()
        with open(SITE_FILE, "w") as f:
            f.write(SITE_CONF.format(port=port, user=DEB_USER, root=root))
        run(["a2ensite", "-q", SITE], env=env, check=True)
        rc, out = system.ctl("configtest")
        assert rc == 0, "apache2ctl configtest failed:\n%s" % out

        system.start()
        status, body = get(port, "/gwdeb/")
        assert status == 200, "GET /gwdeb/: %r\nerror.log:\n%s" % (
            status, system.log_since_start()[-4000:])
        got = json.loads(body)
        assert got["says"] == "served by the package"
        assert got["uid"] == user.pw_uid
        # The answering process is the package's daemon, as that user.
        assert proc_exe(got["pid"]) == INSTALLED_DAEMON, describe_pid(
            got["pid"])
        assert proc_uids(got["pid"])[0] == user.pw_uid
        daemons = [p for p in system.processes()
                   if proc_exe(p) == INSTALLED_DAEMON]
        assert daemons and all(proc_uids(p) == [user.pw_uid] * 4
                               for p in daemons), [describe_pid(p)
                                                   for p in daemons]

        left = system.stop()
        assert not left, "processes left after apache2ctl stop " \
            "(SIGKILLed):\n  %s" % "\n  ".join(left)
        bad = [l for l in system.log_since_start().splitlines()
               if re.search(r"\[gateway:(error|crit|alert|emerg)\]", l)]
        assert not bad, "error.log:\n%s" % "\n".join(bad)

        run(["a2dissite", "-q", "-p", SITE], env=env, check=True)
        os.unlink(SITE_FILE)
        rc, out = run(["dpkg", "--purge", PKG], timeout=300, env=env)
        assert rc == 0, "dpkg --purge failed (%d):\n%s" % (rc, out)

        assert not package_present(), package_status()
        left = [f for f in PACKAGE_FILES + ENABLED_LINKS + [DOC_DIR]
                if os.path.lexists(f)]
        assert not left, "left after the purge: %s" % ", ".join(left)
        assert not module_markers("gateway"), module_markers("gateway")
        procs = [describe_pid(p) for p in all_pids()
                 if proc_alive(p) and proc_exe(p) in (INSTALLED_DAEMON,
                                                      INSTALLED_ATTACH,
                                                      INSTALLED_LOGGER)]
        assert not procs, "\n".join(procs)
    finally:
        # Each step on its own: one failing must not keep the others from
        # putting the system back.
        def step(what, fn):
            try:
                fn()
            except BaseException as e:   # pytest.fail is a BaseException
                errors.append("cleanup: %s: %s" % (what, e))

        if system.started or system.processes():
            step("stop Apache", system.stop)
        if os.path.lexists(os.path.join("/etc/apache2/sites-enabled",
                                        SITE + ".conf")) or \
                glob.glob(os.path.join(STATE_DIR, "site", "*", SITE)):
            step("a2dissite", lambda: run(["a2dissite", "-q", "-p", SITE],
                                          env=env, check=True))
        if os.path.lexists(SITE_FILE):
            step("remove the site", lambda: os.unlink(SITE_FILE))
        if package_present():
            step("dpkg --purge", lambda: run(["dpkg", "--purge", PKG],
                                             timeout=300, env=env,
                                             check=True))
        step("restore wsgi", lambda: restore_module(
            "wsgi", wsgi_was_enabled, wsgi_markers))
        step("remove marker directories",
             lambda: remove_new_marker_dirs(before))
        shutil.rmtree(root, ignore_errors=True)
    assert not errors, "\n".join(errors)
    after = apache_state()
    assert after == before, "Apache's enabled set or markers changed: " \
        "gone %s, new %s" % (sorted(set(before) - set(after)),
                             sorted(set(after) - set(before)))


# --------------------------------------------------------------------------
# mod_wsgi in the same Apache
# --------------------------------------------------------------------------

@pytest.mark.parametrize("wsgi_first", [False, True],
                         ids=["gateway-first", "wsgi-first"])
def test_mod_wsgi_loaded_too_fails_configtest_and_start(httpd, wsgi_first):
    if not os.path.exists(MOD_WSGI):
        pytest.skip("mod_wsgi is not installed (libapache2-mod-wsgi-py3)")
    wsgi = ["LoadModule wsgi_module %s" % MOD_WSGI]
    gateway = ["LoadModule gateway_module %s" % MODULE_SO,
               "GatewayDaemonPath %s" % DAEMON]
    # A group and a mount, so that a directive handled by the wrong module
    # would show up: the refusal must come first.
    srv = httpd("\n".join((wsgi + gateway) if wsgi_first
                          else (gateway + wsgi)) + "\n" +
                "WSGISocketPrefix @ROOT@/run/gw\n"
                "WSGIDaemonProcess clash user=%s restart-file=@ROOT@/r\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi "
                "process-group=clash\n" % USER_A,
                gateway=False, start=False)

    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00070: mod_gateway and mod_wsgi are both loaded" in out, out
    assert "a2dismod wsgi" in out and "LoadModule wsgi_module" in out, out
    assert "Syntax error" not in out and "Syntax OK" not in out, out

    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "start"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       env=srv.env(), timeout=60)
    assert r.returncode != 0, r.stdout
    assert "GW00070:" in r.stdout, r.stdout
    time.sleep(0.5)
    assert not os.path.exists(srv.pid_file)
    assert not srv.processes(), [describe_pid(p) for p in srv.processes()]
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", srv.port)) != 0
