#!/usr/bin/env python3
"""End-to-end test of the monitoring bundle against real servers.

    tests/bundle/integration_test.py [options] EXPORTER [EXPORTER_ARGS...]

EXPORTER is the exporter command, e.g. build/fwlog_exporter. The test appends
--config.file=... --web.listen-address=127.0.0.1:0 to it and reads the port it
got from its `listening web address=...` line (tests/support/exporter_process.py).

What it does, all on 127.0.0.1 with ports the servers chose (port 0, read back
from their logs) and every file in
a temporary folder:
  1. writes a fixture config (a tailed file input, a UDP syslog input, the
     range catalog, the country database when installed, the default
     metrics plus fwlog_packets_by_asn_total) and a fixture
     ASUS/netfilter log with events from the last hour: several ports and
     countries, private sources, NICT NOTICE addresses and a few junk lines;
  2. starts the exporter, a webhook receiver, the real Alertmanager (the
     bundle's alertmanager.yml and templates, receivers pointed at the
     webhook) and the real Prometheus (the bundle's prometheus.yml,
     alerts.yaml and recording_rules.yaml; scrape and evaluation every 1s);
  3. keeps appending log lines and sending syslog messages while it waits
     for scrapes and rule evaluations;
  4. runs every query of both dashboards (panels and annotations) through
     Prometheus' HTTP API and requires a non-empty result for each, and the
     job/instance variable queries;
  5. requires a FwlogWatchedRangeSeen alert for nict-notice (summary
     "nict-notice probed tcp/22 (ssh)") in Alertmanager and a notification for
     it at the webhook of the "watched-ranges" receiver; requires that
     FwlogExporterDown and FwlogConfigReloadFailed are not active.
Everything it starts is stopped at the end, also on failure or SIGTERM; the
whole run is bounded by --timeout (default 120 s).
"""

import ctypes
import http.server
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from exporter_process import EXPORTER_WEB, PROMETHEUS_WEB, ExporterFailed, exporter_syslog, port_from_log  # noqa: E402
from bundlelib import (DASHBOARD_FILES, SKIP, check_queries, clean_up_run, dashboard_queries, http_get,  # noqa: E402
                       load_dashboard, prom_query, repo_path, report_run, require_module, run_arguments,
                       start_run, substitute)

TZ = "Asia/Tokyo"
WAN_ADDRESS = "203.0.113.7"
COUNTRY_DB = "/var/lib/location/database.db"
NICT_CIDRS = ["210.150.186.238/32", "122.1.4.87/32", "122.1.4.88/32", "150.249.227.160/28"]

# (source, proto, destination port): a week of a home router's WAN log in miniature.
TRAFFIC = [
    ("218.92.0.112", "TCP", 22),       # CN
    ("61.177.172.140", "TCP", 22),     # CN
    ("45.155.205.233", "TCP", 3389),   # RU
    ("89.248.165.52", "TCP", 8080),    # NL
    ("89.248.165.52", "TCP", 5555),    # NL
    ("185.220.101.34", "TCP", 443),    # DE
    ("167.94.138.120", "TCP", 80),     # US
    ("167.94.138.120", "TCP", 8000),   # US
    ("177.54.144.10", "TCP", 23),      # BR
    ("89.248.165.52", "UDP", 1900),    # NL
    ("45.155.205.233", "UDP", 123),    # RU
]
NICT = [
    ("210.150.186.238", "TCP", 22),
    ("210.150.186.238", "TCP", 23),
    ("122.1.4.87", "TCP", 80),
    ("150.249.227.161", "TCP", 8080),
]
# The default metrics written out (config/fwlog_exporter.yml), plus fwlog_packets_by_asn_total,
# which is not a default metric and which the "Top networks" panel reads. A `metrics:` list
# replaces the defaults, hence all of them.
REFUSED = {"action": ["drop", "reject"]}
NAMED = {"range": ["other", "private"]}
METRICS = [
    {"name": "fwlog_packets_total", "labels": ["action", "proto", "range", "router"], "max_series": 1000},
    {"name": "fwlog_packets_by_port_total", "labels": ["proto", "port", "service", "router"],
     "match": REFUSED, "max_series": 2000},
    {"name": "fwlog_packets_by_country_total", "labels": ["country", "router"], "match": REFUSED,
     "max_series": 300},
    {"name": "fwlog_packets_by_hour_total", "labels": ["hour", "router"], "match": REFUSED},
    {"name": "fwlog_range_packets_total", "labels": ["range", "proto", "port", "service", "router"],
     "match": REFUSED, "exclude": NAMED, "max_series": 2000},
    {"name": "fwlog_range_first_seen_timestamp_seconds", "type": "first_seen", "labels": ["range", "router"],
     "match": REFUSED, "exclude": NAMED, "max_series": 1000},
    {"name": "fwlog_range_last_seen_timestamp_seconds", "type": "last_seen", "labels": ["range", "router"],
     "match": REFUSED, "exclude": NAMED, "max_series": 1000},
    {"name": "fwlog_packets_by_asn_total", "labels": ["asn", "as_org", "router"], "match": REFUSED,
     "max_series": 500},
]
children = []  # (name, Popen)


