#!/usr/bin/env python3
"""Serving benchmarks: the exporter as a server, on loopback only.

    bench/serve_bench.py [--build build] [--tail-rate 250000] [--tail-seconds 8]
                         [--udp-rate 200000] [--udp-messages 1000000]
                         [--scrapes 20] [--no-udp]

1. Tailer: a writer appends generated netfilter lines to a followed file at
   --tail-rate lines/s; the exporter must count them all, and the script
   reports how far behind it ever was and when it caught up.
2. /metrics: with the default metrics plus one wide metric (proto, port; at
   most --wide-series), after the tail test the registry holds ~10 000
   series; --scrapes scrapes each without compression, with
   "Accept-Encoding: gzip" (what Prometheus sends) and with a browser's
   "gzip, deflate, br": median and worst time to the last byte (decompressed
   by the client, as Prometheus does), the bytes on the wire and the
   exporter's CPU time per scrape.
3. Syslog UDP: --udp-messages datagrams at --udp-rate per second to
   127.0.0.1; received + counted drops (queue_full, receive_buffer) against
   sent, from bench/udp_blast (C++, sendmmsg, paced); the rate it reached is
   reported too. --no-udp skips it.

Bounded: each phase stops by itself (tail: the set time plus 20 s of grace;
UDP: the message count; scrapes: 20). Traffic goes to 127.0.0.1 only.
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')

DEFAULT_METRICS = """
  - {name: fwlog_packets_total, labels: [action, proto, range, router], max_series: 1000}
  - {name: fwlog_packets_by_port_total, labels: [proto, port, service, router], max_series: 2000}
  - {name: fwlog_packets_by_country_total, labels: [country, router], max_series: 300}
  - {name: fwlog_packets_by_hour_total, labels: [hour, router]}
  - {name: fwlog_range_packets_total, labels: [range, proto, port, service, router], max_series: 2000,
     exclude: {range: [other, private]}}
  - {name: fwlog_range_first_seen_timestamp_seconds, type: first_seen, labels: [range, router], max_series: 1000,
     exclude: {range: [other, private]}}
  - {name: fwlog_range_last_seen_timestamp_seconds, type: last_seen, labels: [range, router], max_series: 1000,
     exclude: {range: [other, private]}}
  - {name: bench_packets_by_proto_port_total, labels: [proto, port], max_series: WIDE}
"""


def free_port(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def scrape(url, accept_encoding=None):
    """Seconds to the last byte (decompressed), the body, and its size on the wire."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as r:
        raw = r.read()
        encoding = r.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        body = zlib.decompress(raw, 47)
    elif encoding:
        body = b""  # not decoded (e.g. br without the brotli module); timed only
    else:
        body = raw
    return time.perf_counter() - t0, body.decode(), len(raw), encoding


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (float(fields[11]) + float(fields[12])) / os.sysconf("SC_CLK_TCK")


def value(body, name, **labels):
    total = 0.0
    for line in body.splitlines():
        m = SAMPLE.match(line)
        if not m or m.group(1) != name:
            continue
        text = m.group(2) or ""
        if all(f'{k}="{v}"' in text for k, v in labels.items()):
            total += float(m.group(3))
    return total


def log_path(build):
    return os.path.join(build, "bench-data", "fw-2000000.log")


