"""Application for bench/groups.py: one copy serves every daemon group.

The body says who answered, so the benchmark can tell that /gN reached
group gN, in a process of its own, under gN's user, and after a graceful
restart that a new process answers:

    <process group> <pid> <uid>\n

Standard library only; identical for mod_wsgi and mod_gateway.
"""

import os


def application(environ, start_response):
    body = ("%s %d %d\n" % (environ.get("mod_wsgi.process_group", "?"),
                            os.getpid(), os.getuid())).encode()
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]
