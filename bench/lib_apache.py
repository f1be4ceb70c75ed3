"""Private Apache httpd instances for bench/bench.py (and reliability.py;
groups.py and asgi_bench.py subclass Server with their own app lines).

Each Server has its own ServerRoot in a temp directory and its own
127.0.0.1 port; nothing in /etc/apache2 is read.  Its kind says which
module (if any) it loads:

  gateway        mod_gateway.so, the app in a WSGIDaemonProcess group
  wsgi-daemon    Debian's mod_wsgi.so, the same WSGIDaemonProcess lines
  wsgi-embedded  Debian's mod_wsgi.so, the app inside the Apache children
  static         no Python module: Apache's core file handler serving
                 files with the bytes the app returns
"""

import http.client
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time

from lib_proc import (descendants, free_port, proc_alive, proc_cpu_ticks,
                      proc_exe, proc_ppid, proc_uid, read_text, smaps_rollup)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
APPS_SRC = os.path.join(HERE, "apps")

APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
MOD_WSGI_SO = os.path.join(APACHE_MODULES, "mod_wsgi.so")
MODULE_SO = os.path.join(REPO, ".libs", "mod_gateway.so")
DAEMON = os.path.join(REPO, "gateway-daemon")

APACHE_USER = "www-data"
DAEMON_USER = "gwbench"
PROCESSES = 2
THREADS = 15

# Server name -> kind.  "mod_wsgi" is the daemon-mode server's name of
# old (reliability.py builds Servers named mod_wsgi and mod_gateway).
KINDS = {"mod_gateway": "gateway", "mod_wsgi": "wsgi-daemon",
         "wsgi-daemon": "wsgi-daemon", "wsgi-embedded": "wsgi-embedded",
         "static": "static"}

# The bytes of the app's answers (bench/apps/bench.wsgi builds the same),
# written as files for the static server; the checks compare with them.
HELLO = b"Hello World!"
HELLO_NAME = "hello.txt"
BIG_NAME = "big.bin"
DATA_NAME = "bench-10m.bin"
DATA_SIZE = 10 * 1024 * 1024
BIG_SIZE = 1024 * 1024
STATIC_FILES = {"/hello": HELLO_NAME, "/big": BIG_NAME, "/file": DATA_NAME}


def big_bytes():
    return b"".join(bytes([0x41 + i]) * 65536 for i in range(16))


def data_bytes():
    return (bytes(range(256)) * 4096) * (DATA_SIZE // (1024 * 1024))


# All children started up front and never reaped for being spare
# (MaxSpareThreads >= all threads, MaxConnectionsPerChild 0), so no child
# is started or stopped during a run.  MAIN_MPM: 4 x 32 threads, as the
# figures in docs/PERFORMANCE.md have always used.
MAIN_MPM = ["ServerLimit 4", "StartServers 4", "ThreadsPerChild 32",
            "MaxRequestWorkers 128", "MinSpareThreads 32",
            "MaxSpareThreads 128", "MaxConnectionsPerChild 0"]
# SCALING_MPM: 16 x 64 threads, a worker thread for each of wrk's 1024
# connections at the top level, and a listen backlog as large, so what is
# measured is the module behind Apache, not Apache's own limits.
SCALING_MPM = ["ServerLimit 16", "StartServers 16", "ThreadsPerChild 64",
               "MaxRequestWorkers 1024", "MinSpareThreads 64",
               "MaxSpareThreads 1024", "MaxConnectionsPerChild 0",
               "ListenBacklog 1024"]


def ensure_user(name=DAEMON_USER, user_group=True):
    """The uid of system user `name` (no home, no shell), created when
    missing, with a group of its own if user_group."""
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        pass
    r = subprocess.run(["useradd", "--system"]
                       + (["--user-group"] if user_group else [])
                       + ["--no-create-home", "--shell", "/usr/sbin/nologin",
                          name], capture_output=True, text=True)
    try:  # a concurrent run may have created it: look it up either way
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        raise SystemExit("useradd %s failed: %s" % (name, r.stderr.strip()))


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)


