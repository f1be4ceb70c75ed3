"""Configuration options as an administrator sees them work: umask=,
script-user= and script-group= (whose configuration errors are in
test_directives_compat.py), the timeouts' range.  socket-user= is in
test_security.py, with the socket's other properties;
WSGICallableObject / callable-object= in test_semantics.py."""

import json
import os
import re
import shutil
import urllib.parse

import pytest

from conftest import USER_A, USER_B, USER_C


def _harness_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---- script-user= and script-group= ----------------------------------------

# Each script notes its import and its calls in <root>/scratch/marker.log,
# so a test can tell which ones the daemon ever ran.
OWNED_APP = """from wsgiref.validate import validator

with open(%(log)r, 'a') as f:
    f.write('import %(name)s\\n')


def _app(environ, start_response):
    with open(%(log)r, 'a') as f:
        f.write('call %(name)s\\n')
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'%(name)s']


application = validator(_app)
"""


def _owned_scripts(srv, test_users):
    """<root>/apps/owned/ (gwtest-b's, 0755) holding good.wsgi,
    gwtest-b's, and bad.wsgi, gwtest-c's (each user's own group too)."""
    b, c = test_users["b"], test_users["c"]
    d = os.path.join(srv.apps, "owned")
    os.mkdir(d)
    os.chmod(d, 0o755)
    os.chown(d, b.pw_uid, b.pw_gid)
    log = os.path.join(srv.scratch, "marker.log")
    for name, who in (("good", b), ("bad", c)):
        path = os.path.join(d, name + ".wsgi")
        with open(path, "w") as f:
            f.write(OWNED_APP % {"log": log, "name": name})
        os.chmod(path, 0o644)
        os.chown(path, who.pw_uid, who.pw_gid)
    return d


def _marker(srv):
    """What the scripts noted: ["import good", "call good", ...]."""
    path = os.path.join(srv.scratch, "marker.log")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


@pytest.mark.parametrize("option", ["script-user", "script-group"])
def test_script_user_serves_its_owners_script_and_refuses_another(
        httpd, test_users, option):
    """script-user=gwtest-b (script-group=gwtest-b alike): gwtest-b's
    script is served; gwtest-c's, in the same directory and mounted the
    same way, gets Apache's 403, is never run, and the log says whose it
    is and whose it should be.  The daemon judges the file it opened
    (daemon/gw_scriptowner.h), on every request: a script given to
    another owner after it was loaded is refused from then on."""
    b, c = test_users["b"], test_users["c"]
    srv = httpd("WSGIDaemonProcess so user=%s processes=1 threads=2 %s=%s\n"
                "WSGIScriptAlias /good @APPS@/owned/good.wsgi "
                "process-group=so\n"
                "WSGIScriptAlias /bad @APPS@/owned/bad.wsgi "
                "process-group=so\n" % (USER_A, option, USER_B), start=False)
    d = _owned_scripts(srv, test_users)
    srv.start()
    st, _, body = srv.get("/good")
    assert (st, body) == (200, b"good"), body
    st, _, body = srv.get("/bad")
    assert st == 403, body
    assert b"Forbidden" in body and b"bad" not in body, body
    bad = re.escape(os.path.join(d, "bad.wsgi"))
    if option == "script-user":
        why = (r"WSGI script %s is owned by user %s \(uid %d\), not by "
               r"script-user=%s \(uid %d\)" % (bad, USER_C, c.pw_uid,
                                               USER_B, b.pw_uid))
    else:
        why = (r"WSGI script %s has group %s \(gid %d\), not "
               r"script-group=%s \(gid %d\)" % (bad, USER_C, c.pw_gid,
                                                USER_B, b.pw_gid))
    srv.expect_log(r"GW03080: %s \(request /bad\): refused, answering 403"
                   % why)
    srv.expect_log(r"GW01039: daemon process \d+ of group 'so' refused to "
                   r"run the request's script: %s; answering 403" % why)
    # Only good.wsgi was ever imported and called.
    assert _marker(srv) == ["import good", "call good"]

    # Loaded already, and now another user's: refused all the same.
    os.chown(os.path.join(d, "good.wsgi"), c.pw_uid, c.pw_gid)
    st, _, _ = srv.get("/good")
    assert st == 403
    srv.expect_log(r"GW03080: WSGI script %s/good.wsgi (is owned by user|"
                   r"has group) %s " % (re.escape(d), USER_C))
    srv.expect_log(r"GW01039: .*good.wsgi")
    # Positive control: given back, it is served again.
    os.chown(os.path.join(d, "good.wsgi"), b.pw_uid, b.pw_gid)
    assert srv.get("/good")[:3:2] == (200, b"good")


