"""Private Apache httpd instances for bench/bench.py (and reliability.py).

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


def ensure_user():
    try:
        pwd.getpwnam(DAEMON_USER)
        return
    except KeyError:
        pass
    r = subprocess.run(["useradd", "--system", "--user-group",
                        "--no-create-home", "--shell", "/usr/sbin/nologin",
                        DAEMON_USER], capture_output=True, text=True)
    if r.returncode != 0:
        try:  # a concurrent run may have created it
            pwd.getpwnam(DAEMON_USER)
            return
        except KeyError:
            raise SystemExit("useradd %s failed: %s" % (DAEMON_USER,
                                                        r.stderr.strip()))


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)


def install_apps(apps_dir):
    """The apps (bench/apps/*) and the data files, world-readable."""
    os.makedirs(apps_dir)
    os.chmod(apps_dir, 0o755)
    for name in os.listdir(APPS_SRC):
        src = os.path.join(APPS_SRC, name)
        if os.path.isfile(src) and not name.endswith((".pyc",)):
            dst = os.path.join(apps_dir, name)
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
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
    ServerRoot base/name; `mpm` the MPM lines (MAIN_MPM by default)."""

    def __init__(self, name, base, apps_dir, mpm=None):
        self.name = name
        self.kind = KINDS.get(name, name)  # other benches name their own
        self.mpm = list(mpm or MAIN_MPM)
        self.root = os.path.join(base, name)
        self.apps = apps_dir
        self.run_dir = os.path.join(self.root, "run")
        self.conf = os.path.join(self.root, "httpd.conf")
        self.error_log = os.path.join(self.root, "error.log")
        self.pid_file = os.path.join(self.run_dir, "httpd.pid")
        self.port = free_port()
        self.pid = None
        self.seen = set()  # every pid ever seen in the tree (for stop)
        self.failure = None
        self.daemon_uid = pwd.getpwnam(DAEMON_USER).pw_uid
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

    def write_config(self):
        m = APACHE_MODULES
        lines = [
            "# %s benchmark server (%s), written by bench/bench.py"
            % (self.name, self.kind),
            'ServerRoot "%s"' % self.root,
            "ServerName 127.0.0.1",
            "Listen 127.0.0.1:%d" % self.port,
            "PidFile %s" % self.pid_file,
            "DefaultRuntimeDir %s" % self.run_dir,
            "LoadModule mpm_event_module %s/mod_mpm_event.so" % m,
            "LoadModule authz_core_module %s/mod_authz_core.so" % m,
            "LoadModule alias_module %s/mod_alias.so" % m,
            "LoadModule mime_module %s/mod_mime.so" % m,
            "TypesConfig /etc/mime.types",
            "User %s" % APACHE_USER,
            "Group %s" % APACHE_USER,
        ] + self.mpm + [
            "KeepAlive On",
            "LogLevel warn",
            "ErrorLog %s" % self.error_log,
            'DocumentRoot "%s/htdocs"' % self.root,
        ] + self.module_lines() + self.app_lines() + [
            "<Directory %s>" % self.apps,
            "    Require all granted",
            "</Directory>",
            "",
        ]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines))
        os.chmod(self.conf, 0o644)

    # -- lifecycle ---------------------------------------------------------

    def start(self, timeout=60):
        """Starts httpd and waits until /hello answers 200.  Returns True,
        or False with self.failure set."""
        try:
            r = subprocess.run([APACHE, "-f", self.conf, "-k", "start"],
                               capture_output=True, text=True, timeout=30,
                               env=self.env())
        except subprocess.TimeoutExpired:
            self.failure = "apache2 -k start did not return in 30 s"
            return False
        if r.returncode != 0:
            self.failure = "apache2 -k start failed (%d): %s" % (
                r.returncode, (r.stdout + r.stderr).strip())
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid is None:
            text = read_text(self.pid_file)
            if text and text.strip().isdigit():
                self.pid = int(text.strip())
            else:
                time.sleep(0.1)
        if self.pid is None:
            self.failure = "no pid file %s" % self.pid_file
            return False
        self.seen.add(self.pid)
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
        if self.pid is None:
            text = read_text(self.pid_file)
            if text and text.strip().isdigit():
                self.pid = int(text.strip())
        if self.pid is None:
            return []
        self.processes()
        pids = set(self.seen)
        subprocess.run([APACHE, "-f", self.conf, "-k", "stop"],
                       capture_output=True, timeout=30, env=self.env())
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
