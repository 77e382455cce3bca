"""check-config: good configs pass, bad ones print file:line:col and fail."""
import os
import tempfile

from harness import SOURCE_DIR, Checks, run

c = Checks()
fixtures = os.path.join(SOURCE_DIR, "tests", "config", "fixtures")
p = run(["check-config", os.path.join(fixtures, "minimal.good.yaml")], check=False)
c.eq("good config exit", p.returncode, 0)
p = run(["check-config", os.path.join(fixtures, "unknown_key.bad.yaml")], check=False)
c.true("bad config fails", p.returncode != 0)
c.true("bad config position", "unknown_key.bad.yaml:4:5: unknown key" in p.stderr)

with tempfile.TemporaryDirectory() as d:
    def check(body):
        path = os.path.join(d, "c.yaml")
        with open(path, "w") as f:
            f.write(body)
        return run(["check-config", path], check=False)

    p = check("inputs: [{name: a, stdin: true}]\npatterns:\n  - name: p\n    regex: '(?P<src>[bad'\n")
    c.true("bad regex fails", p.returncode != 0)
    c.true("bad regex position", "c.yaml:4:12: pattern \"p\": bad regular expression" in p.stderr)

    os.mkdir(os.path.join(d, "ranges"))
    with open(os.path.join(d, "ranges", "mine.txt"), "w") as f:
        f.write("10.0.0.0/8\n300.1.2.3/32\n")
    p = check(f"inputs: [{{name: a, stdin: true}}]\nranges: [{d}/ranges]\n")
    c.true("bad CIDR fails", p.returncode != 0)
    c.true("bad CIDR position", "mine.txt:2:1: bad CIDR" in p.stderr)

    # A country database that cannot be opened is a warning with its position:
    # the exporter runs without countries rather than not at all.
    p = check("inputs: [{name: a, stdin: true}]\ncountry: {database: /nonexistent.mmdb}\n")
    c.eq("missing configured country database passes", p.returncode, 0)
    c.true("country database warning with position", "warning: " in p.stderr and "c.yaml:2:21:" in p.stderr
           and "no country database" in p.stderr)

# Every metric family the exporter registers itself is refused as the name of
# a configured metric (it would clash in the registry). With `metrics: []`
# all that replay prints is the exporter's own.
with tempfile.TemporaryDirectory() as d:
    sample = os.path.join(SOURCE_DIR, "config", "sample", "router.log")
    own_config = os.path.join(d, "own.yaml")
    with open(own_config, "w") as f:
        f.write(f"inputs: [{{name: a, path: {sample}}}]\nmetrics: []\nscan_detection: {{top_sources: 5}}\n")
    p = run(["--config.file", own_config, "replay", sample])
    families = sorted({ln.split()[2] for ln in p.stdout.splitlines() if ln.startswith("# TYPE ")})
    c.true(f"replay shows the exporter's own families ({len(families)})", len(families) >= 15)
    for name in families:
        path = os.path.join(d, "c.yaml")
        with open(path, "w") as f:
            f.write(f"inputs: [{{name: a, stdin: true}}]\nmetrics:\n  - {{name: {name}, labels: [port]}}\n")
        p = run(["check-config", path], check=False)
        c.true(f"{name} refused as a configured metric",
               p.returncode != 0 and "is one of the exporter's own metrics" in p.stderr)

p = run(["--version"], check=False)
c.eq("version exit", p.returncode, 0)
c.true("version text", "fwlog_exporter" in p.stdout)
p = run(["replay", "--help"], check=False)
c.eq("help exit", p.returncode, 0)
# --help and --version work after every command, before its required FILE.
for command in ["replay", "parse", "backfill", "report", "check-config"]:
    p = run([command, "--version"], check=False)
    c.eq(f"{command} --version exit", p.returncode, 0)
    c.true(f"{command} --version text", p.stdout.startswith("fwlog_exporter "))
    p = run([command, "--help"], check=False)
    c.eq(f"{command} --help exit", p.returncode, 0)
c.finish()
