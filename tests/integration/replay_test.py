"""replay: the core issue's acceptance example, service names, junk lines,
and promtool's verdict on the output."""
import shutil
import subprocess
import tempfile

from harness import SOURCE_DIR, Checks, line, parse_metrics, run, value, write_router_input

c = Checks()
three = "\n".join([
    line("2018-11-16T00:12:34+09:00", "210.150.186.238", 22),
    line("2018-11-16T01:02:03+09:00", "210.150.186.238", 23),
    line("2018-11-16T04:05:06+09:00", "210.150.186.238", 80),
]) + "\n"
with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
    f.write(three)
    f.flush()
    out = run(["replay", f.name], env={"TZ": "Asia/Tokyo"}).stdout
m = parse_metrics(out)
for port, service in [("22", "ssh"), ("23", "telnet"), ("80", "http")]:
    c.eq(f"by_port {port}", value(m, "fwlog_packets_by_port_total", router="replay", port=port, proto="tcp", service=service), 1)
    c.eq(f"range {port}", value(m, "fwlog_range_packets_total", router="replay", range="nict-notice", proto="tcp", port=port,
                                service=service), 1)
for hour in ("00", "01", "04"):
    c.eq(f"hour {hour}", value(m, "fwlog_packets_by_hour_total", router="replay", hour=hour), 1)
c.eq("other hours at zero", sorted(dict(k[1])["hour"] for k, v in m.items() if k[0] == "fwlog_packets_by_hour_total" and v),
     ["00", "01", "04"])
c.eq("24 hour series", len([k for k in m if k[0] == "fwlog_packets_by_hour_total"]), 24)
c.eq("country JP", value(m, "fwlog_packets_by_country_total", router="replay", country="JP"), 3)
c.eq("first seen", value(m, "fwlog_range_first_seen_timestamp_seconds", router="replay", range="nict-notice"), 1542294754)
c.eq("last seen", value(m, "fwlog_range_last_seen_timestamp_seconds", router="replay", range="nict-notice"), 1542308706)
c.eq("packets", value(m, "fwlog_packets_total", router="replay", action="drop", proto="tcp", range="nict-notice"), 3)
c.eq("lines", value(m, "fwlog_input_lines_total", input="replay"), 3)

# The hour follows the configured zone: the same lines read in UTC.
with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
    f.write(three)
    f.flush()
    utc = parse_metrics(run(["replay", "--timezone=UTC", f.name]).stdout)
c.eq("hour in UTC", sorted(dict(k[1])["hour"] for k, v in utc.items() if k[0] == "fwlog_packets_by_hour_total" and v),
     ["15", "16", "19"])

# Service names from the IANA registry; unassigned ports are "unknown".
ports = {5555: "personal-agent", 8000: "irdmi", 8080: "http-alt", 23023: "unknown", 52869: "unknown"}
text = "".join(line("2018-11-16T00:12:34+09:00", "198.51.100.1", p) + "\n" for p in ports)
m = parse_metrics(run(["replay", "-"], stdin=text).stdout)
for p, service in ports.items():
    c.eq(f"service {p}", value(m, "fwlog_packets_by_port_total", router="replay", port=str(p), proto="tcp", service=service), 1)
c.eq("private source", value(m, "fwlog_packets_by_country_total", router="replay", country="private"), 5)

# Junk never crashes and is counted by reason; good lines around it still count.
junk = "\n".join([
    line("2018-11-16T00:12:34+09:00", "210.150.186.238", 22),
    "hello world, not a firewall line",
    line("2018-11-16T00:12:34+09:00", "X.X.X.X", 22),
    line("2018-11-16T00:12:34+09:00", "66.77.88.257", 22),
    line("2018-11-16T00:12:34+09:00", "210.150.186.238", 99999),
    "DROP IN=eth0 \x01\x02 SRC=1.2.3.4",
    "x" * (1 << 20),
    line("2018-11-16T00:12:34+09:00", "210.150.186.238", 23),
    "2018-11-16T00:12:34+09:00 router kernel: DROP IN=ppp0 OUT= MAC= SRC=210.150.186.238 DST=203.0.113.7 LEN=40",
]) + "\n"
m = parse_metrics(run(["replay", "-"], stdin=junk).stdout)
c.eq("good lines", value(m, "fwlog_packets_total", router="replay", action="drop", proto="tcp", range="nict-notice"), 2)
c.eq("unmatched", value(m, "fwlog_lines_unmatched_total", input="replay"), 1)
c.eq("bad_address", value(m, "fwlog_lines_invalid_total", input="replay", reason="bad_address"), 2)
c.eq("bad_port", value(m, "fwlog_lines_invalid_total", input="replay", reason="bad_port"), 1)
c.eq("binary", value(m, "fwlog_lines_invalid_total", input="replay", reason="binary"), 1)
c.eq("too_long", value(m, "fwlog_lines_invalid_total", input="replay", reason="too_long"), 1)
c.eq("missing_field", value(m, "fwlog_lines_invalid_total", input="replay", reason="missing_field"), 1)
c.eq("lines", value(m, "fwlog_input_lines_total", input="replay"), 9)

