# What a hostile application can do to the status segment of its own
# daemon process (daemon/gw_scoreboard.h), and whether it can reach
# anybody else's.  Answers JSON.
#
#   ?mode=look      where the segment is mapped, which fds point at one
#   ?mode=probe     tries to open every other process's status segment
#                   (through /proc/PID/fd and /proc/PID/map_files)
#   ?mode=random    overwrites the whole segment with random bytes
#   ?mode=ones      ... with 0xff bytes (huge counters, ages of -1)
#   ?mode=lies      a plausible header, but threads=10**9, requests=2**64-1,
#                   every thread "busy" since 0.1 s, and beyond
#                   threads= whatever the segment holds
#   ?mode=extremes  INT64_MIN, INT64_MAX, 1 and a future time as starts
import ctypes
import json
import os
import random
import struct
import time
import urllib.parse

NAME = "memfd:gateway-status"


def own_mappings():
    out = []
    with open("/proc/self/maps") as f:
        for line in f:
            if NAME in line:
                parts = line.split()
                lo, hi = (int(x, 16) for x in parts[0].split("-"))
                out.append({"start": lo, "end": hi, "perms": parts[1],
                            "inode": int(parts[4]), "line": line.strip()})
    return out


def own_fds():
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink("/proc/self/fd/%s" % fd)
        except OSError:
            continue
        if "memfd:" in target:
            out.append("%s -> %s" % (fd, target))
    return out


def probe():
    """Every status segment this process could open that is not its own
    mapping: should be none."""
    opened, tried = [], 0
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        for sub in ("fd", "map_files"):
            d = "/proc/%s/%s" % (pid, sub)
            try:
                names = os.listdir(d)
            except OSError:
                continue
            for n in names:
                path = "%s/%s" % (d, n)
                try:
                    target = os.readlink(path)
                except OSError:
                    target = ""
                if sub == "fd" and NAME not in target:
                    continue
                tried += 1
                try:
                    with open(path, "rb") as f:
                        f.read(1)
                    opened.append("%s -> %s" % (path, target))
                except OSError:
                    pass
    # and the segments of other processes of this very process, by name
    for d in ("/dev/shm", "/run/shm"):
        try:
            for n in os.listdir(d):
                if "gateway" in n:
                    opened.append(os.path.join(d, n))
        except OSError:
            pass
    return {"opened": opened, "tried": tried}


def scribble(mode, m):
    size = m["end"] - m["start"]
    if mode == "random":
        data = os.urandom(size)
    elif mode == "ones":
        data = b"\xff" * size
    else:
        # the daemon's clock (Linux's CLOCK_MONOTONIC_COARSE is 6)
        clock = getattr(time, "CLOCK_MONOTONIC_COARSE", 6)
        now = int(time.clock_gettime(clock) * 1000)
        n = (size - 16) // 8
        if mode == "lies":
            starts = [now - 100] * n
            head = struct.pack("<IIQ", 0x31425347, 10 ** 9, 2 ** 64 - 1)
        else:
            pattern = [-(2 ** 63), 2 ** 63 - 1, 1, now + 10 ** 9,
                       now - 10 ** 12]
            starts = [pattern[i % len(pattern)] for i in range(n)]
            head = struct.pack("<IIQ", 0, 0xffffffff, 2 ** 63)
        data = head + b"".join(struct.pack("<q", s) for s in starts)
        data = data[:size]
    ctypes.memmove(m["start"], data, len(data))
    return size


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    mode = q.get("mode", ["look"])[0]
    maps = own_mappings()
    out = {"pid": os.getpid(), "uid": os.getuid(), "maps": maps,
           "fds": own_fds()}
    if mode == "probe":
        out["probe"] = probe()
    elif mode != "look":
        out["written"] = [scribble(mode, m) for m in maps
                          if "w" in m["perms"]]
    body = json.dumps(out).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
