"""Summaries and tables for bench/bench.py; tables and shared options for
the other benches too.

Every ratio is mod_gateway's figure divided by the contender's: above 1 is
better for req/s, below 1 is better for CPU per request and p99."""

import json
import os
import statistics

from lib_proc import CLK_TCK

GATEWAY = "mod_gateway"
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _ratio(a, b):
    return a / b if a is not None and b else None


def stats_of(runs):
    """Medians over the runs of req/s, p50, p99; CPU per request over all
    of them (total ticks / total requests)."""
    ok = [r for r in runs if r["rps"] is not None]
    reqs = sum(r["requests"] for r in ok)
    ticks = sum(r["cpu_ticks"] for r in ok)
    return {"rps": _median(r["rps"] for r in ok),
            "p50_ms": _median(r["p50_ms"] for r in ok),
            "p99_ms": _median(r["p99_ms"] for r in ok),
            "cpu_us": ticks * 1e6 / CLK_TCK / reqs if reqs else None,
            "requests": reqs, "runs": len(runs),
            "errors": any(r["errors"] for r in runs)}


def with_ratios(row, gw):
    """row plus gw ÷ row for req/s, CPU and p99 (None on the gw row)."""
    mine = gw is not None and row["server"] != GATEWAY
    row["ratio_rps"] = _ratio(gw["rps"], row["rps"]) if mine else None
    row["ratio_cpu"] = _ratio(gw["cpu_us"], row["cpu_us"]) if mine else None
    row["ratio_p99"] = _ratio(gw["p99_ms"], row["p99_ms"]) if mine else None
    return row


def summarize(results, endpoints, servers_of):
    """results[(endpoint, server)] = runs; servers_of(endpoint) = the
    servers that ran it, in display order.  Returns one dict per row."""
    rows = []
    for e in endpoints:
        group = [dict(stats_of(results.get((e, s), [])), endpoint=e, server=s)
                 for s in servers_of(e)]
        gw = next((r for r in group if r["server"] == GATEWAY), None)
        rows += [with_ratios(r, gw) for r in group]
    return rows


