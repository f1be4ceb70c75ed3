"""Django's "How to authenticate against Django's user database from
Apache" (docs/howto/deployment/wsgi/apache-auth.txt), with real Django
(Debian's python3-django): the page's Apache configuration verbatim but
for the paths, a project made by `django-admin startproject mysite`, and
users in its sqlite database.

The page's wsgi.py imports django.contrib.auth.handlers.modwsgi before
Django is set up, which raises AppRegistryNotReady under mod_wsgi too;
the script here is startproject's wsgi.py with the page's import line
after it (the page's instruction: "edit your WSGI script ... by importing
the check_password function").  The page's group example writes `Require
group secret-agents`, which on Apache 2.4 is mod_authz_groupfile's;
mod_wsgi 4.9.4 (and mod_gateway) call groups_for_user for `Require
wsgi-group`, so /agents uses that."""

import base64
import os
import pwd
import subprocess

from conftest import (APACHE_MODULES, APACHE_USER, require_debian_python,
                      shared_server)

# The page's configuration; /path/to -> @ROOT@.
DJANGO_AUTH_CONFIG = "".join(
    "LoadModule %s_module %s/mod_%s.so\n" % (m, APACHE_MODULES, m)
    for m in ("authn_core", "auth_basic", "authz_user")) + """
WSGIScriptAlias / @ROOT@/mysite.com/mysite/wsgi.py
WSGIPythonPath @ROOT@/mysite.com

WSGIProcessGroup %{GLOBAL}
WSGIApplicationGroup %{GLOBAL}

<Location "/secret">
    AuthType Basic
    AuthName "Top Secret"
    Require valid-user
    AuthBasicProvider wsgi
    WSGIAuthUserScript @ROOT@/mysite.com/mysite/wsgi.py
</Location>

<Location "/agents">
    AuthType Basic
    AuthName "Top Secret"
    AuthBasicProvider wsgi
    WSGIAuthUserScript @ROOT@/mysite.com/mysite/wsgi.py
    WSGIAuthGroupScript @ROOT@/mysite.com/mysite/wsgi.py
    Require wsgi-group secret-agents
</Location>

<Directory @ROOT@/mysite.com/mysite>
<Files wsgi.py>
Require all granted
</Files>
</Directory>
"""

MODWSGI_IMPORT = ("\nfrom django.contrib.auth.handlers.modwsgi import "
                  "check_password, groups_for_user  # noqa: E402,F401\n")

# Two views so that a request that passed Apache's check shows who Django
# was told it was.
URLS = '''
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path


def whoami(request):
    return HttpResponse("user=%s" % request.META.get("REMOTE_USER"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("secret/", whoami),
    path("agents/", whoami),
]
'''

USERS = '''
from django.contrib.auth.models import Group, User
agents = Group.objects.create(name="secret-agents")
User.objects.create_user("bond", "bond@example.invalid", "m1-6-pass")
User.objects.get(username="bond").groups.add(agents)
User.objects.create_user("q", "q@example.invalid", "gadgets")
gone = User.objects.create_user("gone", "gone@example.invalid", "old-pass")
gone.is_active = False
gone.save()
'''


def require_django():
    require_debian_python("import django", "python3-django")


def run(site, *args, stdin=None):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": site,
           "DJANGO_SETTINGS_MODULE": "mysite.settings"}
    r = subprocess.run(["/usr/bin/python3"] + list(args), cwd=site, env=env,
                       input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=120)
    assert r.returncode == 0, (args, r.stdout)
    return r.stdout


def make_site(srv):
    """startproject, the page's import, the views, the database and its
    users; the database is Apache's User's (the implicit group's)."""
    site = os.path.join(srv.root, "mysite.com")
    os.mkdir(site)
    run(site, "-m", "django", "startproject", "mysite", site)
    with open(os.path.join(site, "mysite", "wsgi.py"), "a") as f:
        f.write(MODWSGI_IMPORT)
    with open(os.path.join(site, "mysite", "urls.py"), "w") as f:
        f.write(URLS)
    run(site, "manage.py", "migrate", "--noinput", "-v", "0")
    run(site, "manage.py", "shell", stdin=USERS)
    www = pwd.getpwnam(APACHE_USER)
    for dirpath, _dirs, files in os.walk(site):
        os.chmod(dirpath, 0o755)
        for n in files:
            os.chmod(os.path.join(dirpath, n), 0o644)
    os.chown(site, www.pw_uid, www.pw_gid)
    os.chown(os.path.join(site, "db.sqlite3"), www.pw_uid, www.pw_gid)


site_module, site = shared_server(DJANGO_AUTH_CONFIG, "django-auth", "site",
                                  require=require_django,
                                  before_start=make_site, start_timeout=60)

# Apache's own lines for a client it refuses.
DENIED_LOG = r"\[(auth_basic|authz_core):error\]"


def basic(user, password):
    cred = ("%s:%s" % (user, password)).encode()
    return {"Authorization": "Basic " + base64.b64encode(cred).decode()}


def test_a_django_user_with_the_right_password_gets_in(site):
    st, _, body = site.get("/secret/", headers=basic("bond", "m1-6-pass"))
    assert st == 200, body[:2000]
    assert body == b"user=bond"
    # the check ran in the implicit group, as Apache's User (mod_wsgi
    # ran it in the Apache child, as that user)
    assert site.daemon_pids(APACHE_USER)


def test_no_or_wrong_password_or_unknown_or_inactive_user_is_401(site):
    for headers in ({}, basic("bond", "wrong"), basic("nobody", "x"),
                    basic("gone", "old-pass")):
        st, hd, body = site.get("/secret/", headers=headers)
        assert st == 401, (headers, body[:500])
        assert hd["WWW-Authenticate"] == 'Basic realm="Top Secret"'
    site.expect_log(DENIED_LOG + r".*user bond: authentication failure "
                    r"for \"/secret/\": Password Mismatch")
    site.expect_log(DENIED_LOG + r".*user nobody not found")
    site.expect_log(DENIED_LOG + r".*user gone not found")


def test_require_wsgi_group_uses_djangos_groups(site):
    st, _, body = site.get("/agents/", headers=basic("bond", "m1-6-pass"))
    assert st == 200, body[:2000]
    assert body == b"user=bond"
    st, _, _ = site.get("/agents/", headers=basic("q", "gadgets"))
    assert st == 401
    site.expect_log(r"GW01128: user 'q' may not access /agents/: "
                    r"groups_for_user\(\) of \S+/mysite/wsgi.py names no "
                    r"group at all, so none of the groups Require "
                    r"wsgi-group secret-agents asks for")
    site.allow_log(DENIED_LOG)


def test_outside_the_location_no_password_is_asked(site):
    st, _, body = site.get("/admin/login/")
    assert st == 200, body[:2000]
    assert b"Django administration" in body
