"""python-home= pointing at a venv made with `python3 -m venv`, the usual
deployment: the app sees the venv's packages and sys.prefix."""

import json
import os
import subprocess

from conftest import USER_A


def test_python_home_venv(httpd):
    srv = httpd("", start=False)
    venv = os.path.join(srv.root, "venv")
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", venv],
                   check=True)
    site = subprocess.run(
        [os.path.join(venv, "bin", "python3"), "-c",
         "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(site, "only_in_venv.py"), "w") as f:
        f.write("MARK = 'from the venv'\n")
    for dirpath, dirnames, filenames in os.walk(venv):
        os.chmod(dirpath, 0o755)
        for n in filenames:
            p = os.path.join(dirpath, n)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | 0o444)
    srv.write_config("""
WSGIDaemonProcess v user=%s python-home=%s
WSGIScriptAlias /v @APPS@/venv.wsgi process-group=v
<Directory @APPS@>
    Require all granted
</Directory>
""" % (USER_A, venv))
    srv.start()
    st, _, body = srv.request("GET", "/v")
    assert st == 200, body
    env = json.loads(body)
    assert env["found"] == "from the venv"
    assert env["prefix"] == venv
    assert env["base_prefix"] == "/usr"
