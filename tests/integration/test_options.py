"""Configuration options as an administrator sees them work: umask=, and
the mod_wsgi options mod_gateway cannot honour yet (refused, never
silently ignored).  socket-user= is in test_security.py, with the
socket's other properties; WSGICallableObject / callable-object= in
test_semantics.py."""

import json
import os
import urllib.parse

import pytest

from conftest import USER_A


def _harness_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("option", ["script-user=%s" % USER_A,
                                    "script-group=%s" % USER_A])
def test_unavailable_mod_wsgi_option_is_a_config_error_naming_it(
        httpd, option):
    """A real mod_wsgi option whose check mod_gateway lacks (script-user=,
    script-group=: module/gw_options.c): configtest fails and says which
    option and why, rather than let Apache run scripts of any owner.
    Every other mod_wsgi option loads (test_directives_compat.py)."""
    name = option.split("=")[0]
    srv = httpd("WSGIDaemonProcess x user=%s processes=1 %s\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=x\n"
                % (USER_A, option), start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00106" in out, out
    assert "%s= is not available yet" % name in out, out
    # Positive control: the same line without the option is accepted.
    srv.write_config("WSGIDaemonProcess x user=%s processes=1\n"
                     "WSGIScriptAlias /hello @APPS@/hello.wsgi "
                     "process-group=x\n" % USER_A)
    rc, out = srv.configtest()
    assert rc == 0, out


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
