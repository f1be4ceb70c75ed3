# A script no configuration delegates to any daemon group.  If a daemon
# ever imports it, <server root>/scratch/evil-imported appears.
import os

_MARK = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), 'scratch', 'evil-imported')

with open(_MARK, 'a') as f:
    f.write('imported by pid %d uid %d\n' % (os.getpid(), os.getuid()))


def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'evil ran']
