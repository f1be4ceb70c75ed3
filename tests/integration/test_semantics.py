"""mod_wsgi's configuration semantics, as a sysadmin's existing
configuration relies on them."""

import base64
import json
import os
import socket

import pytest

from conftest import USER_A, USER_B, APACHE_MODULES

DIR = """
<Directory @APPS@>
    Require all granted
</Directory>
"""

# Two name-based sites on the one port, with nothing else in them.
TWO_SITES = """
<VirtualHost *:@PORT@>
    ServerName one.example
</VirtualHost>
<VirtualHost *:@PORT@>
    ServerName two.example
</VirtualHost>
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
    # A request answered before it went to a group leaves the mount it
    # was routed by intact (the metrics once took the mount for their
    # note and wrote into it): the Apache child that answered it, among
    # the others, serves what follows.
    for _ in range(3):
        st, _, _ = srv.request("POST", "/echo", body=iter([b"abc"]),
                               chunked=True)
        assert st == 411
    for _ in range(20):
        st, _, body = srv.request("POST", "/echo", body=b"abc")
        assert st == 200 and json.loads(body)["len"] == 3


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
""" + TWO_SITES + DIR)
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


# ---- process groups defined in a VirtualHost -------------------------------

def get_json_at(port, path, host):
    """GET on another port of 127.0.0.1 with a Host header."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("GET", path, headers={"Host": host})
        r = c.getresponse()
        body = r.read()
        assert r.status == 200, body
        return json.loads(body)
    finally:
        c.close()


def test_group_of_a_vhost_refused_to_another_server_name_at_run_time(httpd):
    """The group is chosen per request (%{ENV:...}), so configtest cannot
    see the use; the request is refused with 500 and GW01031."""
    srv = httpd("""
LoadModule env_module %s/mod_env.so
<VirtualHost *:@PORT@>
    ServerName one.example
    WSGIDaemonProcess onlyone user=%s processes=1 threads=2
    WSGIScriptAlias /w @APPS@/whichgroup.wsgi process-group=onlyone
</VirtualHost>
<VirtualHost *:@PORT@>
    ServerName two.example
    SetEnv PG onlyone
    WSGIScriptAlias /w @APPS@/whichgroup.wsgi process-group=%%{ENV:PG}
</VirtualHost>
""" % (APACHE_MODULES, USER_A) + DIR)
    own = get_json(srv, "/w", {"Host": "one.example"})
    assert own["process_group"] == "onlyone"
    st, _, _ = srv.request("GET", "/w", headers={"Host": "two.example"})
    assert st == 500
    srv.expect_log(r"GW01031: process group 'onlyone' \(defined at \S+:\d+ "
                   r"for ServerName one.example\) may not serve ServerName "
                   r"two.example; define the group at global scope to share "
                   r"it")


def test_group_of_a_vhost_serves_the_vhosts_of_its_server_name(httpd):
    """Two VirtualHosts of one ServerName on two ports (as HTTP and HTTPS
    would be): the group defined in the first serves the second, by name
    and chosen per request."""
    import pwd
    port2 = free_port()
    srv = httpd("""
LoadModule env_module %(m)s/mod_env.so
Listen 127.0.0.1:%(p2)d
<VirtualHost *:@PORT@>
    ServerName site.example
    WSGIDaemonProcess site user=%(a)s processes=1 threads=2
    WSGIScriptAlias /w @APPS@/whichgroup.wsgi process-group=site
</VirtualHost>
<VirtualHost *:%(p2)d>
    ServerName site.example
    SetEnv PG site
    WSGIScriptAlias /w @APPS@/whichgroup.wsgi process-group=site
    WSGIScriptAlias /dyn @APPS@/whichgroup.wsgi process-group=%%{ENV:PG}
</VirtualHost>
""" % {"m": APACHE_MODULES, "p2": port2, "a": USER_A} + DIR)
    first = get_json_at(srv.port, "/w", "site.example")
    second = get_json_at(port2, "/w", "site.example")
    dyn = get_json_at(port2, "/dyn", "site.example")
    for seen in (first, second, dyn):
        assert seen["process_group"] == "site"
        assert seen["uid"] == pwd.getpwnam(USER_A).pw_uid
    assert first["pid"] == second["pid"] == dyn["pid"]   # processes=1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- application groups: %{SERVER}, %{RESOURCE}, %{ENV:var} ----------------

def test_application_group_server_is_one_interpreter_per_site(httpd):
    """%{SERVER} is the ServerName plus :port unless the port is 80 or 443:
    the mounts of one site share it, another site gets its own."""
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /s1 @APPS@/counter.wsgi process-group=g application-group=%{SERVER}
WSGIScriptAlias /s2 @APPS@/counter.wsgi process-group=g
<Location /s2>
    WSGIApplicationGroup %{SERVER}
</Location>
""" + TWO_SITES + DIR)
    one = {"Host": "one.example:%d" % srv.port}
    two = {"Host": "two.example:%d" % srv.port}
    s1, s2 = get_json(srv, "/s1", one), get_json(srv, "/s2", one)
    assert s1["group"] == s2["group"] == "one.example:%d" % srv.port
    assert (s1["calls"], s2["calls"]) == (1, 2)       # option and directive
    assert s1["modules_id"] == s2["modules_id"]
    other = get_json(srv, "/s1", two)
    assert other["group"] == "two.example:%d" % srv.port
    assert other["calls"] == 1 and other["modules_id"] != s1["modules_id"]
    # no port in Host: Apache's port for the request is 80, left out
    plain = get_json(srv, "/s2", {"Host": "one.example"})
    assert plain["group"] == "one.example" and plain["calls"] == 1


