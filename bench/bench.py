#!/usr/bin/python3
"""Benchmark: mod_gateway against Debian's mod_wsgi (daemon mode), with wrk.

Run as root with Debian's Python (standard library only):

    /usr/bin/python3 bench/bench.py [--rounds N] [--duration S]
                                    [--endpoints hello,big,echo,file,static]
                                    [--only mod_wsgi|mod_gateway]
                                    [--json FILE] [--keep]

Environment equivalents: BENCH_ROUNDS, BENCH_DURATION, BENCH_ENDPOINTS,
BENCH_ONLY, BENCH_JSON.

Two private Apache httpd instances run side by side, each with its own
ServerRoot in a temp directory and its own 127.0.0.1 port; nothing in
/etc/apache2 is read.  Both use the same WSGIDaemonProcess / WSGIScriptAlias
lines; one loads mod_wsgi.so, the other mod_gateway.so (never both in one
Apache).  For every round and endpoint, wrk runs against one server and then
the other (the order alternates each round).  Server CPU per request is the
utime+stime (+cutime+cstime) of the Apache parent and every process below it
(children and daemon processes) from /proc/PID/stat, before and after each
wrk run, divided by wrk's request count.

Exit status: 0 when every server started and no wrk run reported errors
(non-2xx/3xx responses, socket errors, zero requests) and every endpoint
returned the expected body; 1 otherwise (the error log tail is printed);
2 on bad usage.  No speed target is asserted.
"""

import argparse
import errno
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
APPS_SRC = os.path.join(HERE, "apps")
ECHO_LUA = os.path.join(HERE, "echo.lua")

APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
MOD_WSGI_SO = os.path.join(APACHE_MODULES, "mod_wsgi.so")
MODULE_SO = os.path.join(REPO, ".libs", "mod_gateway.so")
DAEMON = os.path.join(REPO, "gateway-daemon")
WRK = "/usr/bin/wrk"

APACHE_USER = "www-data"
DAEMON_USER = "gwbench"
PROCESSES = 2
THREADS = 15
WRK_THREADS = 2
WRK_CONNECTIONS = 16
# wrk's default 2 s request timeout counts slow-but-successful 10 MiB
# responses on a loaded 2-core machine as socket errors, and leaves them out
# of the latency histogram (hiding the tail): a generous deadline instead.
WRK_TIMEOUT = 30

SERVERS = ("mod_wsgi", "mod_gateway")
ALL_ENDPOINTS = ("hello", "big", "echo", "file", "static")

DATA_NAME = "bench-10m.bin"
DATA_SIZE = 10 * 1024 * 1024
BIG_SIZE = 1024 * 1024
ECHO_SIZE = 1024 * 1024

# endpoint -> (method, path, wrk script, check of (status, body))
ENDPOINTS = {
    "hello": ("GET", "/hello", None, lambda b: b == b"Hello World!"),
    "big": ("GET", "/big", None, lambda b: len(b) == BIG_SIZE),
    "echo": ("POST", "/echo", ECHO_LUA,
             lambda b: b.strip() == str(ECHO_SIZE).encode()),
    "file": ("GET", "/file", None, lambda b: len(b) == DATA_SIZE),
    "static": ("GET", "/static/" + DATA_NAME, None,
               lambda b: len(b) == DATA_SIZE),
}

CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg=""):
    print(msg, flush=True)


# --------------------------------------------------------------------------
# /proc helpers
# --------------------------------------------------------------------------

def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ESRCH, errno.EACCES):
            return None
        raise


def proc_status(pid):
    text = _read("/proc/%d/status" % pid)
    if text is None:
        return None
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip()
    return out


def proc_alive(pid):
    st = proc_status(pid)
    return st is not None and not st.get("State", "").startswith(("Z", "X"))


def proc_cpu_ticks(pid):
    """utime + stime + cutime + cstime of pid (clock ticks), 0 if gone.

    cutime/cstime cover children the process has already reaped, so CPU
    of an Apache child or daemon that exits during a run is not lost: it
    moves from the child's own counters into its parent's."""
    raw = _read("/proc/%d/stat" % pid)
    if raw is None:
        return 0
    rest = raw[raw.rfind(")") + 2:].split()  # rest[0] is field 3 (state)
    return sum(int(rest[i]) for i in (11, 12, 13, 14))  # fields 14..17


def ppid_map():
    m = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        st = proc_status(int(d))
        if st is not None:
            m[int(d)] = int(st.get("PPid", "0"))
    return m


