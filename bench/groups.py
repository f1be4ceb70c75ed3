#!/usr/bin/python3
"""Many daemon groups: mod_gateway against Debian's mod_wsgi (daemon mode).

Run as root with Debian's Python (standard library only):

    /usr/bin/python3 bench/groups.py [--groups 1,10,50,100]
                                     [--only mod_wsgi|mod_gateway]
                                     [--json FILE] [--keep]

Environment equivalents: BENCH_GROUPS, BENCH_ONLY, BENCH_GROUPS_JSON.

For every N, one private Apache per module (own ServerRoot in a temp dir,
own 127.0.0.1 port, nothing in /etc/apache2 read) with N daemon groups
g1..gN, each `processes=1 threads=2` under its own system user gwgrpNNN
and mounted at /gN.  Measured per module and N:

  start     `apache2 -k start` until every /gN answered 200 from its group;
  graceful  `apache2 -k graceful` until every /gN answered from a new
            daemon process (another pid);
  memory    PSS (/proc/PID/smaps_rollup) of the Apache parent, every
            process below it and every daemon, 2 s after the start
            (each group has served one request), split into the daemons
            and the rest (Apache: parent, children, helpers);

then the least-squares slope over N of each (ms/group, MiB/group).  It
also checks that each server runs N distinct daemon processes, each under
its own group's user.  The servers run one at a time; the order of the
two modules flips with each N.

Exit status: 0 when every server started and answered as expected; 1 when
one failed to start, answered wrongly, ran other daemon processes than
expected or left processes behind after `-k stop`; 2 on bad usage.  No
target is asserted on the figures.
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
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
APP_SRC = os.path.join(HERE, "apps", "groups_hello.wsgi")
APP_NAME = "hello.wsgi"

APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
MOD_WSGI_SO = os.path.join(APACHE_MODULES, "mod_wsgi.so")
MODULE_SO = os.path.join(REPO, ".libs", "mod_gateway.so")
DAEMON = os.path.join(REPO, "gateway-daemon")

APACHE_USER = "www-data"
USER_FMT = "gwgrp%03d"
MAX_GROUPS = 999           # three digits in the user name
DEFAULT_GROUPS = "1,10,50,100"
SERVERS = ("mod_wsgi", "mod_gateway")

POLL = 0.05                # seconds between two tries of one URL
READY_TIMEOUT = 180        # seconds for every group to answer
STOP_TIMEOUT = 20          # seconds after -k stop before SIGKILL
SETTLE = 2                 # seconds between the start and the PSS reading


def log(msg=""):
    print(msg, flush=True)


# --------------------------------------------------------------------------
# /proc
# --------------------------------------------------------------------------

def _read(path):
    try:
        with open(path) as f:
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


def proc_uid(pid):
    st = proc_status(pid)
    return None if st is None else int(st["Uid"].split()[0])


def proc_pss_kib(pid):
    """Pss of one process from smaps_rollup (kB), None if it is gone."""
    text = _read("/proc/%d/smaps_rollup" % pid)
    m = re.search(r"^Pss:\s+(\d+) kB", text or "", re.M)
    return int(m.group(1)) if m else None


def descendants(root_pid):
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = proc_status(int(d))
            if st is not None:
                ppid = int(st.get("PPid", "0"))
                children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root_pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------

def ensure_users(n):
    """Users gwgrp001..gwgrpN (created when missing); returns their uids,
    index 0 for g1."""
    uids = []
    for i in range(1, n + 1):
        name = USER_FMT % i
        try:
            uids.append(pwd.getpwnam(name).pw_uid)
            continue
        except KeyError:
            pass
        r = subprocess.run(["useradd", "--system", "--no-create-home",
                            "--shell", "/usr/sbin/nologin", name],
                           capture_output=True, text=True)
        try:  # a concurrent run may have created it: look it up either way
            uids.append(pwd.getpwnam(name).pw_uid)
        except KeyError:
            raise SystemExit("useradd %s failed: %s"
                             % (name, r.stderr.strip()))
    return uids


def install_app(apps_dir):
    os.makedirs(apps_dir)
    os.chmod(apps_dir, 0o755)
    dst = os.path.join(apps_dir, APP_NAME)
    shutil.copyfile(APP_SRC, dst)
    os.chmod(dst, 0o644)


def build_gateway():
    """None if the build outputs exist (running make when missing), else
    an error message."""
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
# One private Apache with N groups
# --------------------------------------------------------------------------

class Server:
    def __init__(self, name, root, apps, uids):
        self.name = name
        self.root = root
        self.apps = apps
        self.uids = uids
        self.n = len(uids)
        self.run_dir = os.path.join(root, "run")
        self.conf = os.path.join(root, "httpd.conf")
        self.error_log = os.path.join(root, "error.log")
        self.pid_file = os.path.join(self.run_dir, "httpd.pid")
        self.port = free_port()
        self.pid = None
        self.seen = set()  # every pid ever seen in the tree (for stop)
        for d in (root, self.run_dir, os.path.join(root, "htdocs")):
            os.makedirs(d, exist_ok=True)
            os.chmod(d, 0o755)
        with open(self.conf, "w") as f:
            f.write("\n".join(self.config_lines()) + "\n")
        os.chmod(self.conf, 0o644)

    def module_lines(self):
        if self.name == "mod_wsgi":
            return ["LoadModule wsgi_module %s" % MOD_WSGI_SO]
        return ["LoadModule gateway_module %s" % MODULE_SO,
                "GatewayDaemonPath %s" % DAEMON]

    def group_lines(self):
        out = []
        for i in range(1, self.n + 1):
            # mod_wsgi refuses to start a daemon that cannot chdir to its
            # user's home, and these users have none: home= for both.
            out.append("WSGIDaemonProcess g%d user=%s processes=1 threads=2 "
                       "home=%s" % (i, USER_FMT % i, self.apps))
            out.append("WSGIScriptAlias /g%d %s/%s process-group=g%d "
                       "application-group=%%{GLOBAL}"
                       % (i, self.apps, APP_NAME, i))
        return out

    def config_lines(self):
        m = APACHE_MODULES
        return [
            "# %s with %d groups, written by bench/groups.py" % (self.name,
                                                                self.n),
            'ServerRoot "%s"' % self.root,
            "ServerName 127.0.0.1",
            "Listen 127.0.0.1:%d" % self.port,
            "PidFile %s" % self.pid_file,
            "DefaultRuntimeDir %s" % self.run_dir,
            "LoadModule mpm_event_module %s/mod_mpm_event.so" % m,
            "LoadModule authz_core_module %s/mod_authz_core.so" % m,
            "User %s" % APACHE_USER,
            "Group %s" % APACHE_USER,
            # As bench/bench.py: every child up front, none reaped as spare.
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
        ] + self.group_lines() + [
            "<Directory %s>" % self.apps,
            "    Require all granted",
            "</Directory>",
        ]

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if k in ("PATH", "LANG", "LC_ALL", "TZ")}
        env.setdefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        return env

    def apachectl(self, action):
        """apache2 -f <conf> -k action; None or an error message."""
        try:
            r = subprocess.run([APACHE, "-f", self.conf, "-k", action],
                               capture_output=True, text=True, timeout=60,
                               env=self.env())
        except subprocess.TimeoutExpired:
            return "apache2 -k %s did not return in 60 s" % action
        if r.returncode != 0:
            return "apache2 -k %s failed (%d): %s" % (
                action, r.returncode, (r.stdout + r.stderr).strip())
        return None

    def read_pid(self, deadline):
        while self.pid is None and time.monotonic() < deadline:
            text = _read(self.pid_file)
            if text and text.strip().isdigit():
                self.pid = int(text.strip())
                self.seen.add(self.pid)
            else:
                time.sleep(POLL)
        return self.pid

    def processes(self):
        """The Apache parent and every process below it."""
        if self.pid is None or not proc_alive(self.pid):
            return []
        pids = [self.pid] + descendants(self.pid)
        self.seen.update(pids)
        return pids

    def stop(self):
        """-k stop, then waits until every pid seen is gone; SIGKILLs the
        ones left after STOP_TIMEOUT and returns them."""
        if self.pid is None:
            self.read_pid(time.monotonic())
        if self.pid is None:
            return []
        self.processes()
        pids = set(self.seen)
        self.apachectl("stop")
        deadline = time.monotonic() + STOP_TIMEOUT
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

    def get(self, path, timeout):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def error_log_tail(self, n=30):
        text = _read(self.error_log) or ""
        return "\n".join(text.splitlines()[-n:])


# --------------------------------------------------------------------------
# Waiting for every group
# --------------------------------------------------------------------------

def parse_body(body):
    """(group, pid, uid) from the app's answer, or None."""
    m = re.fullmatch(rb"(g\d+) (\d+) (\d+)\n", body)
    return m and (m.group(1).decode(), int(m.group(2)), int(m.group(3)))


