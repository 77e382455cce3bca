#!/bin/sh
# Run a command-line tool for a bundle test, or skip the test (exit 77, which
# ctest reports as "Skipped") with a message when the tool is not installed.
# Usage: run_tool.sh DEBIAN_PACKAGE TOOL [ARGS...]
package=$1
shift
if ! command -v "$1" >/dev/null 2>&1; then
    echo "SKIP: '$1' is not installed (Debian package $package; see tests/bundle/apt-packages.txt)"
    exit 77
fi
exec "$@"
