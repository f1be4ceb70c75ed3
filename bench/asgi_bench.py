#!/usr/bin/python3
"""ASGI benchmark: a mod_gateway protocol=asgi group against uvicorn behind
Apache's mod_proxy_http + mod_proxy_wstunnel, the same application in both.

Run as root with Debian's Python, apache2, wrk and python3-uvicorn:

    /usr/bin/python3 bench/asgi_bench.py [--rounds N] [--duration S]
        [--tests hello,echo,idle] [--processes P] [--connections C]
        [--idle N] [--only mod_gateway|uvicorn] [--json FILE] [--keep]

Environment equivalents: BENCH_ROUNDS, BENCH_DURATION, BENCH_JSON.

Two private Apache httpd instances (event MPM, identical but for how they
reach the application) serve bench/apps/asgi_app.py: one through a
`protocol=asgi` daemon group of P processes, the other through `ProxyPass
unix:...uvicorn.sock|http://localhost/` (and `|ws://localhost/ws`) to
uvicorn with P workers on a UNIX socket, running as the same user.  Tests,
in interleaved rounds (the order flips every round):

  hello  wrk -t2 -c16 on GET /hello: req/s, p50, p99, server CPU/request
  echo   C WebSockets each sending a 32-byte text message and awaiting its
         echo, for S seconds: round trips/s, p50, p99, server CPU/trip
  idle   (once per server, after the rounds) N WebSockets opened and left
         idle: PSS growth of Apache + the daemon, or Apache + uvicorn,
         per WebSocket

Server CPU is utime+stime (+cutime+cstime) from /proc of the Apache parent,
everything below it and, for uvicorn, its processes.  Exit status: 0 when
both servers started and answered correctly and no run had errors; 1
otherwise; 2 on bad usage.  The issue's targets are reported, not asserted.
"""

import argparse
import asyncio
import os
import pwd
import re
import resource
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import lib_apache as ap                  # noqa: E402  (the WSGI bench's parts)
import lib_proc as pr                    # noqa: E402
import lib_report as rep                 # noqa: E402
import lib_wrk as lw                     # noqa: E402
import asgi_wsclient as wsc              # noqa: E402

PYTHON = "/usr/bin/python3"
APP = "asgi_app"                          # bench/apps/asgi_app.py
SERVERS = ("mod_gateway", "uvicorn")
ALL_TESTS = ("hello", "echo", "idle")
WRK_ARGS = ["-t2", "-c16", "--latency", "--timeout", "30s"]
MESSAGE = "m" * 32                        # the echo test's text message
CHILDREN = 4                              # Apache children, all started
IDLE_STEP = 100                           # WebSockets opened at a time



def log(msg=""):
    print(msg, flush=True)

WARN_LINE = re.compile(r"\[(\w+:)?(warn|error|crit|alert|emerg)\]")


def pss_kib(pid):
    return pr.pss_kib(pid) or 0


def tree(pid):
    return [pid] + pr.descendants(pid) if pr.proc_alive(pid) else []


# --------------------------------------------------------------------------
# The two servers
# --------------------------------------------------------------------------

