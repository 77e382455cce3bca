"""deduplicate: the same kernel line written to two followed files (kern.log
and syslog) is counted once when enabled, twice when not."""
import tempfile

from harness import Checks, line, parse_metrics, scrape, start, wait_for

c = Checks()
for enabled, want in ((True, 3), (False, 6)):
    with tempfile.TemporaryDirectory() as d:
        lines = [line(f"2018-11-16T0{h}:00:00+09:00", "210.150.186.238", p) for h, p in ((0, 22), (1, 23), (4, 80))]
        with open(f"{d}/kern.log", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"{d}/syslog", "w") as f:
            f.write("Nov 16 00:00:00 router dhcpd: unrelated\n" + "\n".join(lines) + "\n")
        with open(f"{d}/c.yaml", "w") as f:
            f.write(f"""state_file: null
deduplicate: {{enabled: {str(enabled).lower()}, lines: 1000}}
inputs:
  - {{name: kern, path: {d}/kern.log, start_at: beginning}}
  - {{name: syslog, path: {d}/syslog, start_at: beginning}}
""")
        ex = start([f"--config.file={d}/c.yaml"], cwd=d)
        port = ex.port
        try:
            def read_all():
                m = parse_metrics(scrape(port))
                lines_read = sum(v for (n, _), v in m.items() if n == "fwlog_input_lines_total")
                return m if lines_read == 7 else None
            m = wait_for(read_all, what="both files read")
            packets = sum(v for (n, _), v in m.items() if n == "fwlog_packets_total")
            dups = sum(v for (n, _), v in m.items() if n == "fwlog_lines_duplicate_total")
            c.eq(f"enabled={enabled}: packets", packets, want)
            c.eq(f"enabled={enabled}: duplicates", dups, 6 - want)
        finally:
            ex.stop(timeout=10)
c.finish()