# A cut protocol is invalid (bad_protocol), never a series of its own.
cut = line("2018-11-16T00:12:34+09:00", "210.150.186.238", 22).replace("PROTO=TCP", "PROTO=TC") + "\n"
m = parse_metrics(run(["replay", "-"], stdin=cut).stdout)
c.eq("bad_protocol", value(m, "fwlog_lines_invalid_total", input="replay", reason="bad_protocol"), 1)
c.eq("no tc series", [k for k in m if dict(k[1]).get("proto") == "tc"], [])

# Accepted packets (UFW ALLOW/AUDIT, an ASUS ACCEPT line) count in
# fwlog_packets_total{action="accept"} only; the per-dimension metrics, which
# have no action label, count what was dropped or rejected.
verdicts = "".join(line("2018-11-16T00:12:34+09:00", "210.150.186.238", 22).replace("DROP", prefix) + "\n"
                   for prefix in ("[UFW ALLOW]", "[UFW AUDIT]", "ACCEPT", "[UFW BLOCK]", "REJECT"))
m = parse_metrics(run(["replay", "-"], stdin=verdicts).stdout)
c.eq("accepts in packets_total", value(m, "fwlog_packets_total", router="replay", action="accept", proto="tcp", range="nict-notice"), 3)
c.eq("refused in packets_total", value(m, "fwlog_packets_total", router="replay", action="drop", proto="tcp", range="nict-notice")
     + value(m, "fwlog_packets_total", router="replay", action="reject", proto="tcp", range="nict-notice"), 2)
c.eq("by_port refused only", value(m, "fwlog_packets_by_port_total", router="replay", port="22", proto="tcp", service="ssh"), 2)
c.eq("by_country refused only", value(m, "fwlog_packets_by_country_total", router="replay", country="JP"), 2)
c.eq("by_hour refused only", sum(v for k, v in m.items() if k[0] == "fwlog_packets_by_hour_total"), 2)
c.eq("range refused only", value(m, "fwlog_range_packets_total", router="replay", range="nict-notice", proto="tcp", port="22",
                                  service="ssh"), 2)

# The bundled sample: every line accounted for exactly once.
m = parse_metrics(run(["replay", SOURCE_DIR + "/config/sample/router.log"]).stdout)
lines_read = value(m, "fwlog_input_lines_total", input="replay")
events = sum(v for k, v in m.items() if k[0] == "fwlog_packets_total")
unmatched = value(m, "fwlog_lines_unmatched_total", input="replay")
invalid = sum(v for k, v in m.items() if k[0] == "fwlog_lines_invalid_total")
c.eq("sample accounting", events + unmatched + invalid, lines_read)
c.true("sample has NICT", value(m, "fwlog_range_packets_total", router="replay", range="nict-notice", proto="tcp", port="23",
                                service="telnet"))
c.true("sample has junk", unmatched >= 3 and invalid >= 2)

# Without --format (and without a configuration file) the format is auto:
# pfSense and MikroTik lines count as well as netfilter ones.
mixed = "".join(open(SOURCE_DIR + "/tests/fixtures/logs/" + name).readline()
                for name in ("pf-pfsense.log", "mikrotik-v7.log", "asus.log"))
m = parse_metrics(run(["replay", "-"], stdin=mixed).stdout)
c.eq("auto by default: none unmatched", value(m, "fwlog_lines_unmatched_total", input="replay"), 0)
c.eq("auto by default: three packets", sum(v for k, v in m.items() if k[0] == "fwlog_packets_total"), 3)
m = parse_metrics(run(["replay", "--format=netfilter", "-"], stdin=mixed).stdout)
c.eq("--format=netfilter still narrows", value(m, "fwlog_lines_unmatched_total", input="replay"), 2)

# promtool accepts the exposition.
if shutil.which("promtool"):
    p = subprocess.run(["promtool", "check", "metrics"], input=out, capture_output=True, text=True)
    c.eq("promtool check metrics", p.returncode, 0)
    if p.returncode:
        print(p.stdout, p.stderr)

# The optional AS metric (docs/contract.md): with it listed under metrics:,
# replay counts refused packets by the source network; without it (the
# defaults above), there is no such series and the AS is not looked up.
c.eq("no AS metric by default", [k for k in m if k[0] == "fwlog_packets_by_asn_total"], [])
with tempfile.TemporaryDirectory() as folder:
    config, log = write_router_input(folder, [line("2019-02-20T10:00:00+09:00", "162.142.125.1", 22),
                                              line("2019-02-20T10:00:01+09:00", "162.142.125.1", 23),
                                              line("2019-02-20T10:00:02+09:00", "192.168.1.20", 23)], state_file=False)
    with open(config, "a") as f:
        f.write("""metrics:
  - name: fwlog_packets_by_asn_total
    help: Dropped or rejected packets by the source network.
    labels: [asn, as_org, router]
    match: {action: [drop, reject]}
    max_series: 500
""")
    am = parse_metrics(run(["replay", f"--config.file={config}", log]).stdout)
    censys = [(dict(k[1]), v) for k, v in am.items() if k[0] == "fwlog_packets_by_asn_total" and dict(k[1])["asn"] == "398324"]
    c.eq("AS 398324 counted twice", [v for _, v in censys], [2])
    c.true("its name is Censys's", bool(censys) and "CENSYS" in censys[0][0]["as_org"])
    c.eq("a private source is AS private", value(am, "fwlog_packets_by_asn_total", router="router", asn="private",
                                                 as_org="private"), 1)
c.finish()
