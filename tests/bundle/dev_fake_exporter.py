#!/usr/bin/env python3
"""DEVELOPMENT AID ONLY: a stand-in for fwlog_exporter, used to develop the
bundle's integration test before the C++ exporter existed. No ctest runs it.

    tests/bundle/integration_test.py /usr/bin/python3 tests/bundle/dev_fake_exporter.py

It reads the same configuration shape (file inputs with a glob, a UDP syslog
input, range folders, a libloc country database through python3-location when
that is installed), recognises ASUS/netfilter lines with one regular
expression, and serves the metric names and labels of the contract on
/metrics, plus /, /-/healthy and /-/ready. It is deliberately simple: no
series limits, no state file, no reload, no rotation handling. Health
counters that the real exporter must initialise (rotations, truncations,
overflow, syslog drops, state writes) are served at 0 here, which is what
the dashboards need from the real one.
"""

import argparse
import glob
import http.server
import ipaddress
import os
import re
import socket
import sys
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import yaml

LINE = re.compile(
    r"^(?:<\d+>)?(?P<time>\d{4}-\d\d-\d\dT\S+|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (?P<host>\S+) kernel: "
    r"(?P<rule>[A-Z]+) IN=\S* OUT=\S* (?:MAC=\S* )?SRC=(?P<src>\S+) DST=\S+ .*?PROTO=(?P<proto>\S+)"
    r"(?: SPT=(?P<sport>\d+) DPT=(?P<port>\d+))?")
SERVICES = {("tcp", 22): "ssh", ("tcp", 23): "telnet", ("tcp", 80): "http", ("tcp", 443): "https",
            ("tcp", 445): "microsoft-ds", ("tcp", 3389): "ms-wbt-server", ("tcp", 5555): "personal-agent",
            ("tcp", 8000): "irdmi", ("tcp", 8080): "http-alt", ("udp", 53): "domain", ("udp", 123): "ntp",
            ("udp", 1900): "ssdp", ("udp", 8080): "http-alt"}
ACTIONS = {"DROP": "drop", "REJECT": "reject", "ACCEPT": "accept"}


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.families = {}  # name -> (type, {labels tuple: value})

    def add(self, name, labels, value=1.0, kind="counter", set_value=False):
        key = tuple(sorted(labels.items()))
        with self.lock:
            fam = self.families.setdefault(name, (kind, {}))[1]
            fam[key] = value if set_value else fam.get(key, 0.0) + value

    def render(self):
        out = []
        with self.lock:
            for name in sorted(self.families):
                kind, series = self.families[name]
                out.append(f"# TYPE {name} {kind}")
                for key, value in sorted(series.items()):
                    labels = ",".join(f'{k}="{v}"' for k, v in key)
                    out.append(f"{name}{{{labels}}} {value:.17g}" if labels else f"{name} {value:.17g}")
        return "\n".join(out) + "\n"


