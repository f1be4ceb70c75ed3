# examples/hello.wsgi - the demo application (make demo).
import os
import pwd
import sys


def application(environ, start_response):
    user = pwd.getpwuid(os.getuid()).pw_name
    body = (
        "Hello from mod_gateway!\n\n"
        f"daemon process {os.getpid()} runs as {user} (uid {os.getuid()})\n"
        f"process group:     {environ.get('mod_wsgi.process_group')}\n"
        f"application group: {environ.get('mod_wsgi.application_group')!r}\n"
        f"Python {sys.version.split()[0]}\n"
        f"SCRIPT_NAME={environ.get('SCRIPT_NAME')!r} "
        f"PATH_INFO={environ.get('PATH_INFO')!r}\n"
    ).encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                              ("Content-Length", str(len(body)))])
    return [body]
