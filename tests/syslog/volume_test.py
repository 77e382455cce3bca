"""100 k syslog messages over UDP and 100 k over TCP (octet counting and
newline framing), RFC 3164 and RFC 5424 mixed, sent to the real exporter on
loopback: UDP at a pace within its capacity, TCP as fast as Python sends
(one connection per framing). Every one is counted. Then floods far beyond
its capacity into a queue of 64 messages: over UDP counted + dropped = sent
and memory stays bounded; over TCP flow control makes the sender wait and
nothing is lost."""
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from seclib import Checks, Exporter, parse_metrics, scrape, value, wait_for  # noqa: E402

N = 100_000
c = Checks()


def message(i):
    port = 22 + i % 1000
    body = (f"DROP IN=ppp0 OUT= MAC= SRC=198.51.100.{i % 250 + 1} DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 "
            f"TTL=243 ID={i % 65536} PROTO=TCP SPT=40000 DPT={port} WINDOW=1024 RES=0x00 SYN URGP=0")
    if i % 2:
        return f"<4>Nov 16 00:12:34 router kernel: {body}"
    return f"<4>1 2018-11-16T00:12:34+09:00 router kernel - - - {body}"


def total(m, name, **labels):
    return sum(v for (n, ls), v in m.items() if n == name and all(dict(ls).get(k) == w for k, w in labels.items()))


def run(queue_size, udp_pace, udp_count, tcp_count):
    d = tempfile.mkdtemp()
    with open(f"{d}/c.yml", "w") as f:
        f.write(f"""state_file: null
scan_detection: {{enabled: false}}
inputs:
  - name: udp
    syslog: {{listen: "127.0.0.1:0", protocol: udp, queue_size: {queue_size}}}
    format: netfilter
  - name: tcp
    syslog: {{listen: "127.0.0.1:0", protocol: tcp, queue_size: {queue_size}}}
    format: netfilter
""")
    ex = Exporter([f"--config.file={d}/c.yml"], syslog=["udp", "tcp"])
    port, udp_port, tcp_port = ex.port, ex.syslog["udp"], ex.syslog["tcp"]
    try:
        wait_for(lambda: scrape(port, "/-/healthy"), what="server up")
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        start = time.monotonic()
        for i in range(udp_count):
            u.sendto(message(i).encode(), ("127.0.0.1", udp_port))
            if udp_pace and i % 500 == 499:
                # Within capacity: never more than 500 messages ahead of the clock.
                ahead = (i + 1) / udp_pace - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
        if tcp_count:
            # Framing is fixed per connection: half the messages octet-counted on
            # one connection, half newline-framed on another.
            for octet_counted, part in ((True, range(0, tcp_count // 2)), (False, range(tcp_count // 2, tcp_count))):
                with socket.create_connection(("127.0.0.1", tcp_port)) as s:
                    batch = []
                    for i in part:
                        m = message(i).encode()
                        batch.append(str(len(m)).encode() + b" " + m if octet_counted else m + b"\n")
                        if len(batch) == 1000:
                            s.sendall(b"".join(batch))
                            batch = []
                    s.sendall(b"".join(batch))

        seen = {}

        def settled():
            m = parse_metrics(scrape(port))
            for i in ("udp", "tcp"):
                seen[i] = (total(m, "fwlog_input_lines_total", input=i),
                           total(m, "fwlog_syslog_messages_dropped_total", input=i))
            udp_done = sum(seen["udp"]) >= udp_count
            tcp_done = sum(seen["tcp"]) >= tcp_count
            return m if udp_done and tcp_done else None

        try:
            m = wait_for(settled, timeout=90, what="every message counted or dropped")
        except AssertionError:
            print(f"counted, dropped: {seen} of {udp_count} UDP, {tcp_count} TCP", file=sys.stderr)
            print(f"exporter stderr:\n{ex.stderr()}", file=sys.stderr)
            raise
        return m, ex.rss_kib() // 1024
    finally:
        ex.stop()


# Within capacity: 10 k messages a second over UDP; TCP as fast as it goes (lossless).
m, rss = run(queue_size=65536, udp_pace=10000, udp_count=N, tcp_count=N)
c.eq("UDP: every message counted", total(m, "fwlog_input_lines_total", input="udp"), N)
c.eq("UDP: nothing dropped", total(m, "fwlog_syslog_messages_dropped_total", input="udp"), 0)
c.eq("TCP: every message counted", total(m, "fwlog_input_lines_total", input="tcp"), N)
c.eq("TCP: nothing dropped", total(m, "fwlog_syslog_messages_dropped_total", input="tcp"), 0)
c.eq("no unmatched or invalid lines", total(m, "fwlog_lines_unmatched_total") + total(m, "fwlog_lines_invalid_total"), 0)
c.eq("all counted as packets", total(m, "fwlog_packets_total"), 2 * N)
print(f"within capacity: RSS {rss} MiB")

# Flood: as fast as Python sends, a queue of 64 messages.
m, rss = run(queue_size=64, udp_pace=0, udp_count=N, tcp_count=0)
counted = total(m, "fwlog_input_lines_total", input="udp")
dropped = total(m, "fwlog_syslog_messages_dropped_total", input="udp")
reasons = {dict(l)["reason"]: v for (n, l), v in m.items()
           if n == "fwlog_syslog_messages_dropped_total" and dict(l).get("input") == "udp" and v}
print(f"flood: counted {counted:.0f}, dropped {dropped:.0f} {reasons}, RSS {rss} MiB")
c.eq("flood: counted + dropped = sent", counted + dropped, N)
c.true("flood: memory bounded (< 64 MiB)", rss < 64)

m, rss = run(queue_size=64, udp_pace=0, udp_count=0, tcp_count=N)
print(f"TCP flood: RSS {rss} MiB")
c.eq("TCP flood: every message counted", total(m, "fwlog_input_lines_total", input="tcp"), N)
c.eq("TCP flood: nothing dropped", total(m, "fwlog_syslog_messages_dropped_total", input="tcp"), 0)
c.true("TCP flood: memory bounded (< 64 MiB)", rss < 64)
c.finish()
