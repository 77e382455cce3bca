#!/usr/bin/env python3
"""Render the Alertmanager notification templates with amtool and compare them
with the expected text in tests/bundle/testdata/alertmanager/*.golden.

    tests/bundle/alertmanager_template_test.py            # check
    tests/bundle/alertmanager_template_test.py --update   # rewrite the .golden files

The data files hold what Alertmanager passes to a template for one notification
(receiver, status, alerts with labels/annotations, group labels).
"""

import os
import subprocess
import sys

from bundlelib import Failures, repo_path, require_tool

CASES = [
    # (data file, template name)
    ("watched.json", "fwlog.watched.subject"),
    ("watched.json", "fwlog.watched.text"),
    ("health.json", "fwlog.subject"),
    ("health.json", "fwlog.text"),
]


def main():
    update = "--update" in sys.argv[1:]
    amtool = require_tool("amtool", "prometheus-alertmanager")
    data_dir = repo_path("tests", "bundle", "testdata", "alertmanager")
    glob = repo_path("deploy", "alertmanager", "templates", "*.tmpl")
    failures = Failures()
    for data, name in CASES:
        where = f"{name} with {data}"
        proc = subprocess.run(
            [amtool, "template", "render",
             f"--template.glob={glob}",
             f'--template.text={{{{ template "{name}" . }}}}',
             f"--template.data={os.path.join(data_dir, data)}"],
            capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            failures.add(where, f"amtool failed: {proc.stderr.strip()}")
            continue
        golden = os.path.join(data_dir, f"{os.path.splitext(data)[0]}.{name}.golden")
        if update:
            with open(golden, "w", encoding="utf-8") as f:
                f.write(proc.stdout)
            print(f"wrote {golden}")
            continue
        if not os.path.exists(golden):
            failures.add(where, f"missing {golden} (run with --update)")
            continue
        with open(golden, encoding="utf-8") as f:
            expected = f.read()
        if proc.stdout != expected:
            failures.add(where, "rendered text differs from the golden file:\n"
                         f"--- expected\n{expected}\n--- got\n{proc.stdout}")
    failures.finish("alertmanager templates")


if __name__ == "__main__":
    main()
