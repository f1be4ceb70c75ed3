# The mod_wsgi API as an application sees it (test_modwsgi_api.py), as
# JSON: every mod_wsgi.* environ key with its type and value, the wsgi.*
# flags, the mod_wsgi module's attribute names and types, its values and
# what its functions return.  ?subscribe=PATH registers a shutdown
# callback (mod_wsgi.subscribe_shutdown) that writes what it was called
# with to PATH (and then sleeps &sleep=N seconds); with &raise=1 a callback
# that raises comes before it.
# `other` is the same application, for callable-object=other, and so is
# `handle_request`, what mod_wsgi calls in a WSGIHandlerScript.
import json
import os
import time
from urllib.parse import parse_qs
from wsgiref.validate import validator

VALUES = ('version', 'process_group', 'application_group',
          'maximum_processes', 'threads_per_process')
FLAGS = ('wsgi.run_once', 'wsgi.multiprocess', 'wsgi.multithread')


def _jsonable(v):
    return list(v) if isinstance(v, tuple) else v


def _writer(path, sleep):
    def callback(event, **kwargs):
        with open(path, 'w') as f:
            json.dump({'event': event, 'kwargs': kwargs, 'pid': os.getpid()},
                      f)
        time.sleep(sleep)
    return callback


def _raising(event, **kwargs):
    raise RuntimeError('shutdown-callback-marker')


def _app(environ, start_response):
    import mod_wsgi
    qs = parse_qs(environ.get('QUERY_STRING', ''))
    if 'subscribe' in qs:
        if 'raise' in qs:
            mod_wsgi.subscribe_shutdown(_raising)
        mod_wsgi.subscribe_shutdown(_writer(qs['subscribe'][0],
                                            float(qs.get('sleep', ['0'])[0])))
    out = {
        'environ': {k: [type(v).__name__, _jsonable(v)]
                    for k, v in environ.items() if k.startswith('mod_wsgi.')},
        'SCRIPT_NAME': environ['SCRIPT_NAME'],
        'PATH_INFO': environ['PATH_INFO'],
        'SCRIPT_FILENAME': environ['SCRIPT_FILENAME'],
        'module': {n: type(getattr(mod_wsgi, n)).__name__
                   for n in dir(mod_wsgi) if not n.startswith('__')},
        'values': {n: _jsonable(getattr(mod_wsgi, n)) for n in VALUES},
        'shutdown_callbacks': len(mod_wsgi.shutdown_callbacks),
        'file_wrapper': mod_wsgi.FileWrapper is environ['wsgi.file_wrapper'],
        'process_metrics': mod_wsgi.process_metrics(),
        'server_metrics': mod_wsgi.server_metrics(),
        'pid': os.getpid(),
    }
    for k in FLAGS:
        out[k] = environ[k]
    body = json.dumps(out, sort_keys=True).encode('utf-8')
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
other = validator(_app)
handle_request = validator(_app)
