"""Slow-trickle (slowloris) and silent clients against the real binary with
its default limits, plain HTTP and TLS, loopback only.

Plain: 600 connections (more than the 512 connection slots, and far more than
the 16 request turns) each send one request byte per second and never finish,
50 more send nothing. TLS: 200 connections trickle a ClientHello a byte per
second, 100 finish the handshake and then trickle the request. Meanwhile
/metrics must answer every scrape within 2 s, and the server itself must
close every trickling connection (at the latest at the 10 s request deadline).
"""
import os
import select
import socket
import ssl
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Checks, Exporter, make_certs, wait_for  # noqa: E402

REQUEST = b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
DEADLINE = 10.0  # ServerOptions.limits.request_timeout
c = Checks()
d = tempfile.mkdtemp(prefix="fwlog-slow-")
make_certs(d)


class Trickler:
    """Sends one more byte of `data` down each open connection every second
    and notes when the server has closed it."""

    def __init__(self):
        self.conns = []  # [sock, data, next byte, started, closed_at]
        self.done = False
        self.thread = threading.Thread(target=self.run, daemon=True)

    def add(self, sock, data, sent=0):
        sock.setblocking(False)
        self.conns.append([sock, data, sent, time.monotonic(), None])

    @staticmethod
    def closed(sock):
        if not select.select([sock], [], [], 0)[0]:
            return False
        try:
            return sock.recv(4096) == b""
        except (ssl.SSLWantReadError, BlockingIOError):
            return False
        except (OSError, ssl.SSLError):
            return True

    def run(self):
        while not self.done:
            for conn in self.conns:
                sock, data, sent, _, closed_at = conn
                if closed_at is not None:
                    continue
                try:
                    if self.closed(sock):
                        raise ConnectionResetError
                    if sent < len(data):
                        sock.send(data[sent:sent + 1])
                        conn[2] = sent + 1
                except (OSError, ssl.SSLError):
                    conn[4] = time.monotonic()
            time.sleep(1.0)

    def open_count(self):
        return sum(1 for conn in self.conns if conn[4] is None)

    def wait_all_closed(self, limit):
        end = time.monotonic() + limit
        while self.open_count() and time.monotonic() < end:
            time.sleep(0.2)
        self.done = True
        self.thread.join()
        lifetimes = [conn[4] - conn[3] for conn in self.conns if conn[4] is not None]
        for conn in self.conns:
            conn[0].close()
        return len(self.conns) - len(lifetimes), max(lifetimes, default=0)


def scrapes(url, context=None, count=10):
    """(answered, slowest seconds) over `count` scrapes."""
    answered, slowest = 0, 0.0
    for _ in range(count):
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as r:
                if r.status == 200 and b"fwlog_build_info" in r.read():
                    answered += 1
        except Exception as e:  # noqa: BLE001
            if count > 1:
                print(f"scrape failed: {e!r}")
        slowest = max(slowest, time.monotonic() - t0)
        time.sleep(0.3)
    return answered, slowest


# 1. Plain HTTP.
ex = Exporter([])
port = ex.port
try:
    url = f"http://127.0.0.1:{port}/metrics"
    wait_for(lambda: scrapes(url, count=1)[0] == 1, what="server up")
    t = Trickler()
    silent = []
    for _ in range(600):
        s = socket.create_connection(("127.0.0.1", port))
        s.send(REQUEST[:1])
        t.add(s, REQUEST, 1)
    for _ in range(50):
        silent.append(socket.create_connection(("127.0.0.1", port)))
    t.thread.start()
    time.sleep(1.5)
    answered, slowest = scrapes(url)
    print(f"plain: 10 scrapes beside 600 trickling + 50 silent connections: {answered} answered, "
          f"slowest {slowest * 1000:.0f} ms")
    c.eq("plain: every scrape answered beside 600 trickling connections", answered, 10)
    c.true("plain: every scrape within 2 s", slowest < 2.0)
    still_open, longest = t.wait_all_closed(DEADLINE + 8)
    print(f"plain: trickling connections still open: {still_open}; longest lived {longest:.1f} s")
    c.eq("plain: the server closed every trickling connection", still_open, 0)
    c.true("plain: none outlived the request deadline by more than 3 s", longest < DEADLINE + 3)
    for s in silent:
        s.close()
    c.true("plain: still up", ex.proc.poll() is None)
finally:
    ex.stop()

# 2. TLS: trickled handshakes and trickled requests after a handshake.
with open(f"{d}/web.yml", "w") as f:
    f.write("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n")
context = ssl.create_default_context(cafile=f"{d}/ca.crt")
ex = Exporter([f"--web.config.file={d}/web.yml"])
port = ex.port
try:
    url = f"https://127.0.0.1:{port}/metrics"
    wait_for(lambda: scrapes(url, context, count=1)[0] == 1, what="TLS server up")
    hello_out = ssl.MemoryBIO()
    probe = context.wrap_bio(ssl.MemoryBIO(), hello_out, server_hostname="localhost")
    try:
        probe.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = hello_out.read()
    t = Trickler()
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", port))
        s.send(hello[:1])
        t.add(s, hello, 1)
    for _ in range(100):
        s = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
        s.send(REQUEST[:1])
        t.add(s, REQUEST, 1)
    t.thread.start()
    time.sleep(1.5)
    answered, slowest = scrapes(url, context)
    print(f"TLS: 10 scrapes beside 200 trickled handshakes + 100 trickled requests: {answered} answered, "
          f"slowest {slowest * 1000:.0f} ms")
    c.eq("TLS: every scrape answered beside 300 trickling connections", answered, 10)
    c.true("TLS: every scrape within 2 s", slowest < 2.0)
    still_open, longest = t.wait_all_closed(DEADLINE + 8)
    print(f"TLS: trickling connections still open: {still_open}; longest lived {longest:.1f} s")
    c.eq("TLS: the server closed every trickling connection", still_open, 0)
    c.true("TLS: none outlived the request deadline by more than 3 s", longest < DEADLINE + 3)
    c.true("TLS: still up", ex.proc.poll() is None)
finally:
    ex.stop()

c.finish()
