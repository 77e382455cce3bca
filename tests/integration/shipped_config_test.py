"""The configuration the package installs (config/fwlog_exporter.yml, as
/etc/fwlog_exporter/config.yml) works and keeps its promises:
  * it passes check-config with the package's data folder
    (/usr/share/fwlog_exporter, which holds the repository's config/ranges
    and config/iana) and state folder pointed at this machine's copies;
  * one syslog listener on a private (LAN) address, no TCP listener and no
    file input left uncommented, the state file under /var/lib/fwlog_exporter;
  * no `metrics:` key, so the defaults apply, and its commented list of the
    defaults, once uncommented, counts exactly what the built-in defaults
    count (replay of the bundled sample, drops and accepts), with the same
    help and type: the written-out copy cannot drift from DefaultMetrics()."""
import ipaddress
import os
import tempfile

from harness import SOURCE_DIR, Checks, parse_metrics, run

c = Checks()
SHIPPED = os.path.join(SOURCE_DIR, "config", "fwlog_exporter.yml")
DATA = "/usr/share/fwlog_exporter/"
STATE = "/var/lib/fwlog_exporter/"
text = open(SHIPPED, encoding="utf-8").read()
sample = os.path.join(SOURCE_DIR, "config", "sample", "router.log")


def here(config_text, state_dir):
    return config_text.replace(DATA, os.path.join(SOURCE_DIR, "config") + "/").replace(STATE, state_dir + "/")


def uncomment_metrics(config_text):
    head, marker, tail = config_text.partition("# metrics:\n")
    c.true("the shipped config has a commented `# metrics:` list", marker)
    lines = []
    for line in tail.splitlines():
        c.true(f"the commented metrics list runs to the end: {line!r}", line.startswith("#"))
        lines.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    return head + "metrics:\n" + "\n".join(lines) + "\n"


import yaml  # python3-yaml, in the test packages

doc = yaml.safe_load(text)
syslog = [i for i in doc["inputs"] if "syslog" in i]
c.eq("one input, a syslog listener", (len(doc["inputs"]), len(syslog)), (1, 1))
if syslog:
    host, _, port = syslog[0]["syslog"]["listen"].rpartition(":")
    c.true(f"the listener is bound to a LAN address, not {host}", ipaddress.ip_address(host).is_private
           and not ipaddress.ip_address(host).is_loopback and host != "0.0.0.0")
    c.eq("the listener speaks UDP", syslog[0]["syslog"].get("protocol", "udp"), "udp")
c.true("the state file lives in the package's state folder", doc["state_file"].startswith(STATE))
c.true("the catalog and registry are the package's", doc["ranges"][0].startswith(DATA)
       and doc["services"].startswith(DATA))
c.true("no metrics list: the defaults apply", "metrics" not in doc)
for path in doc["ranges"] + [doc["services"]]:
    c.true(f"{path} is installed from the repository's config/", os.path.exists(here(path, "/x")))

with tempfile.TemporaryDirectory() as d:
    shipped = os.path.join(d, "config.yml")
    written_out = os.path.join(d, "written-out.yml")
    with open(shipped, "w", encoding="utf-8") as f:
        f.write(here(text, d))
    with open(written_out, "w", encoding="utf-8") as f:
        f.write(here(uncomment_metrics(text), d))
    for path in (shipped, written_out):
        p = run(["check-config", path], check=False)
        c.eq(f"check-config {os.path.basename(path)}", p.returncode, 0)
        if p.returncode:
            print(p.stderr)
    a = run(["replay", f"--config.file={shipped}", sample], check=False)
    b = run(["replay", f"--config.file={written_out}", sample], check=False)
    c.eq("replay with both", (a.returncode, b.returncode), (0, 0))
    if a.returncode == 0 and b.returncode == 0:
        built_in, listed = parse_metrics(a.stdout), parse_metrics(b.stdout)
        # What the written-out list adds beyond the defaults (the example
        # metric of one's own) is left out of the comparison.
        defaults = {dict(labels)["metric"] for name, labels in built_in if name == "fwlog_series_overflow_total"}
        extra = {dict(labels)["metric"] for name, labels in listed if name == "fwlog_series_overflow_total"} - defaults
        c.eq("the defaults are the seven", len(defaults), 7)
        c.eq("the example adds one metric of one's own", len(extra), 1)
        kept = {k: v for k, v in listed.items()
                if k[0] not in extra and dict(k[1]).get("metric") not in extra}
        c.eq("the written-out defaults count what the built-in ones count", kept, built_in)

        def described(text):  # HELP and TYPE of every family but the example's
            return sorted(line for line in text.splitlines()
                          if line.startswith(("# HELP ", "# TYPE ")) and line.split()[2] not in extra)

        c.eq("the written-out defaults have the built-in ones' help and type", described(b.stdout),
             described(a.stdout))
        c.true("the built-in defaults counted the sample", len(built_in) > 100)
c.finish()