def mpm_lines(idle):
    """CHILDREN children, all started up front, with a thread for each of
    `idle` WebSockets and 64 more."""
    threads = max(32, -(-(idle + 64) // CHILDREN))
    return ["ServerLimit %d" % CHILDREN,
            "StartServers %d" % CHILDREN,
            "ThreadLimit %d" % threads,
            "ThreadsPerChild %d" % threads,
            "MaxRequestWorkers %d" % (CHILDREN * threads),
            "MinSpareThreads 16",
            "MaxSpareThreads %d" % (CHILDREN * threads),
            "MaxConnectionsPerChild 0"]


class AsgiServer(ap.Server):
    """A private Apache as bench.py's, with threads for `idle` WebSockets
    (each holds an Apache worker thread, on both servers) and the
    application reached through `backend_lines()`."""

    def __init__(self, name, base, apps, opts):
        self.opts = opts
        super().__init__(name, base, apps, mpm=mpm_lines(opts.idle))

    def config_comment(self):
        return ("# %s ASGI benchmark server, written by bench/asgi_bench.py"
                % self.name)

    def extra_modules(self):
        return []

    def app_config(self):
        return [
            # Debian's apache2.conf: without it every request to a file
            # under <apps> looks for .htaccess in each directory above.
            "<Directory />",
            "    Options FollowSymLinks",
            "    AllowOverride None",
            "    Require all denied",
            "</Directory>",
        ] + self.backend_lines()

    def backend_pids(self):
        return self.daemon_pids()

    def all_pids(self):
        return self.processes()

    def cpu_ticks(self):
        return sum(pr.proc_cpu_ticks(p) for p in self.all_pids())

    def ws_url_path(self):
        return "/ws"


class Gateway(AsgiServer):
    def backend_lines(self):
        return [
            "LoadModule gateway_module %s" % ap.MODULE_SO,
            "GatewayDaemonPath %s" % ap.DAEMON,
            "WSGISocketPrefix %s/wsgi" % self.run_dir,
            "WSGIDaemonProcess asgi user=%s processes=%d threads=%d "
            "protocol=asgi home=%s python-path=%s"
            % (ap.DAEMON_USER, self.opts.processes, self.opts.threads,
               self.apps, self.apps),
            "WSGIScriptAlias / %s/%s.py process-group=asgi"
            % (self.apps, APP),
        ]


class Uvicorn(AsgiServer):
    """Apache in front of uvicorn on a UNIX socket, as it is deployed: the
    socket in a directory of the application's user, uvicorn as that user
    (it makes the socket 0666), mod_proxy_wstunnel for the WebSocket."""

    def __init__(self, name, base, apps, opts):
        self.uv_dir = os.path.join(base, name + "-uvicorn")
        self.sock = os.path.join(self.uv_dir, "uvicorn.sock")
        self.uv = None
        super().__init__(name, base, apps, opts)

    def backend_lines(self):
        m = ap.APACHE_MODULES
        return [
            "LoadModule proxy_module %s/mod_proxy.so" % m,
            "LoadModule proxy_http_module %s/mod_proxy_http.so" % m,
            "LoadModule proxy_wstunnel_module %s/mod_proxy_wstunnel.so" % m,
            'ProxyPass /ws "unix:%s|ws://localhost/ws"' % self.sock,
            'ProxyPass / "unix:%s|http://localhost/"' % self.sock,
        ]

    def start(self, timeout=60):
        if not self.start_uvicorn(timeout):
            return False
        return super().start(timeout)

    def start_uvicorn(self, timeout):
        os.makedirs(self.uv_dir)
        uid = pwd.getpwnam(ap.DAEMON_USER)
        os.chown(self.uv_dir, uid.pw_uid, uid.pw_gid)
        os.chmod(self.uv_dir, 0o755)
        self.uv_log = os.path.join(self.root, "uvicorn.log")
        cmd = [PYTHON, "-m", "uvicorn", "--uds", self.sock,
               "--workers", str(self.opts.processes), "--lifespan", "on",
               "--log-level", "warning", "--no-access-log",
               "--app-dir", self.apps, APP + ":application"]
        with open(self.uv_log, "w") as out:
            self.uv = subprocess.Popen(
                cmd, cwd=self.uv_dir, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, user=uid.pw_uid, group=uid.pw_gid,
                extra_groups=[], start_new_session=True,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        self.uv_cmd = " ".join(cmd)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.uv.poll() is not None:
                self.failure = "uvicorn exited (%d): %s" % (
                    self.uv.returncode, self.uvicorn_log_tail())
                return False
            if os.path.exists(self.sock) and (
                    self.opts.processes == 1 or
                    len(tree(self.uv.pid)) > self.opts.processes):
                return True
            time.sleep(0.1)
        self.failure = "no uvicorn socket after %d s" % timeout
        return False

    def uvicorn_log_tail(self, n=30):
        return "\n".join((pr.read_text(self.uv_log) or "").splitlines()[-n:])

    def backend_pids(self):
        return tree(self.uv.pid) if self.uv else []

    def all_pids(self):
        return self.processes() + self.backend_pids()

    def stop(self, timeout=20):
        killed = super().stop(timeout)
        if self.uv is None or self.uv.poll() is not None:
            return killed
        pids = self.backend_pids()
        self.uv.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.uv.poll()
            if not any(pr.proc_alive(p) for p in pids):
                return killed
            time.sleep(0.1)
        for p in pids:
            if pr.proc_alive(p):
                os.kill(p, signal.SIGKILL)
                killed.append(p)
        self.uv.wait()
        return killed


CLASSES = {"mod_gateway": Gateway, "uvicorn": Uvicorn}


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------

def run_hello(server, seconds):
    cmd = [lw.WRK] + WRK_ARGS + ["-d%ds" % seconds, server.url("/hello")]
    before = server.cpu_ticks()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=seconds + 150)
        out, rc = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = "wrk timed out: %s" % e, -1
    res = lw.parse_wrk(out)
    res.update(cpu_ticks=server.cpu_ticks() - before, ops=res["requests"],
               rate=res["rps"], cmd=" ".join(cmd))
    errors = ["wrk exit status %d" % rc] if rc else []
    if not res["requests"]:
        errors.append("no requests completed")
    if res["non2xx"]:
        errors.append("%d non-2xx/3xx responses" % res["non2xx"])
    if res["socket_errors"]:
        errors.append("socket errors %s" % res["socket_errors"])
    res["errors"] = errors
    if errors:
        res["output"] = out
    return res


def percentile_ms(values, pct):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * pct / 100.0))] * 1000.0


