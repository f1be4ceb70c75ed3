"""A real Django site (Debian's python3-django 3.2) in daemon mode: the admin
login under a sub-mount (/site), CSRF, sessions, and static files served by
Apache next to it.

The project is tests/integration/fixtures/django_site; the test copies it
into the server's temp root, runs `migrate`, `createsuperuser` and
`collectstatic` as root with /usr/bin/python3, then gives var/ (sqlite
database, logs) to the daemon user.  gwsite/middleware.py appends a line per
request that reaches Django to var/requests.log."""

import http.cookies
import json
import os
import pwd
import re
import subprocess
import urllib.parse

import pytest

from conftest import HERE, USER_A, require_debian_python, shared_server

FIXTURE = os.path.join(HERE, "fixtures", "django_site")
ADMIN_USER = "admin"
ADMIN_PASSWORD = "gwtest-Pa55word"

DJANGO_CONFIG = """
WSGIDaemonProcess django user=%s processes=1 threads=4 \
python-path=@ROOT@/django_site
WSGIScriptAlias /site @ROOT@/django_site/wsgi.py process-group=django \
application-group=%%{GLOBAL}
<Directory @ROOT@/django_site>
    <Files wsgi.py>
        Require all granted
    </Files>
</Directory>
Alias /static/ @ROOT@/django_site/static/
<Directory @ROOT@/django_site/static>
    Require all granted
</Directory>
""" % USER_A


def require_django():
    """Fails (never skips) when Debian's Django is missing or too old."""
    out = require_debian_python("import django; print(django.get_version())",
                                "python3-django")
    version = tuple(int(x) for x in re.findall(r"\d+", out.strip())[:2])
    if version < (3, 0):
        pytest.fail("Django %s is too old (3.x needed): run "
                    "build/install-deps" % out.strip(), pytrace=False)


def manage(site, *args):
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "DJANGO_SETTINGS_MODULE": "gwsite.settings",
        "PYTHONPATH": site,
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "LANG": "C.UTF-8",
    }
    r = subprocess.run(["/usr/bin/python3", "-m", "django"] + list(args),
                       cwd=site, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=120)
    if r.returncode != 0:
        raise RuntimeError("django-admin %s failed (%d):\n%s"
                           % (" ".join(args), r.returncode, r.stdout))
    return r.stdout


def prepare_site(srv):
    """Copies the project into the server root and sets it up; srv.site,
    srv.var and srv.static_root say where it is."""
    site = srv.copy_fixture(FIXTURE, "django_site", skip=("var", "static"))
    var = os.path.join(site, "var")
    os.mkdir(var)
    manage(site, "migrate", "--noinput", "-v", "0")
    manage(site, "createsuperuser", "--noinput", "--username", ADMIN_USER,
           "--email", "admin@example.invalid")
    manage(site, "collectstatic", "--noinput", "-v", "0")
    # the daemon user writes the database (and its journal next to it)
    a = pwd.getpwnam(USER_A)
    for dirpath, _dirs, files in os.walk(var):
        os.chown(dirpath, a.pw_uid, a.pw_gid)
        for n in files:
            os.chown(os.path.join(dirpath, n), a.pw_uid, a.pw_gid)
    os.chmod(var, 0o755)
    srv.site = site
    srv.var = var
    srv.static_root = os.path.join(site, "static")


site_module, site = shared_server(DJANGO_CONFIG, "django", "site",
                                  require=require_django,
                                  before_start=prepare_site,
                                  start_timeout=60)   # generous when loaded


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def cookies_of(headers):
    """name -> value of every Set-Cookie in a response."""
    out = {}
    for value in headers.get_all("Set-Cookie") or []:
        c = http.cookies.SimpleCookie()
        c.load(value)
        for name, morsel in c.items():
            out[name] = morsel.value
    return out


def cookie_header(jar):
    return "; ".join("%s=%s" % kv for kv in sorted(jar.items()))


def request_log(srv):
    path = os.path.join(srv.var, "requests.log")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def django_log(srv):
    path = os.path.join(srv.var, "django.log")
    if not os.path.exists(path):
        return ""
    with open(path, errors="replace") as f:
        return f.read()


def get_login_page(srv):
    st, hd, body = srv.request("GET", "/site/admin/login/")
    assert st == 200, (st, body[:3000], django_log(srv)[-3000:])
    html = body.decode()
    jar = cookies_of(hd)
    assert "csrftoken" in jar, hd.get_all("Set-Cookie")
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert m, html[:3000]
    return hd, html, jar, m.group(1)


def post_login(srv, jar, fields, referer=True):
    body = urllib.parse.urlencode(fields)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if jar:
        headers["Cookie"] = cookie_header(jar)
    if referer:
        headers["Referer"] = "http://127.0.0.1:%d/site/admin/login/" \
            % srv.port
    return srv.request("POST", "/site/admin/login/?next=/site/admin/",
                       body=body, headers=headers)


# --------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------

