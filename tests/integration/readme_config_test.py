"""The configuration example in README.md passes check-config, so the
reference stays true."""
import os
import re
import tempfile

from harness import SOURCE_DIR, Checks, run

c = Checks()
readme = open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8").read()
block = re.search(r"## Configuration\n\n```yaml\n(.*?)```", readme, re.S)
c.true("README has a configuration example", block)
with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
    f.write(block.group(1))
    f.flush()
    # Relative paths in the example (config/ranges, config/iana/...) are the
    # repository's; check from its root.
    os.chdir(SOURCE_DIR)
    p = run(["check-config", f.name], check=False)
c.eq("README example passes check-config", p.returncode, 0)
if p.returncode:
    print(p.stderr)
c.finish()
