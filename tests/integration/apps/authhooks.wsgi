# mod_wsgi's auth hooks (WSGIAuthUserScript, WSGIAuthGroupScript,
# WSGIAccessScript) and a WSGI application, in one script as Django's
# documented set-up has them; for test_auth_scripts.py.
#
# Every hook call appends a JSON line to <server root>/scratch/hooks.log
# (made by the test, writable by all: the hooks run as several users):
# the hook, its arguments, the uid and pid it ran with, its interpreter
# and the str values of its environ.  The application answers JSON with
# the REMOTE_USER it got and its uid.
import json
import os

LOG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "scratch", "hooks.log")
USERS = {"alice": "wonderland", "bob": "builder",
         "\u00fcnic\u00f6de": "p\u00e4ss"}
GROUPS = {"alice": [b"staff", "readers"], "bob": ["readers"]}


def _note(hook, environ, **kw):
    kw.update(hook=hook, uid=os.getuid(), pid=os.getpid(),
              process_group=environ.get("mod_wsgi.process_group"),
              application_group=environ.get("mod_wsgi.application_group"),
              errors=hasattr(environ.get("wsgi.errors"), "write"),
              environ={k: v for k, v in environ.items()
                       if isinstance(v, str)})
    fd = os.open(LOG, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, (json.dumps(kw) + "\n").encode())
    finally:
        os.close(fd)


def check_password(environ, user, password):
    _note("check_password", environ, user=user, password=password)
    if user == "boom":
        raise RuntimeError("check_password exploded")
    if user == "badtype":
        return 1                        # neither True, False, None nor str
    if user == "renamed":
        return "alice" if password == "x" else False
    if user not in USERS:
        return None
    return USERS[user] == password


def get_realm_hash(environ, user, realm):
    import hashlib
    _note("get_realm_hash", environ, user=user, realm=realm)
    if user not in USERS:
        return None
    return hashlib.md5(("%s:%s:%s" % (user, realm, USERS[user]))
                       .encode()).hexdigest()


def groups_for_user(environ, user):
    _note("groups_for_user", environ, user=user)
    return GROUPS.get(user, [])


def allow_access(environ, host):
    _note("allow_access", environ, host=host)
    name = environ["SCRIPT_NAME"].rsplit("/", 1)[-1]
    if name == "boom.txt":
        raise RuntimeError("allow_access exploded")
    return {"allow.txt": True, "deny.txt": False,
            "defer.txt": None}.get(name, 1)


def application(environ, start_response):
    body = json.dumps({"REMOTE_USER": environ.get("REMOTE_USER"),
                       "AUTH_TYPE": environ.get("AUTH_TYPE"),
                       "uid": os.getuid()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
