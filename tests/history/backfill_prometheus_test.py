"""backfill --tsdb (promtool underneath, a 2-hour piece at a time) → a real
Prometheus on the folder: a generated month of logs in Tokyo time comes back
as the exact increase() per JST day and per hour, and a port seen twice in the
month costs a handful of samples, not one per step.

Also: --output (OpenMetrics: families not interleaved, # EOF) through promtool
by hand gives the same days, .gz input, out-of-order lines reported, --until,
and memory that does not grow with the length of the history."""
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

PROMTOOL = shutil.which("promtool")
PROMETHEUS = shutil.which("prometheus")
UTC = timezone.utc
JST = timezone(timedelta(hours=9))
RARE_PORT = 31337
PORTS = [22, 23, 80, 443, 8080, 5555]
SOURCES = ["45.155.205.12", "185.156.73.54", "89.248.165.77", "210.150.186.238", "61.177.172.140"]


def month_of_logs(rng, start, days, hourly=None):
    """Lines in time order, and the expected counts per day of start's zone:
    total and port 23; `hourly` gathers counts per hour start."""
    lines, total, telnet = [], {}, {}
    for d in range(days):
        day = start + timedelta(days=d)
        n = rng.randint(20, 120) if d % 7 != 3 else 0  # a quiet day now and then
        stamps = sorted(rng.randrange(86400) for _ in range(n))
        for s in stamps:
            port = rng.choice(PORTS)
            when = day + timedelta(seconds=s)
            lines.append(harness.line(when.isoformat(), rng.choice(SOURCES), port))
            if hourly is not None:
                hour = when.replace(minute=0, second=0)
                hourly[hour] = hourly.get(hour, 0) + 1
            key = day.date().isoformat()
            total[key] = total.get(key, 0) + 1
            if port == 23:
                telnet[key] = telnet.get(key, 0) + 1
    return lines, total, telnet


def query(port, expr, at):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr, "time": str(at)})
    with urllib.request.urlopen(url, timeout=10) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    return body["data"]["result"]


def check_openmetrics(path):
    families, current, last = [], None, None
    with open(path) as f:
        for raw in f:
            last = raw
            if raw.startswith("# TYPE "):
                name = raw.split()[2]
                assert name not in families, f"family {name} interleaved"
                families.append(name)
                current = name
            elif not raw.startswith("#"):
                assert raw.startswith(current), f"sample outside its family: {raw!r}"
                assert len(raw.split()) >= 3, f"sample without a timestamp: {raw!r}"
    assert last == "# EOF\n", f"does not end with # EOF: {last!r}"
    assert "fwlog_packets" in families and "fwlog_packets_by_port" in families, families


def max_rss_kib(args):
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
            "assert r.returncode == 0, r.stderr\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, harness.EXPORTER] + args, capture_output=True, text=True,
                         check=True, timeout=240)
    return int(out.stdout.strip())


