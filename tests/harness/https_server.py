#!/usr/bin/env python3
"""A real HTTPS server (Python's http.server + ssl) on 127.0.0.1 for the `drift` and
`discover` tests and bench.

Usage: https_server.py CERT.pem KEY.pem SITE_DIR [DELAY_MS]

Serves SITE_DIR/<Host header without port>/<path> for GET and HEAD: one process stands in for
many hosts, reached through `--connect-to`. A file named <path>.redirect holds a URL and
is answered with 301 to it; a missing file is a 404. DELAY_MS (default 0) is slept before
each answer, for the latency bench.

Prints the port, then "READY", and serves until stdin is closed.
"""

import http.server
import os
import socketserver
import ssl
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, body_wanted):
        time.sleep(self.server.delay)
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = self.path.split("?")[0].lstrip("/")
        base = os.path.realpath(os.path.join(self.server.site, host))
        full = os.path.realpath(os.path.join(base, path))
        if not full.startswith(base + os.sep):
            full = ""
        if full and os.path.isfile(full + ".redirect"):
            with open(full + ".redirect", encoding="utf-8") as f:
                location = f.read().strip()
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not full or not os.path.isfile(full):
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body_wanted:
                self.wfile.write(body)
            return
        size = os.path.getsize(full)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if body_wanted:
            with open(full, "rb") as f:
                try:
                    while chunk := f.read(65536):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    cert, key, site = sys.argv[1:4]
    delay = int(sys.argv[4]) / 1000 if len(sys.argv) > 4 else 0
    server = Server(("127.0.0.1", 0), Handler)
    server.site = os.path.realpath(site)
    server.delay = delay
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    print("READY", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
