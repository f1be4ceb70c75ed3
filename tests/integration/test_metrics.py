"""The status handler's OpenMetrics exposition (?format=openmetrics), for
Prometheus: read with python3-prometheus-client's own parser, so what a
scraper would reject fails here; the numbers must be the processes' own
and move with the requests made."""

import json
import os
import signal
import threading
import time

import pytest

from conftest import USER_A, USER_B, USER_C, poll, shared_server

# A group name with everything a label value must escape.
GROUP = 'm"e\\x'
CONFIG = r"""
WSGIDaemonProcess %(g)s user=%(a)s processes=2 threads=3
WSGIDaemonProcess other user=%(b)s processes=1 threads=2
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /sleep @APPS@/sleep.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /other @APPS@/pid.wsgi process-group=other application-group=%%{GLOBAL}
WSGIScriptAlias /status @APPS@/anystatus.wsgi process-group=%(g)s application-group=%%{GLOBAL}
WSGIScriptAlias /slow @APPS@/sleep.wsgi process-group=other application-group=%%{GLOBAL}
<Location /gateway-status>
    SetHandler gateway-status
    Require ip 127.0.0.1
</Location>
""" % {"g": GROUP, "a": USER_A, "b": USER_B}

om_module, om = shared_server(CONFIG, "metrics", "om")

OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8"


def scrape(srv):
    """The exposition parsed by prometheus_client: {family name: family}."""
    try:
        from prometheus_client.openmetrics.parser import \
            text_string_to_metric_families
    except ImportError:
        pytest.fail("python3-prometheus-client is not installed: run "
                    "build/install-deps (as root)", pytrace=False)
    code, hd, body = srv.get("/gateway-status?format=openmetrics")
    assert code == 200, body[:2000]
    assert hd["Content-Type"] == OPENMETRICS
    text = body.decode("utf-8")
    assert text.endswith("# EOF\n")
    return {f.name: f for f in text_string_to_metric_families(text)}


def samples(fams, name, **labels):
    """{(group, slot): value} of the family's samples matching labels."""
    out = {}
    for s in fams[name].samples:
        if all(s.labels.get(k) == v for k, v in labels.items()):
            out[(s.labels["group"], s.labels.get("slot"))] = s.value
    return out


def ready(srv):
    srv.wait_daemon_pids(USER_A, 2)
    srv.wait_daemon_pids(USER_B, 1)
    srv.wait_ok("/pid")
    srv.wait_ok("/other")
    # Each process takes requests (a request shows only that one does).
    def all_running():
        code, _, body = srv.get("/gateway-status?json")
        return code == 200 and all(s["state"] == "running"
                                   for g in json.loads(body)["groups"]
                                   for s in g["slots"])
    assert poll(all_running, 15, interval=0.1), \
        srv.get("/gateway-status?json")[2]


def test_families_and_types_parse(om):
    ready(om)
    fams = scrape(om)
    types = {n: f.type for n, f in fams.items()}
    assert types["gateway_process_requests"] == "counter"
    assert types["gateway_process_state"] == "stateset"
    for n in ("gateway_generation", "gateway_group_processes",
              "gateway_group_threads", "gateway_process_busy_threads",
              "gateway_process_idle_threads",
              "gateway_process_start_time_seconds",
              "gateway_process_oldest_request_seconds"):
        assert types[n] == "gauge", n
    # The escaped group name comes back as it is in the configuration.
    assert samples(fams, "gateway_group_processes") == \
        {(GROUP, None): 2, ("other", None): 1}
    assert samples(fams, "gateway_group_threads") == \
        {(GROUP, None): 3, ("other", None): 2}
    running = samples(fams, "gateway_process_state",
                      gateway_process_state="running")
    assert running == {(GROUP, "0"): 1, (GROUP, "1"): 1,
                       ("other", "0"): 1}
    stuck = samples(fams, "gateway_process_state",
                    gateway_process_state="stuck")
    assert set(stuck.values()) == {0}
    idle = samples(fams, "gateway_process_idle_threads")
    assert idle == {(GROUP, "0"): 3, (GROUP, "1"): 3, ("other", "0"): 2}
    started = samples(fams, "gateway_process_start_time_seconds")
    assert all(abs(v - time.time()) < 600 for v in started.values())


def test_requests_move_with_the_requests_made(om):
    ready(om)
    before = samples(scrape(om), "gateway_process_requests")
    for _ in range(10):
        assert om.get("/pid")[0] == 200
    after = samples(scrape(om), "gateway_process_requests")
    grew = sum(after[k] - before[k] for k in after if k[0] == GROUP)
    assert grew == 10, (before, after)
    assert after[("other", "0")] == before[("other", "0")]


def test_a_slow_request_shows_busy_and_its_age(om):
    ready(om)
    conn = om.connection(timeout=20)
    try:
        conn.request("GET", "/sleep?after=3")
        resp = conn.getresponse()
        time.sleep(1.2)
        fams = scrape(om)
        busy = samples(fams, "gateway_process_busy_threads", group=GROUP)
        assert sorted(busy.values()) == [0, 1], busy
        oldest = samples(fams, "gateway_process_oldest_request_seconds",
                         group=GROUP)
        assert max(oldest.values()) >= 1.0 and min(oldest.values()) == 0
        resp.read()
    finally:
        conn.close()


def by_group(fams, name, group, key):
    """{label `key` value: sample value} of one group's samples of the
    metric (a family's _bucket, _count, _total, ... samples by name)."""
    return {smp.labels.get(key): smp.value for smp in fams_samples(fams)
            if smp.name == name and smp.labels.get("group") == group}


