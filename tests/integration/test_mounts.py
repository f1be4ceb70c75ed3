"""How URLs reach a WSGIScriptAlias mount, as in mod_wsgi."""

import os


def test_alias_inside_root_mount_serves_static_files(httpd):
    srv = httpd("""
WSGIDaemonProcess site processes=1 threads=2
Alias /static/ @ROOT@/static/
WSGIScriptAlias / @APPS@/hello.wsgi process-group=site
<Directory @APPS@>
    Require all granted
</Directory>
<Directory @ROOT@/static>
    Require all granted
</Directory>
""", start=False)
    os.makedirs(os.path.join(srv.root, "static"), mode=0o755)
    with open(os.path.join(srv.root, "static", "style.css"), "w") as f:
        f.write("body { color: red }\n")
    os.chmod(os.path.join(srv.root, "static", "style.css"), 0o644)
    srv.start()
    st, _, body = srv.request("GET", "/static/style.css")
    assert st == 200
    assert body == b"body { color: red }\n"
    st, _, body = srv.request("GET", "/anything/else")
    assert st == 200
    assert body == b"Hello World!"


def test_mount_matches_whole_path_segments(httpd):
    srv = httpd("""
WSGIDaemonProcess m processes=1 threads=2
WSGIScriptAlias /app @APPS@/hello.wsgi process-group=m
<Directory @APPS@>
    Require all granted
</Directory>
""")
    assert srv.request("GET", "/app")[0] == 200
    assert srv.request("GET", "/app/x")[0] == 200
    assert srv.request("GET", "/apple")[0] == 404
