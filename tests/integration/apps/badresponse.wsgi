# Responses a WSGI server must not pass on as they are, by ?mode=:
#   crlf   a header value carrying "\r\nSet-Cookie: x=y" (header injection)
#   te     Transfer-Encoding: chunked (hop-by-hop, forbidden by PEP 3333)
#   conn   Connection: close (hop-by-hop)
#   trailer Trailer: X-Sum (hop-by-hop; the daemon's list once lacked it)
#   short  Content-Length: 100 but only 10 body bytes
#   long   Content-Length: 10 but 100 body bytes
#   short-stream  Content-Length: 100, 10 bytes sent by write() (flushed
#                 at once), then the response ends
#   long-stream   Content-Length: 10, 10 bytes by write(), then a whole
#                 forged HTTP response by write(): response splitting
#   dup-cl two different Content-Length headers, body streamed
#   nul    a header value carrying a NUL byte ("a\x00b")
#   badname a header name that is not an HTTP token ("X Bad:Name")
#   ok     a plain 200 "fine"
import time
import urllib.parse

FORGED = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'
          b'Content-Length: 6\r\nSet-Cookie: forged=1\r\n\r\nforged')


def application(environ, start_response):
    q = urllib.parse.parse_qs(environ.get('QUERY_STRING', ''))
    mode = q.get('mode', ['ok'])[0]
    if mode == 'crlf':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('X-Note', 'a\r\nSet-Cookie: x=y')])
        return [b'injected']
    if mode == 'nul':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('X-Note', 'a\x00b')])
        return [b'nul-body']
    if mode == 'badname':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('X Bad:Name', 'v')])
        return [b'badname-body']
    if mode == 'te':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Transfer-Encoding', 'chunked')])
        return [b'5\r\nhello\r\n0\r\n\r\n']
    if mode == 'conn':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Connection', 'close')])
        return [b'conn']
    if mode == 'trailer':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Trailer', 'X-Sum')])
        return [b'trailer']
    if mode == 'short':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Content-Length', '100')])
        return [b'0123456789']
    if mode == 'long':
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Content-Length', '10')])
        return [b'x' * 100]
    if mode == 'short-stream':
        write = start_response('200 OK', [('Content-Type', 'text/plain'),
                                          ('Content-Length', '100')])
        write(b'0123456789')
        time.sleep(0.3)
        return []
    if mode == 'long-stream':
        write = start_response('200 OK', [('Content-Type', 'text/plain'),
                                          ('Content-Length', '10')])
        write(b'0123456789')
        time.sleep(0.3)
        write(FORGED)
        return []
    if mode == 'dup-cl':
        write = start_response('200 OK', [('Content-Type', 'text/plain'),
                                          ('Content-Length', '4'),
                                          ('Content-Length', '40')])
        write(b'fine')
        time.sleep(0.3)
        return []
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', '4')])
    return [b'fine']
