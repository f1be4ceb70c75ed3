"""mod_wsgi's WSGIDispatchScript, run in daemon processes: its
process_group(), application_group() and callable_object() choose, per
request, the daemon group, the interpreter and the callable of a WSGI
request, with mod_wsgi 4.9.4's rules; what they answer comes from a
process that runs application code, so only a group the virtual host may
use is ever taken, and a broken answer never routes a request.

The script is apps/dispatch.wsgi (its answers chosen by the first segment
of PATH_INFO; every call leaves a JSON line in <root>/scratch/
dispatch.log), the application apps/dispatched.wsgi (it says which
callable, group, interpreter and user served it).  The shared
configuration is one mod_wsgi loads too: GWTEST_REFERENCE=mod_wsgi runs
the tests that do not look at mod_gateway's own log lines or options
against mod_wsgi itself, and test_same_choices_as_mod_wsgi_side_by_side
compares the two in one run."""

import json
import os
import pwd

import pytest

from conftest import (APACHE_MODULES, APACHE_USER, REFERENCE, USER_A,
                      USER_B, shared_server)

ours_only = pytest.mark.skipif(REFERENCE != "", reason="mod_gateway's log "
                               "lines, options or daemon-mode meaning")

# /d: a mount in group ga (gwtest-a) whose dispatch script may send it to
# gb (gwtest-b), or leave it.  /e: a mount in the server's implicit group
# (Apache's User).  /plain: the same application, no dispatch script.
# /broken: a dispatch script with a syntax error.  (home=/: the test users
# have no home directory, and mod_wsgi refuses to start a group without.)
GROUPS = """
WSGIDaemonProcess ga user=%(a)s home=/ processes=1 threads=2
WSGIDaemonProcess gb user=%(b)s home=/ processes=1 threads=2
""" % {"a": USER_A, "b": USER_B}
CONFIG = GROUPS + """
WSGIScriptAlias /d @APPS@/dispatched.wsgi process-group=ga
WSGIScriptAlias /e @APPS@/dispatched.wsgi
WSGIScriptAlias /plain @APPS@/dispatched.wsgi process-group=ga
WSGIScriptAlias /broken @APPS@/dispatched.wsgi process-group=ga
<Location /d>
    WSGIDispatchScript @APPS@/dispatch.wsgi
</Location>
<Location /e>
    WSGIDispatchScript @APPS@/dispatch.wsgi application-group=disp
</Location>
<Location /broken>
    WSGIDispatchScript @ROOT@/broken/dispatch.wsgi
</Location>
WSGIHandlerScript disp-handler @APPS@/dispatched.wsgi process-group=ga
Alias /pages @ROOT@/pages
<Directory @ROOT@/pages>
    AddHandler disp-handler .thing
    AcceptPathInfo On
    Require all granted
    WSGIDispatchScript @APPS@/dispatch.wsgi
</Directory>
"""


def prepare(srv):
    """dispatch.log, writable by every user the script runs as, a
    dispatch script that cannot be loaded (a syntax error), and a page for
    the handler script."""
    clear_calls(srv)
    os.mkdir(os.path.join(srv.root, "broken"), 0o755)
    path = os.path.join(srv.root, "broken", "dispatch.wsgi")
    with open(path, "w") as f:
        f.write("def process_group(environ)\n    return 'gb'\n")
    os.chmod(path, 0o644)
    os.mkdir(os.path.join(srv.root, "pages"), 0o755)
    with open(os.path.join(srv.root, "pages", "p.thing"), "w") as f:
        f.write("a page\n")
    os.chmod(os.path.join(srv.root, "pages", "p.thing"), 0o644)


def clear_calls(srv):
    path = os.path.join(srv.scratch, "dispatch.log")
    with open(path, "w"):
        pass
    os.chmod(path, 0o666)


def calls(srv):
    path = os.path.join(srv.scratch, "dispatch.log")
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def uid(user):
    return pwd.getpwnam(user).pw_uid


