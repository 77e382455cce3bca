"""report on a log built from the seed's table: NICT's 210.150.186.238
knocking on 22, 23, 80, 5555, 8000, 8080, 23023 and 52869 between 2018-09-22
and 2018-11-22 (JST), among other traffic. The watched-range table comes back
row for row, with the services ssh, telnet, http, personal-agent, irdmi,
http-alt and unknown; the summaries and the SVG charts are well formed.
Censys (162.142.125.1, range censys) knocks too: its rows carry its network
(AS 398324, CENSYS...), which also leads the top networks section."""
import csv
import io
import json
import os
import random
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

JST = timezone(timedelta(hours=9))
NICT = "210.150.186.238"
SERVICES = {22: "ssh", 23: "telnet", 80: "http", 5555: "personal-agent", 8000: "irdmi", 8080: "http-alt",
            23023: "unknown", 52869: "unknown"}
OTHERS = ["45.155.205.12", "185.156.73.54", "89.248.165.77", "61.177.172.140"]
CENSYS = "162.142.125.1"
CENSYS_PACKETS = 700  # more than any of OTHERS (about 150 each): the top network


def build_log(rng):
    events = []  # (datetime, src, port)
    expected = {}  # (date, hour, src, port, proto, service) -> [first time, count]
    t = datetime(2018, 9, 22, 0, 20, tzinfo=JST)
    end = datetime(2018, 11, 23, 0, 0, tzinfo=JST)
    while t < end:
        port = rng.choice(list(SERVICES))
        for k in range(rng.choice([1, 1, 1, 2, 3])):  # sometimes a few packets in the same hour
            when = t + timedelta(minutes=3 * k)
            events.append((when, NICT, port))
            key = (when.strftime("%Y-%m-%d"), when.strftime("%H"), NICT, str(port), "tcp", SERVICES[port])
            expected.setdefault(key, [when, 0])[1] += 1
        t += timedelta(hours=rng.randint(5, 40), minutes=rng.randint(0, 59))
    # Just outside the dates (JST): left out of the table.
    events.append((datetime(2018, 9, 21, 23, 50, tzinfo=JST), NICT, 23))
    events.append((datetime(2018, 11, 23, 0, 5, tzinfo=JST), NICT, 22))
    for _ in range(600):
        when = datetime(2018, 9, 20, tzinfo=JST) + timedelta(seconds=rng.randrange(65 * 86400))
        events.append((when, rng.choice(OTHERS), rng.choice([23, 22, 445, 3389, 80])))
    for i in range(CENSYS_PACKETS):
        events.append((datetime(2018, 10, 1, tzinfo=JST) + timedelta(minutes=7 * i), CENSYS, rng.choice([80, 443])))
    events.sort()
    lines = [harness.line(w.isoformat(), src, port) for w, src, port in events]
    rows = sorted(expected.items(), key=lambda kv: kv[1][0])
    lo, hi = datetime(2018, 9, 22, tzinfo=JST), datetime(2018, 11, 23, tzinfo=JST)
    in_dates = sum(1 for w, _, _ in events if lo <= w < hi)
    return lines, [list(k) + [str(v[1])] for k, v in rows], in_dates


