# Counts its calls in a module-level variable of a module it imports, so a
# test can tell which interpreter (application group) served it.
import json
import sys
from wsgiref.validate import validator

probe = sys.modules.setdefault('gw_probe_state', type(sys)('gw_probe_state'))
probe.calls = getattr(probe, 'calls', 0)


def _app(environ, start_response):
    probe.calls += 1
    body = json.dumps({'calls': probe.calls,
                       'group': environ.get('mod_wsgi.application_group'),
                       'modules_id': id(sys.modules)}).encode()
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body]


application = validator(_app)
