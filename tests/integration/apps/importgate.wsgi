# A WSGIImportScript that holds the process's start until the file
# importgate.open appears beside it: a process "starting" for as long as
# a test wants (the status page, gateway-ctl restart --wait).
import os
import time

_gate = os.path.join(os.path.dirname(__file__), 'importgate.open')
while not os.path.exists(_gate):
    time.sleep(0.05)