def table(head, body, left=2, marks=True):
    """A pipe table (valid markdown); the first `left` columns left-aligned,
    the others right-aligned (and marked so in the separator if marks)."""
    body = [[str(x) for x in r] for r in body]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]

    def line(r):
        return "| " + " | ".join(
            x.ljust(w) if i < left else x.rjust(w)
            for i, (x, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join(("-" * (w + 2)) if i < left or not marks
                         else ("-" * (w + 1) + ":")
                         for i, w in enumerate(widths)) + "|"
    return [line([str(h) for h in head]), sep] + [line(r) for r in body]


def main_table(rows):
    head = ("endpoint", "server", "req/s", "p50 ms", "p99 ms", "CPU us/req",
            "gw÷this req/s", "gw÷this CPU", "gw÷this p99")
    body = [(r["endpoint"],
             r["server"] + (" [ERRORS]" if r["errors"] else ""),
             fmt(r["rps"], ".1f"), fmt(r["p50_ms"], ".2f"),
             fmt(r["p99_ms"], ".2f"), fmt(r["cpu_us"], ".0f"),
             fmt(r["ratio_rps"], ".2f"), fmt(r["ratio_cpu"], ".2f"),
             fmt(r["ratio_p99"], ".2f")) for r in rows]
    return table(head, body)


ENDPOINT_LABELS = {"hello": "hello", "big": "big (1 MiB)",
                   "echo": "echo (1 MiB POST)", "file": "file (10 MiB)"}


def markdown_main(rows, servers):
    """Endpoints x servers: req/s of each, then gw÷contender per
    contender; /file adds CPU us/req and p99 rows."""
    contenders = [s for s in servers if s != GATEWAY]
    head = (["", *servers] +
            (["gw/%s" % s for s in contenders] if GATEWAY in servers else []))
    by = {(r["endpoint"], r["server"]): r for r in rows}
    endpoints = list(dict.fromkeys(r["endpoint"] for r in rows))
    body = []
    for e in endpoints:
        kinds = [("rps", "req/s", ".0f", "ratio_rps")]
        if e == "file":
            kinds += [("cpu_us", "CPU µs/req", ".0f", "ratio_cpu"),
                      ("p99_ms", "p99 ms", ".1f", "ratio_p99")]
        for key, unit, spec, rkey in kinds:
            cells = ["%s %s" % (ENDPOINT_LABELS.get(e, e), unit)]
            cells += [fmt(by[(e, s)][key], spec) if (e, s) in by else ""
                      for s in servers]
            if GATEWAY in servers:
                cells += ["**%s**" % fmt(by[(e, s)][rkey], ".2f")
                          if (e, s) in by and by[(e, s)][rkey] is not None
                          else "" for s in contenders]
            body.append(cells)
    return table(head, body, left=1)


def error_counts(run):
    """connect/read/write/timeout/non-2xx as 'c/r/w/t/n' (wrk failed: '!')."""
    if run["rps"] is None:
        return "wrk failed"
    se = run["socket_errors"]
    return "/".join(str(se.get(k, 0)) for k in SOCKET_ERRORS) + \
        "/%d" % run["non2xx"]


def scaling_rows(scaling, levels, servers):
    """scaling[(level, server)] = runs -> rows (medians, summed errors)."""
    rows = []
    for c in levels:
        group = []
        for s in servers:
            runs = scaling.get((c, s), [])
            if not runs:
                continue
            st = stats_of(runs)
            errs = [error_counts(r) for r in runs]
            group.append(dict(st, server=s, connections=c,
                              error_counts=", ".join(errs)))
        gw = next((r for r in group if r["server"] == GATEWAY), None)
        rows += [with_ratios(r, gw) for r in group]
    return rows


def scaling_table(rows):
    head = ("conns", "server", "req/s", "p99 ms",
            "errors c/r/w/t/non-2xx", "gw÷this req/s", "gw÷this p99")
    body = [(str(r["connections"]), r["server"], fmt(r["rps"], ".0f"),
             fmt(r["p99_ms"], ".1f"), r["error_counts"],
             fmt(r["ratio_rps"], ".2f"), fmt(r["ratio_p99"], ".2f"))
            for r in rows]
    return table(head, body)


MEMORY_ROWS = (
    ("Apache children, idle", "idle", "children"),
    ("Apache children, after warm-up", "warm", "children"),
    ("Apache children, after bench", "bench", "children"),
    ("daemons and helpers, after bench", "bench", "others"),
    ("all (parent+children+daemons), after bench", "bench", "all"),
    ("all, scaling config, after scaling", "scaling", "all"),
)


def memory_table(memory, servers):
    """memory[server][phase] = Server.memory(); PSS in MiB, with the
    number of processes for children and others."""
    head = ["PSS MiB"] + list(servers)
    body = []
    for label, phase, key in MEMORY_ROWS:
        if not any(phase in memory.get(s, {}) for s in servers):
            continue
        cells = [label]
        for s in servers:
            m = memory.get(s, {}).get(phase)
            if m is None:
                cells.append("-")
                continue
            text = "%.1f" % (m[key] / 1024.0)
            if key in ("children", "others"):
                text += " (%d)" % m["n_" + key]
            cells.append(text)
        body.append(cells)
    return table(head, body, left=1)


# -- options the benches share ----------------------------------------------

def add_run_options(p, rounds, run, warmup_per, warmup_env=None):
    """--rounds (BENCH_ROUNDS), --duration (BENCH_DURATION) and --warmup
    (warmup_env if given) on the ArgumentParser p; `run` and `warmup_per`
    name a run and what a warm-up run is per in the help."""
    env = os.environ
    p.add_argument("--rounds", type=int,
                   default=int(env.get("BENCH_ROUNDS", str(rounds))))
    p.add_argument("--duration", type=int,
                   default=int(env.get("BENCH_DURATION", "5")),
                   help="seconds per %s run (default 5)" % run)
    p.add_argument("--warmup", type=int,
                   default=int(env.get(warmup_env, "1") if warmup_env else 1),
                   help="seconds of the warm-up run per server and %s"
                   % warmup_per)


def add_output_options(p, json_env, kept="configs, error logs"):
    """--json (json_env) and --keep on the ArgumentParser p."""
    p.add_argument("--json", default=os.environ.get(json_env) or None,
                   help="also write the raw results to this file")
    p.add_argument("--keep", action="store_true",
                   help="keep the temp directory (%s)" % kept)


def write_json(path, data):
    """The raw results to path (--json), if one is given."""
    if path:
        with open(path, "w") as f:
            json.dump(data, f, indent=1, default=str)