def descendants(root_pid):
    children = {}
    for pid, ppid in ppid_map().items():
        children.setdefault(ppid, []).append(pid)
    out, todo = [], [root_pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def proc_uid(pid):
    st = proc_status(pid)
    return None if st is None else int(st["Uid"].split()[0])


def proc_rss_kib(pid):
    st = proc_status(pid)
    if st is None or "VmRSS" not in st:
        return None
    return int(st["VmRSS"].split()[0])


def maps_libpython(pid):
    text = _read("/proc/%d/maps" % pid)
    return text is not None and "libpython" in text


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------

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


def install_apps(apps_dir):
    os.makedirs(apps_dir)
    os.chmod(apps_dir, 0o755)
    for name in os.listdir(APPS_SRC):
        src = os.path.join(APPS_SRC, name)
        if os.path.isfile(src) and not name.endswith((".pyc",)):
            dst = os.path.join(apps_dir, name)
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
    data = os.path.join(apps_dir, DATA_NAME)
    block = bytes(range(256)) * 4096  # 1 MiB, deterministic
    with open(data, "wb") as f:
        for _ in range(DATA_SIZE // len(block)):
            f.write(block)
    os.chmod(data, 0o644)


def build_gateway():
    """Returns None if the build outputs exist (building them with make if
    missing), else an error message."""
    if os.path.isfile(MODULE_SO) and os.access(DAEMON, os.X_OK):
        return None
    log("mod_gateway build outputs missing: running make -C %s" % REPO)
    r = subprocess.run(["make", "-C", REPO], capture_output=True, text=True)
    if r.returncode != 0:
        return "make failed (%d):\n%s%s" % (r.returncode, r.stdout[-3000:],
                                            r.stderr[-3000:])
    if not (os.path.isfile(MODULE_SO) and os.access(DAEMON, os.X_OK)):
        return "make succeeded but %s or %s is missing" % (MODULE_SO, DAEMON)
    return None


# --------------------------------------------------------------------------
# A private Apache
# --------------------------------------------------------------------------

class Server:
    def __init__(self, name, base, apps_dir):
        self.name = name
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

    def module_lines(self):
        if self.name == "mod_wsgi":
            return ["LoadModule wsgi_module %s" % MOD_WSGI_SO]
        return ["LoadModule gateway_module %s" % MODULE_SO,
                "GatewayDaemonPath %s" % DAEMON]

    def write_config(self):
        m = APACHE_MODULES
        lines = [
            "# %s benchmark server, written by bench/bench.py" % self.name,
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
            # All children started up front and never reaped for being
            # spare: 4 x 32 threads, MaxSpareThreads >= all of them.
            "ServerLimit 4",
            "StartServers 4",
            "ThreadsPerChild 32",
            "MaxRequestWorkers 128",
            "MinSpareThreads 32",
            "MaxSpareThreads 128",
            "MaxConnectionsPerChild 0",
            "KeepAlive On",
            "LogLevel warn",
            "ErrorLog %s" % self.error_log,
            'DocumentRoot "%s/htdocs"' % self.root,
        ] + self.module_lines() + [
            "WSGISocketPrefix %s/wsgi" % self.run_dir,
            "WSGIDaemonProcess bench user=%s processes=%d threads=%d home=%s"
            % (DAEMON_USER, PROCESSES, THREADS, self.apps),
            "WSGIScriptAlias / %s/bench.wsgi process-group=bench "
            "application-group=%%{GLOBAL}" % self.apps,
            # Static reference for /file (Apache core serving the same file).
            "Alias /static/ %s/" % self.apps,
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
            text = _read(self.pid_file)
            if text and text.strip().isdigit():
                self.pid = int(text.strip())
            else:
                time.sleep(0.1)
        if self.pid is None:
            self.failure = "no pid file %s" % self.pid_file
            return False
        self.seen.add(self.pid)
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
            except OSError as e:
                last = "GET /hello: %s" % e
            time.sleep(0.25)
        self.failure = "not ready after %d s (%s)" % (timeout, last)
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
            text = _read(self.pid_file)
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
        return [p for p in self.processes()
                if p != self.pid and proc_uid(p) == self.apache_uid]

    def cpu_ticks(self):
        return sum(proc_cpu_ticks(p) for p in self.processes())

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
        text = _read(self.error_log) or ""
        return "\n".join(text.splitlines()[-n:])

    def error_lines(self):
        text = _read(self.error_log) or ""
        return [l for l in text.splitlines()
                if re.search(r"\[(\w+:)?(error|crit|alert|emerg)\]", l)]


# --------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def _latency_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m|h)$", text)
    if not m:
        return None
    return float(m.group(1)) * _UNITS_MS[m.group(2)]


def parse_wrk(out):
    res = {"requests": 0, "seconds": None, "rps": None, "p50_ms": None,
           "p99_ms": None, "non2xx": 0, "socket_errors": {}}
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    if m:
        res["requests"] = int(m.group(1))
        res["seconds"] = float(m.group(2)) * _UNITS_MS[m.group(3)] / 1000.0
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        res["rps"] = float(m.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(r"^\s*%s(?:\.0+)?%%\s+(\S+)" % pct, out, re.M)
        if m:
            res[key] = _latency_ms(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        res["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors:\s*(.*)", out)
    if m:
        for kind, n in re.findall(r"(\w+) (\d+)", m.group(1)):
            if int(n):
                res["socket_errors"][kind] = int(n)
    return res


def run_wrk(server, endpoint, seconds):
    method, path, script, _check = ENDPOINTS[endpoint]
    cmd = [WRK, "-t%d" % WRK_THREADS, "-c%d" % WRK_CONNECTIONS,
           "-d%ds" % seconds, "--latency", "--timeout", "%ds" % WRK_TIMEOUT]
    if script:
        cmd += ["-s", script]
    cmd.append(server.url(path))
    before = server.cpu_ticks()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=seconds + WRK_TIMEOUT + 120)
        out, rc = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = "wrk timed out: %s" % e, -1
    after = server.cpu_ticks()
    res = parse_wrk(out)
    res["cpu_ticks"] = after - before
    res["cmd"] = " ".join(cmd)
    errors = []
    if rc != 0:
        errors.append("wrk exit status %d" % rc)
    if res["requests"] == 0 or res["rps"] is None:
        errors.append("no requests completed")
    if res["non2xx"]:
        errors.append("%d non-2xx/3xx responses" % res["non2xx"])
    if res["socket_errors"]:
        errors.append("socket errors " + ", ".join(
            "%s %d" % kv for kv in sorted(res["socket_errors"].items())))
    res["errors"] = errors
    if errors:
        res["output"] = out
    return res


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv):
    env = os.environ
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int,
                   default=int(env.get("BENCH_ROUNDS", "3")))
    p.add_argument("--duration", type=int,
                   default=int(env.get("BENCH_DURATION", "5")),
                   help="seconds per wrk run (default 5)")
    p.add_argument("--warmup", type=int,
                   default=int(env.get("BENCH_WARMUP", "1")),
                   help="seconds of the warm-up run per server and endpoint")
    p.add_argument("--endpoints",
                   default=env.get("BENCH_ENDPOINTS", ",".join(ALL_ENDPOINTS)),
                   help="comma list of " + ",".join(ALL_ENDPOINTS))
    p.add_argument("--only", choices=SERVERS,
                   default=env.get("BENCH_ONLY") or None,
                   help="benchmark one server only")
    p.add_argument("--json", default=env.get("BENCH_JSON") or None,
                   help="also write the raw results to this file")
    p.add_argument("--keep", action="store_true",
                   help="keep the temp directory (configs, error logs)")
    a = p.parse_args(argv)
    a.endpoints = [e.strip() for e in a.endpoints.split(",") if e.strip()]
    bad = [e for e in a.endpoints if e not in ALL_ENDPOINTS]
    if bad or not a.endpoints:
        p.error("unknown endpoint(s) %s; choose from %s"
                % (",".join(bad), ",".join(ALL_ENDPOINTS)))
    if a.rounds < 1 or a.duration < 1 or a.warmup < 0:
        p.error("--rounds and --duration must be >= 1, --warmup >= 0")
    return a


def check_endpoints(server, endpoints):
    """One request per endpoint, body checked.  Returns error strings."""
    errors = []
    for e in endpoints:
        method, path, _script, check = ENDPOINTS[e]
        body = b"x" * ECHO_SIZE if method == "POST" else None
        try:
            status, data = server.request(method, path, body=body)
        except OSError as ex:
            errors.append("%s %s: %s" % (method, path, ex))
            continue
        if status != 200 or not check(data):
            msg = "%s %s: status %d, %d-byte body %r" % (
                method, path, status, len(data), data[:80])
            if e == "static" and status == 404 and data == b"not found\n":
                msg += (" -- the WSGI app answered: WSGIScriptAlias / shadows"
                        " Alias /static/ (mod_wsgi runs its translate_name"
                        " hook after mod_alias, so Alias wins there)")
            errors.append(msg)
    return errors


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def summarize(results, endpoints, servers, static_server):
    """results[(endpoint, server)] = list of per-round wrk results."""
    rows = []
    for e in endpoints:
        names = [static_server] if e == "static" else servers
        rps_by_server = {}
        for s in names:
            runs = results.get((e, s), [])
            ok = [r for r in runs if r["rps"] is not None]
            if not ok:
                rows.append((e, s, None, None, None, None, None))
                continue
            rps = statistics.median(r["rps"] for r in ok)
            p50 = statistics.median(r["p50_ms"] for r in ok
                                    if r["p50_ms"] is not None)
            p99 = statistics.median(r["p99_ms"] for r in ok
                                    if r["p99_ms"] is not None)
            reqs = sum(r["requests"] for r in ok)
            ticks = sum(r["cpu_ticks"] for r in ok)
            cpu_us = ticks * 1e6 / CLK_TCK / reqs if reqs else None
            rps_by_server[s] = rps
            ratio = None
            if s == "mod_gateway" and rps_by_server.get("mod_wsgi"):
                ratio = rps / rps_by_server["mod_wsgi"]
            label = s if e != "static" else "apache-static(%s srv)" % s
            if any(r["errors"] for r in runs):
                label += " [ERRORS]"
            rows.append((e, label, rps, p50, p99, cpu_us, ratio))
    return rows


def print_table(rows):
    head = ("endpoint", "server", "req/s", "p50 ms", "p99 ms",
            "CPU us/req", "gw/wsgi")
    body = [(e, s, fmt(rps, ".1f"), fmt(p50, ".2f"), fmt(p99, ".2f"),
             fmt(cpu, ".0f"), fmt(ratio, ".2f"))
            for e, s, rps, p50, p99, cpu, ratio in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    line = lambda r: "| " + " | ".join(
        str(x).ljust(w) if i < 2 else str(x).rjust(w)
        for i, (x, w) in enumerate(zip(r, widths))) + " |"
    log(line(head))
    log("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in body:
        log(line(r))


def main(argv):
    args = parse_args(argv)
    if os.geteuid() != 0:
        log("bench.py must run as root (User www-data, daemon user %s)"
            % DAEMON_USER)
        return 2
    for exe in (APACHE, WRK):
        if not os.access(exe, os.X_OK):
            log("missing %s" % exe)
            return 2
    names = [args.only] if args.only else list(SERVERS)
    if "mod_wsgi" in names and not os.path.isfile(MOD_WSGI_SO):
        log("missing %s (apt-get install libapache2-mod-wsgi-py3)"
            % MOD_WSGI_SO)
        return 2

    ensure_user()
    base = tempfile.mkdtemp(prefix="gwbench-")
    os.chmod(base, 0o755)
    apps = os.path.join(base, "apps")
    install_apps(apps)

    failed = []          # human-readable failure reasons
    bad_servers = set()  # servers whose error log tail is printed at the end
    servers = {}
    report = {"config": {"rounds": args.rounds, "duration": args.duration,
                         "warmup": args.warmup, "endpoints": args.endpoints,
                         "wrk": "-t%d -c%d --timeout %ds" % (
                             WRK_THREADS, WRK_CONNECTIONS, WRK_TIMEOUT),
                         "processes": PROCESSES, "threads": THREADS,
                         "clk_tck": CLK_TCK, "cpus": os.cpu_count()},
              "runs": [], "servers": {}}

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        # ---- start -------------------------------------------------------
        for name in names:
            if name == "mod_gateway":
                err = build_gateway()
                if err:
                    failed.append("mod_gateway: " + err)
                    bad_servers.add(name)
                    log("mod_gateway: cannot build: %s" % err)
                    continue
            s = Server(name, base, apps)
            log("starting %s on 127.0.0.1:%d (ServerRoot %s)"
                % (name, s.port, s.root))
            if not s.start():
                failed.append("%s failed to start: %s" % (name, s.failure))
                bad_servers.add(name)
                log("%s FAILED to start: %s\n--- %s error.log tail ---\n%s"
                    % (name, s.failure, name, s.error_log_tail()))
                s.stop()
                servers[name] = s
                continue
            servers[name] = s
        live = [n for n in names if n in servers and servers[n].failure is None]

        # ---- functional check + warm-up ------------------------------------
        for name in list(live):
            s = servers[name]
            eps = [e for e in args.endpoints]
            errs = check_endpoints(s, eps)
            if errs:
                failed.append("%s: wrong responses: %s" % (name, "; ".join(errs)))
                bad_servers.add(name)
                log("%s: wrong responses:\n  %s" % (name, "\n  ".join(errs)))
            if args.warmup:
                for e in eps:
                    r = run_wrk(s, e, args.warmup)
                    if r["errors"]:
                        failed.append("%s warm-up %s: %s"
                                      % (name, e, "; ".join(r["errors"])))
                        bad_servers.add(name)
                        log("%s warm-up %s: %s\n%s" % (
                            name, e, "; ".join(r["errors"]), r["output"]))
            # "Idle": 2 s after the last request (mod_gateway's workers
            # hand their buffers back after 1 s without a request).
            time.sleep(2)
            rss = {p: proc_rss_kib(p) for p in s.daemon_pids()}
            children = s.child_pids()
            libpy = [p for p in children if maps_libpython(p)]
            report["servers"][name] = {
                "port": s.port, "parent": s.pid,
                "daemon_rss_kib": rss, "children": children,
                "children_with_libpython": libpy}

        # ---- measured rounds -----------------------------------------------
        static_server = ("mod_gateway" if "mod_gateway" in live
                         else (live[0] if live else None))
        results = {}
        for rnd in range(args.rounds):
            order = list(live) if rnd % 2 == 0 else list(reversed(live))
            for e in args.endpoints:
                targets = [static_server] if e == "static" else order
                for name in targets:
                    if name is None:
                        continue
                    r = run_wrk(servers[name], e, args.duration)
                    r.update(round=rnd + 1, endpoint=e, server=name)
                    results.setdefault((e, name), []).append(r)
                    report["runs"].append(
                        {k: v for k, v in r.items() if k != "output"})
                    cpu = (r["cpu_ticks"] * 1e6 / CLK_TCK / r["requests"]
                           if r["requests"] else None)
                    log("round %d %-6s %-11s %9s req/s  p50 %7s ms  p99 %8s ms"
                        "  CPU %6s us/req%s" % (
                            rnd + 1, e, name, fmt(r["rps"], ".1f"),
                            fmt(r["p50_ms"], ".2f"), fmt(r["p99_ms"], ".2f"),
                            fmt(cpu, ".0f"),
                            ("  ERRORS: " + "; ".join(r["errors"]))
                            if r["errors"] else ""))
                    if r["errors"]:
                        failed.append("%s %s round %d: %s" % (
                            name, e, rnd + 1, "; ".join(r["errors"])))
                        bad_servers.add(name)
                        log(r["output"])

        # ---- report ----------------------------------------------------------
        log("")
        log("wrk -t%d -c%d -d%ds --latency --timeout %ds, %d round(s), "
            "median of rounds; CPU = server (parent+children+daemons) CPU / "
            "requests, all rounds" % (WRK_THREADS, WRK_CONNECTIONS,
                                      args.duration, WRK_TIMEOUT, args.rounds))
        rows = summarize(results, args.endpoints, live, static_server)
        report["table"] = [dict(zip(("endpoint", "server", "rps", "p50_ms",
                                     "p99_ms", "cpu_us_per_req",
                                     "ratio_gw_wsgi"), r)) for r in rows]
        print_table(rows)
        log("")
        for name in live:
            info = report["servers"][name]
            rss = info["daemon_rss_kib"]
            log("%-11s daemon processes (%s): idle VmRSS %s" % (
                name, DAEMON_USER,
                ", ".join("pid %d %.1f MiB" % (p, (v or 0) / 1024.0)
                          for p, v in sorted(rss.items())) or "none found"))
            log("%-11s Apache children mapping libpython: %d of %d (%s)" % (
                name, len(info["children_with_libpython"]),
                len(info["children"]),
                "yes" if info["children_with_libpython"] else "no"))
        for name in live:
            errs = servers[name].error_lines()
            if errs:
                log("%s: %d error-level line(s) in error.log (wrk closes its"
                    " connections mid-response when a run ends, so write"
                    " errors / broken pipes are expected); last: %s"
                    % (name, len(errs), errs[-1][:300]))
    except KeyboardInterrupt:
        failed.append("interrupted")
        log("interrupted")
    finally:
        for name, s in servers.items():
            if name in bad_servers:
                log("--- %s error.log tail (%s) ---\n%s"
                    % (name, s.error_log, s.error_log_tail()))
            killed = s.stop()
            if killed:
                failed.append("%s: pids %s survived -k stop, SIGKILLed"
                              % (name, killed))
                bad_servers.add(name)
                log("%s: pids %s survived -k stop; SIGKILLed" % (name, killed))
        if args.json:
            report["failures"] = failed
            with open(args.json, "w") as f:
                json.dump(report, f, indent=1, default=str)
        if args.keep:
            log("kept %s" % base)
        else:
            shutil.rmtree(base, ignore_errors=True)

    if failed:
        log("\nFAILED:\n  " + "\n  ".join(failed))
        return 1
    log("\nOK (no errors; figures are a report, not a pass/fail target)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
