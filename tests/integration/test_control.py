"""gateway-ctl, the developer's control point (docs/deployment.md): who
may control a daemon group is the configuration's choice
(WSGIDaemonProcess control-group=, module/gw_options.c)."""

import grp
import os
import pwd
import subprocess

import pytest

from conftest import USER_A, USER_B, _run, ensure_test_users

# The developers' group of the tests, and a developer in it (as a
# supplementary group, as `usermod -aG` makes one) who is neither a
# group's user nor Apache's.
DEPLOY_GROUP = "gwtest-deploy"
DEV_USER = "gwtest-dev"


def ensure_control_users():
    ensure_test_users()
    try:
        grp.getgrnam(DEPLOY_GROUP)
    except KeyError:
        _run(["groupadd", "--system", DEPLOY_GROUP])
    try:
        pwd.getpwnam(DEV_USER)
    except KeyError:
        _run(["useradd", "--system", "--user-group", "--no-create-home",
              "--shell", "/usr/sbin/nologin", DEV_USER])
    if DEV_USER not in grp.getgrnam(DEPLOY_GROUP).gr_mem:
        _run(["usermod", "-aG", DEPLOY_GROUP, DEV_USER])


@pytest.fixture(scope="module")
def control_users(test_users):
    ensure_control_users()
    return {"dev": pwd.getpwnam(DEV_USER),
            "deploy_gid": grp.getgrnam(DEPLOY_GROUP).gr_gid}


# ---- configuration ---------------------------------------------------------

def test_control_group_must_exist(httpd, control_users):
    srv = httpd("WSGIDaemonProcess shop user=%s control-group=gwtest-nosuch\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=shop\n"
                % USER_A, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert ("GW00125: WSGIDaemonProcess shop: control-group=gwtest-nosuch "
            "does not exist") in out, out
    # By name or by #gid, an existing group is taken.
    for value in (DEPLOY_GROUP, "#%d" % control_users["deploy_gid"]):
        srv.write_config("WSGIDaemonProcess shop user=%s control-group=%s\n"
                         "WSGIScriptAlias /hello @APPS@/hello.wsgi "
                         "process-group=shop\n" % (USER_A, value))
        rc, out = srv.configtest()
        assert rc == 0, (value, out)


def test_a_gid_that_is_not_a_number_is_no_group(httpd, control_users):
    srv = httpd("WSGIDaemonProcess shop user=%s control-group=#0x\n"
                "WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=shop\n"
                % USER_A, start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW00125: WSGIDaemonProcess shop: control-group=#0x" in out, out


def test_a_controlled_group_needs_a_name_a_request_can_carry(httpd,
                                                             control_users):
    srv = httpd('WSGIDaemonProcess "my shop" user=%s control-group=%s\n'
                % (USER_A, DEPLOY_GROUP), start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert ("GW00126: WSGIDaemonProcess my shop: control-group= needs a "
            "group name gateway-ctl can name") in out, out
    # The same name without control-group= is a valid configuration.
    srv.write_config('WSGIDaemonProcess "my shop" user=%s\n' % USER_A)
    rc, out = srv.configtest()
    assert rc == 0, out
