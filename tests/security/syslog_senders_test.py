"""Hostile syslog senders against the real binary (issue 19), on loopback:
127.0.0.2 is the router, 127.0.0.1 and 127.0.0.3 are anyone else.

  * 64 idle TCP connections from one address (the default max_connections)
    no longer lock the router out: 10 of 10 of its messages are counted, and
    the surplus connections are counted as address_limit;
  * a connection trickling one byte at a time is closed after
    message_timeout_seconds and counted (message_timeout);
  * an octet count that runs past its message: the damaged message is
    dropped (frame_overrun), not counted as a DROP, and the next one is read;
  * allowed_senders: a forged datagram and a connection from an address not
    allowed are refused and counted in fwlog_syslog_senders_rejected_total,
    and make no series."""
import shutil
import socket
import tempfile
import time

from seclib import Checks, Exporter, parse_metrics, scrape, value, wait_for

ROUTER, OTHER, FORGER = "127.0.0.2", "127.0.0.1", "127.0.0.3"
c = Checks()


def drop(port):
    return (f"<4>Nov 16 00:12:34 router kernel: DROP IN=ppp0 OUT= MAC= SRC=198.51.100.7 DST=203.0.113.7 LEN=40 "
            f"TOS=0x00 PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=40000 DPT={port} WINDOW=1024 RES=0x00 SYN URGP=0")


def connect(port, source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def settle(predicate, what, timeout=10):
    """Waits for `predicate`; a timeout is reported by the checks that follow, not raised."""
    try:
        wait_for(predicate, timeout=timeout, what=what)
    except AssertionError as e:
        print(e)


def metric(ex, name, **labels):
    return value(parse_metrics(scrape(ex.port)), name, **labels) or 0


def ports_counted(ex):
    m = parse_metrics(scrape(ex.port))
    return {dict(k[1]).get("port"): v for k, v in m.items() if k[0] == "fwlog_packets_by_port_total"}


d = tempfile.mkdtemp(prefix="fwlog-senders-")
with open(f"{d}/c.yml", "w") as f:
    f.write(f"""state_file: null
scan_detection: {{enabled: false}}
inputs:
  - name: tcp
    syslog: {{listen: "127.0.0.1:0", protocol: tcp, message_timeout_seconds: 2}}
    format: netfilter
  - name: udp
    syslog: {{listen: "127.0.0.1:0", protocol: udp, allowed_senders: ["{ROUTER}/32"]}}
    format: netfilter
  - name: tcp_allowed
    syslog: {{listen: "127.0.0.1:0", protocol: tcp, allowed_senders: ["{ROUTER}"]}}
    format: netfilter
""")
started = time.monotonic()
ex = Exporter([f"--config.file={d}/c.yml"], syslog=["tcp", "udp", "tcp_allowed"])
try:
    tcp = ex.syslog["tcp"]
    # 64 idle connections from one address, then the router.
    idle = []
    for _ in range(64):
        try:
            idle.append(connect(tcp, OTHER))
        except OSError:
            break
    settle(lambda: metric(ex, "fwlog_syslog_messages_dropped_total", input="tcp", reason="address_limit") == 56,
           "connections beyond 8 from one address refused")
    c.eq("connections beyond 8 from one address refused and counted",
         metric(ex, "fwlog_syslog_messages_dropped_total", input="tcp", reason="address_limit"), 56)
    router = connect(tcp, ROUTER)
    router.sendall(b"".join(drop(1000 + i).encode() + b"\n" for i in range(10)))
    settle(lambda: metric(ex, "fwlog_input_lines_total", input="tcp") == 10, "the router's 10 messages")
    c.eq("router: 10 of 10 counted despite 64 idle connections", metric(ex, "fwlog_input_lines_total", input="tcp"), 10)
    for s in idle:
        s.close()
    router.close()

    # A trickle: one byte every 0.2 s, never a whole message.
    t = connect(tcp, OTHER)
    closed_after = None
    t0 = time.monotonic()
    for ch in drop(4444).encode():
        try:
            t.sendall(bytes([ch]))
        except OSError:
            closed_after = time.monotonic() - t0
            break
        t.settimeout(0.2)
        try:
            if t.recv(1) == b"":
                closed_after = time.monotonic() - t0
                break
        except socket.timeout:
            pass
        except OSError:
            closed_after = time.monotonic() - t0
            break
        if time.monotonic() - t0 > 15:
            break
    t.close()
    c.true(f"trickle closed within 2 s + slack (after {closed_after})", closed_after is not None and closed_after < 6)
    settle(lambda: metric(ex, "fwlog_syslog_messages_dropped_total", input="tcp", reason="message_timeout") == 1,
           "the trickle counted as message_timeout")
    c.eq("the trickle counted", metric(ex, "fwlog_syslog_messages_dropped_total", input="tcp",
                                       reason="message_timeout"), 1)
    lines_before = metric(ex, "fwlog_input_lines_total", input="tcp")

    # An octet count 40 bytes too long, then a correct frame.
    damaged, following = drop(3389).encode(), drop(22).encode()
    with connect(tcp, OTHER) as s:
        s.sendall(b"%d " % (len(damaged) + 40) + damaged + b"%d " % len(following) + following)
    settle(lambda: metric(ex, "fwlog_input_lines_total", input="tcp") >= lines_before + 1,
           "the message after the damaged frame")
    time.sleep(0.5)
    ports = ports_counted(ex)
    c.eq("the damaged frame is not counted as a DROP", ports.get("3389"), None)
    c.eq("the next message is", ports.get("22"), 1)
    c.eq("frame_overrun counted", metric(ex, "fwlog_syslog_messages_dropped_total", input="tcp",
                                          reason="frame_overrun"), 1)

    # allowed_senders: UDP and TCP.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind((FORGER, 0))
        u.sendto(drop(3390).encode(), ("127.0.0.1", ex.syslog["udp"]))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind((ROUTER, 0))
        u.sendto(drop(23).encode(), ("127.0.0.1", ex.syslog["udp"]))
    settle(lambda: metric(ex, "fwlog_input_lines_total", input="udp") >= 1, "the router's datagram")
    time.sleep(0.3)
    c.eq("forged datagram refused and counted", metric(ex, "fwlog_syslog_senders_rejected_total", input="udp"), 1)
    with connect(ex.syslog["tcp_allowed"], FORGER) as s:
        try:
            s.sendall(drop(3391).encode() + b"\n")
        except OSError:
            pass
    settle(lambda: metric(ex, "fwlog_syslog_senders_rejected_total", input="tcp_allowed") == 1,
           "the forged connection refused")
    c.eq("forged connection refused and counted",
         metric(ex, "fwlog_syslog_senders_rejected_total", input="tcp_allowed"), 1)
    ports = ports_counted(ex)
    c.eq("no series from forged senders", (ports.get("3390"), ports.get("3391")), (None, None))
    c.eq("the router's datagram counted", ports.get("23"), 1)
finally:
    rc, err = ex.stop()
    shutil.rmtree(d, ignore_errors=True)
c.eq("clean exit", rc, 0)
if rc != 0:
    print(err)
c.true("bounded in time", time.monotonic() - started < 60)
c.finish()