def served(srv, path, **kw):
    st, _, body = srv.request(kw.pop("method", "GET"), path, **kw)
    assert st == 200, (path, st, body)
    return json.loads(body)


dispatch_module, dispatch = shared_server(CONFIG, "dispatch", "dispatch",
                                          before_start=prepare)


# ---- the names choose the group, the interpreter, the callable ---------

def test_process_group_sends_requests_to_the_group_it_names(dispatch):
    a = served(dispatch, "/d/a")
    b = served(dispatch, "/d/b")
    assert (a["uid"], a["process_group"]) == (uid(USER_A), "ga")
    assert (b["uid"], b["process_group"]) == (uid(USER_B), "gb")
    assert a["pid"] in dispatch.daemon_pids(USER_A)
    assert b["pid"] in dispatch.daemon_pids(USER_B)
    # bytes are a name too; from the implicit group's mount alike
    assert served(dispatch, "/d/bytes")["uid"] == uid(USER_B)
    assert served(dispatch, "/e/a")["uid"] == uid(USER_A)
    assert served(dispatch, "/e/b")["uid"] == uid(USER_B)


def test_none_keeps_what_the_configuration_says(dispatch):
    got = served(dispatch, "/d/none")
    plain = served(dispatch, "/plain/none")
    assert (got["uid"], got["process_group"]) == (uid(USER_A), "ga")
    assert got["application_group"] == plain["application_group"].replace(
        "|/plain", "|/d")
    assert got["callable"] == "application"
    implicit = served(dispatch, "/e/none")
    assert implicit["uid"] == uid(APACHE_USER)


def test_application_group_selects_the_interpreter(dispatch):
    assert served(dispatch, "/d/interp")["application_group"] == "special"
    assert served(dispatch, "/d/interp-global")["application_group"] == ""
    # expanded as WSGIApplicationGroup's forms are
    assert served(dispatch, "/d/interp-server")["application_group"] == \
        "127.0.0.1:%d" % dispatch.port
    # one process, two interpreters: the group is the configured one
    assert served(dispatch, "/d/interp")["process_group"] == "ga"


def test_callable_object_selects_the_callable(dispatch):
    got = served(dispatch, "/d/callable")
    assert got["callable"] == "other"
    assert got["callable_object"] == "other"
    assert served(dispatch, "/d/none")["callable"] == "application"


def test_a_handler_scripts_requests_are_dispatched_too(dispatch):
    """mod_wsgi runs the dispatch script for a WSGIHandlerScript as for
    a WSGI script: its callable (handle_request) and group can change."""
    clear_calls(dispatch)
    got = served(dispatch, "/pages/p.thing/none")
    assert (got["callable"], got["uid"]) == ("handle_request", uid(USER_A))
    got = served(dispatch, "/pages/p.thing/b")
    assert (got["callable"], got["uid"]) == ("handle_request", uid(USER_B))
    assert served(dispatch, "/pages/p.thing/callable")["callable"] == "other"
    env = calls(dispatch)[0]["environ"]
    assert env["mod_wsgi.handler_script"].endswith("/dispatched.wsgi")
    assert env["mod_wsgi.request_handler"] == "disp-handler"


def test_the_functions_run_per_request_in_order_sharing_environ(dispatch):
    """mod_wsgi calls all three for every request, in this order, with one
    environ dict; no answer is kept for the next request."""
    clear_calls(dispatch)
    served(dispatch, "/d/a")
    served(dispatch, "/d/b")
    got = [(c["function"], c["uri"]) for c in calls(dispatch)]
    assert got == [(f, u) for u in ("/d/a", "/d/b")
                   for f in ("process_group", "application_group",
                             "callable_object")]
    later = calls(dispatch)[1]
    assert later["environ"]["dispatch.seen"] == "a"


