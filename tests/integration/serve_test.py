"""serve: the real binary follows a file; appended lines show up on the next
scrape, a half-written line waits for its end, the landing page and health
endpoints answer, SIGTERM stops it cleanly, and a restart resumes from the
state file without counting a line twice."""
import os
import tempfile
import time

from harness import Checks, line, parse_metrics, scrape, start, value, wait_for, write_router_input

c = Checks()
NICT = "210.150.186.238"


def packets(port):
    m = parse_metrics(scrape(port))
    return value(m, "fwlog_packets_total", router="router", action="drop", proto="tcp", range="nict-notice") or 0, m


with tempfile.TemporaryDirectory() as d:
    config, log = write_router_input(d, [line("2018-11-16T00:12:34+09:00", NICT, 22)])
    args = [f"--config.file={config}"]
    ex = start(args, cwd=d)
    port = ex.port
    try:
        wait_for(lambda: packets(port)[0] == 1, what="the first line counted")
        c.true("landing page", "fwlog_exporter" in scrape(port, "/"))
        c.eq("healthy", scrape(port, "/-/healthy").strip(), "OK")

        with open(log, "a") as f:
            f.write(line("2018-11-16T01:02:03+09:00", NICT, 23) + "\n")
        wait_for(lambda: packets(port)[0] == 2, what="an appended line counted")

        half = line("2018-11-16T04:05:06+09:00", NICT, 80)
        with open(log, "a") as f:
            f.write(half[:60])
        time.sleep(1.0)
        c.eq("half line waits", packets(port)[0], 2)
        with open(log, "a") as f:
            f.write(half[60:] + "\n")
        _, m = wait_for(lambda: packets(port) if packets(port)[0] == 3 else None, what="the completed line")
        c.eq("port 80 counted once", value(m, "fwlog_packets_by_port_total", router="router", proto="tcp", port="80", service="http"), 1)
        c.eq("hour 04", value(m, "fwlog_packets_by_hour_total", router="router", hour="04"), 1)
        c.true("process metrics", value(m, "process_resident_memory_bytes") is not None)
        c.true("build info", any(k[0] == "fwlog_build_info" for k in m))
        # The catalog's ranges with their category, for joins on range.
        c.eq("range info censys", value(m, "fwlog_range_info", range="censys", category="search-engine",
                                        snapshot="2026-06-22"), 1)
        c.eq("range info nict-notice", value(m, "fwlog_range_info", range="nict-notice",
                                             category="government-survey", snapshot=""), 1)
        c.true("range info for every shipped range", sum(1 for k in m if k[0] == "fwlog_range_info") >= 60)

        with open(log, "a") as f:
            f.write("garbage\n")
        wait_for(lambda: value(parse_metrics(scrape(port)), "fwlog_lines_unmatched_total", input="router") == 1,
                 what="junk counted as unmatched")
    finally:
        rc, stderr = ex.stop(timeout=10)
    c.eq("clean exit on SIGTERM", rc, 0)
    if rc != 0:
        print(stderr)
    c.true("state file written", os.path.exists(f"{d}/state"))

    # Restart: counters come back, nothing is counted twice, new lines add on.
    with open(log, "a") as f:
        f.write(line("2018-11-16T05:00:00+09:00", NICT, 22) + "\n")
    ex = start(args, cwd=d)
    port = ex.port
    try:
        wait_for(lambda: packets(port)[0] == 4, what="resumed counters plus the new line")
        time.sleep(1.0)
        n, m = packets(port)
        c.eq("no double counting after restart", n, 4)
        c.eq("ssh twice", value(m, "fwlog_packets_by_port_total", router="router", proto="tcp", port="22", service="ssh"), 2)
    finally:
        ex.stop(timeout=10)
c.finish()
