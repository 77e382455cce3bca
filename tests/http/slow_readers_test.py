"""Slow readers against the real binary with its default limits, plain HTTP,
loopback only.

600 connections from 127.0.0.1 (more than the 512 connection slots) each
pipeline 8 requests for /metrics (~150 KiB: 2000 port series from a generated
log) with a 2 KiB receive buffer, and then take only what that buffer holds
every 0.2 s (~13 KB/s): the server's writes to every one of them block, yet
no single wait reaches the 5 s write timeout, so each keeps its slot for as
long as its answers last. (A reader that takes nothing at all is closed after
that 5 s wait. On lo the 64 KiB MSS would also give each server socket a
4 MiB send buffer, enough for the 8 answers without ever blocking, so the
readers announce an Ethernet MSS of 1460.)

Before each of 10 scrapes from 127.0.0.2, every slot is held by such a reader
with bytes stuck in the server's send queue (/proc/net/tcp). Each scrape must
still be answered in full within 2 s: its connection has to replace a slow
reader of the busiest address (connections.h, MakeRoom's first step), as no
connection waits for request bytes. The server never writes to more than 512
at once, stays up, stops cleanly, and its RSS is reported.
"""
import http.client
import os
import resource
import shutil
import socket
import struct
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Checks, Exporter, line, scrape, wait_for  # noqa: E402

SLOTS = 512  # ServerOptions.limits.max_connections
READERS = 600
PORTS = 2000  # fwlog_packets_by_port_total keeps at most 2000 series
LAST_PORT = b'port="%d"' % (1000 + PORTS - 1)
PIPELINED = 8
REQUEST = b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
RCVBUF = 2048
MSS = 1460
TICK = 0.2
READER_ADDRESS, SCRAPER_ADDRESS = "127.0.0.1", "127.0.0.2"

c = Checks()
d = tempfile.mkdtemp(prefix="fwlog-slowread-")

# Descriptors: the readers here, and the exporter (which inherits the limit).
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
if soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
if max(soft, want) < READERS + 200:
    print(f"FAIL RLIMIT_NOFILE: {max(soft, want)} descriptors, {READERS + 200} needed")
    sys.exit(1)


def hex_address(ip):
    """An IPv4 address as /proc/net/tcp spells it (host byte order)."""
    return "%08X" % struct.unpack("=I", socket.inet_aton(ip))[0]


def server_side(port):
    """(held, stuck): the server's established connections from the readers'
    address, and those of them with bytes in the server's send queue. (The
    kernel lists the table a page per read, so a connection may come twice
    while others open and close: counted once, by its peer's port.)"""
    local, remote = f"{hex_address('127.0.0.1')}:{port:04X}", hex_address(READER_ADDRESS) + ":"
    queued = {}
    with open("/proc/net/tcp") as f:
        next(f)
        for raw in f:
            fields = raw.split()
            if fields[1] == local and fields[2].startswith(remote) and fields[3] == "01":
                queued[fields[2]] = int(fields[4].split(":")[0], 16)
    return len(queued), sum(1 for q in queued.values() if q > 0)


class SlowReaders:
    """Connections that ask for /metrics PIPELINED times at once and then, every
    TICK, take only what their small receive buffer holds. Meanwhile notes the
    most connections the server had bytes stuck for, and the exporter's RSS."""

    def __init__(self, port, exporter):
        self.port = port
        self.exporter = exporter
        self.socks = []
        self.opened = 0
        self.most_stuck = 0
        self.peak_rss_kib = 0
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def open(self, count):
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            # Before connect: the buffer sets the window, the MSS goes into the SYN.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, MSS)
            s.bind((READER_ADDRESS, 0))
            try:
                s.connect(("127.0.0.1", self.port))
                s.sendall(REQUEST * PIPELINED)
            except OSError:
                s.close()  # refused at once: the server was full
                continue
            s.setblocking(False)
            with self.lock:
                self.socks.append(s)
                self.opened += 1

    def run(self):
        while not self.done.wait(TICK):
            with self.lock:
                socks = list(self.socks)
            gone = []
            for s in socks:
                try:
                    if s.recv(1 << 16) == b"":
                        gone.append(s)
                except BlockingIOError:
                    pass
                except OSError:
                    gone.append(s)
            with self.lock:
                for s in gone:
                    self.socks.remove(s)
                    s.close()
            self.most_stuck = max(self.most_stuck, server_side(self.port)[1])
            rss = self.exporter.rss_kib()
            self.peak_rss_kib = max(self.peak_rss_kib, rss or 0)

    def close(self):
        self.done.set()
        self.thread.join()
        with self.lock:
            for s in self.socks:
                s.close()
            self.socks.clear()