def test_a_changed_script_answers_with_its_new_code(httpd):
    """WSGIScriptReloading (On by default): mod_wsgi reloads the dispatch
    module when its file changes; here the process that loaded it is
    recycled, and the next request is dispatched by the new code."""
    srv = httpd(GROUPS + """
WSGIScriptAlias /d @APPS@/dispatched.wsgi process-group=ga
WSGIDispatchScript @ROOT@/changing.wsgi
""", start=False)
    path = os.path.join(srv.root, "changing.wsgi")

    def write(group):
        with open(path, "w") as f:
            f.write("def process_group(environ):\n    return %r\n" % group)
        os.chmod(path, 0o644)
    write("ga")
    srv.start()
    assert served(srv, "/d/x")["uid"] == uid(USER_A)
    write("gb")
    st = os.stat(path)
    os.utime(path, (st.st_atime, st.st_mtime + 5))
    assert served(srv, "/d/x")["uid"] == uid(USER_B)
    assert served(srv, "/d/x")["uid"] == uid(USER_B)


def test_requests_without_a_dispatch_script_do_not_call_one(dispatch):
    clear_calls(dispatch)
    assert served(dispatch, "/plain/b")["uid"] == uid(USER_A)
    assert calls(dispatch) == []


def test_the_request_body_reaches_the_application_whole(dispatch):
    """The dispatch call carries no body: the request's stays for the
    group it goes to, whatever its framing."""
    clear_calls(dispatch)
    got = served(dispatch, "/d/b", method="POST", body=b"x" * 70000)
    assert got["uid"] == uid(USER_B) and got["body"] == "x" * 70000
    assert calls(dispatch)[0]["environ"]["CONTENT_LENGTH"] == "70000"
    if REFERENCE:
        return                  # WSGIChunkedRequest is Off by default there
    got = served(dispatch, "/d/b", method="POST", body=b"chunked body",
                 chunked=True)
    assert got["body"] == "chunked body"
    assert "CONTENT_LENGTH" not in calls(dispatch)[3]["environ"]


def test_environ_is_mod_wsgis_for_the_dispatch_script(dispatch):
    clear_calls(dispatch)
    served(dispatch, "/d/a/more?q=1", headers={"X-Probe": "yes"})
    call = calls(dispatch)[0]
    env = call["environ"]
    assert env["REQUEST_URI"] == "/d/a/more?q=1"
    assert env["SCRIPT_NAME"] == "/d"
    assert env["PATH_INFO"] == "/a/more"
    assert env["QUERY_STRING"] == "q=1"
    assert env["HTTP_X_PROBE"] == "yes"
    assert env["mod_wsgi.script_name"] == "/d"
    assert env["mod_wsgi.path_info"] == "/a/more"
    assert env["mod_wsgi.request_handler"] == "wsgi-script"
    assert call["errors"] is True
    # no callable yet, and no WSGI input: the functions choose where the
    # request goes, they do not serve it
    assert "mod_wsgi.callable_object" not in call["keys"]
    assert not [k for k in call["keys"]
                if k.startswith("wsgi.") and k != "wsgi.errors"]
    assert not [k for k in call["keys"] if k.startswith("gateway.")]
    # its interpreter: application-group= (mod_wsgi: %{GLOBAL} without)
    assert call["application_group"] == ""
    clear_calls(dispatch)
    served(dispatch, "/e/x")
    assert calls(dispatch)[0]["application_group"] == "disp"


@ours_only
def test_the_script_runs_in_the_requests_group(dispatch):
    """Without process-group= on the directive, in the group the request
    would go to (mod_wsgi: in the Apache child, which runs no Python
    here), as that group's user."""
    clear_calls(dispatch)
    served(dispatch, "/d/b")
    served(dispatch, "/e/a")
    d, e = calls(dispatch)[0], calls(dispatch)[3]
    assert (d["uid"], d["process_group"]) == (uid(USER_A), "ga")
    assert d["pid"] in dispatch.daemon_pids(USER_A)
    assert e["uid"] == uid(APACHE_USER)
    assert e["process_group"].startswith("default:")


