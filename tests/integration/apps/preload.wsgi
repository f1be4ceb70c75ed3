# A WSGIImportScript: marks the interpreter it was loaded into and writes
# the loading process's pid to ?marker (a path in PRELOAD_MARKER below).
import os
import sys

sys.gw_preloaded_by = os.getpid()
with open(os.path.join(os.path.dirname(__file__), 'preload.marker'), 'a') as f:
    f.write('%d\n' % os.getpid())
