"""mod_wsgi 4.9.4's configuration as a sysadmin has it: the guards that
load mod_wsgi when the WSGI module is absent see mod_gateway as that
module; every mod_wsgi directive and WSGIDaemonProcess option loads, with
its daemon-mode meaning (docs/migrating-from-mod_wsgi.md has the table)."""

import json
import os

from conftest import APACHE_MODULES, MODULE_SO, USER_A, USER_B

MOD_WSGI_SO = os.path.join(APACHE_MODULES, "mod_wsgi.so")
# The line docs/configuration.md and debian/gateway.load add after
# `LoadModule gateway_module`.
IDENTITY = "LoadModule wsgi_module %s\n" % MODULE_SO
MOUNT = ("WSGIDaemonProcess g user=%s processes=1 threads=1\n"
         "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=g\n"
         % USER_A)
# graphite-web's and cobbler's guard, verbatim but for the path.
GUARD = ("<IfModule !wsgi_module>\n"
         "    LoadModule wsgi_module %s\n"
         "</IfModule>\n" % MOD_WSGI_SO)


def test_ifmodule_not_wsgi_module_guard_does_not_pull_mod_wsgi_in(httpd):
    """graphite-web's guard: with the identity line, mod_wsgi stays out and
    our daemon serves the mount."""
    srv = httpd(IDENTITY + GUARD + MOUNT)
    status, _, body = srv.get("/hello")
    assert status == 200, body
    assert "GW00070" not in srv.error_log()


