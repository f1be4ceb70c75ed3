"""mod_wsgi's configuration semantics, as a sysadmin's existing
configuration relies on them."""

import base64
import json
import os
import socket

import pytest

from conftest import USER_A, APACHE_MODULES

DIR = """
<Directory @APPS@>
    Require all granted
</Directory>
"""


def get_json(srv, path, headers=None):
    st, _, body = srv.request("GET", path, headers=headers)
    assert st == 200, body
    return json.loads(body)


def test_each_mount_gets_its_own_interpreter_by_default(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /a @APPS@/counter.wsgi process-group=g
WSGIScriptAlias /b @APPS@/counter.wsgi process-group=g
WSGIScriptAlias /c @APPS@/counter.wsgi process-group=g application-group=%{GLOBAL}
WSGIScriptAlias /d @APPS@/counter.wsgi process-group=g application-group=%{GLOBAL}
""" + DIR)
    a1, a2, b1 = (get_json(srv, p) for p in ("/a", "/a", "/b"))
    assert (a1["calls"], a2["calls"], b1["calls"]) == (1, 2, 1)
    assert a1["modules_id"] != b1["modules_id"]
    assert a1["group"] == "127.0.0.1:%d|/a" % srv.port
    assert b1["group"] == "127.0.0.1:%d|/b" % srv.port
    c1, d1 = get_json(srv, "/c"), get_json(srv, "/d")
    assert (c1["calls"], d1["calls"]) == (1, 2)      # one interpreter
    assert c1["group"] == "" and c1["modules_id"] == d1["modules_id"]


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def test_http_and_https_of_one_server_name_share_an_interpreter(httpd,
                                                                 tmp_path):
    if not (port_free(80) and port_free(443)):
        pytest.skip("ports 80 and 443 are in use on this machine")
    key, crt = tmp_path / "k.pem", tmp_path / "c.pem"
    os.system("openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s "
              "-days 1 -subj /CN=site.example >/dev/null 2>&1" % (key, crt))
    os.chmod(tmp_path, 0o755)
    srv = httpd("""
LoadModule socache_shmcb_module %(m)s/mod_socache_shmcb.so
LoadModule ssl_module %(m)s/mod_ssl.so
Listen 127.0.0.1:80
Listen 127.0.0.1:443
WSGIDaemonProcess site processes=1 threads=2
<VirtualHost 127.0.0.1:80>
    ServerName site.example
    WSGIScriptAlias /app @APPS@/counter.wsgi process-group=site
</VirtualHost>
<VirtualHost 127.0.0.1:443>
    ServerName site.example
    SSLEngine on
    SSLCertificateFile %(crt)s
    SSLCertificateKeyFile %(key)s
    WSGIScriptAlias /app @APPS@/counter.wsgi process-group=site
</VirtualHost>
""" % {"m": APACHE_MODULES, "crt": crt, "key": key} + DIR)
    import http.client
    import ssl
    c = http.client.HTTPConnection("127.0.0.1", 80, timeout=30)
    c.request("GET", "/app", headers={"Host": "site.example"})
    first = json.loads(c.getresponse().read())
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    c = http.client.HTTPSConnection("127.0.0.1", 443, timeout=30,
                                    context=ctx)
    c.request("GET", "/app", headers={"Host": "site.example"})
    second = json.loads(c.getresponse().read())
    assert first["group"] == second["group"] == "site.example|/app"
    assert (first["calls"], second["calls"]) == (1, 2)


def test_application_group_from_environment_variable(httpd):
    srv = httpd("""
LoadModule env_module %s/mod_env.so
WSGIDaemonProcess g processes=1 threads=2
SetEnv APPGROUP shared-one
WSGIScriptAlias /x @APPS@/counter.wsgi process-group=g application-group=%%{ENV:APPGROUP}
WSGIScriptAlias /y @APPS@/counter.wsgi process-group=g application-group=%%{ENV:APPGROUP}
""" % APACHE_MODULES + DIR)
    x, y = get_json(srv, "/x"), get_json(srv, "/y")
    assert x["group"] == y["group"] == "shared-one"
    assert (x["calls"], y["calls"]) == (1, 2)


def test_process_group_from_htaccess(httpd):
    srv = httpd("""
WSGIDaemonProcess viahtaccess user=%s processes=1 threads=2
WSGIScriptAlias /h @APPS@/whoami.wsgi
<Directory @APPS@>
    AllowOverride FileInfo
    Require all granted
</Directory>
""" % USER_A, start=False)
    with open(os.path.join(srv.apps, ".htaccess"), "w") as f:
        f.write("WSGIProcessGroup viahtaccess\n"
                "WSGIApplicationGroup %{GLOBAL}\n")
    os.chmod(os.path.join(srv.apps, ".htaccess"), 0o644)
    srv.start()
    import pwd
    assert get_json(srv, "/h")["uid"] == pwd.getpwnam(USER_A).pw_uid


def test_script_alias_match_with_back_reference(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAliasMatch ^/apps/([^/]+) @APPS@/$1.wsgi process-group=g
""" + DIR)
    st, _, body = srv.request("GET", "/apps/hello")
    assert (st, body) == (200, b"Hello World!")
    env = get_json(srv, "/apps/environ/more/path?q=1")
    assert env["SCRIPT_NAME"] == "/apps/environ"
    assert env["PATH_INFO"] == "/more/path"
    assert srv.request("GET", "/apps/nosuch")[0] == 404