def test_explicit_resource_wins_over_a_server_wide_group(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIApplicationGroup %{GLOBAL}
WSGIScriptAlias /r1 @APPS@/counter.wsgi process-group=g application-group=%{RESOURCE}
WSGIScriptAlias /r2 @APPS@/counter.wsgi process-group=g
WSGIScriptAlias /gl @APPS@/counter.wsgi process-group=g
<Location /r2>
    WSGIApplicationGroup %{RESOURCE}
</Location>
""" + DIR)
    r1, r2, gl = (get_json(srv, p) for p in ("/r1", "/r2", "/gl"))
    assert r1["group"] == "127.0.0.1:%d|/r1" % srv.port
    assert r2["group"] == "127.0.0.1:%d|/r2" % srv.port
    assert gl["group"] == ""
    assert (r1["calls"], r2["calls"], gl["calls"]) == (1, 1, 1)
    assert len({r1["modules_id"], r2["modules_id"], gl["modules_id"]}) == 3


def test_application_group_directive_from_request_environment(httpd):
    """WSGIApplicationGroup %{ENV:var}: the request's environment, as
    mod_setenvif or mod_rewrite's E= flag set it; unset is the main
    interpreter."""
    srv = httpd("""
LoadModule setenvif_module %(m)s/mod_setenvif.so
LoadModule rewrite_module %(m)s/mod_rewrite.so
WSGIDaemonProcess g processes=1 threads=2
WSGIApplicationGroup %%{ENV:APPG}
SetEnvIf Request_URI "^/e1" APPG=from-setenvif
RewriteEngine On
RewriteRule ^/e2 - [E=APPG:from-rewrite]
WSGIScriptAlias /e1 @APPS@/counter.wsgi process-group=g
WSGIScriptAlias /e2 @APPS@/counter.wsgi process-group=g
WSGIScriptAlias /e3 @APPS@/counter.wsgi process-group=g
""" % {"m": APACHE_MODULES} + DIR)
    assert get_json(srv, "/e1")["group"] == "from-setenvif"
    assert get_json(srv, "/e2")["group"] == "from-rewrite"
    e3 = get_json(srv, "/e3")
    assert e3["group"] == "" and e3["calls"] == 1


def test_process_group_directive_from_request_environment(httpd):
    """WSGIProcessGroup %{ENV:var} set by mod_setenvif picks the group per
    request; a value naming no group is a 500 (GW01016)."""
    import pwd
    srv = httpd("""
LoadModule setenvif_module %(m)s/mod_setenvif.so
WSGIDaemonProcess pa user=%(a)s processes=1 threads=2
WSGIDaemonProcess pb user=%(b)s processes=1 threads=2
WSGIProcessGroup %%{ENV:PG}
SetEnvIf Request_URI "^/who/a" PG=pa
SetEnvIf Request_URI "^/who/b" PG=pb
SetEnvIf Request_URI "^/who/c" PG=nosuch
WSGIScriptAlias /who @APPS@/whichgroup.wsgi
""" % {"m": APACHE_MODULES, "a": USER_A, "b": USER_B} + DIR)
    a, b = get_json(srv, "/who/a"), get_json(srv, "/who/b")
    assert (a["process_group"], a["uid"]) == ("pa",
                                              pwd.getpwnam(USER_A).pw_uid)
    assert (b["process_group"], b["uid"]) == ("pb",
                                              pwd.getpwnam(USER_B).pw_uid)
    assert srv.request("GET", "/who/c")[0] == 500
    srv.expect_log(r"GW01016: WSGIProcessGroup '%\{ENV:PG\}' names no "
                   r"WSGIDaemonProcess")


def test_groups_set_in_vhost_directory_and_location(httpd):
    """WSGIProcessGroup and WSGIApplicationGroup in <VirtualHost>,
    <Directory> and <Location>, as the application sees them; a mount's
    own process-group= wins over them."""
    srv = httpd("""
WSGIDaemonProcess pv processes=1 threads=2
WSGIDaemonProcess pd processes=1 threads=2
WSGIDaemonProcess pl processes=1 threads=2
<VirtualHost *:@PORT@>
    ServerName 127.0.0.1
    WSGIProcessGroup pv
    WSGIApplicationGroup app-vhost
    WSGIScriptAlias /v @APPS@/whichgroup.wsgi
    WSGIScriptAlias /d @ROOT@/dapps/whichgroup.wsgi
    WSGIScriptAlias /l/own @APPS@/whichgroup.wsgi process-group=pv
    WSGIScriptAlias /l @APPS@/whichgroup.wsgi
    <Directory @ROOT@/dapps>
        WSGIProcessGroup pd
        WSGIApplicationGroup app-dir
        Require all granted
    </Directory>
    <Location /l>
        WSGIProcessGroup pl
        WSGIApplicationGroup app-loc
    </Location>
</VirtualHost>
""" + DIR, start=False)
    dapps = os.path.join(srv.root, "dapps")
    os.mkdir(dapps, 0o755)
    import shutil
    shutil.copyfile(srv.app("whichgroup.wsgi"),
                    os.path.join(dapps, "whichgroup.wsgi"))
    os.chmod(os.path.join(dapps, "whichgroup.wsgi"), 0o644)
    srv.start()
    seen = {p: get_json(srv, p)
            for p in ("/v", "/d", "/l", "/l/x", "/l/own")}
    got = {p: (s["process_group"], s["application_group"])
           for p, s in seen.items()}
    assert got == {"/v": ("pv", "app-vhost"), "/d": ("pd", "app-dir"),
                   "/l": ("pl", "app-loc"), "/l/x": ("pl", "app-loc"),
                   "/l/own": ("pv", "app-loc")}
    assert len({seen[p]["pid"] for p in ("/v", "/d", "/l")}) == 3
    assert seen["/l/own"]["pid"] == seen["/v"]["pid"]


# ---- WSGICallableObject ------------------------------------------------------

def test_callable_object_directive_and_option(httpd):
    srv = httpd("""
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /default @APPS@/callables.wsgi process-group=g
WSGIScriptAlias /opt @APPS@/callables.wsgi process-group=g callable-object=other
WSGIScriptAlias /dir @APPS@/callables.wsgi process-group=g
WSGIScriptAlias /both @APPS@/callables.wsgi process-group=g callable-object=other
WSGIScriptAlias /missing @APPS@/callables.wsgi process-group=g
<Location /dir>
    WSGICallableObject app
</Location>
<Location /both>
    WSGICallableObject app
</Location>
<Location /missing>
    WSGICallableObject nosuch
</Location>
""" + DIR)
    for path, name in (("/default", b"application"), ("/opt", b"other"),
                       ("/dir", b"app"), ("/both", b"other")):
        assert srv.request("GET", path)[::2] == (200, name), path
    assert srv.request("GET", "/missing")[0] == 500
    srv.expect_log(r"GW04039: WSGI script \S+/callables.wsgi defines no "
                   r"callable 'nosuch'")
    srv.expect_log(r"GW01010: application in daemon group 'g' .*failed: "
                   r"WSGI application unavailable; answering 500")


def test_callable_object_from_an_environment_variable(httpd):
    """WSGICallableObject %{ENV:var}: the variable's value (SetEnv here),
    "application" when it is unset or for another %... form, as mod_wsgi's
    wsgi_callable_object() (which callable-object= does not go through:
    mod_wsgi takes the option as written)."""
    env_so = os.path.join(APACHE_MODULES, "mod_env.so")
    if not os.path.exists(env_so):
        pytest.skip("mod_env.so not installed")
    srv = httpd("""
LoadModule env_module %s
WSGIDaemonProcess g processes=1 threads=2
WSGIScriptAlias /dir @APPS@/callables.wsgi process-group=g
WSGIScriptAlias /opt @APPS@/callables.wsgi process-group=g
WSGIScriptAlias /unset @APPS@/callables.wsgi process-group=g
WSGIScriptAlias /other @APPS@/callables.wsgi process-group=g
<Location /dir>
    SetEnv WHICH_APP app
    WSGICallableObject %%{ENV:WHICH_APP}
</Location>
<Location /opt>
    SetEnv WHICH_APP other
    WSGICallableObject %%{ENV:WHICH_APP}
</Location>
<Location /unset>
    WSGICallableObject %%{ENV:NO_SUCH_VARIABLE}
</Location>
<Location /other>
    WSGICallableObject %%{SERVER}
</Location>
""" % env_so + DIR)
    for path, name in (("/dir", b"app"), ("/opt", b"other"),
                       ("/unset", b"application"),
                       ("/other", b"application")):
        assert srv.request("GET", path)[::2] == (200, name), path
