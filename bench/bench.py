#!/usr/bin/python3
"""Benchmark: mod_gateway against mod_wsgi (daemon and embedded) and static.

Run as root with Debian's Python (standard library only):

    /usr/bin/python3 bench/bench.py [--rounds N] [--duration S] [--warmup S]
                                    [--endpoints hello,big,echo,file]
                                    [--only mod_gateway,wsgi-daemon,...]
                                    [--no-scaling] [--scaling-levels LIST]
                                    [--scaling-duration S]
                                    [--scaling-rounds N]
                                    [--json FILE] [--keep]

Environment equivalents: BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP,
BENCH_ENDPOINTS, BENCH_ONLY, BENCH_NO_SCALING=1, BENCH_SCALING_LEVELS,
BENCH_SCALING_DURATION, BENCH_SCALING_ROUNDS, BENCH_JSON.

Private Apache httpd instances run side by side (bench/lib_apache.py), one
per contender, with the same MPM settings: mod_gateway, Debian's mod_wsgi
in daemon mode (the same WSGIDaemonProcess / WSGIScriptAlias lines),
mod_wsgi in embedded mode (the same app in the Apache children), and an
Apache with no Python module serving files with the same bytes (static:
/hello, /big, /file).  For every round and endpoint, wrk runs against each
server in turn (the order rotates each round).  Server CPU per request is
the CPU time of the Apache parent and every process below it, divided by
wrk's request count.  Memory is the PSS of each server's processes
(/proc/PID/smaps_rollup) when idle, after the warm-up and after the bench.
Then a second set of servers, large enough for 1024 connections, is run
with wrk -c16, -c256, -c1024 on /hello (concurrency scaling).

Exit status: 0 when every server started, every endpoint returned the
expected body and no wrk run of the rounds reported errors (non-2xx/3xx
responses, socket errors, zero requests); 1 otherwise (the error log tail
is printed); 2 on bad usage.  Errors at the scaling levels are reported,
not failures.  No speed target is asserted.
"""

import argparse
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib_apache import (APACHE, DAEMON_USER, HELLO, MAIN_MPM,  # noqa: E402
                        MOD_WSGI_SO, PROCESSES, SCALING_MPM, THREADS,
                        Server, big_bytes, build_gateway, data_bytes,
                        ensure_user, install_apps, make_temp, remove_temp)
from lib_proc import (CLK_TCK, maps_libpython, proc_rss_kib,  # noqa: E402
                      raise_nofile)
from lib_wrk import (WRK, WRK_CONNECTIONS, WRK_THREADS,  # noqa: E402
                     WRK_TIMEOUT, run_wrk)
import lib_report as rep  # noqa: E402
import lib_wrk  # noqa: E402

parse_wrk = lib_wrk.parse_wrk  # reliability.py calls bench.parse_wrk

HERE = os.path.dirname(os.path.abspath(__file__))
ECHO_LUA = os.path.join(HERE, "echo.lua")

# The servers of reliability.py (it imports this module).
SERVERS = ("mod_wsgi", "mod_gateway")
# The contenders of this benchmark, in display order.
CONTENDERS = ("mod_gateway", "wsgi-daemon", "wsgi-embedded", "static")
ALIASES = {"mod_wsgi": "wsgi-daemon", "gateway": "mod_gateway",
           "daemon": "wsgi-daemon", "embedded": "wsgi-embedded"}
ALL_ENDPOINTS = ("hello", "big", "echo", "file")
SCALING_LEVELS = (16, 256, 1024)
ECHO_SIZE = 1024 * 1024
NOFILE = 65536

# endpoint -> (method, path, wrk script, expected body)
ENDPOINTS = {
    "hello": ("GET", "/hello", None, HELLO),
    "big": ("GET", "/big", None, big_bytes()),
    "echo": ("POST", "/echo", ECHO_LUA, str(ECHO_SIZE).encode()),
    "file": ("GET", "/file", None, data_bytes()),
}
# The static server has no app: no /echo.
SERVES = {s: set(ALL_ENDPOINTS) for s in CONTENDERS}
SERVES["static"] = {"hello", "big", "file"}


def log(msg=""):
    print(msg, flush=True)


# --------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------

def _list(text):
    return [x.strip() for x in text.split(",") if x.strip()]


