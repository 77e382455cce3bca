#!/usr/bin/env python3
"""The fast paths count what a straightforward reference counts.

Generates a log with bench/gen_logs.py, runs `fwlog_exporter replay` on it
(default configuration, --timezone=Asia/Tokyo) and recomputes, line by line
in plain Python (split on spaces, `ipaddress`, `zoneinfo`, `csv` over the
bundled IANA registry, the NICT list), what the default metrics must hold:

  (the per-dimension metrics count dropped and rejected packets only)
  fwlog_packets_by_port_total{proto,port,service}   every kept series, the
                                                    overflow series (overflow="true",
                                                    every label "other"), the total
  fwlog_packets_by_hour_total{hour}                 all 24
  fwlog_packets_total{action,proto,range}           every series
  fwlog_range_packets_total{range,proto,port,service}  kept series, total
  fwlog_lines_unmatched_total, fwlog_lines_invalid_total{reason}
  (and every series of the default metrics with router="replay")

Country is left out here (tests/perf/libloc_tree_test.cc holds the country
lookups to libloc's own answers).

    reference_counts_test.py --exporter build/fwlog_exporter [--lines 60000]
"""
import argparse
import csv
import glob
import ipaddress
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKYO = ZoneInfo("Asia/Tokyo")
NICT = [ipaddress.ip_network(n) for n in
        ("210.150.186.238/32", "122.1.4.87/32", "122.1.4.88/32", "150.249.227.160/28",
         # NICT's 2019 NOTICE blocks (config/ranges/nict-notice.yaml)
         "153.231.215.8/29", "153.231.216.176/29", "153.231.216.184/29", "153.231.216.216/29",
         "153.231.226.160/29", "153.231.226.168/29", "153.231.227.192/29", "153.231.227.208/29",
         "153.231.227.216/29", "153.231.227.224/29")]
CATALOG_CIDR = re.compile(r'(?:^\s*-\s+\{?\s*(?:cidr:\s*)?|cidr:\s*)"?([0-9a-fA-F:.]+/\d+)')


def catalog():
    """The shipped catalog (config/ranges/ and its sub-folders) as {(version, prefix): {network: name}},
    read plainly: each file's name: line and the CIDRs of its list items."""
    by_length = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "config/ranges/**/*.yaml"), recursive=True)):
        name = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("name: "):
                    name = line[6:].strip()
                m = CATALOG_CIDR.match(line)
                if m and name:
                    net = ipaddress.ip_network(m.group(1))
                    by_length.setdefault((net.version, net.prefixlen), {})[net] = name
    lengths = sorted(by_length, key=lambda k: -k[1])
    assert any(name == "nict-notice" for table in by_length.values() for name in table.values())
    assert all(any(n in table for table in by_length.values()) for n in NICT)
    return by_length, lengths


def range_of(src, ranges):
    """Longest prefix wins, as RangeTable does; then private or other."""
    by_length, lengths = ranges
    for version, prefix in lengths:
        if version == src.version:
            name = by_length[(version, prefix)].get(ipaddress.ip_network((src, prefix), strict=False))
            if name:
                return name
    return "other" if src.is_global else "private"
PROTO_NUMBERS = {"1": "icmp", "2": "igmp", "4": "ipip", "6": "tcp", "17": "udp", "41": "ipv6", "47": "gre",
                 "50": "esp", "51": "ah", "58": "icmpv6", "89": "ospf", "103": "pim", "112": "vrrp",
                 "132": "sctp", "136": "udplite", "33": "dccp"}
