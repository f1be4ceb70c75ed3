# Reports the interpreter's prefixes and whether a module only the venv
# holds can be imported.
import json
import sys
from wsgiref.validate import validator


def _app(environ, start_response):
    try:
        import only_in_venv
        found = only_in_venv.MARK
    except ImportError:
        found = None
    body = json.dumps({'prefix': sys.prefix, 'base_prefix': sys.base_prefix,
                       'found': found}).encode()
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body]


application = validator(_app)