@ours_only
def test_global_or_empty_means_the_servers_implicit_group(dispatch):
    """mod_wsgi: embedded mode, the Apache child; here the server's
    implicit group, which runs as Apache's User."""
    assert served(dispatch, "/d/global")["uid"] == uid(APACHE_USER)
    assert served(dispatch, "/d/empty")["uid"] == uid(APACHE_USER)


# ---- what cannot be, fails ----------------------------------------------

def test_an_unknown_group_is_500_and_logged(dispatch):
    clear_calls(dispatch)
    st, _, body = dispatch.get("/d/unknown")
    assert st == 500
    assert b"callable" not in body
    if not REFERENCE:
        dispatch.expect_log(r"GW01016: WSGIDispatchScript \S+/dispatch.wsgi: "
                            r"process_group\(\) 'nosuch' names no "
                            r"WSGIDaemonProcess")
    else:
        dispatch.allow_log(r"No WSGI daemon process called 'nosuch'")


def test_an_exception_is_500_with_the_traceback(dispatch):
    clear_calls(dispatch)
    if REFERENCE:
        dispatch.allow_log(r"mod_wsgi \(pid=\d+|Traceback|File |"
                           r"raise |RuntimeError")
    else:
        dispatch.allow_log(r"GW04111: ")
    st, _, body = dispatch.get("/d/boom")
    assert st == 500
    # mod_wsgi calls none of the others after a failure
    assert [c["function"] for c in calls(dispatch)] == ["process_group"]
    if not REFERENCE:
        dispatch.expect_log(r"GW04110: process_group\(\) of dispatch script "
                            r"\S+/dispatch.wsgi raised an exception \(request "
                            r"/d/boom\); traceback follows")
        dispatch.expect_log(r"GW04111: .*RuntimeError: process_group "
                            r"exploded")
        dispatch.expect_log(r"GW01123: process_group\(\)/application_group"
                            r"\(\)/callable_object\(\) of WSGIDispatchScript "
                            r"\S+/dispatch.wsgi failed in daemon group 'ga' "
                            r"\(pid \d+\): process_group\(\): RuntimeError: "
                            r"process_group exploded")
    clear_calls(dispatch)
    assert dispatch.get("/d/interp-boom")[0] == 500
    assert [c["function"] for c in calls(dispatch)] == ["process_group",
                                                        "application_group"]
    if not REFERENCE:
        dispatch.expect_log(r"GW01123: .* failed in daemon group 'ga' "
                            r"\(pid \d+\): application_group\(\): "
                            r"RuntimeError: application_group exploded")
        dispatch.expect_log(r"GW04110: application_group\(\) of dispatch "
                            r"script \S+ raised an exception")


def test_a_return_value_mod_wsgi_refuses_is_500(dispatch):
    if REFERENCE:
        dispatch.allow_log(r"mod_wsgi \(pid=\d+|TypeError")
    else:
        dispatch.allow_log(r"GW04111: |GW04110: |GW01123: ")
    assert dispatch.get("/d/badtype")[0] == 500
    assert dispatch.get("/d/euro")[0] == 500
    if not REFERENCE:
        dispatch.expect_log(r"GW04111: .*TypeError: process_group\(\) must "
                            r"return None or a name \(str or bytes\), not "
                            r"int")
        dispatch.expect_log(r"GW04111: .*TypeError: process_group\(\) must "
                            r"return a str of latin-1 characters")


@ours_only
def test_a_name_that_is_no_name_is_500(dispatch):
    """Beyond mod_wsgi: a control character or more than 1024 bytes."""
    dispatch.allow_log(r"GW04111: |GW04110: |GW01123: ")
    for key in ("ctl", "long"):
        st, hd, _ = dispatch.get("/d/" + key)
        assert st == 500 and "X-Injected" not in hd
    dispatch.expect_log(r"GW04111: .*ValueError: process_group\(\) must "
                        r"return a name of at most 1024 bytes without a "
                        r"control character")