def test_script_user_refuses_a_script_or_directory_others_may_change(
        httpd, test_users):
    """mod_wsgi's rules beyond the owner: under script-user= neither the
    script nor its directory may be writable by the group or by others
    (anyone could swap the file); script-group= lets its group write."""
    srv = httpd("WSGIDaemonProcess u user=%s processes=1 script-user=%s\n"
                "WSGIDaemonProcess g user=%s processes=1 script-group=%s\n"
                "WSGIScriptAlias /u @APPS@/owned/good.wsgi process-group=u\n"
                "WSGIScriptAlias /g @APPS@/owned/good.wsgi process-group=g\n"
                % (USER_A, USER_B, USER_A, USER_B), start=False)
    d = _owned_scripts(srv, test_users)
    good = os.path.join(d, "good.wsgi")
    srv.start()
    ed, egood = re.escape(d), re.escape(good)
    os.chmod(good, 0o664)
    assert srv.get("/u")[0] == 403
    srv.expect_log(r"GW03080: WSGI script %s is writable by its group "
                   r"\(mode 0664\): script-user=%s wants no one else able "
                   r"to change it" % (egood, USER_B))
    assert srv.get("/g")[:3:2] == (200, b"good")
    os.chmod(good, 0o644)
    os.chmod(d, 0o757)
    for mount, opt in (("/u", "script-user"), ("/g", "script-group")):
        assert srv.get(mount)[0] == 403, mount
        srv.expect_log(r"GW03080: the directory %s of WSGI script %s is "
                       r"writable by anyone \(mode 0757\), which %s= does "
                       r"not allow \(request %s\)" % (ed, egood, opt,
                                                        mount))
    srv.allow_log(r"GW01039: ")
    os.chmod(d, 0o755)
    assert srv.get("/u")[:3:2] == (200, b"good")


def test_script_user_holds_for_wsgi_import_script_too(httpd, test_users):
    """Stricter than mod_wsgi, which checks requests only: a
    WSGIImportScript of another owner is not imported at start (and a
    request for it would be refused)."""
    srv = httpd("WSGIDaemonProcess i user=%s processes=1 script-user=%s\n"
                "WSGIImportScript @APPS@/owned/bad.wsgi process-group=i "
                "application-group=%%{GLOBAL}\n"
                "WSGIImportScript @APPS@/owned/good.wsgi process-group=i "
                "application-group=%%{GLOBAL}\n"
                "WSGIScriptAlias /good @APPS@/owned/good.wsgi "
                "process-group=i application-group=%%{GLOBAL}\n"
                % (USER_A, USER_B), start=False)
    d = _owned_scripts(srv, test_users)
    srv.start()
    srv.expect_log(r"GW03080: WSGI script %s/bad.wsgi is owned by user %s .*"
                   r"\(request \(WSGIImportScript at start\)\): refused"
                   % (re.escape(d), USER_C))
    srv.expect_log(r"GW04071: imported %s/good.wsgi" % re.escape(d))
    assert srv.get("/good")[:3:2] == (200, b"good")
    # good.wsgi imported once (at start) and called; bad.wsgi never.
    assert _marker(srv) == ["import good", "call good"]


def test_umask_applies_to_files_the_application_creates(httpd):
    mask = 0o027 if _harness_umask() != 0o027 else 0o007
    srv = httpd("""
WSGIDaemonProcess um user=%s processes=1 threads=1 umask=%04o
WSGIDaemonProcess plain user=%s processes=1 threads=1
WSGIScriptAlias /um @APPS@/mkfile.wsgi process-group=um application-group=%%{GLOBAL}
WSGIScriptAlias /plain @APPS@/mkfile.wsgi process-group=plain application-group=%%{GLOBAL}
""" % (USER_A, mask, USER_A))
    q = urllib.parse.quote

    def make(mount, tag):
        f = os.path.join(srv.scratch, tag + ".txt")
        d = os.path.join(srv.scratch, tag + ".d")
        st, _, body = srv.get("/%s?file=%s&dir=%s" % (mount, q(f), q(d)))
        assert st == 200, body[:2000]
        r = json.loads(body)
        # what the files on disk have, not only what the app says
        assert os.stat(f).st_mode & 0o777 == r["file"]
        assert os.stat(d).st_mode & 0o777 == r["dir"]
        return r

    r = make("um", "um")
    assert (r["umask"], r["file"], r["dir"]) == \
        (mask, 0o666 & ~mask, 0o777 & ~mask), r
    # Positive control: without umask= the daemon keeps the umask Apache
    # was started with, here the test harness's, so the option is what
    # made the difference above.
    inherited = _harness_umask()
    r = make("plain", "plain")
    assert (r["umask"], r["file"]) == (inherited, 0o666 & ~inherited), r
    assert r["file"] != 0o666 & ~mask


@pytest.mark.parametrize("option", ["graceful-timeout=90000",
                                    "shutdown-timeout=90000",
                                    "socket-timeout=2147483647"])
def test_long_timeouts_apache_takes_the_daemon_takes_too(httpd, option):
    """Up to now Apache took timeouts up to 7 days while the daemon's
    hand-over refused a shutdown-timeout over one day: with
    graceful-timeout=90000 every process exited at start (GW03023).  Now
    an option's range is its hand-over key's (module/gw_options.c), so a
    value configtest takes is one the daemon takes; mod_wsgi's range is
    an int (FreeIPA writes socket-timeout=2147483647)."""
    srv = httpd("WSGIDaemonProcess x user=%s processes=1 %s\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=x\n"
                % (USER_A, option))
    st, _, body = srv.request("GET", "/hello", timeout=30)
    assert st == 200, body
    assert "GW03023" not in srv.error_log()


def test_timeout_beyond_an_int_is_a_config_error_naming_the_range(httpd):
    srv = httpd("WSGIDaemonProcess x user=%s graceful-timeout=2147483648\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=x\n"
                % USER_A, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert ("GW00012: WSGIDaemonProcess: graceful-timeout=2147483648 is not "
            "a whole number from 0 to 2147483647") in out, out
