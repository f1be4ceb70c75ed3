"""Application for bench/reliability.py (dispatch on PATH_INFO).

  /slow  sleeps 50 ms, then a 2-byte body: a burst's handler
  /leak  keeps 5 MiB more for good on every request, as a leaking
         application does, and answers with its pid

Standard library only; identical for mod_wsgi and mod_gateway.
"""

import os
import time

_kept = []


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/leak":
        block = bytearray(5 << 20)
        for i in range(0, len(block), 4096):     # resident, not reserved
            block[i] = 1
        _kept.append(block)
        body = str(os.getpid()).encode()
    else:
        time.sleep(0.05)
        body = b"ok"
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]
