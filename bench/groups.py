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
import http.client
import os
import re
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lib_apache as ap                  # noqa: E402  (bench.py's Apache)
import lib_proc as pr                    # noqa: E402
import lib_report as rep                 # noqa: E402

APP_SRC = "groups_hello.wsgi"            # in bench/apps
APP_NAME = "hello.wsgi"

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
# Setup
# --------------------------------------------------------------------------

def ensure_users(n):
    """Users gwgrp001..gwgrpN (created when missing); returns their uids,
    index 0 for g1."""
    return [ap.ensure_user(USER_FMT % i, user_group=False)
            for i in range(1, n + 1)]


# --------------------------------------------------------------------------
# One private Apache with N groups
# --------------------------------------------------------------------------

class Server(ap.Server):
    """bench.py's Apache (MAIN_MPM: every child up front, none reaped as
    spare) with N daemon groups g1..gN, each under its own user, in
    base/<name>-<N>."""

    daemon_user = None
    ctl_timeout = 60

    def __init__(self, name, base, apps, uids):
        self.uids = uids
        self.n = len(uids)
        super().__init__(name, base, apps, dirname="%s-%d" % (name, self.n))

    def config_comment(self):
        return "# %s with %d groups, written by bench/groups.py" % (self.name,
                                                                   self.n)

    def extra_modules(self):
        return []

    def app_config(self):
        return self.module_lines() + [
            "WSGISocketPrefix %s/wsgi" % self.run_dir,
        ] + self.group_lines()

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
            status, body = srv.request(
                "GET", "/g%d" % i,
                timeout=max(1.0, deadline - time.monotonic()))
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
    if srv.read_pid(deadline, POLL) is None:
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
        pss = pr.pss_kib(p)
        if pss is not None:
            (daemons if pr.proc_uid(p) in group_uids else apache)[p] = pss
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
        u = pr.proc_uid(p)
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
    srv = Server(name, base, apps, uids[:n])
    point = {"module": name, "groups": n, "port": srv.port, "root": srv.root,
             "failures": []}
    fail = point["failures"].append
    try:
        measure(srv, point, fail)
    finally:
        killed = srv.stop(STOP_TIMEOUT)
        if killed:
            fail("pids %s still alive %d s after -k stop: SIGKILLed"
                 % (sorted(killed), STOP_TIMEOUT))
        if point["failures"]:
            point["error_log_tail"] = srv.error_log_tail(30)
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


fmt = rep.fmt


def print_table(head, rows, left):
    """Markdown table; the first `left` columns are text, the rest numbers."""
    for line in rep.table(head, rows, left, marks=False):
        log(line)


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
    rep.add_output_options(p, "BENCH_GROUPS_JSON")
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
    if not os.access(ap.APACHE, os.X_OK):
        return "missing %s" % ap.APACHE
    if "mod_wsgi" in names and not os.path.isfile(ap.MOD_WSGI_SO):
        return "missing %s (apt-get install libapache2-mod-wsgi-py3)" % (
            ap.MOD_WSGI_SO)
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
        err = ap.build_gateway()
        if err:
            log("mod_gateway: cannot build: %s" % err)
            return 1
    uids = ensure_users(max(args.groups))
    base = ap.make_temp("gwgroups-")
    apps = os.path.join(base, "apps")
    ap.copy_apps(apps, {APP_SRC: APP_NAME})
    points = []
    signal.signal(signal.SIGTERM, on_term)
    interrupted = False
    try:
        run_all(args, names, base, apps, uids, points)
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted")
    finally:
        ap.remove_temp(base, args.keep)
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
    rep.write_json(args.json, {
        "config": {"groups": args.groups, "modules": names, "poll_s": POLL,
                   "settle_s": SETTLE, "cpus": os.cpu_count()},
        "points": points, "slopes": sl, "interrupted": interrupted})
    if failed or interrupted:
        log("\nFAILED:\n  " + "\n  ".join(
            ["%s, N=%d: %s" % f for f in failed] +
            (["interrupted"] if interrupted else [])))
        return 1
    log("\nOK (the figures are a report, not a pass/fail target)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