class Exporter:
    def __init__(self, config):
        self.tz = ZoneInfo(config.get("timezone", "UTC"))
        self.m = Counters()
        self.ranges = []  # (network, name)
        for entry in config.get("ranges", []):
            paths = sorted(glob.glob(os.path.join(entry, "*"))) if os.path.isdir(entry) else [entry]
            for p in paths:
                self._load_range(p)
        self.ranges.sort(key=lambda r: -r[0].prefixlen)
        self.db = None
        db_path = (config.get("country") or {}).get("database")
        if db_path:
            try:
                import location
                self.db = location.Database(db_path)
                self.m.add("fwlog_country_db_build_timestamp_seconds", {}, self.db.created_at, "gauge", True)
                self.m.add("fwlog_country_db_loaded", {}, 1, "gauge", True)
            except Exception:  # no python3-location: every public source is "unknown"
                self.db = None
                self.m.add("fwlog_country_db_loaded", {}, 0, "gauge", True)
        self.inputs = config.get("inputs", [])
        for inp in self.inputs:
            n = inp["name"]
            for fam in ("fwlog_input_lines_total", "fwlog_input_bytes_total", "fwlog_lines_unmatched_total",
                        "fwlog_file_rotations_total", "fwlog_file_truncations_total"):
                self.m.add(fam, {"input": n}, 0)
            if "path" in inp:
                for reason in ("not_found", "permission_denied", "too_many_open_files", "not_a_file", "other"):
                    self.m.add("fwlog_input_errors_total", {"input": n, "reason": reason}, 0)
            if "syslog" in inp:
                for reason in ("queue_full", "too_long"):
                    self.m.add("fwlog_syslog_messages_dropped_total", {"input": n, "reason": reason}, 0)
        for metric in ("fwlog_packets_by_port_total", "fwlog_packets_by_country_total"):
            self.m.add("fwlog_series_overflow_total", {"metric": metric}, 0)
        self.m.add("fwlog_router_overflow_total", {}, 0)
        for result in ("success", "failure"):
            self.m.add("fwlog_state_writes_total", {"result": result}, 0)
        now = time.time()
        self.m.add("fwlog_config_last_reload_successful", {}, 1, "gauge", True)
        self.m.add("fwlog_config_last_reload_success_timestamp_seconds", {}, now, "gauge", True)
        self.m.add("fwlog_build_info", {"version": "0.0.0-fake", "revision": "dev"}, 1, "gauge", True)
        self.m.add("process_start_time_seconds", {}, now, "gauge", True)

    def _load_range(self, path):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        cidrs = []
        if path.endswith((".yaml", ".yml")):
            doc = yaml.safe_load(text) or {}
            name = doc.get("name", name)
            for v in doc.values():
                if isinstance(v, list):
                    cidrs += [str(x) for x in v]
        else:
            cidrs = [l.split("#")[0].strip() for l in text.splitlines()]
        for c in cidrs:
            try:
                self.ranges.append((ipaddress.ip_network(c, strict=False), name))
            except ValueError:
                pass

    def process(self, input_name, line):
        self.m.add("fwlog_input_lines_total", {"input": input_name})
        self.m.add("fwlog_input_bytes_total", {"input": input_name}, len(line.encode()) + 1)
        match = LINE.match(line)
        if not match:
            self.m.add("fwlog_lines_unmatched_total", {"input": input_name})
            return
        try:
            src = ipaddress.ip_address(match["src"])
        except ValueError:
            self.m.add("fwlog_lines_invalid_total", {"input": input_name, "reason": "bad_address"})
            return
        port = match["port"] or ""
        if port and int(port) > 65535:
            self.m.add("fwlog_lines_invalid_total", {"input": input_name, "reason": "bad_port"})
            return
        t = match["time"]
        if t[0].isdigit():
            when = datetime.fromisoformat(t).astimezone(self.tz)
        else:
            when = datetime.strptime(f"{datetime.now(self.tz).year} {t}", "%Y %b %d %H:%M:%S").replace(tzinfo=self.tz)
        proto = match["proto"].lower()
        action = ACTIONS.get(match["rule"], "drop")
        rng = next((name for net, name in self.ranges if src.version == net.version and src in net), None)
        if rng is None:
            rng = "other" if src.is_global else "private"
        if not src.is_global:
            country = "private"
        else:
            net = self.db.lookup(str(src)) if self.db else None
            country = (net.country_code if net and net.country_code else "unknown")
        service = SERVICES.get((proto, int(port)), "unknown") if port else "unknown"
        ts = when.timestamp()
        self.m.add("fwlog_packets_total", {"action": action, "proto": proto, "range": rng, "router": input_name})
        # like the real exporter: port-less protocols count with port=""
        self.m.add("fwlog_packets_by_port_total", {"proto": proto, "port": port, "service": service,
                                                   "router": input_name})
        self.m.add("fwlog_packets_by_country_total", {"country": country, "router": input_name})
        self.m.add("fwlog_packets_by_hour_total", {"hour": when.strftime("%H"), "router": input_name})
        self.m.add("fwlog_last_event_timestamp_seconds", {"input": input_name}, ts, "gauge", True)
        if rng not in ("other", "private"):
            self.m.add("fwlog_range_packets_total", {"range": rng, "proto": proto, "port": port, "service": service,
                                                     "router": input_name})
            with self.m.lock:
                fam = self.m.families.setdefault("fwlog_range_first_seen_timestamp_seconds", ("gauge", {}))[1]
                key = (("range", rng), ("router", input_name))
                fam[key] = min(fam.get(key, ts), ts)
                fam = self.m.families.setdefault("fwlog_range_last_seen_timestamp_seconds", ("gauge", {}))[1]
                fam[key] = max(fam.get(key, ts), ts)

    def tail_files(self, inp):
        offsets, partial = {}, {}
        while True:
            for path in sorted(glob.glob(inp["path"])):
                size = os.path.getsize(path)
                offset = offsets.get(path, 0 if inp.get("start_at") == "beginning" else size)
                if size > offset:
                    with open(path, "rb") as f:
                        f.seek(offset)
                        data = f.read(size - offset)
                    offset += len(data)
                    text = partial.get(path, "") + data.decode("utf-8", "replace")
                    *lines, partial[path] = text.split("\n")
                    for line in lines:
                        self.process(inp["name"], line)
                offsets[path] = offset
                labels = {"input": inp["name"], "path": path}
                self.m.add("fwlog_file_offset_bytes", labels, offset, "gauge", True)
                self.m.add("fwlog_file_size_bytes", labels, size, "gauge", True)
            self.m.add("fwlog_input_files", {"input": inp["name"]}, len(offsets), "gauge", True)
            time.sleep(0.2)

    def syslog_udp(self, inp):
        host, port = inp["syslog"]["listen"].rsplit(":", 1)
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((host, int(port)))
        print(f"listening syslog input={inp['name']} protocol=udp address={host}:{sock.getsockname()[1]}",
              file=sys.stderr, flush=True)
        while True:
            data, _ = sock.recvfrom(65536)
            for line in data.decode("utf-8", "replace").splitlines():
                self.process(inp["name"], line)

    def process_metrics(self):
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        self.m.add("process_cpu_seconds_total", {}, (int(fields[11]) + int(fields[12])) / ticks, "counter", True)
        self.m.add("process_resident_memory_bytes", {}, int(fields[21]) * os.sysconf("SC_PAGE_SIZE"), "gauge", True)
        self.m.add("process_open_fds", {}, len(os.listdir("/proc/self/fd")), "gauge", True)

    def start(self):
        for inp in self.inputs:
            if "path" in inp:
                threading.Thread(target=self.tail_files, args=(inp,), daemon=True).start()
            elif "syslog" in inp and inp["syslog"].get("protocol", "udp") == "udp":
                threading.Thread(target=self.syslog_udp, args=(inp,), daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config.file", dest="config", required=True)
    ap.add_argument("--web.listen-address", dest="listen", default="127.0.0.1:9847")
    args = ap.parse_args()
    with open(args.config, encoding="utf-8") as f:
        exporter = Exporter(yaml.safe_load(f))
    exporter.start()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/metrics":
                exporter.process_metrics()
                body, ctype = exporter.m.render(), "text/plain; version=0.0.4"
            elif self.path in ("/-/healthy", "/-/ready"):
                body, ctype = "OK\n", "text/plain"
            elif self.path == "/":
                body, ctype = "<html><body><a href=\"/metrics\">Metrics</a></body></html>\n", "text/html"
            else:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    host, port = args.listen.rsplit(":", 1)
    server = http.server.ThreadingHTTPServer((host, int(port)), Handler)
    print(f"listening web address={host}:{server.server_address[1]}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
