#!/usr/bin/env python3
"""Many exporters, one place: deploy/prometheus/agent.yml for real.

    tests/bundle/fleet_test.py [--timeout S] [--keep] EXPORTER [EXPORTER_ARGS...]

All on 127.0.0.1, every file in a temporary folder:
  1. two exporters following ASUS-format logs (the bundle integration test's
     fixture: scanners from several countries, private sources, NICT NOTICE
     addresses, junk lines; last hour's stamps), one log per router: "alpha"
     counts two routers (two file inputs with `router:` names), "beta" one;
     each on --web.listen-address=127.0.0.1:0;
  2. a central Prometheus with --web.enable-remote-write-receiver, the
     bundle's recording rules and alerts (from deploy/prometheus/prometheus.yml,
     without scrape jobs: all its data arrives by remote_write);
  3. a Prometheus in agent mode with deploy/prometheus/agent.yml, its targets
     set to the two exporters and its remote_write URL to the central one
     (scrape every 1 s, send within 1 s; the relabelling kept as shipped);
  4. keeps appending lines to every log, then runs every query of the
     "Firewall drops" dashboard through the central Prometheus's HTTP API once
     per exporter (the instance variable set to that exporter's instance, the
     router variable to All) and once per router (the router variable set to
     that router too), and requires a non-empty result each time; the
     instance variable's query must list both exporters, the router
     variable's all three routers, and with one exporter selected, its own.
Ports: every server binds port 0 and the test reads the port it got from its
log (the exporter's "serving ... (port N)", Prometheus's "Listening on"
address=127.0.0.1:N), so no port is guessed and none can be taken by someone
else in between. Everything started is stopped at the end, also on failure;
the whole run is bounded by --timeout.
"""

import json
import os
import re
import shutil
import sys
import threading
import time
import urllib.parse
from datetime import datetime
from zoneinfo import ZoneInfo

from bundlelib import (SKIP, check_queries, clean_up_run, dashboard_queries, load_dashboard, repo_path,
                       report_run, require_module, run_arguments, start_run, substitute)
# The bundle integration test's fixture and process helpers, shared rather than copied.
import integration_test as it

# Exporter -> the routers it counts (one log file and input each).
EXPORTERS = {"alpha": ("gw-alpha-1", "gw-alpha-2"), "beta": ("gw-beta",)}
SITE_PREFIX = "home/"  # agent.yml's relabelling: instance = home/<address>


def read_port(name, pattern, deadline, proc, tmp):
    """The port a server reports in its log once it listens."""
    log = os.path.join(tmp, f"{name}.log")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise it.Failure(f"{name} exited with code {proc.returncode} before it listened")
        with open(log, encoding="utf-8", errors="replace") as f:
            m = re.search(pattern, f.read())
        if m:
            return int(m.group(1))
        time.sleep(0.1)
    raise it.Failure(f"{name} did not report its port in time")


def start_exporter(name, routers, command, tmp, ranges, deadline):
    folder = os.path.join(tmp, name)
    os.makedirs(os.path.join(folder, "log"))
    log_paths, inputs = [], []
    for i, router in enumerate(routers):
        log_path = os.path.join(folder, "log", f"{router}.log")
        with open(log_path, "w", encoding="utf-8") as f:
            f.write("\n".join(it.backlog(datetime.now(ZoneInfo(it.TZ)))) + "\n")
        log_paths.append(log_path)
        inputs.append({"name": f"input-{i}", "path": log_path, "format": "netfilter", "start_at": "beginning",
                       "router": router})
    config = {
        "timezone": it.TZ,
        "state_file": os.path.join(folder, "state"),
        "inputs": inputs,
        "ranges": [ranges],
        "metrics": it.METRICS,
    }
    if os.path.exists(it.COUNTRY_DB):
        config["country"] = {"database": it.COUNTRY_DB}
    config_path = os.path.join(folder, "config.yml")
    with open(config_path, "w", encoding="utf-8") as f:
        json.dump(config, f)
    proc = it.start(f"exporter-{name}", command + [f"--config.file={config_path}",
                                                   "--web.listen-address=127.0.0.1:0"], tmp)
    port = read_port(f"exporter-{name}", r"serving \S+ on 127\.0\.0\.1:0 \(port (\d+)", deadline, proc, tmp)
    return log_paths, port


