# Part of the body through the write() callable, the rest returned.
from wsgiref.validate import validator


def _app(environ, start_response):
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write(b'written-1;')
    write(b'written-2;')
    return [b'returned-3;', b'returned-4']


application = validator(_app)
