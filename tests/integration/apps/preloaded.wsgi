# Reports whether the interpreter serving it was preloaded, and by whom.
import json
import os
import sys
from wsgiref.validate import validator


def _app(environ, start_response):
    body = json.dumps({'pid': os.getpid(),
                       'preloaded_by': getattr(sys, 'gw_preloaded_by', None)})
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body.encode()]


application = validator(_app)
