"""Integration test harness for mod_gateway.

Every test server is a private Apache httpd: its own ServerRoot in a temp
directory, its own httpd.conf, its own port on 127.0.0.1.  Nothing in
/etc/apache2 is read and apache2ctl is never used.

Assumptions the build must satisfy (see also README in this folder):
  * <repo>/.libs/mod_gateway.so exists and defines `gateway_module`;
  * <repo>/gateway-daemon exists and is executable;
  * the module accepts `GatewayDaemonPath` and mod_wsgi's directives;
  * daemon processes can be attributed to the server that started them:
    they descend from the Apache parent, or keep the environment variable
    GWTEST_SERVER_ROOT the harness puts into Apache's environment, or have
    the ServerRoot in their command line.

Only the standard library is used; run with /usr/bin/python3 -m pytest.
"""

import errno
import grp
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
APPS_SRC = os.path.join(HERE, "apps")

APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
MODULE_SO = os.path.join(REPO, ".libs", "mod_gateway.so")
# GWTEST_DAEMON overrides the daemon executable (make check-asan points it
# at the sanitizer build); GatewayDaemonPath and daemon_pids() follow it.
DAEMON = os.environ.get("GWTEST_DAEMON") or os.path.join(REPO,
                                                         "gateway-daemon")
# make check-asan: AddressSanitizer reserves terabytes of address space and
# keeps shadow memory, so tests that measure or limit a daemon's memory
# mean nothing there; they run in make check.
SANITIZED = os.path.basename(os.path.dirname(DAEMON)) == "asan"
plain_daemon_only = pytest.mark.skipif(
    SANITIZED, reason="measures or limits memory: not under AddressSanitizer")

# GWTEST_REFERENCE=mod_wsgi runs the same tests against Debian's mod_wsgi
# (same directive names) instead of mod_gateway: a check of the tests
# themselves against the reference implementation.  Its daemons are forks
# of apache2, so that is the executable daemon_pids() looks for.
REFERENCE = os.environ.get("GWTEST_REFERENCE", "")
if REFERENCE == "mod_wsgi":
    DAEMON_EXE = "/usr/sbin/apache2"
    GATEWAY_LINES = ["LoadModule wsgi_module %s/mod_wsgi.so" % APACHE_MODULES]
elif REFERENCE:
    raise RuntimeError("GWTEST_REFERENCE must be empty or mod_wsgi")
else:
    DAEMON_EXE = DAEMON
    GATEWAY_LINES = ["LoadModule gateway_module %s" % MODULE_SO,
                     "GatewayDaemonPath %s" % DAEMON]

USER_A = "gwtest-a"
USER_B = "gwtest-b"
# A third local user, neither a group's nor Apache's: the attacker of
# tests/integration/test_security_sockets.py.
USER_C = "gwtest-c"
EXTRA_GROUP = "gwtest-extra"
APACHE_USER = "www-data"

# GWTEST_MPM chooses the MPM of every server: event (the default), worker
# or prefork.  `make integration` runs test_core.py once more under each of
# the other two.
MPMS = ("event", "worker", "prefork")
MPM = os.environ.get("GWTEST_MPM") or "event"
if MPM not in MPMS:
    raise RuntimeError("GWTEST_MPM must be one of %s, not %r"
                       % (", ".join(MPMS), MPM))

# Modules the base config needs.  Debian builds some of them into the
# apache2 binary (log_config, unixd): a LoadModule for a built-in module is
# skipped, so the line is only written when the .so exists.
BASE_MODULES = [
    ("mpm_%s_module" % MPM, "mod_mpm_%s.so" % MPM),
    ("authz_core_module", "mod_authz_core.so"),
    ("authz_host_module", "mod_authz_host.so"),
    ("unixd_module", "mod_unixd.so"),
    ("log_config_module", "mod_log_config.so"),
    ("mime_module", "mod_mime.so"),
    ("alias_module", "mod_alias.so"),
    ("dir_module", "mod_dir.so"),
]

ERROR_LINE_RE = re.compile(r"\[(\w+:)?(error|crit|alert|emerg)\]")

# httpd's own noise, not about anything under test: the event MPM now and
# then logs AH03093 (EBADF adding a keep-alive connection to its pollset)
# when a client closes right as a request ends, with or without our module.
HTTPD_NOISE_RE = re.compile(r"\[mpm_event:error\] .*AH03093: ")

