#!/usr/bin/env python3
"""Soak: the serving exporter under everything at once, for minutes, with its
resident memory sampled, to tell a leak (RSS keeps climbing) from churn (it
climbs, then levels off).

    bench/soak.py [--build build] [--minutes 10] [--sample 10] [--reload-every 1]
                  [--scrapers 4] [--lines-per-second 2000] [--exporter CMD...]

All at once, on 127.0.0.1 only, the exporter started on port 0
(tests/support/exporter_process.py):
  * a file input: generated netfilter lines appended at --lines-per-second
    (with a rename rotation every minute), sources spread over many countries
    and ports so the series grow as they do on a real router;
  * UDP and TCP syslog inputs: a few hundred messages a second each;
  * --scrapers clients scraping /metrics back to back (half with gzip);
  * POST /-/reload every --reload-every seconds (a whole new pipeline each:
    parsers, ranges, IANA table, country database, registry).
Every --sample seconds it prints RSS (VmRSS), the peak (VmHWM), lines counted,
scrapes and reloads done. At the end: RSS per minute, the mean RSS of the
last third of the run against the middle third, and the peak (VmHWM) at half
time against the end; "levels off" when neither grew by more than 5 % (or 2
and 4 MiB on small figures), else "still growing". Exits 0 either way unless the
exporter died or stopped counting; bounded by --minutes.

Run it nice'd on a shared machine: nice -n 10 bench/soak.py --minutes 10.
MALLOC_ARENA_MAX and other environment variables pass through to the exporter.
"""
import argparse
import ipaddress
import os
import random
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from exporter_process import ExporterProcess  # noqa: E402

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')


def netfilter_line(rng, when):
    src = str(ipaddress.IPv4Address(rng.randrange(0x01000000, 0xdf000000)))
    port = rng.choice((22, 23, 80, 443, 445, 3389, 8080)) if rng.random() < 0.6 else rng.randrange(1, 65536)
    proto = "TCP" if rng.random() < 0.8 else "UDP"
    return (f"{when} router kernel: DROP IN=ppp0 OUT= MAC= SRC={src} DST=203.0.113.7 LEN=40 TOS=0x00 "
            f"PREC=0x00 TTL=243 ID={rng.randrange(65536)} PROTO={proto} SPT={rng.randrange(1024, 65536)} "
            f"DPT={port} WINDOW=1024 RES=0x00 SYN URGP=0")


