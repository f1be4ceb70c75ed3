"""ASGI 3.0 applications in daemon mode (protocol=asgi, docs/asgi.md):
the scope, request bodies streamed in, responses streamed out, the
lifespan protocol, errors, real frameworks from Debian (Starlette,
FastAPI, Django's ASGI handler) and a WSGI group beside an ASGI one in
one Apache.

The applications are in tests/integration/fixtures/asgi, copied into
each server's root as @ROOT@/asgi."""

from conftest import USER_A


def test_protocol_value_is_checked_at_configtest(httpd):
    """protocol= takes wsgi or asgi; anything else fails configtest with
    its id and both choices, and the same line with asgi passes."""
    srv = httpd("WSGIDaemonProcess p user=%s protocol=asgl\n" % USER_A,
                start=False)
    rc, out = srv.configtest()
    assert rc != 0, out
    assert "GW02240" in out and "protocol=asgl" in out, out
    assert "wsgi" in out and "asgi" in out, out
    srv.write_config("WSGIDaemonProcess p user=%s protocol=ASGI\n" % USER_A)
    rc, out = srv.configtest()
    assert rc == 0, out
