#!/usr/bin/env python3
"""The project fixtures (tests/fixtures/logs) through the real binary:
`fwlog_exporter parse --format=auto` must recognise exactly the lines the
golden files say, with the same fields, so every dialect is covered end to
end even where the shared corpus is absent. Event times are compared only as
"from the line or not" (year inference and on-box clocks depend on today);
tests/parse/fixtures_test.cc checks them exactly.

Then the time zones, through a configuration file: a stamp without offset is
read in the input's `timezone:` when it has one, else in the global zone.

Usage: fixtures_test.py FWLOG_EXPORTER SOURCE_DIR
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

GOLDEN = re.compile(r'^(\d+) (\S+)(?: (.*))?$')
FIELD = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))')


def run(exporter, args, stdin=None):
    p = subprocess.run([exporter] + args, input=stdin, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError(f"{args} exited {p.returncode}: {p.stderr}")
    return p


def check_fixtures(exporter, source, failures):
    logs = Path(source) / "tests" / "fixtures" / "logs"
    files = sorted(logs.glob("*.log"))
    assert files, f"no fixtures in {logs}"
    for log in files:
        golden = log.with_name(log.name + ".golden").read_text().splitlines()
        p = run(exporter, ["parse", "--format=auto", "--timezone=Europe/Berlin", str(log)])
        events = {e["line"]: e for e in map(json.loads, p.stdout.splitlines())}
        bad = []
        for g in golden:
            m = GOLDEN.match(g)
            n, kind = int(m.group(1)), m.group(2)
            event = events.pop(n, None)
            if kind in ("unmatched", "invalid"):
                if event is not None:
                    bad.append(f"line {n}: golden says {kind}, binary matched it")
                elif f":{n}: {kind}" not in p.stderr:
                    bad.append(f"line {n}: stderr does not report it as {kind}")
                continue
            if event is None:
                bad.append(f"line {n}: golden says {kind}, binary did not match it")
                continue
            want = {k: unquoted or quoted for k, quoted, unquoted in FIELD.findall(m.group(3))}
            if event["matched_by"] != kind:
                bad.append(f"line {n}: matched_by {event['matched_by']} != {kind}")
            if event["time_from_line"] != (want.pop("time") != "receive"):
                bad.append(f"line {n}: time_from_line {event['time_from_line']}")
            for k, v in want.items():
                if event.get(k) != v:
                    bad.append(f"line {n}: {k} {event.get(k)!r} != {v!r}")
        bad += [f"line {n}: matched but not in the golden file" for n in events]
        print(("FAIL " if bad else "ok   ") + log.name)
        for b in bad[:10]:
            print("     " + b)
        failures += bool(bad)
    return failures


def check_zones(exporter, failures):
    line = ("2026-03-24 10:00:00 gw kernel: DROP IN=ppp0 OUT= SRC=198.51.100.1 DST=203.0.113.7 PROTO=TCP "
            "SPT=1 DPT=22\n")
    cases = [
        ("input zone wins", "timezone: Asia/Tokyo\ninputs:\n  - name: gw\n    stdin: true\n    format: auto\n"
                            "    timezone: UTC\n", "2026-03-24T19:00:00+09:00", "19"),
        ("global zone applies", "timezone: Asia/Tokyo\ninputs:\n  - name: gw\n    stdin: true\n    format: auto\n",
         "2026-03-24T10:00:00+09:00", "10"),
    ]
    for what, config, want_time, want_hour in cases:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
            f.write(config)
            f.flush()
            p = run(exporter, ["parse", f"--config.file={f.name}", "-"], stdin=line)
        event = json.loads(p.stdout.splitlines()[0])
        ok = event["time"] == want_time and event["hour"] == want_hour
        print(("ok   " if ok else "FAIL ") + f"zones: {what}: time {event['time']}, hour {event['hour']}")
        failures += not ok
    return failures


def main(argv):
    exporter, source = argv[1], argv[2]
    failures = check_zones(exporter, check_fixtures(exporter, source, 0))
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