def parse_args(argv):
    env = os.environ
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    rep.add_run_options(p, 3, "wrk", "endpoint", warmup_env="BENCH_WARMUP")
    p.add_argument("--endpoints",
                   default=env.get("BENCH_ENDPOINTS", ",".join(ALL_ENDPOINTS)),
                   help="comma list of " + ",".join(ALL_ENDPOINTS))
    p.add_argument("--only", default=env.get("BENCH_ONLY") or None,
                   help="comma list of contenders: " + ",".join(CONTENDERS)
                   + " (mod_wsgi = wsgi-daemon); default all")
    p.add_argument("--no-scaling", action="store_true",
                   default=env.get("BENCH_NO_SCALING", "") not in ("", "0"),
                   help="skip the concurrency scaling part")
    p.add_argument("--scaling-levels",
                   default=env.get("BENCH_SCALING_LEVELS",
                                   ",".join(map(str, SCALING_LEVELS))),
                   help="wrk connections for /hello (default 16,256,1024)")
    p.add_argument("--scaling-duration", type=int,
                   default=(int(env["BENCH_SCALING_DURATION"])
                            if env.get("BENCH_SCALING_DURATION") else None),
                   help="seconds per scaling run (default: --duration)")
    p.add_argument("--scaling-rounds", type=int,
                   default=int(env.get("BENCH_SCALING_ROUNDS", "1")))
    rep.add_output_options(p, "BENCH_JSON")
    a = p.parse_args(argv)
    a.endpoints = _list(a.endpoints)
    if "static" in a.endpoints:
        p.error("the 'static' endpoint is now the static contender"
                " (--only static): it serves /hello, /big and /file")
    bad = [e for e in a.endpoints if e not in ALL_ENDPOINTS]
    if bad or not a.endpoints:
        p.error("unknown endpoint(s) %s; choose from %s"
                % (",".join(bad), ",".join(ALL_ENDPOINTS)))
    only = [ALIASES.get(s, s) for s in _list(a.only or ",".join(CONTENDERS))]
    bad = [s for s in only if s not in CONTENDERS]
    if bad or not only:
        p.error("unknown contender(s) %s; choose from %s"
                % (",".join(bad), ",".join(CONTENDERS)))
    a.servers = [s for s in CONTENDERS if s in only]
    try:
        a.levels = [int(x) for x in _list(a.scaling_levels)]
    except ValueError:
        p.error("--scaling-levels: a comma list of integers")
    if a.scaling_duration is None:
        a.scaling_duration = a.duration
    if (a.rounds < 1 or a.duration < 1 or a.warmup < 0
            or a.scaling_rounds < 1 or a.scaling_duration < 1
            or not a.levels or any(c < WRK_THREADS or c > 1024
                                   for c in a.levels)):
        p.error("--rounds, --duration, --scaling-rounds and"
                " --scaling-duration must be >= 1, --warmup >= 0, scaling"
                " levels between %d and 1024" % WRK_THREADS)
    return a


def expected_seconds(a):
    """(total, wrk seconds): wrk time plus about 0.1 s per wrk run, 1.5 s
    per server start and stop, and the pauses before memory is read
    (measured on smoke runs)."""
    runs = sum(len([s for s in a.servers if e in SERVES[s]])
               for e in a.endpoints)
    wrk = runs * (a.warmup + a.rounds * a.duration)
    n_runs = runs * (a.rounds + (1 if a.warmup else 0))
    other = 1.5 * len(a.servers) + 1 + 2 + 2
    if not a.no_scaling:
        n = len(a.servers)
        wrk += n * (a.warmup + a.scaling_rounds * len(a.levels)
                    * a.scaling_duration)
        n_runs += n * (a.scaling_rounds * len(a.levels) + 1)
        other += 1.5 * n + 2
    return wrk + other + 0.1 * n_runs, wrk


# --------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------

