# Answers with the daemon process's pid (recycling tests).
import os


def application(environ, start_response):
    body = str(os.getpid()).encode()
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    return [body]
