"""What an application, or code in its daemon process, cannot make the
client or the sysadmin see (docs/SECURITY.md properties 7 and 9), and what
a process of Apache's User cannot read from an Apache child.

Each test performs the attack and asserts what its target observes: the
bytes a pipelined HTTP client reads, the lines of error.log, whether
/proc/PID/mem opens.
"""

import os
import re
import socket
import time

import pytest

from conftest import (APACHE, APACHE_USER, REFERENCE, USER_A, USER_B, poll,
                      shared_server)
from test_security import (FRAME_ABORT, FRAME_START, frame_types,
                           group_socket, parse_responses, raw_request,
                           read_http_stream, request_vars)


# --------------------------------------------------------------------------
# 1. response splitting through a status that is not a final one
# --------------------------------------------------------------------------

SPLIT_CONFIG = """
WSGIDaemonProcess sa user=%s processes=1 threads=2
WSGIDaemonProcess raw user=%s processes=1 threads=1
WSGIDaemonProcess sb user=%s processes=1 threads=2
WSGIScriptAlias /status @APPS@/anystatus.wsgi process-group=sa application-group=%%{GLOBAL}
WSGIScriptAlias /raw @APPS@/rawframes.wsgi process-group=raw application-group=%%{GLOBAL}
WSGIScriptAlias /hello @APPS@/hello.wsgi process-group=sb application-group=%%{GLOBAL}
""" % (USER_A, USER_A, USER_B)


split_module, split = shared_server(SPLIT_CONFIG, "split", "split")


@pytest.mark.parametrize("path,group", [
    ("/status?code=100", "sa"), ("/status?code=101", "sa"),
    ("/status?code=103", "sa"), ("/status?code=199", "sa"),
    ("/status?code=600", "sa"), ("/status?code=999", "sa"),
    ("/raw?mode=status&code=100", "raw"),
    ("/raw?mode=status&code=103", "raw"),
    ("/raw?mode=status&code=600", "raw")])
def test_status_that_is_not_final_cannot_split_the_response(split, path,
                                                            group):
    """Two pipelined requests on one keep-alive connection: the first to
    an app (group sa, gwtest-a; or raw frames written behind
    start_response's back) whose status is 1xx or above 599 and whose body
    holds two complete HTTP responses with a Set-Cookie; the second to
    group sb (gwtest-b).  A client that took the 1xx for an interim
    response would read the app's forged responses as the answers to both
    requests, the second belonging to another user's application.

    The client must get a 502 for the first request, then sb's real
    answer or nothing; no forged byte ever."""
    srv = split
    srv.wait_ok("/hello")
    req = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
           "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
           "\r\n" % path).encode()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(req)
        data = read_http_stream(s)
    print("%s: %r" % (path, data))
    assert b"forged" not in data, data
    assert b"Set-Cookie" not in data, data
    resps = parse_responses(data)
    assert resps and all("garbage" not in r for r in resps), resps
    first, rest = resps[0], resps[1:]
    assert first["status"].startswith(b"HTTP/1.1 502 ") and \
        first["complete"], resps
    # Then /hello's own answer, or the connection closed: nothing else.
    assert len(rest) <= 1, resps
    if rest:
        assert rest[0]["status"].startswith(b"HTTP/1.1 200 "), resps
        assert rest[0]["body"] == b"Hello World!", resps
    code = re.search(r"code=(\d+)", path).group(1)
    srv.expect_log(r"GW01060: daemon process \d+ of group '%s' sent status "
                   r"'%s X', which is not a final status \(200-599\); "
                   r"answering 502" % (group, code))
    srv.allow_log(r"GW0502[01]")


# --------------------------------------------------------------------------
# 2. FILE frames: a descriptor that cannot be read is refused
# --------------------------------------------------------------------------

FILE_CONFIG = """
WSGIDaemonProcess files user=%s processes=1 threads=1
WSGIScriptAlias /raw @APPS@/rawframes.wsgi process-group=files application-group=%%{GLOBAL}
WSGIScriptAlias /opath @APPS@/opathwrap.wsgi process-group=files application-group=%%{GLOBAL}
""" % USER_A

files_module, files = shared_server(FILE_CONFIG, "files", "files")


@pytest.mark.parametrize("how", ["raw-frame", "file-wrapper"])
def test_o_path_descriptor_in_a_file_frame_is_refused(files, how):
    """A descriptor opened with O_PATH passes fstat() as a regular file
    and its access mode bits read as O_RDONLY, yet nothing can be read
    from it.  Handed over in a FILE frame (by a raw frame with
    SCM_RIGHTS, or by wsgi.file_wrapper over a file object whose fileno()
    is such a descriptor), the Apache child refuses it (GW01036) before
    Apache's sendfile() fails on it: the client gets a 502, never the
    500 of a failed sendfile, and the log says why."""
    srv = files
    if how == "raw-frame":
        path = "/raw?mode=opath"
    else:
        path = "/opath?path=%s" % os.path.join(srv.scratch, "opath.bin")
    st, hd, body = srv.get(path)
    assert st == 502, (st, hd, body[:300])
    assert b"xxxx" not in body and b"O_PATH" not in body, body[:300]
    srv.expect_log(r"GW01036: daemon process \d+ of group 'files' passed a "
                   r"descriptor that is not a readable regular file holding "
                   r"bytes 0\+\d+ \(not open for reading \(O_PATH or "
                   r"O_WRONLY\)\); refused")
    srv.allow_log(r"GW0502[01]")