def run_echo(server, seconds, connections):
    before = server.cpu_ticks()
    try:
        r = asyncio.run(wsc.echo_run("127.0.0.1", server.port,
                                     server.ws_url_path(), connections,
                                     seconds, MESSAGE))
        errors = r["errors"][:5]
    except (OSError, asyncio.TimeoutError) as e:
        r = {"round_trips": 0, "seconds": seconds, "latencies": [],
             "client_cpu_s": 0}
        errors = ["%s: %s" % (type(e).__name__, e)]
    lat = r.pop("latencies")
    r.update(cpu_ticks=server.cpu_ticks() - before, ops=r["round_trips"],
             rate=r["round_trips"] / r["seconds"] if r["seconds"] else None,
             p50_ms=percentile_ms(lat, 50), p99_ms=percentile_ms(lat, 99),
             errors=errors + ([] if r["round_trips"] else ["no round trip"]))
    return r


def pss_split(server):
    backend = set(server.backend_pids())
    apache = [p for p in server.all_pids() if p not in backend]
    return (sum(pss_kib(p) for p in apache),
            sum(pss_kib(p) for p in backend))


def run_idle(server, n):
    """PSS before and with n idle WebSockets (each checked with one echo),
    and again after they are closed."""
    before = pss_split(server)

    async def hold():
        conns, took = await wsc.open_idle("127.0.0.1", server.port,
                                          server.ws_url_path(), n, IDLE_STEP)
        await asyncio.sleep(2)
        held = pss_split(server)
        lost = sum(1 for c in conns if c.transport.is_closing())
        await asyncio.gather(*[c.close() for c in conns])
        return held, took, lost

    try:
        held, took, lost = asyncio.run(hold())
    except (OSError, asyncio.TimeoutError) as e:
        return {"errors": ["%s: %s" % (type(e).__name__, e)]}
    time.sleep(2)
    after = pss_split(server)
    return {"sockets": n, "open_seconds": took,
            "pss_kib_before": before, "pss_kib_held": held,
            "pss_kib_closed": after,
            "apache_kib_per_ws": (held[0] - before[0]) / n,
            "backend_kib_per_ws": (held[1] - before[1]) / n,
            "errors": ["%d of %d closed while idle" % (lost, n)] if lost
            else []}


