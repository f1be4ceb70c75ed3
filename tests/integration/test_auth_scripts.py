"""mod_wsgi's auth hooks, run in daemon processes: WSGIAuthUserScript
(AuthBasicProvider / AuthDigestProvider wsgi), WSGIAuthGroupScript
(Require wsgi-group) and WSGIAccessScript, with mod_wsgi 4.9.4's answers.

The hooks live in apps/authhooks.wsgi, which is also the application (as
in Django's documented set-up); each call leaves a JSON line in
<root>/scratch/hooks.log saying who ran it and with what."""

import base64
import json
import os
import pwd
import urllib.request

from conftest import APACHE_MODULES, APACHE_USER, USER_A, USER_B

AUTH_MODULES = "".join(
    "LoadModule %s_module %s/mod_%s.so\n" % (m, APACHE_MODULES, m)
    for m in ("authn_core", "auth_basic", "auth_digest", "authz_user"))

# /app: a mount in group app (gwtest-a); its /app/secret checks the
# password with the script in the request's own group.  /files: static
# files, checked in group hooks (gwtest-b) named by process-group=.
CONFIG = AUTH_MODULES + """
WSGIDaemonProcess app user=%(a)s processes=1 threads=2
WSGIDaemonProcess hooks user=%(b)s processes=1 threads=2
WSGIScriptAlias /app @APPS@/authhooks.wsgi process-group=app

<Location /app/secret>
    AuthType Basic
    AuthName "app"
    AuthBasicProvider wsgi
    WSGIAuthUserScript @APPS@/authhooks.wsgi
    Require valid-user
</Location>

Alias /files @ROOT@/files
<Directory @ROOT@/files>
    Require all granted
</Directory>
<Location /files/secret>
    AuthType Basic
    AuthName "files"
    AuthBasicProvider wsgi
    WSGIAuthUserScript @APPS@/authhooks.wsgi process-group=hooks
    Require valid-user
</Location>
<Location /files/staff>
    AuthType Basic
    AuthName "staff"
    AuthBasicProvider wsgi
    WSGIAuthUserScript @APPS@/authhooks.wsgi process-group=hooks
    WSGIAuthGroupScript @APPS@/authhooks.wsgi process-group=hooks \
application-group=groups
    Require wsgi-group staff wheel
</Location>
<Location /files/digest>
    AuthType Digest
    AuthName "digest realm"
    AuthDigestProvider wsgi
    WSGIAuthUserScript @APPS@/authhooks.wsgi process-group=hooks
    Require valid-user
</Location>
<Location /files/access>
    WSGIAccessScript @APPS@/authhooks.wsgi process-group=hooks
</Location>
""" % {"a": USER_A, "b": USER_B}

FILES = {"secret/f.txt": "the secret file\n",
         "staff/f.txt": "staff only\n",
         "digest/f.txt": "digest file\n",
         "access/allow.txt": "allowed\n", "access/deny.txt": "denied\n",
         "access/defer.txt": "deferred\n", "access/bad.txt": "bad\n",
         "access/boom.txt": "boom\n"}

# mod_auth_basic's and mod_authz_core's own lines for a refused client.
DENIED_LOG = r"\[(auth_basic|authz_core|auth_digest):error\]"


def make_files(srv):
    for name, text in FILES.items():
        path = os.path.join(srv.root, "files", name)
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o644)
    for d in ("files", "files/secret", "files/staff", "files/digest",
              "files/access"):
        os.chmod(os.path.join(srv.root, d), 0o755)
    clear_calls(srv)


def basic(user, password):
    cred = ("%s:%s" % (user, password)).encode("utf-8")
    return {"Authorization": "Basic " + base64.b64encode(cred).decode()}


def hook_calls(srv, hook=None):
    path = os.path.join(srv.scratch, "hooks.log")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        calls = [json.loads(line) for line in f if line.strip()]
    return [c for c in calls if hook is None or c["hook"] == hook]


def clear_calls(srv):
    """Empties hooks.log (made writable by every daemon user)."""
    path = os.path.join(srv.scratch, "hooks.log")
    with open(path, "w"):
        pass
    os.chmod(path, 0o666)


from conftest import shared_server  # noqa: E402

auth_module, auth = shared_server(CONFIG, "auth", "auth",
                                  before_start=make_files)


# ---- WSGIAuthUserScript: check_password --------------------------------

def test_no_credentials_get_401_without_calling_the_script(auth):
    clear_calls(auth)
    st, hd, _ = auth.get("/files/secret/f.txt")
    assert st == 401
    assert hd["WWW-Authenticate"] == 'Basic realm="files"'
    assert hook_calls(auth) == []