def test_script_alias_to_a_directory_runs_each_file(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /dir/ @APPS@/ process-group=g
""" + DIR)
    st, _, body = srv.request("GET", "/dir/hello.wsgi")
    assert (st, body) == (200, b"Hello World!")
    env = get_json(srv, "/dir/environ.wsgi/x")
    assert env["SCRIPT_NAME"] == "/dir/environ.wsgi"
    assert env["PATH_INFO"] == "/x"


def test_pass_authorization(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /off @APPS@/environ.wsgi process-group=g
WSGIScriptAlias /on @APPS@/environ.wsgi process-group=g
<Location /on>
    WSGIPassAuthorization On
</Location>
""" + DIR)
    cred = {"Authorization": "Basic " + base64.b64encode(b"u:p").decode()}
    assert "HTTP_AUTHORIZATION" not in get_json(srv, "/off", cred)
    assert get_json(srv, "/on", cred)["HTTP_AUTHORIZATION"] == \
        cred["Authorization"]


def test_chunked_request_off_answers_411(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /echo @APPS@/echo.wsgi process-group=g
<Location /echo>
    WSGIChunkedRequest Off
</Location>
""" + DIR)
    st, _, _ = srv.request("POST", "/echo", body=iter([b"abc"]), chunked=True)
    assert st == 411
    st, _, _ = srv.request("POST", "/echo", body=b"abc")
    assert st == 200


def test_restrict_process(httpd):
    srv = httpd("""
LoadModule env_module %s/mod_env.so
WSGIDaemonProcess allowed processes=1 threads=2
WSGIDaemonProcess other processes=1 threads=2
SetEnv PG other
WSGIScriptAlias /r @APPS@/hello.wsgi process-group=%%{ENV:PG}
<Location /r>
    WSGIRestrictProcess allowed
</Location>
""" % APACHE_MODULES + DIR)
    assert srv.request("GET", "/r")[0] == 403
    srv.expect_log(r"GW01033: process group 'other' is not among those "
                   r"WSGIRestrictProcess allows")


def test_handler_script_for_a_file_extension(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIHandlerScript bobo-handler @APPS@/bobohandler.wsgi process-group=g
Alias /pages/ @ROOT@/pages/
<Directory @ROOT@/pages>
    AddHandler bobo-handler .bobo
    Require all granted
</Directory>
""", start=False)
    pages = os.path.join(srv.root, "pages")
    os.mkdir(pages, 0o755)
    with open(os.path.join(pages, "x.bobo"), "w") as f:
        f.write("first line of x\nsecond\n")
    os.chmod(os.path.join(pages, "x.bobo"), 0o644)
    srv.start()
    st, _, body = srv.request("GET", "/pages/x.bobo")
    assert (st, body) == (200, b"handled: first line of x\n")


def test_addhandler_wsgi_script_without_a_group_runs_in_the_default_group(
        httpd):
    srv = httpd("""
Alias /scripts/ @APPS@/
<Directory @APPS@>
    AddHandler wsgi-script .wsgi
    Require all granted
</Directory>
""")
    st, _, body = srv.request("GET", "/scripts/hello.wsgi")
    assert (st, body) == (200, b"Hello World!")


def test_process_group_global_means_the_default_group(httpd):
    srv = httpd("""
WSGIScriptAlias /w @APPS@/whoami.wsgi process-group=%{GLOBAL}
""" + DIR)
    import pwd
    assert get_json(srv, "/w")["uid"] == pwd.getpwnam("www-data").pw_uid


def test_virtual_hosts_share_the_main_servers_default_group(httpd):
    srv = httpd("""
WSGIScriptAlias /w @APPS@/whoami.wsgi
<VirtualHost *:@PORT@>
    ServerName one.example
</VirtualHost>
<VirtualHost *:@PORT@>
    ServerName two.example
</VirtualHost>
""" + DIR)
    a = get_json(srv, "/w", {"Host": "one.example"})
    b = get_json(srv, "/w", {"Host": "two.example"})
    assert a["pid"] == b["pid"]         # one implicit group, not one each


def test_import_script_preloads_before_the_first_request(httpd):
    import time
    srv = httpd("", start=False)
    os.chmod(srv.apps, 0o777)     # the import script writes its marker there
    srv.write_config("""
WSGIDaemonProcess pre user=%s processes=1 threads=2
WSGIImportScript @APPS@/preload.wsgi process-group=pre application-group=%%{GLOBAL}
WSGIScriptAlias /p @APPS@/preloaded.wsgi process-group=pre application-group=%%{GLOBAL}
""" % USER_A + DIR)
    srv.start()
    marker = os.path.join(srv.apps, "preload.marker")
    deadline = time.monotonic() + 10
    while not os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    with open(marker) as f:
        preloaded = int(f.read().split()[0])     # before any request
    env = get_json(srv, "/p")
    assert env["pid"] == preloaded
    assert env["preloaded_by"] == preloaded       # same interpreter
    srv.expect_log(r"GW04071: imported \S+/preload.wsgi into application "
                   r"group '' at start")


def test_import_script_needs_a_defined_group(httpd):
    srv = httpd("WSGIImportScript @APPS@/preload.wsgi process-group=nosuch "
                "application-group=%{GLOBAL}\n", start=False)
    rc, out = srv.configtest()
    assert rc != 0 and "GW00053" in out and "nosuch" in out


def test_local_location_is_not_followed_unless_enabled(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=g
WSGIScriptAlias /off @APPS@/redirect.wsgi process-group=g
WSGIScriptAlias /on @APPS@/redirect.wsgi process-group=g
<Location /on>
    GatewayInternalRedirect On
</Location>
""" + DIR)
    st, hd, body = srv.request("GET", "/off?to=/hello")
    assert (st, body) == (200, b"from the redirecting app")
    assert hd["Location"] == "/hello"
    st, hd, body = srv.request("GET", "/on?to=/hello")
    assert (st, body) == (200, b"Hello World!")
    assert "Location" not in hd
