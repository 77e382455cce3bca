#!/usr/bin/env bash
# Installs, builds and starts fwlog_exporter. Without arguments it serves the
# bundled sample router log on :9847, so http://localhost:9847/metrics shows
# data at once; arguments are passed to the exporter.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/fwlog_exporter "$@"
