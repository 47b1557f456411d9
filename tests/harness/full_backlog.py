#!/usr/bin/env python3
"""A TCP listener on 127.0.0.1 whose accept queue is full: it never accepts, and one
connection of its own fills the queue (backlog 0 holds one), so the kernel drops every
further connection request and a client's connect times out, exactly as when a firewall
drops the port. Prints the port, then "READY", and holds until stdin is closed."""

import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(0)
port = listener.getsockname()[1]
fillers = []
# Fill the queue: connect until a connection request is no longer answered.
for _ in range(8):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.3)
    try:
        s.connect(("127.0.0.1", port))
        fillers.append(s)
    except OSError:
        s.close()
        break
else:
    raise SystemExit("the accept queue did not fill up")
print(port, flush=True)
print("READY", flush=True)
sys.stdin.read()
