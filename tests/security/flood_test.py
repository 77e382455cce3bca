"""Junk floods (loopback, bounded): random bytes, 1 MiB lines and half lines
to a UDP and a TCP syslog listener and to a followed file, with N good lines
mixed in. Exactly N are counted, the process stays up, and its RSS stays
under RSS_BOUND_MIB."""
import os
import random
import socket
import tempfile
import time

from seclib import Checks, Exporter, line, parse_metrics, scrape, value, wait_for

RSS_BOUND_MIB = 64
GOOD_FILE, GOOD_TCP, GOOD_UDP = 500, 500, 300
rng = random.Random(7)
c = Checks()
d = tempfile.mkdtemp(prefix="fwlog-flood-")
log = f"{d}/router.log"
open(log, "w").close()
with open(f"{d}/fwlog.yml", "w") as f:
    f.write(f"""inputs:
  - name: file
    path: {log}
    format: netfilter
    start_at: beginning
  - name: udp
    syslog: {{listen: "127.0.0.1:0", protocol: udp}}
    format: netfilter
  - name: tcp
    syslog: {{listen: "127.0.0.1:0", protocol: tcp}}
    format: netfilter
""")


def good(i):
    return line("2018-11-16T01:02:03+09:00", "133.243.3.%d" % (i % 250 + 1), 23)


def junk():
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))).replace(b"\n", b"")
    if kind == 1:
        return good(0)[: rng.randrange(10, 60)].encode()  # half a line: never reaches SRC=
    if kind == 2:
        return b"DROP " + b"A" * rng.randrange(1000, 20000)
    return b"not a firewall line at all"


ex = Exporter([f"--config.file={d}/fwlog.yml"], syslog=["udp", "tcp"])
port, udp_port, tcp_port = ex.port, ex.syslog["udp"], ex.syslog["tcp"]
start = time.monotonic()
peak_rss = 0
try:
    wait_for(lambda: scrape(port, "/-/healthy"), what="server up")
    time.sleep(0.5)
    # File: junk, a 1 MiB line, good lines; a half line at the very end stays pending.
    with open(log, "ab") as f:
        f.write(b"X" * (1 << 20) + b"\n")
        for i in range(GOOD_FILE):
            f.write(junk() + b"\n")
            f.write(good(i).encode() + b"\n")
        f.write(b"\x00\x01\x02 binary\n" + good(0)[:50].encode())
    # UDP: 3000 junk datagrams (some near 64 KiB), then the good ones, paced.
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(3000):
        u.sendto(junk()[:60000] if i % 100 else b"J" * 60000, ("127.0.0.1", udp_port))
    time.sleep(1.0)
    for i in range(GOOD_UDP):
        u.sendto(b"<134>" + good(i).encode(), ("127.0.0.1", udp_port))
        if i % 10 == 0:
            time.sleep(0.005)
    # TCP: connections of random bytes, a 1 MiB line, a malformed octet count,
    # a half line cut by the close; then one clean connection with good lines.
    # One deadline for waiting on all 40 closes (each takes milliseconds), so
    # a server that never closes costs this test 20 s, not 40 waits.
    closes_due = time.monotonic() + 20
    for k in range(40):
        s = socket.create_connection(("127.0.0.1", tcp_port))
        try:
            if k % 4 == 0:
                s.sendall(b"<134>" + b"Y" * (1 << 20) + b"\n")
            elif k % 4 == 1:
                s.sendall(b"12345678901234567890 garbage")
            elif k % 4 == 2:
                s.sendall(b"<134>" + good(0)[:40].encode())
            else:
                s.sendall(bytes(rng.randrange(256) for _ in range(5000)))
        except OSError:
            pass  # the server may close a malformed connection first
        # Wait until the server has closed it too: it keeps at most
        # max_connections_per_address (8) from one peer, and connections it
        # has not yet seen end would make it refuse the clean one below.
        try:
            s.shutdown(socket.SHUT_WR)
            s.settimeout(max(0.05, closes_due - time.monotonic()))
            while s.recv(4096):
                pass
        except OSError:
            pass  # reset or timed out: closed or never to be read
        s.close()
    s = socket.create_connection(("127.0.0.1", tcp_port))
    for i in range(GOOD_TCP):
        s.sendall(b"<134>" + junk().replace(b"\n", b"") + b"\n")
        s.sendall(b"<134>" + good(i).encode() + b"\n")
    s.close()

    want = GOOD_FILE + GOOD_UDP + GOOD_TCP

    def counted():
        m = parse_metrics(scrape(port))
        got = sum(v for (n, _), v in m.items() if n == "fwlog_packets_total")
        return m if got >= want else None

    m = wait_for(counted, timeout=40, what=f"{want} good lines")
    time.sleep(1.0)
    m = parse_metrics(scrape(port))
    peak_rss = ex.rss_kib() // 1024
    for name in ("file", "udp", "tcp"):
        print(name, {k[1] and dict(k[1]).get("reason"): v for k, v in m.items()
                     if k[0] in ("fwlog_lines_invalid_total", "fwlog_syslog_messages_dropped_total")
                     and dict(k[1]).get("input") == name and v})
    c.eq("exactly the good lines counted", sum(v for (n, _), v in m.items() if n == "fwlog_packets_total"), want)
    c.eq("telnet from the file", value(m, "fwlog_input_lines_total", input="file") is not None, True)
    c.true("junk counted as unmatched or invalid",
           sum(v for (n, _), v in m.items() if n in ("fwlog_lines_unmatched_total", "fwlog_lines_invalid_total")) > 0)
    c.true("too long lines named", sum(v for (n, l), v in m.items()
                                       if n == "fwlog_lines_invalid_total" and dict(l).get("reason") == "too_long") > 0)
    c.true("process up", ex.proc.poll() is None)
    print(f"peak RSS after the floods: {peak_rss} MiB (bound {RSS_BOUND_MIB}); took {time.monotonic() - start:.1f} s")
    c.true(f"RSS under {RSS_BOUND_MIB} MiB", peak_rss < RSS_BOUND_MIB)
finally:
    rc, err = ex.stop()
c.eq("clean exit", rc, 0)
c.true("bounded in time", time.monotonic() - start < 60)
c.finish()