def test_guard_without_identity_line_still_loads_mod_wsgi(httpd):
    """Control: with only `LoadModule gateway_module`, the guard loads
    mod_wsgi and GW00070 stops Apache, naming the line to add."""
    srv = httpd(GUARD + MOUNT, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00070" in out, out
    assert "LoadModule wsgi_module .../mod_gateway.so" in out, out


def test_ifmodule_wsgi_module_and_mod_wsgi_c_sections_are_read(httpd):
    """Directives inside <IfModule wsgi_module> and <IfModule mod_wsgi.c>
    (Debian's old wsgi.conf style) take effect."""
    srv = httpd(IDENTITY
                + "<IfModule wsgi_module>\n" + MOUNT + "</IfModule>\n"
                + "<IfModule mod_wsgi.c>\n"
                "WSGIScriptAlias /again @APPS@/hello.wsgi process-group=g\n"
                "</IfModule>\n")
    assert srv.get("/hello")[0] == 200
    assert srv.get("/again")[0] == 200


def test_stray_second_loadmodule_of_mod_wsgi_is_skipped(httpd):
    """An unguarded `LoadModule wsgi_module .../mod_wsgi.so` after ours is
    skipped by mod_so (AH01574), so mod_gateway keeps the directives."""
    srv = httpd(IDENTITY + "LoadModule wsgi_module %s\n" % MOD_WSGI_SO
                + MOUNT, start=False)
    rc, out = srv.configtest()
    assert rc == 0, out
    assert "module wsgi_module is already loaded, skipping" in out, out
    srv.allow_log(r"AH01574")
    srv.start()
    assert srv.get("/hello")[0] == 200


def test_log_lines_keep_the_gateway_tag(httpd):
    srv = httpd(IDENTITY + MOUNT)
    assert srv.get("/hello")[0] == 200
    log = srv.error_log()
    assert "[gateway:" in log, log
    assert "[wsgi:" not in log, log


# ---- every directive loads ------------------------------------------------

# mod_wsgi 4.9.4's directives that have no effect here (class 3), each as a
# real configuration writes it: configtest notes each once (GW00100).
NOTED = {
    "WSGISocketRotation": "WSGISocketRotation Off",
    "WSGIAcceptMutex": "WSGIAcceptMutex default",
    "WSGILazyInitialization": "WSGILazyInitialization On",
    "WSGIVerboseDebugging": "WSGIVerboseDebugging Off",
    "WSGIDestroyInterpreter": "WSGIDestroyInterpreter On",
    "WSGIRestrictEmbedded": "WSGIRestrictEmbedded On",
    "WSGICaseSensitivity": "WSGICaseSensitivity On",
    "WSGIPassApacheRequest": "WSGIPassApacheRequest Off",
    "WSGIErrorOverride": "WSGIErrorOverride On",
    "WSGIMapHEADToGET": "WSGIMapHEADToGET Auto",
    "WSGIIgnoreActivity": "WSGIIgnoreActivity Off",
    "WSGIEnableSendfile": "WSGIEnableSendfile On",
    # OR_AUTHCFG, as mod_wsgi: in a directory section
    "WSGIGroupAuthoritative": "<Location /a>\nWSGIGroupAuthoritative Off\n"
                              "</Location>",
    "WSGIServerMetrics": "WSGIServerMetrics On",
    "WSGINewRelicConfigFile": "WSGINewRelicConfigFile /etc/newrelic.ini",
    "WSGINewRelicEnvironment": "WSGINewRelicEnvironment production",
}
# Class 2: a daemon-mode meaning (the app test below shows it).
PYTHON_GLOBALS = """
WSGIPythonPath @ROOT@/extra-path
WSGIPythonEggs @ROOT@/scratch/eggs
WSGIPythonOptimize 2
WSGIPythonHashSeed 123
WSGIPythonWarnings ignore::DeprecationWarning
WSGIPythonWarnings error::ResourceWarning
WSGIDontWriteBytecode On
WSGIRestrictStdin On
WSGIRestrictStdout On
WSGIRestrictSignal On
"""
PROBE = r'''
import json, os, signal, sys, warnings

def application(environ, start_response):
    out = {
        "path": sys.path,
        "optimize": sys.flags.optimize,
        "hash": hash("mod_wsgi"),
        "filters": [(f[0], f[2].__name__) for f in warnings.filters[:2]],
        "dont_write_bytecode": sys.dont_write_bytecode,
        "eggs": os.environ.get("PYTHON_EGG_CACHE"),
    }
    for name in ("stdin", "stdout"):
        try:
            getattr(sys, name).write if name == "stdout" else \
                getattr(sys, name).read
            out[name] = "open"
        except OSError as e:
            out[name] = str(e)
    h = lambda *a: None
    out["signal_returned_handler"] = signal.signal(signal.SIGUSR1, h) is h
    out["sigusr1_still_default"] = signal.getsignal(signal.SIGUSR1) is not h
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(out).encode()]
'''


def _probe(srv):
    with open(os.path.join(srv.apps, "probe.wsgi"), "w") as f:
        f.write(PROBE)
    os.chmod(os.path.join(srv.apps, "probe.wsgi"), 0o644)
    os.makedirs(os.path.join(srv.root, "extra-path"), mode=0o755)


def test_every_noted_directive_loads_with_one_notice_each(httpd):
    srv = httpd("\n".join(NOTED.values()) + "\n" + MOUNT, start=False)
    rc, out = srv.configtest()
    assert rc == 0, out
    for name in NOTED:
        lines = [l for l in out.splitlines()
                 if "GW00100: %s " % name in l]
        assert len(lines) == 1, (name, out)
        assert "accepted, no effect here: " in lines[0], lines[0]
    srv.start()
    assert srv.get("/hello")[0] == 200


def test_dispatch_script_loads_where_mod_wsgi_allows_it(httpd):
    """At server level, in a virtual host and in sections, with mod_wsgi's
    application-group= and our process-group= (test_dispatch_script.py
    has what it does); not in .htaccess, as mod_wsgi."""
    for place in ("<Location /x>\n%s\n</Location>\n",
                  "<Directory @APPS@>\n%s\n</Directory>\n", "%s\n",
                  "<VirtualHost *:@PORT@>\nServerName v.example\n%s\n"
                  "</VirtualHost>\n"):
        srv = httpd(place % "WSGIDispatchScript @APPS@/hello.wsgi "
                    "application-group=%{GLOBAL} process-group=g" + MOUNT,
                    start=False)
        rc, out = srv.configtest()
        assert rc == 0, (place, out)
        assert "GW00100" not in out and "WSGIDispatchScript" not in out, out
    srv = httpd("Alias /h @ROOT@/h\n<Directory @ROOT@/h>\n"
                "AllowOverride All\nRequire all granted\n</Directory>\n"
                + MOUNT, start=False)
    os.mkdir(os.path.join(srv.root, "h"), 0o755)
    with open(os.path.join(srv.root, "h", ".htaccess"), "w") as f:
        f.write("WSGIDispatchScript %s/hello.wsgi\n" % srv.apps)
    srv.start()
    assert srv.get("/h/x")[0] == 500
    srv.expect_log(r"WSGIDispatchScript not allowed here")


def test_dispatch_script_options_are_checked(httpd):
    for line, want in (
            ("WSGIDispatchScript @APPS@/hello.wsgi callable-object=x",
             "GW00121: WSGIDispatchScript %s/hello.wsgi: unknown option "
             "'callable-object=x' (expected process-group= or "
             "application-group=)"),
            ("WSGIDispatchScript @APPS@/hello.wsgi process-group=",
             "GW00120: WSGIDispatchScript %s/hello.wsgi: 'process-group=' "
             "needs a name"),
            ("WSGIDispatchScript", "GW00122: WSGIDispatchScript needs the "
             "path of the script"),
            ("WSGIDispatchScript @APPS@/hello.wsgi process-group=nosuch",
             "GW00053: process group 'nosuch' used at ")):
        srv = httpd("%s\n" % line + MOUNT, start=False)
        rc, out = srv.configtest()
        assert rc != 0, (line, out)
        assert (want % srv.apps if "%s" in want else want) in out, (line, out)


def test_auth_scripts_load_with_mod_wsgis_options_and_ours(httpd):
    """application-group= is mod_wsgi's, process-group= ours; both load
    (test_auth_scripts.py has what they do)."""
    srv = httpd("<Location /x>\n"
                "WSGIAuthUserScript @APPS@/hello.wsgi application-group=a "
                "process-group=g\n"
                "WSGIAuthGroupScript @APPS@/hello.wsgi\n"
                "WSGIAccessScript @APPS@/hello.wsgi application-group=%{GLOBAL}"
                "\n</Location>\n" + MOUNT, start=False)
    rc, out = srv.configtest()
    assert rc == 0, out
    assert "GW00100" not in out, out


def test_auth_script_options_are_checked(httpd):
    for line, want in (
            ("WSGIAuthUserScript @APPS@/hello.wsgi callable-object=x",
             "GW00121: WSGIAuthUserScript %s/hello.wsgi: unknown option "
             "'callable-object=x' (expected process-group= or "
             "application-group=)"),
            ("WSGIAccessScript @APPS@/hello.wsgi application-group=",
             "GW00120: WSGIAccessScript %s/hello.wsgi: "
             "'application-group=' needs a name"),
            ("WSGIAuthGroupScript", "GW00122: WSGIAuthGroupScript needs the "
             "path of the script"),
            ("WSGIAuthUserScript @APPS@/hello.wsgi process-group=nosuch",
             "GW00053: process group 'nosuch' used at ")):
        srv = httpd("<Location /x>\n%s\n</Location>\n" % line + MOUNT,
                    start=False)
        rc, out = srv.configtest()
        assert rc != 0, (line, out)
        assert (want % srv.apps if "%s" in want else want) in out, (line, out)


def test_python_directives_are_global_only_like_mod_wsgi(httpd):
    srv = httpd("<VirtualHost *:@PORT@>\nWSGIPythonOptimize 1\n"
                "</VirtualHost>\n" + MOUNT, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "WSGIPythonOptimize cannot occur within <VirtualHost>" in out, out


def test_python_globals_reach_every_daemon_group_implicit_too(httpd):
    """WSGIPython*, WSGIDontWriteBytecode and WSGIRestrict* seen from the
    app, in a named group and in the implicit group of a bare
    WSGIScriptAlias (an embedded-mode config)."""
    srv = httpd(PYTHON_GLOBALS + MOUNT
                + "WSGIScriptAlias /probe @APPS@/probe.wsgi process-group=g\n"
                "WSGIScriptAlias /embedded @APPS@/probe.wsgi\n",
                start=False)
    _probe(srv)
    srv.allow_log(r"Callback registration for signal \d+ ignored")
    srv.start()
    for url in ("/probe", "/embedded"):
        status, _, body = srv.get(url)
        assert status == 200, body
        got = json.loads(body)
        assert os.path.join(srv.root, "extra-path") in got["path"], got
        assert got["optimize"] == 2, got
        assert got["filters"] == [["error", "ResourceWarning"],
                                  ["ignore", "DeprecationWarning"]], got
        assert got["dont_write_bytecode"] is True, got
        assert got["eggs"] == os.path.join(srv.root, "scratch/eggs"), got
        assert "sys.stdin access restricted" in got["stdin"], got
        assert "sys.stdout access restricted" in got["stdout"], got
        assert got["signal_returned_handler"], got
        assert got["sigusr1_still_default"], got
    # PYTHONHASHSEED=123: the same str hash as a python3 run with it
    import subprocess
    want = subprocess.run(
        ["/usr/bin/python3", "-c", "print(hash('mod_wsgi'))"],
        env={"PYTHONHASHSEED": "123"}, stdout=subprocess.PIPE,
        universal_newlines=True).stdout.strip()
    assert got["hash"] == int(want), got


def test_group_own_python_path_wins_over_wsgipythonpath(httpd):
    srv = httpd(PYTHON_GLOBALS + MOUNT
                + "WSGIDaemonProcess own user=%s python-path=@ROOT@/own "
                "python-eggs=@ROOT@/scratch/own-eggs\n" % USER_A
                + "WSGIScriptAlias /probe @APPS@/probe.wsgi "
                "process-group=own\n", start=False)
    _probe(srv)
    os.makedirs(os.path.join(srv.root, "own"), mode=0o755)
    srv.allow_log(r"Callback registration for signal \d+ ignored")
    srv.start()
    got = json.loads(srv.get("/probe")[2])
    assert os.path.join(srv.root, "own") in got["path"], got
    assert os.path.join(srv.root, "extra-path") not in got["path"], got
    assert got["eggs"] == os.path.join(srv.root, "scratch/own-eggs"), got


def test_without_restrict_signal_off_app_handler_is_installed(httpd):
    """Control: WSGIRestrictSignal Off gives the app Python's own
    signal.signal (which, from a request thread, raises ValueError)."""
    srv = httpd("WSGIRestrictSignal Off\n" + MOUNT
                + "WSGIScriptAlias /probe @APPS@/probe.wsgi "
                "process-group=g\n", start=False)
    _probe(srv)
    srv.start()
    status, _, body = srv.get("/probe")
    assert status == 500, body
    srv.allow_log(r"ValueError|signal only works in main thread|GW0")


def test_dump_wsgi_says_where_each_setting_came_from(httpd):
    srv = httpd(PYTHON_GLOBALS + MOUNT
                + "WSGIDaemonProcess own user=%s python-path=/srv/own\n"
                % USER_A, start=False)
    os.makedirs(os.path.join(srv.root, "extra-path"), mode=0o755)
    import subprocess
    from conftest import APACHE
    out = subprocess.run([APACHE, "-t", "-D", "DUMP_WSGI", "-f",
                          srv.conf_path], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True,
                         env=srv.env()).stdout
    g_sec = out.split("  g (")[1].split("\n  own (")[0]
    own_sec = out.split("\n  own (")[1]
    assert ("python-path=%s/extra-path (global WSGIPythonPath at "
            % srv.root) in g_sec, out
    assert "python-path=/srv/own (set)" in own_sec, out
    assert "threads=1 (set)" in g_sec and "threads=15 (default)" in own_sec
    assert "WSGIPythonOptimize 2 (%s:" % srv.conf_path in out, out
    assert "WSGIRestrictStdin On" in out, out


# ---- WSGIDaemonProcess options ----------------------------------------------

def test_supplementary_groups_are_the_daemons_groups(httpd, test_users):
    from conftest import USER_B, proc_status
    srv = httpd("WSGIDaemonProcess s user=%s processes=1 "
                "supplementary-groups=gwtest-extra\n"
                "WSGIDaemonProcess plain user=%s processes=1\n"
                "WSGIScriptAlias /s @APPS@/hello.wsgi process-group=s\n"
                "WSGIScriptAlias /plain @APPS@/hello.wsgi "
                "process-group=plain\n" % (USER_B, USER_B))
    assert srv.get("/s")[0] == 200 and srv.get("/plain")[0] == 200
    extra = test_users["extra_gid"]
    groups = {}
    for pid in srv.daemon_pids(USER_B):
        status = proc_status(pid)
        gl = [int(x) for x in status["Groups"].split()]
        groups.setdefault(extra in gl, []).append(gl)
    assert True in groups and False in groups, groups


def test_stack_size_and_cpu_priority_apply(httpd):
    from conftest import USER_B
    srv = httpd("WSGIDaemonProcess t user=%s processes=1 "
                "stack-size=524288 cpu-priority=5\n"
                "WSGIScriptAlias /t @APPS@/hello.wsgi process-group=t\n"
                % USER_B)
    assert srv.get("/t")[0] == 200
    pids = srv.daemon_pids(USER_B)
    assert pids
    for pid in pids:
        with open("/proc/%d/limits" % pid) as f:
            line = [l for l in f if l.startswith("Max stack size")][0]
        assert line.split()[3] == "524288", line
        with open("/proc/%d/stat" % pid) as f:
            nice = int(f.read().rsplit(")", 1)[1].split()[16])
        assert nice == 5, nice


def test_noted_options_load_with_a_notice_each(httpd):
    opts = ("eviction-timeout=10 send-buffer-size=65536 "
            "receive-buffer-size=65536 response-buffer-size=1048576 "
            "response-socket-timeout=60 server-metrics=On "
            "socket-timeout=2147483647")
    srv = httpd("WSGIDaemonProcess n user=%s %s\n"
                "WSGIScriptAlias /n @APPS@/hello.wsgi process-group=n\n"
                % (USER_A, opts), start=False)
    rc, out = srv.configtest()
    assert rc == 0, out
    for o in opts.split()[:-1]:
        assert out.count("option %s accepted" % o) == 0
        assert len([l for l in out.splitlines() if "GW00100" in l
                    and "option %s " % o in l]) == 1, (o, out)
    srv.start()
    assert srv.get("/n")[0] == 200


def _script_owner_config(srv, options):
    srv.write_config("WSGIDaemonProcess x user=%s %s\n" % (USER_A, options)
                     + "WSGIScriptAlias /x @APPS@/hello.wsgi "
                     "process-group=x\n")
    return srv.configtest()


def test_script_user_and_script_group_take_a_name_or_an_id(httpd):
    """As mod_wsgi: a name or #id, root included (script-user=root: scripts
    only root may change); what does not exist stops Apache, saying so."""
    srv = httpd(start=False)
    for ok in ("script-user=root", "script-user=#0",
               "script-user=%s" % USER_B, "script-group=%s" % USER_B,
               "script-group=#0"):
        rc, out = _script_owner_config(srv, ok)
        assert rc == 0, (ok, out)
    for bad, kind in (("script-user=gwtest-nosuch", "user"),
                      ("script-group=gwtest-nosuch", "group"),
                      ("script-user=#4000000000", "user"),
                      ("script-user=#12ab", "user"),
                      ("script-group=#", "group")):
        rc, out = _script_owner_config(srv, bad)
        assert rc != 0, (bad, out)
        assert ("GW00110: WSGIDaemonProcess x: %s: no such %s" % (bad, kind)
                in out), (bad, out)


def test_script_user_with_script_group_is_refused_as_mod_wsgi(httpd):
    srv = httpd(start=False)
    for both in ("script-user=%s script-group=%s" % (USER_B, USER_B),
                 "script-group=%s script-user=%s" % (USER_B, USER_B)):
        rc, out = _script_owner_config(srv, both)
        assert rc != 0, out
        assert ("GW00111: WSGIDaemonProcess x: script-user= and "
                "script-group= together" in out), out


def test_script_user_and_group_are_in_dump_wsgi(httpd):
    import subprocess
    from conftest import APACHE
    srv = httpd("WSGIDaemonProcess u user=%s script-user=#0\n"
                "WSGIDaemonProcess g user=%s script-group=%s\n"
                % (USER_A, USER_A, USER_B), start=False)
    out = subprocess.run([APACHE, "-t", "-D", "DUMP_WSGI", "-f",
                          srv.conf_path], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True,
                         env=srv.env()).stdout
    u_sec = out.split("\n  u (")[1].split("\n  g (")[0]
    g_sec = out.split("\n  g (")[1]
    assert "script-user=root (set)" in u_sec, out
    assert "script-group=(none) (default)" in u_sec, out
    assert "script-group=%s (set)" % USER_B in g_sec, out
    assert "script-user=(none) (default)" in g_sec, out


def test_application_group_forms_as_mod_wsgi_reviewboard(httpd):
    """reviewboard's application-group=%{GROUP} on WSGIImportScript and
    the mount: mod_wsgi takes an unknown form literally, so both name one
    interpreter, the one the import script loaded into."""
    srv = httpd("WSGIDaemonProcess rb user=%s processes=1 threads=2 "
                "display-name=%%{GROUP}\n"
                "WSGIScriptAlias /rb @APPS@/preloaded.wsgi process-group=rb "
                "application-group=%%{GROUP}\n"
                "WSGIImportScript @APPS@/preload.wsgi process-group=rb "
                "application-group=%%{GROUP}\n"
                "WSGIScriptAlias /other @APPS@/preloaded.wsgi "
                "process-group=rb application-group=%%{HOST}\n" % USER_A,
                start=False)
    marker = os.path.join(srv.apps, "preload.marker")
    open(marker, "w").close()
    os.chmod(marker, 0o666)
    srv.start()
    status, _, body = srv.get("/rb")
    assert status == 200, body
    got = json.loads(body)
    assert got["preloaded_by"] == got["pid"], got
    status, _, body = srv.get("/other")
    assert status == 200, body
    assert json.loads(body)["preloaded_by"] is None


def test_script_reloading_in_a_directory_section_like_koji_hub(httpd):
    """koji-hub writes WSGIScriptReloading Off inside <Directory>; mod_wsgi
    allows it there (OR_FILEINFO), and here it turns reloading off for the
    daemons: a changed script is not reloaded."""
    srv = httpd(MOUNT.replace("hello.wsgi", "counter.wsgi")
                + "<Directory @APPS@>\nWSGIScriptReloading Off\n"
                "</Directory>\n")
    first = srv.get("/hello")
    assert first[0] == 200, first
    path = os.path.join(srv.apps, "counter.wsgi")
    st = os.stat(path)
    os.utime(path, (st.st_atime + 10, st.st_mtime + 10))
    second = srv.get("/hello")
    assert second[0] == 200
    # the same process and interpreter: its counter went on
    assert json.loads(second[2])["calls"] == 2, (first, second)


def test_script_reloading_default_reloads_a_changed_script(httpd):
    """Control for the test above: without the directive the changed
    script is loaded afresh (its counter starts again)."""
    srv = httpd(MOUNT.replace("hello.wsgi", "counter.wsgi"))
    assert srv.get("/hello")[0] == 200
    path = os.path.join(srv.apps, "counter.wsgi")
    st = os.stat(path)
    os.utime(path, (st.st_atime + 10, st.st_mtime + 10))
    srv.allow_log(r".")
    for _ in range(50):
        status, _, body = srv.get("/hello")
        if status == 200 and json.loads(body)["calls"] == 1:
            return
    raise AssertionError("the changed script was never reloaded")


def test_bad_wsgipythonhome_is_reported_for_each_group_naming_it(httpd):
    srv = httpd("WSGIPythonHome @ROOT@/no-such-venv\n" + MOUNT, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00109: WSGIDaemonProcess g has no python-home= of its own: " \
           "it takes WSGIPythonHome %s/no-such-venv" % srv.root in out, out
    assert "GW00056" in out, out


def _venv(root):
    import subprocess
    venv = os.path.join(root, "venv")
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", venv],
                   check=True)
    for dirpath, _dirs, files in os.walk(venv):
        os.chmod(dirpath, 0o755)
        for n in files:
            p = os.path.join(dirpath, n)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | 0o444)
    return venv


def test_wsgipythonhome_is_the_prefix_of_groups_without_their_own(httpd):
    """devstack-horizon's WSGIPythonHome: sys.prefix of a named group and
    of the implicit group is the venv; a group with python-home= keeps
    its own."""
    srv = httpd("", start=False)
    venv = _venv(srv.root)
    srv.write_config("WSGIPythonHome %s\n" % venv + MOUNT
                     + "WSGIDaemonProcess own user=%s python-home=/usr\n"
                     % USER_A
                     + "WSGIScriptAlias /v @APPS@/venv.wsgi process-group=g\n"
                     "WSGIScriptAlias /implicit @APPS@/venv.wsgi\n"
                     "WSGIScriptAlias /own @APPS@/venv.wsgi "
                     "process-group=own\n")
    srv.start()
    for url, prefix in (("/v", venv), ("/implicit", venv), ("/own", "/usr")):
        status, _, body = srv.get(url)
        assert status == 200, body
        assert json.loads(body)["prefix"] == prefix, (url, body)