def main():
    tmp = tempfile.mkdtemp(prefix="fwlog-report-")
    try:
        lines, expected, total = build_log(random.Random(20181122))
        log = os.path.join(tmp, "router.log")
        with open(log, "w") as f:
            f.write("\n".join(lines) + "\n")
        args = ["report", "--timezone=Asia/Tokyo", "--range", "nict-notice", "--from", "2018-09-22", "--to",
                "2018-11-22"]
        out = harness.run(args + ["--format", "csv", log]).stdout
        table = list(csv.reader(io.StringIO(out)))
        header = ["section", "date", "hour", "range", "src", "asn", "as_org", "port", "proto", "service", "purpose",
                  "country", "country_name", "packets"]
        assert table[0] == header, table[0]
        assert all(len(r) == len(header) for r in table), [r for r in table if len(r) != len(header)][:3]
        col = {name: i for i, name in enumerate(header)}
        PORT, SERVICE, PURPOSE, COUNTRY, PACKETS = (col[c] for c in ("port", "service", "purpose", "country",
                                                                      "packets"))
        rows = [r for r in table[1:] if r[0] == "range"]
        assert {r[3] for r in rows} == {"nict-notice"}, "every row names its range"
        assert all(r[col["asn"]] and r[col["as_org"]] for r in rows), "every row names its source's network"
        got = [[r[1], r[2], r[4], r[PORT], r[PORT + 1], r[SERVICE], r[PACKETS]] for r in rows]
        assert got == expected, "range table differs:\n" + "\n".join(
            f"{g} | {e}" for g, e in zip(got, expected) if g != e) + f"\n{len(got)} rows vs {len(expected)}"
        assert {r[5] for r in got} == set(SERVICES.values()), {r[5] for r in got}
        hours = [r for r in table if r[0] == "hour"]
        assert len(hours) == 24
        days_total = sum(int(r[PACKETS]) for r in table if r[0] == "day")
        assert days_total == total, f"{days_total} packets by day, expected {total} within the dates"
        assert sum(int(r[PACKETS]) for r in hours) == days_total
        ports = {r[PORT]: r[SERVICE] for r in table if r[0] == "port"}
        purposes = {r[PORT]: r[PURPOSE] for r in table if r[0] == "port"}
        names = {r[COUNTRY]: r[COUNTRY + 1] for r in table if r[0] == "country"}
        # Top networks: refused packets by (asn, as_org), at most --top (20) rows, Censys first.
        networks = [(r[col["asn"]], r[col["as_org"]], int(r[PACKETS])) for r in table if r[0] == "network"]
        assert 0 < len(networks) <= 20, networks
        assert networks[0][0] == "398324" and "CENSYS" in networks[0][1].upper(), networks
        assert networks[0][2] == CENSYS_PACKETS, networks
        assert all(names[c] for c in names if len(c) == 2), f"a country code without its name: {names}"
        assert ports["5555"] == "personal-agent" and ports["8000"] == "irdmi" and ports["445"] == "microsoft-ds"
        # The purpose: the curated one (config/ports/purposes.csv), else the service.
        assert purposes["5555"] == "android-adb" and purposes["445"] == "ms-smb", purposes
        assert purposes["8000"] == "irdmi", purposes

        data = json.loads(harness.run(args + ["--format", "json", log]).stdout)
        assert [[r["date"], r["hour"], r["src"], r["port"], r["proto"], r["service"], str(r["packets"])]
                for r in data["range_table"]] == expected
        assert {r["range"] for r in data["range_table"]} == {"nict-notice"}
        assert all(c["name"] for c in data["countries"] if len(c["country"]) == 2), data["countries"]
        assert len(data["hours"]) == 24 and sum(data["hours"]) == data["packets"]
        assert [(n["asn"], n["as_org"], n["packets"]) for n in data["networks"]] == networks, data["networks"]
        top2 = json.loads(harness.run(args + ["--top", "2", "--format", "json", log]).stdout)["networks"]
        assert [n["asn"] for n in top2] == [n[0] for n in networks[:2]], top2

        # Every catalog range: Censys's rows carry its AS (text, CSV and JSON).
        everything = ["report", "--timezone=Asia/Tokyo", "--from", "2018-09-22", "--to", "2018-11-22", log]
        censys = [r for r in json.loads(harness.run(everything + ["--format", "json"]).stdout)["range_table"]
                  if r["src"] == CENSYS]
        assert censys and all(r["range"] == "censys" and r["asn"] == "398324" and "CENSYS" in r["as_org"].upper()
                              for r in censys), censys[:2]
        censys_csv = [r for r in csv.reader(io.StringIO(harness.run(everything + ["--format", "csv"]).stdout))
                      if r[0] == "range" and r[4] == CENSYS]
        assert censys_csv and all(r[3] == "censys" and r[col["asn"]] == "398324" for r in censys_csv), censys_csv[:2]
        censys_text = [t for t in harness.run(everything).stdout.splitlines() if f" {CENSYS} " in t]
        assert censys_text and all(" censys " in t and " 398324 " in t for t in censys_text), censys_text[:2]

        svg = os.path.join(tmp, "svg")
        text = harness.run(args + ["--svg", svg, log]).stdout
        assert "android-adb" in text, "the purpose column in the text tables"
        assert "personal-agent" in text and "By hour of day (Asia/Tokyo)" in text and "By country" in text, text
        assert "  nict-notice  " in text, "the text table names each row's range"
        assert " Japan " in text or " China " in text or " United States " in text, "country names in the text"
        assert "Top networks" in text and "\n398324 " in text, "the top networks section in the text"

        def bars(name):
            root = ET.parse(os.path.join(svg, name)).getroot()
            assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
            return [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.get("class") == "fw-bar"]
        for name in ("hours.svg", "ports.svg", "countries.svg", "ranges.svg"):
            assert bars(name), f"{name}: no bars"
        assert len(bars("hours.svg")) == 24
        hours_svg = open(os.path.join(svg, "hours.svg"), encoding="utf-8").read()
        assert "hour of day (Asia/Tokyo)" in hours_svg, "the time zone on the hour axis"
        # The watched ranges by day: one bar per day with NICT's packets, each titled with its count.
        by_day = {}
        for r in expected:
            by_day[r[0]] = by_day.get(r[0], 0) + int(r[6])
        titles = sorted(t for t in (e.find("{http://www.w3.org/2000/svg}title").text for e in bars("ranges.svg"))
                        if not t.endswith(": 0 packets"))
        assert titles == sorted(f"{d}: {n:,} packets" for d, n in by_day.items()), titles[:5]

        # A --range that no catalog has: an error naming the known ranges.
        bad = harness.run(["report", "--range", "nict-noitce", log], check=False)
        assert bad.returncode == 2 and "nict-notice" in bad.stderr and "nict-noitce" in bad.stderr, bad.stderr
        print(f"ok: {len(expected)} rows of the seed's table, 4 charts")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
