"""apachectl configtest catches the classic mod_wsgi mistakes, with the
file:line and the fix (the web2py book's configurations as fixtures)."""

import http.client
import os
import pwd
import re
import socket
import subprocess

import pytest

from conftest import (APACHE, USER_A, USER_B, APACHE_MODULES,
                      make_tls_cert, require_apache_modules, tls_context)

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
        # says which group and scheme served it: HTTP and HTTPS share one
        os.path.join(w2p, "wsgihandler.py"):
            "def application(environ, start_response):\n"
            "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
            "    return [('web2py here, group %s, %s' % (\n"
            "        environ['mod_wsgi.process_group'],\n"
            "        environ['wsgi.url_scheme'])).encode()]\n",
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


def conf_line(srv, text, nth=0):
    """The line number Apache gives the nth directive whose first line
    starts with `text` in the written configuration: that of its last line,
    when it goes on over lines ending in a backslash."""
    with open(srv.conf_path) as f:
        lines = f.read().split("\n")
    starts = [i for i, l in enumerate(lines) if l.strip().startswith(text)]
    i = starts[nth]
    while lines[i].endswith("\\"):
        i += 1
    return i + 1


def at(srv, text, nth=0):
    """ "file:line" of a directive, as the diagnostics print it."""
    return re.escape("%s:%d" % (srv.conf_path, conf_line(srv, text, nth)))


def test_web2py_http_config_yields_the_three_warnings(httpd):
    srv, (rc, out) = configtest(
        httpd, lambda s: MODS + "\n" + fixture(s, "web2py-http.conf"))
    assert rc == 0, out            # warnings, not errors
    assert re.search(r"GW00050: Alias / at \S+:\d+ covers WSGIScriptAlias / "
                     r"at \S+:\d+: mod_alias answers first", out), out
    assert re.search(r"GW00051: Alias \S+/applications/ at \S+:\d+ makes "
                     r"application files downloadable", out), out
    assert re.search(r"GW00052: <Location /> at \S+:\d+ grants access to "
                     r"all, covering WSGIScriptAlias /", out), out
    assert "GW00058" in out and "150 concurrent" in out


def test_web2py_https_config_reports_everything_in_one_run(httpd):
    """The repeated group no longer stops Apache while it reads the
    configuration: one configtest prints diagnostics 1, 3, 4 and 5, for
    both virtual hosts, and fails."""
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
    assert "Syntax OK" not in out and "Syntax error" not in out, out
    assert "Configuration check failed" in out, out
    first = at(srv, "WSGIDaemonProcess web2py", 0)
    second = at(srv, "WSGIDaemonProcess web2py", 1)
    # 1: both places, and both fixes
    dup = [l for l in out.splitlines() if "GW00022" in l]
    assert len(dup) == 1, out
    assert "[gateway:error]" in dup[0]
    assert re.search(r"GW00022: WSGIDaemonProcess web2py at %s: the name is "
                     r"already used at %s \(inside the VirtualHost of "
                     r"ServerName example.com\); group names are global"
                     % (second, first), dup[0]), dup[0]
    assert re.search(r"define the group once at global scope, outside every "
                     r"VirtualHost, and refer to it \(process-group= or "
                     r"WSGIProcessGroup\) from each VirtualHost", dup[0])
    assert re.search(r"delete the definition at %s and refer to the one at "
                     r"%s from VirtualHosts with the same ServerName "
                     r"\(example.com\)" % (second, first), dup[0]), dup[0]
    # 3, 4 and 5 in each of the two virtual hosts
    for nth in (0, 1):
        alias = at(srv, "Alias /", nth)
        mount = at(srv, "WSGIScriptAlias /", nth)
        loc = at(srv, '<Location "/">', nth)
        assert re.search(r"GW00050: Alias / at %s covers WSGIScriptAlias / "
                         r"at %s" % (alias, mount), out), out
        assert re.search(r"GW00051: Alias \S+/applications/ at %s makes "
                         r"application files downloadable" % alias, out), out
        assert re.search(r"GW00052: <Location /> at %s grants access to all, "
                         r"covering WSGIScriptAlias / at %s" % (loc, mount),
                         out), out
    # the same checks run at a start: Apache does not start
    r = subprocess.run([APACHE, "-f", srv.conf_path, "-k", "start"],
                       env=srv.env(), capture_output=True, text=True,
                       timeout=60)
    if r.returncode == 0:
        srv.running = True                  # the harness stops it
    assert r.returncode != 0, r.stdout + r.stderr
    assert "GW00022" in srv.error_log() + r.stdout + r.stderr
    srv.allow_log(r"GW00022|Configuration check failed")