# A guard against hangs: no pytest-timeout plugin here, so every test runs
# under a SIGALRM deadline (seconds; GWTEST_TIMEOUT overrides; 0 disables).
TEST_TIMEOUT = float(os.environ.get("GWTEST_TIMEOUT", "180"))

# Environment marker put into Apache's environment so that processes it
# starts can be found again even when they are reparented.
MARKER_VAR = "GWTEST_SERVER_ROOT"


# --------------------------------------------------------------------------
# /proc helpers
# --------------------------------------------------------------------------

def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    except OSError as e:
        if e.errno in (errno.ESRCH, errno.ENOENT):
            return None
        raise


def proc_status(pid):
    """Fields of /proc/PID/status as a dict of str, or None if gone."""
    text = _read("/proc/%d/status" % pid)
    if text is None:
        return None
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip()
    return out


def proc_uids(pid):
    st = proc_status(pid)
    if st is None:
        return None
    return [int(x) for x in st["Uid"].split()]


def proc_gids(pid):
    st = proc_status(pid)
    if st is None:
        return None
    return [int(x) for x in st["Gid"].split()]


def proc_alive(pid):
    """True if the pid exists and is not a zombie."""
    st = proc_status(pid)
    if st is None:
        return False
    return not st.get("State", "").startswith(("Z", "X"))


def proc_exe(pid):
    try:
        exe = os.readlink("/proc/%d/exe" % pid)
    except OSError:
        return None
    if exe.endswith(" (deleted)"):
        exe = exe[: -len(" (deleted)")]
    return exe


def proc_cmdline(pid):
    raw = _read("/proc/%d/cmdline" % pid, "rb")
    if raw is None:
        return None
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()


def proc_environ(pid):
    raw = _read("/proc/%d/environ" % pid, "rb")
    if raw is None:
        return []
    return raw.split(b"\0")


def proc_starttime(pid):
    raw = _read("/proc/%d/stat" % pid)
    if raw is None:
        return None
    # comm may hold spaces and parentheses: split after the last ')'
    rest = raw[raw.rfind(")") + 2:].split()
    return int(rest[19])  # field 22 overall


def all_pids():
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def ppid_map():
    m = {}
    for pid in all_pids():
        st = proc_status(pid)
        if st is not None:
            m[pid] = int(st.get("PPid", "0"))
    return m


def descendants(root_pid):
    m = ppid_map()
    children = {}
    for pid, ppid in m.items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], [root_pid]
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def describe_pid(pid):
    st = proc_status(pid) or {}
    return "pid %d uid %s state %s exe %s cmdline %r" % (
        pid, st.get("Uid"), st.get("State"), proc_exe(pid),
        proc_cmdline(pid))


def poll(fn, timeout=10, interval=0.05):
    """Calls fn() until it returns something true or `timeout` seconds
    have passed; returns the last result."""
    deadline = time.monotonic() + timeout
    while True:
        r = fn()
        if r or time.monotonic() > deadline:
            return r
        time.sleep(interval)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


# --------------------------------------------------------------------------
# TLS (mod_ssl)
# --------------------------------------------------------------------------

def require_apache_modules(*names):
    """Skips the test unless every mod_NAME.so is installed."""
    missing = [n for n in names if not os.path.exists(
        os.path.join(APACHE_MODULES, "mod_%s.so" % n))]
    if missing:
        pytest.skip("Apache modules not installed: %s" % ", ".join(missing))


def tls_config(port, inside=""):
    """mod_ssl (with an shmcb session cache) and a TLS <VirtualHost> on
    127.0.0.1:`port` using the certificate make_tls_cert() writes into the
    server root; `inside` goes into the virtual host.  The main server's
    mounts apply there too (a virtual host inherits them)."""
    require_apache_modules("ssl", "socache_shmcb")
    return """
LoadModule socache_shmcb_module %(m)s/mod_socache_shmcb.so
LoadModule ssl_module %(m)s/mod_ssl.so
SSLSessionCache shmcb:@ROOT@/run/ssl_scache(512000)
Listen 127.0.0.1:%(port)d https
<VirtualHost 127.0.0.1:%(port)d>
    ServerName 127.0.0.1
    SSLEngine on
    SSLCertificateFile @ROOT@/tls/cert.pem
    SSLCertificateKeyFile @ROOT@/tls/key.pem
%(inside)s
</VirtualHost>
""" % {"m": APACHE_MODULES, "port": port, "inside": inside}