def check(server):
    """GET /hello and one WebSocket echo: error strings."""
    errors = []
    try:
        status, body = server.request("GET", "/hello")
        if (status, body) != (200, b"Hello World!"):
            errors.append("GET /hello: %d %r" % (status, body[:100]))
    except OSError as e:
        errors.append("GET /hello: %s" % e)
    r = run_echo(server, 0.2, 1)
    if r["errors"]:
        errors.append("WebSocket echo: %s" % "; ".join(r["errors"]))
    return errors


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def summarize(results, tests, names):
    """results[(test, server)] = per-round results -> table rows: medians
    of the rounds, CPU over all of them, ours/uvicorn on our row."""
    rows = []
    for t in tests:
        by = {}
        for s in names:
            ok = [r for r in results.get((t, s), []) if r["rate"]]
            row = by[s] = {"test": t, "server": s}
            rows.append(row)
            if ok:
                row.update(
                    rate=statistics.median(r["rate"] for r in ok),
                    p50_ms=statistics.median(r["p50_ms"] for r in ok),
                    p99_ms=statistics.median(r["p99_ms"] for r in ok),
                    cpu_us=sum(r["cpu_ticks"] for r in ok) * 1e6
                    / pr.CLK_TCK / sum(r["ops"] for r in ok))
        ours, theirs = by.get("mod_gateway", {}), by.get("uvicorn", {})
        if ours.get("rate") and theirs.get("rate"):
            ours["ratio"] = ours["rate"] / theirs["rate"]
    return rows


def print_table(head, body):
    for line in rep.table(head, body, marks=False):
        log(line)


def report(rows, idle):
    f = rep.fmt
    units = {"hello": "req/s", "echo": "trips/s"}
    if rows:
        print_table(("test", "server", "rate", "p50 ms", "p99 ms",
                     "CPU us/op", "ours/uvicorn"),
                    [(r["test"], r["server"],
                      f(r.get("rate"), ".0f") + " " + units[r["test"]],
                      f(r.get("p50_ms"), ".2f"), f(r.get("p99_ms"), ".2f"),
                      f(r.get("cpu_us"), ".0f"), f(r.get("ratio"), ".2f"))
                     for r in rows])
        log("")
    if idle:
        print_table(("idle WebSockets", "server", "Apache KiB/ws",
                     "backend KiB/ws", "total KiB/ws", "opened in s"),
                    [("%d" % i["sockets"], s,
                      f(i["apache_kib_per_ws"], ".1f"),
                      f(i["backend_kib_per_ws"], ".1f"),
                      f(i["apache_kib_per_ws"] + i["backend_kib_per_ws"],
                        ".1f"), f(i["open_seconds"], ".1f"))
                     for s, i in idle.items() if "sockets" in i])


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    rep.add_run_options(p, 5, "hello or echo", "test")
    p.add_argument("--tests", default=",".join(ALL_TESTS),
                   help="comma list of " + ",".join(ALL_TESTS))
    p.add_argument("--processes", type=int, default=1,
                   help="daemon processes = uvicorn workers (default 1)")
    p.add_argument("--threads", type=int, default=4,
                   help="threads= of the daemon group (default 4)")
    p.add_argument("--connections", type=int, default=16,
                   help="WebSockets of the echo test (default 16)")
    p.add_argument("--idle", type=int, default=1000,
                   help="WebSockets of the idle test (default 1000)")
    p.add_argument("--only", choices=SERVERS, help="one server only")
    rep.add_output_options(p, "BENCH_JSON", kept="configs, logs")
    a = p.parse_args(argv)
    a.tests = [t.strip() for t in a.tests.split(",") if t.strip()]
    bad = [t for t in a.tests if t not in ALL_TESTS]
    if bad or not a.tests:
        p.error("unknown test(s) %s; choose from %s"
                % (",".join(bad), ",".join(ALL_TESTS)))
    if min(a.rounds, a.duration, a.processes, a.threads, a.connections,
           a.idle) < 1 or a.warmup < 0:
        p.error("every count and duration must be >= 1 (--warmup >= 0)")
    return a


