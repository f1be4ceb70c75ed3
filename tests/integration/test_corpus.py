"""Corpus tests (issue #13): 31 real mod_wsgi configurations, each loaded
unchanged (but for the paths, ports, users and host names its header names)
under mod_gateway and, side by side, under mod_wsgi 4.9.4, in a private
ServerRoot built like Debian 12's /etc/apache2.  Every URL of the folder's
check.json (recorded under mod_wsgi) must answer the same under both.

corpus/README.md describes the folders and check.json."""

import http.client
import json
import os
import pwd
import re
import shutil
import urllib.parse

import pytest

from conftest import (APACHE_MODULES, APACHE_USER, DAEMON, HERE,
                      MODULE_SO, HttpdServer, _finish, _run, free_port,
                      make_tls_cert, tls_context)

CORPUS = os.path.join(HERE, "corpus")
STANDIN = os.path.join(CORPUS, "standin.py")

# Folders that fail on main today, each with the first error it stops at
# and the feature of issue #13 it waits for.  strict: the mark must go the
# moment the feature lands.
MISSING = {}

# Both modules refuse these at load time (mod_wsgi's own answer recorded).
REFUSED = {"weblate"}

# Debian 12's default mods-enabled (wsgi aside: it is what we choose).
DEBIAN_MODS = ["mpm_event", "access_compat", "alias", "auth_basic",
               "authn_core", "authn_file", "authz_core", "authz_host",
               "authz_user", "autoindex", "deflate", "dir", "env", "filter",
               "mime", "negotiation", "reqtimeout", "setenvif", "status"]
DEBIAN_MOD_CONFS = ["alias", "autoindex", "deflate", "dir", "mime",
                    "negotiation", "reqtimeout", "setenvif", "status"]
MOD_DEPS = {"ssl": ["socache_shmcb"], "proxy_http": ["proxy"]}

# Django logs its own 404s on stderr, under either module.
APP_404_LOG = r"(GW04012: |\[wsgi:error\] .*\] )Not Found: /"

# mod_wsgi's embedded Python keeps event-MPM children from exiting on
# SIGTERM (embedded-mode configs): httpd SIGKILLs them after ~10 s.  That
# is the reference's shutdown, not under test here.
MOD_WSGI_SLOW_STOP = r"\[core:error\] .*AH00046: child process \d+ still"

PORT_TOKEN_RE = re.compile(r"@PORT:(\d+)@")

# Lines a 401/403 of the corpus logs by design.
EXPECTED_DENIALS = (r"\[(authz_core|auth_basic|authn_\w+|access_compat|"
                    r"authz_\w+):error\]|\[ssl:error\] .*AH02219: ")


def folders():
    out = []
    for name in sorted(os.listdir(CORPUS)):
        if not os.path.isfile(os.path.join(CORPUS, name, "check.json")):
            continue
        marks = []
        if name in MISSING:
            marks.append(pytest.mark.xfail(strict=True,
                                           reason=MISSING[name]))
        out.append(pytest.param(name, id=name, marks=marks))
    return out


def ensure_users(names):
    for user in names:
        try:
            pwd.getpwnam(user)
        except KeyError:
            _run(["useradd", "--system", "--user-group", "--create-home",
                  "--shell", "/usr/sbin/nologin", user])