# ------------------------------------------------------------------ fixture


def log_time(when):
    return when.isoformat(timespec="seconds")


def drop_line(when, src, proto, port, host="router.asus.com", iface="ppp0", out="", dst=WAN_ADDRESS):
    head = f"{log_time(when)} {host} kernel: DROP IN={iface} OUT={out} MAC= SRC={src} DST={dst} "
    if proto == "TCP":
        return (head + f"LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID={random.randint(1, 65535)} PROTO=TCP "
                f"SPT={random.randint(1024, 65535)} DPT={port} SEQ={random.randint(1, 2**31)} ACK=0 "
                "WINDOW=1024 RES=0x00 SYN URGP=0")
    if proto == "UDP":
        return (head + f"LEN=76 TOS=0x00 PREC=0x00 TTL=50 ID={random.randint(1, 65535)} PROTO=UDP "
                f"SPT={random.randint(1024, 65535)} DPT={port} LEN=56")
    return head + "LEN=84 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1"


def junk_lines(when):
    t = log_time(when)
    return [
        # not a firewall line: unmatched
        f"{t} router.asus.com dnsmasq-dhcp[512]: DHCPACK(br0) 192.168.1.23 3c:22:fb:00:11:22 laptop",
        f"{t} router.asus.com wlceventd: wlceventd_proc_event(527): eth6: Auth 3C:22:FB:00:11:22, status: Successful (0)",
        # firewall lines with an unreadable source address or port: invalid
        f"{t} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=X.X.X.X DST={WAN_ADDRESS} LEN=40 TOS=0x00 "
        "PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=1 DPT=22 SEQ=1 ACK=0 WINDOW=1024 RES=0x00 SYN URGP=0",
        f"{t} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=66.77.88.257 DST={WAN_ADDRESS} LEN=40 TOS=0x00 "
        "PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=1 DPT=23 SEQ=1 ACK=0 WINDOW=1024 RES=0x00 SYN URGP=0",
        f"{t} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=5.188.10.1 DST={WAN_ADDRESS} LEN=40 TOS=0x00 "
        "PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=1 DPT=99999 SEQ=1 ACK=0 WINDOW=1024 RES=0x00 SYN URGP=0",
    ]


def fixture_batch(when, with_nict):
    """A few seconds' worth of log lines ending at `when`."""
    lines = [drop_line(when, *random.choice(TRAFFIC)) for _ in range(4)]
    lines.append(drop_line(when, "192.168.1.23", "UDP", 53, iface="br0", out="ppp0", dst="8.8.4.4"))
    lines.append(drop_line(when, "185.220.101.34", "ICMP", None))
    if with_nict:
        lines += [drop_line(when, *n) for n in NICT]
    return lines


def backlog(now):
    """Lines of the last 50 minutes, read at start (start_at: beginning)."""
    lines = []
    for minutes_ago in range(50, 0, -5):
        when = now - timedelta(minutes=minutes_ago)
        lines += fixture_batch(when, with_nict=minutes_ago in (40, 10))
        lines += [drop_line(when, *t) for t in TRAFFIC]
    lines += junk_lines(now - timedelta(minutes=3))
    return lines


def syslog_message(when, line):
    """RFC 3164 message as an ASUS router sends it: <PRI>Mmm dd hh:mm:ss host tag: text."""
    stamp = f"{when.strftime('%b')} {when.day:2d} {when.strftime('%H:%M:%S')}"
    _, _, rest = line.partition(" ")  # drop the ISO time stamp of the file format
    return f"<4>{stamp} {rest}".encode()


