"""apachectl configtest catches the classic mod_wsgi mistakes, with the
file:line and the fix (the web2py book's configurations as fixtures)."""

import os
import re
import socket
import subprocess

import pytest

from conftest import USER_A, APACHE_MODULES

HERE = os.path.dirname(os.path.abspath(__file__))
MODS = "\n".join(
    "LoadModule %s %s/%s" % (m, APACHE_MODULES, so) for m, so in (
        ("access_compat_module", "mod_access_compat.so"),
        ("socache_shmcb_module", "mod_socache_shmcb.so"),
        ("ssl_module", "mod_ssl.so")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web2py_tree(root):
    """A web2py-like layout: the handler, an application with code, a
    database and static files."""
    w2p = os.path.join(root, "w2p")
    app = os.path.join(w2p, "applications", "welcome")
    for d in ("controllers", "databases", "static"):
        os.makedirs(os.path.join(app, d), mode=0o755, exist_ok=True)
    files = {
        os.path.join(w2p, "wsgihandler.py"):
            "def application(environ, start_response):\n"
            "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
            "    return [b'web2py here']\n",
        os.path.join(app, "controllers", "default.py"): "def index(): pass\n",
        os.path.join(app, "databases", "storage.sqlite"): "",
        os.path.join(app, "static", "style.css"): "body {}\n",
    }
    for path, text in files.items():
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o644)
    for dirpath, dirnames, _ in os.walk(w2p):
        os.chmod(dirpath, 0o755)
    return w2p


def fixture(srv, name, **extra):
    with open(os.path.join(HERE, "fixtures", name)) as f:
        text = f.read()
    text = text.replace("@W2P@", web2py_tree(srv.root))
    text = text.replace("@PORT@", str(srv.port))
    for k, v in extra.items():
        text = text.replace("@%s@" % k, str(v))
    return text


def configtest(httpd, text):
    srv = httpd("", start=False)
    srv.write_config(text(srv) if callable(text) else text)
    return srv, srv.configtest()


def test_web2py_http_config_yields_the_three_warnings(httpd):
    srv, (rc, out) = configtest(
        httpd, lambda s: MODS + "\n" + fixture(s, "web2py-http.conf"))
    assert rc == 0, out            # warnings, not errors
    assert re.search(r"GW00050: Alias / at \S+:\d+ covers WSGIScriptAlias / "
                     r"at \S+:\d+: mod_alias answers first", out), out
    assert re.search(r"GW00051: Alias \S+/applications/ at \S+:\d+ makes "
                     r"application files downloadable", out), out
    assert re.search(r"GW00052: <Location / at \S+:\d+ grants access to "
                     r"all, covering WSGIScriptAlias /", out), out
    assert "GW00058" in out and "150 concurrent" in out


def test_web2py_https_config_fails_on_the_repeated_group(httpd):
    def text(s):
        key = os.path.join(s.root, "k.pem")
        crt = os.path.join(s.root, "c.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key, "-out", crt, "-days", "1",
                        "-subj", "/CN=example.com"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port2 = free_port()
        return (MODS + "\nListen 127.0.0.1:%d\n" % port2
                + fixture(s, "web2py-https.conf", PORT2=port2, CERT=crt,
                          KEY=key))
    srv, (rc, out) = configtest(httpd, text)
    assert rc != 0, out
    assert re.search(r"GW00022: WSGIDaemonProcess web2py at \S+:\d+: the "
                     r"name is already used at \S+:\d+; give each group its "
                     r"own name, or define it once at global scope", out), out


def test_web2py_fixed_config_is_clean_and_serves(httpd):
    srv, (rc, out) = configtest(
        httpd, lambda s: fixture(s, "web2py-fixed.conf"))
    assert rc == 0, out
    assert "GW000" not in out, out
    srv.start()
    st, _, body = srv.request("GET", "/", headers={"Host": "example.com"})
    assert (st, body) == (200, b"web2py here")
    st, _, body = srv.request("GET", "/welcome/static/style.css",
                              headers={"Host": "example.com"})
    assert (st, body) == (200, b"body {}\n")
    # application code is not downloadable: the URL reaches the app
    st, _, body = srv.request("GET", "/welcome/controllers/default.py",
                              headers={"Host": "example.com"})
    assert b"def index" not in body


BASE_APP = """
<Directory @APPS@>
    Require all granted
</Directory>
"""


def test_undefined_process_group_is_an_error(httpd):
    srv, (rc, out) = configtest(httpd, """
WSGIScriptAlias /x @APPS@/hello.wsgi process-group=nosuch
<Location /y>
    WSGIProcessGroup alsonot
</Location>
""" + BASE_APP)
    assert rc != 0
    assert re.search(r"GW00053: process group 'nosuch' used at \S+:\d+ is "
                     r"not defined", out), out
    assert re.search(r"GW00053: process group 'alsonot' used at", out), out


def test_group_of_one_vhost_used_by_another_server_name(httpd):
    srv, (rc, out) = configtest(httpd, lambda s: """
<VirtualHost *:%d>
    ServerName one.example
    WSGIDaemonProcess onlyone
</VirtualHost>
<VirtualHost *:%d>
    ServerName two.example
    WSGIScriptAlias / %s/hello.wsgi process-group=onlyone
</VirtualHost>
""" % (s.port, s.port, s.apps) + BASE_APP)
    assert rc != 0
    assert re.search(r"GW00054: process group 'onlyone' used at \S+:\d+ "
                     r"\(ServerName two.example\) is defined at \S+:\d+ "
                     r"inside the VirtualHost of ServerName one.example", out)


def test_group_options_checked_against_the_machine(httpd):
    srv, (rc, out) = configtest(httpd, lambda s: """
WSGIDaemonProcess a user=%s home=/nonexistent/home
WSGIDaemonProcess b user=%s python-home=%s
WSGIScriptAlias /a %s/hello.wsgi process-group=a
WSGIScriptAlias /m %s/missing.wsgi process-group=a
""" % (USER_A, USER_A, s.root, s.apps, s.apps) + BASE_APP)
    assert rc != 0
    assert re.search(r"GW00055: WSGIDaemonProcess a at \S+:\d+: "
                     r"home=/nonexistent/home is not a directory", out), out
    assert re.search(r"GW00056: WSGIDaemonProcess b at \S+:\d+: "
                     r"python-home=\S+ is not a Python installation prefix",
                     out), out
    assert re.search(r"GW00059: WSGIScriptAlias /m at \S+:\d+: script "
                     r"\S+/missing.wsgi does not exist", out), out


def test_python_home_of_another_version_names_both(httpd, tmp_path):
    venv = tmp_path / "venv"
    (venv / "lib" / "python3.9").mkdir(parents=True)
    (venv / "bin").mkdir()
    srv, (rc, out) = configtest(httpd, """
WSGIDaemonProcess v python-home=%s
""" % venv)
    assert rc != 0
    assert re.search(r"GW00057: .*python-home=\S+ holds Python 3.9, but "
                     r"gateway-daemon embeds Python 3.\d+", out), out


def test_script_unreadable_by_the_group_user(httpd):
    srv = httpd("", start=False)
    secret = os.path.join(srv.root, "private.wsgi")
    with open(secret, "w") as f:
        f.write("application = None\n")
    os.chmod(secret, 0o600)     # root only
    srv.write_config("""
WSGIDaemonProcess p user=%s
WSGIScriptAlias /p %s process-group=p
""" % (USER_A, secret))
    rc, out = srv.configtest()
    assert rc == 0, out
    assert re.search(r"GW00060: WSGIScriptAlias /p at \S+:\d+: script "
                     r"\S+private.wsgi cannot be read by %s" % USER_A, out)


def test_unsafe_socket_prefix_fails_configtest(httpd):
    srv = httpd("", start=False)
    unsafe = os.path.join(srv.root, "world")
    os.mkdir(unsafe)
    os.chmod(unsafe, 0o1777)
    srv.write_config("WSGISocketPrefix %s/wsgi\nWSGIDaemonProcess u\n"
                     % unsafe)
    rc, out = srv.configtest()
    assert rc != 0
    assert "GW00061" in out and "writable" in out


def test_dump_wsgi_prints_the_resolved_picture(httpd):
    srv = httpd("""
WSGIDaemonProcess shop user=%s processes=2 threads=3
WSGIScriptAlias /shop @APPS@/hello.wsgi process-group=shop
""" % USER_A + BASE_APP, start=False)
    r = subprocess.run(["/usr/sbin/apache2", "-t", "-D", "DUMP_WSGI", "-f",
                        srv.conf_path], env=srv.env(), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert re.search(r"shop \(\S+:\d+\)\n    user %s \(uid \d+\), gid \d+, "
                     r"processes 2 x threads 3" % USER_A, out), out
    assert re.search(r":\d+/shop -> \S+/hello.wsgi\n    process group shop",
                     out), out