@ours_only
def test_an_empty_callable_is_500(dispatch):
    st, _, _ = dispatch.get("/d/callable-empty")
    assert st == 500
    dispatch.expect_log(r"GW01132: WSGIDispatchScript \S+/dispatch.wsgi: "
                        r"callable_object\(\) returned an empty name for "
                        r"/d/callable-empty")


def test_a_script_that_cannot_load_keeps_the_configured_values(dispatch):
    """mod_wsgi logs the failure and runs the request where the
    configuration says."""
    if REFERENCE:
        dispatch.allow_log(r"mod_wsgi \(pid=\d+|SyntaxError|File |"
                           r"def process_group|\^")
    else:
        dispatch.allow_log(r"GW04034: |GW04035: ")
    got = served(dispatch, "/broken/b")
    assert (got["uid"], got["process_group"]) == (uid(USER_A), "ga")
    if not REFERENCE:
        dispatch.expect_log(r"GW04114: dispatch script \S+/broken/"
                            r"dispatch.wsgi could not be loaded \(the lines "
                            r"before say why\): request /broken/b runs where "
                            r"the configuration says")


# ---- where the script runs: process-group= (ours) ------------------------

@ours_only
def test_process_group_option_runs_the_script_in_that_group(httpd):
    srv = httpd("""
WSGIDaemonProcess ga user=%s processes=1 threads=2
WSGIDaemonProcess gb user=%s processes=1 threads=2
WSGIScriptAlias /d @APPS@/dispatched.wsgi process-group=ga
WSGIDispatchScript @APPS@/dispatch.wsgi process-group=gb application-group=x
""" % (USER_A, USER_B), start=False)
    clear_calls(srv)
    srv.start()
    assert served(srv, "/d/none")["uid"] == uid(USER_A)
    assert served(srv, "/d/b")["uid"] == uid(USER_B)
    call = calls(srv)[0]
    assert (call["uid"], call["process_group"]) == (uid(USER_B), "gb")
    assert call["application_group"] == "x"
    assert call["pid"] in srv.daemon_pids(USER_B)


# ---- a group the virtual host may not use -------------------------------

@ours_only
def test_a_group_of_another_virtual_host_is_refused(httpd):
    """The rule of WSGIProcessGroup %{ENV:var}: a group defined inside a
    VirtualHost serves only its ServerName; WSGIRestrictProcess holds."""
    srv = httpd("""
<VirtualHost *:@PORT@>
    ServerName one.example
    WSGIDaemonProcess vh user=%(a)s processes=1 threads=2
    WSGIScriptAlias /w @APPS@/dispatched.wsgi process-group=vh
</VirtualHost>
<VirtualHost *:@PORT@>
    ServerName two.example
    WSGIDaemonProcess ga user=%(a)s processes=1 threads=2
    WSGIDaemonProcess gb user=%(b)s processes=1 threads=2
    WSGIScriptAlias /d @APPS@/dispatched.wsgi process-group=ga
    WSGIDispatchScript @APPS@/dispatch.wsgi
    <Location /d/restricted>
        WSGIRestrictProcess ga
    </Location>
</VirtualHost>
""" % {"a": USER_A, "b": USER_B}, start=False)
    clear_calls(srv)
    srv.start()
    two = {"Host": "two.example"}
    assert served(srv, "/d/a", headers=two)["process_group"] == "ga"
    st, _, _ = srv.request("GET", "/d/vhost", headers=two)
    assert st == 500
    srv.expect_log(r"GW01031: process group 'vh' \(defined at \S+:\d+ for "
                   r"ServerName one.example\) may not serve ServerName "
                   r"two.example")
    st, _, _ = srv.request("GET", "/d/restricted", headers=two)
    assert st == 403
    srv.expect_log(r"GW01033: process group 'gb' is not among those "
                   r"WSGIRestrictProcess allows for /d/restricted")


# ---- what a daemon answers is checked -----------------------------------

