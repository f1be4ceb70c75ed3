#!/usr/bin/python3
"""Reliability under overload and leaks: mod_gateway against Debian's
mod_wsgi (daemon mode) on the same configuration (issue #17,
docs/RELIABILITY.md).

Run as root with Debian's Python (standard library only):

    /usr/bin/python3 bench/reliability.py [--only burst|leak] [--json FILE]

Two scenarios, each run against a private Apache with mod_wsgi and then
one with mod_gateway (bench/bench.py's Server: own ServerRoot, own
127.0.0.1 port, nothing in /etc/apache2 read):

  burst  WSGIDaemonProcess processes=2 threads=8 (listen-backlog at its
         default), a 50 ms handler, wrk -t2 -c512 for 15 s: far more
         requests at once than threads and queue together.  Reported:
         the share of requests served (2xx), non-2xx responses, socket
         errors (a reset or a timeout), req/s and p99.
  leak   processes=1 threads=2 memory-limit=200 MiB, a handler keeping
         5 MiB more on every request, 470 requests from 2 clients; for
         mod_gateway also maximum-rss=150 MiB (mod_wsgi has no soft
         limit).  Reported: requests answered 200 and 500, processes used.

Exit status 0 when every server started; no target is asserted here.
"""

import argparse
import collections
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (Server, wrk parsing, users)

MEMORY_LIMIT = 200 << 20
MAXIMUM_RSS = 150 << 20
LEAK_REQUESTS = 470


class Server(bench.Server):
    """bench.Server with the daemon group and MPM of a scenario."""

    def __init__(self, name, base, apps_dir, group_options, mpm_lines):
        self.group_options = group_options
        self.mpm_lines = mpm_lines
        super().__init__(name, base, apps_dir)

    def write_config(self):
        super().write_config()
        with open(self.conf) as f:
            text = f.read()
        opts = self.group_options
        if self.name == "mod_gateway":
            opts = opts.replace("@GATEWAY@", " maximum-rss=%d" % MAXIMUM_RSS)
        else:
            opts = opts.replace("@GATEWAY@", "")
        out = []
        for line in text.splitlines():
            if line.startswith("WSGIDaemonProcess"):
                line = ("WSGIDaemonProcess bench user=%s home=%s %s"
                        % (bench.DAEMON_USER, self.apps, opts))
            elif line.startswith("WSGIScriptAlias"):
                line = ("WSGIScriptAlias / %s/reliability.wsgi "
                        "process-group=bench application-group=%%{GLOBAL}"
                        % self.apps)
            elif line.split(" ")[0] in ("ServerLimit", "StartServers",
                                        "ThreadsPerChild",
                                        "MaxRequestWorkers",
                                        "MinSpareThreads",
                                        "MaxSpareThreads"):
                continue
            out.append(line)
        out += self.mpm_lines
        with open(self.conf, "w") as f:
            f.write("\n".join(out) + "\n")

    def start(self, timeout=60):
        # bench.Server waits for /hello; this app answers every path.
        return super().start(timeout)


# 16 children x 64 threads: every one of wrk's 512 connections has an
# Apache thread, so what is measured is the daemon group, not Apache's
# own limits; ListenBacklog as large, so no connection waits at TCP.
BURST_MPM = ["ServerLimit 16", "StartServers 16", "ThreadsPerChild 64",
             "MaxRequestWorkers 1024", "MinSpareThreads 64",
             "MaxSpareThreads 1024", "ListenBacklog 1024",
             "MaxKeepAliveRequests 0"]
LEAK_MPM = ["ServerLimit 1", "StartServers 1", "ThreadsPerChild 16",
            "MaxRequestWorkers 16", "MinSpareThreads 1",
            "MaxSpareThreads 16"]


def run_burst(srv):
    cmd = [bench.WRK, "-t2", "-c512", "-d15s", "--latency", "--timeout",
           "30s", srv.url("/slow")]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    res = bench.parse_wrk(r.stdout + r.stderr)
    total = res["requests"]
    served = total - res["non2xx"]
    res["served_pct"] = 100.0 * served / total if total else 0.0
    res["cmd"] = " ".join(cmd)
    return res


def run_leak(srv):
    statuses = collections.Counter()
    pids = set()
    lock = threading.Lock()
    todo = [LEAK_REQUESTS]

    def client():
        while True:
            with lock:
                if todo[0] == 0:
                    return
                todo[0] -= 1
            try:
                st, body = srv.request("GET", "/leak", timeout=60)
            except (OSError, http.client.HTTPException) as e:
                st, body = type(e).__name__, b""
            with lock:
                statuses[st] += 1
                if st == 200:
                    pids.add(body)

    threads = [threading.Thread(target=client) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"statuses": {str(k): v for k, v in statuses.items()},
            "processes": len(pids)}


SCENARIOS = {
    "burst": ("processes=2 threads=8", BURST_MPM, run_burst),
    "leak": ("processes=1 threads=2 memory-limit=%d@GATEWAY@" % MEMORY_LIMIT,
             LEAK_MPM, run_leak),
}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", choices=sorted(SCENARIOS))
    p.add_argument("--json")
    args = p.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("run as root")
    err = bench.build_gateway()
    if err:
        raise SystemExit(err)
    bench.ensure_user()
    base = tempfile.mkdtemp(prefix="gwrel-")
    os.chmod(base, 0o755)
    apps = os.path.join(base, "apps")
    bench.install_apps(apps)
    results, ok = {}, True
    for name, (opts, mpm, run) in SCENARIOS.items():
        if args.only and name != args.only:
            continue
        for module in bench.SERVERS:
            srv = Server(module, os.path.join(base, name), apps, opts, mpm)
            if not srv.start():
                print("%s/%s: %s\n%s" % (name, module, srv.failure,
                                         srv.error_log_tail()))
                ok = False
                srv.stop()
                continue
            res = run(srv)
            srv.stop()
            results.setdefault(name, {})[module] = res
            print("%-6s %-12s %s" % (name, module, json.dumps(
                {k: v for k, v in res.items() if k != "cmd"})), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
