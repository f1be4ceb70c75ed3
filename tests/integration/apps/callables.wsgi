# Several WSGI callables in one script, each answering its own name, for
# WSGICallableObject and callable-object=; `notcallable` is not one.
from wsgiref.validate import validator


def _answering(name):
    body = name.encode()

    def _app(environ, start_response):
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Content-Length', str(len(body)))])
        return [body]
    return validator(_app)


application = _answering('application')
app = _answering('app')
other = _answering('other')
notcallable = 42
