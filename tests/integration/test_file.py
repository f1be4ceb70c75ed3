"""wsgi.file_wrapper over a regular file: the daemon hands the descriptor
to Apache (SCM_RIGHTS), which sends the bytes itself."""

import hashlib
import os
import pwd
import time

import pytest

from conftest import (USER_A, APACHE_USER, descendants, module_server,
                      per_test_view, proc_alive, proc_uids)

CONFIG = """
WSGIDaemonProcess f user=%s processes=1 threads=2
WSGIScriptAlias /f @APPS@/filepass.wsgi process-group=f
WSGIScriptAlias /blocks @APPS@/blocks.wsgi process-group=f
WSGIScriptAlias /cut @APPS@/truncating.wsgi process-group=f
LoadModule filter_module /usr/lib/apache2/modules/mod_filter.so
LoadModule deflate_module /usr/lib/apache2/modules/mod_deflate.so
<Location /cut>
    SetOutputFilter DEFLATE
</Location>
<Directory @APPS@>
    Require all granted
</Directory>
""" % USER_A

MiB = 1 << 20


@pytest.fixture(scope="module")
def f_module(test_users):
    yield from module_server(CONFIG, "file")


@pytest.fixture
def fsrv(request, f_module):
    yield from per_test_view(request, f_module)


@pytest.fixture
def data_file(fsrv):
    path = os.path.join(fsrv.root, "data.bin")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(os.urandom(10 * MiB))
        os.chmod(path, 0o644)
    with open(path, "rb") as f:
        return path, f.read()


def daemon_cpu_ms(srv):
    """CPU time (user + system) the group's daemon processes used so far."""
    pids = srv.daemon_pids(USER_A)
    assert pids
    total = 0
    for pid in pids:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])     # utime, stime
    return total * 1000 // os.sysconf("SC_CLK_TCK")


def test_large_file_is_sent_by_apache_not_copied_by_the_daemon(fsrv):
    path = os.path.join(fsrv.root, "big.bin")
    block = os.urandom(MiB)
    with open(path, "wb") as f:
        for _ in range(64):
            f.write(block)
    os.chmod(path, 0o644)
    want = hashlib.sha256(block * 64).digest()
    fsrv.request("GET", "/f?path=" + path)          # warm up, load script
    before = daemon_cpu_ms(fsrv)
    for _ in range(8):
        st, hd, body = fsrv.request("GET", "/f?path=" + path)
        assert st == 200 and len(body) == 64 * MiB
    assert hashlib.sha256(body).digest() == want
    used = daemon_cpu_ms(fsrv) - before
    print("daemon CPU for 8 x 64 MiB: %d ms" % used)
    # Copying 512 MiB through the socket costs the daemon ~100 ms of CPU
    # here; handing over the descriptor, a few ms.
    assert used < 40, used


def test_file_from_an_offset(fsrv, data_file):
    path, data = data_file
    st, _, body = fsrv.request("GET", "/f?path=%s&seek=1000" % path)
    assert st == 200 and body == data[1000:]


def test_content_length_shorter_than_the_file(fsrv, data_file):
    path, data = data_file
    st, hd, body = fsrv.request("GET", "/f?path=%s&cl=300000" % path)
    assert st == 200
    assert hd["Content-Length"] == "300000"
    assert body == data[:300000]


def test_head_of_a_file(fsrv, data_file):
    path, data = data_file
    st, hd, body = fsrv.request("HEAD", "/f?path=" + path)
    assert st == 200 and body == b""
    assert hd["Content-Length"] == str(len(data))


# --------------------------------------------------------------------------
# bodies known whole (a list or tuple of blocks)
# --------------------------------------------------------------------------

def blocks(n, kib):
    return b"".join(bytes([i % 256]) * (kib << 10) for i in range(n))


@pytest.mark.parametrize("n,kib,extra", [
    (16, 64, ""),            # 1 MiB in 64 KiB blocks
    (3, 100, "&tuple=1"),    # 300 KiB tuple
    (300, 1, ""),            # many small blocks, coalesced
    (2, 8, ""),              # 16 KiB
])
def test_in_memory_body_arrives_whole(fsrv, n, kib, extra):
    st, hd, body = fsrv.request("GET", "/blocks?n=%d&kib=%d%s"
                                % (n, kib, extra))
    assert st == 200
    assert body == blocks(n, kib)


def test_in_memory_body_with_content_length(fsrv):
    size = 16 * 64 * 1024
    st, hd, body = fsrv.request("GET", "/blocks?n=16&kib=64&cl=%d" % size)
    assert st == 200 and hd["Content-Length"] == str(size)
    assert body == blocks(16, 64)
    st, hd, body = fsrv.request("HEAD", "/blocks?n=16&kib=64&cl=%d" % size)
    assert st == 200 and body == b""


def test_in_memory_body_longer_than_its_content_length(fsrv):
    # Apache keeps to the declared length and says the app sent more.
    st, hd, body = fsrv.request("GET", "/blocks?n=16&kib=64&cl=1000")
    assert st == 200 and body == blocks(16, 64)[:1000]
    fsrv.expect_log(r"GW01\d+.*more")


def apache_children(srv):
    """Live (not zombie) Apache children of the server."""
    www = pwd.getpwnam(APACHE_USER).pw_uid
    return sorted(p for p in descendants(srv.pid)
                  if proc_alive(p) and (proc_uids(p) or [None])[0] == www)


def test_a_daemon_truncating_its_file_cannot_crash_an_apache_child(fsrv):
    """The daemon keeps its handle on a file it hands over.  Were Apache
    to map it, truncating it mid-response would kill the Apache child
    with SIGBUS (and every other request that child serves): deflate
    reads the mapping from user space.  The client just sees a short
    response; the children live on."""
    before = apache_children(fsrv)
    path = os.path.join(fsrv.scratch, "cut.bin")
    for _ in range(2):
        try:
            st, hd, body = fsrv.request("GET", "/cut?mib=32&path=" + path,
                                        headers={"Accept-Encoding":
                                                 "gzip"})
        except Exception:
            pass                    # a cut response is the expected end
    fsrv.allow_log(r"GW01\d+|AH\d+")
    # A child killed by a signal is reaped (and logged, AH00052) by the
    # parent's once-a-second maintenance.
    time.sleep(1.5)
    assert "Bus error" not in fsrv.error_log()
    # the MPM may have started another child meanwhile; none has died
    assert set(before) <= set(apache_children(fsrv)), before
    st, _, body = fsrv.request("GET", "/blocks?n=1&kib=1")
    assert st == 200