def write_config(tmp, syslog_port, ranges):
    config = {
        "timezone": TZ,
        "state_file": os.path.join(tmp, "state", "fwlog.state"),
        "inputs": [
            {"name": "router", "path": os.path.join(tmp, "log", "*.log"), "format": "netfilter",
             "start_at": "beginning"},
            {"name": "remote", "syslog": {"listen": f"127.0.0.1:{syslog_port}", "protocol": "udp"},
             "format": "auto"},
        ],
        "ranges": [ranges],
        "metrics": METRICS,
    }
    if os.path.exists(COUNTRY_DB):
        config["country"] = {"database": COUNTRY_DB}
    path = os.path.join(tmp, "fwlog_exporter.yml")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)  # JSON is YAML
    return path


def ranges_folder(tmp, wanted):
    if wanted:
        return wanted
    catalog = repo_path("config", "ranges")
    if os.path.isdir(catalog):
        return catalog
    # The project's catalog is not there (yet): a plain one-CIDR-per-line list.
    folder = os.path.join(tmp, "ranges")
    os.makedirs(folder)
    with open(os.path.join(folder, "nict-notice.txt"), "w", encoding="utf-8") as f:
        f.write("# NICT NOTICE survey, announced addresses\n" + "\n".join(NICT_CIDRS) + "\n")
    return folder


# --------------------------------------------------------------- processes


def _die_with_parent():
    os.setsid()
    try:  # PR_SET_PDEATHSIG: the child gets SIGKILL if this test is killed outright
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass


def start(name, argv, tmp):
    log = open(os.path.join(tmp, f"{name}.log"), "wb")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent)
    children.append((name, proc))
    return proc


def stop_all():
    for _, proc in children:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 5
    for _, proc in children:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def wait_http(name, url, deadline, proc):
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure(f"{name} exited with code {proc.returncode} before answering {url}")
        try:
            status, _ = http_get(url, timeout=2)
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    raise Failure(f"{name} did not answer {url} in time")


class Failure(Exception):
    pass


class Webhook:
    """Records the notifications Alertmanager posts, by receiver (the URL path)."""

    def __init__(self):
        self.received = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.received.append((self.path.strip("/"), json.loads(body or b"{}")))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


# ------------------------------------------------------------- bundle files