def scrape_from(address, port):
    """(seconds, answered in full) for one /metrics scrape from `address`."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2, source_address=(address, 0))
    try:
        conn.request("GET", "/metrics", headers={"Connection": "close"})
        r = conn.getresponse()
        body = r.read()  # to Content-Length, else IncompleteRead
        whole = r.status == 200 and b"fwlog_build_info" in body and LAST_PORT in body
    except (OSError, http.client.HTTPException) as e:
        print(f"scrape failed: {e!r}")
        whole = False
    finally:
        conn.close()
    return time.monotonic() - t0, whole


log = f"{d}/router.log"
with open(log, "w") as f:
    for i in range(PORTS):
        f.write(line("2018-11-16T01:02:03+09:00", "192.168.1.5", 1000 + i) + "\n")
with open(f"{d}/fwlog.yml", "w") as f:
    f.write(f"""state_file: {d}/fwlog.state
inputs:
  - name: router
    path: {log}
    format: netfilter
    start_at: beginning
""")

ex = Exporter([f"--config.file={d}/fwlog.yml"])
port = ex.port
readers = None
start = time.monotonic()
try:
    def all_ports():
        text = scrape(port).encode()
        return text if LAST_PORT in text else None

    size = len(wait_for(all_ports, what="all port series"))
    rss_idle = ex.rss_kib()
    print(f"/metrics: {size} bytes; exporter RSS {rss_idle // 1024} MiB")
    c.true("/metrics (all 2000 port series) is far larger than what the sockets buffer", size > 100_000)
    readers = SlowReaders(port, ex)
    readers.open(READERS)

    def full():
        """Every slot held by a reader with bytes stuck in the server's send
        queue; opens readers for the slots that freed up."""
        held, stuck = server_side(port)
        if held < SLOTS:
            readers.open(SLOTS - held)
        return held == SLOTS and stuck == SLOTS

    wait_for(full, timeout=15, what="every slot held by a reader the server is stuck writing to")
    t_full = time.monotonic()
    rss_full = ex.rss_kib()
    print(f"{READERS} readers opened, {readers.opened - READERS} more to fill freed slots: the server holds "
          f"{SLOTS} and is stuck writing to all of them; RSS {rss_full // 1024} MiB")
    opened_full = readers.opened

    times = []
    answered = 0
    for i in range(10):
        # A scrape a second, as a scraper would: the readers hold their slots
        # well past the 5 s write timeout.
        time.sleep(max(0.0, t_full + i - time.monotonic()))
        wait_for(full, timeout=10, what="the slots filled again")
        seconds, whole = scrape_from(SCRAPER_ADDRESS, port)
        times.append(seconds)
        answered += whole
    still_stuck = server_side(port)[1]
    print(f"10 scrapes from {SCRAPER_ADDRESS} beside {SLOTS} stuck slow readers: {answered} answered in full, "
          f"slowest {max(times) * 1000:.0f} ms, median {sorted(times)[5] * 1000:.0f} ms")
    c.eq("every scrape answered in full", answered, 10)
    c.true("every scrape within 2 s", max(times) < 2.0)
    # The readers keep their slots while they read: the scrapes took one each.
    c.true("the readers still hold their slots after the scrapes", still_stuck >= SLOTS - 2)
    print(f"most connections the server was stuck writing to: {readers.most_stuck}; readers opened to refill "
          f"the slots during {time.monotonic() - t_full:.1f} s of scrapes: {readers.opened - opened_full}")
    c.true("the server never wrote to more than 512 at once", 0 < readers.most_stuck <= SLOTS)
    c.true("still up", ex.proc.poll() is None)
    print(f"exporter RSS: {rss_idle // 1024} MiB before the readers, {rss_full // 1024} MiB with every slot "
          f"held, peak {readers.peak_rss_kib // 1024} MiB")
    t_stop = time.monotonic()
    rc, err = ex.stop()
    print(f"SIGTERM with every slot held: exit {rc} after {time.monotonic() - t_stop:.1f} s")
    if rc != 0:
        print(err)
    c.eq("stops cleanly with every slot held", rc, 0)
finally:
    if readers is not None:
        readers.close()
    ex.stop()
    shutil.rmtree(d, ignore_errors=True)
print(f"whole test: {time.monotonic() - start:.1f} s")
c.finish()