def test_right_password_serves_a_protected_static_file(auth):
    clear_calls(auth)
    st, _, body = auth.get("/files/secret/f.txt",
                           headers=basic("alice", "wonderland"))
    assert st == 200, body
    assert body == b"the secret file\n"
    calls = hook_calls(auth, "check_password")
    assert [(c["user"], c["password"]) for c in calls] == \
        [("alice", "wonderland")]


def test_wrong_password_is_401(auth):
    st, _, body = auth.get("/files/secret/f.txt",
                           headers=basic("alice", "nope"))
    assert st == 401
    assert b"the secret file" not in body
    auth.expect_log(DENIED_LOG + r".*alice.*Password Mismatch")


def test_unknown_user_is_401(auth):
    """None from check_password: no such user (AUTH_USER_NOT_FOUND)."""
    st, _, _ = auth.get("/files/secret/f.txt",
                        headers=basic("mallory", "x"))
    assert st == 401
    auth.expect_log(DENIED_LOG + r".*user mallory not found")


def test_right_password_reaches_the_app_with_remote_user(auth):
    st, _, body = auth.get("/app/secret/page",
                           headers=basic("alice", "wonderland"))
    assert st == 200, body
    got = json.loads(body)
    assert got["REMOTE_USER"] == "alice"
    assert got["AUTH_TYPE"] == "Basic"
    st, _, _ = auth.get("/app/secret/page")
    assert st == 401
    # outside the Location the app needs no password
    st, _, body = auth.get("/app/open")
    assert st == 200 and json.loads(body)["REMOTE_USER"] is None


def test_utf8_credentials_reach_the_script_as_str(auth):
    clear_calls(auth)
    st, _, body = auth.get("/files/secret/f.txt",
                           headers=basic("\u00fcnic\u00f6de", "p\u00e4ss"))
    assert st == 200, body
    call = hook_calls(auth, "check_password")[-1]
    assert call["user"] == "\u00fcnic\u00f6de"
    assert call["password"] == "p\u00e4ss"


def test_a_user_name_returned_becomes_remote_user(auth):
    """mod_wsgi: check_password may return a str, the name to use."""
    st, _, body = auth.get("/app/secret/x", headers=basic("renamed", "x"))
    assert st == 200, body
    assert json.loads(body)["REMOTE_USER"] == "alice"


def test_exception_is_500_with_the_traceback_in_the_log(auth):
    auth.allow_log(r"GW04101: ")        # the traceback's other lines
    st, _, body = auth.get("/files/secret/f.txt", headers=basic("boom", "x"))
    assert st == 500
    assert b"the secret file" not in body
    auth.expect_log(r"GW04100: check_password\(\) of auth script \S+"
                    r"authhooks.wsgi raised an exception")
    auth.expect_log(r"GW04101: .*RuntimeError: check_password exploded")
    auth.expect_log(r"GW01123: check_password\(\) of WSGIAuthUserScript "
                    r"\S+authhooks.wsgi failed in daemon group 'hooks' "
                    r"\(pid \d+\): RuntimeError: check_password exploded")


def test_a_return_value_mod_wsgi_refuses_is_500(auth):
    auth.allow_log(r"GW04101: ")
    auth.allow_log(r"GW01123: ")
    st, _, _ = auth.get("/files/secret/f.txt", headers=basic("badtype", "x"))
    assert st == 500
    auth.expect_log(r"GW04100: check_password\(\) of auth script \S+ "
                    r"returned what it may not")
    auth.expect_log(r"GW04101: .*TypeError: check_password\(\) must return "
                    r"True, False, None or a user name \(str\), not int")


def test_the_check_runs_in_the_group_as_its_user(auth):
    """process-group= names the group; without it, the request's."""
    clear_calls(auth)
    assert auth.get("/files/secret/f.txt",
                    headers=basic("bob", "builder"))[0] == 200
    assert auth.get("/app/secret/y", headers=basic("bob", "builder"))[0] \
        == 200
    files, app = hook_calls(auth, "check_password")
    assert files["uid"] == pwd.getpwnam(USER_B).pw_uid
    assert files["pid"] in auth.daemon_pids(USER_B)
    assert files["process_group"] == "hooks"
    assert app["uid"] == pwd.getpwnam(USER_A).pw_uid
    assert app["pid"] in auth.daemon_pids(USER_A)
    assert app["process_group"] == "app"
    # mod_wsgi's default interpreter for an auth script: %{GLOBAL}
    assert files["application_group"] == app["application_group"] == ""


