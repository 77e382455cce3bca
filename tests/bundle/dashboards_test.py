#!/usr/bin/env python3
"""Checks of the committed Grafana dashboards (dashboards/*.json).

    tests/bundle/dashboards_test.py lint     # form, structure, queries (+ promtool syntax check)
    tests/bundle/dashboards_test.py schema   # Grafana dashboard JSON schema (draft-07)

lint:
  * canonical form (sorted keys, 2-space indent, trailing newline) and equal to
    what dashboards/generate.py writes;
  * no __inputs/__requires; stable uid; the datasource, job and instance variables;
  * unique panel ids, gridPos inside the 24-column grid, no two panels overlapping;
  * every panel and target uses the ${datasource} variable, has a title and a description;
  * every vector selector in every query carries job=~"$job" and instance=~"$instance";
  * "Firewall drops" has the router variable, and every selector of a series with a router label
    (the default metrics, the recording rules, ALERTS) carries router=~"$router" too;
  * every metric name is an exporter metric of the contract, a recording rule, up or ALERTS;
  * every query parses (promtool check rules on a scratch rule file).

schema: validates against tests/bundle/testdata/grafana/dashboard.jsonschema.json (or the
file named by $FWLOG_GRAFANA_SCHEMA); skipped with a message when neither exists.
"""

import json
import os
import subprocess
import sys
import tempfile

from bundlelib import (DASHBOARD_FILES, EXPORTER_METRICS, PROMETHEUS_METRICS, SKIP, Failures,
                       all_panels, dashboard_queries, load_dashboard, matcher_labels, promql_selectors,
                       recording_rule_names, repo_path, require_module, require_tool, substitute)

EXPECTED_UIDS = {
    "firewall-drops.json": "fwlog-firewall-drops",
    "exporter-health.json": "fwlog-exporter-health",
}
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
VARIABLE_QUERIES = {
    "job": "label_values(fwlog_build_info, job)",
    "instance": 'label_values(fwlog_build_info{job=~"$job"}, instance)',
}
ROUTER_QUERY = 'label_values(fwlog_packets_total{job=~"$job", instance=~"$instance"}, router)'
ROUTER_DASHBOARDS = {"firewall-drops.json"}
# The series that carry the router label: the default metrics (docs/contract.md), the optional
# fwlog_packets_by_asn_total, and the recording rules made from them; ALERTS of the alerts made from them.
ROUTER_METRICS = {
    "fwlog_packets_total", "fwlog_packets_by_port_total", "fwlog_packets_by_country_total",
    "fwlog_packets_by_hour_total", "fwlog_range_packets_total", "fwlog_range_first_seen_timestamp_seconds",
    "fwlog_range_last_seen_timestamp_seconds", "fwlog_packets_by_asn_total", "ALERTS",
}


def canonical(doc):
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def check_form(name, text, doc, failures):
    failures.check(text == canonical(doc), name,
                   "not in canonical form (sorted keys, 2-space indent, trailing newline); "
                   "run dashboards/generate.py")
    for key in ("__inputs", "__requires"):
        failures.check(key not in doc, name, f"has {key}; use the ${{datasource}} variable instead")
    uid = doc.get("uid", "")
    failures.check(uid == EXPECTED_UIDS[name], name, f"uid is {uid!r}, expected {EXPECTED_UIDS[name]!r} "
                   "(links and bookmarks depend on it)")
    failures.check(0 < len(uid) <= 40, name, "uid must have 1 to 40 characters")
    failures.check(bool(doc.get("title")), name, "has no title")
    failures.check(isinstance(doc.get("schemaVersion"), int), name, "schemaVersion must be an integer")


def check_variables(name, doc, failures):
    variables = {v.get("name"): v for v in doc.get("templating", {}).get("list", [])}
    router = variables.get("router")
    if name in ROUTER_DASHBOARDS and failures.check(router is not None, name, "no 'router' variable"):
        failures.check(router.get("query") == ROUTER_QUERY, name, f"variable router: query must be {ROUTER_QUERY!r}")
        failures.check(router.get("allValue") == ".*", name,
                       "variable router: All must be .* (series without the label, older history, match too)")
    ds = variables.get("datasource")
    if failures.check(ds is not None, name, "no 'datasource' variable"):
        failures.check(ds.get("type") == "datasource" and ds.get("query") == "prometheus", name,
                       "the 'datasource' variable must have type datasource and query prometheus")
    for var, query in VARIABLE_QUERIES.items():
        v = variables.get(var)
        if not failures.check(v is not None, name, f"no '{var}' variable"):
            continue
        failures.check(v.get("type") == "query", name, f"variable {var}: type must be query")
        failures.check(v.get("query") == query, name, f"variable {var}: query must be {query!r}")
        failures.check(v.get("datasource") == DATASOURCE, name,
                       f"variable {var}: datasource must be {DATASOURCE}")