def fams_samples(fams):
    for f in fams.values():
        yield from f.samples


def test_responses_are_counted_by_status_class(om):
    """Counted by Apache for what the client got, per group: the app's
    own statuses and Apache's answer alike."""
    ready(om)
    fams = scrape(om)
    assert fams["gateway_responses"].type == "counter"
    before = by_group(fams, "gateway_responses_total", GROUP, "code")
    other_before = by_group(fams, "gateway_responses_total", "other", "code")
    for code, n in (("200", 3), ("404", 2), ("503", 1), ("302", 1)):
        for _ in range(n):
            assert om.get("/status?code=" + code)[0] == int(code)
    after = by_group(scrape(om), "gateway_responses_total", GROUP, "code")
    grew = {c: after[c] - before[c] for c in after}
    assert grew == {"1xx": 0, "2xx": 3, "3xx": 1, "4xx": 2, "5xx": 1}, grew
    assert by_group(scrape(om), "gateway_responses_total", "other",
                    "code") == other_before


def test_durations_and_queue_waits_are_histograms(om):
    """Three requests of 1 s on the one process of 'other' with 2
    threads: all three take over a second, and the third waited in the
    group's queue for about a second before a thread took it."""
    ready(om)
    fams = scrape(om)
    assert fams["gateway_request_duration_seconds"].type == "histogram"
    assert fams["gateway_queue_seconds"].type == "histogram"
    dur0 = by_group(fams, "gateway_request_duration_seconds_bucket",
                    "other", "le")
    q0 = by_group(fams, "gateway_queue_seconds_bucket", "other", "le")
    codes = []
    ts = [threading.Thread(target=lambda: codes.append(
        om.get("/slow?before=1", timeout=30)[0])) for _ in range(3)]
    for t in ts:
        t.start()
    time.sleep(0.5)             # two run, the third waits for a thread
    waiting = by_group(scrape(om), "gateway_queue_length", "other", None)
    for t in ts:
        t.join()
    assert waiting == {None: 1}, waiting
    assert by_group(scrape(om), "gateway_queue_length", "other",
                    None) == {None: 0}
    assert codes == [200, 200, 200]
    fams = scrape(om)
    dur = by_group(fams, "gateway_request_duration_seconds_bucket",
                   "other", "le")
    q = by_group(fams, "gateway_queue_seconds_bucket", "other", "le")
    d = {le: dur[le] - dur0[le] for le in dur}
    w = {le: q[le] - q0[le] for le in q}
    assert d["+Inf"] == 3 and d["0.5"] == 0, d     # each took over 1 s
    assert w["+Inf"] == 3, w
    assert w["0.5"] == 2 and w["2.5"] == 3, w      # one waited ~1 s
    cnt = by_group(fams, "gateway_request_duration_seconds_count",
                   "other", None)
    assert cnt[None] == dur["+Inf"]
    total = by_group(fams, "gateway_request_duration_seconds_sum",
                     "other", None)[None]
    assert total >= 3.0


def test_resident_memory_of_each_process(om):
    """RSS per running process, as /proc shows it for the pid the JSON
    page gives that slot (an app that grows shows it here)."""
    import json
    ready(om)
    code, _, body = om.get("/gateway-status?json")
    assert code == 200
    pids = {(g["name"], str(s["slot"])): s["pid"]
            for g in json.loads(body)["groups"] for s in g["slots"]}
    rss = samples(scrape(om), "gateway_process_resident_memory_bytes")
    assert set(rss) == set(pids), (rss, pids)
    page = os.sysconf("SC_PAGE_SIZE")
    for key, pid in pids.items():
        with open("/proc/%d/statm" % pid) as f:
            now = int(f.read().split()[1]) * page
        assert rss[key] > 4 << 20, (key, rss[key])     # a Python process
        assert abs(rss[key] - now) < 4 << 20, (key, rss[key], now)


def test_restarts_are_counted_by_cause(httpd):
    """The supervisor's count of each slot's ends: a confirmed
    maximum-requests recycle, an app's own exit, a SIGKILL."""
    srv = httpd("""
WSGIDaemonProcess rs user=%s processes=1 threads=1 maximum-requests=2
WSGIScriptAlias /pid @APPS@/pid.wsgi process-group=rs application-group=%%{GLOBAL}
WSGIScriptAlias /exit @APPS@/exit.wsgi process-group=rs application-group=%%{GLOBAL}
<Location /gateway-status>
    SetHandler gateway-status
    Require ip 127.0.0.1
</Location>
""" % USER_C)
    first = srv.wait_daemon_pids(USER_C, 1)
    assert len(first) == 1

    def next_pid(old):
        pids = srv.wait_daemon_pids(USER_C, 1, timeout=20, exclude=old)
        assert len(pids) == 1, pids
        return pids

    assert srv.get("/pid")[0] == 200
    assert srv.get("/pid")[0] == 200          # the second: it recycles
    second = next_pid(first)
    srv.wait_ok("/pid")                       # its first request
    assert srv.get("/exit?code=3")[0] >= 500  # the app's own exit
    third = next_pid(first + second)
    os.kill(third[0], signal.SIGKILL)
    next_pid(first + second + third)
    srv.wait_ok("/pid")
    ends = {smp.labels["cause"]: smp.value
            for smp in scrape(srv)["gateway_restarts"].samples
            if smp.labels["group"] == "rs"}
    assert ends["maximum-requests"] == 1, ends
    assert ends["exit"] == 1, ends
    assert ends["signal"] == 1, ends
    assert sum(ends.values()) == 3, ends
    srv.allow_log(r"GW02002|GW01012|GW01020")