def central_config(tmp):
    import yaml
    with open(repo_path("deploy", "prometheus", "prometheus.yml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    cfg["global"]["evaluation_interval"] = "1s"
    cfg["rule_files"] = [repo_path("deploy", "prometheus", os.path.basename(p)) for p in cfg["rule_files"]]
    cfg.pop("alerting", None)
    cfg["scrape_configs"] = []
    path = os.path.join(tmp, "central.yml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cfg, f)
    return path


def agent_config(tmp, exporter_ports, central_port):
    import yaml
    with open(repo_path("deploy", "prometheus", "agent.yml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    cfg["global"]["scrape_interval"] = "1s"
    jobs = [j for j in cfg["scrape_configs"] if j["job_name"] == "fwlog"]
    if len(jobs) != 1:
        raise it.Failure("deploy/prometheus/agent.yml has no scrape job 'fwlog'")
    jobs[0]["static_configs"] = [{"targets": [f"127.0.0.1:{p}" for p in exporter_ports]}]
    if len(cfg.get("remote_write", [])) != 1:
        raise it.Failure("deploy/prometheus/agent.yml should have one remote_write")
    cfg["remote_write"][0]["url"] = f"http://127.0.0.1:{central_port}/api/v1/write"
    cfg["remote_write"][0].setdefault("queue_config", {})["batch_send_deadline"] = "1s"
    path = os.path.join(tmp, "agent.yml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cfg, f)
    return path


def check_dashboard(prom, routers_of, deadline, errors):
    """routers_of: {instance: [its routers]}. Every query per instance with the router
    variable at All (None), and per router of the instance."""
    doc = load_dashboard("firewall-drops.json")
    queries = dashboard_queries(doc)

    def bind(expr, instance, router):
        expr = expr.replace('"$instance"', json.dumps(re.escape(instance)))
        if router is not None:
            expr = expr.replace('"$router"', json.dumps(re.escape(router)))
        return substitute(expr)

    pending = [(f"{where} ({instance}, router {router or 'All'})", bind(expr, instance, router), router,
                '"$router"' in expr)
               for instance, routers in routers_of.items() for router in (None,) + tuple(routers)
               for where, expr in queries]

    def one_router(query, result):
        # A router's selection holds that router's series only.
        where, _, router, by_router = query
        if router is not None and by_router:
            seen = {r["metric"].get("router") for r in result} - {None}
            if seen - {router}:
                errors.append(f"{where}: series of routers {sorted(seen)}")

    answered = check_queries(prom, pending, deadline, errors, "the central Prometheus", one_router)
    print(f"dashboard: {answered} of {len(pending)} queries returned data ({len(queries)} per exporter "
          f"and router, and per exporter with all its routers)")

    def variable_values(name, instance=".*"):
        var = next(v for v in doc["templating"]["list"] if v.get("name") == name)
        inner = var["query"][len("label_values("):-1]
        selector, _, label = inner.rpartition(",")
        selector = selector.strip().replace('"$instance"', json.dumps(instance))
        url = (f"{prom}/api/v1/label/{label.strip()}/values?" +
               urllib.parse.urlencode({"match[]": substitute(selector)}))
        return sorted(json.loads(it.http_get(url)[1])["data"])

    instances = sorted(routers_of)
    if variable_values("instance") != instances:
        errors.append(f"the instance variable lists {variable_values('instance')}, expected {instances}")
    every_router = sorted(r for routers in routers_of.values() for r in routers)
    if variable_values("router") != every_router:
        errors.append(f"the router variable lists {variable_values('router')}, expected {every_router}")
    for instance, routers in routers_of.items():
        got = variable_values("router", re.escape(instance))
        if got != sorted(routers):
            errors.append(f"with instance {instance}, the router variable lists {got}, expected {sorted(routers)}")


def report_remote_write(agent):
    """What the agent sent, for docs/fleet.md's bandwidth figure (printed, not checked)."""
    _, text = it.http_get(f"{agent}/metrics")
    sums = {}
    for line in text.splitlines():
        name = line.split("{")[0].split(" ")[0]
        if name in ("prometheus_remote_storage_bytes_total", "prometheus_remote_storage_samples_total"):
            sums[name] = sums.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    sent = sums.get("prometheus_remote_storage_samples_total", 0)
    if sent:
        print(f"agent: {sent:.0f} samples sent in {sums.get('prometheus_remote_storage_bytes_total', 0):.0f} "
              f"bytes ({sums.get('prometheus_remote_storage_bytes_total', 0) / sent:.1f} bytes a sample)")


def main():
    args = run_arguments(__doc__, 150)
    require_module("yaml", "python3-yaml")
    prometheus = shutil.which("prometheus")
    if not prometheus:
        print("SKIP: needs 'prometheus' (Debian package prometheus)")
        return SKIP
    started, deadline, tmp = start_run("fwlog-fleet-", args.timeout)
    errors = []
    stop_feeding = threading.Event()
    try:
        ranges = it.ranges_folder(tmp, None)
        up_by = min(deadline, time.monotonic() + 30)
        logs, ports = [], []
        for name, routers in EXPORTERS.items():
            log_paths, port = start_exporter(name, routers, args.exporter, tmp, ranges, up_by)
            logs += log_paths
            ports.append(port)
        listening = r'msg="Listening on" address=127\.0\.0\.1:(\d+)'
        central = it.start("central", [prometheus, f"--config.file={central_config(tmp)}",
                                       f"--storage.tsdb.path={os.path.join(tmp, 'central')}",
                                       "--web.listen-address=127.0.0.1:0",
                                       "--web.enable-remote-write-receiver"], tmp)
        central_port = read_port("central", listening, up_by, central, tmp)
        agent = it.start("agent", [prometheus, "--enable-feature=agent",
                                   f"--config.file={agent_config(tmp, ports, central_port)}",
                                   f"--storage.agent.path={os.path.join(tmp, 'agent')}",
                                   "--web.listen-address=127.0.0.1:0"], tmp)
        agent_port = read_port("agent", listening, up_by, agent, tmp)
        central_url = f"http://127.0.0.1:{central_port}"
        it.wait_http("central", f"{central_url}/-/ready", up_by, central)
        it.wait_http("agent", f"http://127.0.0.1:{agent_port}/-/ready", up_by, agent)
        instances = [f"{SITE_PREFIX}127.0.0.1:{p}" for p in ports]
        print(f"servers up after {time.monotonic() - started:.1f}s (exporters :{ports[0]} :{ports[1]}, "
              f"agent :{agent_port}, central :{central_port})")

        def feed():
            tick = 0
            while not stop_feeding.wait(1.0):
                now = datetime.now(ZoneInfo(it.TZ))
                for log_path in logs:
                    batch = it.fixture_batch(now, with_nict=tick % 3 == 0)
                    if tick % 10 == 0:
                        batch += it.junk_lines(now)
                    with open(log_path, "a", encoding="utf-8") as f:
                        f.write("\n".join(batch) + "\n")
                tick += 1

        threading.Thread(target=feed, daemon=True).start()

        # Enough history in the central store for rate() over 1m and the recording rules.
        def scraped():
            status, result = it.prom_query(
                central_url, 'count_over_time(up{job="fwlog"}[5m]) >= 12 and up{job="fwlog"} == 1')
            got = sorted(r["metric"].get("instance", "") for r in result) if status == "ok" else result
            return got == sorted(instances), got

        it.wait_for(f"12 remote-written scrapes of {instances} in the central Prometheus", deadline, scraped)
        print(f"both exporters' samples in the central store after {time.monotonic() - started:.1f}s")
        routers_of = {instance: EXPORTERS[name] for instance, name in zip(instances, EXPORTERS)}
        check_dashboard(central_url, routers_of, min(time.monotonic() + 60, deadline - 5), errors)
        report_remote_write(f"http://127.0.0.1:{agent_port}")
        for name, proc in it.children:
            if proc.poll() is not None:
                errors.append(f"{name} exited with code {proc.returncode} during the test")
    except it.Failure as e:
        errors.append(str(e))
    finally:
        stop_feeding.set()
        it.stop_all()
        clean_up_run(tmp, args.keep, errors, [name for name, _ in it.children])
    return report_run("fleet", errors, started)


if __name__ == "__main__":
    sys.exit(main())
