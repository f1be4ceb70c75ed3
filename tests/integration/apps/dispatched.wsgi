# The application behind test_dispatch_script.py's dispatch script: each
# callable answers JSON with its own name, the daemon group, interpreter
# and user that ran it, and the body it read (exactly CONTENT_LENGTH, or
# up to the end of a chunked body).
import json
import os
from wsgiref.validate import validator


def _body(environ):
    inp = environ["wsgi.input"]
    cl = environ.get("CONTENT_LENGTH", "")
    if cl:
        return inp.read(int(cl))
    out = b""
    while True:
        data = inp.read(65536)
        if not data:
            return out
        out += data


def _answering(name):
    def _app(environ, start_response):
        body = json.dumps({
            "callable": name,
            "uid": os.getuid(),
            "pid": os.getpid(),
            "process_group": environ.get("mod_wsgi.process_group"),
            "application_group": environ.get("mod_wsgi.application_group"),
            "callable_object": environ.get("mod_wsgi.callable_object"),
            "body": _body(environ).decode("latin-1"),
        }).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    return validator(_app)


application = _answering("application")
other = _answering("other")
handle_request = _answering("handle_request")      # WSGIHandlerScript