def make_tls_cert(srv):
    """A self-signed certificate for 127.0.0.1 made with the openssl CLI,
    in <root>/tls (cert.pem, key.pem); call it before srv.start()."""
    if not shutil.which("openssl"):
        pytest.skip("openssl command not installed")
    tls = os.path.join(srv.root, "tls")
    os.makedirs(tls, 0o700, exist_ok=True)
    key, cert = os.path.join(tls, "key.pem"), os.path.join(tls, "cert.pem")
    _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
          "-keyout", key, "-out", cert, "-days", "1", "-subj",
          "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
          "-addext", "basicConstraints=critical,CA:FALSE"])
    return cert, key


def tls_context():
    """A client context that accepts the self-signed certificate."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


# --------------------------------------------------------------------------
# test users
# --------------------------------------------------------------------------

def _run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd, r.returncode,
                                                    r.stdout))
    return r.stdout


def ensure_test_users():
    """Creates gwtest-a, gwtest-b, gwtest-c and gwtest-extra
    idempotently."""
    if os.geteuid() != 0:
        pytest.skip("integration tests must run as root")
    for user in (USER_A, USER_B, USER_C):
        try:
            pwd.getpwnam(user)
        except KeyError:
            _run(["useradd", "--system", "--user-group", "--no-create-home",
                  "--shell", "/usr/sbin/nologin", user])
    try:
        grp.getgrnam(EXTRA_GROUP)
    except KeyError:
        _run(["groupadd", "--system", EXTRA_GROUP])
    if USER_A not in grp.getgrnam(EXTRA_GROUP).gr_mem:
        _run(["usermod", "-aG", EXTRA_GROUP, USER_A])
    pwd.getpwnam(APACHE_USER)  # comes with the apache2 package


@pytest.fixture(scope="session")
def test_users():
    ensure_test_users()
    a, b = pwd.getpwnam(USER_A), pwd.getpwnam(USER_B)
    return {
        "a": a, "b": b, "c": pwd.getpwnam(USER_C),
        "extra_gid": grp.getgrnam(EXTRA_GROUP).gr_gid,
        "www": pwd.getpwnam(APACHE_USER),
    }


def require_debian_python(code, package):
    """Runs `code` with Debian's /usr/bin/python3 (the one the daemons
    embed) and returns what it printed; fails (never skips) when it does
    not succeed, e.g. because `package` is not installed."""
    r = subprocess.run(["/usr/bin/python3", "-c", code],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        pytest.fail("%s is not installed for /usr/bin/python3: "
                    "run build/install-deps (as root)\n%s"
                    % (package, r.stdout), pytrace=False)
    return r.stdout


def require_build(gateway=True):
    """Fails the test when the module or daemon has not been built."""
    if not gateway or REFERENCE:
        return
    missing = [p for p in (MODULE_SO, DAEMON) if not os.path.exists(p)]
    if missing:
        pytest.fail("build output missing (run make): %s"
                    % ", ".join(missing), pytrace=False)


# --------------------------------------------------------------------------
# the private httpd
# --------------------------------------------------------------------------

class HttpdServer:
    """A private Apache httpd with its own ServerRoot.

    `config` is appended after the base configuration; the placeholders
    @ROOT@, @APPS@, @REPO@ and @PORT@ are replaced.
    """

    def __init__(self, config="", gateway=True, log_level="info",
                 name="httpd"):
        require_build(gateway)
        self.gateway = gateway
        self.log_level = log_level
        self.root = tempfile.mkdtemp(prefix="gwtest-%s-" % name)
        os.chmod(self.root, 0o755)
        self.run_dir = os.path.join(self.root, "run")
        self.apps = os.path.join(self.root, "apps")
        self.htdocs = os.path.join(self.root, "htdocs")
        # a place the daemon users may write to (close() markers etc.)
        self.scratch = os.path.join(self.root, "scratch")
        for d in (self.run_dir, self.apps, self.htdocs):
            os.mkdir(d)
            os.chmod(d, 0o755)
        os.mkdir(self.scratch)
        os.chmod(self.scratch, 0o1777)
        self.conf_path = os.path.join(self.root, "httpd.conf")
        self.pid_file = os.path.join(self.root, "httpd.pid")
        self.log_path = os.path.join(self.root, "error.log")
        self.port = free_port()
        self.pid = None
        self.running = False
        self.failed = False          # set by the fixtures: keep the dir
        self._known = {}             # pid -> starttime of processes seen
        self._log_mark = 0
        self._exempt = []            # regexes exempt from the log check
        self._expected = []
        self.install_apps()
        self.write_config(config)

    # ---- setup --------------------------------------------------------

    def install_apps(self, names=None):
        """Copies apps from tests/integration/apps (all of them by default)
        into <root>/apps, mode 0644."""
        if names is None:
            names = [n for n in os.listdir(APPS_SRC) if n.endswith(".wsgi")]
        for n in names:
            dst = os.path.join(self.apps, n)
            shutil.copyfile(os.path.join(APPS_SRC, n), dst)
            os.chmod(dst, 0o644)

    def app(self, name):
        return os.path.join(self.apps, name)

    def copy_fixture(self, src, name, skip=()):
        """Copies the directory `src` (under tests/integration/fixtures)
        to <root>/`name`, leaving out __pycache__, *.pyc and the `skip`
        patterns; directories 0755, files 0644, all root's.  Returns the
        copy's path."""
        dst = os.path.join(self.root, name)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc", *skip))
        for dirpath, _dirs, files in os.walk(dst):
            os.chmod(dirpath, 0o755)
            for n in files:
                os.chmod(os.path.join(dirpath, n), 0o644)
        return dst

    def subst(self, text):
        return (text.replace("@ROOT@", self.root)
                .replace("@APPS@", self.apps)
                .replace("@REPO@", REPO)
                .replace("@PORT@", str(self.port)))

    def base_config(self):
        lines = [
            "ServerRoot %s" % self.root,
            "Listen 127.0.0.1:%d" % self.port,
            "ServerName 127.0.0.1",
            "PidFile %s" % self.pid_file,
            "ErrorLog %s" % self.log_path,
            "LogLevel %s" % self.log_level,
            "DefaultRuntimeDir %s" % self.run_dir,
        ]
        for mod, so in BASE_MODULES:
            path = os.path.join(APACHE_MODULES, so)
            if os.path.exists(path):
                lines.append("LoadModule %s %s" % (mod, path))
        lines += [
            "User %s" % APACHE_USER,
            "Group %s" % APACHE_USER,
            "TypesConfig /etc/mime.types",
            "Timeout 10",
            "DocumentRoot %s" % self.htdocs,
            "<Directory />",
            "    AllowOverride None",
            "    Require all denied",
            "</Directory>",
            "<Directory %s>" % self.htdocs,
            "    Require all granted",
            "</Directory>",
            "<Directory %s>" % self.apps,
            "    Require all granted",
            "</Directory>",
        ]
        if self.gateway:
            lines += GATEWAY_LINES + [
                "WSGISocketPrefix %s" % os.path.join(self.run_dir, "gw"),
            ]
        return "\n".join(lines) + "\n"

    def write_config(self, config=""):
        self.config = self.subst(config)
        with open(self.conf_path, "w") as f:
            f.write(self.base_config())
            f.write("\n# ---- test config ----\n")
            f.write(self.config)
            f.write("\n")

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("APACHE_") and not k.startswith("PYTHON")}
        env[MARKER_VAR] = self.root
        return env

    def _require_build(self):
        require_build(self.gateway)

    # ---- running --------------------------------------------------------

    def configtest(self):
        """`apache2 -t -f conf`: returns (returncode, stdout+stderr)."""
        self._require_build()
        r = subprocess.run([APACHE, "-t", "-f", self.conf_path],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, env=self.env(),
                           timeout=60)
        return r.returncode, r.stdout

    def start(self, timeout=15):
        self._require_build()
        assert not self.running
        if os.path.exists(self.pid_file):
            os.unlink(self.pid_file)
        try:
            r = subprocess.run([APACHE, "-f", self.conf_path, "-k", "start"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               universal_newlines=True, env=self.env(),
                               timeout=timeout)
        except subprocess.TimeoutExpired as e:
            self.running = True
            self._force_cleanup()
            pytest.fail("apache2 -k start did not return in %ss: %s\n%s"
                        % (timeout, e.output, self.error_log_tail()))
        if r.returncode != 0:
            self._force_cleanup()
            pytest.fail("apache2 -k start failed (%d): %s\nerror.log:\n%s"
                        % (r.returncode, r.stdout, self.error_log_tail()))
        self.running = True
        deadline = time.monotonic() + timeout
        while True:
            pid = self._read_pid()
            if pid and self._port_open():
                self.pid = pid
                break
            if time.monotonic() > deadline:
                self.pid = pid
                self._force_cleanup()
                pytest.fail("httpd did not come up within %ss (pid %r)\n"
                            "error.log:\n%s"
                            % (timeout, pid, self.error_log_tail()))
            time.sleep(0.05)
        self._snapshot()
        return self

    def _read_pid(self):
        text = _read(self.pid_file)
        if not text or not text.strip().isdigit():
            return None
        return int(text.strip())

    def _port_open(self):
        try:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=1)
        except OSError:
            return False
        s.close()
        return True

    def _snapshot(self):
        """Remembers the Apache parent and its descendants (with their
        start times, to survive pid reuse) for the leftover check."""
        if self.pid and proc_alive(self.pid):
            for p in [self.pid] + descendants(self.pid):
                t = proc_starttime(p)
                if t is not None:
                    self._known[p] = t

    def _belongs(self, pid):
        if pid == os.getpid():
            return False
        if pid in self._known and proc_starttime(pid) == self._known[pid]:
            return True
        marker = ("%s=%s" % (MARKER_VAR, self.root)).encode()
        if marker in proc_environ(pid):
            return True
        cmd = proc_cmdline(pid)
        if cmd and (self.conf_path in cmd or self.root + "/" in cmd):
            return True
        return False

    def processes(self):
        """Live (non-zombie) processes attributed to this server."""
        out = []
        for pid in all_pids():
            if proc_alive(pid) and self._belongs(pid):
                out.append(pid)
        return out

    def daemon_pids(self, user):
        """Live gateway-daemon processes of this server whose real uid is
        `user`'s (identified by /proc/PID/exe)."""
        self._snapshot()
        uid = pwd.getpwnam(user).pw_uid
        daemon = os.path.realpath(DAEMON_EXE)
        out = []
        for pid in all_pids():
            uids = proc_uids(pid)
            if uids is None or uids[0] != uid or not proc_alive(pid):
                continue
            if proc_exe(pid) != daemon:
                continue
            if self._belongs(pid):
                out.append(pid)
        return sorted(out)

    def wait_daemon_pids(self, user, count, timeout=10, exclude=()):
        """Polls daemon_pids until `count` pids not in `exclude` exist."""
        deadline = time.monotonic() + timeout
        while True:
            pids = [p for p in self.daemon_pids(user) if p not in exclude]
            if len(pids) >= count or time.monotonic() > deadline:
                return pids
            time.sleep(0.1)

    def stop(self, timeout=10):
        """Stops httpd (SIGTERM to the parent, like -k stop) and fails if the
        parent or any process started from this ServerRoot is still there
        after `timeout` seconds (stragglers are SIGKILLed first)."""
        if not self.running:
            return
        self._snapshot()
        self.running = False
        pid = self.pid or self._read_pid()
        if pid and proc_alive(pid):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        while True:
            parent_alive = bool(pid) and proc_alive(pid)
            left = self.processes()
            if not parent_alive and not left:
                return
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        desc = [describe_pid(p) for p in sorted(set(left + ([pid] if
                parent_alive else [])))]
        self._kill_all(left + ([pid] if parent_alive else []))
        self.failed = True
        pytest.fail("processes left %ss after stopping httpd (SIGKILLed):\n  "
                    "%s\nerror.log tail:\n%s"
                    % (timeout, "\n  ".join(desc), self.error_log_tail()),
                    pytrace=False)

    def _kill_all(self, pids):
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while any(proc_alive(p) for p in pids) and \
                time.monotonic() < deadline:
            time.sleep(0.05)

    def _force_cleanup(self):
        """Best effort after a failed start: kill whatever it left."""
        pid = self._read_pid()
        if pid and proc_alive(pid):
            self._known.setdefault(pid, proc_starttime(pid))
            self._snapshot()
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 5
            while proc_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
        self._kill_all(self.processes())
        self.running = False
        self.failed = True

    def cleanup(self):
        if self.failed:
            sys.stderr.write("\nkept server root of failed test: %s\n"
                             % self.root)
            print("kept server root of failed test: %s" % self.root)
            return
        shutil.rmtree(self.root, ignore_errors=True)

    # ---- HTTP ---------------------------------------------------------

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)

    def request(self, method, path, body=None, headers=None, chunked=False,
                timeout=30):
        """One request on a fresh connection: (status, headers, body)."""
        conn = self.connection(timeout)
        try:
            hdrs = dict(headers or {})
            if chunked:
                hdrs["Transfer-Encoding"] = "chunked"
                conn.request(method, path, body=body, headers=hdrs,
                             encode_chunked=True)
            else:
                conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, resp.headers, data
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def wait_ok(self, path, timeout=15):
        deadline = time.monotonic() + timeout
        last = None
        while True:
            try:
                st, hd, body = self.request("GET", path, timeout=10)
                if st == 200:
                    return st, hd, body
                last = (st, body[:500])
            except (OSError, http.client.HTTPException) as e:
                last = repr(e)
            if time.monotonic() > deadline:
                pytest.fail("GET %s not 200 within %ss; last: %r"
                            % (path, timeout, last))
            time.sleep(0.1)

    # ---- error log ------------------------------------------------------

    def error_log(self):
        data = _read(self.log_path, "rb")
        return "" if data is None else data.decode("utf-8", "replace")

    def error_log_tail(self, n=60):
        return "\n".join(self.error_log().splitlines()[-n:])

    def _log_since_mark(self):
        data = _read(self.log_path, "rb") or b""
        return data[self._log_mark:].decode("utf-8", "replace")

    def begin_test(self):
        data = _read(self.log_path, "rb") or b""
        self._log_mark = len(data)
        self._exempt = []

    def expect_log(self, regex, timeout=10):
        """Asserts that a line matching `regex` appears in error.log (since
        the start of the current test; waits up to `timeout` s) and exempts
        lines matching it from the error-line check.  Returns the lines."""
        pat = re.compile(regex)
        self._exempt.append(pat)
        deadline = time.monotonic() + timeout
        while True:
            lines = [l for l in self._log_since_mark().splitlines()
                     if pat.search(l)]
            if lines:
                return lines
            if time.monotonic() > deadline:
                pytest.fail("error.log has no line matching %r within %ss; "
                            "log since test start:\n%s"
                            % (regex, timeout, self._log_since_mark()[-6000:]))
            time.sleep(0.1)

    def allow_log(self, regex):
        """Exempts lines matching `regex` without requiring them."""
        self._exempt.append(re.compile(regex))

    def unexpected_errors(self):
        bad = []
        for line in self._log_since_mark().splitlines():
            if ERROR_LINE_RE.search(line) and \
                    not HTTPD_NOISE_RE.search(line) and \
                    not any(p.search(line) for p in self._exempt):
                bad.append(line)
        return bad

    def end_test(self):
        """Returns a failure message for unexpected error lines, or None."""
        bad = self.unexpected_errors()
        self.begin_test()
        if bad:
            return ("error.log has unexpected error-level lines "
                    "(server root %s):\n%s" % (self.root, "\n".join(bad[:80])))
        return None

    # ---- misc -----------------------------------------------------------

    def sockets(self):
        """Unix socket files under <root>/run."""
        out = []
        for dirpath, _dirs, files in os.walk(self.run_dir):
            for fn in files:
                p = os.path.join(dirpath, fn)
                try:
                    if stat.S_ISSOCK(os.lstat(p).st_mode):
                        out.append(p)
                except FileNotFoundError:
                    pass
        return sorted(out)


