# Returns the WSGI environ as JSON: every str-valued entry, the wsgi.* flags
# and the list of all keys.
import json
from wsgiref.validate import validator

FLAGS = ('wsgi.url_scheme', 'wsgi.multithread', 'wsgi.multiprocess',
         'wsgi.run_once', 'wsgi.input_terminated')


def _app(environ, start_response):
    out = {k: v for k, v in environ.items() if isinstance(v, str)}
    for k in FLAGS:
        out[k] = environ.get(k)
    out['wsgi.version'] = list(environ.get('wsgi.version', ()))
    out['__keys__'] = sorted(environ.keys())
    body = json.dumps(out, sort_keys=True).encode('utf-8')
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]


application = validator(_app)