def test_environ_is_the_requests_without_credentials(auth):
    clear_calls(auth)
    st, _, _ = auth.get("/files/secret/f.txt?q=1",
                        headers=dict(basic("alice", "wonderland"),
                                     **{"X-Probe": "yes"}))
    assert st == 200
    call = hook_calls(auth, "check_password")[-1]
    env = call["environ"]
    assert env["REQUEST_METHOD"] == "GET"
    assert env["REQUEST_URI"] == "/files/secret/f.txt?q=1"
    assert env["QUERY_STRING"] == "q=1"
    assert env["SCRIPT_NAME"] == "/files/secret/f.txt"
    assert env["PATH_INFO"] == ""
    assert env["HTTP_X_PROBE"] == "yes"
    assert env["REMOTE_ADDR"] == "127.0.0.1"
    assert call["errors"] is True
    # the password is an argument, never in environ
    assert "HTTP_AUTHORIZATION" not in env
    assert "REMOTE_USER" not in env
    assert not [k for k in env if k.startswith("gateway.")]
    assert not [k for k, v in env.items() if "wonderland" in v]


# ---- AuthDigestProvider wsgi: get_realm_hash ----------------------------

def test_digest_auth_uses_get_realm_hash(auth):
    clear_calls(auth)
    url = "http://127.0.0.1:%d/files/digest/f.txt" % auth.port
    pw = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    pw.add_password(None, url, "alice", "wonderland")
    opener = urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(pw))
    with opener.open(url, timeout=30) as resp:
        assert resp.status == 200
        assert resp.read() == b"digest file\n"
    call = hook_calls(auth, "get_realm_hash")[-1]
    assert (call["user"], call["realm"]) == ("alice", "digest realm")
    assert call["uid"] == pwd.getpwnam(USER_B).pw_uid


# ---- WSGIAuthGroupScript: Require wsgi-group ----------------------------

def test_require_wsgi_group_admits_a_member(auth):
    clear_calls(auth)
    st, _, body = auth.get("/files/staff/f.txt",
                           headers=basic("alice", "wonderland"))
    assert st == 200, body
    assert body == b"staff only\n"
    call = hook_calls(auth, "groups_for_user")[-1]
    assert call["user"] == "alice"
    assert call["application_group"] == "groups"
    assert call["uid"] == pwd.getpwnam(USER_B).pw_uid


def test_require_wsgi_group_refuses_others(auth):
    auth.allow_log(DENIED_LOG)
    st, _, body = auth.get("/files/staff/f.txt",
                           headers=basic("bob", "builder"))
    assert st == 401
    assert b"staff only" not in body
    auth.expect_log(r"GW01128: user 'bob' may not access /files/staff/f.txt"
                    r": groups_for_user\(\) of \S+ names none of the groups "
                    r"Require wsgi-group staff wheel asks for")


# ---- WSGIAccessScript: allow_access -------------------------------------

def test_access_script_allows_refuses_and_defers(auth):
    clear_calls(auth)
    assert auth.get("/files/access/allow.txt")[0] == 200
    st, _, body = auth.get("/files/access/deny.txt")
    assert st == 403 and b"denied" not in body
    # None: no opinion, the Require lines decide (all granted here)
    st, _, body = auth.get("/files/access/defer.txt")
    assert st == 200 and body == b"deferred\n"
    calls = hook_calls(auth, "allow_access")
    assert [c["host"] for c in calls] == ["127.0.0.1"] * 3
    assert {c["uid"] for c in calls} == {pwd.getpwnam(USER_B).pw_uid}
    auth.expect_log(r"GW01129: client 127.0.0.1 denied access to "
                    r"/files/access/deny.txt by allow_access\(\)")


def test_access_script_failures_refuse(auth):
    """mod_wsgi refuses (403) when allow_access raises or returns
    something else than True, False or None."""
    auth.allow_log(r"GW04101: ")
    auth.allow_log(r"GW04100: |GW01123: ")
    assert auth.get("/files/access/boom.txt")[0] == 403
    assert auth.get("/files/access/bad.txt")[0] == 403
    auth.expect_log(r"GW04101: .*RuntimeError: allow_access exploded")
    auth.expect_log(r"GW04101: .*TypeError: allow_access\(\) must return "
                    r"True, False or None, not int")


# ---- what a daemon answers is checked ----------------------------------