# --------------------------------------------------------------------------
# pytest plumbing
# --------------------------------------------------------------------------

@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _item_failed(item):
    return any(getattr(item, "rep_" + w, None) is not None and
               getattr(item, "rep_" + w).failed for w in ("setup", "call"))


class _Alarm(Exception):
    pass


@pytest.fixture(autouse=True)
def _deadline(request):
    """Per-test wall-clock guard (no pytest-timeout plugin available)."""
    if TEST_TIMEOUT <= 0:
        yield
        return

    def on_alarm(signum, frame):
        raise _Alarm("test exceeded GWTEST_TIMEOUT=%ss" % TEST_TIMEOUT)

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _finish(servers, failed):
    """Stops servers, checks logs and leftovers; returns error messages."""
    errors = []
    for srv in servers:
        try:
            srv.stop()
        except BaseException as e:  # pytest.fail raises a BaseException
            errors.append(str(e))
            srv.failed = True
        msg = srv.end_test()
        if msg and failed:
            # the test failed already: show the lines, don't fail twice
            sys.stderr.write("\n" + msg + "\n")
        elif msg:
            errors.append(msg)
            srv.failed = True
        if failed:
            srv.failed = True
        srv.cleanup()
    return errors


@pytest.fixture
def httpd(request, test_users):
    """Factory for per-test servers: httpd(config, gateway=True,
    log_level='info', start=True).  At teardown every server is stopped,
    leftovers and error.log are checked, and the root is removed unless
    the test failed."""
    servers = []

    def make(config="", gateway=True, log_level="info", start=True):
        srv = HttpdServer(config, gateway=gateway, log_level=log_level,
                          name=request.node.name[:40].replace("/", "_"))
        servers.append(srv)
        if start:
            srv.start()
        return srv

    yield make
    errors = _finish(servers, _item_failed(request.node))
    if errors:
        pytest.fail("\n\n".join(errors), pytrace=False)