def test_web2py_fixed_config_is_clean_and_serves(httpd):
    """One group at global scope for the HTTP and the HTTPS site: no
    diagnostic, and both serve the application (from that one group) and
    the static files, and neither serves the code."""
    require_apache_modules("ssl", "socache_shmcb")
    port2 = free_port()

    def text(s):
        cert, key = make_tls_cert(s)
        return (MODS + "\nSSLSessionCache shmcb:@ROOT@/run/ssl_scache(512000)"
                "\nListen 127.0.0.1:%d https\n" % port2
                + fixture(s, "web2py-fixed.conf", PORT2=port2, CERT=cert,
                          KEY=key))
    srv, (rc, out) = configtest(httpd, text)
    assert rc == 0, out
    assert "GW000" not in out, out
    assert "Syntax OK" in out, out
    srv.start()

    def get(scheme, path):
        if scheme == "http":
            c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        else:
            c = http.client.HTTPSConnection("127.0.0.1", port2, timeout=30,
                                            context=tls_context())
        try:
            c.request("GET", path, headers={"Host": "example.com"})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    for scheme in ("http", "https"):
        assert get(scheme, "/") == (
            200, b"web2py here, group web2py, " + scheme.encode())
        assert get(scheme, "/welcome/static/style.css") == (200, b"body {}\n")
        # application code is not downloadable: the URL reaches the app
        st, body = get(scheme, "/welcome/controllers/default.py")
        assert b"def index" not in body and b"web2py here" in body
        st, body = get(scheme, "/welcome/databases/storage.sqlite")
        assert b"web2py here" in body


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


# ---- diagnostic 6: what each group needs on this machine -----------------

def no_such(kind):
    """A user or group name that does not exist here."""
    import grp
    look = pwd.getpwnam if kind == "user" else grp.getgrnam
    for i in range(100):
        name = "gwtest-nosuch%d" % i
        try:
            look(name)
        except KeyError:
            return name
    pytest.skip("no free %s name" % kind)


@pytest.mark.parametrize("option, ident, message", [
    ("user=@NOUSER@", "GW00013",
     r"WSGIDaemonProcess d: user=@NOUSER@ does not exist \(create it with "
     r"useradd, or fix the name\)"),
    ("group=@NOGROUP@", "GW00015",
     r"WSGIDaemonProcess d: group=@NOGROUP@ does not exist"),
    ("user=root", "GW00014",
     r"WSGIDaemonProcess d: user=root is root; a daemon group never runs as "
     r"root: choose an unprivileged user"),
    ("user=#0", "GW00014",
     r"WSGIDaemonProcess d: user=#0 is root; a daemon group never runs as "
     r"root"),
], ids=["user-missing", "group-missing", "user-root", "uid-0"])
def test_user_and_group_are_checked_when_apache_reads_them(httpd, option,
                                                          ident, message):
    names = {"@NOUSER@": no_such("user"), "@NOGROUP@": no_such("group")}
    for k, v in names.items():
        option, message = option.replace(k, v), message.replace(k, v)
    srv, (rc, out) = configtest(httpd, "WSGIDaemonProcess d processes=1 %s\n"
                                % option)
    assert rc != 0, out
    assert "Syntax OK" not in out
    # Apache names the place, then our line with the fix
    assert re.search(r"AH00526: Syntax error on line %d of %s:\n%s: %s"
                     % (conf_line(srv, "WSGIDaemonProcess d"),
                        re.escape(srv.conf_path), ident, message), out), out


def test_home_that_is_a_file_fails_configtest(httpd):
    srv = httpd("", start=False)
    notdir = os.path.join(srv.root, "home-file")
    open(notdir, "w").close()
    srv.write_config("WSGIDaemonProcess h user=%s home=%s\n" % (USER_A,
                                                                 notdir))
    rc, out = srv.configtest()
    assert rc != 0, out
    assert re.search(r"\[gateway:error\] .*GW00055: WSGIDaemonProcess h at "
                     r"%s: home=%s is not a directory; create it or fix the "
                     r"path" % (at(srv, "WSGIDaemonProcess h"),
                                re.escape(notdir)), out), out
    assert "Configuration check failed" in out


def test_missing_socket_directory_fails_configtest(httpd):
    srv = httpd("", start=False)
    missing = os.path.join(srv.root, "no-such-dir")
    srv.write_config("WSGISocketPrefix %s/wsgi\nWSGIDaemonProcess s\n"
                     % missing)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert re.search(r"\[gateway:error\] .*GW00061: socket directory %s "
                     r"\(WSGISocketPrefix %s/wsgi\): No such file or "
                     r"directory; create it \(owner root, mode 0755\)"
                     % (re.escape(missing), re.escape(missing)), out), out
    assert not os.path.exists(missing)      # configtest creates nothing


