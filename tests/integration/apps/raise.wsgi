# Raises before start_response: the gateway must answer 500 and log the
# traceback.
from wsgiref.validate import validator


def _app(environ, start_response):
    raise RuntimeError('boom-marker')


application = validator(_app)
