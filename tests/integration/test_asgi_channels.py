"""docs/asgi.md's deployment examples run as the guide says: the Apache
configuration of its marked blocks (`<!-- asgi-channels-config -->`,
`<!-- asgi-fastapi-config -->`) with the projects of examples/channels (a
Django Channels site: a synchronous echo consumer, a chat room through
the in-memory channel layer, the Origin check) and examples/fastapi laid
out under /srv as the guide's trees show.  Paths move under the test
server's root, *:80 to its port, the users to a test user; Debian's
python3-django-channels and python3-fastapi, python3-websockets as the
client."""

import asyncio
import json
import os
import pwd
import re
import shutil

import pytest

from conftest import REFERENCE, REPO, USER_A, require_debian_python

GUIDE = os.path.join(REPO, "docs", "asgi.md")
EXAMPLES = os.path.join(REPO, "examples")

pytestmark = pytest.mark.skipif(REFERENCE != "", reason="protocol=asgi is "
                                "mod_gateway's")


def guide_config(marker, user):
    with open(GUIDE) as f:
        text = f.read()
    found = re.findall(r"^<!-- %s -->\n```apache\n(.*?)^```$"
                       % re.escape(marker), text, re.M | re.S)
    assert len(found) == 1, "docs/asgi.md: one block marked %s" % marker
    conf = found[0].replace("/srv/", "@ROOT@/srv/")
    conf = conf.replace("<VirtualHost *:80>", "<VirtualHost *:@PORT@>")
    assert re.search(r"\buser=%s\b" % user, conf), conf
    return re.sub(r"\buser=%s\b" % user, "user=%s" % USER_A, conf)


def lay_out(srv, example, site):
    """examples/<example> as <root>/srv/<site>: root's, readable by all
    (the guide: the code is not the application user's to change)."""
    os.makedirs(os.path.join(srv.root, "srv"), exist_ok=True)
    dst = os.path.join(srv.root, "srv", site)
    shutil.copytree(os.path.join(EXAMPLES, example), dst,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for dirpath, _dirs, files in os.walk(dst):
        os.chmod(dirpath, 0o755)
        for n in files:
            os.chmod(os.path.join(dirpath, n), 0o644)
    return dst


def ws_connect(srv, path, **kw):
    import websockets.client
    kw.setdefault("origin", "http://127.0.0.1:%d" % srv.port)
    return websockets.client.connect("ws://127.0.0.1:%d%s" % (srv.port, path),
                                     ping_interval=None, **kw)


def run(coro, timeout=60):
    return asyncio.run(asyncio.wait_for(coro, timeout))


@pytest.fixture
def chat(httpd):
    require_debian_python("import channels.generic.websocket",
                          "python3-django-channels")
    require_debian_python("import websockets.client", "python3-websockets")
    srv = httpd(guide_config("asgi-channels-config", "chat"), start=False)
    site = lay_out(srv, "channels", "chat")
    # the guide's secret.key: root:chat 0640
    key = os.path.join(site, "secret.key")
    with open(key, "w") as f:
        f.write("gwtest-" + os.urandom(16).hex() + "\n")
    os.chown(key, 0, pwd.getpwnam(USER_A).pw_gid)
    os.chmod(key, 0o640)
    settings = os.path.join(site, "chatsite", "settings.py")
    with open(settings) as f:
        text = f.read()
    assert '"chat.example.org"' in text
    with open(settings, "w") as f:
        f.write(text.replace('"chat.example.org"', '"127.0.0.1"'))
    srv.start()
    return srv


def test_channels_http_is_django_as_the_group_user(chat):
    # ProtocolTypeRouter has no lifespan: served all the same (the guide)
    chat.expect_log(r"\[group chat\] GW02242: ASGI application "
                    r"'application' of .*/chatsite/asgi.py does not support")
    st, _, body = chat.get("/health")
    assert st == 200, body[:2000]
    assert json.loads(body) == {"ok": True, "user": USER_A}
    st, _, body = chat.get("/")
    assert st == 200 and b"/ws/room/lobby/" in body
    assert chat.get("/nothing")[0] == 404


def test_channels_sync_consumer_echoes(chat):
    async def talk():
        async with ws_connect(chat, "/ws/echo/") as ws:
            await ws.send("héllo")
            assert await ws.recv() == "héllo"
            await ws.send(b"\x00\xff" * 100)
            assert await ws.recv() == b"\x00\xff" * 100
    run(talk())


def test_channels_room_reaches_every_websocket_in_it(chat):
    """The channel layer's group: a message sent by one WebSocket of the
    room comes to both, none to a WebSocket of another room."""
    async def talk():
        async with ws_connect(chat, "/ws/room/lobby/") as a, \
                ws_connect(chat, "/ws/room/lobby/") as b, \
                ws_connect(chat, "/ws/room/other/") as c:
            await a.send(json.dumps({"text": "hi all"}))
            for ws in (a, b):
                got = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert got == {"text": "hi all"}
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(c.recv(), 0.5)
    run(talk())


def test_channels_refuses_a_foreign_origin(chat):
    """AllowedHostsOriginValidator: a page of another site (or a client
    that sends no Origin) gets 403, before any consumer runs."""
    import websockets.exceptions

    async def attempt(origin):
        with pytest.raises(websockets.exceptions.InvalidStatusCode) as e:
            async with ws_connect(chat, "/ws/echo/", origin=origin):
                pass
        return e.value.status_code
    assert run(attempt("http://evil.example")) == 403
    assert run(attempt(None)) == 403


def test_fastapi_example(httpd):
    require_debian_python("import fastapi", "python3-fastapi")
    require_debian_python("import websockets.client", "python3-websockets")
    srv = httpd(guide_config("asgi-fastapi-config", "api"), start=False)
    lay_out(srv, "fastapi", "api")
    srv.start()
    st, _, body = srv.get("/health")
    assert st == 200, body[:2000]
    assert json.loads(body) == {"ok": True, "user": USER_A}
    st, _, body = srv.request(
        "POST", "/items", body=json.dumps({"name": "tea", "price": 2.5}),
        headers={"Content-Type": "application/json"})
    assert (st, json.loads(body)) == (200, {"name": "tea",
                                            "price_with_tax": 3.0})
    assert srv.request("POST", "/items", body=b"{}",
                       headers={"Content-Type": "application/json"})[0] \
        == 422
    assert json.loads(srv.get("/report")[2]) == {"rows": 499500}
    st, _, body = srv.get("/openapi.json")
    assert st == 200 and b'"/items"' in body

    async def talk():
        async with ws_connect(srv, "/ws/echo") as ws:
            await ws.send("ping")
            assert await ws.recv() == "ping"
    run(talk())
