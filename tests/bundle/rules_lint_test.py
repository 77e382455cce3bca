#!/usr/bin/env python3
"""Conventions of deploy/prometheus/alerts.yaml and recording_rules.yaml that
promtool does not check:

  * the alerts the bundle promises exist;
  * every alert has severity critical|warning|info and the annotations summary,
    description and runbook; the runbook names a heading of docs/bundle.md;
  * every alert starts with its comment block (thresholds in one place);
  * every metric an expression reads is an exporter metric of the contract,
    a recording rule, or up;
  * every recording rule is used by a dashboard or an alert;
  * every alert has a promtool unit test that names it.
"""

import glob
import re

from bundlelib import (EXPORTER_METRICS, Failures, dashboard_queries, DASHBOARD_FILES, load_dashboard,
                       matcher_labels, promql_selectors, recording_rule_names, repo_path, require_module)

EXPECTED_ALERTS = {
    "FwlogExporterDown", "FwlogInputSilent", "FwlogHighUnmatchedRatio", "FwlogSeriesOverflow", "FwlogRouterOverflow",
    "FwlogSyslogDropping", "FwlogCountryDatabaseStale", "FwlogConfigReloadFailed",
    "FwlogWatchedRangeSeen", "FwlogDropRateSpike", "FwlogNewPortTargeted",
}
SEVERITIES = {"critical", "warning", "info"}
ANNOTATIONS = {"summary", "description", "runbook"}


def github_anchor(heading):
    """The anchor a Markdown heading gets on common renderers (lower case, no punctuation)."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def main():
    yaml = require_module("yaml", "python3-yaml")
    failures = Failures()
    alerts_path = repo_path("deploy", "prometheus", "alerts.yaml")
    with open(alerts_path, encoding="utf-8") as f:
        alerts_text = f.read()
    alerts = [r for g in yaml.safe_load(alerts_text)["groups"] for r in g["rules"]]
    records = recording_rule_names()
    known = EXPORTER_METRICS | records | {"up"}

    try:
        with open(repo_path("docs", "bundle.md"), encoding="utf-8") as f:
            anchors = {github_anchor(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", f.read(), re.M)}
    except FileNotFoundError:
        anchors = set()
        failures.add("docs/bundle.md", "missing (it holds the alert runbooks)")

    names = [a["alert"] for a in alerts if "alert" in a]
    failures.check(EXPECTED_ALERTS <= set(names), "alerts.yaml",
                   f"missing alerts: {sorted(EXPECTED_ALERTS - set(names))}")
    failures.check(len(names) == len(set(names)), "alerts.yaml", "an alert name is used twice")

    lines = alerts_text.splitlines()
    tests_text = "".join(open(p, encoding="utf-8").read()
                         for p in sorted(glob.glob(repo_path("tests", "bundle", "rules_test_*.yaml"))))
    used = set()
    for rule in alerts:
        name = rule.get("alert")
        if not name:
            continue
        where = f"alert {name}"
        severity = rule.get("labels", {}).get("severity")
        failures.check(severity in SEVERITIES, where, f"severity {severity!r} not in {sorted(SEVERITIES)}")
        ann = rule.get("annotations", {})
        failures.check(ANNOTATIONS <= set(ann), where, f"missing annotations {sorted(ANNOTATIONS - set(ann))}")
        runbook = ann.get("runbook", "")
        anchor = runbook.partition("#")[2]
        failures.check(runbook.startswith("docs/bundle.md#") and anchor in anchors, where,
                       f"runbook {runbook!r} is not a heading of docs/bundle.md")
        # the comment block directly above "- alert: NAME" names the alert
        idx = next((i for i, l in enumerate(lines) if l.strip() == f"- alert: {name}"), None)
        if idx is not None:
            above = lines[idx - 1].strip() if idx > 0 else ""
            block = []
            j = idx - 1
            while j >= 0 and lines[j].strip().startswith("#"):
                block.append(lines[j])
                j -= 1
            failures.check(above.startswith("#") and any(name in l for l in block), where,
                           "needs its comment block (name + thresholds) directly above the rule")
        for metric, matchers in promql_selectors(rule["expr"]):
            metric = metric or matcher_labels(matchers).get("__name__", ("", "?"))[1]
            used.add(metric)
            failures.check(metric in known, where, f"reads unknown metric {metric!r}")
        failures.check(f"alertname: {name}" in tests_text, where,
                       "no promtool unit test (tests/bundle/rules_test_*.yaml) checks it")

    for name in DASHBOARD_FILES:
        for _, expr in dashboard_queries(load_dashboard(name)):
            used.update(m for m, _ in promql_selectors(expr))
    for record in sorted(records - used):
        failures.add(f"recording rule {record}", "used by no dashboard and no alert")

    failures.finish("rule conventions")


if __name__ == "__main__":
    main()
