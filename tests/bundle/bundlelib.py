"""Small helpers shared by the bundle test scripts (tests/bundle/*.py).

Only the Python standard library plus python3-yaml is used here, so every
script can start on a fresh Debian 12 machine with the packages from
tests/bundle/apt-packages.txt.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

# ctest treats this exit code as "skipped" (SKIP_RETURN_CODE in CMakeLists.txt).
SKIP = 77

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def repo_path(*parts):
    return os.path.join(REPO_ROOT, *parts)


def require_tool(name, package):
    """Return the path of a command-line tool, or skip the test with a clear message."""
    path = shutil.which(name)
    if path is None:
        print(f"SKIP: '{name}' is not installed (Debian package {package}; "
              f"see tests/bundle/apt-packages.txt)")
        sys.exit(SKIP)
    return path


def require_module(name, package):
    try:
        return __import__(name)
    except ImportError:
        print(f"SKIP: Python module '{name}' is missing (Debian package {package}; "
              f"see tests/bundle/apt-packages.txt)")
        sys.exit(SKIP)


class Failures:
    """Collects failures so a test reports every problem at once, not only the first."""

    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")

    def check(self, condition, where, message):
        if not condition:
            self.add(where, message)
        return condition

    def finish(self, what):
        if self.items:
            for item in self.items:
                print(f"FAIL {item}")
            print(f"{what}: {len(self.items)} problem(s)")
            sys.exit(1)
        print(f"{what}: OK")
        sys.exit(0)


# --------------------------------------------------------------- metric names
#
# The series the bundle may query: the exporter's contract
# (docs/contract.md, "Default metrics" and "Exporter health"), the standard
# process metrics, and what Prometheus itself adds. Recording-rule names are
# read from deploy/prometheus/recording_rules.yaml by recording_rule_names().

EXPORTER_METRICS = {
    # domain (default metrics)
    "fwlog_packets_total",
    "fwlog_packets_by_port_total",
    "fwlog_packets_by_country_total",
    "fwlog_packets_by_hour_total",
    "fwlog_range_packets_total",
    "fwlog_range_first_seen_timestamp_seconds",
    "fwlog_range_last_seen_timestamp_seconds",
    # not a default metric: a user declares it under metrics: (docs/contract.md); the
    # integration and fleet tests do (integration_test.METRICS)
    "fwlog_packets_by_asn_total",
    # scan detection (scan_detection, on by default)
    "fwlog_scanners_detected_total",
    "fwlog_scanners_active",
    "fwlog_scan_sources_tracked",
    "fwlog_scan_sources_evicted_total",
    # health (always on)
    "fwlog_input_lines_total",
    "fwlog_input_bytes_total",
    "fwlog_lines_unmatched_total",
    "fwlog_lines_invalid_total",
    "fwlog_file_rotations_total",
    "fwlog_file_truncations_total",
    "fwlog_last_event_timestamp_seconds",
    "fwlog_file_offset_bytes",
    "fwlog_file_size_bytes",
    "fwlog_series_overflow_total",
    "fwlog_router_overflow_total",
    "fwlog_syslog_messages_dropped_total",
    "fwlog_syslog_senders_rejected_total",
    "fwlog_input_errors_total",
    "fwlog_input_files",
    "fwlog_config_last_reload_successful",
    "fwlog_config_last_reload_success_timestamp_seconds",
    "fwlog_state_writes_total",
    "fwlog_country_db_build_timestamp_seconds",
    "fwlog_country_db_loaded",
    "fwlog_build_info",
    "fwlog_range_info",
    # standard process metrics
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "process_open_fds",
    "process_start_time_seconds",
}

# Series Prometheus itself creates.
PROMETHEUS_METRICS = {"up", "ALERTS"}


def recording_rule_names():
    import yaml
    with open(repo_path("deploy", "prometheus", "recording_rules.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    return {r["record"] for g in doc["groups"] for r in g["rules"] if "record" in r}


# -------------------------------------------------------------------- PromQL
#
# A small scanner, enough to find the vector selectors of an expression and
# their label matchers. Syntax errors are promtool's job, not this scanner's.

_LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
_KEYWORDS = _LABEL_LIST_KEYWORDS | {"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"}
# Aggregations may be followed by `by (...)` instead of their argument list.
_AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                 "bottomk", "topk", "quantile", "limitk", "limit_ratio"}


def _skip_string(s, i):
    quote = s[i]
    i += 1
    while i < len(s) and s[i] != quote:
        i += 2 if (s[i] == "\\" and quote != "`") else 1
    return i + 1


def _skip_group(s, i, open_ch, close_ch):
    """s[i] == open_ch; return the index after the matching close_ch."""
    depth = 0
    while i < len(s):
        c = s[i]
        if c in "\"'`":
            i = _skip_string(s, i)
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _skip_space(s, i):
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def promql_selectors(expr):
    """Return [(metric_name or None, matcher_text or None)] for each vector selector."""
    out = []
    i, n = 0, len(expr)
    while i < n:
        c = expr[i]
        if c in "\"'`":
            i = _skip_string(expr, i)
        elif c == "[":
            i = _skip_group(expr, i, "[", "]")
        elif c == "{":
            end = _skip_group(expr, i, "{", "}")
            out.append((None, expr[i + 1:end - 1]))
            i = end
        elif c.isdigit() or (c == "." and i + 1 < n and expr[i + 1].isdigit()):
            while i < n and (expr[i].isalnum() or expr[i] in "._"):
                i += 1
        elif c.isalpha() or c in "_:":
            j = i
            while j < n and (expr[j].isalnum() or expr[j] in "_:"):
                j += 1
            word = expr[i:j]
            k = _skip_space(expr, j)
            if word.lower() in _LABEL_LIST_KEYWORDS:
                i = _skip_group(expr, k, "(", ")") if k < n and expr[k] == "(" else k
            elif word.lower() in _KEYWORDS or word in _AGGREGATIONS:
                i = j
            elif k < n and expr[k] == "(":
                i = j  # a function or an aggregation
            elif k < n and expr[k] == "{":
                end = _skip_group(expr, k, "{", "}")
                out.append((word, expr[k + 1:end - 1]))
                i = end
            else:
                out.append((word, None))
                i = j
        else:
            i += 1
    return out


def matcher_labels(matchers):
    """{label: (op, value)} from the text between the braces of a selector."""
    import re
    result = {}
    for m in re.finditer(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')',
                         matchers or ""):
        result[m.group(1)] = (m.group(2), m.group(3)[1:-1])
    return result


# ------------------------------------------------------------- dashboards

DASHBOARD_FILES = ["firewall-drops.json", "exporter-health.json"]

# What Grafana puts in for its built-in variables, for running a dashboard
# query straight against Prometheus.
GRAFANA_SUBSTITUTIONS = [
    ("$__rate_interval", "1m"),
    ("$__interval", "1m"),
    ("$__range", "5m"),
    ('"$job"', '".*"'),
    ('"$instance"', '".*"'),
    ('"$router"', '".*"'),
]


def substitute(expr):
    for var, value in GRAFANA_SUBSTITUTIONS:
        expr = expr.replace(var, value)
    return expr


def load_dashboard(name):
    import json
    with open(repo_path("dashboards", name), encoding="utf-8") as f:
        return json.load(f)


def all_panels(doc):
    """Every panel, including those nested in collapsed rows."""
    for p in doc.get("panels", []):
        yield p
        for q in p.get("panels", []) or []:
            yield q


def dashboard_queries(doc):
    """[(where, expr)] for every panel target and every Prometheus annotation."""
    out = []
    for p in all_panels(doc):
        for t in p.get("targets", []) or []:
            if "expr" in t:
                out.append((f'panel {p.get("id")} "{p.get("title")}" target {t.get("refId")}', t["expr"]))
    for a in doc.get("annotations", {}).get("list", []):
        if "expr" in a:
            out.append((f'annotation "{a.get("name")}"', a["expr"]))
    return out


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def prom_query(prom, expr):
    """("ok", result) or ("error", message) for an instant query through Prometheus' HTTP API."""
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        _, body = http_get(url, timeout=10)
    except urllib.error.HTTPError as e:
        return "error", e.read().decode("utf-8", "replace")
    doc = json.loads(body)
    if doc.get("status") != "success":
        return "error", doc.get("error", body)
    return "ok", doc["data"]["result"]


