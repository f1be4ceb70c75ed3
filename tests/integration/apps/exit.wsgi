# Ends its daemon process at once with os._exit(?code=N) (default 3), as
# an application (or a C extension) calling exit itself would.
import os
import urllib.parse
from wsgiref.validate import validator


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    os._exit(int(q.get('code', ['3'])[0]))


application = validator(_app)