@ours_only
def test_malformed_answers_are_500_and_never_route(httpd):
    """A daemon runs application code: names with a fourth bit, a bit
    without its name, a stray byte, CR LF in a group name, a name too
    long, an auth hook's answer, a WSGI response instead of an answer, or
    a second answer are an error (500), never a route (each forged
    answer names group ga; the request's own group is raw)."""
    srv = httpd("""
WSGIDaemonProcess raw user=%s processes=1 threads=1
WSGIDaemonProcess ga user=%s processes=1 threads=1
WSGIScriptAlias /r @APPS@/dispatched.wsgi process-group=raw
WSGIDispatchScript @APPS@/rawdispatch.wsgi
""" % (USER_A, USER_B))
    for key, why in (("fourth", "bad type"), ("missing", "bad type"),
                     ("stray", "truncated input"),
                     ("ctl", "invalid character"),
                     ("long", "invalid character"), ("true", "bad type")):
        st, _, body = srv.get("/r/" + key)
        assert st == 500, (key, st, body)
        assert b"callable" not in body
        srv.expect_log(r"GW01121: daemon process \d+ of group 'raw' "
                       r"answered the process_group\(\)/application_group"
                       r"\(\)/callable_object\(\) call of WSGIDispatchScript "
                       r"\S+ with a malformed answer \(%s" % why)
    for key in ("headers", "twice"):
        st, _, body = srv.get("/r/" + key)
        assert st == 500, (key, st, body)
    srv.expect_log(r"GW01122: daemon process \d+ of group 'raw' broke off "
                   r"the process_group\(\)/application_group\(\)/"
                   r"callable_object\(\) call of WSGIDispatchScript \S+: "
                   r"frame type 1 out of place")
    srv.expect_log(r"GW01122: .*frame type 10 out of place")
    # the group still answers properly afterwards: no link that carried a
    # broken answer was kept
    for _ in range(3):
        got = served(srv, "/r/fine")
        assert (got["uid"], got["process_group"]) == (uid(USER_B), "ga")


# ---- side by side with mod_wsgi ------------------------------------------

SIDE_URLS = ("/d/a", "/d/b", "/d/none", "/d/interp", "/d/interp-global",
             "/d/callable", "/d/unknown", "/d/boom", "/d/badtype",
             "/plain/b", "/broken/b", "/pages/p.thing/b",
             "/pages/p.thing/callable")


def choices(srv):
    """What each URL got: the status, and for a 200 the callable, the
    interpreter and the user that served it."""
    out = {}
    for path in SIDE_URLS:
        st, _, body = srv.get(path)
        got = json.loads(body) if st == 200 else {}
        ag = got.get("application_group")
        out[path] = (st, got.get("callable"),
                     ag and ag.replace(str(srv.port), "PORT"), got.get("uid"))
    return out


@ours_only
def test_same_choices_as_mod_wsgi_side_by_side(httpd):
    """The shared configuration under Debian's mod_wsgi 4.9.4 and here:
    the same statuses, callables, interpreters and users for every URL
    (a script that fails to load changing nothing), and the same environ
    keys for the functions but Apache's PATH."""
    if not os.path.exists(os.path.join(APACHE_MODULES, "mod_wsgi.so")):
        pytest.skip("mod_wsgi is not installed")
    ours = httpd(CONFIG, start=False)
    theirs = httpd("LoadModule wsgi_module %s/mod_wsgi.so\n"
                   "WSGISocketPrefix @ROOT@/run/wsgi\n" % APACHE_MODULES
                   + CONFIG, gateway=False, start=False)
    for srv in (ours, theirs):
        prepare(srv)
        srv.start()
        srv.allow_log(r".")         # each logs the failures its own way
    assert choices(ours) == choices(theirs)
    for srv in (ours, theirs):
        clear_calls(srv)
        srv.get("/d/a/x?q=1")
    mine, ref = calls(ours)[0]["keys"], calls(theirs)[0]["keys"]
    # Apache's PATH, which no request here carries (module/gw_handler.c)
    assert set(ref) - set(mine) == {"PATH"}
    assert set(mine) - set(ref) == set()