def test_missing_script_alone_is_a_warning_and_a_404(httpd):
    srv, (rc, out) = configtest(httpd, """
WSGIDaemonProcess m processes=1 threads=2
WSGIScriptAlias /m @APPS@/missing.wsgi process-group=m
""")
    assert rc == 0, out                 # documented: a warning
    assert "Syntax OK" in out, out
    assert re.search(r"\[gateway:warn\] .*GW00059: WSGIScriptAlias /m at %s: "
                     r"script %s does not exist; requests will get 404"
                     % (at(srv, "WSGIScriptAlias /m"),
                        re.escape(srv.app("missing.wsgi"))), out), out
    assert not re.search(r"\[gateway:(error|crit)\]", out), out
    srv.start()                         # and Apache starts with it
    assert srv.request("GET", "/m")[0] == 404


# ---- diagnostics 4 and 5 ---------------------------------------------------

def test_document_root_holding_the_script_is_a_warning(httpd):
    srv, (rc, out) = configtest(httpd, """
<VirtualHost *:@PORT@>
    ServerName 127.0.0.1
    DocumentRoot @APPS@
    WSGIScriptAlias /hello @APPS@/hello.wsgi
</VirtualHost>
""" + BASE_APP)
    assert rc == 0, out
    assert re.search(r"\[gateway:warn\] .*GW00051: DocumentRoot %s at %s "
                     r"makes application files downloadable \(for example "
                     r"%s\)" % (re.escape(srv.apps),
                                at(srv, "DocumentRoot %s" % srv.apps),
                                re.escape(srv.app("hello.wsgi"))), out), out
    # what the warning is about: the source is one URL away
    srv.start()
    st, _, body = srv.request("GET", "/hello.wsgi")
    assert st == 200 and b"def _app(environ, start_response)" in body
    assert srv.request("GET", "/hello")[2] == b"Hello World!"


def test_require_all_granted_in_location_is_a_warning(httpd):
    srv, (rc, out) = configtest(httpd, """
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /app @APPS@/hello.wsgi process-group=g
<Location /app>
    Require all granted
</Location>
""")
    assert rc == 0, out
    assert re.search(r"\[gateway:warn\] .*GW00052: <Location /app> at %s "
                     r"grants access to all, covering WSGIScriptAlias /app at "
                     r"%s: access by URL opens whatever file a URL maps to; "
                     r"grant it with <Directory %s> \(or <Files>\) instead"
                     % (at(srv, "<Location /app>"),
                        at(srv, "WSGIScriptAlias /app"),
                        re.escape(srv.apps)), out), out


def test_location_match_covering_a_mount_is_a_warning(httpd):
    srv, (rc, out) = configtest(httpd, """
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /api @APPS@/hello.wsgi process-group=g
<LocationMatch "^/(api|v2)">
    Require all granted
</LocationMatch>
<LocationMatch "^/static/">
    Require all granted
</LocationMatch>
""")
    assert rc == 0, out
    lines = [l for l in out.splitlines() if "GW00052" in l]
    assert len(lines) == 1, out      # not the one that covers no mount
    assert re.search(r"GW00052: <LocationMatch \^/\(api\|v2\)> at %s grants "
                     r"access to all, covering WSGIScriptAlias /api at %s"
                     % (at(srv, '<LocationMatch "^/(api'),
                        at(srv, "WSGIScriptAlias /api")), lines[0]), out


# ---- DUMP_WSGI -------------------------------------------------------------

