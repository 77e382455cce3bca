"""Port 0 everywhere: the exporter serves on --web.listen-address=127.0.0.1:0
and syslog listeners configured at port 0, and says which ports it got in one
machine-readable line each, so tests (and scripts) never guess a free port.
Two exporters started at once both come up; an exporter that cannot start
fails the helper with its stderr."""
import socket
import tempfile

from harness import Checks, ExporterFailed, parse_metrics, scrape, start, value, wait_for

c = Checks()
with tempfile.TemporaryDirectory() as d:
    with open(f"{d}/c.yml", "w") as f:
        f.write("""state_file: null
inputs:
  - {name: udp, syslog: {listen: "127.0.0.1:0", protocol: udp}, format: netfilter}
  - {name: tcp, syslog: {listen: "127.0.0.1:0", protocol: tcp}, format: netfilter}
""")
    first = start([f"--config.file={d}/c.yml"], syslog=["udp", "tcp"])
    second = start([f"--config.file={d}/c.yml"], syslog=["udp", "tcp"])
    try:
        for name, ex in (("first", first), ("second", second)):
            c.true(f"{name}: a real web port", ex.port > 0)
            c.eq(f"{name}: /-/healthy on it", scrape(ex.port, "/-/healthy").strip(), "OK")
            c.true(f"{name}: real syslog ports", ex.syslog["udp"] > 0 and ex.syslog["tcp"] > 0)
        c.true("the two exporters got different ports", len({first.port, second.port}) == 2)
        c.true("the lines name the address", "listening web address=127.0.0.1:" in first.stderr())
        c.true("and the syslog listeners'",
               f"listening syslog input=udp protocol=udp address=127.0.0.1:{first.syslog['udp']}" in first.stderr())

        message = (b"<4>Nov 16 00:12:34 router kernel: DROP IN=ppp0 OUT= MAC= SRC=198.51.100.1 DST=203.0.113.7 "
                   b"LEN=40 TOS=0x00 PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=40000 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.sendto(message, ("127.0.0.1", first.syslog["udp"]))
        with socket.create_connection(("127.0.0.1", first.syslog["tcp"])) as s:
            s.sendall(message + b"\n")

        def counted():
            m = parse_metrics(scrape(first.port))
            return (value(m, "fwlog_input_lines_total", input="udp"), value(m, "fwlog_input_lines_total", input="tcp"))
        wait_for(lambda: counted() == (1, 1), what="one message over each listener")
    finally:
        first.stop()
        second.stop()

    # A start that fails: the helper's error carries the exporter's own message.
    with open(f"{d}/bad.yml", "w") as f:
        f.write("inputs:\n  - {name: x, syslog: {listen: \"127.0.0.1:0\", protocol: sctp}}\n")
    try:
        start([f"--config.file={d}/bad.yml"], timeout=20)
        c.true("a bad config fails the start", False)
    except ExporterFailed as e:
        c.true("the failure shows the exporter's stderr", "protocol must be" in str(e))
c.finish()
