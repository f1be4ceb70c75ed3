"""PEP 3333 details as an application sees them: start_response() with
exc_info before and after the headers went out, the wsgi.multiprocess and
wsgi.multithread flags by processes=/threads=, and response headers the
application gets wrong."""

import http.client
import json

import pytest

from conftest import shared_server

CONFIG = """
WSGIDaemonProcess one processes=1 threads=2
WSGIDaemonProcess two processes=2 threads=1
WSGIDaemonProcess dflt threads=1
WSGIScriptAlias /exc @APPS@/excinfo.wsgi process-group=one application-group=%{GLOBAL}
WSGIScriptAlias /bad @APPS@/badresponse.wsgi process-group=one application-group=%{GLOBAL}
WSGIScriptAlias /env-one @APPS@/environ.wsgi process-group=one application-group=%{GLOBAL}
WSGIScriptAlias /env-two @APPS@/environ.wsgi process-group=two application-group=%{GLOBAL}
WSGIScriptAlias /env-dflt @APPS@/environ.wsgi process-group=dflt application-group=%{GLOBAL}
"""


pep_module, pep = shared_server(CONFIG, "pep3333", "pep")


def environ_of(srv, path):
    st, hd, body = srv.get(path)
    assert st == 200, body[:2000]
    return json.loads(body)


# --------------------------------------------------------------------------
# start_response(status, headers, exc_info)
# --------------------------------------------------------------------------

def test_exc_info_before_headers_are_sent_replaces_status_and_headers(pep):
    st, hd, body = pep.get("/exc?mode=before")
    assert (st, hd.get("X-Replaced"), body) == (503, "yes", b"replaced")
    assert "X-Early" not in hd, hd
    # Replacing the response is not a failure: nothing is logged.
    assert "early-marker" not in pep._log_since_mark()


def test_exc_info_after_headers_are_sent_reraises_and_cuts_the_response(
        pep):
    """Too late to change the response: start_response() re-raises the
    exception (PEP 3333), it leaves the application, and the client,
    which has the 200 and the first bytes already, sees the response cut
    short (no end of the chunked body), never a clean end."""
    conn = pep.connection()
    try:
        conn.request("GET", "/exc?mode=after")
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.headers.get("Transfer-Encoding") == "chunked"
        with pytest.raises((http.client.IncompleteRead, ConnectionError)) \
                as ei:
            resp.read()
        if isinstance(ei.value, http.client.IncompleteRead):
            assert ei.value.partial == b"partial", ei.value.partial
    finally:
        conn.close()
    # The exception the application passed in is what was re-raised.
    pep.expect_log(r"GW04060: the application raised an exception in WSGI "
                   r"script \S+/excinfo\.wsgi")
    pep.expect_log(r"GW04061: RuntimeError: late-marker")
    pep.expect_log(r"GW01010: application in daemon group 'one' \(pid \d+\) "
                   r"failed: RuntimeError: late-marker; response cut short")
    pep.allow_log(r"GW0406[01]")
    assert "not reached" not in pep._log_since_mark()


# --------------------------------------------------------------------------
# wsgi.multiprocess / wsgi.multithread
# --------------------------------------------------------------------------

def test_multiprocess_and_multithread_flags(pep):
    """mod_wsgi's rule, followed here: wsgi.multiprocess is True when the
    group is given processes= at all (even processes=1: the administrator
    said the application must cope with several processes), False without
    the option; wsgi.multithread is True when threads= is above 1."""
    one = environ_of(pep, "/env-one")
    two = environ_of(pep, "/env-two")
    dflt = environ_of(pep, "/env-dflt")
    assert (two["wsgi.multiprocess"], two["wsgi.multithread"]) == \
        (True, False)
    assert (one["wsgi.multiprocess"], one["wsgi.multithread"]) == \
        (True, True)
    assert (dflt["wsgi.multiprocess"], dflt["wsgi.multithread"]) == \
        (False, False)
    for env in (one, two, dflt):
        assert env["wsgi.run_once"] is False


# --------------------------------------------------------------------------
# response headers an application gets wrong
# --------------------------------------------------------------------------

@pytest.mark.parametrize("mode,error", [
    ("nul", r"ValueError: invalid value 'a(\\)+x00b' of response header "
            r"'X-Note'"),
    ("badname", r"ValueError: invalid response header name 'X Bad:Name'")])
def test_invalid_response_header_gives_500_and_a_log_line(pep, mode, error):
    st, hd, body = pep.get("/bad?mode=" + mode)
    assert st == 500, (st, body[:500])
    assert "X-Note" not in hd and "X Bad" not in str(hd)
    assert mode.encode() + b"-body" not in body
    pep.expect_log(r"GW04060: the application raised an exception in WSGI "
                   r"script \S+/badresponse\.wsgi")
    pep.expect_log(r"GW01010: application in daemon group 'one' \(pid \d+\) "
                   r"failed: %s.*; answering 500" % error)
    pep.allow_log(r"GW0406[01]")
