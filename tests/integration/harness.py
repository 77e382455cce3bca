"""Small helpers shared by the integration tests: run the exporter (as a
command, or serving on ports it chose: tests/support/exporter_process.py),
scrape and parse the text format."""
import os
import re
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from exporter_process import PROMETHEUS_WEB, ExporterFailed, ExporterProcess, port_from_log  # noqa: E402,F401

EXPORTER = sys.argv[1] if len(sys.argv) > 1 else "build/fwlog_exporter"
SOURCE_DIR = os.environ.get("FWLOG_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

SAMPLE_LINE = ("{ts} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC={src} DST=203.0.113.7 LEN=40 TOS=0x00 "
               "PREC=0x00 TTL=243 ID=4321 PROTO=TCP SPT=44321 DPT={port} SEQ=1 ACK=0 WINDOW=1024 RES=0x00 SYN URGP=0")


def line(ts, src, port):
    return SAMPLE_LINE.format(ts=ts, src=src, port=port)



def write_router_input(folder, lines, state_file=True):
    """Writes `lines` to FOLDER/router.log and a configuration reading it from
    the beginning as netfilter in Asia/Tokyo (its state in FOLDER/state unless
    state_file is false) to FOLDER/fwlog.yaml; returns the configuration's path
    and the log's."""
    log = os.path.join(folder, "router.log")
    with open(log, "w") as f:
        f.write("".join(text + "\n" for text in lines))
    config = os.path.join(folder, "fwlog.yaml")
    state = f"state_file: {folder}/state\n" if state_file else ""
    with open(config, "w") as f:
        f.write(f"""timezone: Asia/Tokyo
{state}inputs:
  - name: router
    path: {log}
    format: netfilter
    start_at: beginning
""")
    return config, log


def run(args, stdin=None, env=None, check=True):
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([EXPORTER] + args, input=stdin, capture_output=True, text=True, env=full_env, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stderr}")
    return proc


def start(args, **kwargs):
    """The exporter serving on 127.0.0.1, port 0 (see ExporterProcess)."""
    return ExporterProcess(EXPORTER, args, **kwargs)


SERIES = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')


def parse_metrics(text):
    """{(name, frozenset(labels.items())): value}"""
    out = {}
    for raw in text.splitlines():
        if not raw or raw.startswith("#"):
            continue
        m = SERIES.match(raw)
        assert m, f"not a sample line: {raw!r}"
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out[(m.group(1), frozenset(labels.items()))] = float(m.group(4))
    return out


def value(metrics, name, **labels):
    return metrics.get((name, frozenset(labels.items())))


def scrape(port, path="/metrics"):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
        return r.read().decode()


def wait_for(predicate, timeout=20.0, what="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # server not up yet
            last = e
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}: {last}")


class Checks:
    def __init__(self):
        self.failures = 0
        self.passed = 0

    def eq(self, what, got, want):
        if got == want:
            self.passed += 1
        else:
            self.failures += 1
            print(f"FAIL {what}: expected {want!r}, got {got!r}")

    def true(self, what, cond):
        self.eq(what, bool(cond), True)

    def finish(self):
        print(f"{self.passed} passed, {self.failures} failed")
        sys.exit(1 if self.failures else 0)