class Bench:
    """State of one run: servers of both sets, failures, raw results."""

    def __init__(self, args, base, apps):
        self.args = args
        self.base = base
        self.apps = apps
        self.failed = []          # human-readable failure reasons
        self.bad_servers = set()  # (set, name) whose log tail is printed
        self.sets = {}            # set name -> {server name: Server}
        self.memory = {}          # server -> phase -> Server.memory()
        self.results = {}         # (endpoint, server) -> runs
        self.scaling = {}         # (connections, server) -> runs
        self.report = {"config": {
            "rounds": args.rounds, "duration": args.duration,
            "warmup": args.warmup, "endpoints": args.endpoints,
            "servers": args.servers, "scaling": not args.no_scaling,
            "scaling_levels": args.levels,
            "scaling_duration": args.scaling_duration,
            "scaling_rounds": args.scaling_rounds,
            "wrk": "-t%d -c%d --timeout %ds" % (WRK_THREADS, WRK_CONNECTIONS,
                                                WRK_TIMEOUT),
            "processes": PROCESSES, "threads": THREADS,
            "main_mpm": MAIN_MPM, "scaling_mpm": SCALING_MPM,
            "clk_tck": CLK_TCK, "cpus": os.cpu_count()},
            "runs": [], "scaling_runs": [], "servers": {}}

    def fail(self, set_name, name, msg):
        self.failed.append(msg)
        self.bad_servers.add((set_name, name))

    def start_set(self, set_name, mpm):
        """Starts every contender with these MPM lines; returns the names
        of those that are up."""
        servers = self.sets.setdefault(set_name, {})
        base = os.path.join(self.base, set_name)
        for name in self.args.servers:
            if name == "mod_gateway":
                err = build_gateway()
                if err:
                    self.fail(set_name, name, "mod_gateway: " + err)
                    log("mod_gateway: cannot build: %s" % err)
                    continue
            s = Server(name, base, self.apps, mpm=mpm)
            servers[name] = s
            log("starting %s %s on 127.0.0.1:%d (ServerRoot %s)"
                % (set_name, name, s.port, s.root))
            if not s.start():
                self.fail(set_name, name, "%s %s failed to start: %s"
                          % (set_name, name, s.failure))
                log("%s FAILED to start: %s\n--- %s error.log tail ---\n%s"
                    % (name, s.failure, name, s.error_log_tail()))
                s.stop()
        return [n for n in self.args.servers
                if n in servers and servers[n].failure is None]

    def stop_set(self, set_name):
        for name, s in self.sets.get(set_name, {}).items():
            if (set_name, name) in self.bad_servers:
                log("--- %s %s error.log tail (%s) ---\n%s"
                    % (set_name, name, s.error_log, s.error_log_tail()))
            killed = s.stop()
            if killed:
                self.fail(set_name, name, "%s: pids %s survived -k stop,"
                          " SIGKILLed" % (name, killed))
                log("%s: pids %s survived -k stop; SIGKILLed"
                    % (name, killed))
        self.sets.pop(set_name, None)

    def check(self, set_name, name, endpoints):
        """One request per endpoint, body compared byte for byte."""
        s = self.sets[set_name][name]
        errors = []
        for e in endpoints:
            method, path, _script, want = ENDPOINTS[e]
            body = b"x" * ECHO_SIZE if method == "POST" else None
            try:
                status, data = s.request(method, path, body=body)
            except OSError as ex:
                errors.append("%s %s: %s" % (method, path, ex))
                continue
            got = data.strip() if e == "echo" else data  # echo: a number
            if status != 200 or got != want:
                errors.append("%s %s: status %d, %d-byte body %r" % (
                    method, path, status, len(data), data[:80]))
        if errors:
            self.fail(set_name, name, "%s: wrong responses: %s"
                      % (name, "; ".join(errors)))
            log("%s: wrong responses:\n  %s" % (name, "\n  ".join(errors)))
        return not errors

    def wrk(self, set_name, name, endpoint, seconds, conns=WRK_CONNECTIONS):
        _method, path, script, _want = ENDPOINTS[endpoint]
        return run_wrk(self.sets[set_name][name], path, seconds,
                       connections=conns, script=script)

    def warm_up(self, set_name, live, endpoints, conns=WRK_CONNECTIONS):
        for name in live:
            for e in [e for e in endpoints if e in SERVES[name]]:
                r = self.wrk(set_name, name, e, self.args.warmup, conns)
                if r["errors"] and set_name == "main":
                    self.fail(set_name, name, "%s warm-up %s: %s"
                              % (name, e, "; ".join(r["errors"])))
                    log("%s warm-up %s: %s\n%s" % (
                        name, e, "; ".join(r["errors"]), r["output"]))

    def snapshot(self, set_name, live, phase):
        for name in live:
            m = self.sets[set_name][name].memory()
            self.memory.setdefault(name, {})[phase] = m
            log("memory %-8s %-13s PSS children %6.1f MiB (%d), others"
                " %6.1f MiB (%d), all %6.1f MiB" % (
                    phase, name, m["children"] / 1024.0, m["n_children"],
                    m["others"] / 1024.0, m["n_others"], m["all"] / 1024.0))

    def record_processes(self, live):
        """Daemon VmRSS and whether the children map libpython (after the
        warm-up), as the figures of old."""
        for name in live:
            s = self.sets["main"][name]
            children = s.child_pids()
            self.report["servers"][name] = {
                "port": s.port, "parent": s.pid,
                "daemon_rss_kib": {p: proc_rss_kib(p) for p in s.daemon_pids()},
                "children": children,
                "children_with_libpython": [p for p in children
                                            if maps_libpython(p)]}

    def rounds(self, live):
        a = self.args
        for rnd in range(a.rounds):
            k = rnd % len(live)
            order = live[k:] + live[:k]
            for e in a.endpoints:
                for name in [n for n in order if e in SERVES[n]]:
                    r = self.wrk("main", name, e, a.duration)
                    r.update(round=rnd + 1, endpoint=e, server=name)
                    self.results.setdefault((e, name), []).append(r)
                    self.report["runs"].append(without_output(r))
                    log_run("round %d %-6s" % (rnd + 1, e), name, r)
                    if r["errors"]:
                        self.fail("main", name, "%s %s round %d: %s" % (
                            name, e, rnd + 1, "; ".join(r["errors"])))
                        log(r["output"])

    def scaling_levels(self, live):
        a = self.args
        for rnd in range(a.scaling_rounds):
            for i, c in enumerate(a.levels):
                k = (rnd + i) % len(live)
                for name in live[k:] + live[:k]:
                    r = self.wrk("scaling", name, "hello",
                                 a.scaling_duration, c)
                    r.update(round=rnd + 1, endpoint="hello", server=name)
                    self.scaling.setdefault((c, name), []).append(r)
                    self.report["scaling_runs"].append(without_output(r))
                    log_run("scaling -c%-5d" % c, name, r)


