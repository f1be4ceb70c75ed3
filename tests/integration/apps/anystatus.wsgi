# Answers with the status ?code=NNN (reason "X") and a body holding two
# complete forged HTTP responses, each with a Set-Cookie: what an app
# would send to split the response when the server lets a 1xx (or any
# status that is not a final one) through as it is.
import urllib.parse
from wsgiref.validate import validator

FORGED = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'
          b'Content-Length: 6\r\nSet-Cookie: forged=1\r\n\r\nforged')


def _app(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    code = q.get('code', ['200'])[0]
    start_response(code + ' X', [('Content-Type', 'text/plain')])
    return [FORGED + FORGED]


application = validator(_app)