class SharedServer:
    """A module-scoped server started on first use.  Test modules define

        core_module, core = shared_server(CONFIG, "core", "core")

    (or the two fixtures shared_server() makes, written out with
    module_server() and per_test_view()), so every test gets its own
    error.log check on the shared server.  module_server(...,
    before_start=fn) calls fn(server) once, after its root is made and
    before it starts (a certificate, a password file, an application to
    install); require=fn is called before the server is made, by every
    test until the server exists (fails or skips when something the
    server needs is missing); start_timeout= is for srv.start()."""

    def __init__(self, config, name, before_start=None, require=None,
                 start_timeout=15, **kw):
        self.config = config
        self.name = name
        self.before_start = before_start   # called with the server
        self.require = require
        self.start_timeout = start_timeout
        self.kw = kw
        self.srv = None
        self.start_error = None

    def get(self):
        if self.start_error is not None:
            pytest.fail("shared server %s did not start: %s"
                        % (self.name, self.start_error), pytrace=False)
        if self.srv is None:
            if self.require is not None:
                self.require()
            self.srv = HttpdServer(self.config, name=self.name, **self.kw)
            try:
                if self.before_start is not None:
                    self.before_start(self.srv)
                self.srv.start(timeout=self.start_timeout)
            except BaseException as e:
                self.start_error = str(e)
                if not isinstance(e, pytest.skip.Exception):
                    self.srv.failed = True     # keep its root to look at
                raise
        return self.srv


