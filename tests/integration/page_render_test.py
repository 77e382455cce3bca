"""The page at `/` rendered by headless Chromium (Debian's `chromium`), with
basic auth on: the rendered text holds the watched range, the services and
the per-day numbers, and the screenshot is not blank."""
import base64
import datetime
import json
import os
import sys
import tempfile
import urllib.request
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "security"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import chromium  # noqa: E402
from harness import Checks, line, start, wait_for, write_router_input  # noqa: E402
from seclib import bcrypt  # noqa: E402



def get_json(port, path, auth):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read().decode())


c = Checks()
NICT = "210.150.186.238"
OTHER = "198.51.100.9"
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
AUTH = "viewer:page-s3cret"

now = datetime.datetime.now(TOKYO).replace(microsecond=0) - datetime.timedelta(hours=1)
lines, expected = [], {}
for k in range(4, -1, -1):
    t = now - datetime.timedelta(days=k)
    lines += [line(t.isoformat(), NICT, 23)] * (k + 2) + [line(t.isoformat(), OTHER, 22)] * (3 * k + 1)
    expected[t.date().isoformat()] = 4 * k + 3
    if k == 2:  # 5555/tcp: IANA's personal-agent, probed for Android's debug bridge
        lines.append(line(t.isoformat(), OTHER, 5555))
        expected[t.date().isoformat()] += 1

with tempfile.TemporaryDirectory() as d:
    config, _ = write_router_input(d, lines, state_file=False)
    web = os.path.join(d, "web.yml")
    user, password = AUTH.split(":")
    with open(web, "w") as f:
        f.write(f"basic_auth_users:\n  {user}: '{bcrypt(password)}'\n")
    ex = start([f"--config.file={config}", f"--web.config.file={web}"], cwd=d)
    try:
        wait_for(lambda: get_json(ex.port, "/api/summary", AUTH)["packets"] == sum(expected.values()),
                 what="every line counted")
        url = f"http://{AUTH}@127.0.0.1:{ex.port}/"
        dom = chromium.dump_dom(url)
        c.true("rendered page is the summary", "Who knocks" in dom)
        c.true("watched range in the text", "nict-notice" in dom)
        c.true("services in the text", "telnet" in dom and "ssh" in dom)
        c.true("a port named by what it is probed for", "5555/tcp android-adb" in dom)
        c.true("the ports table keeps IANA's name beside it",
               "<td>personal-agent</td><td>android-adb</td>" in dom)
        for date, n in expected.items():
            c.true(f"per-day number for {date}", f"{date}: {n} packets" in dom)
            c.true(f"per-day table row for {date}", f"<td>{date}</td><td class=\"n\">{n}</td>" in dom)
        c.true("time zone named", "Asia/Tokyo" in dom)
        shot = os.path.join(d, "page.png")
        chromium.screenshot(url, shot, width=1000, height=1600)
        ink = chromium.ink_fraction(shot)
        print(f"screenshot: {ink:.1%} of sampled pixels are not background")
        c.true("screenshot not blank", ink > 0.02)
        # Without the password, Chromium gets the 401 page, not the summary.
        c.true("no password, no page", "Who knocks" not in chromium.dump_dom(f"http://127.0.0.1:{ex.port}/"))
    finally:
        rc, stderr = ex.stop(timeout=10)
    if rc != 0:
        print(stderr)
    c.eq("clean exit", rc, 0)

c.finish()
