"""GET /api/summary and `/` from the real binary: lines whose stamps span
several days up to now give exact per-day counts in the configured zone
(Asia/Tokyo), the watched range, ports with service names and countries; a
restart keeps the history (state file); with basic auth on, both need it."""
import base64
import datetime
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "security"))
from harness import Checks, line, start, wait_for, write_router_input  # noqa: E402
from seclib import bcrypt  # noqa: E402

c = Checks()
NICT = "210.150.186.238"
OTHER = "198.51.100.9"  # documentation space: no range, country unknown
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def get(port, path, auth=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.headers.get("Content-Type"), r.read().decode()


def summary(port, auth=None):
    return json.loads(get(port, "/api/summary", auth)[2])


# Day k back (k = 0 is today in Tokyo): k + 1 lines from NICT to telnet and 2 * k
# from OTHER to ssh; stamps an hour before now, k days back.
now = datetime.datetime.now(TOKYO).replace(microsecond=0) - datetime.timedelta(hours=1)
expected = {}
lines = []
for k in range(6, -1, -1):
    t = now - datetime.timedelta(days=k)
    stamp = t.isoformat()
    for _ in range(k + 1):
        lines.append(line(stamp, NICT, 23))
    for _ in range(2 * k):
        lines.append(line(stamp, OTHER, 22))
    expected[t.date().isoformat()] = 3 * k + 1
    if k == 1:  # 5555/tcp: IANA's personal-agent, probed for Android's debug bridge
        lines.append(line(stamp, OTHER, 5555))
        expected[t.date().isoformat()] += 1
accepted = line(now.isoformat(), OTHER, 80).replace(" DROP ", " ACCEPT ")
lines.append(accepted)
total = sum(expected.values())


def check_days(label, s):
    days = {d["date"]: d["packets"] for d in s["days"]}
    c.true(f"{label}: at least 14 days listed", len(s["days"]) >= 14)
    c.eq(f"{label}: last day is today in Tokyo", s["days"][-1]["date"], now.date().isoformat())
    for date, n in expected.items():
        c.eq(f"{label}: packets on {date}", days.get(date), n)
    c.eq(f"{label}: no other day has packets",
         sum(n for d, n in days.items() if d not in expected), 0)
    c.eq(f"{label}: total", s["packets"], total)


with tempfile.TemporaryDirectory() as d:
    config, log = write_router_input(d, lines)
    args = [f"--config.file={config}"]
    ex = start(args, cwd=d)
    try:
        # The history counts each event at once; the inputs' line counts are
        # published with the counters, a little later.
        wait_for(lambda: (lambda s: s["packets"] == total and s["inputs"][0]["lines"] == len(lines))(summary(ex.port)),
                 what="every line in the history and in the input's count")
        s = summary(ex.port)
        check_days("live", s)
        c.eq("time zone", s["time_zone"], "Asia/Tokyo")
        ranges = {r["name"]: r for r in s["ranges"]}
        c.true("nict-notice listed", "nict-notice" in ranges)
        if "nict-notice" in ranges:
            r = ranges["nict-notice"]
            c.eq("nict-notice packets", r["packets"], sum(k + 1 for k in range(7)))
            c.eq("nict-notice ports", [(p["proto"], p["port"], p["service"]) for p in r["ports"]],
                 [("tcp", "23", "telnet")])
            c.eq("nict-notice days", r["days"][-7:], list(range(7, 0, -1)))
            c.true("nict-notice first seen in Tokyo time", r["first_seen"].endswith("+09:00"))
        ports = {(p["proto"], p["port"]): p for p in s["ports"]}
        c.eq("ssh with its service", ports.get(("tcp", "22"), {}).get("service"), "ssh")
        c.eq("ssh's purpose is its service", ports.get(("tcp", "22"), {}).get("purpose"), "ssh")
        c.eq("5555 with IANA's service", ports.get(("tcp", "5555"), {}).get("service"), "personal-agent")
        c.eq("5555 with what it is probed for", ports.get(("tcp", "5555"), {}).get("purpose"), "android-adb")
        c.eq("ssh packets", ports.get(("tcp", "22"), {}).get("packets"), sum(2 * k for k in range(7)))
        c.eq("telnet packets", ports.get(("tcp", "23"), {}).get("packets"), 28)
        c.true("accepted packet not in the history", ("tcp", "80") not in ports)
        c.true("other verdicts counted apart", s["other_verdict_packets"] >= 1)
        c.eq("hours end at the newest hour", s["hours"][-1]["packets"], 1)
        c.eq("input lines", s["inputs"][0]["lines"], len(lines))
        c.true("no source address without top_sources", NICT not in json.dumps(s))
        status, ctype, page = get(ex.port, "/")
        c.eq("page answers", status, 200)
        c.true("page is HTML", ctype.startswith("text/html"))
        c.true("page holds the range", "nict-notice" in page)
        c.true("page holds the service", "telnet" in page)
        c.true("page names 5555 by its purpose", "5555/tcp android-adb" in page)
        c.true("page holds today's count", f"{now.date().isoformat()}: 1 packets" in page)
        c.true("page has no script from outside", "<script src" not in page and "http://" not in
               page.replace('xmlns="http://www.w3.org/2000/svg"', ""))
    finally:
        rc, stderr = ex.stop(timeout=10)
    c.eq("clean exit", rc, 0)
    if rc != 0:
        print(stderr)

    # A restart keeps the history (the state file) and counts nothing twice.
    ex = start(args, cwd=d)
    try:
        wait_for(lambda: summary(ex.port)["packets"] == total, what="the history back from the state file")
        check_days("after restart", summary(ex.port))
        # A reload builds a new pipeline on the same history.
        req = urllib.request.Request(f"http://127.0.0.1:{ex.port}/-/reload", data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=30) as r:
            c.eq("reload answered", r.status, 200)
        with open(log, "a") as f:
            f.write(line(now.isoformat(), NICT, 23) + "\n")
        expected[now.date().isoformat()] += 1
        total += 1
        wait_for(lambda: summary(ex.port)["packets"] == total, what="a line after the reload counted on")
        check_days("after reload", summary(ex.port))
    finally:
        ex.stop(timeout=10)

    # Basic auth: the page and its JSON need it, as /metrics does.
    web = os.path.join(d, "web.yml")
    with open(web, "w") as f:
        f.write(f"basic_auth_users:\n  admin: '{bcrypt('s3cret')}'\n")
    ex = start([*args, f"--web.config.file={web}"], cwd=d)
    try:
        for path in ("/", "/api/summary"):
            try:
                get(ex.port, path)
                c.true(f"{path} without a password refused", False)
            except urllib.error.HTTPError as e:
                c.eq(f"{path} without a password refused", e.code, 401)
        wait_for(lambda: summary(ex.port, "admin:s3cret")["packets"] == total, what="the history with auth")
        c.eq("page with a password", get(ex.port, "/", "admin:s3cret")[0], 200)
    finally:
        ex.stop(timeout=10)

c.finish()