def check_queries(prom, queries, deadline, errors, server="Prometheus", on_result=None):
    """Asks Prometheus (at URL prom) every query of queries, a list of tuples that start
    with (where, PromQL), again each second until each has returned data or the deadline
    (time.monotonic()) passes. A rejected query and one still empty at the deadline go into
    errors; on_result(query tuple, result) sees each non-empty result once. Returns how
    many queries returned data."""
    pending = list(queries)
    answered = 0
    while pending and time.monotonic() < deadline:
        still = []
        for query in pending:
            where, expr = query[0], query[1]
            status, result = prom_query(prom, expr)
            if status == "error":
                errors.append(f"{where}: {server} rejected {expr!r}: {result}")
            elif not result:
                still.append(query)
            else:
                answered += 1
                if on_result is not None:
                    on_result(query, result)
        pending = still
        if pending:
            time.sleep(1)
    for query in pending:
        errors.append(f"{query[0]}: empty result for {query[1]!r} from {server}")
    return answered


def run_arguments(doc, timeout, options=()):
    """The command line of a run against the real exporter: --timeout (default timeout
    seconds), --keep, the options given as (flag, help) pairs, each taking a value, and
    the exporter command with its own arguments, which must be there."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeout", type=float, default=timeout, help=f"seconds for the whole run (default {timeout:g})")
    for flag, help_text in options:
        ap.add_argument(flag, help=help_text)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, configs)")
    ap.add_argument("exporter", nargs=argparse.REMAINDER, help="exporter command and its own arguments")
    args = ap.parse_args()
    if not args.exporter:
        ap.error("give the exporter command, e.g. build/fwlog_exporter")
    return args


def start_run(prefix, timeout):
    """(started, deadline, tmp) of a run that may take timeout seconds, its files in a new
    folder tmp; SIGTERM (ctest's timeout) ends it with exit code 143 so that the
    callers' finally blocks stop their children."""
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return started, started + timeout, tempfile.mkdtemp(prefix=prefix)


def clean_up_run(tmp, keep, errors, names):
    """After a run whose children (names) wrote their logs as TMP/NAME.log: when it failed,
    the last lines of each log; the folder kept when asked (keep) or failed, else removed."""
    if errors:
        for name in names:
            log = os.path.join(tmp, f"{name}.log")
            if os.path.exists(log):
                with open(log, encoding="utf-8", errors="replace") as f:
                    print(f"--- last lines of {name}.log\n{f.read()[-1500:]}")
    if keep or errors:
        print(f"files kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def report_run(what, errors, started):
    """Prints every error and the outcome; the exit code (1 when anything failed)."""
    for e in errors:
        print(f"FAIL {e}")
    print(f"{what}: {'FAILED' if errors else 'OK'} in {time.monotonic() - started:.1f}s")
    return 1 if errors else 0