def check_panels(name, doc, failures):
    ids = {}
    boxes = []
    for p in all_panels(doc):
        pid = p.get("id")
        where = f'{name} panel {pid} "{p.get("title")}"'
        failures.check(isinstance(pid, int), where, "has no integer id")
        if pid in ids:
            failures.add(where, f"id {pid} is also used by panel \"{ids[pid]}\"")
        ids[pid] = p.get("title")
        g = p.get("gridPos")
        if failures.check(isinstance(g, dict), where, "has no gridPos"):
            w, h, x, y = (g.get(k) for k in ("w", "h", "x", "y"))
            if failures.check(all(isinstance(v, int) for v in (w, h, x, y)), where, "gridPos needs integers"):
                failures.check(0 < w <= 24, where, f"gridPos.w = {w}, must be 1..24")
                failures.check(x >= 0 and x + w <= 24, where, f"gridPos x + w = {x + w} exceeds 24 columns")
                failures.check(h > 0 and y >= 0, where, "gridPos h must be > 0 and y >= 0")
                for other_where, (ox, oy, ow, oh) in boxes:
                    if x < ox + ow and ox < x + w and y < oy + oh and oy < y + h:
                        failures.add(where, f"overlaps {other_where}")
                boxes.append((where, (x, y, w, h)))
        failures.check(bool(p.get("title")), where, "has no title")
        if p.get("type") == "row":
            continue
        failures.check(bool(p.get("description")), where, "has no description (shown as the panel's (i) help)")
        failures.check(p.get("datasource") == DATASOURCE, where, f"datasource must be {DATASOURCE}")
        targets = p.get("targets") or []
        failures.check(bool(targets), where, "has no query")
        refids = [t.get("refId") for t in targets]
        failures.check(len(refids) == len(set(refids)), where, f"duplicate refIds {refids}")
        for t in targets:
            failures.check(t.get("datasource") == DATASOURCE, where,
                           f"target {t.get('refId')}: datasource must be {DATASOURCE}")
            failures.check(bool(t.get("expr")), where, f"target {t.get('refId')}: no expr")


def check_queries(name, doc, known, failures):
    for where, expr in dashboard_queries(doc):
        where = f"{name} {where}"
        selectors = promql_selectors(expr)
        failures.check(bool(selectors), where, f"no series selector in {expr!r}")
        for metric, matchers in selectors:
            labels = matcher_labels(matchers)
            if metric is None:
                metric = labels.get("__name__", ("", "?"))[1]
            failures.check(metric in known, where, f"unknown metric {metric!r} (not in the exporter "
                           "contract, the recording rules, up or ALERTS)")
            failures.check(labels.get("job") == ("=~", "$job"), where,
                           f'{metric}: selector lacks job=~"$job"')
            failures.check(labels.get("instance") == ("=~", "$instance"), where,
                           f'{metric}: selector lacks instance=~"$instance"')
            if name in ROUTER_DASHBOARDS and (metric in ROUTER_METRICS or metric.startswith("job_instance_router")):
                failures.check(labels.get("router") == ("=~", "$router"), where,
                               f'{metric}: selector lacks router=~"$router"')


def check_syntax(queries, failures):
    """Let promtool parse every query: each becomes a recording rule in a scratch file."""
    promtool = require_tool("promtool", "prometheus")
    import yaml
    rules = [{"record": f"dashboard:query_{i}:check", "expr": substitute(expr)}
             for i, (_, expr) in enumerate(queries)]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dashboard_queries.yaml")
        with open(path, "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f)
        proc = subprocess.run([promtool, "check", "rules", path], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        for i, (where, expr) in enumerate(queries):
            if f"query_{i}:" in output or f"group \"dashboard-queries\", rule {i + 1}," in output:
                failures.add(where, f"promtool cannot parse {expr!r}")
        failures.add("promtool", output.strip())


def lint():
    require_module("yaml", "python3-yaml")
    failures = Failures()
    known = EXPORTER_METRICS | PROMETHEUS_METRICS | recording_rule_names()
    generator = subprocess.run([sys.executable, repo_path("dashboards", "generate.py"), "--check"],
                               capture_output=True, text=True, timeout=60)
    failures.check(generator.returncode == 0, "dashboards/generate.py --check",
                   (generator.stdout + generator.stderr).strip())
    queries = []
    for name in DASHBOARD_FILES:
        with open(repo_path("dashboards", name), encoding="utf-8") as f:
            text = f.read()
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            failures.add(name, f"not valid JSON: {e}")
            continue
        check_form(name, text, doc, failures)
        check_variables(name, doc, failures)
        check_panels(name, doc, failures)
        check_queries(name, doc, known, failures)
        queries += [(f"{name} {w}", e) for w, e in dashboard_queries(doc)]
    check_syntax(queries, failures)
    print(f"checked {len(queries)} queries in {len(DASHBOARD_FILES)} dashboards")
    failures.finish("dashboard lint")


def schema():
    path = os.environ.get("FWLOG_GRAFANA_SCHEMA") or os.path.join(
        repo_path(), "tests", "bundle", "testdata", "grafana", "dashboard.jsonschema.json")
    if not os.path.exists(path):
        print(f"SKIP: dashboard schema not found at {os.path.normpath(path)} "
              "(set FWLOG_GRAFANA_SCHEMA to its path)")
        sys.exit(SKIP)
    jsonschema = require_module("jsonschema", "python3-jsonschema")
    with open(path, encoding="utf-8") as f:
        validator = jsonschema.Draft7Validator(json.load(f))
    failures = Failures()
    for name in DASHBOARD_FILES:
        doc = load_dashboard(name)
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path)
            failures.add(f"{name} at /{where}", error.message[:400])
    failures.finish(f"dashboard schema ({os.path.normpath(path)})")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "lint"
    {"lint": lint, "schema": schema}[mode]()
