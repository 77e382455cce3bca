#!/usr/bin/env python3
"""Checks that fwlog_exporter's `replay` output and mtail's (bench/mtail/fwlog.mtail,
--one_shot_format prometheus) count the same packets.

    bench/compare_counts.py ours.prom mtail.prom

For every comparable counter, each series fwlog_exporter keeps (not its
overflow series "other") must have mtail's count for the same labels, and the
totals (overflow included) must be equal. Exits 1 on any difference.
"""
import re
import sys
from collections import defaultdict

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def read(path):
    out = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            m = SAMPLE.match(line.strip())
            if not m:
                continue
            labels = dict(LABEL.findall(m.group(2) or ""))
            labels.pop("prog", None)
            out[m.group(1)][tuple(sorted(labels.items()))] = float(m.group(3))
    return out


def project(series, keep, where=None):
    """Sums series over the labels not in `keep`; drops series failing `where`."""
    out = defaultdict(float)
    for labels, value in series.items():
        d = dict(labels)
        if where and not where(d):
            continue
        out[tuple(d.get(k, "") for k in keep)] += value
    return out


def compare(name, ours, theirs, errors):
    """ours/theirs: {key: count}; keys with 'other' in ours are overflow."""
    checked = 0
    for key, value in ours.items():
        if "other" in key:
            continue
        checked += 1
        if theirs.get(key, 0.0) != value:
            errors.append(f"{name}{key}: fwlog_exporter {value:.0f}, mtail {theirs.get(key, 0.0):.0f}")
    total_ours, total_theirs = sum(ours.values()), sum(theirs.values())
    if total_ours != total_theirs:
        errors.append(f"{name}: total fwlog_exporter {total_ours:.0f}, mtail {total_theirs:.0f}")
    overflow = sum(v for k, v in ours.items() if "other" in k)
    print(f"  {name}: {checked} series compared, total {total_ours:.0f} (overflow 'other' {overflow:.0f}), "
          f"mtail {len(theirs)} series, total {total_theirs:.0f}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ours, theirs = read(args[0]), read(args[1])
    errors = []
    if "--port-only" in sys.argv:  # the one-counter program: tcp/udp with a port
        compare("fwlog_packets_by_port_total{proto=tcp|udp,port}",
                project(ours["fwlog_packets_by_port_total"], ("proto", "port"),
                        lambda d: d.get("proto") in ("tcp", "udp", "other")),
                project(theirs["fwlog_packets_by_port_total"], ("proto", "port")), errors)
        finish(errors)
        return
    compare("fwlog_packets_by_port_total{proto,port}",
            project(ours["fwlog_packets_by_port_total"], ("proto", "port")),
            project(theirs["fwlog_packets_by_port_total"], ("proto", "port")), errors)
    compare("fwlog_packets_by_hour_total{hour}",
            {k: v for k, v in project(ours["fwlog_packets_by_hour_total"], ("hour",)).items() if v},
            {("%02d" % int(k[0]),): v for k, v in project(theirs["fwlog_packets_by_hour_total"], ("hour",)).items()},
            errors)
    compare("fwlog_packets_total{action,proto}",
            project(ours["fwlog_packets_total"], ("action", "proto")),
            project(theirs["fwlog_packets_total"], ("action", "proto")), errors)
    # The mtail program knows NICT's range only; the exporter's overflow series
    # (range "other") also holds packets of the other named ranges (the scanner
    # catalog) that came past the cap. Those are known exactly: a named range's
    # refused packets in fwlog_packets_total (no cap reached there) less those
    # in its own fwlog_range_packets_total series. They leave our overflow.
    named = lambda d: d.get("range") not in ("nict-notice", "other", "private", None)
    refused = sum(v for k, v in ours["fwlog_packets_total"].items()
                  if named(dict(k)) and dict(k).get("action") in ("drop", "reject"))
    kept = sum(v for k, v in ours["fwlog_range_packets_total"].items() if named(dict(k)))
    nict = project(ours["fwlog_range_packets_total"], ("proto", "port"),
                   lambda d: d.get("range") in ("nict-notice", "other"))
    spill = refused - kept
    if spill and ("other", "other") in nict:
        nict[("other", "other")] -= spill
    compare("fwlog_range_packets_total{range=nict-notice,proto,port}", nict,
            project(theirs["fwlog_range_packets_total"], ("proto", "port")), errors)
    finish(errors)


def finish(errors):
    if errors:
        print("counts differ:", *errors[:20], sep="\n  ")
        sys.exit(1)
    print("  counts equal")


if __name__ == "__main__":
    main()