def make_temp(prefix):
    """A new temp directory (for the ServerRoots and the apps) that Apache's
    and the daemons' users may enter."""
    base = tempfile.mkdtemp(prefix=prefix)
    os.chmod(base, 0o755)
    return base


def remove_temp(base, keep):
    """Removes the temp directory base, or says where it is (--keep)."""
    if keep:
        print("kept %s" % base, flush=True)
    else:
        shutil.rmtree(base, ignore_errors=True)


def copy_apps(apps_dir, names):
    """A new world-readable apps_dir with files of bench/apps: names maps
    each one's name there to its name in apps_dir."""
    os.makedirs(apps_dir)
    os.chmod(apps_dir, 0o755)
    for src, dst in names.items():
        dst = os.path.join(apps_dir, dst)
        shutil.copyfile(os.path.join(APPS_SRC, src), dst)
        os.chmod(dst, 0o644)


def install_apps(apps_dir):
    """The apps (bench/apps/*) and the data files, world-readable."""
    copy_apps(apps_dir, {n: n for n in os.listdir(APPS_SRC)
                         if os.path.isfile(os.path.join(APPS_SRC, n))
                         and not n.endswith(".pyc")})
    _write(os.path.join(apps_dir, DATA_NAME), data_bytes())
    _write(os.path.join(apps_dir, HELLO_NAME), HELLO)
    _write(os.path.join(apps_dir, BIG_NAME), big_bytes())


def build_gateway():
    """Returns None if the build outputs exist (building them with make if
    missing), else an error message."""
    if os.path.isfile(MODULE_SO) and os.access(DAEMON, os.X_OK):
        return None
    print("mod_gateway build outputs missing: running make -C %s" % REPO,
          flush=True)
    r = subprocess.run(["make", "-C", REPO], capture_output=True, text=True)
    if r.returncode != 0:
        return "make failed (%d):\n%s%s" % (r.returncode, r.stdout[-3000:],
                                            r.stderr[-3000:])
    if not (os.path.isfile(MODULE_SO) and os.access(DAEMON, os.X_OK)):
        return "make succeeded but %s or %s is missing" % (MODULE_SO, DAEMON)
    return None


