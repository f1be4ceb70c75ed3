# A generator body: 5 labelled chunks with 0.2 s between them.
import time
from wsgiref.validate import validator

CHUNKS = 5
DELAY = 0.2


def _app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])

    def gen():
        for i in range(CHUNKS):
            if i:
                time.sleep(DELAY)
            yield ('chunk-%d\n' % i).encode()

    return gen()


application = validator(_app)
