"""Touching the WSGI script (WSGIScriptReloading, on by default) or the
group's restart-file= replaces the group's processes at the next request,
without failing a request."""

import json
import os
import time

from conftest import USER_A


def app_text(version):
    return ("import os\n"
            "VERSION = %r\n"
            "def application(environ, start_response):\n"
            "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
            "    return [('%%s %%d' %% (VERSION, os.getpid())).encode()]\n"
            % version)


def write_app(path, version):
    with open(path, "w") as f:
        f.write(app_text(version))
    os.chmod(path, 0o644)
    # a new mtime even within the file system's time resolution
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def get(srv, path):
    st, _, body = srv.request("GET", path)
    assert st == 200, body
    version, pid = body.decode().split()
    return version, int(pid)


def test_touching_the_script_serves_new_code_at_the_next_request(httpd):
    srv = httpd("", start=False)
    script = os.path.join(srv.apps, "live.wsgi")
    write_app(script, "v1")
    srv.write_config("""
WSGIDaemonProcess r user=%s processes=2 threads=2
WSGIScriptAlias /live %s process-group=r
<Directory @APPS@>
    Require all granted
</Directory>
""" % (USER_A, script))
    srv.start()
    pids = {get(srv, "/live")[1] for _ in range(6)}
    assert get(srv, "/live")[0] == "v1"
    write_app(script, "v2")
    # The very next request runs the new code, and so does every later one.
    for _ in range(8):
        version, pid = get(srv, "/live")
        assert version == "v2"
        assert pid not in pids
    srv.expect_log(r"GW04070: the WSGI script changed \(request /live\): "
                   r"recycling this process")
    srv.expect_log(r"exited with status 109 \(script or restart-file "
                   r"changed, recycled\)")


def test_script_reloading_off_keeps_the_old_code(httpd):
    srv = httpd("", start=False)
    script = os.path.join(srv.apps, "live.wsgi")
    write_app(script, "v1")
    srv.write_config("""
WSGIScriptReloading Off
WSGIDaemonProcess r user=%s processes=1 threads=1
WSGIScriptAlias /live %s process-group=r
<Directory @APPS@>
    Require all granted
</Directory>
""" % (USER_A, script))
    srv.start()
    v1, pid = get(srv, "/live")
    write_app(script, "v2")
    assert get(srv, "/live") == (v1, pid)


def test_restart_file_recycles_the_group(httpd):
    srv = httpd("", start=False)
    marker = os.path.join(srv.root, "restart.txt")
    with open(marker, "w") as f:
        f.write("x")
    srv.write_config("""
WSGIDaemonProcess r user=%s processes=1 threads=1 restart-file=%s
WSGIScriptAlias /w @APPS@/whoami.wsgi process-group=r
<Directory @APPS@>
    Require all granted
</Directory>
""" % (USER_A, marker))
    srv.start()
    st, _, body = srv.request("GET", "/w")
    first = json.loads(body)["pid"]
    st = os.stat(marker)
    os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    st, _, body = srv.request("GET", "/w")
    assert st == 200
    assert json.loads(body)["pid"] != first
    srv.expect_log(r"GW04070: restart-file= changed")
