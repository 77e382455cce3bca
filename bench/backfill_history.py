#!/usr/bin/env python3
"""Six months into Prometheus: backfill --tsdb on a generated history, measured.

    bench/backfill_history.py build/fwlog_exporter [--lines 2000000 --days 180] [--step 5m] [--log FILE]

Generates (bench/gen_logs.py: 2 M lines spread evenly over 180 days from
2018-11-16 JST, RFC 3339 stamps, the usual mix) unless --log is given, runs
`backfill --timezone=Asia/Tokyo --tsdb=DIR` and samples every 0.2 s the
resident memory of the exporter and its promtool children together, and the
size of DIR; then starts Debian's Prometheus on DIR and compares
sum(increase(fwlog_packets_total[1d])) at every JST midnight with the day's
packet count from `report --format csv` (an independent count of the same
lines). Prints the figures docs/history.md quotes. Not part of the test suite.
"""
import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
from exporter_process import PROMETHEUS_WEB, port_from_log  # noqa: E402

JST = timezone(timedelta(hours=9))


def tree_rss_kib(pid):
    """Resident KiB of pid and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for ln in f:
                    if ln.startswith("VmRSS:"):
                        total += int(ln.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def du_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                pass
    return total


def query(port, expr, at):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr, "time": str(at)})
    with urllib.request.urlopen(url, timeout=60) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    return body["data"]["result"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("exporter")
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--step", default="")
    ap.add_argument("--log", help="an existing log (skips generating)")
    ap.add_argument("--keep", help="keep the TSDB folder here")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="fwlog-history-", dir=os.environ.get("TMPDIR", "/tmp"))
    prom = None
    try:
        log = args.log or os.path.join(tmp, "router.log")
        if not args.log:
            with open(log, "w") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "gen_logs.py"), "--lines", str(args.lines),
                                "--start", "2018-11-16T00:00:00+09:00", "--days", str(args.days), "--iso"],
                               stdout=f, check=True)
        data = args.keep or os.path.join(tmp, "data")
        cmd = [args.exporter, "backfill", "--timezone=Asia/Tokyo", f"--tsdb={data}"]
        if args.step:
            cmd.append(f"--step={args.step}")
        start = time.monotonic()
        p = subprocess.Popen(cmd + [log], stderr=subprocess.PIPE, text=True)
        peak_rss = peak_disk = 0
        while p.poll() is None:
            peak_rss = max(peak_rss, tree_rss_kib(p.pid))
            peak_disk = max(peak_disk, du_bytes(data))
            time.sleep(0.2)
        wall = time.monotonic() - start
        err = p.stderr.read()
        assert p.returncode == 0, err
        final_disk = du_bytes(data)
        blocks = len([n for n in os.listdir(data) if not n.startswith(".")])
        print(err.strip().splitlines()[-1])
        print(f"backfill: {wall:.1f} s wall, peak memory {peak_rss / 1024:.0f} MiB (exporter + promtool runs), "
              f"peak disk {peak_disk / 2**20:.0f} MiB, final {final_disk / 2**20:.0f} MiB in {blocks} blocks")

        out = subprocess.run([args.exporter, "report", "--timezone=Asia/Tokyo", "--format", "csv", log],
                             capture_output=True, text=True, check=True).stdout
        days = {r[1]: int(r[8]) for r in csv.reader(io.StringIO(out)) if r and r[0] == "day"}

        with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
            f.write("global:\n  scrape_interval: 1m\nscrape_configs: []\n")
        plog = os.path.join(tmp, "prometheus.log")
        t0 = time.monotonic()
        prom = subprocess.Popen(["prometheus", f"--config.file={tmp}/prometheus.yml", f"--storage.tsdb.path={data}",
                                 "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:0"],
                                stdout=open(plog, "w"), stderr=subprocess.STDOUT)
        port = port_from_log("prometheus", plog, prom, PROMETHEUS_WEB, timeout=600)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        print(f"prometheus: ready on the folder in {time.monotonic() - t0:.1f} s")
        wrong = []
        for day, count in sorted(days.items()):
            d = datetime.fromisoformat(day).replace(tzinfo=JST)
            got = query(port, "sum(increase(fwlog_packets_total[1d]))", int((d + timedelta(days=1)).timestamp()))
            value = float(got[0]["value"][1]) if got else 0.0
            if value != count:
                wrong.append((day, value, count))
        print(f"check: {len(days) - len(wrong)} of {len(days)} JST days: increase(fwlog_packets_total[1d]) at "
              f"midnight equals the day's packet count exactly" + (f"; wrong: {wrong[:5]}" if wrong else ""))
        return 1 if wrong else 0
    finally:
        if prom is not None:
            prom.terminate()
            prom.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