def prerequisites(args):
    """None, or why the benchmark cannot run (exit status 2)."""
    if os.geteuid() != 0:
        return "asgi_bench.py must run as root (User www-data, daemon user "\
            "%s)" % ap.DAEMON_USER
    for exe in (ap.APACHE, lw.WRK, PYTHON):
        if not os.access(exe, os.X_OK):
            return "missing %s" % exe
    if args.only != "mod_gateway" and subprocess.run(
            [PYTHON, "-c", "import uvicorn, websockets"],
            capture_output=True).returncode:
        return "uvicorn or websockets missing (apt-get install " \
            "python3-uvicorn python3-websockets)"
    return None


def install_apps(apps):
    ap.copy_apps(apps, {n: n for n in os.listdir(ap.APPS_SRC)
                        if n.startswith("asgi_") and n.endswith(".py")})


def raise_fd_limit(need):
    """Each idle WebSocket is a descriptor in this client, in uvicorn or
    the daemon (both inherit the limit from here) and two in Apache."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(soft, need)
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


class Run:
    """One benchmark run: the servers, the failures, the raw report."""

    def __init__(self, args, base):
        self.args = args
        self.base = base
        self.apps = os.path.join(base, "apps")
        self.servers = {}
        self.failed = []
        self.bad = set()           # servers whose logs are printed
        self.report = {"config": {k: v for k, v in vars(args).items()},
                       "runs": [], "idle": {}}
        self.report["config"].update(clk_tck=pr.CLK_TCK,
                                     cpus=os.cpu_count(),
                                     wrk=" ".join(WRK_ARGS),
                                     message_bytes=len(MESSAGE))

    def fail(self, name, why):
        self.failed.append("%s: %s" % (name, why))
        self.bad.add(name)
        log("%s: %s" % (name, why))

    def start(self, names):
        install_apps(self.apps)
        for name in names:
            if name == "mod_gateway":
                err = ap.build_gateway()
                if err:
                    self.fail(name, "cannot build: " + err)
                    continue
            s = CLASSES[name](name, self.base, self.apps, self.args)
            self.servers[name] = s
            log("starting %s on 127.0.0.1:%d (ServerRoot %s)"
                % (name, s.port, s.root))
            if not s.start():
                self.fail(name, "failed to start: %s" % s.failure)
                continue
            errs = check(s)
            if errs:
                self.fail(name, "wrong answers: %s" % "; ".join(errs))
        if "uvicorn" in self.servers:
            self.report["config"]["uvicorn"] = self.servers["uvicorn"].uv_cmd
        return [n for n in names if n in self.servers and n not in self.bad]

    def one(self, test, name, seconds, rnd):
        s = self.servers[name]
        if test == "hello":
            r = run_hello(s, seconds)
        else:
            r = run_echo(s, seconds, self.args.connections)
        r.update(round=rnd, test=test, server=name)
        self.report["runs"].append({k: v for k, v in r.items()
                                    if k != "output"})
        if r["errors"]:
            self.fail(name, "%s round %d: %s" % (test, rnd,
                                                 "; ".join(r["errors"])))
            if r.get("output"):
                log(r["output"])
        return r

    def rounds(self, live, tests):
        results = {}
        for name in live:
            for t in tests:
                if self.args.warmup:
                    self.one(t, name, self.args.warmup, 0)
        for rnd in range(1, self.args.rounds + 1):
            order = live if rnd % 2 else list(reversed(live))
            for t in tests:
                for name in order:
                    r = self.one(t, name, self.args.duration, rnd)
                    results.setdefault((t, name), []).append(r)
                    cpu = (r["cpu_ticks"] * 1e6 / pr.CLK_TCK / r["ops"]
                           if r["ops"] else None)
                    log("round %d %-5s %-11s %9s/s  p50 %6s ms  p99 %7s ms"
                        "  CPU %5s us/op%s" % (
                            rnd, t, name, rep.fmt(r["rate"], ".0f"),
                            rep.fmt(r["p50_ms"], ".2f"),
                            rep.fmt(r["p99_ms"], ".2f"), rep.fmt(cpu, ".0f"),
                            "  client CPU %.0f%%" % (
                                100 * r["client_cpu_s"] / r["seconds"])
                            if t == "echo" and r["seconds"] else ""))
        return results

    def idle(self, live):
        for name in live:
            log("idle: %d WebSockets on %s" % (self.args.idle, name))
            r = run_idle(self.servers[name], self.args.idle)
            self.report["idle"][name] = r
            if r["errors"]:
                self.fail(name, "idle: %s" % "; ".join(r["errors"]))

    def logs(self):
        """Warnings in the error logs are reported (a kept link that could
        not be kept, say); a child Apache had to kill at the stop fails."""
        for name, s in self.servers.items():
            text = pr.read_text(s.error_log) or ""
            warn = [l for l in text.splitlines() if WARN_LINE.search(l)]
            if warn:
                log("%s: %d line(s) at warn or above in error.log; last: %s"
                    % (name, len(warn), warn[-1][:300]))
            if "AH00046" in text:
                self.fail(name, "an Apache child did not exit at the stop "
                          "(AH00046): a request or tunnel hung")

    def stop(self):
        for name, s in self.servers.items():
            if name in self.bad:
                log("--- %s error.log tail (%s) ---\n%s"
                    % (name, s.error_log, s.error_log_tail()))
                if isinstance(s, Uvicorn):
                    log("--- uvicorn.log tail ---\n%s" % s.uvicorn_log_tail())
            killed = s.stop()
            if killed:
                self.fail(name, "pids %s survived the stop, SIGKILLed"
                          % killed)


def on_term(signum, frame):
    raise KeyboardInterrupt        # the servers are stopped on the way out


def main(argv):
    args = parse_args(argv)
    if (why := prerequisites(args)) is not None:
        log(why)
        return 2
    ap.ensure_user()
    raise_fd_limit(2 * args.idle + 1024)
    base = ap.make_temp("gwasgibench-")
    run = Run(args, base)
    names = [args.only] if args.only else list(SERVERS)
    signal.signal(signal.SIGTERM, on_term)
    try:
        live = run.start(names)
        load = [t for t in args.tests if t != "idle"]
        results = run.rounds(live, load) if load else {}
        if "idle" in args.tests:
            run.idle(live)
        rows = summarize(results, load, live)
        run.report["table"] = rows
        log("\n%d round(s) x %d s, median of rounds; hello: wrk %s; echo: %d"
            " WebSockets, %d-byte text; CPU = Apache tree (+ uvicorn) per "
            "request or round trip, all rounds; %d process(es) each"
            % (args.rounds, args.duration, " ".join(WRK_ARGS),
               args.connections, len(MESSAGE), args.processes))
        report(rows, run.report["idle"])
    except KeyboardInterrupt:
        run.failed.append("interrupted")
    finally:
        run.stop()
        run.logs()
        run.report["failures"] = run.failed
        rep.write_json(args.json, run.report)
        ap.remove_temp(base, args.keep)
    if run.failed:
        log("\nFAILED:\n  " + "\n  ".join(run.failed))
        return 1
    log("\nOK (no errors; the figures are a report, not a pass/fail target)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
