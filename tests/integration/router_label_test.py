"""The router label with the real binary: a file input's `router:` name, an
input's own name, and a syslog input with `router: from_host` whose hosts
become routers up to max_routers, the rest "other" (counted in
fwlog_router_overflow_total and logged), a line without a host "unknown";
replay with a configuration takes the first input's router."""
import os
import socket
import tempfile

from harness import Checks, line, parse_metrics, run, scrape, start, value, wait_for

c = Checks()
NICT = "210.150.186.238"


def syslog_drop(host, port):
    head = f"<4>Nov 16 00:12:34 {host} " if host else "<4>Nov 16 00:12:34 "
    return (head + f"kernel: DROP IN=ppp0 OUT= MAC= SRC={NICT} DST=203.0.113.7 LEN=40 PROTO=TCP SPT=40000 "
            f"DPT={port} SYN URGP=0").encode()


def routers(m, name="fwlog_packets_total"):
    out = {}
    for (n, labels), v in m.items():
        if n == name:
            r = dict(labels).get("router")
            out[r] = out.get(r, 0) + v
    return out


with tempfile.TemporaryDirectory() as d:
    office = os.path.join(d, "office.log")
    home = os.path.join(d, "home.log")
    with open(office, "w") as f:
        f.write(line("2018-11-16T00:12:34+09:00", NICT, 22) + "\n")
    with open(home, "w") as f:
        f.write(line("2018-11-16T00:12:34+09:00", NICT, 23) + "\n" * 1)
        f.write(line("2018-11-16T00:12:35+09:00", NICT, 23) + "\n")
    config = os.path.join(d, "fwlog.yaml")
    with open(config, "w") as f:
        f.write(f"""timezone: Asia/Tokyo
state_file: null
max_routers: 2
scan_detection: {{enabled: false}}
inputs:
  - {{name: office, path: {office}, start_at: beginning, router: gw-office}}
  - {{name: home, path: {home}, start_at: beginning}}
  - name: lan
    syslog: {{listen: "127.0.0.1:0", protocol: udp}}
    router: from_host
""")
    ex = start([f"--config.file={config}"], cwd=d, syslog=["lan"])
    try:
        sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # gw-a and gw-b take the two places; gw-c and gw-d are "other"; the
        # last has no host.
        for host, n in (("gw-a", 1), ("gw-b", 2), ("gw-c", 3), ("gw-d", 1), ("gw-a", 1), ("", 1)):
            for _ in range(n):
                sender.sendto(syslog_drop(host, 80), ("127.0.0.1", ex.syslog["lan"]))
        want = {"gw-office": 1, "home": 2, "gw-a": 2, "gw-b": 2, "other": 4, "unknown": 1}
        # The overflow count is published just after the packet counters
        # (Pipeline::Flush): a scrape in between sees the packets without it.
        m = wait_for(lambda: (lambda m: m if routers(m) == want and value(m, "fwlog_router_overflow_total") == 4
                              else None)(parse_metrics(scrape(ex.port))),
                     what=f"the routers {want} and 4 events over max_routers")
        c.eq("routers of fwlog_packets_total", routers(m), want)
        for name in ("fwlog_packets_by_port_total", "fwlog_packets_by_country_total", "fwlog_packets_by_hour_total",
                     "fwlog_range_packets_total"):
            c.eq(f"routers of {name}", routers(m, name), want)
        c.eq("by port and router", value(m, "fwlog_packets_by_port_total", router="gw-b", proto="tcp", port="80",
                                         service="http"), 2)
        c.eq("first seen per router",
             value(m, "fwlog_range_first_seen_timestamp_seconds", router="gw-office", range="nict-notice"),
             1542294754)
        c.eq("overflow counted", value(m, "fwlog_router_overflow_total"), 4)
        c.eq("health metrics by input, not router", value(m, "fwlog_input_lines_total", input="lan"), 9)
        c.true("no router on health metrics",
               not any("router" in dict(k[1]) for k in m if k[0].startswith("fwlog_input_")))
        # A router named at start has its 24 hours before its first line.
        hours = [k for k in m if k[0] == "fwlog_packets_by_hour_total" and dict(k[1])["router"] == "gw-office"]
        c.eq("24 hours of a named router", len(hours), 24)
    finally:
        ex.stop()
    c.true("overflow logged", "max_routers=2" in ex.stderr())

    # replay with this configuration: the first input's router.
    out = run([f"--config.file={config}", "replay", office]).stdout
    c.eq("replay takes the first input's router", routers(parse_metrics(out)), {"gw-office": 1})
c.finish()