def prometheus_config(tmp, exporter_port, am_port):
    import yaml
    with open(repo_path("deploy", "prometheus", "prometheus.yml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    cfg["global"]["scrape_interval"] = "1s"
    cfg["global"]["evaluation_interval"] = "1s"
    cfg["rule_files"] = [repo_path("deploy", "prometheus", os.path.basename(p)) for p in cfg["rule_files"]]
    cfg["alerting"]["alertmanagers"] = [{"static_configs": [{"targets": [f"127.0.0.1:{am_port}"]}]}]
    jobs = [j for j in cfg["scrape_configs"] if j["job_name"] == "fwlog"]
    if len(jobs) != 1:
        raise Failure("deploy/prometheus/prometheus.yml has no scrape job 'fwlog'")
    jobs[0]["static_configs"] = [{"targets": [f"127.0.0.1:{exporter_port}"]}]
    path = os.path.join(tmp, "prometheus.yml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cfg, f)
    return path


def alertmanager_config(tmp, webhook_port):
    """The bundle's alertmanager.yml with its routes and templates, but every
    receiver replaced by a webhook to this test and the waits shortened."""
    import yaml
    am_dir = repo_path("deploy", "alertmanager")
    with open(os.path.join(am_dir, "alertmanager.yml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    cfg["templates"] = [os.path.join(am_dir, t) for t in cfg.get("templates", [])]
    cfg["receivers"] = [{"name": r["name"], "webhook_configs": [
        {"url": f"http://127.0.0.1:{webhook_port}/{r['name']}", "send_resolved": False}]}
        for r in cfg["receivers"]]

    def shorten(route):
        for key in ("group_wait", "group_interval"):
            if key in route or route is cfg["route"]:
                route[key] = "1s"
        for sub in route.get("routes", []):
            shorten(sub)

    shorten(cfg["route"])
    path = os.path.join(tmp, "alertmanager.yml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cfg, f)
    return path


# ------------------------------------------------------------------ checks


def wait_for(what, deadline, check, interval=0.5):
    last = None
    while time.monotonic() < deadline:
        ok, last = check()
        if ok:
            return last
        time.sleep(interval)
    raise Failure(f"timed out waiting for {what} (last answer: {str(last)[:400]})")


def check_dashboards(prom, deadline, errors):
    queries = []
    for name in DASHBOARD_FILES:
        queries += [(f"{name} {where}", substitute(expr)) for where, expr in dashboard_queries(load_dashboard(name))]
    answered = check_queries(prom, queries, deadline, errors)
    print(f"dashboards: {answered} of {len(queries)} queries returned data")

    for name in DASHBOARD_FILES:
        for var in load_dashboard(name)["templating"]["list"]:
            if var.get("type") != "query":
                continue
            # label_values(METRIC_SELECTOR, LABEL)
            inner = var["query"][len("label_values("):-1]
            selector, _, label = inner.rpartition(",")
            selector = substitute(selector.strip().replace('"$job"', '".*"'))
            url = (f"{prom}/api/v1/label/{label.strip()}/values?" +
                   urllib.parse.urlencode({"match[]": selector}))
            values = json.loads(http_get(url)[1])["data"]
            if not values:
                errors.append(f"{name} variable {var['name']}: {var['query']} has no values")


def check_alerts(prom, am, webhook, deadline, errors):
    def nict_alert():
        _, body = http_get(f"{am}/api/v2/alerts?" + urllib.parse.urlencode(
            {"filter": 'alertname="FwlogWatchedRangeSeen"'}))
        alerts = [a for a in json.loads(body) if a["labels"].get("range") == "nict-notice"]
        return bool(alerts), alerts

    try:
        alerts = wait_for("FwlogWatchedRangeSeen for nict-notice in Alertmanager", deadline, nict_alert)
    except Failure as e:
        errors.append(str(e))
        return
    summaries = sorted(a["annotations"].get("summary", "") for a in alerts)
    print("Alertmanager has:", "; ".join(summaries))
    if "nict-notice probed tcp/22 (ssh)" not in summaries:
        errors.append(f"no alert with summary 'nict-notice probed tcp/22 (ssh)'; got {summaries}")
    for a in alerts:
        missing = {"proto", "port", "service", "severity", "job", "instance"} - set(a["labels"])
        if missing:
            errors.append(f"FwlogWatchedRangeSeen alert lacks labels {sorted(missing)}: {a['labels']}")

    def notified():
        hits = [body for receiver, body in webhook.received if receiver == "watched-ranges" and any(
            x["labels"].get("range") == "nict-notice" for x in body.get("alerts", []))]
        return bool(hits), [r for r, _ in webhook.received]

    try:
        wait_for("a notification to the watched-ranges receiver", deadline, notified)
    except Failure as e:
        errors.append(str(e))

    _, body = http_get(f"{prom}/api/v1/alerts")
    active = {a["labels"]["alertname"] for a in json.loads(body)["data"]["alerts"]}
    for name in ("FwlogExporterDown", "FwlogConfigReloadFailed"):
        if name in active:
            errors.append(f"{name} is active although the exporter is healthy")


# -------------------------------------------------------------------- main


def main():
    args = run_arguments(__doc__, 120,
                         [("--ranges", "range catalog folder (default: config/ranges, else a temporary list)")])
    require_module("yaml", "python3-yaml")
    prometheus = shutil.which("prometheus")
    alertmanager = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    if not prometheus or not alertmanager:
        print("SKIP: needs 'prometheus' and 'prometheus-alertmanager' (Debian packages of the same names)")
        return SKIP
    started, deadline, tmp = start_run("fwlog-bundle-it-", args.timeout)
    errors = []
    stop_feeding = threading.Event()
    try:
        tz = ZoneInfo(TZ)
        os.makedirs(os.path.join(tmp, "log"))
        os.makedirs(os.path.join(tmp, "state"))
        log_path = os.path.join(tmp, "log", "router.log")
        with open(log_path, "w", encoding="utf-8") as f:
            f.write("\n".join(backlog(datetime.now(tz))) + "\n")
        # Every server binds port 0 and says which port it got (never a
        # guessed free port: tests running in parallel would race for it).
        config = write_config(tmp, 0, ranges_folder(tmp, args.ranges))
        webhook = Webhook()

        def log_of(name):
            return os.path.join(tmp, f"{name}.log")

        exporter = start("exporter", args.exporter + [f"--config.file={config}",
                                                      "--web.listen-address=127.0.0.1:0"], tmp)
        am = start("alertmanager", [alertmanager, f"--config.file={alertmanager_config(tmp, webhook.port)}",
                                    f"--storage.path={os.path.join(tmp, 'alertmanager')}",
                                    "--web.listen-address=127.0.0.1:0", "--cluster.listen-address="], tmp)
        try:
            exporter_port = port_from_log("exporter", log_of("exporter"), exporter, EXPORTER_WEB,
                                          max(1, min(30, deadline - time.monotonic())))
            syslog_port = port_from_log("exporter", log_of("exporter"), exporter, exporter_syslog("remote"),
                                        max(1, min(30, deadline - time.monotonic())))
            am_port = port_from_log("alertmanager", log_of("alertmanager"), am, PROMETHEUS_WEB,
                                    max(1, deadline - time.monotonic()))
        except ExporterFailed as e:
            raise Failure(str(e))
        prom = start("prometheus", [prometheus,
                                    f"--config.file={prometheus_config(tmp, exporter_port, am_port)}",
                                    f"--storage.tsdb.path={os.path.join(tmp, 'prometheus')}",
                                    "--web.listen-address=127.0.0.1:0"], tmp)
        try:
            prom_port = port_from_log("prometheus", log_of("prometheus"), prom, PROMETHEUS_WEB,
                                      max(1, deadline - time.monotonic()))
        except ExporterFailed as e:
            raise Failure(str(e))
        exporter_url = f"http://127.0.0.1:{exporter_port}"
        prom_url = f"http://127.0.0.1:{prom_port}"
        am_url = f"http://127.0.0.1:{am_port}"
        wait_http("exporter", f"{exporter_url}/-/ready", min(deadline, time.monotonic() + 30), exporter)
        for path in ("/-/healthy", "/", "/metrics"):
            status, _ = http_get(exporter_url + path)
            if status != 200:
                errors.append(f"exporter {path} answered {status}")
        wait_http("alertmanager", f"{am_url}/-/ready", deadline, am)
        wait_http("prometheus", f"{prom_url}/-/ready", deadline, prom)
        print(f"servers up after {time.monotonic() - started:.1f}s "
              f"(exporter :{exporter_port}, prometheus :{prom_port}, alertmanager :{am_port})")

        def feed():
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            tick = 0
            while not stop_feeding.wait(1.0):
                now = datetime.now(tz)
                batch = fixture_batch(now, with_nict=tick % 3 == 0)
                if tick % 10 == 0:
                    batch += junk_lines(now)
                with open(log_path, "a", encoding="utf-8") as f:
                    f.write("\n".join(batch) + "\n")
                for line in fixture_batch(now, with_nict=tick % 5 == 0)[:3]:
                    sock.sendto(syslog_message(now, line), ("127.0.0.1", syslog_port))
                sock.sendto(b"<30>" + now.strftime("%b %d %H:%M:%S").encode() +
                            b" router.asus.com ntp: start NTP update", ("127.0.0.1", syslog_port))
                tick += 1

        threading.Thread(target=feed, daemon=True).start()

        # Enough history for rate() over 1m windows and for the recording rules.
        wait_for("12 scrapes of the exporter", deadline, lambda: (
            lambda r: (r[0] == "ok" and bool(r[1]) and float(r[1][0]["value"][1]) >= 12, r[1]))(
            prom_query(prom_url, 'count_over_time(up{job="fwlog"}[5m]) and up{job="fwlog"} == 1')))
        print(f"scrapes collected after {time.monotonic() - started:.1f}s")

        # A query still empty after 30 more seconds will stay empty; keep time for the alerts.
        check_dashboards(prom_url, min(time.monotonic() + 30, deadline - 15), errors)
        check_alerts(prom_url, am_url, webhook, deadline, errors)
        if exporter.poll() is not None:
            errors.append(f"the exporter exited with code {exporter.returncode} during the test")
    except Failure as e:
        errors.append(str(e))
    finally:
        stop_feeding.set()
        stop_all()
        clean_up_run(tmp, args.keep, errors, [name for name, _ in children])
    return report_run("integration", errors, started)


if __name__ == "__main__":
    sys.exit(main())