def status_of(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for raw in f:
            key, _, rest = raw.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(rest.split()[0])
    return out


def exporter_pid(root):
    """The fwlog_exporter process: `root` itself, or under a wrapper such as
    heaptrack, its descendant of that name."""
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "fwlog_exporter":
                    return pid
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return root


def lines_counted(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as r:
        text = r.read().decode()
    total = 0.0
    for raw in text.splitlines():
        m = SAMPLE.match(raw)
        if m and m.group(1) == "fwlog_input_lines_total":
            total += float(m.group(3))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--sample", type=float, default=10)
    ap.add_argument("--reload-every", type=float, default=1.0)
    ap.add_argument("--scrapers", type=int, default=4)
    ap.add_argument("--lines-per-second", type=int, default=2000)
    ap.add_argument("--syslog-per-second", type=int, default=300)
    ap.add_argument("--exporter", help="command instead of BUILD/fwlog_exporter, split at spaces "
                    "(e.g. \"heaptrack -o /tmp/soak build/fwlog_exporter\")")
    args = ap.parse_args()

    exporter = args.exporter.split() if args.exporter else [os.path.join(args.build, "fwlog_exporter")]
    d = tempfile.mkdtemp(prefix="fwlog-soak-")
    log = os.path.join(d, "router.log")
    open(log, "w").close()
    with open(os.path.join(d, "fwlog.yml"), "w") as f:
        f.write(f"""state_file: {d}/state
inputs:
  - {{name: file, path: {log}, format: netfilter, start_at: beginning}}
  - {{name: udp, syslog: {{listen: "127.0.0.1:0", protocol: udp}}, format: auto}}
  - {{name: tcp, syslog: {{listen: "127.0.0.1:0", protocol: tcp}}, format: auto}}
""")
    ex = ExporterProcess(exporter, [f"--config.file={d}/fwlog.yml"], syslog=["udp", "tcp"], timeout=120)
    pid = exporter_pid(ex.proc.pid)
    stop = threading.Event()
    done = {"scrapes": 0, "scrape_errors": 0, "reloads": 0, "reload_errors": 0, "lines": 0, "syslog": 0}
    lock = threading.Lock()

    def bump(key, n=1):
        with lock:
            done[key] += n

    def writer():
        rng = random.Random(1)
        start, written, rotated = time.monotonic(), 0, time.monotonic()
        while not stop.is_set():
            due = int((time.monotonic() - start) * args.lines_per_second)
            if due > written:
                when = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
                with open(log, "a") as f:
                    f.write("".join(netfilter_line(rng, when) + "\n" for _ in range(due - written)))
                bump("lines", due - written)
                written = due
            if time.monotonic() - rotated > 60:  # logrotate's rename + create
                os.replace(log, log + ".1")
                open(log, "w").close()
                rotated = time.monotonic()
            time.sleep(0.05)

    def syslog_sender():
        rng = random.Random(2)
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        t = socket.create_connection(("127.0.0.1", ex.syslog["tcp"]))
        while not stop.is_set():
            stamp = time.strftime("%b %d %H:%M:%S", time.gmtime())
            for _ in range(max(1, args.syslog_per_second // 10)):
                m = "<4>" + netfilter_line(rng, stamp)
                u.sendto(m.encode(), ("127.0.0.1", ex.syslog["udp"]))
                t.sendall(m.encode() + b"\n")
                bump("syslog", 2)
            time.sleep(0.1)
        t.close()

    def scraper(i):
        while not stop.is_set():
            req = urllib.request.Request(f"http://127.0.0.1:{ex.port}/metrics",
                                         headers={"Accept-Encoding": "gzip"} if i % 2 else {})
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    r.read()
                bump("scrapes")
            except OSError:
                bump("scrape_errors")

    def reloader():
        while not stop.wait(args.reload_every):
            req = urllib.request.Request(f"http://127.0.0.1:{ex.port}/-/reload", method="POST", data=b"")
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    r.read()
                bump("reloads")
            except OSError:
                bump("reload_errors")

    threads = [threading.Thread(target=writer), threading.Thread(target=syslog_sender),
               threading.Thread(target=reloader)] + [threading.Thread(target=scraper, args=(i,))
                                                      for i in range(args.scrapers)]
    for t in threads:
        t.daemon = True
        t.start()
    samples = []
    start = time.monotonic()
    end = start + args.minutes * 60
    print(f"soak: exporter pid {pid}, port {ex.port}, {args.minutes:g} min, sample every {args.sample:g} s")
    print(f"{'t/s':>6} {'RSS/MiB':>8} {'peak/MiB':>9} {'threads':>7} {'counted':>10} {'scrapes':>8} {'reloads':>8}")
    ok = True
    try:
        while time.monotonic() < end:
            time.sleep(min(args.sample, max(0, end - time.monotonic())))
            if ex.proc.poll() is not None:
                print(f"the exporter exited ({ex.proc.returncode}):\n{ex.stderr()[-3000:]}")
                ok = False
                break
            st = status_of(pid)
            counted = lines_counted(ex.port)
            t = time.monotonic() - start
            samples.append((t, st["VmRSS"] / 1024, st["VmHWM"] / 1024))
            with lock:
                snap = dict(done)
            print(f"{t:6.0f} {st['VmRSS'] / 1024:8.1f} {st['VmHWM'] / 1024:9.1f} {st['Threads']:7d} "
                  f"{counted:10.0f} {snap['scrapes']:8d} {snap['reloads']:8d}", flush=True)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        if pid != ex.proc.pid:  # under a wrapper: stop the exporter itself, the wrapper then ends
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        rc, err = ex.stop(timeout=120)
        shutil.rmtree(d, ignore_errors=True)
    with lock:
        print(f"done: {done}; exporter exit {rc}")
    if len(samples) >= 6:
        print("minute  RSS min / mean / max (MiB)")
        minutes = max(1, round(samples[-1][0] / 60))
        for minute in range(minutes):
            rss = [r for t, r, _ in samples if min(int(t // 60), minutes - 1) == minute]
            if rss:
                print(f"{minute + 1:6d}  {min(rss):.1f} / {sum(rss) / len(rss):.1f} / {max(rss):.1f}")
        third = len(samples) // 3

        def mean(xs):
            return sum(r for _, r, _ in xs) / len(xs)
        middle, last = mean(samples[third:2 * third]), mean(samples[2 * third:])
        peak_half, peak_end = samples[len(samples) // 2][2], samples[-1][2]
        print(f"RSS: first sample {samples[0][1]:.1f} MiB; mean of the middle third {middle:.1f} MiB, of the last "
              f"third {last:.1f} MiB ({last - middle:+.1f}); peak {peak_half:.1f} MiB at half time, "
              f"{peak_end:.1f} MiB at the end")
        flat = last - middle < max(2.0, 0.05 * middle) and peak_end - peak_half < max(4.0, 0.05 * peak_half)
        print("verdict:", "levels off" if flat else "still growing")
    return 0 if ok and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
