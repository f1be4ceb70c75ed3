# GET: 2 MiB as 32 chunks of 64 KiB (the relay's buffer size), so that the
# Apache child receives every chunk as a large BODY frame.
# GET ?one: one chunk of ONE_SIZE patterned bytes (a single BODY frame
# larger than a relay buffer) and a short tail; ?one&declare=N says
# Content-Length: N instead of the true length.
CHUNK = b"z" * 65536
COUNT = 32
ONE_SIZE = 3 * 65536 + 4099
ONE = bytes((i * 7 + i // 251) & 0xff for i in range(ONE_SIZE))
TAIL = b"-end"


def application(environ, start_response):
    query = environ.get('QUERY_STRING', '')
    if query.startswith('one'):
        declare = len(ONE) + len(TAIL)
        if 'declare=' in query:
            declare = int(query.split('declare=')[1])
        start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                                  ('Content-Length', str(declare))])
        return [ONE, TAIL]
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(len(CHUNK) * COUNT))])
    return (CHUNK for _ in range(COUNT))
