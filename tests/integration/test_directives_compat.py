"""mod_wsgi 4.9.4's configuration as a sysadmin has it: the guards that
load mod_wsgi when the WSGI module is absent see mod_gateway as that
module; every mod_wsgi directive and WSGIDaemonProcess option loads, with
its daemon-mode meaning (docs/migrating-from-mod_wsgi.md has the table)."""

import json
import os

from conftest import APACHE_MODULES, MODULE_SO, USER_A

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
