"""wrk runs for bench/bench.py: command, output parsing, server CPU."""

import re
import subprocess

WRK = "/usr/bin/wrk"
WRK_THREADS = 2
WRK_CONNECTIONS = 16
# wrk's default 2 s request timeout counts slow-but-successful 10 MiB
# responses on a loaded 2-core machine as socket errors, and leaves them out
# of the latency histogram (hiding the tail): a generous deadline instead.
WRK_TIMEOUT = 30

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


def error_list(res, rc):
    """What went wrong in one run, as short strings ([] if nothing)."""
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
    return errors


def run_wrk(server, path, seconds, connections=WRK_CONNECTIONS, script=None):
    """One wrk run against server; the result has wrk's figures, the
    server's CPU ticks during the run, "errors" and (on errors) "output"."""
    cmd = [WRK, "-t%d" % WRK_THREADS, "-c%d" % connections,
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
    res["connections"] = connections
    res["cmd"] = " ".join(cmd)
    res["errors"] = error_list(res, rc)
    if res["errors"]:
        res["output"] = out
    return res