class CorpusServer(HttpdServer):
    """A private Apache with Debian's base config and one corpus folder's
    site.conf; `module` is "gateway" or "mod_wsgi"."""

    def __init__(self, case, check, module, ports):
        self.case, self.check, self.module, self.ports = \
            case, check, module, ports
        super().__init__("", gateway=(module == "gateway"),
                         name="corpus-%s-%s" % (case[:20], module))
        first = "80" if "80" in ports else sorted(ports)[0]
        self.port = ports[first]   # start() waits for this one
        os.symlink(APACHE_MODULES, os.path.join(self.root, "modules"))
        os.makedirs(os.path.join(self.root, "logs"), exist_ok=True)
        self.build_tree()
        with open(os.path.join(CORPUS, case, "site.conf")) as f:
            self.write_config(f.read())

    def subst(self, text):
        text = PORT_TOKEN_RE.sub(lambda m: str(self.ports[m.group(1)]), text)
        return text.replace("@ROOT@", self.root)

    # ---- the tree of files the config points at -------------------------

    def build_tree(self):
        check = self.check
        for venv in check.get("venvs", []):
            _run(["/usr/bin/python3", "-m", "venv", "--system-site-packages",
                  os.path.join(self.root, venv)])
        for dj in check.get("django", []):
            dst = os.path.join(self.root, dj["dir"])
            os.makedirs(dst, exist_ok=True)
            _run(["/usr/bin/python3", "-m", "django", "startproject",
                  dj["project"], dst])
        cert = None
        for rel, what in sorted(check.get("tree", {}).items()):
            path = os.path.join(self.root, rel)
            if what == "dir":
                os.makedirs(path, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if what in ("sslcert", "sslkey"):
                cert = cert or make_tls_cert(self)
                shutil.copyfile(cert[0] if what == "sslcert" else cert[1],
                                path)
            elif what.startswith("text:"):
                with open(path, "w") as f:
                    f.write(self.subst(what[5:]))
            elif what.startswith("file:"):
                shutil.copyfile(os.path.join(CORPUS, self.case, what[5:]),
                                path)
            elif what == "standin" or what.startswith("standin:"):
                app = what[8:] or os.path.basename(path)
                with open(STANDIN) as src, open(path, "w") as f:
                    f.write("APP = %r\n" % app + src.read())
            else:
                raise AssertionError("%s: unknown tree entry %r"
                                     % (self.case, what))
        for dirpath, dirs, files in os.walk(self.root):
            for n in dirs + files:
                p = os.path.join(dirpath, n)
                if not os.path.islink(p):
                    os.chmod(p, os.stat(p).st_mode | 0o444 |
                             (0o111 if os.path.isdir(p) else 0))

    # ---- Debian 12's apache2.conf + ports.conf + mods-enabled ------------

    def base_config(self):
        check = getattr(self, "check", {})
        ports = getattr(self, "ports", {})
        lines = ["ServerRoot %s" % self.root,
                 "ServerName 127.0.0.1",
                 "PidFile %s" % self.pid_file,
                 "ErrorLog %s" % self.log_path,
                 "LogLevel warn",
                 "DefaultRuntimeDir %s" % self.run_dir,
                 "Timeout 300", "KeepAlive On", "MaxKeepAliveRequests 100",
                 "KeepAliveTimeout 5",
                 "User %s" % APACHE_USER, "Group %s" % APACHE_USER,
                 "HostnameLookups Off"]
        mods = list(DEBIAN_MODS)
        for m in check.get("modules", []):
            mods += MOD_DEPS.get(m, []) + [m]
        seen = set()
        for m in mods:
            if m not in seen:
                seen.add(m)
                lines.append("LoadModule %s_module %s/mod_%s.so"
                             % (m, APACHE_MODULES, m))
        for m in DEBIAN_MOD_CONFS:
            lines.append("Include /etc/apache2/mods-available/%s.conf" % m)
        if "ssl" in seen:
            lines.append("SSLSessionCache shmcb:%s/ssl_scache(512000)"
                         % self.run_dir)
        if self.module == "gateway":
            # As debian/gateway.load: the second line makes the configs'
            # own <IfModule !wsgi_module> guards see us as mod_wsgi.
            lines += ["LoadModule gateway_module %s" % MODULE_SO,
                      "LoadModule wsgi_module %s" % MODULE_SO,
                      "GatewayDaemonPath %s" % DAEMON]
        else:
            lines.append("LoadModule wsgi_module %s/mod_wsgi.so"
                         % APACHE_MODULES)
        # ports.conf
        if not check.get("no_default_listen") and "80" in ports:
            lines.append("Listen 127.0.0.1:%d" % ports["80"])
        for tok in check.get("plain_ports", []):
            lines.append("Listen 127.0.0.1:%d" % ports[tok])
        for tok in check.get("tls_ports", []):
            lines.append("Listen 127.0.0.1:%d https" % ports[tok])
        fs = os.path.join(self.root, "fs")
        lines += ["<Directory />", "  Options FollowSymLinks",
                  "  AllowOverride None", "  Require all denied",
                  "</Directory>"]
        for d in ("/usr/share", fs + "/usr/share"):
            lines += ["<Directory %s>" % d, "  AllowOverride None",
                      "  Require all granted", "</Directory>"]
        for d in ("/var/www/", fs + "/var/www/"):
            lines += ["<Directory %s>" % d, "  Options Indexes FollowSymLinks",
                      "  AllowOverride None", "  Require all granted",
                      "</Directory>"]
        lines += [
            "AccessFileName .htaccess",
            '<FilesMatch "^\\.ht">', "  Require all denied", "</FilesMatch>",
            'LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" '
            '\\"%{User-Agent}i\\"" vhost_combined',
            'LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" '
            '\\"%{User-Agent}i\\"" combined',
            'LogFormat "%h %l %u %t \\"%r\\" %>s %O" common',
            'LogFormat "%{Referer}i -> %U" referer',
            'LogFormat "%{User-agent}i" agent',
        ]
        return "\n".join(lines) + "\n"

    # ---- HTTP -----------------------------------------------------------

    def ask(self, req):
        tok = req["port"]
        port = self.ports[tok]
        if tok in self.check.get("tls_ports", []):
            ctx = tls_context()
            # pulp asks for a client certificate after the handshake
            # (SSLVerifyClient optional in a <Location>), as browsers allow
            ctx.post_handshake_auth = True
            conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=30,
                                               context=ctx)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = dict(req.get("headers", {}))
        if "host" in req:
            headers["Host"] = req["host"]
        try:
            conn.request("GET", req["path"], headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.headers, resp.read()
        finally:
            conn.close()


def port_map(case, check):
    with open(os.path.join(CORPUS, case, "site.conf")) as f:
        toks = set(PORT_TOKEN_RE.findall(f.read()))
    toks |= {r["port"] for r in check["requests"]}
    toks |= set(check.get("tls_ports", [])) | set(check.get("plain_ports", []))
    if not check.get("no_default_listen"):
        toks.add("80")
    ports = {}
    while len(set(ports.values())) < len(toks):
        ports = {t: free_port() for t in sorted(toks)}
    return ports


def verify(srv, req):
    """Asserts one check.json request; returns a description of a failure
    or None."""
    what = "%s GET :%s%s" % (srv.module, req["port"], req["path"])
    try:
        status, headers, body = srv.ask(req)
    except (OSError, http.client.HTTPException) as e:
        return "%s: %r" % (what, e)
    text = body.decode("utf-8", "replace")
    want = req.get("status", 200)
    if status != want:
        return "%s: status %d, want %d: %s" % (what, status, want,
                                                 text[:300])
    bad = []
    if "body" in req and text != srv.subst(req["body"]):
        bad.append("body %r, want %r" % (text[:200], req["body"]))
    if "contains" in req and srv.subst(req["contains"]) not in text:
        bad.append("body lacks %r: %s" % (req["contains"], text[:300]))
    if "location" in req:
        loc = headers.get("Location") or ""
        got = urllib.parse.urlsplit(loc)
        path = got.path + ("?" + got.query if got.query else "")
        want_loc = srv.subst(req["location"])
        if loc != want_loc and path != want_loc:
            bad.append("Location %r, want %r" % (loc, want_loc))
    facts = {k: req[k] for k in ("app", "script_name", "path_info", "user")
             if k in req}
    if facts or "auth" in req or "env" in req or "expect" in req:
        try:
            seen = json.loads(text)
        except ValueError:
            return "%s: not the app's JSON: %s" % (what, text[:300])
        keys = {"app": "app", "script_name": "SCRIPT_NAME",
                "path_info": "PATH_INFO", "user": "user"}
        for k, v in facts.items():
            if seen.get(keys[k]) != v:
                bad.append("%s %r, want %r" % (keys[k], seen.get(keys[k]), v))
        if "auth" in req:
            sent = req.get("headers", {}).get("Authorization")
            want_auth = sent if req["auth"] else None
            if seen.get("auth") != want_auth:
                bad.append("HTTP_AUTHORIZATION %r, want %r"
                           % (seen.get("auth"), want_auth))
        for k, v in req.get("env", {}).items():
            got = seen.get("environ", {}).get(k)
            if got != srv.subst(v) if isinstance(v, str) else got != v:
                bad.append("environ[%r] %r, want %r" % (k, got, v))
        for k, v in req.get("expect", {}).items():
            v = srv.subst(v) if isinstance(v, str) else v
            got = seen
            for part in k.split(":"):   # "osenv:LANG": seen["osenv"]["LANG"]
                got = got.get(part) if isinstance(got, dict) else None
            if got != v:
                bad.append("%s %r, want %r" % (k, got, v))
    if bad:
        return "%s: %s" % (what, "; ".join(bad))
    return None


def run_under(case, check, module):
    """Starts the folder's config under `module`, asks every URL, stops;
    returns the list of failures (error.log checked by _finish)."""
    srv = CorpusServer(case, check, module, port_map(case, check))
    failures = []
    try:
        srv.begin_test()
        srv.allow_log(EXPECTED_DENIALS)
        srv.allow_log(APP_404_LOG)
        if module == "mod_wsgi":
            srv.allow_log(MOD_WSGI_SLOW_STOP)
        srv.start(timeout=30)
        for req in check["requests"]:
            msg = verify(srv, req)
            if msg:
                failures.append(msg)
        srv.stop(timeout=20 if module == "mod_wsgi" else 10)
    finally:
        errors = _finish([srv], bool(failures))
    if failures:
        failures.append("error.log:\n" + srv.error_log_tail(30))
    return failures + errors


@pytest.fixture(scope="module")
def have_mod_wsgi():
    return os.path.exists(os.path.join(APACHE_MODULES, "mod_wsgi.so"))


@pytest.mark.parametrize("case", folders())
def test_corpus(case, test_users, have_mod_wsgi):
    with open(os.path.join(CORPUS, case, "check.json")) as f:
        check = json.load(f)
    ensure_users(check.get("users", []))
    if case in REFUSED:
        for module in ("gateway", "mod_wsgi"):
            srv = CorpusServer(case, check, module, port_map(case, check))
            try:
                rc, out = srv.configtest()
            finally:
                srv.cleanup()
            assert rc != 0, "%s accepted %s:\n%s" % (module, case, out)
        return
    failures = run_under(case, check, "gateway")
    if have_mod_wsgi:
        failures += run_under(case, check, "mod_wsgi")
    assert not failures, "\n".join(failures)