def log_lines(build, n):
    path = log_path(build)
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_logs.py"), "--lines", "2000000",
                            "--seed", "1"], stdout=f, check=True)
        os.rename(path + ".tmp", path)
    out = []
    with open(path, "rb") as f:
        for line in f:
            out.append(line)
            if len(out) == n:
                break
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--tail-rate", type=int, default=250000)
    ap.add_argument("--tail-seconds", type=float, default=8)
    ap.add_argument("--udp-rate", type=int, default=200000)
    ap.add_argument("--udp-messages", type=int, default=1000000)
    ap.add_argument("--scrapes", type=int, default=20, help="scrapes per encoding in the /metrics phase")
    ap.add_argument("--no-udp", action="store_true", help="skip the syslog UDP phase")
    ap.add_argument("--wide-series", type=int, default=5500,
                    help="cap of the extra (proto, port) metric; 5500 makes ~10 000 series in all")
    args = ap.parse_args()
    exporter = os.path.join(args.build, "fwlog_exporter")
    tail_total = int(args.tail_rate * args.tail_seconds)
    lines = log_lines(args.build, max(tail_total, 200000))
    print(f"load average before: {open('/proc/loadavg').read().split()[:3]}")

    with tempfile.TemporaryDirectory() as tmp:
        followed = os.path.join(tmp, "fw.log")
        open(followed, "wb").close()
        http_port, udp_port = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
        config = os.path.join(tmp, "config.yaml")
        with open(config, "w") as f:
            f.write(f"""timezone: Asia/Tokyo
state_file: null
inputs:
  - {{name: file, path: {followed}, format: netfilter, start_at: end}}
  - {{name: syslog, syslog: {{listen: "127.0.0.1:{udp_port}", protocol: udp}}, format: netfilter}}
metrics:{DEFAULT_METRICS.replace("WIDE", str(args.wide_series))}""")
        url = f"http://127.0.0.1:{http_port}/metrics"
        proc = subprocess.Popen([exporter, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{http_port}"],
                                stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "stderr"), "w"))
        try:
            for _ in range(100):
                try:
                    scrape(url)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                sys.exit("serve_bench: the exporter did not start: " + open(os.path.join(tmp, "stderr")).read())
            time.sleep(0.5)

            # 1. Tailer.
            chunk = max(1, args.tail_rate // 100)  # a write every 10 ms
            counted = lambda: value(scrape(url)[1], "fwlog_input_lines_total", input="file")
            t0 = time.perf_counter()
            written = 0
            max_lag = 0
            next_probe = t0
            with open(followed, "ab", buffering=0) as out:
                while written < tail_total:
                    due = t0 + written / args.tail_rate
                    now = time.perf_counter()
                    if now < due:
                        time.sleep(due - now)
                    block = lines[written % len(lines): written % len(lines) + chunk]
                    out.write(b"".join(block))
                    written += len(block)
                    if time.perf_counter() >= next_probe:
                        max_lag = max(max_lag, written - counted())
                        next_probe = time.perf_counter() + 0.5
            t_written = time.perf_counter()
            deadline = t_written + 20
            while counted() < written and time.perf_counter() < deadline:
                time.sleep(0.02)
            t_done = time.perf_counter()
            got = counted()
            print(f"tailer: wrote {written} lines in {t_written - t0:.2f} s ({written / (t_written - t0):,.0f} lines/s); "
                  f"counted {got:.0f}, all counted {t_done - t_written:.2f} s after the last write; "
                  f"largest backlog seen {max_lag:.0f} lines; exporter CPU so far {cpu_seconds(proc.pid):.2f} s")

            # 2. /metrics (the tail phase has ended: nothing else keeps the exporter busy).
            for accept in (None, "gzip", "gzip, deflate, br"):
                times, body, wire, encoding = [], "", 0, ""
                cpu0 = cpu_seconds(proc.pid)
                for _ in range(args.scrapes):
                    t, body, wire, encoding = scrape(url, accept)
                    times.append(t)
                cpu = (cpu_seconds(proc.pid) - cpu0) / args.scrapes
                series = sum(1 for l in body.splitlines() if l and not l.startswith("#"))
                print(f"/metrics, Accept-Encoding: {accept or '(none)'}: {series} series, {len(body) / 1e6:.2f} MB, "
                      f"{wire / 1e6:.3f} MB on the wire ({encoding or 'identity'}): "
                      f"median {statistics.median(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms over "
                      f"{args.scrapes} scrapes; exporter CPU {cpu * 1000:.1f} ms per scrape")

            # 3. Syslog UDP.
            if not args.no_udp:
                before = scrape(url)[1]
                rx0 = value(before, "fwlog_input_lines_total", input="syslog")
                drop0 = value(before, "fwlog_syslog_messages_dropped_total", input="syslog")
                blast = subprocess.run([os.path.join(args.build, "bench", "udp_blast"), str(udp_port), str(args.udp_rate),
                                        str(args.udp_messages), log_path(args.build)],
                                       capture_output=True, text=True, check=True).stdout.split()
                sent, seconds = int(blast[1]), float(blast[3])
                time.sleep(2)
                after = scrape(url)[1]
                rx = value(after, "fwlog_input_lines_total", input="syslog") - rx0
                dropped = value(after, "fwlog_syslog_messages_dropped_total", input="syslog") - drop0
                reasons = {r: value(after, "fwlog_syslog_messages_dropped_total", input="syslog", reason=r)
                           for r in ("queue_full", "receive_buffer", "too_long")}
                print(f"syslog UDP: sent {sent} in {seconds:.2f} s ({sent / seconds:,.0f} msg/s); received {rx:.0f}, "
                      f"counted as dropped {dropped:.0f} {reasons}; unaccounted {sent - rx - dropped:.0f}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