def wait_port(srv, deadline):
    """Until Apache accepts TCP connections: one poller, so the N pollers
    do not spin on a refused connect while the config is being read."""
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", srv.port), 1).close()
            return True
        except OSError:
            time.sleep(POLL)
    return False


def poll_group(srv, i, old_pid, t0, deadline, out):
    """Polls /gi until group gi answers, under its user, from a process
    other than old_pid; out[i] = (seconds since t0, pid) or an error."""
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            status, body = srv.get("/g%d" % i,
                                   max(1.0, deadline - time.monotonic()))
            who = parse_body(body) if status == 200 else None
            if who and who[0] == "g%d" % i and who[2] == srv.uids[i - 1]:
                if who[1] != old_pid:
                    out[i] = (time.monotonic() - t0, who[1])
                    return
                last = "still the old process %d" % old_pid
            else:
                last = "status %d, body %r" % (status, body[:120])
        except (OSError, http.client.HTTPException) as e:
            last = str(e) or type(e).__name__
        time.sleep(POLL)
    out[i] = "not answered in %d s: %s" % (READY_TIMEOUT, last)


def wait_groups(srv, t0, old_pids):
    """Returns ({i: (seconds, pid)}, [errors]) once every group answered
    (from a new process where old_pids has one)."""
    deadline = t0 + READY_TIMEOUT
    if srv.read_pid(deadline) is None:
        return {}, ["no pid file %s" % srv.pid_file]
    if not wait_port(srv, deadline):
        return {}, ["port %d not open in %d s" % (srv.port, READY_TIMEOUT)]
    out = {}
    threads = [threading.Thread(target=poll_group, daemon=True,
                                args=(srv, i, old_pids.get(i), t0, deadline,
                                      out))
               for i in range(1, srv.n + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = {i: v for i, v in out.items() if isinstance(v, tuple)}
    errors = ["/g%d: %s" % (i, v) for i, v in sorted(out.items())
              if not isinstance(v, tuple)]
    return done, errors


# --------------------------------------------------------------------------
# Memory and the processes' identities
# --------------------------------------------------------------------------

def memory(srv):
    """PSS in KiB: total, daemons (a group's uid), Apache (the rest)."""
    group_uids = set(srv.uids)
    daemons, apache = {}, {}
    for p in srv.processes():
        pss = proc_pss_kib(p)
        if pss is not None:
            (daemons if proc_uid(p) in group_uids else apache)[p] = pss
    return {"total_kib": sum(daemons.values()) + sum(apache.values()),
            "daemons_kib": sum(daemons.values()),
            "apache_kib": sum(apache.values()),
            "daemons": daemons, "apache": apache}


def check_daemons(srv, answered):
    """Errors unless the tree holds exactly N daemon processes, one per
    group user, and each group answered from its own one of them."""
    group_uids = set(srv.uids)
    by_uid = {}
    for p in srv.processes():
        u = proc_uid(p)
        if u in group_uids:
            by_uid.setdefault(u, []).append(p)
    errors = []
    many = {u: ps for u, ps in by_uid.items() if len(ps) != 1}
    if many:
        errors.append("uids with more than one daemon process: %s" % many)
    if len(by_uid) != srv.n:
        errors.append("%d of %d group users run a daemon process"
                      % (len(by_uid), srv.n))
    pids = [pid for _t, pid in answered.values()]
    if len(set(pids)) != len(pids):
        errors.append("two groups answered from the same pid")
    for i, (_t, pid) in sorted(answered.items()):
        if by_uid.get(srv.uids[i - 1], [None])[0] != pid:
            errors.append("/g%d answered from pid %d, not its group's daemon"
                          " %s" % (i, pid, by_uid.get(srv.uids[i - 1])))
    return errors


# --------------------------------------------------------------------------
# One point: module x N
# --------------------------------------------------------------------------

def run_point(name, n, base, apps, uids):
    srv = Server(name, os.path.join(base, "%s-%d" % (name, n)), apps, uids[:n])
    point = {"module": name, "groups": n, "port": srv.port, "root": srv.root,
             "failures": []}
    fail = point["failures"].append
    try:
        measure(srv, point, fail)
    finally:
        killed = srv.stop()
        if killed:
            fail("pids %s still alive %d s after -k stop: SIGKILLed"
                 % (sorted(killed), STOP_TIMEOUT))
        if point["failures"]:
            point["error_log_tail"] = srv.error_log_tail()
    return point


def measure(srv, point, fail):
    t0 = time.monotonic()
    err = srv.apachectl("start")
    if err:
        return fail(err)
    started, errors = wait_groups(srv, t0, {})
    if errors:
        return fail("start: %s" % "; ".join(errors[:5]))
    point["start_s"] = max(t for t, _p in started.values())
    point["start_by_group_s"] = {i: t for i, (t, _p) in started.items()}
    time.sleep(SETTLE)
    point["memory"] = memory(srv)
    point["daemon_errors"] = check_daemons(srv, started)
    for e in point["daemon_errors"]:
        fail("daemon processes: %s" % e)
    old = {i: pid for i, (_t, pid) in started.items()}
    t0 = time.monotonic()
    err = srv.apachectl("graceful")
    if err:
        return fail(err)
    again, errors = wait_groups(srv, t0, old)
    if errors:
        return fail("graceful: %s" % "; ".join(errors[:5]))
    point["graceful_s"] = max(t for t, _p in again.values())
    point["graceful_by_group_s"] = {i: t for i, (t, _p) in again.items()}


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def slope(xs, ys):
    """Least-squares slope of ys over xs; None below two distinct xs."""
    pairs = [(x, y) for x, y in zip(xs, ys) if y is not None]
    if len({x for x, _y in pairs}) < 2:
        return None
    mx = sum(x for x, _y in pairs) / len(pairs)
    my = sum(y for _x, y in pairs) / len(pairs)
    sxx = sum((x - mx) ** 2 for x, _y in pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / sxx


def mib(point, key):
    m = point.get("memory")
    return None if m is None else m[key] / 1024.0


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def print_table(head, rows, left):
    """Markdown table; the first `left` columns are text, the rest numbers."""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: "| " + " | ".join(
        str(x).ljust(w) if i < left else str(x).rjust(w)
        for i, (x, w) in enumerate(zip(r, widths))) + " |"
    log(line(head))
    log("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        log(line(r))


def print_points(points):
    rows = []
    order = lambda p: (p["groups"], SERVERS.index(p["module"]))
    for p in sorted(points, key=order):
        errs = p.get("daemon_errors")
        ok = "-" if errs is None else ("no" if errs else "yes")
        rows.append((p["groups"], p["module"], fmt(p.get("start_s"), ".2f"),
                     fmt(p.get("graceful_s"), ".2f"),
                     fmt(mib(p, "total_kib"), ".1f"),
                     fmt(mib(p, "daemons_kib"), ".1f"),
                     fmt(mib(p, "apache_kib"), ".1f"), ok))
    print_table(("N", "module", "start s", "graceful s", "PSS MiB total",
                 "daemons", "apache", "N distinct daemons, own users"),
                rows, 2)


def slopes(points, names):
    out = {}
    for name in names:
        ps = [p for p in points if p["module"] == name]
        ns = [p["groups"] for p in ps]
        per = lambda f: slope(ns, [f(p) for p in ps])
        ms = lambda k: (lambda p: None if p.get(k) is None
                        else p[k] * 1000.0)
        out[name] = {"start_ms_per_group": per(ms("start_s")),
                     "graceful_ms_per_group": per(ms("graceful_s")),
                     "pss_mib_per_group": per(lambda p: mib(p, "total_kib")),
                     "daemons_mib_per_group":
                         per(lambda p: mib(p, "daemons_kib")),
                     "apache_mib_per_group":
                         per(lambda p: mib(p, "apache_kib"))}
    return out


def print_slopes(sl, groups):
    log("")
    log("Least-squares slope over N = %s (per added group):"
        % ",".join(map(str, groups)))
    rows = [(name, fmt(s["start_ms_per_group"], ".1f"),
             fmt(s["graceful_ms_per_group"], ".1f"),
             fmt(s["pss_mib_per_group"], ".2f"),
             fmt(s["daemons_mib_per_group"], ".2f"),
             fmt(s["apache_mib_per_group"], ".3f"))
            for name, s in sl.items()]
    print_table(("module", "start ms/group", "graceful ms/group",
                 "PSS MiB/group", "daemons", "apache"), rows, 1)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_groups(text):
    try:
        ns = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        return None
    if not ns or any(n < 1 or n > MAX_GROUPS for n in ns):
        return None
    return sorted(set(ns))


def parse_args(argv):
    env = os.environ
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--groups", default=env.get("BENCH_GROUPS", DEFAULT_GROUPS),
                   help="comma list of group counts (default %s)"
                   % DEFAULT_GROUPS)
    p.add_argument("--only", choices=SERVERS,
                   default=env.get("BENCH_ONLY") or None,
                   help="one module only")
    p.add_argument("--json", default=env.get("BENCH_GROUPS_JSON") or None,
                   help="also write the raw results to this file")
    p.add_argument("--keep", action="store_true",
                   help="keep the temp directory (configs, error logs)")
    a = p.parse_args(argv)
    a.groups = parse_groups(a.groups)
    if a.groups is None:
        p.error("--groups: a comma list of integers from 1 to %d"
                % MAX_GROUPS)
    return a


def preflight(names):
    """None, or why the benchmark cannot run (exit 2)."""
    if os.geteuid() != 0:
        return "groups.py must run as root (it creates the gwgrpNNN users)"
    if not os.access(APACHE, os.X_OK):
        return "missing %s" % APACHE
    if "mod_wsgi" in names and not os.path.isfile(MOD_WSGI_SO):
        return "missing %s (apt-get install libapache2-mod-wsgi-py3)" % (
            MOD_WSGI_SO)
    return None


def run_all(args, names, base, apps, uids, points):
    for k, n in enumerate(args.groups):
        for name in (names if k % 2 == 0 else list(reversed(names))):
            log("%s, %d group(s) ..." % (name, n))
            p = run_point(name, n, base, apps, uids)
            points.append(p)
            if p["failures"]:
                log("  FAILED: %s\n--- %s error.log tail ---\n%s"
                    % ("; ".join(p["failures"]), name,
                       p.get("error_log_tail", "")))
            else:
                log("  start %.2f s, graceful %.2f s, PSS %.1f MiB"
                    % (p["start_s"], p["graceful_s"], mib(p, "total_kib")))


def on_term(signum, frame):
    raise KeyboardInterrupt  # the finally clauses stop the servers


def main(argv):
    args = parse_args(argv)
    names = [args.only] if args.only else list(SERVERS)
    why = preflight(names)
    if why:
        log(why)
        return 2
    if "mod_gateway" in names:
        err = build_gateway()
        if err:
            log("mod_gateway: cannot build: %s" % err)
            return 1
    uids = ensure_users(max(args.groups))
    base = tempfile.mkdtemp(prefix="gwgroups-")
    os.chmod(base, 0o755)
    apps = os.path.join(base, "apps")
    install_app(apps)
    points = []
    signal.signal(signal.SIGTERM, on_term)
    interrupted = False
    try:
        run_all(args, names, base, apps, uids, points)
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted")
    finally:
        if args.keep:
            log("kept %s" % base)
        else:
            shutil.rmtree(base, ignore_errors=True)
    return report(args, names, points, interrupted)


def report(args, names, points, interrupted):
    log("")
    log("Each group: processes=1 threads=2, its own user; start and graceful"
        " = until every /gN answered (from a new process after graceful);"
        " PSS %d s after the start." % SETTLE)
    print_points(points)
    sl = slopes(points, names)
    print_slopes(sl, args.groups)
    failed = [(p["module"], p["groups"], f) for p in points
              for f in p["failures"]]
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"config": {"groups": args.groups, "modules": names,
                                  "poll_s": POLL, "settle_s": SETTLE,
                                  "cpus": os.cpu_count()},
                       "points": points, "slopes": sl,
                       "interrupted": interrupted}, f, indent=1, default=str)
    if failed or interrupted:
        log("\nFAILED:\n  " + "\n  ".join(
            ["%s, N=%d: %s" % f for f in failed] +
            (["interrupted"] if interrupted else [])))
        return 1
    log("\nOK (the figures are a report, not a pass/fail target)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