def without_output(run):
    return {key: v for key, v in run.items() if key != "output"}


def log_run(what, name, r):
    cpu = (r["cpu_ticks"] * 1e6 / CLK_TCK / r["requests"]
           if r["requests"] else None)
    log("%s %-13s %9s req/s  p50 %7s ms  p99 %8s ms  CPU %6s us/req%s" % (
        what, name, rep.fmt(r["rps"], ".1f"), rep.fmt(r["p50_ms"], ".2f"),
        rep.fmt(r["p99_ms"], ".2f"), rep.fmt(cpu, ".0f"),
        ("  ERRORS: " + "; ".join(r["errors"])) if r["errors"] else ""))


def run_main(b):
    """Main set: start, idle memory, check, warm-up, rounds, memory."""
    a = b.args
    live = b.start_set("main", MAIN_MPM)
    time.sleep(1)
    b.snapshot("main", live, "idle")
    for name in live:
        b.check("main", name, [e for e in a.endpoints if e in SERVES[name]])
    if a.warmup:
        b.warm_up("main", live, a.endpoints)
    # 2 s after the last request (mod_gateway's workers hand their
    # buffers back after 1 s without a request).
    time.sleep(2)
    b.snapshot("main", live, "warm")
    b.record_processes(live)
    if live:
        b.rounds(live)
    time.sleep(2)
    b.snapshot("main", live, "bench")
    for name in live:
        errs = b.sets["main"][name].error_lines()
        b.report["servers"].setdefault(name, {})["error_lines"] = errs[-20:]
        b.report["servers"][name]["n_error_lines"] = len(errs)
    return live


def run_scaling(b):
    """Scaling set (SCALING_MPM), started after the main set stopped."""
    a = b.args
    live = b.start_set("scaling", SCALING_MPM)
    live = [n for n in live if b.check("scaling", n, ["hello"])]
    if a.warmup and live:
        # At the top level, so that every child has run the app.
        b.warm_up("scaling", live, ["hello"], max(a.levels))
    if live:
        b.scaling_levels(live)
    time.sleep(2)
    b.snapshot("scaling", live, "scaling")
    for name in live:  # for the read errors at the top level
        errs = b.sets["scaling"][name].error_lines()
        b.report.setdefault("scaling_servers", {})[name] = {
            "n_error_lines": len(errs), "error_lines": errs[-20:]}
    return live


