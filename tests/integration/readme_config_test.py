"""The configuration examples in README.md stay true and copyable:
  * the reference block passes check-config when copied into a folder of its
    own and checked from yet another working directory (no path in it leans
    on the repository);
  * with it, replay serves every metric of the README's "Metrics" table (a
    copied block must not replace the defaults the dashboards use);
  * the "metrics of your own" block passes check-config."""
import os
import re
import tempfile

from harness import SOURCE_DIR, Checks, parse_metrics, run

c = Checks()
readme = open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8").read()
section = readme[readme.index("## Configuration\n"):readme.index("\n## ", readme.index("## Configuration\n") + 1)]
blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
c.eq("README's Configuration section has the reference block and the metrics block", len(blocks), 2)
metrics_table = readme[readme.index("## Metrics\n"):]
default_names = re.findall(r"^\| `(fwlog_[a-z_]+)` \|", metrics_table[:metrics_table.index("\n\n", 20)], re.M)
c.eq("README's Metrics table lists the seven defaults", len(default_names), 7)
sample = os.path.join(SOURCE_DIR, "config", "sample", "router.log")

with tempfile.TemporaryDirectory() as d:
    os.makedirs(os.path.join(d, "etc"))
    os.makedirs(os.path.join(d, "elsewhere"))
    config = os.path.join(d, "etc", "config.yml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(blocks[0])
    os.chdir(os.path.join(d, "elsewhere"))
    p = run(["check-config", config], check=False)
    c.eq("the README block passes check-config from another folder", p.returncode, 0)
    if p.returncode:
        print(p.stderr)
    p = run(["replay", f"--config.file={config}", sample], check=False)
    c.eq("replay with the README block", p.returncode, 0)
    served = {name for name, _ in parse_metrics(p.stdout)} if p.returncode == 0 else set()
    for name in default_names:
        c.true(f"the README block keeps the default metric {name}", name in served)

    own = os.path.join(d, "etc", "own.yml")
    with open(own, "w", encoding="utf-8") as f:
        f.write("inputs: [{name: a, stdin: true}]\n" + blocks[1])
    p = run(["check-config", own], check=False)
    c.eq("the README's own-metrics block passes check-config", p.returncode, 0)
    if p.returncode:
        print(p.stderr)
c.finish()
