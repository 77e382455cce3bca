#!/usr/bin/env bash
# Installs, builds and starts fwlog_exporter. Without arguments it serves the
# bundled sample router log on :9847, so the page at http://localhost:9847/
# (and /metrics) shows data at once; it prints the page's address. Arguments
# are passed to the exporter.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The page's address: the port of --web.listen-address when given, else 9847.
port=9847
for arg in "$@"; do
  case "$arg" in
    --web.listen-address=*) port="${arg##*:}" ;;
  esac
done
echo "fwlog_exporter: the live page is at http://localhost:${port}/ (JSON: /api/summary, metrics: /metrics)"
exec build/fwlog_exporter "$@"