class Server:
    """One private Apache.  `name` picks the kind (KINDS) and the
    ServerRoot base/name (base/dirname if given); `mpm` the MPM lines
    (MAIN_MPM by default).  Subclasses change the config through
    config_comment(), extra_modules() and app_config()."""

    daemon_user = DAEMON_USER  # None: the daemons run as users of their own
    ctl_timeout = 30           # seconds for apache2 -k to return

    def __init__(self, name, base, apps_dir, mpm=None, dirname=None):
        self.name = name
        self.kind = KINDS.get(name, name)  # other benches name their own
        self.mpm = list(mpm or MAIN_MPM)
        self.root = os.path.join(base, dirname or name)
        self.apps = apps_dir
        self.run_dir = os.path.join(self.root, "run")
        self.conf = os.path.join(self.root, "httpd.conf")
        self.error_log = os.path.join(self.root, "error.log")
        self.pid_file = os.path.join(self.run_dir, "httpd.pid")
        self.port = free_port()
        self.pid = None
        self.seen = set()  # every pid ever seen in the tree (for stop)
        self.failure = None
        self.daemon_uid = (pwd.getpwnam(self.daemon_user).pw_uid
                           if self.daemon_user else None)
        self.apache_uid = pwd.getpwnam(APACHE_USER).pw_uid
        for d in (self.root, self.run_dir, os.path.join(self.root, "htdocs")):
            os.makedirs(d, exist_ok=True)
            os.chmod(d, 0o755)
        self.write_config()

    # -- configuration -----------------------------------------------------

    def module_lines(self):
        if self.kind == "gateway":
            return ["LoadModule gateway_module %s" % MODULE_SO,
                    "GatewayDaemonPath %s" % DAEMON]
        if self.kind in ("wsgi-daemon", "wsgi-embedded"):
            return ["LoadModule wsgi_module %s" % MOD_WSGI_SO]
        return []

    def app_lines(self):
        a = self.apps
        if self.kind == "static":
            return ["Alias %s %s/%s" % (url, a, f)
                    for url, f in sorted(STATIC_FILES.items())]
        if self.kind == "wsgi-embedded":
            # No process group: the app runs in every Apache child, in
            # the main interpreter as the daemon groups do.
            return ["WSGIScriptAlias / %s/bench.wsgi" % a,
                    "WSGIApplicationGroup %{GLOBAL}"]
        return ["WSGISocketPrefix %s/wsgi" % self.run_dir,
                "WSGIDaemonProcess bench user=%s processes=%d threads=%d "
                "home=%s" % (DAEMON_USER, PROCESSES, THREADS, a),
                "WSGIScriptAlias / %s/bench.wsgi process-group=bench "
                "application-group=%%{GLOBAL}" % a]

    def config_comment(self):
        return ("# %s benchmark server (%s), written by bench/bench.py"
                % (self.name, self.kind))

    def extra_modules(self):
        """Modules (and their lines) besides mpm_event and authz_core."""
        m = APACHE_MODULES
        return ["LoadModule alias_module %s/mod_alias.so" % m,
                "LoadModule mime_module %s/mod_mime.so" % m,
                "TypesConfig /etc/mime.types"]

    def app_config(self):
        """The lines that load the module and reach the app."""
        return self.module_lines() + self.app_lines()

    def config_lines(self):
        m = APACHE_MODULES
        return [
            self.config_comment(),
            'ServerRoot "%s"' % self.root,
            "ServerName 127.0.0.1",
            "Listen 127.0.0.1:%d" % self.port,
            "PidFile %s" % self.pid_file,
            "DefaultRuntimeDir %s" % self.run_dir,
            "LoadModule mpm_event_module %s/mod_mpm_event.so" % m,
            "LoadModule authz_core_module %s/mod_authz_core.so" % m,
        ] + self.extra_modules() + [
            "User %s" % APACHE_USER,
            "Group %s" % APACHE_USER,
        ] + self.mpm + [
            "KeepAlive On",
            "LogLevel warn",
            "ErrorLog %s" % self.error_log,
            'DocumentRoot "%s/htdocs"' % self.root,
        ] + self.app_config() + [
            "<Directory %s>" % self.apps,
            "    Require all granted",
            "</Directory>",
            "",
        ]

    def write_config(self):
        with open(self.conf, "w") as f:
            f.write("\n".join(self.config_lines()))
        os.chmod(self.conf, 0o644)

    # -- lifecycle ---------------------------------------------------------

    def apachectl(self, action):
        """apache2 -f <conf> -k action; None or an error message."""
        try:
            r = subprocess.run([APACHE, "-f", self.conf, "-k", action],
                               capture_output=True, text=True,
                               timeout=self.ctl_timeout, env=self.env())
        except subprocess.TimeoutExpired:
            return "apache2 -k %s did not return in %d s" % (
                action, self.ctl_timeout)
        if r.returncode != 0:
            return "apache2 -k %s failed (%d): %s" % (
                action, r.returncode, (r.stdout + r.stderr).strip())
        return None

    def read_pid(self, deadline, poll=0.1):
        """The parent's pid from the PidFile, read until `deadline` (once
        at least); None if there is none by then."""
        while self.pid is None:
            text = read_text(self.pid_file)
            if text and text.strip().isdigit():
                self.pid = int(text.strip())
                self.seen.add(self.pid)
            elif time.monotonic() < deadline:
                time.sleep(poll)
            else:
                break
        return self.pid

    def start(self, timeout=60):
        """Starts httpd and waits until /hello answers 200.  Returns True,
        or False with self.failure set."""
        self.failure = self.apachectl("start")
        if self.failure:
            return False
        deadline = time.monotonic() + timeout
        if self.read_pid(deadline) is None:
            self.failure = "no pid file %s" % self.pid_file
            return False
        return self._wait_ready(deadline)

    def _wait_ready(self, deadline):
        last = None
        while time.monotonic() < deadline:
            if not proc_alive(self.pid):
                self.failure = "the Apache parent (pid %d) exited" % self.pid
                return False
            try:
                status, body = self.request("GET", "/hello", timeout=10)
                if status == 200:
                    self.processes()  # remember the pids for stop()
                    return True
                last = "GET /hello: %d %r" % (status, body[:200])
            except (OSError, http.client.HTTPException) as e:
                last = "GET /hello: %s" % e
            time.sleep(0.25)
        self.failure = "not ready in time (%s)" % last
        return False

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if k in ("PATH", "LANG", "LC_ALL", "TZ")}
        env.setdefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        return env

    def stop(self, timeout=20):
        """apache2 -k stop, then waits until every pid of the tree is gone
        (SIGKILL to stragglers after `timeout`).  Returns the list of pids
        that had to be killed."""
        if self.read_pid(0) is None:
            return []
        self.processes()
        pids = set(self.seen)
        self.apachectl("stop")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not any(proc_alive(p) for p in pids):
                return []
            time.sleep(0.1)
        killed = [p for p in pids if proc_alive(p)]
        for p in killed:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return killed

    # -- processes ---------------------------------------------------------

    def processes(self):
        """The Apache parent and every process below it."""
        if self.pid is None or not proc_alive(self.pid):
            return []
        pids = [self.pid] + descendants(self.pid)
        self.seen.update(pids)
        return pids

    def daemon_pids(self):
        return [p for p in self.processes() if proc_uid(p) == self.daemon_uid]

    def child_pids(self):
        """Apache's worker children: apache2 processes of the parent running
        as User (mod_wsgi's daemons are apache2 too, but run as gwbench;
        mod_gateway's logger runs as www-data, but is not apache2)."""
        return [p for p in self.processes()
                if p != self.pid and proc_uid(p) == self.apache_uid
                and proc_ppid(p) == self.pid and proc_exe(p) == APACHE]

    def cpu_ticks(self):
        return sum(proc_cpu_ticks(p) for p in self.processes())

    def memory(self):
        """PSS/USS/RSS (kB) of the parent, the Apache children and the
        other processes (daemons, logger), summed and per process."""
        pids = self.processes()
        children = set(self.child_pids())
        out = {"parent": 0, "children": 0, "others": 0, "n_children": 0,
               "n_others": 0, "uss_all": 0, "rss_all": 0, "procs": {}}
        for p in pids:
            r = smaps_rollup(p)
            if r is None:
                continue
            role = ("parent" if p == self.pid
                    else "children" if p in children else "others")
            out[role] += r.get("Pss", 0)
            if role != "parent":
                out["n_" + role] += 1
            out["uss_all"] += r["Uss"]
            out["rss_all"] += r.get("Rss", 0)
            cmd = (read_text("/proc/%d/cmdline" % p) or "").replace("\0", " ")
            out["procs"][p] = dict(r, role=role, uid=proc_uid(p),
                                   cmd=cmd.strip()[:120])
        out["all"] = out["parent"] + out["children"] + out["others"]
        return out

    # -- HTTP --------------------------------------------------------------

    def request(self, method, path, body=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {}
            if body is not None:
                headers["Content-Type"] = "application/octet-stream"
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def error_log_tail(self, n=40):
        text = read_text(self.error_log) or ""
        return "\n".join(text.splitlines()[-n:])

    def error_lines(self):
        text = read_text(self.error_log) or ""
        return [ln for ln in text.splitlines()
                if re.search(r"\[(\w+:)?(error|crit|alert|emerg)\]", ln)]