PORTED = {"tcp", "udp", "udplite", "sctp", "dccp"}
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def iana_services():
    names = {}
    with open(os.path.join(ROOT, "config/iana/service-names-port-numbers.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name, ports, proto = row["Service Name"].strip(), row["Port Number"].strip(), row["Transport Protocol"].strip().lower()
            if not name or not ports:
                continue
            lo, _, hi = ports.partition("-")
            protos = [proto] if proto else ["tcp", "udp", "sctp", "dccp"]
            for p in protos:
                if p not in ("tcp", "udp", "sctp", "dccp"):
                    continue
                for port in range(int(lo), int(hi or lo) + 1):
                    names.setdefault((p, port), name)
    return names


def reference(path):
    services = iana_services()
    ranges = catalog()
    counts = {k: Counter() for k in ("port", "hour", "packets", "range", "invalid")}
    unmatched = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        at = line.find(" IN=")
        if at < 0:
            unmatched += 1
            continue
        body = line[at + 1:].split("[", 1)[0]
        kv = {}
        for token in body.split(" "):
            key, eq, value = token.partition("=")
            if eq and key not in kv:
                kv[key] = value
        if not kv.get("SRC") or "DST" not in kv or not kv.get("PROTO"):
            counts["invalid"]["missing_field"] += 1
            continue
        try:
            src = ipaddress.ip_address(kv["SRC"])
        except ValueError:
            counts["invalid"]["bad_address"] += 1
            continue
        proto = PROTO_NUMBERS.get(kv["PROTO"], kv["PROTO"].lower())
        port = ""
        if proto in PORTED:
            dpt = kv.get("DPT", "")
            if not dpt.isdigit() or len(dpt) > 5 or int(dpt) > 65535:
                counts["invalid"]["bad_port"] += 1
                continue
            port = str(int(dpt))
        service = services.get((proto, int(port)), "unknown") if port else "unknown"
        rng = range_of(src, ranges)
        prefix = line[:at]
        action = ("reject" if "REJECT" in prefix else "drop" if "DROP" in prefix
                  else "accept" if "ACCEPT" in prefix else "unknown")
        if line[:4].isdigit():  # RFC 3339 with offset
            hour = datetime.fromisoformat(line.split(" ", 1)[0]).astimezone(TOKYO).hour
        else:  # RFC 3164, read in the configured zone
            hour = int(line[7:9])
        counts["packets"][(action, proto, rng)] += 1
        if action not in ("drop", "reject"):
            continue  # the per-dimension metrics count refused packets only
        counts["port"][(proto, port, service)] += 1
        counts["hour"]["%02d" % hour] += 1
        if rng not in ("other", "private"):
            counts["range"][(rng, proto, port, service)] += 1
    return counts, unmatched


def read_metrics(text):
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        m = SAMPLE.match(line)
        if m:
            out.setdefault(m.group(1), {})[tuple(sorted(LABEL.findall(m.group(2) or "")))] = float(m.group(3))
    return out


def series(metrics, name, keys):
    """The metric's samples by the values of `keys`, the overflow series left out."""
    return {tuple(dict(labels).get(k, "") for k in keys): v for labels, v in metrics.get(name, {}).items()
            if "overflow" not in dict(labels)}


def overflow_series(metrics, name):
    """The overflow series (the one labelled overflow="true") as {labels: value}."""
    return {labels: v for labels, v in metrics.get(name, {}).items() if "overflow" in dict(labels)}


def check_capped(name, metrics, keys, ref, errors):
    """Kept series equal; the overflow series (overflow="true", router "replay", every other label "other")
    holds the rest."""
    kept = series(metrics, name, keys)
    over = overflow_series(metrics, name)
    for labels in over:
        d = dict(labels)
        if (d.pop("overflow") != "true" or d.pop("router", None) != "replay" or set(d) != set(keys)
                or any(v != "other" for v in d.values())):
            errors.append(f"{name}: the overflow series has labels {dict(labels)}")
    overflow = sum(over.values())
    for key, value in kept.items():
        if ref.get(key, 0) != value:
            errors.append(f"{name}{key}: fwlog_exporter {value:.0f}, reference {ref.get(key, 0)}")
    rest = sum(v for k, v in ref.items() if k not in kept)
    if rest != overflow:
        errors.append(f"{name}: overflow series {overflow:.0f}, reference has {rest} outside the kept series")
    print(f"  {name}: {len(kept)} kept series equal, overflow {overflow:.0f}, total {sum(ref.values())}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exporter", required=True)
    ap.add_argument("--lines", type=int, default=60000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "fw.log")
        with open(log, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_logs.py"), "--lines", str(args.lines),
                            "--seed", "3"], stdout=f, check=True)
        env = dict(os.environ, FWLOG_DATA_DIR=os.path.join(ROOT, "config"))
        text = subprocess.run([args.exporter, "replay", "--timezone=Asia/Tokyo", log], capture_output=True,
                              text=True, check=True, env=env).stdout
        counts, unmatched = reference(log)
    metrics = read_metrics(text)
    errors = []
    # Replay without a configuration file: one router, named after the input.
    for name in ("fwlog_packets_total", "fwlog_packets_by_port_total", "fwlog_packets_by_hour_total",
                 "fwlog_range_packets_total"):
        routers = {dict(labels).get("router") for labels in metrics.get(name, {})}
        if routers != {"replay"}:
            errors.append(f"{name}: routers {routers}, want {{'replay'}}")
    check_capped("fwlog_packets_by_port_total", metrics, ("proto", "port", "service"), counts["port"], errors)
    check_capped("fwlog_range_packets_total", metrics, ("range", "proto", "port", "service"), counts["range"], errors)
    hours = {k: v for k, v in series(metrics, "fwlog_packets_by_hour_total", ("hour",)).items()}
    ref_hours = {("%02d" % h,): counts["hour"].get("%02d" % h, 0) for h in range(24)}
    if hours != ref_hours:
        errors.append(f"fwlog_packets_by_hour_total: {sorted(hours.items())} != {sorted(ref_hours.items())}")
    packets = series(metrics, "fwlog_packets_total", ("action", "proto", "range"))
    if packets != dict(counts["packets"]):
        errors.append(f"fwlog_packets_total differs: {sorted(set(packets.items()) ^ set(counts['packets'].items()))[:10]}")
    got_unmatched = sum(metrics.get("fwlog_lines_unmatched_total", {}).values())
    if got_unmatched != unmatched:
        errors.append(f"fwlog_lines_unmatched_total {got_unmatched:.0f}, reference {unmatched}")
    invalid = {k[0]: v for k, v in series(metrics, "fwlog_lines_invalid_total", ("reason",)).items() if v}
    if invalid != dict(counts["invalid"]):
        errors.append(f"fwlog_lines_invalid_total {invalid}, reference {dict(counts['invalid'])}")
    print(f"  by_hour, packets_total ({len(packets)} series), unmatched ({unmatched}), invalid {dict(counts['invalid'])}")
    if errors:
        print("FAILED:", *errors[:20], sep="\n  ")
        sys.exit(1)
    print("reference counts: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