def test_malformed_answers_are_500_and_never_granted(httpd):
    """A daemon runs application code: an answer that is not one of the
    hook's, an item or a byte after True, a name with CR LF, a WSGI response instead of an
    answer, or a second answer is an error (500), never a grant."""
    srv = httpd(AUTH_MODULES + """
WSGIDaemonProcess raw user=%s processes=1 threads=1
Alias /files @ROOT@/files
<Directory @ROOT@/files>
    Require all granted
</Directory>
<Location /files/secret>
    AuthType Basic
    AuthName "raw"
    AuthBasicProvider wsgi
    WSGIAuthUserScript @APPS@/rawanswer.wsgi process-group=raw
    Require valid-user
</Location>
""" % USER_A, start=False)
    make_files(srv)
    srv.start()
    for user, why in (("stray", "bad type"), ("cut", "truncated input"),
                      ("list", "bad type"),
                      ("ctl", "invalid character"),
                      ("unknown", "bad type")):
        st, _, body = srv.get("/files/secret/f.txt", headers=basic(user, "x"))
        assert st == 500, (user, st, body)
        srv.expect_log(r"GW01121: daemon process \d+ of group 'raw' "
                       r"answered the check_password\(\) call of "
                       r"WSGIAuthUserScript \S+ with a malformed answer "
                       r"\(%s" % why)
    for user in ("headers", "twice"):
        st, _, body = srv.get("/files/secret/f.txt", headers=basic(user, "x"))
        assert st == 500, (user, st, body)
    srv.expect_log(r"GW01122: daemon process \d+ of group 'raw' broke off "
                   r"the check_password\(\) call of WSGIAuthUserScript \S+: "
                   r"frame type 1 out of place")
    srv.expect_log(r"GW01122: .*frame type 10 out of place")
    # the group still answers properly afterwards: no link that carried a
    # broken answer was kept
    for _ in range(3):
        st, _, body = srv.get("/files/secret/f.txt",
                              headers=basic("fine", "x"))
        assert st == 200 and body == b"the secret file\n", (st, body)


# ---- where a script runs, when nothing names a group -------------------

def test_without_any_group_the_check_runs_in_the_implicit_group(httpd):
    """Static files behind an auth script, no WSGIDaemonProcess and no
    mount (mod_wsgi ran the script in the Apache child): it runs in the
    main server's implicit group, as Apache's User."""
    srv = httpd(AUTH_MODULES + """
Alias /files @ROOT@/files
<Directory @ROOT@/files>
    Require all granted
</Directory>
<Location /files/secret>
    AuthType Basic
    AuthName "files"
    AuthBasicProvider wsgi
    WSGIAuthUserScript @APPS@/authhooks.wsgi
    Require valid-user
</Location>
""", start=False)
    make_files(srv)
    srv.start()
    st, _, body = srv.get("/files/secret/f.txt",
                          headers=basic("alice", "wonderland"))
    assert st == 200, body
    call = hook_calls(srv, "check_password")[-1]
    assert call["uid"] == pwd.getpwnam(APACHE_USER).pw_uid
    assert call["pid"] in srv.daemon_pids(APACHE_USER)
    assert call["process_group"].startswith("default:")
    assert srv.get("/files/secret/f.txt", headers=basic("alice", "no"))[0] \
        == 401
    srv.expect_log(DENIED_LOG + r".*Password Mismatch")


def test_htaccess_scripts_run_only_where_the_configuration_delegates(httpd):
    """.htaccess (AllowOverride AuthConfig) may name an auth script, but
    only the configuration files delegate scripts to a group: one named
    only there is refused by the daemon (500), and one without a group
    where no group serves the URL gets 500 saying what to add."""
    srv = httpd(AUTH_MODULES + """
WSGIDaemonProcess app user=%s processes=1 threads=1
WSGIScriptAlias /app @APPS@/hello.wsgi process-group=app
Alias /files @ROOT@/files
<Directory @ROOT@/files>
    AllowOverride AuthConfig
    Require all granted
</Directory>
""" % USER_A, start=False)
    make_files(srv)
    for d, line in (("secret", "WSGIAuthUserScript @APPS@/authhooks.wsgi "
                                "process-group=app"),
                    ("staff", "WSGIAuthUserScript @APPS@/authhooks.wsgi")):
        with open(os.path.join(srv.root, "files", d, ".htaccess"), "w") as f:
            f.write(srv.subst('AuthType Basic\nAuthName "h"\n'
                              'AuthBasicProvider wsgi\n%s\n'
                              'Require valid-user\n' % line))
        os.chmod(os.path.join(srv.root, "files", d, ".htaccess"), 0o644)
    srv.start()
    assert srv.get("/files/secret/f.txt",
                   headers=basic("alice", "wonderland"))[0] == 500
    srv.expect_log(r"GW03027: refused request /files/secret/f.txt: script "
                   r"\S+/authhooks.wsgi was not delegated to this group")
    srv.expect_log(r"GW01123: check_password\(\) of WSGIAuthUserScript "
                   r"\S+ failed in daemon group 'app'")
    assert srv.get("/files/staff/f.txt",
                   headers=basic("alice", "wonderland"))[0] == 500
    srv.expect_log(r"GW01120: no daemon group runs WSGIAuthUserScript \S+"
                   r"/authhooks.wsgi \(at \S+\.htaccess:\d+\) for "
                   r"/files/staff/f.txt: give it process-group=G")
    assert hook_calls(srv) == []