def report(b, main_live, scaling_live):
    """Prints the tables; returns the markdown lines (printed last)."""
    a = b.args
    log("")
    log("wrk -t%d -c%d -d%ds --latency --timeout %ds, %d round(s), median"
        " of rounds; CPU = server (parent+children+daemons) CPU / requests,"
        " all rounds; gw÷this = mod_gateway's figure / this server's"
        % (WRK_THREADS, WRK_CONNECTIONS, a.duration, WRK_TIMEOUT, a.rounds))
    rows = rep.summarize(b.results, a.endpoints, lambda e: [
        s for s in main_live if e in SERVES[s]])
    b.report["table"] = rows
    for line in rep.main_table(rows):
        log(line)
    md = ["### %s (wrk -t%d -c%d, %d x %d s)"
          % (", ".join("/" + e for e in a.endpoints), WRK_THREADS,
             WRK_CONNECTIONS, a.rounds, a.duration), ""]
    md += rep.markdown_main(rows, main_live)
    if not a.no_scaling:
        srows = rep.scaling_rows(b.scaling, a.levels, scaling_live)
        b.report["scaling_table"] = srows
        log("\nscaling: /hello, wrk -t%d, %d x %d s per level, 16 x 64"
            " threads per server" % (WRK_THREADS, a.scaling_rounds,
                                     a.scaling_duration))
        for line in rep.scaling_table(srows):
            log(line)
        md += ["", "### Concurrency, /hello (wrk -t%d, %d x %d s per level)"
               % (WRK_THREADS, a.scaling_rounds, a.scaling_duration), ""]
        md += rep.scaling_table(srows)
    servers = [s for s in a.servers if s in b.memory]
    log("\nmemory: PSS (smaps_rollup), MiB (number of processes)")
    for line in rep.memory_table(b.memory, servers):
        log(line)
    md += ["", "### Memory (PSS, MiB; number of processes)", ""]
    md += rep.memory_table(b.memory, servers)
    log("")
    for name in main_live:
        info = b.report["servers"].get(name)
        if info is None or "daemon_rss_kib" not in info:
            continue
        rss = info["daemon_rss_kib"]
        log("%-13s daemon processes (%s): VmRSS after warm-up %s" % (
            name, DAEMON_USER,
            ", ".join("pid %d %.1f MiB" % (p, (v or 0) / 1024.0)
                      for p, v in sorted(rss.items())) or "none"))
        log("%-13s Apache children mapping libpython: %d of %d" % (
            name, len(info["children_with_libpython"]),
            len(info["children"])))
    for name in main_live:
        info = b.report["servers"].get(name, {})
        if info.get("n_error_lines"):
            log("%s: %d error-level line(s) in error.log (wrk closes its"
                " connections mid-response when a run ends, so write"
                " errors / broken pipes are expected); last: %s"
                % (name, info["n_error_lines"],
                   info["error_lines"][-1][:300]))
    b.report["markdown"] = md
    return md


def preflight(args):
    """Returns an error message (exit 2) or None."""
    if os.geteuid() != 0:
        return ("bench.py must run as root (User www-data, daemon user %s)"
                % DAEMON_USER)
    for exe in (APACHE, WRK):
        if not os.access(exe, os.X_OK):
            return "missing %s" % exe
    if ({"wsgi-daemon", "wsgi-embedded"} & set(args.servers)
            and not os.path.isfile(MOD_WSGI_SO)):
        return ("missing %s (apt-get install libapache2-mod-wsgi-py3)"
                % MOD_WSGI_SO)
    return None


def main(argv):
    args = parse_args(argv)
    err = preflight(args)
    if err:
        log(err)
        return 2
    total, wrk_s = expected_seconds(args)
    log("contenders %s; endpoints %s; %d round(s) x %d s; scaling %s"
        % (",".join(args.servers), ",".join(args.endpoints), args.rounds,
           args.duration, "off" if args.no_scaling else "-c%s, %d x %d s" % (
               ",".join(map(str, args.levels)), args.scaling_rounds,
               args.scaling_duration)))
    log("expected duration: about %dm%02ds (%d s of wrk runs)"
        % (total // 60, total % 60, wrk_s))
    nofile = raise_nofile(NOFILE)
    ensure_user()
    base = make_temp("gwbench-")
    apps = os.path.join(base, "apps")
    install_apps(apps)
    b = Bench(args, base, apps)
    b.report["config"]["nofile"] = nofile
    t0 = time.monotonic()
    md = []

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        main_live = run_main(b)
        b.stop_set("main")
        scaling_live = [] if args.no_scaling else run_scaling(b)
        b.stop_set("scaling")
        md = report(b, main_live, scaling_live)
    except KeyboardInterrupt:
        b.failed.append("interrupted")
        log("interrupted")
    finally:
        for set_name in list(b.sets):
            b.stop_set(set_name)
        b.report["elapsed_seconds"] = round(time.monotonic() - t0, 1)
        b.report["expected_seconds"] = round(total, 1)
        b.report["failures"] = b.failed
        b.report["memory"] = b.memory
        rep.write_json(args.json, b.report)
        remove_temp(base, args.keep)

    log("\nelapsed %.0f s (expected about %.0f s)"
        % (time.monotonic() - t0, total))
    if b.failed:
        log("FAILED:\n  " + "\n  ".join(b.failed))
    else:
        log("OK (no errors; figures are a report, not a pass/fail target)")
    if md:
        log("\n---- markdown for docs/PERFORMANCE.md ----\n")
        log("\n".join(md))
    return 1 if b.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
