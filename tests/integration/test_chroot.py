"""chroot= on WSGIDaemonProcess (mod_wsgi's): the group's processes see
only their jail.  The jail here shares /usr by a bind mount, as a real one
would hold its own copy of Python."""

import json
import os
import subprocess

import pytest

from conftest import USER_A


def mount_bind(src, dst, read_only):
    r = subprocess.run(["mount", "--bind", src, dst], capture_output=True,
                       text=True)
    if r.returncode != 0:
        pytest.skip("bind mounts are not allowed here: %s" % r.stderr.strip())
    if read_only:
        # Read-only, so nothing below it can ever be deleted through the
        # jail, even if the unmount below failed.
        subprocess.run(["mount", "-o", "remount,bind,ro", dst], check=True)


def mounted(path):
    """Is path a mount point?  (os.path.ismount misses bind mounts of the
    same file system.)"""
    with open("/proc/self/mountinfo") as f:
        return any(line.split()[4] == path for line in f)


def test_chroot_jails_the_daemon(httpd):
    srv = httpd("", start=False)
    jail = os.path.join(srv.root, "jail")
    os.makedirs(os.path.join(jail, "usr"), 0o755)
    for link in ("lib", "lib64", "bin"):
        if os.path.islink("/" + link):
            os.symlink(os.readlink("/" + link), os.path.join(jail, link))
    inner_apps = jail + srv.apps         # the scripts at the same path
    os.makedirs(inner_apps, 0o755)
    mounts = []
    try:
        mounts.append(os.path.join(jail, "usr"))
        mount_bind("/usr", mounts[-1], read_only=True)
        mounts.append(inner_apps)
        mount_bind(srv.apps, inner_apps, read_only=False)
        # every directory on the way to the scripts must be searchable
        d = inner_apps
        while d != jail:
            d = os.path.dirname(d)
            os.chmod(d, 0o755)
        srv.write_config("""
WSGIDaemonProcess j user=%s chroot=%s
WSGIScriptAlias /j @APPS@/jailed.wsgi process-group=j
<Directory @APPS@>
    Require all granted
</Directory>
""" % (USER_A, jail))
        srv.start()
        st, _, body = srv.request("GET", "/j?probe=" + srv.log_path)
        assert st == 200, body
        seen = json.loads(body)
        assert seen["probe_exists"] is False     # the error log is outside
        # "/" of the daemon is the jail
        assert seen["root"] == sorted(os.listdir(jail))
        srv.stop()
    finally:
        for m in reversed(mounts):
            if mounted(m):
                subprocess.run(["umount", "-l", m])
        # never let the harness delete the server root through a mount
        assert not any(mounted(m) for m in mounts)


def test_chroot_must_be_a_directory(httpd):
    srv = httpd("WSGIDaemonProcess j chroot=/nonexistent/jail\n",
                start=False)
    rc, out = srv.configtest()
    assert rc != 0 and "GW00049" in out
