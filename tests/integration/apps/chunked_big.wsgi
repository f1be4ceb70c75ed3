# GET: 2 MiB as 32 chunks of 64 KiB (the relay's buffer size), so that the
# Apache child receives every chunk as a large BODY frame.
CHUNK = b"z" * 65536
COUNT = 32


def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(len(CHUNK) * COUNT))])
    return (CHUNK for _ in range(COUNT))
