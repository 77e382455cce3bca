#!/usr/bin/env python3
"""Makes docs/images/page.png, the README's picture of the page at `/`: the
built exporter serves the bundled sample log (config/sample/router.log) in
Asia/Tokyo time, and headless Chromium (Debian's `chromium`) takes the
screenshot.

    scripts/make-screenshot.py [build/fwlog_exporter]
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
import chromium  # noqa: E402
from exporter_process import ExporterProcess  # noqa: E402

OUT = ROOT / "docs" / "images" / "page.png"


def main():
    exporter = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "fwlog_exporter")
    log = ROOT / "config" / "sample" / "router.log"
    with tempfile.TemporaryDirectory() as d:
        config = pathlib.Path(d) / "fwlog.yml"
        config.write_text(f"timezone: Asia/Tokyo\nstate_file: null\ninputs:\n  - name: router\n    path: {log}\n"
                          "    format: netfilter\n    start_at: beginning\n", encoding="utf-8")
        with ExporterProcess(exporter, [f"--config.file={config}"], cwd=d) as ex:
            url = f"http://127.0.0.1:{ex.port}/"
            deadline = time.time() + 30
            while time.time() < deadline:
                with urllib.request.urlopen(url + "api/summary", timeout=5) as r:
                    if b'"empty":false' in r.read():
                        break
                time.sleep(0.2)
            time.sleep(1.0)  # the last lines
            shot = pathlib.Path(d) / "page.png"
            chromium.screenshot(url, str(shot), width=1000, height=3700)
            OUT.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, OUT)
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
