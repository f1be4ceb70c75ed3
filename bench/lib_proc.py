"""/proc helpers of the benches: process trees, CPU ticks, memory.

Standard library only; Linux only (reads /proc)."""

import errno
import os
import resource
import socket

CLK_TCK = os.sysconf("SC_CLK_TCK")

# The smaps_rollup fields kept (kB); USS = Private_Clean + Private_Dirty.
ROLLUP_FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Swap")


def read_text(path, mode="r"):
    """The file's content, or None if the process (or file) is gone."""
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ESRCH, errno.EACCES):
            return None
        raise


def colon_fields(path):
    """{key: value} of a /proc file of "key: value" lines (the value
    stripped; other lines give junk keys, ignored), or None if gone."""
    text = read_text(path)
    if text is None:
        return None
    out = {}
    for line in text.splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip()
    return out


def proc_status(pid):
    return colon_fields("/proc/%d/status" % pid)


def proc_alive(pid):
    st = proc_status(pid)
    return st is not None and not st.get("State", "").startswith(("Z", "X"))


def proc_cpu_ticks(pid):
    """utime + stime + cutime + cstime of pid (clock ticks), 0 if gone.

    cutime/cstime cover children the process has already reaped, so CPU
    of an Apache child or daemon that exits during a run is not lost: it
    moves from the child's own counters into its parent's."""
    raw = read_text("/proc/%d/stat" % pid)
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


def proc_ppid(pid):
    st = proc_status(pid)
    return None if st is None else int(st.get("PPid", "0"))


def proc_exe(pid):
    try:
        return os.readlink("/proc/%d/exe" % pid)
    except OSError:
        return None


def proc_rss_kib(pid):
    st = proc_status(pid)
    if st is None or "VmRSS" not in st:
        return None
    return int(st["VmRSS"].split()[0])


def smaps_rollup(pid):
    """{field: kB} for ROLLUP_FIELDS plus "Uss", or None if gone.

    PSS divides each shared page by the number of processes mapping it,
    so summing it over a process tree counts the tree's memory once."""
    fields = colon_fields("/proc/%d/smaps_rollup" % pid)
    if fields is None:
        return None
    out = {k: int(fields[k].split()[0]) for k in ROLLUP_FIELDS if k in fields}
    out["Uss"] = out.get("Private_Clean", 0) + out.get("Private_Dirty", 0)
    return out


def pss_kib(pid):
    """Pss of one process (kB), None if it is gone."""
    return (smaps_rollup(pid) or {}).get("Pss")


def maps_libpython(pid):
    text = read_text("/proc/%d/maps" % pid)
    return text is not None and "libpython" in text


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def raise_nofile(want):
    """Raises RLIMIT_NOFILE to `want` (root may raise the hard limit too),
    inherited by wrk and Apache: wrk -c1024 needs a descriptor per
    connection.  Returns the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= want:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]