def test_login_page_under_sub_mount(site):
    hd, html, jar, token = get_login_page(site)
    # reverse URLs carry SCRIPT_NAME=/site
    assert 'action="/site/admin/login/"' in html, html[:3000]
    assert '<a href="/site/admin/">' in html, html[:3000]
    # STATIC_URL is absolute: not prefixed with the mount point
    assert 'href="/static/admin/css/base.css"' in html, html[:3000]
    assert "Django administration" in html
    # Django's security middlewares answered (the control for the static
    # test below)
    assert hd["X-Frame-Options"] == "DENY"
    assert hd["X-Content-Type-Options"] == "nosniff"
    # an anonymous request for the index redirects to the login view,
    # reversed under the mount point as well
    st, hd2, _ = site.request("GET", "/site/admin/")
    assert st == 302
    assert hd2["Location"] == "/site/admin/login/?next=/site/admin/"


def test_runs_in_daemon_as_user(site):
    site.get("/site/admin/login/")
    pids = site.daemon_pids(USER_A)
    assert pids, "no daemon process of %s" % USER_A
    log = request_log(site)
    assert log, "no request reached Django"
    last = log[-1]
    assert last["path"] == "/site/admin/login/"
    assert last["script_name"] == "/site"
    assert last["uid"] == pwd.getpwnam(USER_A).pw_uid
    assert last["pid"] in pids, (last, pids)


def test_admin_login_with_csrf(site):
    _, _, jar, token = get_login_page(site)
    st, hd, body = post_login(site, jar, {
        "csrfmiddlewaretoken": token,
        "username": ADMIN_USER,
        "password": ADMIN_PASSWORD,
        "next": "/site/admin/",
    })
    assert st == 302, (st, body[:3000], django_log(site)[-3000:])
    assert hd["Location"] == "/site/admin/"
    new = cookies_of(hd)
    assert new.get("sessionid"), hd.get_all("Set-Cookie")
    jar.update(new)              # the login rotates csrftoken too

    st, hd, body = site.request("GET", "/site/admin/",
                                headers={"Cookie": cookie_header(jar)})
    assert st == 200, (st, body[:3000], django_log(site)[-3000:])
    html = body.decode()
    assert "Site administration" in html
    assert 'href="/site/admin/auth/user/"' in html, html[:3000]
    assert 'href="/site/admin/logout/"' in html, html[:3000]
    # the session lives in the daemon's sqlite database: a second request
    # on a fresh connection is still logged in
    st, _, body = site.request("GET", "/site/admin/auth/user/",
                               headers={"Cookie": cookie_header(jar)})
    assert st == 200, (st, body[:3000])
    assert ADMIN_USER in body.decode()


def test_wrong_password_stays_on_login(site):
    _, _, jar, token = get_login_page(site)
    st, hd, body = post_login(site, jar, {
        "csrfmiddlewaretoken": token,
        "username": ADMIN_USER,
        "password": "not-the-password",
        "next": "/site/admin/",
    })
    assert st == 200, (st, body[:3000])
    assert "sessionid" not in cookies_of(hd)
    assert "Please enter the correct username and password" in body.decode()


def test_post_without_csrf_token_403(site):
    _, _, jar, _token = get_login_page(site)
    fields = {"username": ADMIN_USER, "password": ADMIN_PASSWORD,
              "next": "/site/admin/"}
    # the cookie but no form token
    st, hd, body = post_login(site, jar, fields)
    assert st == 403, (st, body[:3000])
    assert "sessionid" not in cookies_of(hd)
    # neither cookie nor token
    st, hd, body = post_login(site, {}, fields)
    assert st == 403, (st, body[:3000])
    assert "sessionid" not in cookies_of(hd)
    log = django_log(site)
    assert "Forbidden (CSRF token missing or incorrect.)" in log, log[-3000:]
    assert "Forbidden (CSRF cookie not set.)" in log, log[-3000:]


def test_static_served_by_apache(site):
    path = os.path.join(site.static_root, "admin", "css", "base.css")
    with open(path, "rb") as f:
        expected = f.read()
    assert len(expected) > 1000
    before = len(request_log(site))

    st, hd, body = site.request("GET", "/static/admin/css/base.css")
    assert st == 200, (st, body[:2000])
    assert body == expected
    assert hd["Content-Type"].split(";")[0] == "text/css"
    # Apache's default handler: ETag and byte ranges ...
    assert hd["ETag"], dict(hd)
    assert hd["Accept-Ranges"] == "bytes"
    assert hd["Last-Modified"]
    # ... and none of the headers Django's middlewares add to everything
    assert "X-Frame-Options" not in hd, dict(hd)
    assert "X-Content-Type-Options" not in hd, dict(hd)
    assert "Vary" not in hd, dict(hd)

    st, hd, body = site.request("GET", "/static/admin/css/base.css",
                                headers={"Range": "bytes=10-109"})
    assert st == 206
    assert body == expected[10:110]
    st, _, _ = site.request("GET", "/static/admin/css/base.css",
                            headers={"If-None-Match": hd["ETag"]})
    assert st == 304

    # Django logs a request before answering it, so anything it had seen
    # would be in the log by now
    assert len(request_log(site)) == before, request_log(site)[before:]

    # control: the same path under the mount point does reach Django (which
    # does not serve static files with DEBUG off: 404)
    st, hd, _ = site.request("GET", "/site/static/admin/css/base.css")
    assert st == 404
    assert hd["X-Frame-Options"] == "DENY"
    log = request_log(site)[before:]
    assert [e["path"] for e in log] == ["/site/static/admin/css/base.css"]