def dump_wsgi(srv):
    r = subprocess.run(["/usr/sbin/apache2", "-t", "-D", "DUMP_WSGI", "-f",
                        srv.conf_path], env=srv.env(), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_dump_wsgi_prints_the_resolved_picture(httpd):
    port2 = free_port()
    srv = httpd("""
WSGIDaemonProcess shop user=%(a)s processes=2 threads=3 maximum-requests=500 display-name=%%{GROUP} inactivity-timeout=60 lang=de_DE.UTF-8
WSGIScriptAlias /shop @APPS@/hello.wsgi process-group=shop callable-object=app
WSGIScriptAlias /hello @APPS@/hello.wsgi
<Location /hello>
    WSGIProcessGroup shop
    WSGIApplicationGroup %%{GLOBAL}
</Location>
Listen 127.0.0.1:%(port2)d
<VirtualHost *:@PORT@>
    ServerName site.example
    WSGIDaemonProcess site user=%(b)s
    WSGIScriptAlias /s @APPS@/hello.wsgi process-group=site application-group=%%{SERVER}
</VirtualHost>
<VirtualHost *:%(port2)d>
    ServerName site.example
    WSGIScriptAlias /s2 @APPS@/hello.wsgi process-group=site
</VirtualHost>
<VirtualHost *:@PORT@>
    ServerName other.example
</VirtualHost>
""" % {"a": USER_A, "b": USER_B, "port2": port2} + BASE_APP, start=False)
    out = dump_wsgi(srv)
    www = pwd.getpwnam("www-data")
    sock = re.escape("socket %s/gw.<pid>.<n>.sock, only www-data (uid %d) "
                     "may connect" % (srv.run_dir, www.pw_uid))
    # a global group: every option as written, its socket, any vhost
    assert re.search(
        r"  shop \(%s\)\n    user %s \(uid %d\), gid \d+, processes 2 x "
        r"threads 3, home \S+\n    options: user=%s processes=2 threads=3 "
        r"maximum-requests=500 display-name=%%\{GROUP\} inactivity-timeout=60 "
        r"lang=de_DE.UTF-8\n    %s\n    may be used by: any VirtualHost\n"
        % (at(srv, "WSGIDaemonProcess shop"), USER_A,
           pwd.getpwnam(USER_A).pw_uid, USER_A, sock), out), out
    # a group of a VirtualHost: the two VirtualHosts of its ServerName
    assert re.search(
        r"  site \(%s\)\n    user %s .*\n    options: user=%s\n    %s\n    "
        r"may be used by: VirtualHosts with ServerName site.example \(%s, "
        r"%s\)\n" % (at(srv, "WSGIDaemonProcess site"), USER_B, USER_B, sock,
                     at(srv, "<VirtualHost *:@PORT@>".replace(
                         "@PORT@", str(srv.port)), 0),
                     at(srv, "<VirtualHost *:%d>" % port2)), out), out
    # every option's effective value, and whether it was written or is
    # the default (the option table, module/gw_options.c)
    shop = out[out.index("  shop ("):out.index("  site (")]
    for line in ("maximum-requests=500 (set)", "threads=3 (set)",
                 "inactivity-timeout=60 (set)", "shutdown-timeout=5 (default)",
                 "graceful-timeout=15 (default)", "listen-backlog=100 "
                 "(default)", "deadlock-timeout=300 (default)",
                 "umask=(Apache's) (default)", "maximum-rss=0 (default)"):
        assert "\n      %s\n" % line in shop, (line, shop)
    # the implicit group of the main server (for /hello)
    assert re.search(r"  default:127.0.0.1:0 \(\(server\)\)\n    user www-data"
                     r".*\n    options: none \(the implicit group of a server: "
                     r"every default\)\n", out), out
    # mounts: group, application group, callable
    assert re.search(r"  127.0.0.1:0/shop -> %s\n    process group shop, "
                     r"application group %%\{RESOURCE\}, callable app \(%s\)"
                     % (re.escape(srv.app("hello.wsgi")),
                        at(srv, "WSGIScriptAlias /shop")), out), out
    # a virtual host's mounts under the port of its address
    assert re.search(r"  site.example:%d/s -> \S+/hello.wsgi\n    process "
                     r"group site, application group %%\{SERVER\}, callable "
                     r"application" % srv.port, out), out
    assert re.search(r"  site.example:%d/s2 -> \S+/hello.wsgi\n    process "
                     r"group site," % port2, out), out
    # what directory sections set, per request
    assert re.search(r"WSGI groups set in directory sections.*\n"
                     r"  WSGIProcessGroup shop in <Location /hello> \(%s, "
                     r"ServerName 127.0.0.1\)\n  WSGIApplicationGroup "
                     r"%%\{GLOBAL\} in <Location /hello> \(%s, ServerName "
                     r"127.0.0.1\)\n"
                     % (at(srv, "WSGIProcessGroup shop"),
                        at(srv, "WSGIApplicationGroup %{GLOBAL}")), out), out


def test_alias_to_a_script_run_by_sethandler_is_not_downloadable(httpd):
    """keystone's config: the Alias points at the script, and a <Location>
    over the Alias's URL runs it (SetHandler wsgi-script): no GW00051, and
    the URL answers with the app, not the source.  The same Alias without
    the <Location> still warns."""
    handled = """
WSGIDaemonProcess ks
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=ks
Alias /identity @APPS@/hello.wsgi
<Location /identity>
    SetHandler wsgi-script
    Options +ExecCGI
    WSGIProcessGroup ks
</Location>
""" + BASE_APP
    srv, (rc, out) = configtest(httpd, handled)
    assert rc == 0, out
    assert "GW00051" not in out, out
    srv.start()
    st, _, body = srv.request("GET", "/identity")
    assert st == 200 and body == b"Hello World!", (st, body)
    srv2, (rc, out) = configtest(httpd, handled.replace(
        "<Location /identity>", "<Location /elsewhere>"))
    assert rc == 0, out
    assert re.search(r"GW00051: Alias %s at %s makes application files "
                     r"downloadable" % (re.escape(srv2.app("hello.wsgi")),
                                        at(srv2, "Alias /identity")),
                     out), out
