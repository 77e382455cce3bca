"""parse: one JSON object per recognised line with every event field;
unrecognised lines on stderr with their numbers and reasons."""
import json
import os
import subprocess
import tempfile

from harness import SOURCE_DIR, Checks, line, run

c = Checks()
text = "\n".join([
    line("2018-11-16T00:12:34+09:00", "210.150.186.238", 22),
    "not a firewall line",
    line("2018-11-16T00:12:34+09:00", "X.X.X.X", 22),
    line("2018-11-16T04:05:06+09:00", "210.150.186.238", 8000),
]) + "\n"
p = run(["parse", "--timezone=Asia/Tokyo", "-"], stdin=text)
events = [json.loads(l) for l in p.stdout.splitlines()]
c.eq("events", len(events), 2)
e = events[0]
for field, want in {"time": "2018-11-16T00:12:34+09:00", "host": "router.asus.com", "action": "drop", "rule": "DROP",
                    "in": "ppp0", "out": "", "family": "ipv4", "proto": "tcp", "src": "210.150.186.238",
                    "dst": "203.0.113.7", "sport": "44321", "port": "22", "tcp_flags": "syn",
                    "range": "nict-notice", "service": "ssh", "purpose": "ssh", "country": "JP", "hour": "00", "input": "replay",
                    "category": "government-survey", "matched_by": "netfilter", "line": 1}.items():
    c.eq(f"field {field}", e.get(field), want)
c.eq("second event line number", events[1]["line"], 4)
c.eq("second event service", events[1]["service"], "irdmi")
c.eq("second event hour", events[1]["hour"], "04")
c.eq("second event purpose (no entry: the service)", events[1]["purpose"], "irdmi")
err = p.stderr.splitlines()
c.true("unmatched reported with its number", any(":2: unmatched" in l for l in err))
c.true("invalid reported with its reason", any(":3: invalid (bad_address)" in l for l in err))

# The shipped catalog's range and category for NICT's announced addresses, the
# 2018 ones and the 2019 NOTICE survey's blocks, and no range next to them; a
# Censys scanner (config/ranges/scanners/censys.yaml); a private source.
for src, want, category in [("122.1.4.88", "nict-notice", "government-survey"),
                            ("150.249.227.170", "nict-notice", "government-survey"),
                            ("153.231.226.170", "nict-notice", "government-survey"),
                            ("153.231.227.231", "nict-notice", "government-survey"),
                            ("153.231.227.203", "other", "other"), ("153.231.228.1", "other", "other"),
                            ("162.142.125.1", "censys", "search-engine"), ("192.168.1.20", "private", "private")]:
    p = run(["parse", "--timezone=Asia/Tokyo", "-"], stdin=line("2019-02-20T10:00:00+09:00", src, 23) + "\n")
    got = [json.loads(l) for l in p.stdout.splitlines()]
    c.eq(f"{src} range", got[0]["range"] if got else None, want)
    c.eq(f"{src} category", got[0]["category"] if got else None, category)

# The purpose: the curated table's (config/ports/purposes.csv) where it has an
# entry, else the service name.
for port, service, purpose in [(5555, "personal-agent", "android-adb"), (52869, "unknown", "realtek-sdk-upnp"),
                               (37215, "unknown", "huawei-hg532-upnp"), (9200, "wap-wsp", "elasticsearch"),
                               (23023, "unknown", "unknown")]:
    p = run(["parse", "--timezone=Asia/Tokyo", "-"], stdin=line("2019-02-20T10:00:00+09:00", "8.8.8.8", port) + "\n")
    got = [json.loads(l) for l in p.stdout.splitlines()]
    c.eq(f"{port} service and purpose", (got[0]["service"], got[0]["purpose"]) if got else None, (service, purpose))

# The source network (libloc): Censys's AS and name; a network the database's
# own tool lists as drop-listed; documentation and private addresses.
if os.path.exists("/var/lib/location/database.db"):
    drop = subprocess.run("location list-networks-by-flags --drop | head -n 1", shell=True, capture_output=True,
                          text=True).stdout.strip()
    c.true("the location tool lists a drop-listed network", "/" in drop)
    drop_address = drop.split("/")[0] if "/" in drop else "1.10.16.0"
    for src, asn, org_part, listed in [("162.142.125.1", "398324", "CENSYS", "no"), (drop_address, None, None, "yes"),
                                       ("198.51.100.1", "private", "private", "no"),
                                       ("192.168.1.20", "private", "private", "no")]:
        p = run(["parse", "--timezone=Asia/Tokyo", "-"], stdin=line("2019-02-20T10:00:00+09:00", src, 23) + "\n")
        got = [json.loads(l) for l in p.stdout.splitlines()]
        e = got[0] if got else {}
        if asn is not None:
            c.eq(f"{src} asn", e.get("asn"), asn)
            c.true(f"{src} as_org has {org_part}: {e.get('as_org')}", org_part in e.get("as_org", ""))
        c.eq(f"{src} drop_listed", e.get("drop_listed"), listed)

# country.asn_database: countries from one MaxMind DB, the AS from a
# GeoLite2-ASN-shaped one (MaxMind's test data: 1.128.0.1 is AS 1221).
with tempfile.TemporaryDirectory() as folder:
    mmdb = os.path.join(SOURCE_DIR, "tests", "enrich", "fixtures", "mmdb")
    config = os.path.join(folder, "fwlog.yaml")
    with open(config, "w") as f:
        f.write(f"""inputs:
  - name: r
    path: /dev/null
country: {{database: {mmdb}/GeoIP2-Country-Test.mmdb, asn_database: {mmdb}/GeoLite2-ASN-Test.mmdb}}
""")
    p = run(["parse", f"--config.file={config}", "-"],
            stdin=line("2019-02-20T10:00:00+09:00", "1.128.0.1", 23) + "\n" +
            line("2019-02-20T10:00:00+09:00", "2.125.160.216", 23) + "\n")
    got = [json.loads(l) for l in p.stdout.splitlines()]
    c.eq("AS from the AS database", [(e["asn"], e["as_org"]) for e in got],
         [("1221", "Telstra Pty Ltd"), ("unknown", "unknown")])
    c.eq("country from the country database", got[1]["country"] if len(got) > 1 else None, "GB")
c.finish()