def module_server(config, name, **kw):
    holder = SharedServer(config, name, **kw)
    yield holder
    if holder.srv is not None:
        errors = _finish([holder.srv], False)
        if errors:
            pytest.fail("\n\n".join(errors), pytrace=False)


def per_test_view(request, holder):
    srv = holder.get()
    srv.begin_test()
    yield srv
    failed = _item_failed(request.node)
    if failed:
        srv.failed = True
    msg = srv.end_test()
    if msg and failed:
        # the test failed already: show the lines, don't fail twice
        sys.stderr.write("\n" + msg + "\n")
    elif msg:
        srv.failed = True
        pytest.fail(msg, pytrace=False)


def shared_server(config, name, fixture, **kw):
    """The two fixtures of a server shared by the tests of one module:

        core_module, core = shared_server(CORE_CONFIG, "core", "core")

    makes `core`, which gives each test a view (per_test_view) of one
    server named `name`, started on first use and stopped after the
    module's last test (module_server, which takes `kw`), and
    `core_module` (the name `fixture` + "_module"), the module-scoped
    fixture holding it.  Both must be kept as globals of the test module,
    where pytest looks for fixtures."""
    holder_name = fixture + "_module"

    @pytest.fixture(scope="module", name=holder_name)
    def holder(test_users):
        yield from module_server(config, name, **kw)

    @pytest.fixture(name=fixture)
    def view(request):
        yield from per_test_view(request,
                                 request.getfixturevalue(holder_name))

    return holder, view