def main():
    if not PROMTOOL or not PROMETHEUS:
        print("SKIP: Debian's prometheus package (promtool, prometheus) is not installed")
        return 77
    rng = random.Random(8)
    tmp = tempfile.mkdtemp(prefix="fwlog-backfill-")
    proc = None
    try:
        start = datetime(2018, 10, 1, tzinfo=JST)
        hourly = {}
        lines, total, telnet = month_of_logs(rng, start, 31, hourly)
        # A port seen twice in the month.
        rare = [start + timedelta(days=4, hours=5, seconds=7), start + timedelta(days=20, hours=23, minutes=58)]
        for when in rare:
            lines.append(harness.line(when.isoformat(), SOURCES[0], RARE_PORT))
            total[when.date().isoformat()] += 1
        lines.sort()
        half = len(lines) // 2
        plain = os.path.join(tmp, "router.log.1")
        packed = os.path.join(tmp, "router.log.gz")
        with open(plain, "w") as f:
            f.write("\n".join(lines[:half]) + "\n")
        with gzip.open(packed, "wt") as f:
            f.write("\n".join(lines[half:]) + "\n")
        data = os.path.join(tmp, "data")
        r = harness.run(["backfill", "--timezone=Asia/Tokyo", f"--tsdb={data}", "--label", "job=fwlog_backfill",
                         "--label", "instance=history", plain, packed])
        assert f"{len(lines)} events" in r.stderr and "blocks written to" in r.stderr, r.stderr
        assert "backfill:" not in r.stderr.split("written to")[1], f"unexpected warnings: {r.stderr}"
        assert not [n for n in os.listdir(data) if n.startswith(".")], os.listdir(data)

        # --output: the OpenMetrics form, turned into blocks by hand.
        om = os.path.join(tmp, "backfill.om")
        r = harness.run(["backfill", "--timezone=Asia/Tokyo", "--step=1m", f"--output={om}", "--label",
                         "job=fwlog_by_hand", "--label", "instance=history", plain, packed])
        check_openmetrics(om)
        p = subprocess.run([PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", om, data], capture_output=True,
                           text=True, timeout=240)
        assert p.returncode == 0, p.stderr

        with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
            f.write("global:\n  scrape_interval: 1m\nscrape_configs: []\n")
        log = open(os.path.join(tmp, "prometheus.log"), "w")
        proc = subprocess.Popen([PROMETHEUS, f"--config.file={tmp}/prometheus.yml", f"--storage.tsdb.path={data}",
                                 "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:0"],
                                stdout=log, stderr=subprocess.STDOUT)
        # Port 0, read back from its log: never a guessed free port.
        port = harness.port_from_log("prometheus", os.path.join(tmp, "prometheus.log"), proc, harness.PROMETHEUS_WEB,
                                     timeout=60)

        def ready():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False
        harness.wait_for(ready, timeout=60, what="Prometheus ready")

        checked = 0
        for d in range(31):
            day = (start + timedelta(days=d)).date().isoformat()
            end = int((start + timedelta(days=d + 1)).timestamp())  # a JST midnight
            for job in ("fwlog_backfill", "fwlog_by_hand"):
                got = query(port, f'sum(increase(fwlog_packets_total{{job="{job}"}}[1d]))', end)
                got = float(got[0]["value"][1]) if got else 0.0
                assert got == total.get(day, 0), f"{job} {day}: increase {got!r}, expected {total.get(day, 0)}"
            got = query(port, 'sum(increase(fwlog_packets_by_port_total{port="23",job="fwlog_backfill"}[1d]))', end)
            got = float(got[0]["value"][1]) if got else 0.0
            assert got == telnet.get(day, 0), f"{day} telnet: {got!r}, expected {telnet.get(day, 0)}"
            checked += 1
        # Every hour of three days, at its end.
        for h in range(72):
            hour = start + timedelta(days=5, hours=h)
            got = query(port, 'sum(increase(fwlog_packets_total{job="fwlog_backfill"}[1h]))',
                        int((hour + timedelta(hours=1)).timestamp()))
            got = float(got[0]["value"][1]) if got else 0.0
            assert got == hourly.get(hour, 0), f"hour {hour}: increase {got!r}, expected {hourly.get(hour, 0)}"
        # The total at the end is the whole month.
        got = query(port, 'sum(fwlog_packets_total{job="fwlog_backfill"})', int((start + timedelta(days=31)).timestamp()))
        assert float(got[0]["value"][1]) == len(lines), got
        # The rare port: a few samples around each packet, none in between.
        month_end = int((start + timedelta(days=31)).timestamp())
        got = query(port, f'count_over_time(fwlog_packets_by_port_total{{port="{RARE_PORT}",job="fwlog_backfill"}}[31d])',
                    month_end)
        assert got and 4 <= float(got[0]["value"][1]) <= 12, got
        print(f"ok: {checked} JST days and 72 hours of increase() match, {len(lines)} events, "
              f"port {RARE_PORT}: {got[0]['value'][1]} samples")

        # Without promtool, or when it fails: exit 1, saying why.
        r = harness.run(["backfill", "--timezone=Asia/Tokyo", f"--tsdb={tmp}/nothing", "--promtool=/nonexistent/promtool",
                         plain], check=False)
        assert r.returncode == 1 and "cannot run /nonexistent/promtool" in r.stderr, r.stderr
        r = harness.run(["backfill", "--timezone=Asia/Tokyo", f"--tsdb={tmp}/failed", "--promtool=false", plain],
                        check=False)
        assert r.returncode == 1 and "false failed on" in r.stderr, r.stderr
        r = harness.run(["backfill", plain], check=False)
        assert r.returncode == 2 and "--tsdb=DIR" in r.stderr, r.stderr

        # Out of order: a line an hour older than what was written is reported.
        late = lines[:200] + [lines[10]] + lines[200:400]
        with open(os.path.join(tmp, "late.log"), "w") as f:
            f.write("\n".join(late) + "\n")
        r = harness.run(["backfill", "--timezone=UTC", "--step=1m", f"--output={tmp}/late.om", f"{tmp}/late.log"])
        assert "1 events were older than the step already written" in r.stderr, r.stderr
        # --until leaves out the rest.
        until = (start + timedelta(days=10)).isoformat()
        r = harness.run(["backfill", "--timezone=Asia/Tokyo", "--step=1h", f"--until={until}", f"--output={tmp}/until.om",
                         plain])
        first10 = sum(1 for ln in lines[:half] if ln[:19] < until[:19])
        assert f"{first10} events" in r.stderr, r.stderr
        assert "at or after --until were left out" in r.stderr, r.stderr

        # Streamed: four times the history, the same series, about the same memory.
        short_lines, _, _ = month_of_logs(random.Random(1), start, 15)
        long_lines, _, _ = month_of_logs(random.Random(1), start, 120)
        for name, ls in (("short.log", short_lines), ("long.log", long_lines)):
            with open(os.path.join(tmp, name), "w") as f:
                f.write("\n".join(ls) + "\n")
        rss_short = max_rss_kib(["backfill", "--timezone=UTC", "--step=1m", f"--output={tmp}/s.om", f"{tmp}/short.log"])
        rss_long = max_rss_kib(["backfill", "--timezone=UTC", "--step=1m", f"--output={tmp}/l.om", f"{tmp}/long.log"])
        assert os.path.getsize(f"{tmp}/l.om") > 6 * os.path.getsize(f"{tmp}/s.om")
        assert rss_long < rss_short * 1.25 + 2048, f"RSS grew with history: {rss_short} KiB -> {rss_long} KiB"
        print(f"ok: max RSS {rss_short} KiB for 15 days, {rss_long} KiB for 120 days")
        return 0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
